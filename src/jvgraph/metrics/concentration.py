"""Concentration of vendors' reach per market: shares, HHI, CR4 and foreclosure.

In market ``s`` each company ``c`` reached by ``n_c >= 1`` vendors attributes
``revenue(c) / n_c`` to each of them. A vendor's share is its attributed
revenue over the total attributed in ``s``; ``hhi = 10,000 · Σ share²`` and
``cr4`` is the sum of the four largest shares. ``foreclosure[v]`` is the
revenue of ``s``'s companies in ``reach(v)`` over the total revenue of ``s``;
``foreclosure["_any"]`` counts companies reached by any vendor.

>>> hhi([0.3, 0.3, 0.2, 0.2])
2600.0
>>> round(cr4([0.5, 0.2, 0.1, 0.1, 0.1]), 12)
0.9
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from jvgraph.metrics.arrays import GraphArrays
from jvgraph.metrics.guidelines import classify_2010, classify_2023
from jvgraph.metrics.reach import reach_matrix

__all__ = ["attributed_revenue", "concentration", "cr4", "hhi"]

Array = np.ndarray[Any, Any]


def hhi(shares: Sequence[float] | Array) -> float:
    """Herfindahl–Hirschman index on the 0–10,000 scale, for shares given as fractions."""
    values = np.asarray(shares, dtype=float)
    return float(10_000.0 * np.dot(values, values))


def cr4(shares: Sequence[float] | Array) -> float:
    """Sum of the four largest shares."""
    values = np.sort(np.asarray(shares, dtype=float))[::-1]
    return float(values[:4].sum())


def attributed_revenue(
    reach: sp.csr_matrix, revenue: Array, codes: Array, n_markets: int
) -> tuple[Array, Array, Array]:
    """(vendors × markets attributed revenue, vendors × markets reached revenue,
    revenue per market reached by any vendor)."""
    reach = reach if reach.has_sorted_indices else reach.sorted_indices()
    reached_by = np.asarray(reach.sum(axis=0)).ravel()
    per_vendor = np.divide(revenue, reached_by, out=np.zeros_like(revenue), where=reached_by > 0)
    valid = codes >= 0
    any_rev = np.bincount(
        codes[valid], weights=(revenue * (reached_by > 0))[valid], minlength=n_markets
    )
    return (
        _per_market(reach, per_vendor, codes, n_markets),
        _per_market(reach, revenue, codes, n_markets),
        any_rev,
    )


def _per_market(reach: sp.csr_matrix, values: Array, codes: Array, n_markets: int) -> Array:
    """vendors × markets: the sum of ``values`` over each vendor's companies in each market,
    added in order of company (``reach`` has sorted indices)."""
    out = np.zeros((reach.shape[0], n_markets))
    for v in range(reach.shape[0]):
        row = slice(reach.indptr[v], reach.indptr[v + 1])
        cols, weight = reach.indices[row], reach.data[row]
        keep = codes[cols] >= 0
        cols, weight = cols[keep], weight[keep]
        out[v] = np.bincount(codes[cols], weights=weight * values[cols], minlength=n_markets)
    return out


def concentration(
    g: GraphArrays, market: str = "sector", *, look_through: bool = False
) -> dict[str, dict[str, Any]]:
    """Per market: ``hhi``, ``cr4``, ``shares``, ``foreclosure`` and the classification."""
    names, codes = g.market_codes(market)
    reach = reach_matrix(g, look_through=look_through).sorted_indices()
    attributed, reached, any_rev = attributed_revenue(reach, g.revenue, codes, len(names))
    counts = _per_market(reach, np.ones(len(codes)), codes, len(names))
    total_rev = np.bincount(codes[codes >= 0], weights=g.revenue[codes >= 0], minlength=len(names))
    return {
        str(names[m]): _market(
            g, attributed[:, m], reached[:, m], counts[:, m], any_rev[m], total_rev[m]
        )
        for m in range(len(names))
    }


def _market(
    g: GraphArrays,
    attributed: Array,
    reached: Array,
    companies: Array,
    any_rev: float,
    total_rev: float,
) -> dict[str, Any]:
    """One market; ``companies`` counts each vendor's companies in it (foreclosure lists
    every vendor that reaches one, also when their revenue is 0)."""
    total = attributed.sum()
    if total <= 0:
        return {
            "hhi": None,
            "cr4": None,
            "shares": {},
            "foreclosure": {"_any": 0.0},
            "classification": None,
            "classification_2010": None,
        }
    shares = attributed / total
    value = hhi(shares)
    present = np.flatnonzero(companies > 0)
    foreclosure = {str(g.vendor_ids[v]): float(reached[v] / total_rev) for v in present}
    foreclosure["_any"] = float(any_rev / total_rev)
    return {
        "hhi": value,
        "cr4": cr4(shares),
        "shares": {str(g.vendor_ids[v]): float(shares[v]) for v in np.flatnonzero(shares > 0)},
        "foreclosure": foreclosure,
        "classification": classify_2023(value),
        "classification_2010": classify_2010(value),
    }
