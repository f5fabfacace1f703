"""Market size: the denominator of every share of a market.

A market is a value of a company column (``sector`` by default). Its size is the
``total_revenue_usd`` that ``markets.csv`` gives for it (the whole market, from an
outside source) or, without one, the summed revenue of its companies in the data;
every share then says which (``denominator``: ``market_total`` or
``companies_in_data``). A company with an empty revenue counts in no revenue sum
and is counted in ``companies_without_revenue``.

>>> from jvgraph.config import bundled_dataset
>>> from jvgraph.load import read_dataset
>>> from jvgraph.metrics.arrays import GraphArrays
>>> size = market_size(GraphArrays.build(read_dataset(bundled_dataset("jv-2026"))), "sector")
>>> size.describe(0)["denominator"]
'companies_in_data'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow.compute as pc

from jvgraph.metrics.arrays import GraphArrays

__all__ = ["COMPANIES_IN_DATA", "MARKET_TOTAL", "MarketSize", "market_size"]

Array = np.ndarray[Any, Any]

#: the shares are of the market's total revenue from markets.csv
MARKET_TOTAL = "market_total"
#: the shares are of the revenue of the market's companies in the data
COMPANIES_IN_DATA = "companies_in_data"


@dataclass(frozen=True)
class MarketSize:
    """Per market (index ``m`` into ``names``): its companies and its size."""

    names: Array
    codes: Array  # per company: its market's index, -1 where the value is empty
    companies: Array
    without_revenue: Array
    in_data: Array  # revenue of the companies whose revenue is known
    total: Array  # the denominator: the markets.csv total where given, else ``in_data``
    supplied: Array  # per market: the total comes from markets.csv
    sources: list[str | None]

    def describe(self, m: int) -> dict[str, Any]:
        """The denominator of market ``m``'s revenue shares, in the metrics JSON's words."""
        known = self.companies[m] > self.without_revenue[m]
        return {
            "denominator": MARKET_TOTAL if self.supplied[m] else COMPANIES_IN_DATA,
            "market_revenue_usd": float(self.total[m]) if self.supplied[m] or known else None,
            "market_revenue_source": self.sources[m],
            "revenue_in_data_usd": float(self.in_data[m]) if known else None,
            "companies": int(self.companies[m]),
            "companies_without_revenue": int(self.without_revenue[m]),
        }

    def unlisted(self, m: int) -> float | None:
        """The part of a supplied total not in the revenue of the companies in the data."""
        if not self.supplied[m] or self.total[m] <= 0:
            return None
        return float(max(0.0, 1.0 - self.in_data[m] / self.total[m]))

    def shares(self, revenue: Array, known: Array) -> Array:
        """Each company's share of its market's size (0 where unknown or unsized)."""
        share = np.zeros(len(self.codes))
        valid = (self.codes >= 0) & known
        if not len(self.names):
            return share
        denom = self.total[np.maximum(self.codes, 0)]
        np.divide(revenue, denom, out=share, where=valid & (denom > 0))
        return share


def market_size(g: GraphArrays, market: str) -> MarketSize:
    """The companies and size of every market of grouping ``market`` in ``g`` (computed
    once per arrays and grouping)."""
    size: MarketSize = g.memo(("market_size", market), lambda: _market_size(g, market))
    return size


def _market_size(g: GraphArrays, market: str) -> MarketSize:
    names, codes = g.market_codes(market)
    valid = codes >= 0
    known = g.revenue_known
    n = len(names)
    companies = np.bincount(codes[valid], minlength=n)
    without = np.bincount(codes[valid & ~known], minlength=n)
    in_data = np.bincount(codes[valid], weights=(g.revenue * known)[valid], minlength=n)
    total, supplied = in_data.astype(float), np.zeros(n, dtype=bool)
    sources: list[str | None] = [None] * n
    for m, value, source in _supplied(g, market, names):
        total[m], supplied[m], sources[m] = value, True, source
    return MarketSize(names, codes, companies, without, in_data, total, supplied, sources)


def _supplied(g: GraphArrays, market: str, names: Array) -> list[tuple[int, float, str | None]]:
    """(market index, total, source) of the markets.csv rows of grouping ``market``."""
    table = g.markets
    if table is None or not table.num_rows:
        return []
    rows = table.filter(pc.equal(table.column("grouping"), market)).to_pylist()
    index = {str(name): m for m, name in enumerate(names)}
    return [
        (index[r["market"]], float(r["total_revenue_usd"]), r["source"])
        for r in rows
        if r["market"] in index
    ]
