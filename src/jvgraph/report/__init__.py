"""The antitrust-concentration report: report.json, report.html, report.md, report.pdf.

Everything is computed and rendered before anything is written, and the files
appear together (through a temporary folder renamed into place), so a bad
request writes nothing partial.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from jvgraph.metrics.overlap import json_default
from jvgraph.report.document import DEFAULT_TITLE, ReportMeta
from jvgraph.store import GraphStore

__all__ = ["DEFAULT_TITLE", "ReportMeta", "report_html", "report_pdf", "write_report"]


def report_pdf(html_text: str) -> bytes | None:
    """The PDF of a report page (WeasyPrint), or ``None`` where WeasyPrint is missing."""
    try:
        import weasyprint
    except (ImportError, OSError):
        return None
    pdf: bytes = weasyprint.HTML(string=html_text).write_pdf()
    return pdf


def _pdf(html_text: str, path: Path) -> bool:
    pdf = report_pdf(html_text)
    if pdf is not None:
        path.write_bytes(pdf)
    return pdf is not None


def _render(
    store: GraphStore,
    as_of: dt.date | None,
    market: str,
    scenarios: list[str] | None,
    meta: ReportMeta,
) -> tuple[dict[str, Any], list[Any], dict[str, str], str]:
    """(report.json's document, the sections, the charts, report.html)."""
    from jvgraph.report.charts import charts
    from jvgraph.report.content import build_content
    from jvgraph.report.methodology import methodology_items
    from jvgraph.report.outline import outline
    from jvgraph.report.ownership_charts import ownership_charts
    from jvgraph.report.render import to_html

    doc = build_content(store.export(), as_of=as_of, market=market, scenarios=scenarios or [])
    doc["document"] = {**meta.as_json(), "store": store.location}
    svgs = {**charts(doc), **ownership_charts(doc)}
    parts, left_out = outline(doc, svgs)
    doc["sections"] = [s.title for s in parts]
    doc["sections_left_out"] = left_out
    doc["methodology"] = methodology_items(doc)
    return doc, parts, svgs, to_html(doc, parts, svgs, meta)


def report_html(
    store: GraphStore,
    *,
    as_of: dt.date | None = None,
    market: str = "sector",
    scenarios: list[str] | None = None,
    meta: ReportMeta | None = None,
) -> str:
    """The report as one self-contained HTML page (what report.html holds)."""
    return _render(store, as_of, market, scenarios, meta or ReportMeta())[3]


def write_report(
    store: GraphStore,
    out: Path,
    *,
    as_of: dt.date | None = None,
    market: str = "sector",
    scenarios: list[str] | None = None,
    pdf: bool = True,
    meta: ReportMeta | None = None,
) -> dict[str, Any]:
    """Write the report for ``store`` into the folder ``out``; return what was written."""
    from jvgraph.report.render import to_markdown

    meta = meta or ReportMeta()
    doc, parts, svgs, page = _render(store, as_of, market, scenarios, meta)
    chart_files = {name: f"charts/{name}.svg" for name in svgs}
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".report-", dir=out.parent))
    try:
        (staging / "charts").mkdir()
        for name, svg in svgs.items():
            (staging / chart_files[name]).write_text(svg, encoding="utf-8")
        (staging / "report.json").write_text(
            json.dumps(doc, indent=1, default=json_default), encoding="utf-8"
        )
        (staging / "report.html").write_text(page, encoding="utf-8")
        (staging / "report.md").write_text(
            to_markdown(doc, parts, chart_files, meta), encoding="utf-8"
        )
        made_pdf = pdf and _pdf(page, staging / "report.pdf")
        staging.chmod(0o755)
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    files = ["report.json", "report.html", "report.md"] + (["report.pdf"] if made_pdf else [])
    return {"out": str(out), "files": files, "summary": doc["summary"]}
