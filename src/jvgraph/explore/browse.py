"""Use cases of browsing: a node with its sources, filtered neighbourhoods,
the graph behind a query result, and subgraph export formats."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable
from typing import Any, Protocol

from jvgraph.config import Limits
from jvgraph.errors import UsageError
from jvgraph.model import Dataset
from jvgraph.safe_text import spreadsheet_cell
from jvgraph.store import Edge, GraphStore, Node, Subgraph

__all__ = [
    "EXPORT_FORMATS",
    "LAYOUT_THRESHOLD",
    "NEIGHBOUR_ORDER",
    "Reads",
    "as_of_dates",
    "export_subgraph",
    "jv_network",
    "layout",
    "neighbourhood_view",
    "node_details",
    "query_with_graph",
    "subgraph_doc",
]

_ALL = 1_000_000_000

#: format name -> media type
EXPORT_FORMATS = {
    "json": "application/json",
    "graphml": "application/xml",
    "gexf": "application/xml",
    "csv-nodes": "text/csv",
    "csv-edges": "text/csv",
}


class Reads(Protocol):
    """What browsing reads: a store, or a read index of it
    (:class:`~jvgraph.explore.index.GraphIndex`), which answers the same."""

    location: str

    def get_node(self, node_id: str) -> Node: ...

    def search(self, text: str, *, labels: tuple[str, ...] = (), limit: int = 20) -> list[Node]: ...

    def neighbourhood(self, node_id: str, *, depth: int = 1, limit: int = 200) -> Subgraph: ...

    def node_relationships(self, node_id: str) -> list[Edge]: ...


def node_doc(node: Node, sources: Iterable[str] = ()) -> dict[str, Any]:
    return {
        "id": node.id,
        "label": node.label,
        "name": node.properties.get("name"),
        "properties": dict(node.properties),
        "sources": sorted(set(sources)),
    }


def edge_doc(edge: Edge) -> dict[str, Any]:
    return {
        "source": edge.source,
        "target": edge.target,
        "type": edge.type,
        "properties": dict(edge.properties),
    }


def node_details(store: Reads, node_id: str) -> dict[str, Any]:
    """A node's properties and every ``source`` its row and its relationships cite."""
    node = store.get_node(node_id)
    around = store.neighbourhood(node_id, depth=1, limit=_ALL)
    sources = [
        str(s)
        for s in [node.properties.get("source")]
        + [e.properties.get("source") for e in around.edges]
        if s
    ]
    doc = node_doc(node, sources)
    doc["degree"] = around.total - 1
    return doc


def _counts(edge: Edge, as_of: dt.date | None, jv_dates: dict[str, tuple[Any, Any]]) -> bool:
    """Whether an edge counts on ``as_of`` (the as-of rule of the metrics)."""
    if as_of is None:
        return True
    day = as_of.isoformat()
    if edge.type == "HOLDS":
        since, until = edge.properties.get("since"), edge.properties.get("until")
        return (since is None or str(since) <= day) and (until is None or day < str(until))
    announced, ended = jv_dates.get(edge.target, (None, None))
    return (announced is None or str(announced) <= day) and (ended is None or day < str(ended))


