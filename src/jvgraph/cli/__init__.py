"""The ``jvgraph`` command: argument parsing plus one library call per command."""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from jvgraph import __version__
from jvgraph.config import Limits, bundled_dataset, store_location
from jvgraph.errors import DataError, JvgraphError, UsageError
from jvgraph.metrics.overlap import json_default

__all__ = ["cli", "main"]

F = TypeVar("F", bound=Callable[..., Any])


#: what a refused command left undone, by command
_NOTHING = {"delete": "nothing was deleted", "import": "nothing was written"}


class _Group(click.Group):
    """Turns jvgraph's errors into one-line messages and exit codes."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DataError as err:
            for line in err.lines():
                click.echo(f"error: {line}", err=True)
            done = _NOTHING.get(ctx.invoked_subcommand or "", "nothing was loaded")
            click.echo(f"error: {len(err.problems) + err.truncated} problem(s); {done}", err=True)
            sys.exit(err.exit_code)
        except JvgraphError as err:
            click.echo(f"error: {err}", err=True)
            sys.exit(err.exit_code)


def store_option(func: F) -> F:
    return click.option(
        "--store",
        "store",
        metavar="PATH",
        default=None,
        help="The graph store: a path for the embedded store "
        "(default: $JVGRAPH_STORE, else ./jvgraph.db).",
    )(func)


def json_option(func: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")(func)


@contextmanager
def _open(store: str | None, *, read_only: bool = False) -> Iterator[Any]:
    from jvgraph.store import open_store

    with open_store(store_location(given=store), read_only=read_only) as opened:
        yield opened


class _Progress:
    """A progress bar on stderr that appears once an operation has run a second."""

    def __init__(self) -> None:
        self.start = time.monotonic()
        self.shown = False

    def __call__(self, step: str, done: int, total: int) -> None:
        if time.monotonic() - self.start < 1.0 or not total:
            return
        width = 30
        filled = int(width * done / total)
        click.echo(f"\r[{'#' * filled}{'.' * (width - filled)}] {step:<40}", err=True, nl=False)
        self.shown = True

    def finish(self) -> None:
        if self.shown:
            click.echo("", err=True)


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="jvgraph")
def cli() -> None:
    """Explore AI joint ventures, the asset managers behind them and the companies they reach.

    \b
    Example:
        jvgraph demo
    """


@cli.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("jvgraph-demo"),
    show_default=True,
    help="Folder for the demo's store and outputs.",
)
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Compute as of this date (YYYY-MM-DD); default: today.",
)
@json_option
def demo(out: Path, as_of: Any, as_json: bool) -> None:
    """Run the main job on the bundled real graph (graph/jv-2026): load it into a fresh
    embedded store in OUT, compute every metric (OUT/metrics.json), write the report
    (OUT/report/) and the JV network view (OUT/network.html), and print a summary: reach
    per vendor with how many partners' portfolios are known, and the partners they share.

    \b
    Example:
        jvgraph demo --out jvgraph-demo
    """
    from jvgraph import explore
    from jvgraph.cli.text import metrics_ids, print_metrics
    from jvgraph.explore.names import Resolver
    from jvgraph.explore.views import write_viz
    from jvgraph.report import write_report

    out.mkdir(parents=True, exist_ok=True)
    with _open(str(out / "jvgraph.db")) as store:
        progress = _Progress()
        explore.load_dataset(store, bundled_dataset("jv-2026"), replace=True, progress=progress)
        progress.finish()
        result = explore.summary(store)
        day = _date(as_of) or dt.date.today()
        doc = explore.metrics(store, as_of=day)
        names = Resolver(store).names(metrics_ids(doc))
        report = write_report(store, out / "report", as_of=day)
        view = write_viz(store, out / "network.html", as_of=day)
    (out / "metrics.json").write_text(
        json.dumps(doc, indent=1, default=json_default), encoding="utf-8"
    )
    if as_json:
        click.echo(
            json.dumps(
                {"summary": result, "metrics": doc, "report": report, "network": view},
                default=json_default,
            )
        )
        return
    _print_summary(result, False)
    click.echo("")
    print_metrics(doc, names)
    click.echo(
        f"\nwrote {out / 'metrics.json'}, {view['out']} and, in {report['out']}, "
        f"{', '.join(report['files'])}"
    )
    click.echo(
        "the JVs and partners are as reported and the portfolios as the firms publish them, "
        "every row with its source; no stakes or revenues are known, and reach counts only "
        "the portfolios known (graph/jv-2026/README.md)"
    )


@cli.command()
@store_option
@json_option
def stats(store: str | None, as_json: bool) -> None:
    """Print what the store holds: nodes per label, relationships per type, vendors.

    \b
    Example:
        jvgraph stats --store jvgraph.db --json
    """
    from jvgraph.explore import summary

    with _open(store, read_only=True) as opened:
        result = summary(opened)
    _print_summary(result, as_json)


def _params(values: tuple[str, ...]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for item in values:
        key, sep, raw = item.partition("=")
        if not sep or not key:
            raise UsageError(f"--param takes KEY=VALUE, not {item!r}")
        try:
            params[key] = json.loads(raw)
        except json.JSONDecodeError:
            params[key] = raw
    return params


@cli.command()
@click.argument("cypher")
@click.option(
    "--param",
    "param",
    multiple=True,
    metavar="KEY=VALUE",
    help="A query parameter; VALUE is read as JSON when it parses, else as text.",
)
@click.option(
    "--timeout",
    type=float,
    default=Limits().timeout_s,
    show_default=True,
    help="Time limit in seconds.",
)
@click.option(
    "--max-rows", type=int, default=Limits().max_rows, show_default=True, help="Row limit."
)
@click.option(
    "--max-bytes",
    type=int,
    default=Limits().max_bytes,
    show_default=True,
    help="Limit on the rows' size as JSON; a single row over it is refused.",
)
@store_option
@json_option
def query(
    cypher: str,
    param: tuple[str, ...],
    timeout: float,
    max_rows: int,
    max_bytes: int,
    store: str | None,
    as_json: bool,
) -> None:
    """Run one read-only Cypher statement; writes, files and administration are refused
    (see SECURITY.md).

    \b
    Example:
        jvgraph query "MATCH (c:PortfolioCompany {sector: \\$s}) RETURN c.name LIMIT 5" \\
            --param s=Healthcare
    """
    limits = Limits(timeout, max_rows, max_bytes)
    with _open(store, read_only=True) as opened:
        result = opened.query(cypher, _params(param), limits)
    if as_json:
        rows = [dict(zip(result.columns, row, strict=True)) for row in result.rows]
        click.echo(
            json.dumps(
                {"columns": result.columns, "rows": rows, "truncated": result.truncated},
                default=str,
            )
        )
        return
    click.echo("\t".join(result.columns))
    for row in result.rows:
        click.echo("\t".join("" if v is None else str(v) for v in row))
    if result.truncated:
        click.echo(f"(stopped at {max_rows} rows: raise --max-rows for more)", err=True)


def as_of_option(func: F) -> F:
    return click.option(
        "--as-of",
        "as_of",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        help="Compute as of this date (YYYY-MM-DD); default: every row counts.",
    )(func)


def market_option(func: F) -> F:
    return click.option(
        "--market",
        default="sector",
        show_default=True,
        help="The company column that defines a market (sector, country, ...).",
    )(func)


def _date(value: Any) -> Any:
    return value.date() if value is not None else None


@cli.command()
@as_of_option
@market_option
@click.option(
    "--look-through",
    is_flag=True,
    help="Count companies held indirectly through held companies in reach.",
)
@click.option(
    "--combine-controlled",
    is_flag=True,
    help="Count the companies one owner solely controls (over 50%) as one firm in the "
    "common-ownership HHI and MHHI.",
)
@click.option(
    "--betweenness",
    is_flag=True,
    help="Also compute owners' betweenness centrality (key 'betweenness').",
)
@click.option(
    "--sample",
    type=int,
    default=None,
    metavar="K",
    help="Estimate betweenness from K sampled sources (for large graphs).",
)
@click.option(
    "--pairs",
    type=click.IntRange(min=0),
    default=1000,
    show_default=True,
    metavar="K",
    help="Owner pairs listed, those sharing the most companies (0: every pair; a large "
    "graph has millions). overlap.managers_total counts them all.",
)
@click.option(
    "--stake",
    type=click.Choice(["low", "mid", "high"]),
    default="mid",
    show_default=True,
    help="Where a stake known only as a band (stake_low, stake_high) is taken; the "
    "common-ownership index is also given at both ends.",
)
@click.option(
    "--all-pairs",
    "pairs_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE",
    help="Also write every owner pair sharing a company to FILE (.csv or .parquet), "
    "streamed as the pairs are found.",
)
@store_option
@json_option
def metrics(
    as_of: Any,
    market: str,
    look_through: bool,
    combine_controlled: bool,
    betweenness: bool,
    sample: int | None,
    pairs: int,
    stake: str,
    pairs_file: Path | None,
    store: str | None,
    as_json: bool,
) -> None:
    """Compute reach, overlap, customer access (foreclosure, exclusive and contested shares)
    per market, company-level concentration and common ownership (company HHI, MHHI), and
    the vendor market where vendor_shares.csv gives it.

    \b
    Example:
        jvgraph metrics --as-of 2026-06-30 --json
        jvgraph metrics --all-pairs owner-pairs.csv
    """
    from jvgraph import explore
    from jvgraph.cli.text import metrics_ids, print_metrics
    from jvgraph.explore.names import Resolver

    with _open(store, read_only=True) as opened:
        doc = explore.capped(
            lambda k: explore.metrics(
                opened,
                as_of=_date(as_of),
                market=market,
                look_through=look_through,
                combine_controlled=combine_controlled,
                owner_pairs=k,
                stake=stake,
            ),
            pairs,
        )
        if pairs_file is not None:
            written = explore.write_owner_pairs(opened, pairs_file, as_of=_date(as_of))
            click.echo(f"wrote {written:,} owner pairs to {pairs_file}", err=True)
        if betweenness:
            doc["betweenness"] = explore.betweenness(opened, as_of=_date(as_of), sample=sample)
        names = {} if as_json else Resolver(opened).names(metrics_ids(doc))
    if as_json:
        click.echo(json.dumps(doc, default=json_default))
    else:
        print_metrics(doc, names)


@cli.command()
@click.argument("scenario")
@as_of_option
@market_option
@store_option
@json_option
def whatif(scenario: str, as_of: Any, market: str, store: str | None, as_json: bool) -> None:
    """Compare the metrics before and after a SCENARIO: merge:A,B, add-partner:JV,M,
    remove-partner:JV,M, add-holding:OWNER,COMPANY,STAKE or remove-holding:OWNER,COMPANY.
    Each of A, B, JV, M, OWNER and COMPANY is an id, a name or an alias (any case); quote
    one that has a comma in it.

    \b
    Example:
        jvgraph whatif remove-partner:"The Deployment Company","TPG"
        jvgraph whatif merge:Anthropic,OpenAI
    """
    from jvgraph import explore
    from jvgraph.cli.text import print_whatif, whatif_ids
    from jvgraph.explore.names import Resolver

    with _open(store, read_only=True) as opened:
        names = Resolver(opened)
        doc = explore.what_if(opened, names.scenario(scenario), as_of=_date(as_of), market=market)
        shown = {} if as_json else names.names(whatif_ids(doc))
    if as_json:
        click.echo(json.dumps(doc, default=json_default))
    else:
        print_whatif(doc, shown)


@cli.command()
@click.argument(
    "topic",
    type=click.Choice(
        ["reach", "foreclosure", "access", "company-hhi", "mhhi", "vendor-hhi", "overlap"]
    ),
)
@click.argument("ids", nargs=-1, required=True)
@as_of_option
@market_option
@click.option("--limit", type=int, default=20, show_default=True, help="Rows to show.")
@store_option
@json_option
def explain(
    topic: str,
    ids: tuple[str, ...],
    as_of: Any,
    market: str,
    limit: int,
    store: str | None,
    as_json: bool,
) -> None:
    """Show the companies, holdings and sources behind a number, largest first:
    reach VENDOR, foreclosure VENDOR MARKET, access MARKET, company-hhi MARKET,
    mhhi MARKET (MHHI and ΔMHHI), vendor-hhi MARKET (with vendor_shares.csv),
    overlap VENDOR VENDOR. A vendor is an id, a name or an alias (any case).

    \b
    Example:
        jvgraph explain reach OpenAI
        jvgraph explain foreclosure OpenAI TECHNOLOGY
    """
    from jvgraph import explore
    from jvgraph.cli.text import explain_ids, print_explain
    from jvgraph.explore.names import Resolver

    with _open(store, read_only=True) as opened:
        names = Resolver(opened)
        args = names.explain_args(topic, ids, market)
        doc = explore.explain(opened, topic, args, as_of=_date(as_of), market=market, limit=limit)
        shown = {} if as_json else names.names(explain_ids(doc))
    if as_json:
        click.echo(json.dumps(doc, default=json_default))
    else:
        print_explain(doc, shown)


def _print_counts(counts: dict[str, int]) -> None:
    for key, value in counts.items():
        click.echo(f"  {key:<18} {value:>10,}")


def _print_summary(result: dict[str, Any], as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(result))
        return
    click.echo(f"store {result['store']}")
    _print_counts(result["counts"])
    click.echo(
        f"  {result['sectors']} sectors; {result['synthetic_rows']:,} of "
        f"{result['rows']:,} rows are synthetic (source=synthetic)"
    )
    click.echo("")
    click.echo(f"  {'vendor':<14} {'JVs':>4} {'partners':>9} {'companies':>10} {'sectors':>8}")
    for v in result["vendors"]:
        click.echo(
            f"  {v['name']:<14} {len(v['joint_ventures']):>4} {v['partners']:>9} "
            f"{v['companies_held_by_partners']:>10} {v['sectors']:>8}"
        )
    click.echo(
        "\n  companies: held by the vendor's JV partners at any date (exits included); "
        "reach below counts those held on the as-of date"
    )


# commands in other modules use the options above, so they are imported here
from jvgraph.cli import registers as _registers  # noqa: E402, F401  (adds the register imports)
from jvgraph.cli.edits import delete, load, validate  # noqa: E402
from jvgraph.cli.outputs import report, serve, synth, viz  # noqa: E402
from jvgraph.cli.ownership import import_group, kappa  # noqa: E402
from jvgraph.cli.paths import path  # noqa: E402
from jvgraph.cli.tokens import token_group  # noqa: E402

_COMMANDS = (
    load,
    validate,
    delete,
    synth,
    report,
    viz,
    serve,
    import_group,
    kappa,
    path,
    token_group,
)
for _command in _COMMANDS:
    cli.add_command(_command)


def main() -> None:
    """Entry point of the ``jvgraph`` script."""
    cli(prog_name="jvgraph")
