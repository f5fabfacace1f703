"""HTML (self-contained, printable, with a table of contents) and Markdown renderings."""

from __future__ import annotations

import html
import re
from typing import Any

from jvgraph.report.document import ReportMeta
from jvgraph.report.sections import Block, Section
from jvgraph.safe_text import json_for_html
from jvgraph.viz import VIS_NETWORK

__all__ = ["to_html", "to_markdown"]

#: a cell that holds a number (printed right-aligned, never broken across lines)
_NUMERIC = re.compile(r"[−+-]?[0-9][0-9,]*(\.[0-9]+)?( ?%)?( \([0-9.,%−+-]+\))?|—")

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
figcaption { font-size: 9pt; margin: .3rem 0; font-weight: 600; break-after: avoid; }
figure.table { break-inside: auto; } thead { display: table-header-group; }
.source { font-size: 8pt; color: #5b6475; margin: .1rem 0 .8rem; }
td.num, td { hyphens: manual; } td.num { white-space: nowrap; text-align: right; }
.cover { border-bottom: 2px solid #1d2433; margin-bottom: 1.5rem; padding-bottom: .8rem; }
.cover dl { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem;
            font-size: 10pt; margin: 0; }
.cover dt { font-weight: 600; } .cover dd { margin: 0; overflow-wrap: anywhere; }
nav ul.toc { list-style: none; padding: 0; columns: 2; }
@media print {
  .network, .screen-only { display: none; } body { margin: 0; max-width: none; }
  nav ul.toc { columns: 1; }
  nav ul.toc a::after { content: leader('.') target-counter(attr(href), page); }
  h2 { break-before: auto; } section { break-inside: auto; }
}
"""


class _Numbers:
    """Numbers the tables and figures of a report in order, and gives each its source."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.tables = 0
        self.figures = 0

    def caption(self, block: Block) -> tuple[str, str]:
        """('Table 3. caption', 'Source: ...') of the next table or figure."""
        if block.kind == "table":
            self.tables += 1
            label = f"Table {self.tables}"
        else:
            self.figures += 1
            label = f"Figure {self.figures}"
        return f"{label}. {block.caption}", f"Source: {block.source or self.source}."


def _cells(row: list[str]) -> str:
    return "".join(
        f'<td class="num">{html.escape(c)}</td>'
        if _NUMERIC.fullmatch(c)
        else f"<td>{html.escape(c)}</td>"
        for c in row
    )


_SVG_ID = re.compile(r"""(\bid=["']|href=["']#|url\(#)([^"')]+)""")


def _own_ids(svg: str, prefix: str) -> str:
    """``svg`` with its ids (and the references to them) prefixed: several charts in one
    page each number their parts from 1."""
    return _SVG_ID.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", svg)


def _block_html(block: Block, charts: dict[str, str], numbers: _Numbers) -> str:
    if block.kind == "p":
        return f"<p>{html.escape(block.text)}</p>"
    if block.kind == "list":
        return "<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in block.items) + "</ul>"
    if block.kind == "table":
        caption, source = numbers.caption(block)
        head = "".join(f"<th>{html.escape(h)}</th>" for h in block.headers)
        body = "".join(f"<tr>{_cells(row)}</tr>" for row in block.rows)
        return (
            f'<figure class="table"><figcaption>{html.escape(caption)}</figcaption>'
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
            f'<p class="source">{html.escape(source)}</p></figure>'
        )
    if block.kind == "figure":
        if block.text not in charts:
            return f'<p class="note">{NO_CHART}</p>'
        caption, source = numbers.caption(block)
        return (
            f'<figure class="chart" id="chart-{block.text}"><figcaption>{html.escape(caption)}'
            f"</figcaption>{_own_ids(charts[block.text], block.text)}"
            f'<p class="source">{html.escape(source)}</p></figure>'
        )
    return (
        '<div class="screen-only"><p>Interactive view (drag, zoom; drawn from the data '
        'embedded in this file):</p><div id="network-view" class="network"></div></div>'
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
        "new vis.Network(document.getElementById('network-view'), "
        "{nodes: new vis.DataSet(jv.nodes), edges: new vis.DataSet(jv.edges)}, "
        "{nodes: {shape: 'dot', font: {size: 11}}, edges: {arrows: 'to'}, "
        "physics: {stabilization: {iterations: 200}}});</script>"
    )


def _css_string(text: str) -> str:
    """``text`` as a CSS string literal (for the running headers)."""
    return (
        '"'
        + "".join(c if c.isalnum() or c in " .,:;-_()/&" else f"\\{ord(c):x} " for c in text)
        + '"'
    )


def _page_css(meta: ReportMeta) -> str:
    """Running headers (title; case) and page numbers, in the PDF and in the browser's print."""
    right = (
        f"@top-right {{ content: {_css_string(meta.case)}; font-size: 8pt; color: #5b6475; }}"
        if meta.case
        else ""
    )
    return (
        "@page { size: A4; margin: 20mm 15mm 18mm;"
        f" @top-left {{ content: {_css_string(meta.title)}; font-size: 8pt; color: #5b6475; }}"
        f" {right}"
        ' @bottom-center { content: "Page " counter(page) " of " counter(pages);'
        " font-size: 8pt; color: #5b6475; } }"
        "@page:first { @top-left { content: none; } @top-right { content: none; } }"
    )


def _cover(doc: dict[str, Any], meta: ReportMeta) -> str:
    p = doc["provenance"]
    rows = [
        ("Author", meta.author),
        ("Case", meta.case),
        ("Store", doc.get("document", {}).get("store", "")),
        ("Dataset SHA-256", p["dataset_sha256"]),
        ("As of", p["as_of"] or "all dates (every row counts)"),
        ("Generated", meta.generated),
        ("jvgraph", p["jvgraph_version"]),
    ]
    items = "".join(
        f"<dt>{html.escape(k)}</dt><dd>{html.escape(str(v))}</dd>" for k, v in rows if v
    )
    return f'<header class="cover"><h1>{html.escape(meta.title)}</h1><dl>{items}</dl></header>'


def to_html(
    doc: dict[str, Any], parts: list[Section], charts: dict[str, str], meta: ReportMeta
) -> str:
    toc = "".join(f'<li><a href="#{s.anchor}">{html.escape(s.title)}</a></li>' for s in parts)
    numbers = _Numbers(_source_line(doc))
    body = "".join(
        f'<section id="{s.anchor}"><h2>{html.escape(s.title)}</h2>'
        + "".join(_block_html(b, charts, numbers) for b in s.blocks)
        + "</section>"
        for s in parts
    )
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(meta.title)}</title><style>{CSS}{_page_css(meta)}</style></head>"
        f'<body>{_cover(doc, meta)}<nav><h2>Contents</h2><ul class="toc">{toc}</ul></nav>'
        f"{body}{_network_script(doc)}</body></html>"
    )