def neighbourhood_view(
    store: Reads,
    node_id: str,
    *,
    depth: int = 1,
    limit: int = 200,
    labels: tuple[str, ...] = (),
    as_of: dt.date | None = None,
    max_nodes: int = 500,
    offset: int = 0,
) -> dict[str, Any]:
    """A neighbourhood with type and as-of filters, capped at ``limit`` nodes.

    Within one hop the neighbours come in :data:`NEIGHBOUR_ORDER` and ``offset`` pages
    through them in that order (the node itself comes with every page, as one of the
    ``limit``); deeper views come nearest first, from the first page only.
    """
    if depth < 1 or depth > 3:
        raise UsageError("depth must be 1, 2 or 3")
    if offset < 0 or (offset and depth > 1):
        raise UsageError("offset pages the neighbours of depth 1 only, from 0")
    limit = min(limit, max_nodes)
    if depth == 1:
        return _ranked_view(store, node_id, limit=limit, offset=offset, labels=labels, as_of=as_of)
    # filters can drop nodes, so then read more than will be shown
    fetch = limit if not labels and as_of is None else max_nodes * 4
    graph = store.neighbourhood(node_id, depth=depth, limit=fetch)
    jv_dates = _jv_dates(graph.nodes)
    edges = [e for e in graph.edges if _counts(e, as_of, jv_dates)]
    linked = {node_id} | {e.source for e in edges} | {e.target for e in edges}
    nodes = [
        n
        for n in graph.nodes
        if n.id in linked and (not labels or n.label in labels or n.id == node_id)
    ]
    hidden = graph.total - len(graph.nodes)  # beyond the store's cap, not filtered
    return subgraph_doc(Subgraph(nodes[:limit], edges, total=len(nodes) + hidden))


#: the order of a node's neighbours, the order its capped views keep
NEIGHBOUR_ORDER = "largest stake first, then largest revenue (or AUM), then by name"


def _jv_dates(nodes: Iterable[Node]) -> dict[str, tuple[Any, Any]]:
    return {
        n.id: (n.properties.get("announced"), n.properties.get("ended"))
        for n in nodes
        if n.label == "JointVenture"
    }


def _stake(edge: Edge | None) -> float:
    value = None if edge is None else edge.properties.get("stake")
    return float(value) if isinstance(value, (int, float)) else -1.0


def _best_edges(
    edges: Iterable[Edge], as_of: dt.date | None, jv_dates: dict[str, Any]
) -> list[Edge]:
    """Of the rows that count on ``as_of``, one per (source, target, type): the largest
    stake, then the latest ``since`` (every quarter of a holding is a row)."""
    best: dict[tuple[str, str, str], Edge] = {}
    for edge in edges:
        if not _counts(edge, as_of, jv_dates):
            continue
        key = (edge.source, edge.target, edge.type)
        rank = (_stake(edge), str(edge.properties.get("since") or ""))
        held = best.get(key)
        if held is None or rank > (_stake(held), str(held.properties.get("since") or "")):
            best[key] = edge
    return list(best.values())


def _neighbour_key(node: Node, stake: float) -> tuple[float, float, str, str]:
    """Sorts in :data:`NEIGHBOUR_ORDER` (unknown stakes and sizes last, then by id)."""
    p = node.properties
    size = p.get("revenue_usd") if p.get("revenue_usd") is not None else p.get("aum_usd")
    known = float(size) if isinstance(size, (int, float)) else -1.0
    return (-stake, -known, str(p.get("name") or node.id).casefold(), node.id)


def _ranked_view(
    store: Reads,
    node_id: str,
    *,
    limit: int,
    offset: int,
    labels: tuple[str, ...],
    as_of: dt.date | None,
) -> dict[str, Any]:
    """Depth 1: the node and its neighbours linked on ``as_of`` with one of ``labels``, in
    :data:`NEIGHBOUR_ORDER`, from ``offset`` on, ``limit`` nodes in all."""
    around = store.neighbourhood(node_id, depth=1, limit=_ALL)
    by_id = {n.id: n for n in around.nodes}
    edges = _best_edges(store.node_relationships(node_id), as_of, _jv_dates(around.nodes))
    stakes: dict[str, float] = {}
    for e in edges:
        other = e.target if e.source == node_id else e.source
        stakes[other] = max(stakes.get(other, -1.0), _stake(e))
    matching = [
        by_id[i]
        for i in stakes
        if i in by_id and i != node_id and (not labels or by_id[i].label in labels)
    ]
    matching.sort(key=lambda n: _neighbour_key(n, stakes[n.id]))
    page = matching[offset : offset + max(limit - 1, 0)]
    at = {n.id: i for i, n in enumerate([by_id[node_id], *page])}
    shown = sorted(
        (e for e in edges if e.source in at and e.target in at),
        key=lambda e: (at[e.target if e.source == node_id else e.source], e.type, e.source),
    )
    doc = subgraph_doc(Subgraph([by_id[node_id], *page], shown, total=len(matching) + 1))
    end = offset + len(page)
    doc.update(
        offset=offset,
        neighbours=len(page),
        neighbours_total=len(matching),
        next_offset=end if page and end < len(matching) else None,
        order=NEIGHBOUR_ORDER,
    )
    return doc


