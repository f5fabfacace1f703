"""Every metric, in the same JSON as ``jvgraph metrics --json``, cached per store version."""

from __future__ import annotations

import json

from fastapi import APIRouter
from fastapi.responses import Response

from jvgraph.api.deps import CacheDep, StoreDep
from jvgraph.api.routers.params import AsOf, Market
from jvgraph.api.schemas import ErrorPublic
from jvgraph.metrics.overlap import json_default

router = APIRouter(tags=["metrics"], responses={422: {"model": ErrorPublic}})


@router.get("/metrics")
def get_metrics(
    store: StoreDep,
    cache: CacheDep,
    as_of: AsOf = None,
    market: Market = "sector",
    look_through: bool = False,
) -> Response:
    """Reach, overlap, concentration, common ownership and gatekeepers."""
    body: bytes = cache.memo(
        store,
        ("metrics-json", as_of, market, look_through),
        lambda: json.dumps(
            cache.get(store, as_of=as_of, market=market, look_through=look_through),
            default=json_default,
        ).encode(),
    )
    return Response(body, media_type="application/json")
