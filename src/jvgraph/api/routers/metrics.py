"""Every metric, in the same JSON as ``jvgraph metrics --json``, cached per store version."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from jvgraph.api.deps import CacheDep, StoreDep
from jvgraph.api.routers.params import AsOf, Market
from jvgraph.api.schemas import ErrorPublic
from jvgraph.metrics.overlap import PairRecords, json_default

router = APIRouter(tags=["metrics"], responses={422: {"model": ErrorPublic}})


def _capped(doc: dict[str, Any], max_pairs: int) -> dict[str, Any]:
    """``doc`` with at most ``max_pairs`` owner pairs (those sharing most); 0 keeps all."""
    pairs = doc["overlap"]["managers"]
    if max_pairs == 0 or len(pairs) <= max_pairs or not isinstance(pairs, PairRecords):
        return doc
    overlap = {
        **doc["overlap"],
        "managers": pairs.top(max_pairs),
        "managers_total": len(pairs),
        "managers_truncated": True,
    }
    return {**doc, "overlap": overlap}


@router.get("/metrics")
def get_metrics(
    store: StoreDep,
    cache: CacheDep,
    as_of: AsOf = None,
    market: Market = "sector",
    look_through: bool = False,
    combine_controlled: Annotated[
        bool,
        Query(description="Count companies one owner solely controls as one firm in the MHHI."),
    ] = False,
    max_pairs: Annotated[
        int,
        Query(
            ge=0,
            description=(
                "Most owner pairs in overlap.managers, those sharing the most companies first "
                "(0: every pair; a large graph has millions). overlap.managers_total counts them."
            ),
        ),
    ] = 1000,
) -> Response:
    """Reach, overlap, concentration, common ownership and gatekeepers."""
    body: bytes = cache.memo(
        store,
        ("metrics-json", as_of, market, look_through, combine_controlled, max_pairs),
        lambda: json.dumps(
            _capped(
                cache.get(
                    store,
                    as_of=as_of,
                    market=market,
                    look_through=look_through,
                    combine_controlled=combine_controlled,
                ),
                max_pairs,
            ),
            default=json_default,
        ).encode(),
    )
    return Response(body, media_type="application/json")