def subgraph_doc(graph: Subgraph) -> dict[str, Any]:
    keep = {n.id for n in graph.nodes}
    edges = [edge_doc(e) for e in graph.edges if e.source in keep and e.target in keep]
    shown, total = len(graph.nodes), max(graph.total, len(graph.nodes))
    return {
        "nodes": [
            node_doc(n, [str(n.properties["source"])] if n.properties.get("source") else [])
            for n in graph.nodes
        ],
        "edges": edges,
        "shown": shown,
        "total": total,
        "truncated": total > shown,
        "message": f"showing {shown:,} of {total:,} nodes",
    }


def query_with_graph(
    store: GraphStore, cypher: str, params: dict[str, Any], limits: Limits, *, max_nodes: int = 200
) -> dict[str, Any]:
    """A read-only query's rows, and the graph among the nodes it returned."""
    result = store.query(cypher, params, limits)
    ids: dict[str, None] = {}
    for row in result.rows:
        for value in row:
            if isinstance(value, dict) and "_label" in value and "id" in value:
                ids.setdefault(str(value["id"]), None)
    kept = list(ids)[:max_nodes]
    nodes = [store.get_node(i) for i in kept]
    inside = set(kept)
    edges: dict[tuple[str, str, str], Edge] = {}
    for node_id in kept:
        for e in store.neighbourhood(node_id, depth=1, limit=_ALL).edges:
            if e.source in inside and e.target in inside:
                edges.setdefault((e.source, e.target, e.type), e)
    graph = subgraph_doc(Subgraph(nodes, list(edges.values()), total=len(ids))) if ids else None
    return {
        "columns": result.columns,
        "rows": result.rows,
        "truncated": result.truncated,
        "graph": graph,
    }


def export_subgraph(nodes: list[dict[str, Any]], edges: list[dict[str, Any]], fmt: str) -> str:
    """A subgraph as node-link JSON, GraphML, GEXF, or nodes/edges CSV."""
    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"unknown format {fmt!r}: use one of {', '.join(EXPORT_FORMATS)}")
    if fmt.startswith("csv"):
        return _csv(nodes if fmt == "csv-nodes" else edges, fmt)
    import networkx as nx

    graph = nx.MultiDiGraph()
    for n in nodes:
        graph.add_node(n["id"], label=n["label"], **_flat(n.get("properties", {})))
    for e in edges:
        graph.add_edge(
            e["source"],
            e["target"],
            key=e["type"],
            type=e["type"],
            **_flat(e.get("properties", {})),
        )
    if fmt == "json":
        return json.dumps(nx.node_link_data(graph, edges="edges"), default=str)
    lines = nx.generate_graphml(graph) if fmt == "graphml" else nx.generate_gexf(graph)
    return "\n".join(lines) + "\n"


def _flat(props: dict[str, Any]) -> dict[str, Any]:
    """Properties GraphML and GEXF can hold: no empty values, text for anything odd."""
    skip = {"id", "label", "type"}
    return {
        k: (v if isinstance(v, (int, float, bool, str)) else str(v))
        for k, v in props.items()
        if v is not None and k not in skip
    }


