"""How one node reaches another: every path between them, shortest first."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from jvgraph.api.deps import ReadIndexDep, ResolverDep, StoreDep
from jvgraph.api.schemas import ErrorPublic
from jvgraph.explore.index import GraphIndex
from jvgraph.explore.paths import MAX_HOPS, paths, paths_subgraph
from jvgraph.explore.views import decorate

router = APIRouter(
    tags=["paths"], responses={404: {"model": ErrorPublic}, 422: {"model": ErrorPublic}}
)


@router.get("/path")
def get_path(
    store: StoreDep,
    index: ReadIndexDep,
    names: ResolverDep,
    source: Annotated[str, Query(alias="from", examples=["OpenAI"], description="id or name")],
    target: Annotated[
        str, Query(alias="to", examples=["Boart Longyear"], description="id or name")
    ],
    max_hops: Annotated[int, Query(ge=1, le=MAX_HOPS)] = 6,
    limit: Annotated[int, Query(ge=1, le=200)] = 10,
) -> dict[str, Any]:
    """Every simple path from ``from`` to ``to`` of at most ``max_hops`` hops, shortest
    first, each hop with its relationship, direction, stake and source, and the effective
    stake of the path's final holding chain; ``truncated`` when there are more than
    ``limit``; ``graph``: the paths' nodes (companies with the vendors reaching them) and
    relationships, to draw."""
    reads = index.reads(store)
    graph = reads if isinstance(reads, GraphIndex) else GraphIndex.of(store)
    ends = names.node(source), names.node(target)
    doc = paths(graph, *ends, max_hops=max_hops, limit=limit)
    reach = index.reach(graph, None)
    return {**doc, "graph": decorate(paths_subgraph(graph, doc), reach)}
