"""Profit weights κ between the firms of a market (O'Brien & Salop), at a date or by quarter."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from jvgraph.api.deps import CacheDep, ResolverDep, StoreDep
from jvgraph.api.routers.params import AsOf, Market
from jvgraph.api.schemas import ErrorPublic
from jvgraph.explore.ownership import kappa, kappa_series, parse_pairs

router = APIRouter(
    tags=["common ownership"], responses={404: {"model": ErrorPublic}, 422: {"model": ErrorPublic}}
)

Control = Annotated[
    str,
    Query(
        description="proportional (γ = β), sole (a majority holder controls), power:A, "
        "voting:sole or voting:sole+shared (13F voting-authority shares)"
    ),
]


@router.get("/kappa")
def get_kappa(
    store: StoreDep,
    cache: CacheDep,
    name: Annotated[str, Query(examples=["Airlines"], description="The market, e.g. a sector.")],
    as_of: AsOf = None,
    market: Market = "sector",
    control: Control = "proportional",
    max_pairs: Annotated[int, Query(ge=1, le=1_000_000)] = 10_000,
    stake: Annotated[
        Literal["low", "mid", "high"],
        Query(description="Where a stake known only as a band is taken (both ends are given)."),
    ] = "mid",
) -> dict[str, Any]:
    """κ for every ordered pair of the market's firms, its median and mean, the owners
    adding most, and the MHHI where revenue is known."""
    key = ("kappa", name, as_of, market, control, max_pairs, stake)
    doc: dict[str, Any] = cache.memo(
        store,
        key,
        lambda: kappa(
            store,
            name,
            market=market,
            as_of=as_of,
            control=control,
            max_pairs=max_pairs,
            stake=stake,
        ),
    )
    return doc


@router.get("/kappa/series")
def get_kappa_series(
    store: StoreDep,
    names: ResolverDep,
    name: Annotated[str, Query(examples=["Airlines"])],
    start: Annotated[str, Query(alias="from", examples=["2013Q4"], description="YYYYQn")],
    end: Annotated[str, Query(alias="to", examples=["2017Q3"], description="YYYYQn")],
    market: Market = "sector",
    control: Control = "proportional",
    pair: Annotated[
        list[str] | None, Query(description="F,G: follow κ(F → G); ids, names or aliases")
    ] = None,
) -> dict[str, Any]:
    """The median and mean κ over the market's pairs by quarter, and κ of each pair."""
    from jvgraph.importers import parse_quarter, quarter_ends

    dates = quarter_ends(parse_quarter(start), parse_quarter(end))
    firms = names.pairs(parse_pairs(pair or []))
    return kappa_series(store, name, dates, market=market, control=control, pairs=firms)