def _csv(rows: list[dict[str, Any]], fmt: str) -> str:
    lead = ["id", "label", "name"] if fmt == "csv-nodes" else ["source", "target", "type"]
    props = sorted({k for r in rows for k in r.get("properties", {}) if k not in lead})
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([spreadsheet_cell(c) for c in lead + props])
    for r in rows:
        p = r.get("properties", {})
        cells = [r.get(k, p.get(k)) for k in lead] + [
            "" if p.get(k) is None else p.get(k) for k in props
        ]
        writer.writerow([spreadsheet_cell(c) for c in cells])
    return out.getvalue()


#: from this many nodes on, positions are computed here and the page draws without physics
LAYOUT_THRESHOLD = 300


def layout(doc: dict[str, Any], root: str | None = None) -> dict[str, Any]:
    """Add x, y to every node of a subgraph document: rings by hop distance from ``root``
    (or by label), spread evenly, so that thousands of nodes draw at once."""
    import math

    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(n["id"] for n in doc["nodes"])
    graph.add_edges_from((e["source"], e["target"]) for e in doc["edges"])
    order = {"Vendor": 0, "JointVenture": 1, "AssetManager": 2, "PortfolioCompany": 3}
    if root is not None and root in graph:
        hops = nx.single_source_shortest_path_length(graph, root)
    else:
        hops = {n["id"]: order.get(n["label"], 3) for n in doc["nodes"]}
    rings: dict[int, list[dict[str, Any]]] = {}
    for n in sorted(doc["nodes"], key=lambda n: (n["label"], n["id"])):
        rings.setdefault(hops.get(n["id"], max(hops.values(), default=0) + 1), []).append(n)
    for ring, members in rings.items():
        radius = (
            0
            if ring == 0 and len(members) == 1
            else 150 + 40 * math.sqrt(len(members)) * (ring + 1)
        )
        for i, n in enumerate(members):
            angle = 2 * math.pi * i / len(members)
            n["x"], n["y"] = round(radius * math.cos(angle), 1), round(radius * math.sin(angle), 1)
    return doc


def jv_network(data: Dataset, *, as_of: dt.date | None = None) -> dict[str, Any]:
    """Vendors, their JVs and the JVs' partners (no portfolio companies) of exported ``data``."""
    day = as_of.isoformat() if as_of else None
    jvs = [
        j
        for j in data.tables["joint_ventures"].to_pylist()
        if day is None
        or (
            (j["announced"] is None or str(j["announced"]) <= day)
            and (j["ended"] is None or day < str(j["ended"]))
        )
    ]
    jv_ids = {j["id"] for j in jvs}
    partners = [p for p in data.tables["jv_partners"].to_pylist() if p["jv_id"] in jv_ids]
    manager_ids = {p["manager_id"] for p in partners}
    nodes = [Node(v["id"], "Vendor", v) for v in data.tables["vendors"].to_pylist()]
    nodes += [Node(j["id"], "JointVenture", j) for j in jvs]
    nodes += [
        Node(m["id"], "AssetManager", m)
        for m in data.tables["asset_managers"].to_pylist()
        if m["id"] in manager_ids
    ]
    edges = [Edge(j["vendor_id"], j["id"], "FORMED") for j in jvs]
    edges += [
        Edge(
            p["manager_id"],
            p["jv_id"],
            "PARTNER_IN",
            {k: v for k, v in p.items() if k not in ("jv_id", "manager_id")},
        )
        for p in partners
    ]
    nodes = [
        Node(n.id, n.label, {k: _plain_value(v) for k, v in n.properties.items()}) for n in nodes
    ]
    return subgraph_doc(Subgraph(nodes, edges, total=len(nodes)))


def _plain_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def as_of_dates(data: Dataset) -> list[str]:
    """The dates on which what counts changes: JVs announced or ended, holdings from or
    until (ISO text, in order)."""
    columns = (("joint_ventures", ("announced", "ended")), ("holdings", ("since", "until")))
    days = {
        _plain_value(value)
        for table, names in columns
        for name in names
        if name in data.tables[table].column_names
        for value in data.tables[table].column(name).to_pylist()
        if value is not None
    }
    return sorted(str(d) for d in days)
