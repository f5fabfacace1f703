"""The whole graph with positions computed on the server, for the WebGL view
(``/static/bigview.html``): computed once per store version, as-of date and grouping."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from jvgraph.api.deps import CacheDep, ResolverDep, StoreDep
from jvgraph.api.routers.params import AsOf
from jvgraph.api.schemas import ErrorPublic
from jvgraph.explore.big_layout import Grouping, whole_graph_layout

router = APIRouter(tags=["graph"], responses={422: {"model": ErrorPublic}})


class LayoutNode(BaseModel):
    """One node where the view draws it."""

    id: str = Field(examples=["cb-inv-sequoia-capital"])
    name: str = Field(examples=["Sequoia Capital"])
    label: str = Field(
        examples=["AssetManager"], description="Vendor, JointVenture, AssetManager or Company"
    )
    x: float
    y: float
    size: float = Field(description="Grows with the logarithm of the node's degree.")
    group: int = Field(description="Index into groups.")


class LayoutGroup(BaseModel):
    name: str = Field(examples=["software"])
    nodes: int


class LayoutCounts(BaseModel):
    nodes: int
    edges: int


class GraphLayout(BaseModel):
    """Every node and every relationship counting on the as-of date."""

    as_of: str | None
    group: Grouping
    nodes: list[LayoutNode]
    edges: list[tuple[int, int]] = Field(description="[source, target] as indices into nodes.")
    groups: list[LayoutGroup] = Field(
        description="Largest first; the smallest merged into 'other'."
    )
    counts: LayoutCounts
    sources: list[str] = Field(description="The data's sources (attribution), most frequent first.")
    seconds: float = Field(description="How long the layout took on the server.")
    vendor: dict[str, str] | None = Field(
        default=None, description="The vendor whose network this is (id, name), if one was asked."
    )


@router.get("/graph/layout", response_model=GraphLayout)
def get_layout(
    store: StoreDep,
    cache: CacheDep,
    names: ResolverDep,
    as_of: AsOf = None,
    group: Annotated[
        Grouping,
        Query(
            description="Group (and colour) the nodes by market (a company's sector) or by manager."
        ),
    ] = "market",
    vendor: Annotated[
        str | None,
        Query(
            description="Only this vendor's network (id or name): its JVs, their partners "
            "and the companies these hold."
        ),
    ] = None,
) -> Response:
    """The whole graph laid out for drawing: each node's position, size and group, the
    relationships as index pairs. Groups are discs packed in rows, the nodes of a group on
    a spiral pulled towards their neighbours; no force simulation, so tens of thousands of
    nodes take about a second, once per store version."""
    vendor_id = names.node(vendor) if vendor else None
    body: bytes = cache.memo(
        store,
        ("graph-layout", as_of, group, vendor_id),
        lambda: json.dumps(
            whole_graph_layout(store.export(), as_of=as_of, group=group, vendor=vendor_id),
            separators=(",", ":"),
        ).encode(),
    )
    return Response(body, media_type="application/json")
