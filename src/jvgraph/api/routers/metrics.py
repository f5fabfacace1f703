"""Every metric, in the same JSON as ``jvgraph metrics --json``, cached per store version."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from jvgraph.api.deps import CacheDep, StoreDep
from jvgraph.api.routers.params import AsOf, Market
from jvgraph.api.schemas import ErrorPublic

router = APIRouter(tags=["metrics"], responses={422: {"model": ErrorPublic}})


@router.get("/metrics")
def get_metrics(
    store: StoreDep,
    cache: CacheDep,
    as_of: AsOf = None,
    market: Market = "sector",
    look_through: bool = False,
) -> dict[str, Any]:
    """Reach, overlap, concentration, common ownership and gatekeepers."""
    return cache.get(store, as_of=as_of, market=market, look_through=look_through)
