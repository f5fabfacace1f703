"""The report's charts, drawn with matplotlib to SVG text (no network, no fonts fetched)."""

from __future__ import annotations

import io
from typing import Any

__all__ = ["charts", "note"]

SOURCE = "Source: jvgraph, computed from the loaded dataset"


def _svg(fig: Any) -> str:
    import matplotlib.pyplot as plt

    out = io.StringIO()
    fig.savefig(out, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    text = out.getvalue()
    return text[text.index("<svg") :]


def _figure(width: float, height: float) -> tuple[Any, Any]:
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.fonttype"] = "none"
    matplotlib.rcParams["svg.hashsalt"] = "jvgraph"
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(width, height))
    return fig, ax


def _caption(ax: Any, as_of: str | None) -> None:
    note(ax, f"{SOURCE}, as of {as_of or 'all dates'}.")


def note(ax: Any, text: str) -> None:
    """A small source line at the foot of a chart."""
    ax.annotate(
        text,
        (0, 0),
        xycoords="figure fraction",
        xytext=(4, 2),
        textcoords="offset points",
        fontsize=7,
        color="#555555",
    )


def reach_chart(doc: dict[str, Any]) -> str:
    vendors = list(doc["reach"])
    names = doc.get("vendor_names", {})
    sectors = sorted({s for r in doc["reach"].values() for s in r["by_sector"]})
    fig, ax = _figure(7.5, max(2.5, 0.28 * len(sectors) * max(1, len(vendors)) ** 0.5 + 1))
    height = 0.8 / max(1, len(vendors))
    for i, v in enumerate(vendors):
        values = [doc["reach"][v]["by_sector"].get(s, {}).get("companies", 0) for s in sectors]
        ax.barh(
            [k + i * height for k in range(len(sectors))],
            values,
            height=height,
            label=names.get(v, v),
        )
    ax.set_yticks([k + 0.4 - height / 2 for k in range(len(sectors))], sectors, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("portfolio companies reached (count)")
    ax.set_title("Reach per vendor by sector")
    ax.legend(fontsize=8)
    _caption(ax, doc["as_of"])
    return _svg(fig)


def access_chart(doc: dict[str, Any]) -> str:
    """Each vendor's foreclosure share per market (of the markets with revenue shares)."""
    rows = [r for r in doc["access_table"] if r["any_vendor_share"] is not None]
    vendors = list(doc["reach"])
    fig, ax = _figure(7.5, max(2.5, 0.3 * len(rows) * max(1, len(vendors)) ** 0.5 + 1))
    height = 0.8 / max(1, len(vendors))
    for i, v in enumerate(vendors):
        values = [100 * (r["vendors"].get(v, {}).get("foreclosure_share") or 0.0) for r in rows]
        name = doc["vendor_names"].get(v, v)
        ax.barh([k + i * height for k in range(len(rows))], values, height=height, label=name)
    ax.set_yticks([k + 0.4 - height / 2 for k in range(len(rows))], [r["market"] for r in rows])
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    bases = {r["denominator"] for r in rows}
    of = "the companies in the data" if bases == {"companies_in_data"} else "the market's revenue"
    ax.set_xlabel(f"foreclosure share: revenue reached, % of {of}")
    ax.set_title("Customer access: foreclosure share per market and vendor")
    ax.tick_params(axis="y", labelsize=8)
    ax.legend(fontsize=8)
    _caption(ax, doc["as_of"])
    return _svg(fig)


def _heatmap(
    ids: list[str],
    names: dict[str, str],
    pairs: list[dict[str, Any]],
    title: str,
    as_of: str | None,
) -> str:
    import numpy as np

    index = {k: i for i, k in enumerate(ids)}
    grid = np.zeros((len(ids), len(ids)))
    shared = np.zeros((len(ids), len(ids)), dtype=int)
    for p in pairs:
        if p["a"] in index and p["b"] in index:
            a, b = index[p["a"]], index[p["b"]]
            grid[a, b] = grid[b, a] = p["jaccard"]
            shared[a, b] = shared[b, a] = p["shared"]
    fig, ax = _figure(1.6 + 0.5 * len(ids), 1.2 + 0.45 * len(ids))
    image = ax.imshow(grid, cmap="Blues", vmin=0, vmax=1)
    labels = [names.get(k) or k for k in ids]
    ax.set_xticks(range(len(ids)), labels, rotation=60, ha="right", fontsize=7)
    ax.set_yticks(range(len(ids)), labels, fontsize=7)
    for a in range(len(ids)):
        for b in range(len(ids)):
            if a != b and shared[a, b]:
                ax.text(
                    b,
                    a,
                    str(shared[a, b]),
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="white" if grid[a, b] > 0.5 else "black",
                )
    fig.colorbar(image, ax=ax, label="Jaccard similarity (0–1)")
    ax.set_title(title + "\n(cells: companies shared)", fontsize=10)
    _caption(ax, as_of)
    return _svg(fig)


def vendor_overlap_chart(doc: dict[str, Any]) -> str:
    names = doc["vendor_names"]
    vendors = sorted(doc["reach"], key=lambda v: names.get(v) or v)
    return _heatmap(
        vendors, names, doc["overlap"]["vendors"], "Vendor overlap of reach", doc["as_of"]
    )


def manager_overlap_chart(doc: dict[str, Any]) -> str:
    managers = doc["overlap"]["managers"]
    weight: dict[str, int] = {}
    for p in managers:
        for k in (p["a"], p["b"]):
            weight[k] = weight.get(k, 0) + p["shared"]
    top = sorted(weight, key=lambda k: (-weight[k], k))[:12]
    names = doc.get("owner_names", {})
    return _heatmap(
        sorted(top, key=lambda k: (names.get(k) or k)), names, managers,
        "Owner overlap of holdings (top 12)", doc["as_of"],
    )  # fmt: skip


def network_chart(doc: dict[str, Any]) -> str:
    import networkx as nx

    net = doc["network"]
    graph = nx.Graph()
    for v in net["vendors"]:
        graph.add_node(v["id"], kind="Vendor", name=v["name"])
    for j in net["joint_ventures"]:
        graph.add_node(j["id"], kind="JointVenture", name=j["name"])
        graph.add_edge(j["vendor_id"], j["id"])
    for p in net["partners"]:
        graph.add_node(
            p["manager_id"],
            kind="AssetManager",
            name=net["managers"].get(p["manager_id"], p["manager_id"]),
        )
        graph.add_edge(p["manager_id"], p["jv_id"])
    pos = nx.spring_layout(graph, seed=7, k=0.6)
    colours = {"Vendor": "#c2410c", "JointVenture": "#7c3aed", "AssetManager": "#2457c5"}
    fig, ax = _figure(7.5, 6)
    nx.draw_networkx_edges(graph, pos, ax=ax, edge_color="#b6bdc9")
    for kind, colour in colours.items():
        nodes = [n for n, d in graph.nodes(data=True) if d["kind"] == kind]
        nx.draw_networkx_nodes(
            graph,
            pos,
            nodelist=nodes,
            node_color=colour,
            node_size=300 if kind != "AssetManager" else 90,
            ax=ax,
            label=kind,
        )
    labels = {
        n: d["name"]
        for n, d in graph.nodes(data=True)
        if d["kind"] != "AssetManager" or graph.number_of_nodes() <= 40
    }
    nx.draw_networkx_labels(graph, pos, labels, font_size=7, ax=ax)
    ax.set_title("The JV network: vendors, joint ventures and partners")
    ax.legend(fontsize=8, loc="lower right")
    ax.axis("off")
    _caption(ax, doc["as_of"])
    return _svg(fig)


def charts(doc: dict[str, Any]) -> dict[str, str]:
    """Every chart of the report that has something to draw, by name, as SVG text
    (data with no vendor, such as 13F or Crunchbase holdings, has no reach chart)."""
    vendors = len(doc["reach"])
    out: dict[str, str] = {}
    if vendors:
        out["reach"] = reach_chart(doc)
    if vendors and any(r["any_vendor_share"] is not None for r in doc["access_table"]):
        out["access"] = access_chart(doc)
    if vendors > 1:
        out["vendor_overlap"] = vendor_overlap_chart(doc)
    if doc["overlap"]["managers"]:
        out["manager_overlap"] = manager_overlap_chart(doc)
    if doc["network"]["vendors"]:
        out["network"] = network_chart(doc)
    return out
