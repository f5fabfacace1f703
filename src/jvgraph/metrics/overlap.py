"""Overlap of two sets of companies: shared, Jaccard, overlap coefficient, revenue-weighted Jaccard.

For sets ``A`` and ``B``: ``shared = |A ∩ B|``, ``jaccard = |A ∩ B| / |A ∪ B|``,
``overlap_coefficient = |A ∩ B| / min(|A|, |B|)`` and
``revenue_jaccard = revenue(A ∩ B) / revenue(A ∪ B)`` (0 where a denominator is 0).
Vendors are compared by reach (every pair); owners by the companies they hold
directly (only pairs that share a company).

>>> import numpy as np, scipy.sparse as sp
>>> m = sp.csr_matrix(np.array([[1, 1, 0], [0, 1, 1]], dtype=float))
>>> pairs = overlap_pairs(m, np.array(["a", "b"], dtype=object), np.array([1.0, 2.0, 3.0]),
...                       all_pairs=True)
>>> pairs[0]["shared"], pairs[0]["jaccard"], pairs[0]["revenue_jaccard"]
(1, 0.3333333333333333, 0.3333333333333333)
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp

from jvgraph.metrics.arrays import GraphArrays
from jvgraph.metrics.reach import reach_matrix

__all__ = ["overlap", "overlap_arrays", "overlap_pairs"]

Array = np.ndarray[Any, Any]


def overlap_arrays(members: sp.csr_matrix, revenue: Array, *, all_pairs: bool) -> dict[str, Array]:
    """Columnar overlap of every pair of rows ``a < b`` of a 0/1 matrix.

    With ``all_pairs`` every pair is listed; otherwise only pairs sharing a column.
    """
    members = members.tocsr().astype(float)
    members.data[:] = 1.0
    sizes = np.asarray(members.sum(axis=1)).ravel()
    weights = members @ revenue
    if all_pairs:
        a, b = np.triu_indices(members.shape[0], k=1)
        shared = np.asarray((members @ members.T).todense())[a, b] if a.size else np.zeros(0)
        shared_rev = (
            np.asarray((members.multiply(revenue) @ members.T).todense())[a, b]
            if a.size
            else np.zeros(0)
        )
    else:
        a, b, shared, shared_rev = _sharing_pairs(members, revenue)
    union = sizes[a] + sizes[b] - shared
    union_rev = weights[a] + weights[b] - shared_rev
    smaller = np.minimum(sizes[a], sizes[b])
    return {
        "a": a,
        "b": b,
        "shared": shared.astype(np.int64),
        "jaccard": _ratio(shared, union),
        "overlap_coefficient": _ratio(shared, smaller),
        "revenue_jaccard": _ratio(shared_rev, union_rev),
    }


def _sharing_pairs(members: sp.csr_matrix, revenue: Array) -> tuple[Array, Array, Array, Array]:
    counts = sp.triu(members @ members.T, k=1).tocoo()
    if counts.nnz == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0), np.zeros(0)
    revs = sp.triu(members.multiply(revenue).tocsr() @ members.T, k=1).tocsr()
    shared_rev = np.asarray(revs[counts.row, counts.col], dtype=float).ravel()
    order = np.lexsort((counts.col, counts.row))
    return counts.row[order], counts.col[order], counts.data[order], shared_rev[order]


def _ratio(num: Array, den: Array) -> Array:
    out: Array = np.divide(num, den, out=np.zeros(len(num)), where=den > 0)
    return out


def overlap_pairs(
    members: sp.csr_matrix, ids: Array, revenue: Array, *, all_pairs: bool
) -> list[dict[str, Any]]:
    """:func:`overlap_arrays` as records with ids, sorted by (a, b)."""
    cols = overlap_arrays(members, revenue, all_pairs=all_pairs)
    records = [
        {
            "a": str(ids[a]),
            "b": str(ids[b]),
            "shared": int(s),
            "jaccard": float(j),
            "overlap_coefficient": float(o),
            "revenue_jaccard": float(w),
        }
        for a, b, s, j, o, w in zip(
            cols["a"],
            cols["b"],
            cols["shared"],
            cols["jaccard"],
            cols["overlap_coefficient"],
            cols["revenue_jaccard"],
            strict=True,
        )
    ]
    for rec in records:
        if str(rec["a"]) > str(rec["b"]):
            rec["a"], rec["b"] = rec["b"], rec["a"]
    return sorted(records, key=lambda r: (str(r["a"]), str(r["b"])))


def overlap(g: GraphArrays, *, look_through: bool = False) -> dict[str, list[dict[str, Any]]]:
    """Vendor pairs (of reach) and owner pairs sharing a company (of holdings)."""
    reach = reach_matrix(g, look_through=look_through)
    return {
        "vendors": overlap_pairs(reach, g.vendor_ids, g.revenue, all_pairs=True),
        "managers": overlap_pairs(g.stakes, g.owner_ids, g.revenue, all_pairs=False),
    }
