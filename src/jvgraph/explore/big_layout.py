"""Positions for the whole graph at once, for the explorer's WebGL view.

Every node of the data (vendors, joint ventures, asset managers, companies) gets a group,
a position and a size, computed from the graph's arrays (:class:`GraphArrays`) without a
force simulation, so that tens of thousands of nodes take well under a second:

- **groups**: by *market*, a company's sector; a node without one takes the group most of
  its neighbours have (a manager the sector most of its holdings are in, a joint venture
  its partners', a vendor its joint ventures'); by *manager*, each company the manager
  holding it (the first holder in the data when stakes are unknown), the other nodes again
  from their neighbours. The largest ``max_groups - 1`` groups keep their name; the rest
  are merged into one ("other").
- **layout**: each group is a disc of area proportional to its node count, the discs are
  packed in rows, largest first; within a disc the nodes lie on a sunflower spiral, the
  best connected in the middle, then each node is pulled twice towards the mean of its
  neighbours in the same group (a sparse matrix product), so that a portfolio sits near
  its holder.
- **size**: grows with the logarithm of the node's degree.

>>> from jvgraph.config import bundled_dataset
>>> from jvgraph.load import read_dataset
>>> doc = whole_graph_layout(read_dataset(bundled_dataset("jv-2026")), group="market")
>>> len(doc["nodes"]) == doc["counts"]["nodes"], doc["nodes"][0]["label"]
(True, 'Vendor')
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from jvgraph.errors import UsageError
from jvgraph.metrics.arrays import GraphArrays
from jvgraph.model import Dataset

__all__ = ["GROUPINGS", "WholeGraph", "group_codes", "positions", "whole_graph_layout"]

Grouping = Literal["market", "manager"]
GROUPINGS: tuple[Grouping, ...] = ("market", "manager")
Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]

#: node labels in the order the nodes are numbered
KINDS = ("Vendor", "JointVenture", "AssetManager", "Company")
GOLDEN = np.pi * (3.0 - np.sqrt(5.0))


@dataclass(frozen=True)
class WholeGraph:
    """Every node (``kind`` indexes :data:`KINDS`) and every relationship counting on
    the as-of date, as index pairs ``src[i] -> dst[i]``."""

    ids: list[str]
    names: list[str]
    kind: Ints
    src: Ints
    dst: Ints
    sector: list[str | None]  # per node: the company's sector, else None

    @classmethod
    def of(cls, g: GraphArrays) -> WholeGraph:
        parts = [g.vendor_ids, g.jv_ids, g.manager_ids, g.company_ids]
        start = np.cumsum([0] + [len(p) for p in parts])
        ids = [str(i) for p in parts for i in p]
        jv_names = g.jv["name"].tolist() if "name" in g.jv else list(g.jv_ids)
        names = [*g.vendor_names, *jv_names, *g.manager_names, *g.company_names]
        kind = np.repeat(np.arange(4), [len(p) for p in parts])
        formed, partners, stakes = g.formed.tocoo(), g.partners.tocoo(), g.stakes.tocoo()
        company_at = {str(c): i for i, c in enumerate(g.company_ids)}
        owner_node = np.array(
            [
                start[2] + i if i < len(g.manager_ids) else start[3] + company_at[str(o)]
                for i, o in enumerate(g.owner_ids)
            ],
            dtype=np.int64,
        )
        src = np.concatenate(
            [start[0] + formed.row, start[2] + partners.col, owner_node[stakes.row]]
        )
        dst = np.concatenate(
            [start[1] + formed.col, start[1] + partners.row, start[3] + stakes.col]
        )
        sectors = g.company["sector"].tolist() if "sector" in g.company else []
        sector: list[str | None] = [None] * int(start[3])
        sector += [_text(s) for s in sectors]
        sector += [None] * (len(ids) - len(sector))
        return cls(
            ids,
            [_text(n) or i for n, i in zip(names, ids, strict=True)],
            kind,
            src.astype(np.int64),
            dst.astype(np.int64),
            sector,
        )

    def subset(self, keep: npt.NDArray[np.bool_]) -> WholeGraph:
        """The graph of the nodes ``keep`` marks and the relationships between them."""
        at = np.cumsum(keep) - 1
        rels = keep[self.src] & keep[self.dst]
        where = np.flatnonzero(keep).tolist()
        return WholeGraph(
            [self.ids[i] for i in where],
            [self.names[i] for i in where],
            self.kind[keep],
            at[self.src[rels]].astype(np.int64),
            at[self.dst[rels]].astype(np.int64),
            [self.sector[i] for i in where],
        )

    def adjacency(self) -> sp.csr_matrix:
        """The symmetric node × node adjacency (1 per relationship, either way)."""
        n = len(self.ids)
        ones = np.ones(2 * len(self.src))
        both = (np.concatenate([self.src, self.dst]), np.concatenate([self.dst, self.src]))
        return sp.csr_matrix((ones, both), shape=(n, n))


def _text(value: Any) -> str | None:
    """A non-empty string, or ``None`` for empty and missing values."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def group_codes(
    graph: WholeGraph, grouping: Grouping, max_groups: int = 12
) -> tuple[Ints, list[str]]:
    """Per node the index of its group, and the groups' names (the largest first; the
    last is ``"other"`` when groups were merged, ``"no market"`` for nodes with none)."""
    adj = graph.adjacency()
    if grouping == "market":
        seeds = graph.sector
    else:
        seeds = [i if k == 2 else None for i, k in zip(graph.ids, graph.kind, strict=True)]
        seeds = _first_holder(graph, seeds)
    names = sorted({s for s in seeds if s is not None})
    at = {name: i for i, name in enumerate(names)}
    codes = np.array([-1 if s is None else at[s] for s in seeds], dtype=np.int64)
    codes = _spread(adj, codes, len(names))
    if grouping == "market":
        return _top(codes, names, max_groups, "no market")
    codes, keys = _top(codes, names, max_groups, "no manager")
    name_of = dict(zip(graph.ids, graph.names, strict=True))
    return codes, [name_of.get(key, key) for key in keys]


