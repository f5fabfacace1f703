"""The vendor concentration that customer access replaced, kept as the benchmark's baseline.

This is the code path of ``jvgraph.metrics.concentration.concentration`` before the vendor
HHI was removed (each reached company's revenue attributed to its vendors; the vendor
HHI and CR4 with their labels, and the foreclosure shares), unchanged but for the labels,
inlined. ``bench/metrics.py`` times it against what replaced it on the same arrays.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp

from jvgraph.metrics.arrays import GraphArrays
from jvgraph.metrics.concentration import cr4, hhi
from jvgraph.metrics.reach import reach_matrix

__all__ = ["old_concentration", "old_suite"]

Array = np.ndarray[Any, Any]


def _label(value: float) -> dict[str, Any]:
    return {"label": "highly concentrated" if value > 1800 else "not highly concentrated"}


def attributed_revenue(
    reach: sp.csr_matrix, revenue: Array, codes: Array, n_markets: int
) -> tuple[Array, Array, Array]:
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
    out = np.zeros((reach.shape[0], n_markets))
    for v in range(reach.shape[0]):
        row = slice(reach.indptr[v], reach.indptr[v + 1])
        cols, weight = reach.indices[row], reach.data[row]
        keep = codes[cols] >= 0
        cols, weight = cols[keep], weight[keep]
        out[v] = np.bincount(codes[cols], weights=weight * values[cols], minlength=n_markets)
    return out


def old_concentration(g: GraphArrays, market: str = "sector") -> dict[str, dict[str, Any]]:
    names, codes = g.market_codes(market)
    reach = reach_matrix(g).sorted_indices()
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
    total = attributed.sum()
    if total <= 0:
        return {"hhi": None, "cr4": None, "shares": {}, "foreclosure": {"_any": 0.0}}
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
        "classification": _label(value),
        "classification_2010": _label(value),
    }


def old_suite(g: GraphArrays) -> None:
    """The metric suite as it was: today's reach, overlap, common ownership and gatekeepers
    with the old vendor concentration in place of access, company concentration and the
    vendor market (on a fresh copy of ``g``, so nothing computed before is reused)."""
    from dataclasses import replace

    from jvgraph.metrics.common_ownership import common_ownership
    from jvgraph.metrics.gatekeepers import gatekeepers
    from jvgraph.metrics.overlap import overlap
    from jvgraph.metrics.reach import reach

    fresh = replace(g)
    reach(fresh, "sector")
    overlap(fresh)
    old_concentration(fresh)
    common_ownership(fresh, "sector")
    gatekeepers(fresh)
