"""The companies, holdings and sources behind a number."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from jvgraph.api.deps import ResolverDep, StoreDep
from jvgraph.api.routers.params import AsOf, Market
from jvgraph.api.schemas import ErrorPublic
from jvgraph.explore import explain

router = APIRouter(
    tags=["explain"], responses={404: {"model": ErrorPublic}, 422: {"model": ErrorPublic}}
)

Topic = Literal["reach", "foreclosure", "access", "company-hhi", "mhhi", "vendor-hhi", "overlap"]


@router.get("/explain/{topic}")
def get_explain(
    store: StoreDep,
    names: ResolverDep,
    topic: Topic,
    ids: Annotated[
        list[str], Query(description="Vendors (ids, names or aliases) and/or a market.")
    ],
    as_of: AsOf = None,
    market: Market = "sector",
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
) -> dict[str, Any]:
    """Contributions, largest first, and the named values they explain, e.g.
    ``/api/explain/foreclosure?ids=v-a&ids=Logistics`` or ``/api/explain/reach?ids=OpenAI``.
    A name several vendors have is refused (422), one no vendor has too (404), each with
    ``candidates``."""
    args = names.explain_args(topic, ids, market)
    return explain(store, topic, args, as_of=as_of, market=market, limit=limit)
