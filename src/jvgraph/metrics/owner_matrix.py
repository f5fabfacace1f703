"""The owners of the owner pairs sharing most, and what every pair among them shares.

The report lists only the owner pairs sharing most companies, so a matrix filled from
that list leaves cells empty for pairs among the same owners that did not make the list.
:func:`owner_matrix` picks the owners from the list (largest pairs first) and then counts
the companies shared by every pair of them from the holdings themselves: the product of
their 0/1 rows of ``g.stakes``.

>>> from jvgraph.config import bundled_dataset
>>> from jvgraph.load import read_dataset
>>> from jvgraph.metrics.arrays import GraphArrays
>>> g = GraphArrays.build(read_dataset(bundled_dataset("jv-2026")))
>>> pair = {"a": "am-bain-capital", "b": "am-general-atlantic", "shared": 2, "jaccard": 0.0}
>>> m = owner_matrix(g, [pair], k=2)
>>> m["names"], m["shared"][0][1] == m["shared"][1][0]
(['Bain Capital', 'General Atlantic'], True)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from jvgraph.metrics.arrays import GraphArrays

__all__ = ["owner_matrix"]


def owner_matrix(g: GraphArrays, pairs: Sequence[dict[str, Any]], k: int = 12) -> dict[str, Any]:
    """The owners of the pairs sharing most (both owners of each pair, largest pairs first,
    until ``k`` owners), the number of listed pairs walked to find them (``pairs``), and for
    every pair of them the companies both hold (``shared``; the diagonal: the companies
    each holds) and the Jaccard similarity of their holdings (``jaccard``), as lists."""
    chosen, walked = _owners(pairs, k)
    index = {str(x): i for i, x in enumerate(g.owner_ids.tolist())}
    rows = [index[x] for x in chosen if x in index]
    ids = [chosen[i] for i, x in enumerate(chosen) if x in index]
    stakes = g.stakes[rows].tocsr()
    ones = np.ones(len(stakes.data), dtype=np.int64)  # a holding counts whatever its stake
    held = sp.csr_matrix((ones, stakes.indices, stakes.indptr), shape=stakes.shape)
    shared = np.asarray((held @ held.T).todense(), dtype=np.int64)
    sizes = np.diag(shared)
    union = sizes[:, None] + sizes[None, :] - shared
    jaccard = np.divide(shared, union, out=np.zeros(shared.shape), where=union > 0)
    names = g.owner_names
    return {
        "owners": ids,
        "names": [str(names[i]) for i in rows],
        "pairs": walked,
        "shared": shared.tolist(),
        "jaccard": jaccard.tolist(),
    }


def _owners(pairs: Sequence[dict[str, Any]], k: int) -> tuple[list[str], int]:
    """(the owners of the pairs sharing most, in the order met, up to ``k``; how many
    pairs were walked to meet them)."""
    order = sorted(pairs, key=lambda p: (-p["shared"], -p.get("jaccard", 0.0)))
    chosen: list[str] = []
    walked = 0
    for p in order:
        if len(chosen) >= k:
            break
        walked += 1
        for owner in (str(p["a"]), str(p["b"])):
            if owner not in chosen and len(chosen) < k:
                chosen.append(owner)
    return chosen, walked
