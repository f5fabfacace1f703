"""Search nodes by name (type-ahead)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from jvgraph.api.deps import ReadIndexDep, StoreDep
from jvgraph.api.responses import json_response
from jvgraph.api.schemas import NodePublic
from jvgraph.explore.browse import Reads, node_doc
from jvgraph.explore.index import GraphIndex

router = APIRouter(tags=["search"])


@router.get("/search", response_model=list[NodePublic])
async def search(
    store: StoreDep,
    index: ReadIndexDep,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Part of a name.")],
    labels: Annotated[list[str] | None, Query(description="Only these labels.")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> Response:
    """Nodes whose name contains ``q`` (any case), names starting with it first."""
    only = tuple(labels or ())

    def found(reads: Reads) -> Response:
        docs = [node_doc(n) for n in reads.search(q, labels=only, limit=limit)]
        return json_response(docs, "index" if isinstance(reads, GraphIndex) else "store")

    fresh = index.fresh(store)
    if fresh is not None:
        return found(fresh)
    return await run_in_threadpool(lambda: found(index.reads(store)))
