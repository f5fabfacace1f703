"""A node's profile: a vendor's reach, a manager's portfolio and JVs, who reaches a company."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from jvgraph.api.deps import CacheDep, ResolverDep, StoreDep
from jvgraph.api.routers.params import AsOf, Market
from jvgraph.api.schemas import ErrorPublic
from jvgraph.errors import NotFound
from jvgraph.explore.profiles import node_profile

router = APIRouter(
    tags=["nodes"], responses={404: {"model": ErrorPublic}, 422: {"model": ErrorPublic}}
)


@router.get("/nodes/{node_id}/profile")
async def get_profile(
    store: StoreDep,
    cache: CacheDep,
    names: ResolverDep,
    node_id: str,
    as_of: AsOf = None,
    market: Market = "sector",
) -> dict[str, Any]:
    """For a vendor: its JVs, its partners (whose portfolios the data knows, and not), the
    companies it reaches per market with its access shares and the coverage of that reach;
    for a manager: its JVs and its portfolio per market; for a company: the vendors that
    reach it and the partners, with their stakes, through which they do; for a JV: its
    vendor and partners. ``node_id`` may be a name or an alias."""

    def answer(found: str) -> dict[str, Any]:
        return node_profile(store, cache, found, as_of=as_of, market=market)

    try:
        return await run_in_threadpool(answer, node_id)
    except NotFound:
        resolved = await run_in_threadpool(names.node, node_id)
        if resolved == node_id:
            raise
        return await run_in_threadpool(answer, resolved)