def _first_holder(graph: WholeGraph, seeds: list[str | None]) -> list[str | None]:
    """Each company's group is the id of the first manager holding it in the data."""
    out = list(seeds)
    holds = (graph.kind[graph.src] == 2) & (graph.kind[graph.dst] == 3)
    src, dst = graph.src[holds], graph.dst[holds]
    first = np.unique(dst, return_index=True)
    for company, row in zip(first[0].tolist(), first[1].tolist(), strict=True):
        out[company] = seeds[int(src[row])]
    return out


def _spread(adj: sp.csr_matrix, codes: Ints, k: int, rounds: int = 3) -> Ints:
    """Nodes without a group take the group most of their grouped neighbours have."""
    codes = codes.copy()
    if k == 0:
        return codes
    for _ in range(rounds):
        missing = np.flatnonzero(codes < 0)
        if len(missing) == 0:
            break
        known = np.flatnonzero(codes >= 0)
        onehot = sp.csr_matrix((np.ones(len(known)), (known, codes[known])), shape=(len(codes), k))
        counts = (adj[missing] @ onehot).tocsr()
        has = np.diff(counts.indptr) > 0
        best = np.asarray(counts.argmax(axis=1)).ravel()
        codes[missing[has]] = best[has]
    return codes


def _top(codes: Ints, names: list[str], max_groups: int, empty: str) -> tuple[Ints, list[str]]:
    """Renumber groups by size (largest first), merging the smallest into ``"other"``."""
    sizes = np.bincount(codes[codes >= 0], minlength=len(names))
    order = np.argsort(-sizes, kind="stable")
    order = order[sizes[order] > 0]
    keep = order[: max_groups - 1] if len(order) > max_groups - 1 else order
    label = [names[i] for i in keep]
    new = np.full(len(names) + 1, -1, dtype=np.int64)
    new[keep] = np.arange(len(keep))
    if len(order) > len(keep):
        new[:-1][new[:-1] < 0] = len(label)
        label.append("other")
    result = new[codes]  # codes of -1 read new[-1], which is -1
    if (result < 0).any():
        result[result < 0] = len(label)
        label.append(empty)
    return result, label


def positions(graph: WholeGraph, codes: Ints, n_groups: int) -> tuple[Floats, Floats]:
    """x and y of every node: group discs packed in rows, sunflower spirals inside."""
    sizes = np.bincount(codes, minlength=n_groups)
    radius = np.sqrt(np.maximum(sizes, 1)) * 10.0
    cx, cy = _pack(radius)
    degree = np.bincount(np.concatenate([graph.src, graph.dst]), minlength=len(graph.ids))
    order = np.lexsort((-degree, codes))  # by group, best connected first
    rank = np.empty(len(order), dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(sizes)])
    rank[order] = np.arange(len(order)) - starts[codes[order]]
    r = radius[codes] * np.sqrt((rank + 0.5) / np.maximum(sizes[codes], 1))
    x = cx[codes] + r * np.cos(rank * GOLDEN)
    y = cy[codes] + r * np.sin(rank * GOLDEN)
    return _smooth(graph, codes, x, y)


def _pack(radius: Floats) -> tuple[Floats, Floats]:
    """Centres of discs (largest first) packed in rows about as wide as the whole."""
    width = 2.0 * np.sqrt((4 * radius**2).sum()) * 1.1
    cx, cy = np.zeros(len(radius)), np.zeros(len(radius))
    x = y = row = 0.0
    for i in np.argsort(-radius, kind="stable").tolist():
        d = 2 * radius[i] * 1.15
        if x > 0 and x + d > width:
            x, y, row = 0.0, y + row, 0.0
        cx[i], cy[i] = x + d / 2, y + d / 2
        x, row = x + d, max(row, d)
    return cx, cy


