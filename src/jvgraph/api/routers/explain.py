"""The companies, holdings and sources behind a number."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from jvgraph.api.deps import ReadIndexDep, ResolverDep, StoreDep
from jvgraph.api.routers.params import AsOf, Market
from jvgraph.api.schemas import ErrorPublic
from jvgraph.errors import NotFound
from jvgraph.explore import explain
from jvgraph.explore.browse import Reads

router = APIRouter(
    tags=["explain"], responses={404: {"model": ErrorPublic}, 422: {"model": ErrorPublic}}
)

Topic = Literal["reach", "foreclosure", "access", "company-hhi", "mhhi", "vendor-hhi", "overlap"]

#: the keys of an explanation whose values are node ids (or lists of them)
_ID_KEYS = frozenset({"args", "company", "owner", "partners", "vendors"})


@router.get("/explain/{topic}")
def get_explain(
    store: StoreDep,
    index: ReadIndexDep,
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
    ``names`` gives the name of every node the explanation cites by id (companies,
    owners, partners, vendors). A name several vendors have is refused (422), one no
    vendor has too (404), each with ``candidates``."""
    args = names.explain_args(topic, ids, market)
    doc = explain(store, topic, args, as_of=as_of, market=market, limit=limit)
    doc["names"] = _names(index.reads(store), _cited(doc))
    return doc


def _cited(value: Any, key: str = "") -> set[str]:
    """The ids an explanation cites under :data:`_ID_KEYS`, at any depth."""
    if isinstance(value, dict):
        return {i for k, v in value.items() for i in _cited(v, str(k))}
    if isinstance(value, list):
        return {i for v in value for i in _cited(v, key)}
    return {value} if key in _ID_KEYS and isinstance(value, str) else set()


def _names(reads: Reads, ids: set[str]) -> dict[str, str]:
    """Id → name of those of ``ids`` that are nodes (a market is not)."""
    out: dict[str, str] = {}
    for node_id in sorted(ids):
        try:
            node = reads.get_node(node_id)
        except NotFound:
            continue
        out[node_id] = str(node.properties.get("name") or node_id)
    return out
