"""Every metric, in the same JSON as ``jvgraph metrics --json``, cached per store version."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from jvgraph.api.deps import CacheDep, StoreDep
from jvgraph.api.routers.params import AsOf, Market
from jvgraph.api.schemas import ErrorPublic
from jvgraph.explore import DEFAULT_OWNER_PAIRS, MetricsCache, capped, owner_overlap
from jvgraph.metrics.measures import measures
from jvgraph.metrics.overlap import json_default
from jvgraph.store import GraphStore

router = APIRouter(tags=["metrics"], responses={422: {"model": ErrorPublic}})


def _document(
    cache: MetricsCache, store: GraphStore, max_pairs: int, **options: Any
) -> dict[str, Any]:
    """The metrics with at most ``max_pairs`` owner pairs (0: all), only those kept while
    they are found (:func:`jvgraph.explore.capped`)."""
    return capped(lambda k: cache.get(store, owner_pairs=k, **options), max_pairs)


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
    ] = DEFAULT_OWNER_PAIRS,
    stake: Annotated[
        Literal["low", "mid", "high"],
        Query(
            description="Where a stake known only as a band is taken; common ownership also "
            "gives its range over the bands."
        ),
    ] = "mid",
) -> Response:
    """Reach, overlap, customer access per market, company-level concentration, common
    ownership, the vendor market (only where vendor_shares.csv gives it) and gatekeepers:
    the JSON of ``jvgraph metrics --json``."""
    body: bytes = cache.memo(
        store,
        ("metrics-json", as_of, market, look_through, combine_controlled, max_pairs, stake),
        lambda: json.dumps(
            _document(
                cache,
                store,
                max_pairs,
                as_of=as_of,
                market=market,
                look_through=look_through,
                combine_controlled=combine_controlled,
                stake=stake,
            ),
            default=json_default,
        ).encode(),
    )
    return Response(body, media_type="application/json")


@router.get("/overlap/owners")
def get_owner_overlap(
    store: StoreDep,
    cache: CacheDep,
    as_of: AsOf = None,
    k: Annotated[int, Query(ge=2, le=40, description="How many owners to draw.")] = 12,
) -> dict[str, Any]:
    """The owner heatmap's matrix: the owners of the owner pairs sharing most companies
    (largest pairs first, until ``k`` owners) and, for every pair of them, the companies
    both hold (``shared``; the diagonal: each owner's companies) and their Jaccard
    similarity, counted from the holdings, so that no cell of a drawn pair is empty."""
    doc = cache.get(store, as_of=as_of, owner_pairs=DEFAULT_OWNER_PAIRS)
    result: dict[str, Any] = cache.memo(
        store,
        ("owner-overlap", as_of, k),
        lambda: owner_overlap(store, doc["overlap"]["managers"], as_of=as_of, k=k),
    )
    return result


@router.get("/measures")
def get_measures() -> dict[str, Any]:
    """Every measure's name, definition and place in the metrics JSON, and what each
    denominator means: the names the CLI, the report and the explorer print."""
    return measures()
