"""A node with its properties and sources, and its neighbourhood.

Reads go to the read index of the store's current version when there is one (built by
the first read that finds none); a depth-1 neighbourhood the index can answer is
answered on the event loop, everything else in a worker thread.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from jvgraph.api.deps import CacheDep, ReadIndexDep, ResolverDep, SettingsDep, StoreDep
from jvgraph.api.responses import json_response
from jvgraph.api.routers.params import AsOf
from jvgraph.api.schemas import ErrorPublic, NodeDetailsPublic, SubgraphPublic
from jvgraph.errors import NotFound
from jvgraph.explore import MetricsCache, reached_by
from jvgraph.explore.browse import Reads, jv_network, neighbourhood_view, node_details
from jvgraph.explore.index import GraphIndex
from jvgraph.explore.read_index import ReadIndex
from jvgraph.explore.views import decorate
from jvgraph.store import GraphStore

router = APIRouter(tags=["nodes"], responses={404: {"model": ErrorPublic}})

Reach = dict[str, list[str]]

#: a node with up to this many neighbours is answered on the event loop from the index
_QUICK = 400


def _read(reads: Reads) -> str:
    return "index" if isinstance(reads, GraphIndex) else "store"


@router.get("/nodes/{node_id}", response_model=NodeDetailsPublic)
def get_node(store: StoreDep, index: ReadIndexDep, names: ResolverDep, node_id: str) -> Response:
    """A node's properties, its degree and the sources its row and relationships cite;
    ``node_id`` may be a name or an alias too (404 or 422 with ``candidates`` when no node
    or several have it)."""
    reads = index.reads(store)
    try:
        doc = node_details(reads, node_id)
    except NotFound:
        doc = node_details(reads, names.node(node_id))
    return json_response(doc, _read(reads))


@router.get("/nodes/{node_id}/neighbourhood", response_model=SubgraphPublic)
async def get_neighbourhood(
    store: StoreDep,
    settings: SettingsDep,
    cache: CacheDep,
    index: ReadIndexDep,
    names: ResolverDep,
    node_id: str,
    as_of: AsOf = None,
    depth: Annotated[int, Query(ge=1, le=3)] = 1,
    limit: Annotated[int, Query(ge=1, le=5000, description="Most nodes to return.")] = 100,
    labels: Annotated[
        list[str] | None, Query(description="Only neighbours with these labels.")
    ] = None,
    offset: Annotated[
        int,
        Query(
            ge=0,
            description="Depth 1: skip this many neighbours of the order (the previous "
            "page's ``next_offset``); the node itself comes with every page.",
        ),
    ] = 0,
) -> Response:
    """Nodes within ``depth`` hops, at most ``limit`` of them ("showing N of M").

    Within one hop the neighbours that count on ``as_of`` (and have one of ``labels``)
    come largest stake first, then largest revenue (or AUM), then by name; a view holds
    the node and ``limit - 1`` of them from ``offset`` on, and says how many there are
    (``neighbours_total``) and where the next page starts (``next_offset``, ``null`` after
    the last). Index and store answer in the same order.

    Companies carry ``reached_by``, the vendors that reach them; views of more than
    a few hundred nodes carry positions (``x``, ``y``) to draw without physics.
    ``node_id`` may be a name or an alias too.
    """

    def answer(reads: Reads, reach: Reach) -> Response:
        doc = neighbourhood_view(
            reads,
            node_id,
            depth=depth,
            limit=limit,
            labels=tuple(labels or ()),
            as_of=as_of,
            max_nodes=settings.max_nodes,
            offset=offset,
        )
        return json_response(decorate(doc, reach, node_id), _read(reads))

    def slow() -> Response:
        reads = index.reads(store)
        return answer(reads, _reach(reads, store, index, cache, as_of))

    fresh = index.fresh(store)
    reach = index.cached_reach(fresh, as_of) if fresh is not None and depth == 1 else None
    try:
        if fresh is not None and reach is not None and fresh.degree(node_id) <= _QUICK:
            return answer(fresh, reach)
        return await run_in_threadpool(slow)
    except NotFound:  # a name or an alias, not an id
        node_id = await run_in_threadpool(names.node, node_id)
        return await run_in_threadpool(slow)


@router.get("/network", response_model=SubgraphPublic)
def get_network(
    store: StoreDep, cache: CacheDep, index: ReadIndexDep, as_of: AsOf = None
) -> Response:
    """The JV network: vendors, their joint ventures and the partners."""
    reads = index.reads(store)
    data = reads.data if isinstance(reads, GraphIndex) else None
    doc = cache.memo(
        store,
        ("network", as_of),
        lambda: jv_network(data if data is not None else store.export(), as_of=as_of),
    )
    reach = _reach(reads, store, index, cache, as_of)
    return json_response(decorate(dict(doc), reach, None), _read(reads))


def _reach(
    reads: Reads,
    store: GraphStore,
    index: ReadIndex,
    cache: MetricsCache,
    as_of: dt.date | None,
) -> Reach:
    """The vendors reaching each company: from the index when reads come from it."""
    if isinstance(reads, GraphIndex):
        return index.reach(reads, as_of)
    found: Reach = cache.memo(
        store, ("reached_by", as_of), lambda: reached_by(store.export(), as_of=as_of)
    )
    return found
