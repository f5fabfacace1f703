"""Export a subgraph as node-link JSON, GraphML, GEXF or CSV."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from jvgraph.api.schemas import ErrorPublic, SubgraphIn
from jvgraph.explore.browse import EXPORT_FORMATS, export_subgraph

router = APIRouter(tags=["export"], responses={422: {"model": ErrorPublic}})

Format = Literal["json", "graphml", "gexf", "csv-nodes", "csv-edges"]
SUFFIX = {
    "json": "json",
    "graphml": "graphml",
    "gexf": "gexf",
    "csv-nodes": "nodes.csv",
    "csv-edges": "edges.csv",
}


@router.post("/export")
def post_export(
    body: SubgraphIn,
    format: Annotated[Format, Query(description="The file format.")] = "json",
) -> Response:
    """The given nodes and edges (e.g. a neighbourhood response) as a file."""
    text = export_subgraph(
        [n.model_dump() for n in body.nodes], [e.model_dump() for e in body.edges], format
    )
    return Response(
        text,
        media_type=EXPORT_FORMATS[format],
        headers={
            "Content-Disposition": f'attachment; filename="jvgraph-subgraph.{SUFFIX[format]}"'
        },
    )
