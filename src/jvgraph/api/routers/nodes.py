"""A node with its properties and sources, and its neighbourhood."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from jvgraph.api.deps import SettingsDep, StoreDep
from jvgraph.api.routers.params import AsOf
from jvgraph.api.schemas import ErrorPublic, NodePublic, SubgraphPublic
from jvgraph.explore.browse import neighbourhood_view, node_details

router = APIRouter(tags=["nodes"], responses={404: {"model": ErrorPublic}})


@router.get("/nodes/{node_id}", response_model=NodePublic)
def get_node(store: StoreDep, node_id: str) -> dict[str, Any]:
    """A node's properties and the sources its row and relationships cite."""
    return node_details(store, node_id)


@router.get("/nodes/{node_id}/neighbourhood", response_model=SubgraphPublic)
def get_neighbourhood(
    store: StoreDep,
    settings: SettingsDep,
    node_id: str,
    as_of: AsOf = None,
    depth: Annotated[int, Query(ge=1, le=3)] = 1,
    limit: Annotated[int, Query(ge=1, le=5000, description="Most nodes to return.")] = 100,
    labels: Annotated[
        list[str] | None, Query(description="Only neighbours with these labels.")
    ] = None,
) -> dict[str, Any]:
    """Nodes within ``depth`` hops, at most ``limit`` of them ("showing N of M")."""
    return neighbourhood_view(
        store,
        node_id,
        depth=depth,
        limit=limit,
        labels=tuple(labels or ()),
        as_of=as_of,
        max_nodes=settings.max_nodes,
    )
