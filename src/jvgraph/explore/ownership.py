"""Use cases about common ownership among portfolio companies: profit weights κ."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from jvgraph.store import GraphStore

__all__ = ["kappa", "kappa_series", "quarter_ends"]


def kappa(
    store: GraphStore,
    name: str,
    *,
    market: str = "sector",
    as_of: dt.date | None = None,
    control: str = "proportional",
    max_pairs: int = 10_000,
    top_owners: int = 10,
) -> dict[str, Any]:
    """κ for every ordered pair of firms of the market ``name`` as of ``as_of``."""
    from jvgraph.metrics.arrays import GraphArrays
    from jvgraph.metrics.kappa import market_kappa, parse_control
    from jvgraph.metrics.suite import check_market

    data = store.export()
    check_market(data, market)
    g = GraphArrays.build(data, as_of)
    return market_kappa(
        g, market, name, parse_control(control), max_pairs=max_pairs, top_owners=top_owners
    )


def quarter_ends(start: dt.date, end: dt.date) -> list[dt.date]:
    """The quarter ends from ``start`` to ``end``, both included.

    >>> [d.isoformat() for d in quarter_ends(dt.date(2015, 3, 31), dt.date(2015, 12, 31))]
    ['2015-03-31', '2015-06-30', '2015-09-30', '2015-12-31']
    """
    out: list[dt.date] = []
    year, quarter = start.year, (start.month - 1) // 3 + 1
    while True:
        month = quarter * 3
        day = dt.date(year, month, 31 if month in (3, 12) else 30)
        if day > end:
            return out
        if day >= start:
            out.append(day)
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)


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
    return {"market": market, "name": name, "control": str(rule), "series": rows}
