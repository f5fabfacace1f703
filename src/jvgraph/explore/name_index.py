"""Type-ahead over node names: the store's search order without a scan per keystroke.

Names are case-folded once and laid end to end in the store's order (shorter names
first, then by name, then by node index), each after a separator. A search takes the
names starting with the text (a binary search in the sorted names, or, when thousands
start with it, the first found after a separator) and then finds the text anywhere else,
in that order, stopping as soon as it has enough names: a common text is answered from
the first names, a rare one costs one pass over the text.

>>> index = NameIndex(["Sequoia Capital", "Sequoia", "Big Sequoia Fund", None, "Acme"])
>>> index.search("sequoia", 10).tolist()
[1, 0, 2]
>>> index.search("CAP", 10).tolist()
[0]
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

__all__ = ["NameIndex"]

Ints = npt.NDArray[np.int64]

#: between names (a text containing it is found in no name)
_SEP = "\x00"
#: above every character: the names starting with ``t`` sort from ``t`` to ``t + _TOP``
_TOP = "\U0010ffff"
#: up to this many names starting with a text are ranked from the sorted names
_FEW = 4096


class NameIndex:
    """Names of nodes ``0 … n-1`` (``None`` for a node without one)."""

    def __init__(self, names: Sequence[str | None]) -> None:
        named = [i for i, name in enumerate(names) if name is not None]
        order = sorted(named, key=lambda i: (len(str(names[i])), str(names[i]), i))
        folded = [str(names[i]).lower() for i in order]
        self._at = np.array(order, dtype=np.int64)
        self._text = _SEP + _SEP.join(folded) + _SEP
        self._starts = np.cumsum([1] + [len(f) + 1 for f in folded]).tolist()
        by_folded = sorted(range(len(folded)), key=folded.__getitem__)
        self._sorted = [folded[r] for r in by_folded]
        self._sorted_rank = np.array(by_folded, dtype=np.int64)

    def search(self, text: str, limit: int) -> Ints:
        """At most ``limit`` node indices whose name contains ``text`` in any case: those
        starting with it first, each group shorter names first, then by name (nothing
        for empty text, as the embedded store finds nothing)."""
        folded = text.lower()
        if not folded or _SEP in folded or limit <= 0:
            return self._at[:0]
        first = self._starting(folded, limit)
        if len(first) < limit:
            first += self._scan(folded, limit - len(first), prefix=False)
        return self._at[np.array(first, dtype=np.int64)]

    def _starting(self, folded: str, limit: int) -> list[int]:
        """Ranks of the first ``limit`` names starting with ``folded``: from the sorted
        names when few start with it, else from the text (where they come soon)."""
        lo = bisect.bisect_left(self._sorted, folded)
        hi = bisect.bisect_left(self._sorted, folded + _TOP, lo)
        if hi - lo > _FEW:
            return self._scan(_SEP + folded, limit, prefix=True)
        ranks = np.sort(self._sorted_rank[lo:hi])[:limit]
        return [int(r) for r in ranks.tolist()]

    def _scan(self, needle: str, limit: int, *, prefix: bool) -> list[int]:
        """Ranks of the first ``limit`` names holding ``needle`` (after the separator when
        ``prefix``; elsewhere than at the start when not)."""
        found: list[int] = []
        at = self._text.find(needle)
        while at >= 0 and len(found) < limit:
            rank = bisect.bisect_right(self._starts, at + prefix) - 1
            if prefix or self._starts[rank] != at:
                found.append(rank)
            at = self._text.find(needle, self._starts[rank + 1] - prefix)
        return found
