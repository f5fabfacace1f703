"""Subgraphs to look at: the JV network, a vendor's network, a node's neighbourhood,
decorated for drawing, and ``jvgraph viz``'s self-contained HTML file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from jvgraph.errors import NotFound, UsageError
from jvgraph.explore.analysis import reached_by
from jvgraph.explore.browse import (
    LAYOUT_THRESHOLD,
    edge_doc,
    jv_network,
    layout,
    neighbourhood_view,
    subgraph_doc,
)
from jvgraph.model import Dataset
from jvgraph.store import Edge, GraphStore, Node, Subgraph

__all__ = ["decorate", "vendor_network", "view", "write_viz"]


def decorate(
    doc: dict[str, Any], reach: dict[str, list[str]], root: str | None = None
) -> dict[str, Any]:
    """A copy of ``doc`` whose companies carry ``reached_by``, with positions when large."""
    nodes = [
        dict(n, reached_by=reach.get(n["id"], [])) if n["label"] == "PortfolioCompany" else dict(n)
        for n in doc["nodes"]
    ]
    out = dict(doc, nodes=nodes)
    return layout(out, root) if len(nodes) > LAYOUT_THRESHOLD else out


def vendor_network(
    data: Dataset,
    vendor: str,
    *,
    as_of: dt.date | None = None,
    reach: dict[str, list[str]] | None = None,
) -> dict[str, Any]:
    """A vendor, its JVs, their partners, and the partners' holdings in the vendor's reach."""
    import pyarrow as pa
    import pyarrow.compute as pc

    network = jv_network(data, as_of=as_of)
    if vendor not in {n["id"] for n in network["nodes"] if n["label"] == "Vendor"}:
        raise NotFound(f"no vendor '{vendor}' in the store")
    jvs = {e["target"] for e in network["edges"] if e["source"] == vendor}
    partners = {e["source"] for e in network["edges"] if e["target"] in jvs}
    keep = {vendor} | jvs | partners
    reach = reach if reach is not None else reached_by(data, as_of=as_of)
    companies = pa.array(sorted(c for c, vs in reach.items() if vendor in vs), pa.string())
    hold = data.tables["holdings"]
    hold = hold.filter(
        pc.and_(
            pc.is_in(hold.column("owner_id"), pa.array(sorted(partners))),
            pc.is_in(hold.column("company_id"), companies),
        )
    )
    rows = data.tables["companies"]
    rows = rows.filter(pc.is_in(rows.column("id"), companies)).to_pylist()
    nodes = [Node(r["id"], "PortfolioCompany", _plain(r)) for r in rows]
    edges = [
        Edge(h["owner_id"], h["company_id"], "HOLDS", _plain(h))
        for h in hold.to_pylist()
        if _active(h, as_of)
    ]
    extra = subgraph_doc(Subgraph(nodes, edges, total=len(nodes)))
    mine = [n for n in network["nodes"] if n["id"] in keep]
    links = [e for e in network["edges"] if e["source"] in keep and e["target"] in keep]
    total = len(mine) + len(nodes)
    held = [edge_doc(e) for e in edges]
    return {
        **extra,
        "nodes": mine + extra["nodes"],
        "edges": links + held,
        "shown": total,
        "total": total,
        "message": f"showing {total:,} of {total:,} nodes",
    }


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in row.items()}


def _active(holding: dict[str, Any], as_of: dt.date | None) -> bool:
    since, until = holding.get("since"), holding.get("until")
    return as_of is None or ((since is None or since <= as_of) and (until is None or as_of < until))


def view(
    store: GraphStore,
    *,
    focus: str | None = None,
    depth: int = 1,
    vendor: str | None = None,
    as_of: dt.date | None = None,
    limit: int = 2000,
    data: Dataset | None = None,
) -> dict[str, Any]:
    """The subgraph ``jvgraph viz`` draws: a focus, a vendor's network or the JV network
    (``data`` is the store's export, when the caller has it already)."""
    if focus and vendor:
        raise UsageError("give --focus or --vendor, not both")
    data = data if data is not None else store.export()
    reach = reached_by(data, as_of=as_of)
    if focus:
        doc = neighbourhood_view(
            store, focus, depth=depth, limit=limit, max_nodes=limit, as_of=as_of
        )
    elif vendor:
        doc = vendor_network(data, vendor, as_of=as_of, reach=reach)
    else:
        doc = jv_network(data, as_of=as_of)
    return decorate(doc, reach, focus)


def write_viz(
    store: GraphStore,
    out: Path,
    *,
    focus: str | None = None,
    depth: int = 1,
    vendor: str | None = None,
    as_of: dt.date | None = None,
) -> dict[str, Any]:
    """Write the view as one offline HTML file; return what it shows."""
    from jvgraph.viz import write_html

    data = store.export()
    doc = view(store, focus=focus, depth=depth, vendor=vendor, as_of=as_of, data=data)
    vendors = {
        v["id"]: v["name"] for v in data.tables["vendors"].select(["id", "name"]).to_pylist()
    }
    shown = {n["id"]: n.get("name") or n["id"] for n in doc["nodes"]}
    what = (
        f"the neighbourhood of {shown.get(focus, focus)} (depth {depth})"
        if focus
        else f"the network of {vendors.get(vendor, vendor)}"
        if vendor
        else "the JV network"
    )
    sources = sorted(
        {
            str(n["properties"]["source"])
            for n in doc["nodes"]
            if n.get("properties", {}).get("source")
        }
    )
    note = (
        f"{doc['message']}; as of {as_of.isoformat() if as_of else 'all dates'}. "
        f"Sources of what is shown: {'; '.join(sources) or 'none stated'}."
        + (
            " Rows marked source=synthetic are generated, not facts."
            if "synthetic" in sources
            else ""
        )
    )
    write_html(doc, out, title=f"jvgraph: {what}", vendors=vendors, note=note)
    return {
        "out": str(out),
        "nodes": len(doc["nodes"]),
        "edges": len(doc["edges"]),
        "message": doc["message"],
    }
