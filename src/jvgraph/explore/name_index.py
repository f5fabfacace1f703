"""Type-ahead over node names: the store's search order without a scan per keystroke.

Names are case-folded once and laid end to end in the store's order (shorter names
first, then by name, then by node index), each after a separator. A search ranks as the
store does: the name itself (in any case), then names starting with the text as typed
(same case), then names starting with it in another case, then names holding it
elsewhere; each group shorter names first, then by name. It takes the names starting
with the text (a binary search in the sorted names, or, when thousands start with it,
the first found after a separator) and then finds the text anywhere else, stopping as
soon as it has enough names: a common text is answered from the first names, a rare
one costs one pass over the text.

>>> index = NameIndex(["Sequoia Capital", "Sequoia", "Big Sequoia Fund", None, "Acme"])
>>> index.search("sequoia", 10).tolist()
[1, 0, 2]
>>> index.search("CAP", 10).tolist()
[0]
>>> NameIndex(["DELTA LLOYD NV", "Delta Air Lines", "Air Delta"]).search("Delta", 10).tolist()
[1, 0, 2]
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
        self._names = [str(names[i]) for i in order]
        folded = [name.lower() for name in self._names]
        self._folded = folded
        self._at = np.array(order, dtype=np.int64)
        self._text = _SEP + _SEP.join(folded) + _SEP
        self._cased = _SEP + _SEP.join(self._names) + _SEP
        self._cased_starts = np.cumsum([1] + [len(n) + 1 for n in self._names]).tolist()
        self._starts = np.cumsum([1] + [len(f) + 1 for f in folded]).tolist()
        by_folded = sorted(range(len(folded)), key=folded.__getitem__)
        self._sorted = [folded[r] for r in by_folded]
        self._sorted_rank = np.array(by_folded, dtype=np.int64)

    def search(self, text: str, limit: int) -> Ints:
        """At most ``limit`` node indices whose name contains ``text`` in any case, in the
        store's order (see above; nothing for empty text, as the embedded store finds
        nothing)."""
        folded = text.lower()
        if not folded or _SEP in folded or limit <= 0:
            return self._at[:0]
        first = self._starting(text, folded, limit)
        if len(first) < limit:
            first += self._scan(folded, limit - len(first), prefix=False)
        return self._at[np.array(first, dtype=np.int64)]

    def _starting(self, text: str, folded: str, limit: int) -> list[int]:
        """Ranks of the first ``limit`` names starting with ``folded``, ranked: from the
        sorted names when few start with it, else from the texts (where they come soon)."""
        lo = bisect.bisect_left(self._sorted, folded)
        hi = bisect.bisect_left(self._sorted, folded + _TOP, lo)
        if hi - lo > _FEW:
            cased = self._scan(text, limit, prefix=True, cased=True)
            ranks = cased + self._scan(folded, limit, prefix=True)
        else:
            ranks = [int(r) for r in self._sorted_rank[lo:hi].tolist()]
        tiers = {r: self._tier(r, text, folded) for r in ranks}
        return sorted(tiers, key=lambda r: (tiers[r], r))[:limit]

    def _tier(self, rank: int, text: str, folded: str) -> int:
        """0: the name is the text (any case); 1: it starts with the text as typed; 2: in
        another case."""
        if self._folded[rank] == folded:
            return 0
        return 1 if self._names[rank].startswith(text) else 2

    def _scan(self, needle: str, limit: int, *, prefix: bool, cased: bool = False) -> list[int]:
        """Ranks of the first ``limit`` names (folded, or as written when ``cased``) holding
        ``needle``: at their start when ``prefix``, elsewhere when not."""
        text, starts = (self._cased, self._cased_starts) if cased else (self._text, self._starts)
        found: list[int] = []
        needle = _SEP + needle if prefix else needle
        at = text.find(needle)
        while at >= 0 and len(found) < limit:
            rank = bisect.bisect_right(starts, at + prefix) - 1
            if prefix or starts[rank] != at:
                found.append(rank)
            at = text.find(needle, starts[rank + 1] - prefix)
        return found
