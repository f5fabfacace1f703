"""``jvgraph import sec-13f|uk-psc|gleif-rr``: the public registers, from the files users download."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from jvgraph.cli import _Progress, json_option
from jvgraph.cli.ownership import _print_import, import_group, shares_option

__all__ = ["import_gleif_rr", "import_sec_13f", "import_uk_psc"]

_FILE = click.Path(dir_okay=False, path_type=Path)
_OUT = click.Path(file_okay=False, path_type=Path)


@contextmanager
def _progress() -> Iterator[Any]:
    """A progress bar on a terminal (stderr), nothing otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    bar = _Progress()
    try:
        yield bar
    finally:
        bar.finish()


@import_group.command("sec-13f")
@click.argument("paths", nargs=-1, required=True, type=_FILE)
@click.argument("out", type=_OUT)
@click.option(
    "--quarter",
    "quarters",
    multiple=True,
    required=True,
    metavar="YYYYQn",
    help="A period of report to import (repeatable), e.g. 2023Q4, or a range 2023Q1..2023Q4.",
)
@click.option(
    "--shares-outstanding",
    type=_FILE,
    default=None,
    help="CSV of cusip,shares_outstanding[,name][,sector]: stakes β = shares / outstanding.",
)
@shares_option
@json_option
def import_sec_13f(
    paths: tuple[Path, ...],
    out: Path,
    quarters: tuple[str, ...],
    shares_outstanding: Path | None,
    shares: Path | None,
    as_json: bool,
) -> None:
    """Import the SEC's Form 13F data sets (the quarterly ZIPs of SUBMISSION.tsv,
    COVERPAGE.tsv, INFOTABLE.tsv, ...) for the given periods into the new dataset folder
    OUT. Filers (by CIK) hold securities (by CUSIP); restatements replace, new-holdings
    amendments add, notices hold nothing; only share positions count, split rows are
    summed. Give the ZIPs that hold the filings for the periods (a data set lists the
    filings of its months, mostly for the quarter before) and any later ones with amendments.

    \b
    Example:
        jvgraph import sec-13f 01dec2023-29feb2024_form13f.zip --quarter 2023Q4 \\
            --shares-outstanding shares.csv holdings-2023q4
    """
    from jvgraph.importers import import_sec_13f as run
    from jvgraph.importers import parse_quarters

    dates = sorted({d for q in quarters for d in parse_quarters(q)})
    with _progress() as bar:
        summary = run(
            list(paths),
            out,
            dates,
            shares_outstanding=shares_outstanding,
            shares=shares,
            progress=bar,
        )
    _print_import(summary, as_json)


@import_group.command("uk-psc")
@click.argument("paths", nargs=-1, required=True, type=_FILE)
@click.argument("out", type=_OUT)
@json_option
def import_uk_psc(paths: tuple[Path, ...], out: Path, as_json: bool) -> None:
    """Import Companies House's PSC snapshot (JSON lines; the whole file or its parts,
    plain or zipped) into the new dataset folder OUT. Corporate and legal-person PSCs become
    owners with their ownership band as the stake band (stake_low, stake_high), majority
    votes or the right to appoint the board as control, notified_on and ceased_on as the
    dates; a UK company owner is its own company node. Individuals are left out: only their
    number per company is kept.

    \b
    Example:
        jvgraph import uk-psc persons-with-significant-control-snapshot-2024-05-01.zip psc
    """
    from jvgraph.importers import import_uk_psc as run

    with _progress() as bar:
        summary = run(list(paths), out, progress=bar)
    _print_import(summary, as_json)


@import_group.command("gleif-rr")
@click.argument("path", type=_FILE)
@click.argument("out", type=_OUT)
@click.option(
    "--level1",
    type=_FILE,
    default=None,
    help="GLEIF's level-1 (LEI-CDF) golden copy, CSV or ZIP: names, countries, categories.",
)
@json_option
def import_gleif_rr(path: Path, out: Path, level1: Path | None, as_json: bool) -> None:
    """Import GLEIF's level-2 relationship records (the golden-copy CSV, or its ZIP) into
    the new dataset folder OUT: direct accounting-consolidation parents hold their children
    (with control, and the stated percentage as the stake), ultimate parents are kept on the
    child, fund managers, umbrella funds and feeders hold their funds; dates and status
    come from the records. Entities registered at Companies House get their UK company node.

    \b
    Example:
        jvgraph import gleif-rr rr-golden-copy.csv.zip --level1 lei2-golden-copy.csv.zip gleif
    """
    from jvgraph.importers import import_gleif_rr as run

    with _progress() as bar:
        summary = run(path, out, level1=level1, progress=bar)
    _print_import(summary, as_json)
