"""Pairs of rows of a 0/1 matrix that share a column, found without a sparse product.

Owners are compared by the companies they hold: two owners share a company when both
hold it. The number of such pairs grows with the square of a company's holders, so they
are listed block by block (:func:`sharing_blocks`), each block sorted on its own and
worked on every core; a reader keeps what it needs of each block (the best pairs, or
rows written to a file) and lets the rest go.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

__all__ = ["BLOCK", "Listings", "shared_revenue", "sharing_blocks", "workers"]

Array = np.ndarray[Any, Any]


def sharing_blocks(listings: Listings, revenue: Array | None) -> Iterator[tuple[Array, ...]]:
    """:meth:`Listings.block` (or, without ``revenue``, :meth:`Listings.counts`) of
    every block of rows ``a`` in order, worked on every core (numpy releases the GIL in
    sorting and most array operations). At most two blocks per core are worked on or
    waiting to be read at any time, so a reader that writes each block out holds only
    those."""
    from collections import deque
    from concurrent.futures import Future, ThreadPoolExecutor

    plus_one = None if revenue is None else revenue + 1.0
    # without revenue, (a - r0, b) is packed in 31 bits
    cuts = listings.cuts(BLOCK, key_bits=62 if plus_one is not None else 31 + listings.bits)

    def work(i: int) -> tuple[Array, ...]:
        if plus_one is None:
            return listings.counts(cuts[i], cuts[i + 1])
        return listings.block(cuts[i], cuts[i + 1], plus_one)

    n = workers()
    with ThreadPoolExecutor(n) as pool:
        pending: deque[Future[tuple[Array, ...]]] = deque()
        for i in range(len(cuts) - 1):
            pending.append(pool.submit(work, i))
            if len(pending) >= 2 * n:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


#: listings of (pair, column) per block of rows (about 1 MiB of 32-bit keys)
BLOCK = 1 << 18


def workers() -> int:
    import os

    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)


@dataclass(frozen=True)
class Listings:
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
    def of(cls, members: sp.csr_matrix) -> Listings:
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
        index = np.int32 if nnz < 2**31 - 1 else np.int64
        return cls(
            members.indptr.astype(np.int64),
            column,
            np.repeat(np.arange(members.shape[0], dtype=np.int64), np.diff(members.indptr)),
            (position + 1).astype(index),
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
        index = self.first.dtype  # 32-bit where the holdings allow: half the memory traffic
        listed = (self.before[e0:e1] - self.before[e0]).astype(index, copy=False)
        at = np.repeat(self.first[e0:e1] - listed, later)
        at += np.arange(at.size, dtype=index)
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


def shared_revenue(members: sp.csr_matrix, plus_one: Array, a: Array, b: Array) -> Array:
    """The revenue each pair ``(a, b)`` shares, summed as :meth:`Listings.block` does."""
    out = np.zeros(len(a))
    for k, (x, y) in enumerate(zip(a.tolist(), b.tolist(), strict=True)):
        cols_x = members.indices[members.indptr[x] : members.indptr[x + 1]]
        cols_y = members.indices[members.indptr[y] : members.indptr[y + 1]]
        common = np.intersect1d(cols_x, cols_y, assume_unique=True)
        summed = np.bincount(np.zeros(common.size, dtype=np.int64), plus_one[common], 1)
        out[k] = summed[0] - common.size
    return out
