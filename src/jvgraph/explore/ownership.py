"""Use cases about common ownership among portfolio companies: profit weights κ."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from jvgraph.store import GraphStore

__all__ = ["kappa", "kappa_series", "parse_pairs"]


def kappa(
    store: GraphStore,
    name: str,
    *,
    market: str = "sector",
    as_of: dt.date | None = None,
    control: str = "proportional",
    max_pairs: int = 10_000,
    top_owners: int = 10,
    stake: str = "mid",
) -> dict[str, Any]:
    """κ for every ordered pair of firms of the market ``name`` as of ``as_of``. Stakes
    known only as a band are taken at their ``stake`` point (said in ``stakes``); the
    summary and the MHHI are then also given at the bands' low and high ends
    (``at_band_ends``)."""
    from jvgraph.metrics.arrays import GraphArrays
    from jvgraph.metrics.kappa import market_kappa, parse_control, voting_stakes
    from jvgraph.metrics.stake_bands import banded_only, point_dataset
    from jvgraph.metrics.suite import check_market

    data = store.export()
    check_market(data, market)
    rule = parse_control(control)

    def at(point: str, **options: int) -> dict[str, Any]:
        points = point_dataset(data, point)
        g = GraphArrays.build(points, as_of)
        votes = voting_stakes(points, as_of, rule) if rule.kind == "voting" else None
        return market_kappa(g, market, name, rule, voting=votes, **options)

    doc = at(stake, max_pairs=max_pairs, top_owners=top_owners)
    banded = banded_only(data.tables["holdings"])
    if banded:
        doc["stakes"] = {"point": stake, "banded_holdings": banded}
        ends = {p: at(p, max_pairs=0, top_owners=0) for p in ("low", "high")}
        doc["at_band_ends"] = {
            p: {k: d[k] for k in ("summary", "delta_mhhi", "mhhi")} for p, d in ends.items()
        }
    return doc


def parse_pairs(values: Sequence[str]) -> list[tuple[str, str]]:
    """Firm pairs written ``FROM,TO`` (ids or names; quote a name with a comma in it).

    >>> parse_pairs(["13f-firm-21020,13f-firm-91926", '"Delta Air Lines, Inc.",American'])
    [('13f-firm-21020', '13f-firm-91926'), ('Delta Air Lines, Inc.', 'American')]
    """
    import csv

    from jvgraph.errors import UsageError

    out = []
    for value in values:
        parts = [p.strip() for p in next(csv.reader([value], skipinitialspace=True), [])]
        if len(parts) != 2 or not all(parts):
            raise UsageError(f"pair {value!r}: give two companies (ids or names), FROM,TO")
        out.append((parts[0], parts[1]))
    return out


def kappa_series(
    store: GraphStore,
    name: str,
    dates: Sequence[dt.date],
    *,
    market: str = "sector",
    control: str = "proportional",
    pairs: Sequence[tuple[str, str]] = (),
) -> dict[str, Any]:
    """The market's median and mean κ, and κ of each pair, on each of ``dates``."""
    from jvgraph.metrics.kappa import kappa_series as run
    from jvgraph.metrics.kappa import parse_control
    from jvgraph.metrics.suite import check_market

    data = store.export()
    check_market(data, market)
    rule = parse_control(control)
    rows = run(data, market, name, dates, rule, pairs)
    companies = data.tables["companies"]
    mask = pc.equal(pc.cast(companies.column(market), pa.string()), name)
    firms = companies.filter(mask)
    sources = sorted({s for s in firms.column("source").to_pylist() if s})
    names = dict(zip(firms.column("id").to_pylist(), firms.column("name").to_pylist(), strict=True))
    return {
        "market": market,
        "name": name,
        "control": str(rule),
        "sources": sources,
        "names": names,
        "series": rows,
    }
