"""Paths between two nodes: how a vendor reaches a company, hop by hop.

A vendor reaches a company through a chain such as ``OpenAI —FORMED→ The Deployment
Company ←PARTNER_IN— TPG —HOLDS→ company``, and further ``—HOLDS→`` hops where companies
hold companies. :func:`paths` lists the simple paths between two nodes (relationships
followed either way), shortest first, each hop with its relationship, direction, stake and
source, and the effective stake of the path's holding chain: the product of the stakes of
the ``HOLDS`` hops that end the path, all pointing at the target (the look-through stake
of ``jvgraph metrics --look-through``, along this one path).

The search is bounded: distances to the target are found breadth first to ``max_hops``
(every node and relationship at most once, in arrays), and the paths are then walked from
the source only through nodes that can still reach the target in the hops left, up to
``limit`` paths and a budget of steps: ``truncated`` says more paths exist than were
listed, ``stopped`` that the budget ran out first, and ``complete`` that every path of at
most ``max_hops`` hops is listed.
"""

from __future__ import annotations

import threading
import weakref
from typing import Any

import numpy as np
import numpy.typing as npt

from jvgraph.errors import UsageError
from jvgraph.explore.index import GraphIndex

__all__ = ["MAX_HOPS", "Adjacency", "paths", "paths_subgraph"]

Ints = npt.NDArray[np.int64]

#: the most hops a path may have
MAX_HOPS = 8
#: steps the walk may take before it stops (``complete`` is then false)
STEPS = 200_000


class Adjacency:
    """Each node's relationships, either way: those of ``i`` are ``rel[ptr[i]:ptr[i+1]]``,
    leading to ``other[ptr[i]:ptr[i+1]]``."""

    def __init__(self, index: GraphIndex) -> None:
        src, dst = index.ends
        ends = np.concatenate([src, dst])
        order = np.argsort(ends, kind="stable")
        self.rel = np.concatenate([np.arange(src.size)] * 2)[order]
        self.other = np.concatenate([dst, src])[order]
        self.ptr = np.zeros(len(index) + 1, dtype=np.int64)
        np.cumsum(np.bincount(ends, minlength=len(index)), out=self.ptr[1:])

    def around(self, nodes: Ints) -> tuple[Ints, Ints]:
        """(relationship, other end) of every relationship of ``nodes``."""
        starts, stops = self.ptr[nodes], self.ptr[nodes + 1]
        sizes = stops - starts
        at = np.repeat(starts - np.cumsum(sizes) + sizes, sizes) + np.arange(sizes.sum())
        return self.rel[at], self.other[at]

    def distances(self, target: int, max_hops: int) -> Ints:
        """Hops from every node to ``target`` (``max_hops + 1`` beyond ``max_hops``)."""
        dist = np.full(len(self.ptr) - 1, max_hops + 1, dtype=np.int64)
        dist[target] = 0
        frontier = np.array([target], dtype=np.int64)
        seen = np.zeros(dist.size, dtype=bool)
        seen[target] = True
        for hop in range(1, max_hops + 1):
            _, others = self.around(frontier)
            others = others[~seen[others]]
            seen[others] = True  # a mask, not np.unique: each node once, in O(n)
            frontier = np.flatnonzero(seen & (dist > hop))
            dist[frontier] = hop
            if not frontier.size:
                break
        return dist


_ADJACENCY: weakref.WeakKeyDictionary[GraphIndex, Adjacency] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def adjacency(index: GraphIndex) -> Adjacency:
    """The index's :class:`Adjacency`, built once per index (an index is of one version)."""
    with _LOCK:
        found = _ADJACENCY.get(index)
        if found is None:
            found = _ADJACENCY[index] = Adjacency(index)
        return found


