"""Gatekeepers: how much of a vendor's reach depends on each JV partner.

The marginal reach of partner ``m`` for vendor ``v`` is the set of companies
``v`` would lose if ``m`` were not a partner of any of ``v``'s JVs: the
companies of ``reach(v)`` that ``m`` holds and no other partner of ``v``
holds. The betweenness centrality of owners in the ownership graph
(owners → companies, undirected) shows who sits between otherwise distant
parts of it.

>>> from jvgraph.config import bundled_dataset
>>> from jvgraph.load import read_dataset
>>> from jvgraph.metrics.arrays import GraphArrays
>>> g = GraphArrays.build(read_dataset(bundled_dataset("jv-2026")))
>>> sorted(gatekeepers(g))
['v-anthropic', 'v-openai']
"""

from __future__ import annotations

from typing import Any

import numpy as np

from jvgraph.metrics.arrays import GraphArrays
from jvgraph.metrics.reach import effective_stakes

__all__ = ["gatekeepers", "owner_betweenness"]


def gatekeepers(
    g: GraphArrays, *, look_through: bool = False
) -> dict[str, dict[str, dict[str, Any]]]:
    """Per vendor and partner: ``companies`` and ``revenue_usd`` lost without the partner
    (with ``look_through``, holdings through subsidiaries count as the partner's)."""
    partners = g.vendor_managers()
    if look_through:
        held = effective_stakes(g).tocsr().astype(float)
        held.data[:] = 1.0
    else:
        held = g.manager_holdings()
    # only partners can be lost: the holdings of the other managers are never read
    chosen = np.unique(partners.indices)
    held = held[chosen].tocsr()
    partners = partners[:, chosen].tocsr()
    holders = (partners @ held).tocsr()  # how many of v's partners hold each company
    own = g.own_companies()
    if own.nnz:  # a vendor's own company is not in its reach, so no partner brings it
        holders = (holders - holders.multiply(own)).tocsr()
        holders.eliminate_zeros()
    only_one = holders.copy()
    only_one.data = (only_one.data == 1).astype(float)
    only_one.eliminate_zeros()
    lost = (only_one @ held.T).multiply(partners).tocsr()
    lost_rev = (only_one.multiply(g.revenue).tocsr() @ held.T).multiply(partners).tocsr()
    manager_ids = g.manager_ids[chosen]
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for v, vendor in enumerate(g.vendor_ids):
        row = partners.indices[partners.indptr[v] : partners.indptr[v + 1]]
        out[str(vendor)] = {
            str(manager_ids[m]): {
                "companies": round(float(lost[v, m])),
                "revenue_usd": float(lost_rev[v, m]),
            }
            for m in sorted(row, key=lambda m: str(manager_ids[m]))
        }
    return out


def owner_betweenness(
    g: GraphArrays, *, sample: int | None = None, seed: int = 0
) -> dict[str, float]:
    """Betweenness of each owner in the undirected owner–company graph.

    Exact by default; with ``sample`` it is estimated from that many source
    nodes (networkx's ``k``), for graphs too large for the exact O(VE) count.
    """
    import networkx as nx

    stakes = g.stakes.tocoo()
    graph = nx.Graph()
    owners = [("o", int(i)) for i in range(len(g.owner_ids))]
    graph.add_nodes_from(owners)
    graph.add_edges_from(
        zip((("o", int(i)) for i in stakes.row), (("c", int(j)) for j in stakes.col), strict=True)
    )
    k = None if sample is None or sample >= graph.number_of_nodes() else sample
    scores = nx.betweenness_centrality(graph, k=k, seed=seed, normalized=True)
    return {str(g.owner_ids[i]): float(scores[("o", i)]) for i in range(len(g.owner_ids))}