def _source_line(doc: dict[str, Any]) -> str:
    p = doc["provenance"]
    return (
        f"jvgraph {p['jvgraph_version']} on the dataset of section 2 (its SHA-256 is on the "
        "cover), with the sources its rows cite"
    )


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _block_md(block: Block, chart_files: dict[str, str], numbers: _Numbers) -> str:
    if block.kind == "p":
        return block.text + "\n"
    if block.kind == "list":
        return "".join(f"- {i}\n" for i in block.items)
    if block.kind == "table":
        caption, source = numbers.caption(block)
        lines = [
            f"**{caption}**\n",
            "| " + " | ".join(_cell(h) for h in block.headers) + " |",
            "|" + "---|" * len(block.headers),
        ]
        lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in block.rows]
        return "\n".join(lines) + f"\n\n_{source}_\n"
    if block.kind == "figure":
        if block.text not in chart_files:
            return f"_{NO_CHART}_\n"
        caption, source = numbers.caption(block)
        return f"**{caption}**\n\n![{block.caption}]({chart_files[block.text]})\n\n_{source}_\n"
    return ""


def to_markdown(
    doc: dict[str, Any], parts: list[Section], chart_files: dict[str, str], meta: ReportMeta
) -> str:
    p = doc["provenance"]
    cover = [("Author", meta.author), ("Case", meta.case),
             ("Dataset SHA-256", p["dataset_sha256"]), ("As of", p["as_of"] or "all dates"),
             ("Generated", meta.generated), ("jvgraph", p["jvgraph_version"])]  # fmt: skip
    head = "".join(f"- {k}: {v}\n" for k, v in cover if v)
    toc = "".join(f"- [{s.title}](#{s.anchor})\n" for s in parts)
    numbers = _Numbers(_source_line(doc))
    body = "\n".join(
        f'<a id="{s.anchor}"></a>\n\n## {s.title}\n\n'
        + "\n".join(_block_md(b, chart_files, numbers) for b in s.blocks)
        for s in parts
    )
    return f"# {meta.title}\n\n{head}\n## Contents\n\n{toc}\n{body}"
