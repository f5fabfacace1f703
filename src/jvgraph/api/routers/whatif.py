"""What-if scenarios: before, after and the change."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from jvgraph.api.deps import ResolverDep, StoreDep
from jvgraph.api.routers.params import AsOf, Market
from jvgraph.api.schemas import ErrorPublic
from jvgraph.explore import what_if

router = APIRouter(
    tags=["what-if"], responses={404: {"model": ErrorPublic}, 422: {"model": ErrorPublic}}
)


@router.get("/whatif")
def get_whatif(
    store: StoreDep,
    names: ResolverDep,
    scenario: Annotated[
        str,
        Query(
            examples=["merge:v-anthropic,v-openai", 'remove-partner:"The Deployment Company",TPG'],
            description="merge:A,B, add-partner:JV,M, remove-partner:JV,M,"
            " add-holding:O,C,STAKE or remove-holding:O,C; each an id, a name or an alias"
            " (quote one with a comma in it)",
        ),
    ],
    as_of: AsOf = None,
    market: Market = "sector",
) -> dict[str, Any]:
    """Reach, vendor overlap, every access share, MHHI and (where vendor_shares.csv gives
    it) the vendor market before and after the scenario."""
    return what_if(store, names.scenario(scenario), as_of=as_of, market=market)
