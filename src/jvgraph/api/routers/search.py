"""Search nodes by name (type-ahead)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from jvgraph.api.deps import StoreDep
from jvgraph.api.schemas import NodePublic
from jvgraph.explore.browse import node_doc

router = APIRouter(tags=["search"])


@router.get("/search", response_model=list[NodePublic])
def search(
    store: StoreDep,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Part of a name.")],
    labels: Annotated[list[str] | None, Query(description="Only these labels.")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> list[dict[str, object]]:
    """Nodes whose name contains ``q`` (any case), names starting with it first."""
    return [node_doc(n) for n in store.search(q, labels=tuple(labels or ()), limit=limit)]
