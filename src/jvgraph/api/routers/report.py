"""The report as a document: the self-contained HTML page or the PDF, with the cover's
title, author and case reference."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from jvgraph.api.deps import StoreDep
from jvgraph.api.routers.params import AsOf, Market
from jvgraph.api.schemas import ErrorPublic
from jvgraph.errors import UsageError
from jvgraph.report import DEFAULT_TITLE, ReportMeta, report_html, report_pdf

router = APIRouter(tags=["report"], responses={422: {"model": ErrorPublic}})

#: the page runs its own inline script (the interactive network) in a sandbox: an opaque
#: origin that cannot call this API or read its cookie
REPORT_CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data:; sandbox allow-scripts allow-modals"
)

Text = Annotated[str, Query(max_length=300)]


@router.get("/report", response_class=Response)
def get_report(
    store: StoreDep,
    as_of: AsOf = None,
    market: Market = "sector",
    title: Text = DEFAULT_TITLE,
    author: Text = "",
    case: Annotated[str, Query(max_length=300, description="The case or file reference.")] = "",
    format: Annotated[Literal["html", "pdf"], Query(description="The file format.")] = "html",
) -> Response:
    """The antitrust-concentration report as ``jvgraph report`` writes it (report.html or
    report.pdf), with a cover block, running headers and page numbers."""
    meta = ReportMeta(title=title or DEFAULT_TITLE, author=author, case=case)
    page = report_html(store, as_of=as_of, market=market, meta=meta)
    if format == "pdf":
        pdf = report_pdf(page)
        if pdf is None:
            raise UsageError("no PDF engine on this server: pip install 'jvgraph[pdf]'")
        disposition = 'attachment; filename="report.pdf"'
        return Response(pdf, media_type="application/pdf",
                        headers={"Content-Disposition": disposition})  # fmt: skip
    headers = {"Content-Security-Policy": REPORT_CSP,
               "Content-Disposition": 'inline; filename="report.html"'}  # fmt: skip
    return Response(page, media_type="text/html; charset=utf-8", headers=headers)