def _smooth(graph: WholeGraph, codes: Ints, x: Floats, y: Floats) -> tuple[Floats, Floats]:
    """Pull each node towards the mean of its neighbours in its own group, twice."""
    same = codes[graph.src] == codes[graph.dst]
    n = len(graph.ids)
    s, d = graph.src[same], graph.dst[same]
    adj = sp.csr_matrix((np.ones(2 * len(s)), (np.r_[s, d], np.r_[d, s])), shape=(n, n))
    deg = np.asarray(adj.sum(axis=1)).ravel()
    has = deg > 0
    for _ in range(2):
        mx, my = adj @ x, adj @ y
        x = np.where(has, 0.5 * x + 0.5 * mx / np.maximum(deg, 1), x)
        y = np.where(has, 0.5 * y + 0.5 * my / np.maximum(deg, 1), y)
    return x, y


def _sources(data: Dataset, most: int = 10) -> list[str]:
    """The data's distinct ``source`` values (its attribution), the most frequent first."""
    found: dict[str, int] = {}
    for table in data.tables.values():
        if "source" in table.column_names:
            for value in table.column("source").drop_null().to_pylist():
                found[str(value)] = found.get(str(value), 0) + 1
    return sorted(found, key=lambda v: (-found[v], v))[:most]


def _nodes(graph: WholeGraph, codes: Ints, x: Floats, y: Floats) -> list[dict[str, Any]]:
    """One object per node, its size growing with the logarithm of its degree."""
    degree = np.bincount(np.concatenate([graph.src, graph.dst]), minlength=len(graph.ids))
    size = np.minimum(2.0 + 1.5 * np.log2(1.0 + degree), 14.0)
    return [
        {
            "id": i,
            "name": n,
            "label": KINDS[k],
            "x": round(a, 1),
            "y": round(b, 1),
            "size": round(s, 2),
            "group": c,
        }
        for i, n, k, a, b, s, c in zip(
            graph.ids,
            graph.names,
            graph.kind.tolist(),
            x.tolist(),
            y.tolist(),
            size.tolist(),
            codes.tolist(),
            strict=True,
        )
    ]


def vendor_network(g: GraphArrays, graph: WholeGraph, vendor: str) -> npt.NDArray[np.bool_]:
    """Which nodes of ``graph`` make up a vendor's network: the vendor, the JVs it formed,
    their partners and the companies the partners hold (on the arrays' as-of date)."""
    found = np.flatnonzero(g.vendor_ids == vendor)
    if not found.size:
        raise UsageError(f"{vendor!r} is not a vendor: a vendor's network needs an AI vendor")
    v = int(found[0])
    jvs = g.formed.getrow(v).indices
    managers = np.unique(g.partners[jvs].indices) if jvs.size else np.array([], dtype=np.int64)
    companies = np.unique(g.stakes[managers].indices) if managers.size else managers
    n_v, n_j, n_m = len(g.vendor_ids), len(g.jv_ids), len(g.manager_ids)
    keep = np.zeros(len(graph.ids), dtype=bool)
    keep[v] = True
    keep[n_v + jvs] = True
    keep[n_v + n_j + managers] = True
    keep[n_v + n_j + n_m + companies] = True
    return keep


def whole_graph_layout(
    data: Dataset,
    *,
    as_of: dt.date | None = None,
    group: Grouping = "market",
    max_groups: int = 12,
    vendor: str | None = None,
) -> dict[str, Any]:
    """The whole graph (or one ``vendor``'s network: :func:`vendor_network`) with positions: ``nodes`` (id, name, label, x, y, size, group as
    an index into ``groups``), ``edges`` as ``[source, target]`` node indices, the
    ``groups`` with their node counts, the ``counts``, the data's ``sources`` and the
    ``seconds`` it took."""
    started = time.perf_counter()
    g = GraphArrays.build(data, as_of)
    graph = WholeGraph.of(g)
    if vendor is not None:
        graph = graph.subset(vendor_network(g, graph, vendor))
    codes, names = group_codes(graph, group, max_groups)
    x, y = positions(graph, codes, len(names))
    nodes = _nodes(graph, codes, x, y)
    counts = np.bincount(codes, minlength=len(names)).tolist()
    return {
        "as_of": as_of.isoformat() if as_of else None,
        "group": group,
        "nodes": nodes,
        "edges": np.column_stack([graph.src, graph.dst]).tolist(),
        "groups": [{"name": g, "nodes": c} for g, c in zip(names, counts, strict=True)],
        "counts": {"nodes": len(nodes), "edges": len(graph.src)},
        "sources": _sources(data),
        "vendor": None if vendor is None else {"id": vendor, "name": graph.names[0]},
        "seconds": round(time.perf_counter() - started, 3),
    }
