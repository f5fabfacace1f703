"""``jvgraph synth``, ``report``, ``viz`` and ``serve``: what jvgraph writes and serves."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from jvgraph.cli import _date, _open, as_of_option, json_option, market_option, store_option
from jvgraph.errors import UsageError

__all__ = ["report", "serve", "synth", "viz"]


@click.command()
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option("--managers", type=int, default=200, show_default=True)
@click.option("--companies", type=int, default=2000, show_default=True)
@click.option("--vendors", type=int, default=4, show_default=True)
@click.option(
    "--holdings",
    type=int,
    default=None,
    help="Aim for about this many holdings (sets portfolio sizes).",
)
@click.option("--seed", type=int, default=0, show_default=True)
@json_option
def synth(
    out: Path,
    managers: int,
    companies: int,
    vendors: int,
    holdings: int | None,
    seed: int,
    as_json: bool,
) -> None:
    """Write a synthetic dataset (every row source=synthetic) to OUT.

    \b
    Example:
        jvgraph synth /tmp/synth-s --managers 2000 --companies 50000 --holdings 250000
    """
    from jvgraph.synth import generate

    for name, value in (
        ("--managers", managers),
        ("--companies", companies),
        ("--vendors", vendors),
    ):
        if value < 1:
            raise UsageError(f"{name} must be at least 1")
    counts = generate(
        out, managers=managers, companies=companies, vendors=vendors, seed=seed, holdings=holdings
    )
    if as_json:
        click.echo(json.dumps({"out": str(out), "rows": counts}))
        return
    click.echo(f"wrote a synthetic dataset to {out}")
    for name, rows in counts.items():
        click.echo(f"  {name:<16} {rows:>10,}")


@click.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The folder to write report.html, report.md, report.json (and report.pdf).",
)
@as_of_option
@market_option
@click.option(
    "--scenario",
    "scenarios",
    multiple=True,
    metavar="SCENARIO",
    help="A what-if to include (repeatable; ids or names); default: every pair of vendors merging.",
)
@click.option("--no-pdf", is_flag=True, help="Do not write report.pdf.")
@click.option("--title", metavar="TEXT", help="The document's title (cover and page headers).")
@click.option("--author", metavar="TEXT", default="", help="Who prepared it (cover).")
@click.option(
    "--case", metavar="REF", default="", help="The case or file reference (cover, headers)."
)
@store_option
@json_option
def report(
    out: Path,
    as_of: Any,
    market: str,
    scenarios: tuple[str, ...],
    no_pdf: bool,
    title: str | None,
    author: str,
    case: str,
    store: str | None,
    as_json: bool,
) -> None:
    """Write the antitrust-concentration report: report.html (self-contained, printable),
    report.md, report.json with every number, and report.pdf when WeasyPrint is installed;
    a cover block with the dataset's hash, the as-of date and the generation time, running
    headers and page numbers.

    \b
    Example:
        jvgraph report --out report --as-of 2026-06-30 --scenario merge:v-anthropic,v-openai
        jvgraph report --out memo --title "AI JVs and customer access" --author "J. Doe" \\
            --case M.12345
    """
    from jvgraph.explore.names import Resolver
    from jvgraph.report import DEFAULT_TITLE, ReportMeta, write_report

    with _open(store, read_only=True) as opened:
        names = Resolver(opened)
        result = write_report(
            opened,
            out,
            as_of=_date(as_of),
            market=market,
            scenarios=[names.scenario(s) for s in scenarios],
            pdf=not no_pdf,
            meta=ReportMeta(title=title or DEFAULT_TITLE, author=author, case=case),
        )
    if as_json:
        click.echo(json.dumps(result))
        return
    click.echo(f"wrote {', '.join(result['files'])} to {out}")
    for line in result["summary"]:
        click.echo(f"  - {line}")


@click.command()
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The HTML file to write.",
)
@click.option(
    "--focus", metavar="ID", help="Draw the neighbourhood of this node (an id, name or alias)."
)
@click.option(
    "--depth", type=click.IntRange(1, 3), default=1, show_default=True, help="Hops around --focus."
)
@click.option(
    "--vendor", metavar="ID", help="Draw this vendor's JVs, partners and reach (id or name)."
)
@as_of_option
@store_option
@json_option
def viz(
    out: Path,
    focus: str | None,
    depth: int,
    vendor: str | None,
    as_of: Any,
    store: str | None,
    as_json: bool,
) -> None:
    """Write one self-contained HTML view (pyvis) of the JV network, a vendor's network
    or a node's neighbourhood; it opens offline.

    \b
    Example:
        jvgraph viz --vendor Anthropic --out anthropic.html
    """
    from jvgraph.explore.names import VENDOR, Resolver
    from jvgraph.explore.views import write_viz

    with _open(store, read_only=True) as opened:
        names = Resolver(opened)
        focus = names.node(focus) if focus else None
        vendor = names.node(vendor, VENDOR) if vendor else None
        result = write_viz(opened, out, focus=focus, depth=depth, vendor=vendor, as_of=_date(as_of))
    if as_json:
        click.echo(json.dumps(result))
    else:
        click.echo(f"wrote {out}: {result['message']}, {result['edges']:,} relationships")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=int, default=8000, show_default=True, help="Port to listen on.")
@click.option(
    "--allowed-host",
    "allowed_hosts",
    multiple=True,
    metavar="NAME",
    help="A host name the server answers to besides 127.0.0.1, localhost and ::1 "
    "(repeatable; '*' for any, behind a proxy that checks).",
)
@click.option(
    "--max-body-mb",
    type=click.FloatRange(min=0.001),
    default=8.0,
    show_default=True,
    help="The largest request body, in MiB.",
)
@click.option(
    "--tokens",
    "tokens_file",
    metavar="FILE",
    help="Access tokens, one 'ROLE NAME sha256:HEX' line each (jvgraph token new writes "
    "them; default: $JVGRAPH_TOKENS_FILE, plus the lines of $JVGRAPH_TOKENS). With any, "
    "every route and the page need one.",
)
@click.option(
    "--insecure-no-auth",
    is_flag=True,
    help="Listen on a non-loopback address without access tokens: everyone who reaches "
    "the port reads everything.",
)
@store_option
def serve(
    host: str,
    port: int,
    allowed_hosts: tuple[str, ...],
    max_body_mb: float,
    tokens_file: str | None,
    insecure_no_auth: bool,
    store: str | None,
) -> None:
    """Serve the explorer page and the REST API (docs at /docs) for the store.

    \b
    Example:
        jvgraph serve --store jvgraph.db --port 8000
        jvgraph token new alice --role read --file tokens.txt
        jvgraph serve --host 0.0.0.0 --allowed-host jvgraph.example.org --tokens tokens.txt
    """
    import uvicorn

    from jvgraph.api import LOOPBACK_NAMES, ApiSettings, create_app
    from jvgraph.api.tokens import load_tokens

    tokens = load_tokens(tokens_file)
    hosts = LOOPBACK_NAMES + allowed_hosts
    if not _loopback(host):
        _refuse_open_bind(host, bool(tokens), insecure_no_auth)
        hosts += () if host in ("0.0.0.0", "::") else (host,)
    settings = ApiSettings(
        allowed_hosts=hosts, max_body_bytes=int(max_body_mb * 2**20), tokens=tokens
    )
    with _open(store, read_only=True) as opened:
        app = create_app(opened, settings)
        access = f"{len(tokens)} access token(s) from {tokens.origin}" if tokens else "no tokens"
        click.echo(
            f"jvgraph: serving {opened.location} at http://{host}:{port}/ "
            f"(API docs at http://{host}:{port}/docs; {access}); Ctrl-C stops"
        )
        uvicorn.run(app, host=host, port=port, log_level="warning")


def _refuse_open_bind(host: str, tokens: bool, insecure: bool) -> None:
    """A non-loopback address needs tokens, or the explicit ``--insecure-no-auth``."""
    if tokens:
        return
    if not insecure:
        raise UsageError(
            f"refusing to listen on {host} without access tokens: anyone who reaches the "
            "port would read everything. Give --tokens FILE (jvgraph token new writes one), "
            "listen on 127.0.0.1, or pass --insecure-no-auth behind a proxy that "
            "authenticates"
        )
    click.echo(
        f"jvgraph: warning: listening on {host} without access tokens (--insecure-no-auth): "
        "anyone who reaches this port can use every route",
        err=True,
    )


def _loopback(host: str) -> bool:
    import ipaddress

    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
