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
from jvgraph.store import GraphStore

__all__ = ["write_report"]


def _pdf(html_text: str, path: Path) -> bool:
    try:
        import weasyprint
    except (ImportError, OSError):
        return False
    weasyprint.HTML(string=html_text).write_pdf(str(path))
    return True


def write_report(
    store: GraphStore,
    out: Path,
    *,
    as_of: dt.date | None = None,
    market: str = "sector",
    scenarios: list[str] | None = None,
    pdf: bool = True,
) -> dict[str, Any]:
    """Write the report for ``store`` into the folder ``out``; return what was written."""
    from jvgraph.report.charts import charts
    from jvgraph.report.content import build_content
    from jvgraph.report.render import to_html, to_markdown
    from jvgraph.report.sections import sections

    doc = build_content(store.export(), as_of=as_of, market=market, scenarios=scenarios or [])
    title = "jvgraph antitrust-concentration report"
    svgs = charts(doc)
    parts = sections(doc)
    doc["sections"] = [s.title for s in parts]
    doc["methodology"] = next(b.items for s in parts if s.anchor == "methodology" for b in s.blocks)
    page = to_html(doc, parts, svgs, title)
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
        (staging / "report.md").write_text(to_markdown(parts, chart_files, title), encoding="utf-8")
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
