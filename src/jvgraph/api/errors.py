"""jvgraph's errors as JSON responses with a 4xx status."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from jvgraph.errors import (
    DataError,
    JvgraphError,
    NotFound,
    QueryError,
    QueryLimitExceeded,
    QueryRefused,
    QueryTooLarge,
    ReadOnlyViolation,
    StoreError,
    UsageError,
)

__all__ = ["install"]

#: (status, error code) of each error class, most specific first
STATUS: list[tuple[type[JvgraphError], int, str]] = [
    (NotFound, 404, "not_found"),
    (ReadOnlyViolation, 403, "read_only"),
    (QueryRefused, 400, "query_refused"),
    (QueryLimitExceeded, 408, "query_time_limit"),
    (QueryTooLarge, 413, "query_too_large"),
    (QueryError, 400, "query_error"),
    (UsageError, 422, "bad_parameter"),
    (DataError, 422, "bad_data"),
    (StoreError, 503, "store_unavailable"),
    (JvgraphError, 400, "error"),
]


def _response(
    status: int,
    code: str,
    message: str,
    candidates: list[dict[str, str]] | None = None,
    problems: list[str] | None = None,
) -> JSONResponse:
    content: dict[str, Any] = {"error": code, "message": message}
    if candidates is not None:  # a name that matched several nodes, or none
        content["candidates"] = candidates
    if problems is not None:  # a dataset's problems, one per line: file:line: column: what
        content["problems"] = problems
    return JSONResponse(status_code=status, content=content)


def install(app: FastAPI) -> None:
    @app.exception_handler(JvgraphError)
    async def jvgraph_error(request: Request, exc: JvgraphError) -> JSONResponse:
        for cls, status, code in STATUS:
            if isinstance(exc, cls):
                problems = exc.lines() if isinstance(exc, DataError) else None
                candidates = getattr(exc, "candidates", None)
                return _response(status, code, str(exc), candidates, problems)
        return _response(400, "error", str(exc))  # pragma: no cover - JvgraphError is last

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        parts = [_describe(e) for e in exc.errors()]
        return _response(422, "bad_parameter", "; ".join(parts))


def _describe(error: dict[str, Any]) -> str:
    where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("query", "body", "path"))
    return f"{where}: {error.get('msg', 'invalid')}" if where else str(error.get("msg"))
