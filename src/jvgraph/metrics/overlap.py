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
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, overload

import numpy as np
import scipy.sparse as sp

from jvgraph.metrics.arrays import GraphArrays
from jvgraph.metrics.reach import reach_matrix
from jvgraph.metrics.sharing import Listings, shared_revenue, sharing_blocks

__all__ = [
    "PAIR_FILE_COLUMNS",
    "PairRecords",
    "json_default",
    "overlap",
    "overlap_arrays",
    "overlap_pairs",
    "plain",
    "top_sharing_pairs",
    "write_sharing_pairs",
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

    The blocks of :func:`sharing_blocks` are copied, in order, into arrays sized for
    the most pairs there can be (one per listing), of which only the part filled is
    kept: memory never touched costs nothing. Indices are 32-bit where they fit,
    counts as small as they fit.
    """
    listings = Listings.of(members)
    limit = int(listings.before[-1])
    index = np.int32 if members.shape[0] < 2**31 else np.int64
    count = np.min_scalar_type(int(np.diff(members.indptr).max(initial=0)))  # fits every count
    out = [np.empty(limit, dtype=t) for t in (index, index, count, np.float64)]
    filled = 0
    for found in sharing_blocks(listings, revenue):
        k = len(found[0])
        for column, values in zip(out, found, strict=True):
            column[filled : filled + k] = values
        filled += k
    a, b, shared, shared_rev = (column[:filled] for column in out)
    return a, b, shared, shared_rev


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
    for a, b, shared in sharing_blocks(Listings.of(members), None):
        total += len(a)
        if n <= 0:
            continue
        full = len(best_key) >= n
        if full:  # only pairs sharing at least as many as the worst kept can enter
            near = np.flatnonzero(shared >= best.shared[-1])
            if not near.size:
                continue
            a, b, shared = a[near], b[near], shared[near]
        block, key = _orient(_Counts(a, b, shared, np.zeros(len(a)), sizes, weights), rank)
        keep: Array | slice = slice(None)
        if full:
            keep = _better(block, key, best, best_key)
            if not keep.any():
                continue
        merged, merged_key = best + block.take(keep), np.concatenate([best_key, key[keep]])
        pick = _top(merged, n, merged_key)
        best, best_key = merged.take(pick), merged_key[pick]
    members.sort_indices()
    shared_rev = shared_revenue(members, revenue + 1.0, best.a, best.b)
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


#: the columns of an owner-pair file, in order
PAIR_FILE_COLUMNS = ("a", "a_name", "b", "b_name", *_FIELDS[2:])


def write_sharing_pairs(g: GraphArrays, path: Path) -> int:
    """Write every pair of owners sharing a company to ``path`` (Parquet where it ends in
    ``.parquet``, CSV otherwise, with names made safe for spreadsheets) and return how
    many. Each pair is written once, ``a``'s id sorting before ``b``'s, block by block as
    the pairs are found (not ranked), so memory stays that of a few blocks."""
    import pyarrow as pa

    members, sizes, weights = _memberships(g.stakes, g.revenue)
    names, rank = _rank(g.owner_ids)
    labels = g.owner_names.astype(str)
    parquet = path.suffix.lower() == ".parquet"
    if not parquet:
        from jvgraph.safe_text import spreadsheet_cell

        labels = np.array([spreadsheet_cell(x) for x in labels.tolist()], dtype=object)
    schema = pa.schema([(c, pa.string()) for c in PAIR_FILE_COLUMNS[:4]]
                       + [("shared", pa.int64())] + [(c, pa.float64()) for c in _FIELDS[3:]])  # fmt: skip
    total = 0
    with _pair_writer(path, schema, parquet) as write:
        for a, b, shared, shared_rev in sharing_blocks(Listings.of(members), g.revenue):
            c, _ = _orient(_Counts(a, b, shared, shared_rev, sizes, weights), rank)
            cols = _columns(c)
            ids = {"a": names[c.a], "a_name": labels[c.a], "b": names[c.b], "b_name": labels[c.b]}
            write(pa.table({**ids, **{f: cols[f] for f in _FIELDS[2:]}}, schema=schema))
            total += len(c.a)
    return total


@contextmanager
def _pair_writer(path: Path, schema: Any, parquet: bool) -> Iterator[Any]:
    """A function that appends a table to ``path``, closed (and complete) on exit."""
    if parquet:
        import pyarrow.parquet as pq

        writer: Any = pq.ParquetWriter(path, schema)
    else:
        import pyarrow.csv as pcsv

        writer = pcsv.CSVWriter(path, schema)
    try:
        yield writer.write_table
    finally:
        writer.close()


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
