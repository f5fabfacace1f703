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

from collections.abc import Iterator, Sequence
from typing import Any, overload

import numpy as np
import scipy.sparse as sp

from jvgraph.metrics.arrays import GraphArrays
from jvgraph.metrics.reach import reach_matrix

__all__ = [
    "PairRecords",
    "json_default",
    "overlap",
    "overlap_arrays",
    "overlap_pairs",
    "plain",
]

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
    """Pairs of rows ``a < b`` sharing a column, with the count and the revenue they share.

    The rows are cut into blocks multiplied on every core (scipy releases the GIL in
    sparse products); block ``[r0, r1)`` is multiplied only with rows from ``r0`` on.
    Weighting the columns by ``revenue + 1`` (never 0) gives a product with exactly
    the pattern of the count product, so the two line up entry by entry.
    """
    import os
    from concurrent.futures import ThreadPoolExecutor

    members = members.tocsr()
    weighted = members.multiply(revenue + 1.0).tocsr()
    n = members.shape[0]
    cuts = np.unique(np.linspace(0, n, 2 * (os.cpu_count() or 1) + 1).astype(np.int64))

    def block(r0: int, r1: int) -> tuple[Array, Array, Array, Array]:
        right = members[r0:].T.tocsr()
        counts = (members[r0:r1] @ right).tocsr()
        sums = (weighted[r0:r1] @ right).tocsr()
        counts.sort_indices()
        sums.sort_indices()
        rows = np.repeat(np.arange(r0, r1), np.diff(counts.indptr))
        cols = counts.indices.astype(np.int64) + r0
        keep = cols > rows
        return rows[keep], cols[keep], counts.data[keep], (sums.data - counts.data)[keep]

    with ThreadPoolExecutor(max(1, len(cuts) - 1)) as pool:
        parts = list(
            pool.map(lambda i: block(int(cuts[i]), int(cuts[i + 1])), range(len(cuts) - 1))
        )
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0), np.zeros(0)
    rows, cols, counts, shared = (np.concatenate([p[k] for p in parts]) for k in range(4))
    return rows, cols, counts, shared


def _ratio(num: Array, den: Array) -> Array:
    out: Array = np.divide(num, den, out=np.zeros(len(num)), where=den > 0)
    return out


class PairRecords(Sequence[dict[str, Any]]):
    """Overlap pairs kept as columns, sorted by (a, b) with ``a < b``; each record is made
    when it is read, so millions of owner pairs cost little until they are printed."""

    _FIELDS = ("shared", "jaccard", "overlap_coefficient", "revenue_jaccard")

    def __init__(self, ids: Array, cols: dict[str, Array]) -> None:
        names = np.asarray(ids, dtype=object).astype(str)
        rank = np.empty(len(names), dtype=np.int64)
        rank[np.argsort(names, kind="stable")] = np.arange(len(names))
        a, b = np.asarray(cols["a"], dtype=np.int64), np.asarray(cols["b"], dtype=np.int64)
        swap = rank[a] > rank[b]
        lo, hi = np.where(swap, b, a), np.where(swap, a, b)
        key = rank[lo] * len(names) + rank[hi]
        order = np.arange(key.size) if np.all(key[1:] >= key[:-1]) else np.argsort(key)
        self._names = names
        self._a, self._b = lo[order], hi[order]
        self._cols = {f: np.asarray(cols[f])[order] for f in self._FIELDS}

    def __len__(self) -> int:
        return int(self._a.size)

    def _record(self, i: int) -> dict[str, Any]:
        c = self._cols
        return {
            "a": str(self._names[self._a[i]]),
            "b": str(self._names[self._b[i]]),
            "shared": int(c["shared"][i]),
            "jaccard": float(c["jaccard"][i]),
            "overlap_coefficient": float(c["overlap_coefficient"][i]),
            "revenue_jaccard": float(c["revenue_jaccard"][i]),
        }

    @overload
    def __getitem__(self, i: int) -> dict[str, Any]: ...

    @overload
    def __getitem__(self, i: slice) -> list[dict[str, Any]]: ...

    def __getitem__(self, i: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(i, slice):
            return [self._record(k) for k in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self._record(i)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return (self._record(i) for i in range(len(self)))

    def top(self, n: int) -> list[dict[str, Any]]:
        """The ``n`` pairs sharing the most companies (then by Jaccard, then by ids)."""
        shared, jaccard = self._cols["shared"], self._cols["jaccard"]
        if n >= len(self):
            picked = np.arange(len(self))
        else:
            picked = np.argpartition(-shared, n - 1)[:n] if n > 0 else np.zeros(0, np.int64)
        order = sorted(picked.tolist(), key=lambda i: (-shared[i], -jaccard[i], i))
        return [self._record(i) for i in order]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"PairRecords({len(self)} pairs)"


def overlap_pairs(
    members: sp.csr_matrix, ids: Array, revenue: Array, *, all_pairs: bool
) -> PairRecords:
    """:func:`overlap_arrays` as records with ids, sorted by (a, b)."""
    return PairRecords(ids, overlap_arrays(members, revenue, all_pairs=all_pairs))


def json_default(value: Any) -> Any:
    """For ``json.dumps(..., default=json_default)``: pair records become a list."""
    if isinstance(value, PairRecords):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def plain(value: Any) -> Any:
    """``value`` with every :class:`PairRecords` made a list (for JSON encoders)."""
    if isinstance(value, PairRecords):
        return list(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def overlap(g: GraphArrays, *, look_through: bool = False) -> dict[str, PairRecords]:
    """Vendor pairs (of reach) and owner pairs sharing a company (of holdings)."""
    reach = reach_matrix(g, look_through=look_through)
    return {
        "vendors": overlap_pairs(reach, g.vendor_ids, g.revenue, all_pairs=True),
        "managers": overlap_pairs(g.stakes, g.owner_ids, g.revenue, all_pairs=False),
    }
