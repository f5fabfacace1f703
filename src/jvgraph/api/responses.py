"""JSON bodies written once, straight from the documents the use cases return.

The routes that return these declare their schema (``response_model``) for the docs;
the document already has that shape, so it is not validated again per request.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi.responses import Response

__all__ = ["READ_HEADER", "json_response"]

#: response header naming what answered a read: ``index`` (the read index) or ``store``
READ_HEADER = "X-Jvgraph-Read"


def json_response(doc: Any, read: str | None = None) -> Response:
    """``doc`` as compact JSON (as Starlette writes it), with the read header if given."""
    body = json.dumps(doc, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    headers = {READ_HEADER: read} if read else None
    return Response(body.encode("utf-8"), media_type="application/json", headers=headers)
