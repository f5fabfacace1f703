"""Horizontal concentration among a market's companies: the company HHI and CR4.

The competing firms are the market's portfolio companies, with shares
``s_j = revenue(j) / T_s`` of the market's size ``T_s``
(:mod:`jvgraph.metrics.market_size`): ``company_hhi = 10,000 · Σ_j s_j²`` and
``company_cr4`` the sum of the four largest shares. Nothing here is computed over
the vendors: the AI vendors' own market is :mod:`jvgraph.metrics.vendor_market`.

With a total from ``markets.csv`` the shares are of the whole market and the
companies listed cover only part of it, so ``company_hhi`` is a lower bound and
``company_hhi_max`` (the unlisted part as one firm) an upper bound; the 2023
Guidelines label is given where both bounds agree. Without one the shares are of the
companies that happen to be in the data, and the label is withheld.

>>> hhi([0.3, 0.3, 0.2, 0.2])
2600.0
>>> round(cr4([0.5, 0.2, 0.1, 0.1, 0.1]), 12)
0.9
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from jvgraph.metrics.arrays import GraphArrays
from jvgraph.metrics.guidelines import classify_2023, withheld_2023
from jvgraph.metrics.market_size import MarketSize, market_size

__all__ = ["company_concentration", "cr4", "hhi", "top_four"]

Array = np.ndarray[Any, Any]


def hhi(shares: Sequence[float] | Array) -> float:
    """Herfindahl–Hirschman index on the 0–10,000 scale, for shares given as fractions."""
    values = np.asarray(shares, dtype=float)
    return float(10_000.0 * np.dot(values, values))


def cr4(shares: Sequence[float] | Array) -> float:
    """Sum of the four largest shares."""
    values = np.sort(np.asarray(shares, dtype=float))[::-1]
    return float(values[:4].sum())


def top_four(share: Array, codes: Array, n_markets: int) -> Array:
    """Per market, the sum of its four largest shares (``codes`` -1: in no market)."""
    valid = np.flatnonzero(codes >= 0)
    small = np.int16 if n_markets < np.iinfo(np.int16).max else np.int64  # radix sorted
    order = valid[np.argsort(codes[valid].astype(small), kind="stable")]  # grouped by market
    grouped = share[order]
    bounds = np.searchsorted(codes[order], np.arange(n_markets + 1))
    result: Array = np.zeros(n_markets)
    for m in range(n_markets):
        values = grouped[bounds[m] : bounds[m + 1]]
        if values.size > 4:
            values = np.partition(values, values.size - 4)[-4:]
        result[m] = values.sum()
    return result


def _label(size: MarketSize, m: int, low: float | None, high: float | None) -> dict[str, Any]:
    if not size.supplied[m]:
        return withheld_2023(
            f"shares of the {int(size.companies[m]):,} companies in the data, not of the whole "
            "market: give the market's total revenue in markets.csv for a label"
        )
    return classify_2023(low, high)


def _market(size: MarketSize, m: int, value: float, top: float) -> dict[str, Any]:
    described = size.describe(m)
    if size.total[m] <= 0:
        return {
            **described,
            "company_hhi": None,
            "company_hhi_max": None,
            "company_cr4": None,
            "unlisted_share": None,
            "guidelines_2023": withheld_2023("no revenue in the data: no shares"),
        }
    unlisted = size.unlisted(m)
    high = value if unlisted is None else value + 10_000.0 * unlisted**2
    return {
        **described,
        "company_hhi": value,
        "company_hhi_max": None if unlisted is None else high,
        "company_cr4": top,
        "unlisted_share": unlisted,
        "guidelines_2023": _label(size, m, value, high),
    }


def company_concentration(g: GraphArrays, market: str = "sector") -> dict[str, dict[str, Any]]:
    """Per market: the company HHI and CR4, their denominator, and the 2023 label where
    the shares are of a whole market (with its bounds), else why it is withheld."""
    size = market_size(g, market)
    share = size.shares(g.revenue, g.revenue_known)
    n = len(size.names)
    valid = size.codes >= 0
    values = 10_000.0 * np.bincount(size.codes[valid], weights=share[valid] ** 2, minlength=n)
    tops = top_four(share, size.codes, n)
    return {
        str(size.names[m]): _market(size, m, float(values[m]), float(tops[m])) for m in range(n)
    }
