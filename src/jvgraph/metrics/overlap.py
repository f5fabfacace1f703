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
from dataclasses import dataclass, replace
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
    "top_sharing_pairs",
]

Array = np.ndarray[Any, Any]


def overlap_arrays(members: sp.csr_matrix, revenue: Array, *, all_pairs: bool) -> dict[str, Array]:
    """Columnar overlap of every pair of rows ``a < b`` of a 0/1 matrix.

    With ``all_pairs`` every pair is listed; otherwise only pairs sharing a column.
    """
    return _columns(_Counts.of(members, revenue, all_pairs=all_pairs))


@dataclass(frozen=True)
class _Counts:
    """What pairs of rows share (``a``, ``b``, ``shared``, ``shared_rev``, one entry per
    pair) and each row's ``sizes`` and ``weights`` (its revenue): the ratios follow."""

    a: Array
    b: Array
    shared: Array
    shared_rev: Array
    sizes: Array
    weights: Array

    @classmethod
    def of(cls, members: sp.csr_matrix, revenue: Array, *, all_pairs: bool) -> _Counts:
        members, sizes, weights = _memberships(members, revenue)
        if not all_pairs:
            return cls(*_sharing_pairs(members, revenue), sizes, weights)
        a, b = np.triu_indices(members.shape[0], k=1)
        shared = np.asarray((members @ members.T).todense())[a, b] if a.size else np.zeros(0)
        shared_rev = (
            np.asarray((members.multiply(revenue) @ members.T).todense())[a, b]
            if a.size
            else np.zeros(0)
        )
        return cls(a, b, shared, shared_rev, sizes, weights)

    def take(self, pick: Array | slice) -> _Counts:
        """The pairs at ``pick`` (positions or a slice)."""
        return _Counts(
            self.a[pick],
            self.b[pick],
            self.shared[pick],
            self.shared_rev[pick],
            self.sizes,
            self.weights,
        )

    def __add__(self, other: _Counts) -> _Counts:
        """The pairs of both, ``self``'s first."""
        cat = np.concatenate
        return _Counts(
            cat([self.a, other.a]),
            cat([self.b, other.b]),
            cat([self.shared, other.shared]),
            cat([self.shared_rev, other.shared_rev]),
            self.sizes,
            self.weights,
        )


def _memberships(members: sp.csr_matrix, revenue: Array) -> tuple[sp.csr_matrix, Array, Array]:
    """(``members`` as 0/1, each row's size, each row's revenue)."""
    members = members.tocsr().astype(float)
    members.data[:] = 1.0
    return members, np.asarray(members.sum(axis=1)).ravel(), members @ revenue


_FIELDS = ("a", "b", "shared", "jaccard", "overlap_coefficient", "revenue_jaccard")


def _columns(c: _Counts) -> dict[str, Array]:
    """The overlap columns of the pairs of ``c``: the only place the ratios are computed."""
    size_a, size_b = c.sizes[c.a], c.sizes[c.b]
    return {
        "a": c.a,
        "b": c.b,
        "shared": c.shared.astype(np.int64),
        "jaccard": _ratio(c.shared, size_a + size_b - c.shared),
        "overlap_coefficient": _ratio(c.shared, np.minimum(size_a, size_b)),
        "revenue_jaccard": _ratio(c.shared_rev, c.weights[c.a] + c.weights[c.b] - c.shared_rev),
    }


def _sharing_pairs(members: sp.csr_matrix, revenue: Array) -> tuple[Array, Array, Array, Array]:
    """(a, b, shared, shared_rev) of the pairs of rows ``a < b`` that share a column.

    The blocks of :func:`_sharing_blocks` are copied, in order, into arrays sized for
    the most pairs there can be (one per listing), of which only the part filled is
    kept: memory never touched costs nothing. Indices are 32-bit where they fit,
    counts as small as they fit.
    """
    listings = _Listings.of(members)
    limit = int(listings.before[-1])
    index = np.int32 if members.shape[0] < 2**31 else np.int64
    count = np.min_scalar_type(int(np.diff(members.indptr).max(initial=0)))  # fits every count
    out = [np.empty(limit, dtype=t) for t in (index, index, count, np.float64)]
    filled = 0
    for found in _sharing_blocks(listings, revenue):
        k = len(found[0])
        for column, values in zip(out, found, strict=True):
            column[filled : filled + k] = values
        filled += k
    a, b, shared, shared_rev = (column[:filled] for column in out)
    return a, b, shared, shared_rev


