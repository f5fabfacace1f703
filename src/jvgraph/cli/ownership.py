"""``jvgraph import 13f|crunchbase`` and ``jvgraph kappa``: real ownership data."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from jvgraph.cli import _date, _open, as_of_option, json_option, market_option, store_option

__all__ = ["import_group", "kappa", "shares_option"]

F = TypeVar("F", bound=Callable[..., Any])


def shares_option(func: F) -> F:
    """``--shares FILE``: the firms' revenues, for market shares (HHI, MHHI)."""
    return click.option(
        "--shares",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="CSV of firm,revenue_usd,source[,period]: each firm's revenue (firm by permno, "
        "CUSIP or name) for the market shares of HHI and MHHI.",
    )(func)


@click.group("import")
def import_group() -> None:
    """Turn public ownership data into a dataset for ``jvgraph load``.

    \b
    Example:
        jvgraph import 13f airlines.parquet --quarter 2015Q1 airlines-2015q1
    """


def _print_import(summary: Any, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(summary.as_dict(), default=str))
        return
    click.echo(f"wrote {summary.out} from {summary.source}")
    for key, value in summary.counts.items():
        click.echo(f"  {key:<22} {value:>10,}")
    click.echo("clean-ups:")
    for key, value in summary.cleanups.items():
        shown = ", ".join(map(str, value)) if isinstance(value, list) else value
        click.echo(f"  {key.replace('_', ' '):<34} {shown}")


@import_group.command("13f")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--quarter",
    "quarters",
    multiple=True,
    required=True,
    metavar="YYYYQn",
    help="A quarter to import (repeatable), e.g. 2015Q1, or a range, e.g. 1999Q1..2017Q3.",
)
@click.option(
    "--consolidations",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="CSV of mgrno_from,mgrno_to (default: manager_consolidations.csv beside PATH).",
)
@shares_option
@json_option
def import_13f(
    path: Path,
    out: Path,
    quarters: tuple[str, ...],
    consolidations: Path | None,
    shares: Path | None,
    as_json: bool,
) -> None:
    """Import SEC 13F holdings (Parquet or CSV with mgrno, rdate, mgrname, permno, cusip,
    beta) for the given quarters into the new dataset folder OUT. Drops beta >= 0.5,
    applies manager consolidations and sums duplicate manager-firm rows. With --shares,
    the firms it lists get their revenue (and its source), so HHI and MHHI can be computed.

    \b
    Example:
        jvgraph import 13f airlines.parquet --quarter 2014Q3 --quarter 2015Q1 airlines
        jvgraph import 13f airlines.parquet --quarter 2015Q1 --shares revenues.csv air
    """
    from jvgraph.importers import import_13f as run
    from jvgraph.importers import parse_quarters

    dates = sorted({d for q in quarters for d in parse_quarters(q)})
    summary = run(path, out, dates, consolidations=consolidations, shares=shares)
    _print_import(summary, as_json)


@import_group.command("crunchbase")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--companies",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The companies file with category_code "
    "(default: crunchbase_companies_10_2013.csv beside PATH).",
)
@click.option(
    "--category",
    "categories",
    multiple=True,
    metavar="CODE",
    help="Keep only companies of this category_code (repeatable).",
)
@json_option
def import_crunchbase(
    path: Path, out: Path, companies: Path | None, categories: tuple[str, ...], as_json: bool
) -> None:
    """Import Crunchbase investments (company_name, investor_name, funded_when) into the new
    dataset folder OUT: investors become asset managers, each investor-company pair one
    holding with no known stake, and category_code the sector. Name variants, homonyms
    and unmatched companies are listed in OUT, never guessed.

    \b
    Example:
        jvgraph import crunchbase investments.csv crunchbase --category security
    """
    from jvgraph.importers import import_crunchbase as run

    _print_import(run(path, out, companies=companies, categories=categories), as_json)


