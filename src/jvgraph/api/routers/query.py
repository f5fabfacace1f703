"""Read-only Cypher with parameters, time and row limits."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from fastapi import APIRouter

from jvgraph.api.deps import CacheDep, SettingsDep, StoreDep
from jvgraph.api.schemas import ErrorPublic, QueryIn, QueryPublic
from jvgraph.explore import reached_by
from jvgraph.explore.browse import query_with_graph
from jvgraph.explore.views import decorate

router = APIRouter(
    tags=["query"],
    responses={
        400: {"model": ErrorPublic},
        403: {"model": ErrorPublic},
        408: {"model": ErrorPublic},
        413: {"model": ErrorPublic},
    },
)


@router.post("/query", response_model=QueryPublic, response_model_exclude_unset=True)
def post_query(
    store: StoreDep, settings: SettingsDep, cache: CacheDep, body: QueryIn
) -> dict[str, Any]:
    """Run one read-only statement: what would write or reach outside the graph is refused
    (403), other refusals of the query guard are 400, slow queries are stopped (408), and a
    query out of memory or with a row over the size limit is refused (413)."""
    top = settings.query_limits
    limits = replace(
        top,
        timeout_s=min(body.timeout_s or top.timeout_s, top.timeout_s),
        max_rows=min(body.max_rows or top.max_rows, top.max_rows),
        max_bytes=min(body.max_bytes or top.max_bytes, top.max_bytes),
    )
    doc = query_with_graph(store, body.cypher, body.params, limits)
    if doc["graph"] is not None:  # companies carry the vendors reaching them, as anywhere
        reach = cache.memo(store, ("reached_by", None), lambda: reached_by(store.export()))
        doc["graph"] = decorate(doc["graph"], reach)
    return doc
