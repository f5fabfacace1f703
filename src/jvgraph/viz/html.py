"""pyvis HTML with every outside reference removed, styled like the explorer page."""

from __future__ import annotations

import html as htmllib
import json
import math
import re
from pathlib import Path
from typing import Any

__all__ = ["COLOURS", "offline", "write_html"]

#: node colours by label (the explorer page uses the same)
COLOURS = {
    "Vendor": "#c2410c",
    "JointVenture": "#7c3aed",
    "AssetManager": "#2457c5",
    "PortfolioCompany": "#6b7280",
}
VENDOR_PALETTE = ["#059669", "#db2777", "#ca8a04", "#0891b2", "#9333ea", "#dc2626"]
SEVERAL = "#111827"

_OUTSIDE_TAG = re.compile(
    r"<link\b[^>]*\bhref=\"(?:https?:|\.\./|//)[^\"]*\"[^>]*>"
    r"|<script\b[^>]*\bsrc=\"(?:https?:|\.\./|//)[^\"]*\"[^>]*>\s*</script>",
    re.S | re.I,
)


def offline(page: str) -> str:
    """``page`` without the stylesheets and scripts pyvis links from a CDN or node_modules."""
    return _OUTSIDE_TAG.sub("", page)


def _size(node: dict[str, Any]) -> float:
    props = node.get("properties", {})
    amount = props.get("aum_usd") if node["label"] == "AssetManager" else props.get("revenue_usd")
    if not amount:
        return 10.0
    return float(max(6.0, min(40.0, 4 * math.log10(1 + float(amount)) - 20)))


def _colour(node: dict[str, Any], vendors: list[str]) -> str:
    reached = node.get("reached_by") or []
    if node["label"] == "PortfolioCompany" and reached:
        if len(reached) > 1:
            return SEVERAL
        return VENDOR_PALETTE[vendors.index(reached[0]) % len(VENDOR_PALETTE)]
    return COLOURS.get(node["label"], "#999999")


def _tooltip(node: dict[str, Any]) -> str:
    props = {k: v for k, v in node.get("properties", {}).items() if v is not None}
    lines = [f"{node['label']}: {node.get('name') or node['id']}"]
    lines += [f"{k}: {v}" for k, v in props.items() if k not in ("name",)]
    return "\n".join(lines)


def _legend(vendors: dict[str, str]) -> str:
    items = [(c, label) for label, c in COLOURS.items()]
    items += [
        (VENDOR_PALETTE[i % len(VENDOR_PALETTE)], f"reached by {name}")
        for i, name in enumerate(vendors.values())
    ]
    items.append((SEVERAL, "reached by several vendors"))
    spans = "".join(
        f'<span style="margin-right:1em"><span style="display:inline-block;width:.8em;'
        f'height:.8em;border-radius:50%;background:{c};margin-right:.3em"></span>'
        f"{htmllib.escape(t)}</span>"
        for c, t in items
    )
    return f'<div id="legend" style="font:13px system-ui,sans-serif;margin:.5em">{spans}</div>'


def write_html(
    doc: dict[str, Any],
    out: Path,
    *,
    title: str,
    vendors: dict[str, str] | None = None,
    note: str = "",
) -> Path:
    """Write the subgraph ``doc`` (nodes and edges as the API returns them) to ``out``."""
    from pyvis.network import Network

    vendors = vendors or {}
    order = list(vendors)
    net = Network(height="780px", width="100%", directed=True, cdn_resources="in_line")
    positioned = any("x" in n for n in doc["nodes"])
    for n in doc["nodes"]:
        extra = {"x": n["x"], "y": n["y"], "physics": False} if "x" in n else {}
        net.add_node(
            n["id"],
            label=str(n.get("name") or n["id"]),
            color=_colour(n, order),
            size=_size(n),
            title=_tooltip(n),
            shape="dot",
            **extra,
        )
    for e in doc["edges"]:
        stake = e.get("properties", {}).get("stake")
        net.add_edge(
            e["source"],
            e["target"],
            title=e["type"],
            color="#b6bdc9",
            label=f"{stake:.0%}" if e["type"] == "HOLDS" and stake else "",
        )
    net.set_options(
        json.dumps(
            {
                "physics": {"enabled": not positioned, "stabilization": {"iterations": 150}},
                "edges": {
                    "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
                    "font": {"size": 9},
                },
                "nodes": {"font": {"size": 11}},
                "interaction": {"hover": True},
            }
        )
    )
    page = offline(net.generate_html())
    head = (
        f'<h1 style="font:600 17px system-ui,sans-serif;margin:.5em">{htmllib.escape(title)}'
        f'</h1><p style="font:13px system-ui,sans-serif;margin:.5em">{htmllib.escape(note)}</p>'
        + _legend(vendors)
    )
    page = page.replace("<body>", "<body>" + head, 1)
    page = page.replace("<head>", f"<head><title>{htmllib.escape(title)}</title>", 1)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out