@import_group.command("jv-2026")
@click.argument("data", type=click.Path(file_okay=False, path_type=Path))
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@json_option
def import_jv2026(data: Path, out: Path, as_json: bool) -> None:
    """Build the real 2026 JV graph into the new dataset folder OUT from DATA, a folder
    holding jv_2026_reported/ (the reported JVs and partners, with their sources) and
    pe_portfolios/ (the portfolios firms publish). Firms are resolved by the documented
    alias list; OUT also gets firm_aliases.csv, entity_matches.csv and
    possible_duplicates.csv.

    \b
    Example:
        jvgraph import jv-2026 ../shared/data jv-2026
    """
    from jvgraph.importers import import_jv2026 as run

    _print_import(run(data, out), as_json)


@click.command()
@click.argument("name")
@as_of_option
@market_option
@click.option(
    "--control",
    default="proportional",
    show_default=True,
    help="Control rights: proportional (γ = β), sole (a majority holder controls), power:A, "
    "voting:sole or voting:sole+shared (the 13F voting-authority shares).",
)
@click.option("--from", "start", metavar="YYYYQn", help="First quarter of a series.")
@click.option("--to", "end", metavar="YYYYQn", help="Last quarter of a series.")
@click.option(
    "--pair",
    "pairs",
    multiple=True,
    metavar="F,G",
    help="Follow κ(F → G) by quarter (each firm an id, name or alias).",
)
@click.option("--limit", type=int, default=20, show_default=True, help="Pairs and owners to show.")
@click.option(
    "--chart",
    type=click.Path(dir_okay=False, path_type=Path),
    help="With --from/--to: also draw the series as an SVG chart in this file.",
)
@click.option(
    "--stake",
    type=click.Choice(["low", "mid", "high"]),
    default="mid",
    show_default=True,
    help="Where a stake known only as a band (stake_low, stake_high) is taken; κ's summary "
    "and the MHHI are also given at both ends.",
)
@store_option
@json_option
def kappa(
    name: str,
    as_of: Any,
    market: str,
    control: str,
    start: str | None,
    end: str | None,
    pairs: tuple[str, ...],
    limit: int,
    chart: Path | None,
    stake: str,
    store: str | None,
    as_json: bool,
) -> None:
    """Profit weights κ (O'Brien & Salop) between the firms of the market NAME: κ of every
    ordered pair, their median and mean, the owners adding most, and the MHHI. With
    --from and --to, the median and mean by quarter (and each --pair's κ).

    \b
    Example:
        jvgraph kappa Airlines --as-of 2015-03-31
        jvgraph kappa Airlines --from 2013Q4 --to 2017Q3 --pair 13f-firm-21020,13f-firm-91926
        jvgraph kappa Airlines --from 1999Q1 --to 2017Q3 --chart median.svg
    """
    from jvgraph.cli.text import print_kappa, print_kappa_series
    from jvgraph.errors import UsageError
    from jvgraph.explore.ownership import kappa as run
    from jvgraph.explore.ownership import kappa_series, parse_pairs
    from jvgraph.importers import parse_quarter, quarter_ends

    if bool(start) != bool(end):
        raise UsageError("give both --from and --to for a series")
    if chart and not start:
        raise UsageError("--chart draws a series: give --from and --to")
    with _open(store, read_only=True) as opened:
        if start and end:
            from jvgraph.explore.names import Resolver

            dates = quarter_ends(parse_quarter(start), parse_quarter(end))
            firms = Resolver(opened).pairs(parse_pairs(pairs))
            doc = kappa_series(opened, name, dates, market=market, control=control, pairs=firms)
        else:
            doc = run(opened, name, market=market, as_of=_date(as_of), control=control, stake=stake)
    if chart:
        from jvgraph.report.kappa_charts import kappa_chart

        chart.write_text(kappa_chart(doc), encoding="utf-8")
    if as_json:
        click.echo(json.dumps(doc))
    elif start:
        print_kappa_series(doc)
    else:
        print_kappa(doc, limit)