def paths(
    index: GraphIndex, source: str, target: str, *, max_hops: int = 6, limit: int = 20
) -> dict[str, Any]:
    """The simple paths from ``source`` to ``target`` (ids) of at most ``max_hops`` hops,
    shortest first, at most ``limit``."""
    if not 1 <= max_hops <= MAX_HOPS:
        raise UsageError(f"max hops {max_hops}: give 1 to {MAX_HOPS}")
    s, t = index.position(source), index.position(target)
    if s == t:
        raise UsageError("a path needs two different nodes")
    adj = adjacency(index)
    dist = adj.distances(t, max_hops)
    found, stopped = _walk(adj, dist, s, t, max_hops, limit) if dist[s] <= max_hops else ([], False)
    found.sort(key=len)
    return {
        "from": _node(index, s),
        "to": _node(index, t),
        "max_hops": max_hops,
        "shortest": len(found[0]) if found else None,
        "paths": [_path_doc(index, s, rels) for rels in found[:limit]],
        "truncated": len(found) > limit,
        "stopped": stopped,
        "complete": len(found) <= limit and not stopped,
    }


def _walk(
    adj: Adjacency, dist: Ints, s: int, t: int, max_hops: int, limit: int
) -> tuple[list[list[int]], bool]:
    """Relationship lists of the paths ``s`` → ``t``, by length, one more than ``limit``
    at most; and whether the walk ran out of steps before it saw them all."""
    out: list[list[int]] = []
    steps = 0
    for length in range(int(dist[s]), max_hops + 1):
        stack: list[tuple[int, list[int], list[int]]] = [(s, [s], [])]
        while stack:
            node, nodes, rels = stack.pop()
            left = length - len(rels)
            if node == t:
                if left == 0:
                    out.append(rels)
                    if len(out) > limit:
                        return out, False
                continue
            steps += 1
            if steps > STEPS:
                return out, True
            rel, other = adj.around(np.array([node]))
            ok = dist[other] <= left - 1
            for r, o in reversed(list(zip(rel[ok].tolist(), other[ok].tolist(), strict=True))):
                if o not in nodes:
                    stack.append((o, [*nodes, o], [*rels, r]))
    return out, False


def _node(index: GraphIndex, at: int) -> dict[str, Any]:
    node = index.nodes([at])[0]
    return {"id": node.id, "label": node.label, "name": node.properties.get("name") or node.id}


def _path_doc(index: GraphIndex, s: int, rels: list[int]) -> dict[str, Any]:
    """One path: its nodes, its hops and the effective stake of its final holding chain."""
    src, dst = index.ends
    at, hops = s, []
    nodes = [_node(index, s)]
    for rel in rels:
        edge = index.relationships(np.array([rel], dtype=np.int64))[0]
        forward = int(src[rel]) == at
        at = int(dst[rel]) if forward else int(src[rel])
        nodes.append(_node(index, at))
        props = edge.properties
        hops.append(
            {
                "type": edge.type,
                "from": edge.source,
                "to": edge.target,
                "forward": forward,
                **{k: props.get(k) for k in ("stake", "since", "until", "source") if k in props},
            }
        )
    return {
        "length": len(rels),
        "nodes": nodes,
        "hops": hops,
        "effective_stake": _effective(hops),
    }


def _effective(hops: list[dict[str, Any]]) -> float | None:
    """The product of the stakes of the HOLDS hops ending the path, all pointing forward;
    ``None`` where the path does not end in one or a stake is unknown."""
    stake = 1.0
    chain = 0
    for hop in reversed(hops):
        if hop["type"] != "HOLDS" or not hop["forward"]:
            break
        if hop.get("stake") is None:
            return None
        stake *= float(hop["stake"])
        chain += 1
    return stake if chain else None


def paths_subgraph(index: GraphIndex, doc: dict[str, Any]) -> dict[str, Any]:
    """The nodes and relationships of the paths of ``doc`` (:func:`paths`) as a subgraph
    to draw: each node once, with its properties; each hop's relationship once."""
    from jvgraph.explore.browse import node_doc

    ids = list(dict.fromkeys(n["id"] for p in doc["paths"] for n in p["nodes"]))
    nodes = [node_doc(index.get_node(i)) for i in ids]
    edges: dict[tuple[Any, ...], dict[str, Any]] = {}
    for p in doc["paths"]:
        for hop in p["hops"]:
            props = {k: hop[k] for k in ("stake", "since", "until", "source") if k in hop}
            key = (hop["from"], hop["type"], hop["to"], hop.get("since"))
            edges.setdefault(key, {"source": hop["from"], "target": hop["to"],
                                   "type": hop["type"], "properties": props})  # fmt: skip
    return {"nodes": nodes, "edges": list(edges.values()), "truncated": False, "total": len(nodes)}
