"""A node with its properties and sources, and its neighbourhood."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query

from jvgraph.api.deps import CacheDep, SettingsDep, StoreDep
from jvgraph.api.routers.params import AsOf
from jvgraph.api.schemas import ErrorPublic, NodePublic, SubgraphPublic
from jvgraph.explore import MetricsCache, reached_by
from jvgraph.explore.browse import jv_network, neighbourhood_view, node_details
from jvgraph.explore.views import decorate
from jvgraph.store import GraphStore

router = APIRouter(tags=["nodes"], responses={404: {"model": ErrorPublic}})


@router.get("/nodes/{node_id}", response_model=NodePublic)
def get_node(store: StoreDep, node_id: str) -> dict[str, Any]:
    """A node's properties and the sources its row and relationships cite."""
    return node_details(store, node_id)


@router.get("/nodes/{node_id}/neighbourhood", response_model=SubgraphPublic)
def get_neighbourhood(
    store: StoreDep,
    settings: SettingsDep,
    cache: CacheDep,
    node_id: str,
    as_of: AsOf = None,
    depth: Annotated[int, Query(ge=1, le=3)] = 1,
    limit: Annotated[int, Query(ge=1, le=5000, description="Most nodes to return.")] = 100,
    labels: Annotated[
        list[str] | None, Query(description="Only neighbours with these labels.")
    ] = None,
) -> dict[str, Any]:
    """Nodes within ``depth`` hops, at most ``limit`` of them ("showing N of M").

    Companies carry ``reached_by``, the vendors that reach them; views of more than
    a few hundred nodes carry positions (``x``, ``y``) to draw without physics.
    """
    doc = neighbourhood_view(
        store,
        node_id,
        depth=depth,
        limit=limit,
        labels=tuple(labels or ()),
        as_of=as_of,
        max_nodes=settings.max_nodes,
    )
    return _decorated(doc, store, cache, as_of, node_id)


@router.get("/network", response_model=SubgraphPublic)
def get_network(store: StoreDep, cache: CacheDep, as_of: AsOf = None) -> dict[str, Any]:
    """The JV network: vendors, their joint ventures and the partners."""
    doc = cache.memo(store, ("network", as_of), lambda: jv_network(store.export(), as_of=as_of))
    return _decorated(dict(doc), store, cache, as_of, None)


def _decorated(
    doc: dict[str, Any],
    store: GraphStore,
    cache: MetricsCache,
    as_of: dt.date | None,
    root: str | None,
) -> dict[str, Any]:
    reach = cache.memo(
        store, ("reached_by", as_of), lambda: reached_by(store.export(), as_of=as_of)
    )
    return decorate(doc, reach, root)