def _sharing_blocks(listings: _Listings, revenue: Array | None) -> Iterator[tuple[Array, ...]]:
    """:meth:`_Listings.block` (or, without ``revenue``, :meth:`_Listings.counts`) of
    every block of rows ``a`` in order, worked on every core (numpy releases the GIL in
    sorting and most array operations)."""
    from concurrent.futures import ThreadPoolExecutor

    plus_one = None if revenue is None else revenue + 1.0
    # without revenue, (a - r0, b) is packed in 31 bits
    cuts = listings.cuts(_BLOCK, key_bits=62 if plus_one is not None else 31 + listings.bits)

    def work(i: int) -> tuple[Array, ...]:
        if plus_one is None:
            return listings.counts(cuts[i], cuts[i + 1])
        return listings.block(cuts[i], cuts[i + 1], plus_one)

    with ThreadPoolExecutor(_workers()) as pool:
        yield from pool.map(work, range(len(cuts) - 1))


#: listings of (pair, column) per block of rows in :func:`_sharing_pairs`
_BLOCK = 1 << 17


def _workers() -> int:
    import os

    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)


@dataclass(frozen=True)
class _Listings:
    """Every pair of rows sharing a column, listed once per shared column, by blocks of rows.

    A column's rows (its holders) are sorted, so the holder at position ``p`` of a
    column pairs with the holders after ``p``: taking each holding of ``a`` in turn
    lists every pair ``a < b`` once per column they share, and no product is formed.
    In a block each listing is one integer, ``(a, b, column)`` packed, and sorting
    them groups the pairs in order of ``a``, then ``b``, with their shared columns in
    ascending order (the order in which the revenue is summed).
    """

    indptr: Array  # the CSR row pointers
    column: Array  # the column of each holding, in CSR order
    row: Array  # the row of each holding
    first: Array  # CSC position of the holder after this one, in the holding's column
    later: Array  # how many holders of the column come after this one
    before: Array  # listings of the holdings before each holding (len nnz + 1)
    holder: Array  # CSC row indices
    bits: int  # bits of a column index

    @classmethod
    def of(cls, members: sp.csr_matrix) -> _Listings:
        members = members.tocsr()
        members.sum_duplicates()  # sorted indices, one entry per row and column
        nnz = members.nnz
        csc = sp.csr_matrix(
            (np.arange(nnz, dtype=np.int64), members.indices, members.indptr), shape=members.shape
        ).tocsc()  # rows sorted within each column; data: the CSR position
        position = np.empty(nnz, dtype=np.int64)
        position[csc.data] = np.arange(nnz)
        column = members.indices.astype(np.int64)
        later = csc.indptr[1:].astype(np.int64)[column] - position - 1
        return cls(
            members.indptr.astype(np.int64),
            column,
            np.repeat(np.arange(members.shape[0], dtype=np.int64), np.diff(members.indptr)),
            position + 1,
            later,
            np.concatenate([[0], np.cumsum(later)]),
            csc.indices,
            max(1, int(members.shape[1] - 1).bit_length()),
        )

    def cuts(self, size: int, key_bits: int = 62) -> list[int]:
        """Row boundaries of blocks of about ``size`` listings (a row is never split), with
        few enough rows that a block's packed ``(a - r0, b, column)`` stays below
        ``2**key_bits``."""
        n = len(self.indptr) - 1
        per_row = self.before[self.indptr]
        rows = max(1, (1 << max(key_bits - self.bits, 0)) // max(n, 1))
        marks = np.searchsorted(per_row, np.arange(0, per_row[-1], max(size, 1)), side="right")
        cuts = np.unique(np.concatenate([[0], marks - 1, np.arange(0, n, rows), [n]]))
        return [int(c) for c in cuts]

    def _later(self, e0: int, e1: int) -> tuple[Array, Array]:
        """(how many later holders each holding ``e0..e1`` lists, their CSC positions)."""
        later = self.later[e0:e1]
        at = np.repeat(self.first[e0:e1] - (self.before[e0:e1] - self.before[e0]), later)
        at += np.arange(at.size)
        return later, at

    def block(self, r0: int, r1: int, plus_one: Array) -> tuple[Array, Array, Array, Array]:
        """(a, b, shared columns, their revenue) of the pairs with ``r0 <= a < r1``.

        ``plus_one`` is each column's revenue + 1: summed from 0 in order of column, less
        the count, it is the arithmetic of the sparse product ``M diag(revenue + 1) Mᵀ``
        minus ``M Mᵀ`` (to the last bit).
        """
        e0, e1 = int(self.indptr[r0]), int(self.indptr[r1])
        n = len(self.indptr) - 1
        later, at = self._later(e0, e1)
        if at.size == 0:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty, np.zeros(0)
        key = np.repeat((((self.row[e0:e1] - r0) * n) << self.bits) | self.column[e0:e1], later)
        key += np.left_shift(np.take(self.holder, at), self.bits, dtype=np.int64)
        key.sort()
        pair = key >> self.bits
        new = np.concatenate([[True], pair[1:] != pair[:-1]])
        starts = np.flatnonzero(new)
        shared = np.diff(starts, append=at.size)
        summed = np.bincount(
            np.cumsum(new) - 1,
            weights=np.take(plus_one, key & ((1 << self.bits) - 1)),
            minlength=starts.size,
        )
        pair = pair[starts]
        a = pair // n
        return a + r0, pair - a * n, shared, summed - shared

    def counts(self, r0: int, r1: int) -> tuple[Array, Array, Array]:
        """(a, b, shared columns) of the pairs with ``r0 <= a < r1``, from 32-bit keys
        ``(a - r0, b)`` (see :meth:`cuts`)."""
        e0, e1 = int(self.indptr[r0]), int(self.indptr[r1])
        n = len(self.indptr) - 1
        later, at = self._later(e0, e1)
        key = np.repeat(((self.row[e0:e1] - r0) * n).astype(np.int32), later)
        key += np.take(self.holder, at).astype(np.int32, copy=False)
        key.sort()
        starts = np.flatnonzero(np.concatenate([[True], key[1:] != key[:-1]])) if key.size else at
        pair = key[starts].astype(np.int64)
        a = pair // n
        return a + r0, pair - a * n, np.diff(starts, append=key.size)


def _shared_revenue(members: sp.csr_matrix, plus_one: Array, a: Array, b: Array) -> Array:
    """The revenue each pair ``(a, b)`` shares, summed as :meth:`_Listings.block` does."""
    out = np.zeros(len(a))
    for k, (x, y) in enumerate(zip(a.tolist(), b.tolist(), strict=True)):
        cols_x = members.indices[members.indptr[x] : members.indptr[x + 1]]
        cols_y = members.indices[members.indptr[y] : members.indptr[y + 1]]
        common = np.intersect1d(cols_x, cols_y, assume_unique=True)
        summed = np.bincount(np.zeros(common.size, dtype=np.int64), plus_one[common], 1)
        out[k] = summed[0] - common.size
    return out


def _ratio(num: Array, den: Array) -> Array:
    out: Array = np.divide(num, den, out=np.zeros(len(num)), where=den > 0)
    return out


def _rank(ids: Array) -> tuple[Array, Array | None]:
    """(the ids as text, each id's rank among them in sorted order; ``None`` if in order)."""
    names = np.asarray(ids, dtype=object).astype(str)
    rank = np.empty(len(names), dtype=np.int64)
    rank[np.argsort(names, kind="stable")] = np.arange(len(names))
    return names, None if np.array_equal(rank, np.arange(len(names))) else rank


def _orient(c: _Counts, rank: Array | None) -> tuple[_Counts, Array]:
    """``c`` with ``a`` and ``b`` swapped where ``b``'s id sorts first, and each pair's
    position in (id of a, id of b) order as one integer."""
    a, b = c.a, c.b
    ra, rb = (a, b) if rank is None else (rank[a], rank[b])
    swap = ra > rb
    if swap.any():
        a, b, ra, rb = (np.where(swap, y, x) for x, y in ((a, b), (b, a), (ra, rb), (rb, ra)))
    return replace(c, a=a, b=b), ra.astype(np.int64) * len(c.sizes) + rb


def _records(names: Array, c: _Counts) -> list[dict[str, Any]]:
    cols = {k: v.tolist() for k, v in _columns(c).items()}
    return [
        {
            "a": str(names[a]),
            "b": str(names[b]),
            "shared": shared,
            "jaccard": jaccard,
            "overlap_coefficient": coefficient,
            "revenue_jaccard": revenue,
        }
        for a, b, shared, jaccard, coefficient, revenue in zip(
            *(cols[f] for f in _FIELDS), strict=True
        )
    ]


def _top(c: _Counts, n: int, key: Array | None = None) -> Array:
    """Positions of the ``n`` pairs of ``c`` sharing the most, then by Jaccard, then by
    ``key`` (by position when ``None``), in that order."""
    shared = c.shared
    if n >= len(shared):
        picked = np.arange(len(shared))
    elif n <= 0:
        picked = np.zeros(0, dtype=np.int64)
    else:  # all pairs above the n-th largest count, and the best of those at it
        at_least = np.cumsum(np.bincount(shared)[::-1])[::-1]  # pairs sharing >= k
        cut = int(np.flatnonzero(at_least >= n)[-1])
        above, tied = np.flatnonzero(shared > cut), np.flatnonzero(shared == cut)
        tie_key = tied if key is None else key[tied]
        best = np.lexsort((tie_key, -_columns(c.take(tied))["jaccard"]))
        picked = np.concatenate([above, tied[best[: n - above.size]]])
    jaccard = _columns(c.take(picked))["jaccard"]
    pick_key = picked if key is None else key[picked]
    return picked[np.lexsort((pick_key, -jaccard, -shared[picked].astype(np.int64)))]


class PairRecords(Sequence[dict[str, Any]]):
    """Overlap pairs kept as columns, sorted by (a, b) with ``a < b``. The pairs and what
    they share are stored; the ratios and each record are made when read (by the same
    arithmetic as :func:`overlap_arrays`), so millions of owner pairs cost little until
    they are printed."""

    _CHUNK = 1 << 16

    def __init__(self, ids: Array, counts: _Counts) -> None:
        self._names, rank = _rank(ids)
        counts, key = _orient(counts, rank)
        self._counts = counts if np.all(key[1:] >= key[:-1]) else counts.take(np.argsort(key))

    def __len__(self) -> int:
        return int(self._counts.a.size)

    def _records(self, pick: Array | slice) -> list[dict[str, Any]]:
        return _records(self._names, self._counts.take(pick))

    @overload
    def __getitem__(self, i: int) -> dict[str, Any]: ...

    @overload
    def __getitem__(self, i: slice) -> list[dict[str, Any]]: ...

    def __getitem__(self, i: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(i, slice):
            return self._records(np.arange(*i.indices(len(self))))
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self._records(slice(i, i + 1))[0]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for start in range(0, len(self), self._CHUNK):
            yield from self._records(slice(start, start + self._CHUNK))

    def top(self, n: int) -> list[dict[str, Any]]:
        """The ``n`` pairs sharing the most companies (then by Jaccard, then by ids)."""
        return self._records(_top(self._counts, n))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"PairRecords({len(self)} pairs)"


def overlap_pairs(
    members: sp.csr_matrix, ids: Array, revenue: Array, *, all_pairs: bool
) -> PairRecords:
    """:func:`overlap_arrays` as records with ids, sorted by (a, b)."""
    return PairRecords(ids, _Counts.of(members, revenue, all_pairs=all_pairs))


def top_sharing_pairs(
    members: sp.csr_matrix, ids: Array, revenue: Array, n: int
) -> tuple[list[dict[str, Any]], int]:
    """(``overlap_pairs(..., all_pairs=False).top(n)``, how many pairs share a column),
    keeping only the best ``n`` pairs while the blocks of pairs are counted (their shared
    revenue, which the order does not need, is summed for those ``n`` at the end)."""
    names, rank = _rank(ids)
    members, sizes, weights = _memberships(members, revenue)
    nothing = np.zeros(0, dtype=np.int64)
    best = _Counts(nothing, nothing, nothing, np.zeros(0), sizes, weights)
    best_key, total = nothing, 0
    for a, b, shared in _sharing_blocks(_Listings.of(members), None):
        total += len(a)
        if n <= 0:
            continue
        block, key = _orient(_Counts(a, b, shared, np.zeros(len(a)), sizes, weights), rank)
        keep = _better(block, key, best, best_key) if len(best_key) >= n else slice(None)
        merged, merged_key = best + block.take(keep), np.concatenate([best_key, key[keep]])
        pick = _top(merged, n, merged_key)
        best, best_key = merged.take(pick), merged_key[pick]
    members.sort_indices()
    shared_rev = _shared_revenue(members, revenue + 1.0, best.a, best.b)
    return _records(names, replace(best, shared_rev=shared_rev)), total


def _better(block: _Counts, key: Array, best: _Counts, best_key: Array) -> Array:
    """The pairs of ``block`` that rank above the last (the worst) of ``best``."""
    shared, worst = block.shared, int(best.shared[-1])
    keep = shared > worst
    tied = np.flatnonzero(shared == worst)
    if tied.size:
        jaccard = _columns(block.take(tied))["jaccard"]
        last = float(_columns(best.take(slice(-1, None)))["jaccard"][0])
        keep[tied[(jaccard > last) | ((jaccard == last) & (key[tied] < best_key[-1]))]] = True
    return keep


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


def overlap(
    g: GraphArrays, *, look_through: bool = False, owner_pairs: int | None = None
) -> dict[str, Any]:
    """Vendor pairs (of reach) and owner pairs sharing a company (of holdings). With
    ``owner_pairs``, only that many owner pairs, those sharing most (as
    :meth:`PairRecords.top`), and how many there are in ``managers_total``."""
    reach = reach_matrix(g, look_through=look_through)
    out: dict[str, Any] = {"vendors": overlap_pairs(reach, g.vendor_ids, g.revenue, all_pairs=True)}
    if owner_pairs is None:
        out["managers"] = overlap_pairs(g.stakes, g.owner_ids, g.revenue, all_pairs=False)
    else:
        out["managers"], out["managers_total"] = top_sharing_pairs(
            g.stakes, g.owner_ids, g.revenue, owner_pairs
        )
    return out
