"""Customer access: the share of a market's customers each vendor can reach through ownership.

In the foreclosure literature a vertical link raises concern when it lets a firm
limit its rivals' access to customers (customer foreclosure); the customers at
stake are measured by the share of the downstream market they make up. Here the
downstream market is a market of portfolio companies and a vendor's access is its
reach: the companies its JV partners hold. Per market ``s`` of size ``T_s``
(:mod:`jvgraph.metrics.market_size`) and vendor ``v``:

    foreclosure_share(v) = revenue(s ∩ reach(v)) / T_s
    exclusive_share(v)   = revenue of s's companies reached by v and no other vendor / T_s
    contested_share(v)   = foreclosure_share(v) − exclusive_share(v)
    any_vendor_share     = revenue(s ∩ ⋃_v reach(v)) / T_s

and the same by number of companies (``*_by_count``, always over the market's
companies in the data). Reach is potential access through ownership: it is no
evidence that a company buys from the vendor, that the access is exclusive, or that
the vendor could or would foreclose rivals.

>>> from jvgraph.config import bundled_dataset
>>> from jvgraph.load import read_dataset
>>> from jvgraph.metrics.arrays import GraphArrays
>>> doc = access(GraphArrays.build(read_dataset(bundled_dataset("jv-2026"))))
>>> tech = doc["TECHNOLOGY"]  # no company of the bundled graph states its revenue
>>> tech["any_vendor_share"], tech["companies_without_revenue"] == tech["companies"]
(None, True)
>>> shares = tech["vendors"]["v-openai"]
>>> 0 <= shares["exclusive_share_by_count"] <= shares["foreclosure_share_by_count"] <= 1
True
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp

from jvgraph.metrics.arrays import GraphArrays
from jvgraph.metrics.market_size import MarketSize, market_size
from jvgraph.metrics.reach import reach_matrix

__all__ = ["ACCESS_SHARES", "access", "access_arrays"]

Array = np.ndarray[Any, Any]

#: the shares of each vendor entry, by revenue and by number of companies
ACCESS_SHARES = (
    "foreclosure_share",
    "exclusive_share",
    "contested_share",
    "foreclosure_share_by_count",
    "exclusive_share_by_count",
    "contested_share_by_count",
)


def access_arrays(
    reach: sp.csr_matrix, size: MarketSize, revenue: Array, known: Array
) -> dict[str, Array]:
    """vendors × markets sums (``reached``/``exclusive`` revenue and counts, reached
    companies without revenue) and per-market sums for any vendor (``any``, ``any_n``)."""
    coo = reach.tocoo()
    reached_by = np.bincount(coo.col, minlength=reach.shape[1])
    codes = size.codes
    n_v, n_m = reach.shape[0], len(size.names)
    keep = codes[coo.col] >= 0
    rows, cols = coo.row[keep], coo.col[keep]
    key = rows.astype(np.int64) * n_m + codes[cols]
    alone = reached_by[cols] == 1
    money = revenue * known

    def per_cell(weights: Array) -> Array:
        out: Array = np.bincount(key, weights=weights, minlength=n_v * n_m).reshape(n_v, n_m)
        return out

    hit = (reached_by > 0) & (codes >= 0)
    return {
        "reached": per_cell(money[cols]),
        "exclusive": per_cell(money[cols] * alone),
        "reached_n": per_cell(np.ones(cols.size)),
        "exclusive_n": per_cell(alone.astype(float)),
        "reached_unknown": per_cell((~known[cols]).astype(float)),
        "any": np.bincount(codes[hit], weights=money[hit], minlength=n_m),
        "any_n": np.bincount(codes[hit], minlength=n_m).astype(float),
    }


def _ratio(num: float, den: float) -> float | None:
    """``num / den``, unknown (``None``) where the denominator is not positive."""
    return float(num / den) if den > 0 else None


def _vendor(sums: dict[str, Array], v: int, m: int, total: float, n: int) -> dict[str, Any]:
    reached, exclusive = sums["reached"][v, m], sums["exclusive"][v, m]
    reached_n, exclusive_n = sums["reached_n"][v, m], sums["exclusive_n"][v, m]
    fore, excl = _ratio(reached, total), _ratio(exclusive, total)
    fore_n, excl_n = _ratio(reached_n, n), _ratio(exclusive_n, n)
    return {
        "foreclosure_share": fore,
        "exclusive_share": excl,
        "contested_share": _ratio(reached - exclusive, total),  # reached by v and another
        "foreclosure_share_by_count": fore_n,
        "exclusive_share_by_count": excl_n,
        "contested_share_by_count": _ratio(reached_n - exclusive_n, n),
        "companies": int(reached_n),
        "companies_exclusive": int(exclusive_n),
        "companies_without_revenue": int(sums["reached_unknown"][v, m]),
    }


def _market(g: GraphArrays, size: MarketSize, sums: dict[str, Array], m: int) -> dict[str, Any]:
    described = size.describe(m)
    total, n = float(size.total[m]), int(size.companies[m])
    vendors = {
        str(g.vendor_ids[v]): _vendor(sums, int(v), m, total, n)
        for v in np.flatnonzero(sums["reached_n"][:, m] > 0)
    }
    return {
        **described,
        "companies_reached": int(sums["any_n"][m]),
        "any_vendor_share": _ratio(sums["any"][m], total),
        "any_vendor_share_by_count": _ratio(sums["any_n"][m], n),
        "vendors": vendors,
    }


def access(
    g: GraphArrays,
    market: str = "sector",
    *,
    look_through: bool = False,
    reach: sp.csr_matrix | None = None,
) -> dict[str, dict[str, Any]]:
    """Per market: its size and denominator, the share of it any vendor reaches, and
    each reaching vendor's foreclosure, exclusive and contested shares (``reach`` may
    pass the reach matrix already computed)."""
    size = market_size(g, market)
    matrix = reach if reach is not None else reach_matrix(g, look_through=look_through)
    sums = access_arrays(matrix, size, g.revenue, g.revenue_known)
    return {str(size.names[m]): _market(g, size, sums, m) for m in range(len(size.names))}
