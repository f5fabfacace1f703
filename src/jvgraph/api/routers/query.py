"""Read-only Cypher with parameters, time and row limits."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from jvgraph.api.deps import SettingsDep, StoreDep
from jvgraph.api.schemas import ErrorPublic, QueryIn, QueryPublic
from jvgraph.config import Limits
from jvgraph.explore.browse import query_with_graph

router = APIRouter(
    tags=["query"],
    responses={
        400: {"model": ErrorPublic},
        403: {"model": ErrorPublic},
        408: {"model": ErrorPublic},
    },
)


@router.post("/query", response_model=QueryPublic, response_model_exclude_unset=True)
def post_query(store: StoreDep, settings: SettingsDep, body: QueryIn) -> dict[str, Any]:
    """Run a read-only query; writes are refused (403), slow ones stopped (408)."""
    top = settings.query_limits
    limits = Limits(
        min(body.timeout_s or top.timeout_s, top.timeout_s),
        min(body.max_rows or top.max_rows, top.max_rows),
    )
    return query_with_graph(store, body.cypher, body.params, limits)
