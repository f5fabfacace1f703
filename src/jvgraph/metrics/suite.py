"""Every metric at once, in the metrics JSON contract.

The document has the top-level keys ``as_of``, ``reach``, ``overlap``,
``concentration`` and ``common_ownership`` (their meaning is fixed:
``concentration`` is the horizontal concentration among each market's
companies), plus ``access`` (customer access per market), ``vendor_market`` (only
for markets ``vendor_shares.csv`` describes), ``vendor_names``, ``market``,
``look_through``, ``gatekeepers`` and ``coverage`` (how many of each vendor's partners'
portfolios the data holds: :mod:`jvgraph.metrics.coverage`).

>>> from jvgraph.config import bundled_dataset
>>> from jvgraph.load import read_dataset
>>> doc = compute_all(read_dataset(bundled_dataset("jv-2026")))
>>> list(doc)[:5]
['as_of', 'reach', 'overlap', 'concentration', 'common_ownership']
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from jvgraph.errors import UsageError
from jvgraph.metrics.access import access
from jvgraph.metrics.arrays import GraphArrays
from jvgraph.metrics.common_ownership import common_ownership
from jvgraph.metrics.concentration import company_concentration
from jvgraph.metrics.coverage import coverage
from jvgraph.metrics.firms import combined_common_ownership
from jvgraph.metrics.gatekeepers import gatekeepers
from jvgraph.metrics.overlap import overlap
from jvgraph.metrics.reach import reach
from jvgraph.metrics.stake_bands import banded_only, point_dataset, stake_ranges
from jvgraph.metrics.vendor_market import vendor_market
from jvgraph.model import MARKET_COLUMNS, Dataset

__all__ = ["MARKETS", "compute_all", "compute_arrays"]

#: company columns that can define a market
MARKETS = MARKET_COLUMNS


def check_market(dataset: Dataset, market: str) -> None:
    columns = dataset.tables["companies"].column_names
    allowed = [c for c in columns if c in MARKETS or c in dataset.extras.get("companies", ())]
    if market not in allowed:
        raise UsageError(f"unknown market grouping {market!r}: use one of {', '.join(allowed)}")


def compute_arrays(
    g: GraphArrays,
    market: str = "sector",
    *,
    look_through: bool = False,
    owner_pairs: int | None = None,
    combine_controlled: bool = False,
) -> dict[str, Any]:
    """The metrics document for already indexed arrays; with ``owner_pairs``, only that
    many owner pairs (those sharing most) and their count (``overlap.managers_total``);
    with ``combine_controlled``, the common-ownership index counts the companies one owner
    solely controls as one firm (:mod:`jvgraph.metrics.firms`)."""
    ownership = (
        combined_common_ownership(g, market) if combine_controlled else common_ownership(g, market)
    )
    doc = {
        "as_of": g.as_of.isoformat() if g.as_of else None,
        "reach": reach(g, market, look_through=look_through),
        "overlap": overlap(g, look_through=look_through, owner_pairs=owner_pairs),
        "concentration": company_concentration(g, market),
        "common_ownership": ownership,
        "access": access(g, market, look_through=look_through),
        "vendor_market": vendor_market(g, market),
        "vendor_names": dict(zip(map(str, g.vendor_ids), map(str, g.vendor_names), strict=True)),
        "market": market,
        "look_through": look_through,
        "gatekeepers": gatekeepers(g, look_through=look_through),
        "coverage": coverage(g, look_through=look_through),
    }
    if combine_controlled:
        doc["combine_controlled"] = True
    return doc


def compute_all(
    dataset: Dataset,
    as_of: dt.date | None = None,
    market: str = "sector",
    *,
    look_through: bool = False,
    combine_controlled: bool = False,
    owner_pairs: int | None = None,
    stake: str = "mid",
) -> dict[str, Any]:
    """Every metric of ``dataset`` as of ``as_of`` with markets grouped by ``market``
    (with ``owner_pairs``, only that many owner pairs: see :func:`compute_arrays`).

    Where holdings state only a stake band, their stakes are taken at its ``stake`` point
    (``low``, ``mid`` or ``high``), said in ``stakes``, and each market's common
    ownership also gives its range over the bands (:mod:`jvgraph.metrics.stake_bands`)."""
    check_market(dataset, market)
    banded = banded_only(dataset.tables["holdings"])
    g = GraphArrays.build(point_dataset(dataset, stake), as_of)
    doc = compute_arrays(
        g,
        market,
        look_through=look_through,
        combine_controlled=combine_controlled,
        owner_pairs=owner_pairs,
    )
    if banded:
        doc["stakes"] = {"point": stake, "banded_holdings": banded}
        ranges = stake_ranges(dataset, as_of, market, combine_controlled=combine_controlled)
        for name, row in doc["common_ownership"].items():
            row.update(ranges[name])
    return doc
