"""The web API and the explorer page, built by :func:`create_app` around a store.

>>> import tempfile, os
>>> from jvgraph.store import open_store
>>> with tempfile.TemporaryDirectory() as tmp:
...     with open_store(os.path.join(tmp, "g.db")) as store:
...         app = create_app(store)
...         print(app.title)
jvgraph
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jvgraph.api.settings import LOOPBACK_NAMES, ApiSettings
from jvgraph.store import GraphStore

__all__ = ["LOOPBACK_NAMES", "ApiSettings", "create_app"]

STATIC = Path(__file__).resolve().parent / "static"


def create_app(store: GraphStore, settings: ApiSettings | None = None) -> Any:
    """A FastAPI application serving ``store``: the REST API under ``/api``, the
    explorer page at ``/`` and the OpenAPI docs at ``/docs`` (assets served locally)."""
    from fastapi import FastAPI
    from fastapi.responses import FileResponse
    from fastapi.staticfiles import StaticFiles
    from starlette.background import BackgroundTask

    from jvgraph import __version__
    from jvgraph.api import docs, errors, login
    from jvgraph.api.guard import Guard
    from jvgraph.api.routers import ROUTERS, graph_view
    from jvgraph.explore import MetricsCache
    from jvgraph.explore.read_index import ReadIndex
    from jvgraph.viz import ASSETS

    settings = settings or ApiSettings()
    app = FastAPI(
        title="jvgraph",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        description="Reach, customer access, overlap and common ownership of AI joint ventures.",
    )
    app.state.store = store
    app.state.settings = settings
    app.state.cache = MetricsCache(settings.cache_size)
    app.state.read_index = ReadIndex()
    errors.install(app)
    app.add_middleware(Guard, settings=settings)
    for router in ROUTERS:
        app.include_router(router, prefix="/api")
    app.include_router(graph_view.router, prefix="/api")
    docs.install(app)
    login.install(app)
    if settings.tokens:
        _declare_bearer(app)
    app.mount("/static/vendor", StaticFiles(directory=ASSETS), name="vendor")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        # the page will search and expand: build the read index meanwhile
        warm = BackgroundTask(app.state.read_index.warm, store)
        return FileResponse(STATIC / "index.html", background=warm)

    return app


def _declare_bearer(app: Any) -> None:
    """The OpenAPI document says every route needs a bearer token (the docs' Authorize)."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema: dict[str, Any] = build()
            schemes = schema.setdefault("components", {}).setdefault("securitySchemes", {})
            schemes["accessToken"] = {
                "type": "http",
                "scheme": "bearer",
                "description": "An access token (jvg_...): the read role for every route, "
                "the admin role also for /api/admin/.",
            }
            schema["security"] = [{"accessToken": []}]
        result: dict[str, Any] = app.openapi_schema
        return result

    app.openapi = openapi
