"""HTML (self-contained, printable, with a table of contents) and Markdown renderings."""

from __future__ import annotations

import html
from typing import Any

from jvgraph.report.sections import Block, Section
from jvgraph.safe_text import json_for_html
from jvgraph.viz import VIS_NETWORK

__all__ = ["to_html", "to_markdown"]

#: what a report says where a chart has nothing to draw
NO_CHART = "No chart: the data has nothing to draw here."

CSS = """
body { font: 11pt/1.45 "DejaVu Sans", system-ui, sans-serif; color: #1d2433; max-width: 60rem;
       margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; break-after: avoid; }
table { border-collapse: collapse; margin: .6rem 0; font-size: 9pt; break-inside: auto; }
th, td { border-bottom: 1px solid #d8dde6; padding: .2rem .4rem; text-align: left;
         vertical-align: top; }
tr { break-inside: avoid; }
figure { margin: 1rem 0; break-inside: avoid; } figure svg { max-width: 100%; height: auto; }
nav ol { columns: 2; }
.network { height: 520px; border: 1px solid #d8dde6; }
@page { size: A4; margin: 18mm 15mm; }
@media print { .network, .screen-only { display: none; } body { margin: 0; max-width: none; } }
"""


def _block_html(block: Block, charts: dict[str, str]) -> str:
    if block.kind == "p":
        return f"<p>{html.escape(block.text)}</p>"
    if block.kind == "list":
        return "<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in block.items) + "</ul>"
    if block.kind == "table":
        head = "".join(f"<th>{html.escape(h)}</th>" for h in block.headers)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
            for row in block.rows
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    if block.kind == "figure":
        if block.text not in charts:
            return f'<p class="note">{NO_CHART}</p>'
        return f'<figure class="chart" id="chart-{block.text}">{charts[block.text]}</figure>'
    return (
        '<div class="screen-only"><p>Interactive view (drag, zoom; drawn from the data '
        'embedded in this file):</p><div id="network" class="network"></div></div>'
    )


def _network_script(doc: dict[str, Any]) -> str:
    js = VIS_NETWORK.read_text(encoding="utf-8")
    net = doc["network"]
    nodes = (
        [{"id": v["id"], "label": v["name"], "color": "#c2410c"} for v in net["vendors"]]
        + [{"id": j["id"], "label": j["name"], "color": "#7c3aed"} for j in net["joint_ventures"]]
        + [
            {"id": m, "label": net["managers"].get(m, m), "color": "#2457c5", "size": 8}
            for m in sorted({p["manager_id"] for p in net["partners"]})
        ]
    )
    edges = [{"from": j["vendor_id"], "to": j["id"]} for j in net["joint_ventures"]] + [
        {"from": p["manager_id"], "to": p["jv_id"]} for p in net["partners"]
    ]
    data = json_for_html({"nodes": nodes, "edges": edges})
    return (
        f"<script>{js}</script><script>const jv = {data};"
        "new vis.Network(document.getElementById('network'), "
        "{nodes: new vis.DataSet(jv.nodes), edges: new vis.DataSet(jv.edges)}, "
        "{nodes: {shape: 'dot', font: {size: 11}}, edges: {arrows: 'to'}, "
        "physics: {stabilization: {iterations: 200}}});</script>"
    )


def to_html(doc: dict[str, Any], parts: list[Section], charts: dict[str, str], title: str) -> str:
    toc = "".join(f'<li><a href="#{s.anchor}">{html.escape(s.title)}</a></li>' for s in parts)
    body = "".join(
        f'<section id="{s.anchor}"><h2>{html.escape(s.title)}</h2>'
        + "".join(_block_html(b, charts) for b in s.blocks)
        + "</section>"
        for s in parts
    )
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{CSS}</style></head><body>"
        f"<h1>{html.escape(title)}</h1><nav><h2>Contents</h2><ol>{toc}</ol></nav>"
        f"{body}{_network_script(doc)}</body></html>"
    )


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _block_md(block: Block, chart_files: dict[str, str]) -> str:
    if block.kind == "p":
        return block.text + "\n"
    if block.kind == "list":
        return "".join(f"- {i}\n" for i in block.items)
    if block.kind == "table":
        lines = [
            "| " + " | ".join(_cell(h) for h in block.headers) + " |",
            "|" + "---|" * len(block.headers),
        ]
        lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in block.rows]
        return "\n".join(lines) + "\n"
    if block.kind == "figure":
        if block.text not in chart_files:
            return f"_{NO_CHART}_\n"
        return f"![{block.text}]({chart_files[block.text]})\n"
    return ""


def to_markdown(parts: list[Section], chart_files: dict[str, str], title: str) -> str:
    toc = "".join(
        f"{i}. [{s.title.split('. ', 1)[1]}](#{s.anchor})\n" for i, s in enumerate(parts, 1)
    )
    body = "\n".join(
        f'<a id="{s.anchor}"></a>\n\n## {s.title}\n\n'
        + "\n".join(_block_md(b, chart_files) for b in s.blocks)
        for s in parts
    )
    return f"# {title}\n\n{toc}\n{body}"
