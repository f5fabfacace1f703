"""Response schemas of the API (``XPublic``) and request bodies."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from jvgraph.config import MAX_TIMEOUT_S, MIN_TIMEOUT_S

__all__ = [
    "EdgePublic",
    "ErrorPublic",
    "NodeDetailsPublic",
    "NodePublic",
    "QueryIn",
    "QueryPublic",
    "SubgraphIn",
    "SubgraphNodePublic",
    "SubgraphPublic",
]


class ErrorPublic(BaseModel):
    """Every error: what went wrong, in words a person can act on."""

    error: str = Field(examples=["not_found"])
    message: str = Field(examples=["no node with id 'x' in jvgraph.db"])
    candidates: list[dict[str, str]] | None = Field(
        default=None,
        description="For a name several nodes have, or none: the nodes it may mean "
        "({id, name, label}); give one's id.",
    )
    problems: list[str] | None = Field(
        default=None,
        description="For rows that fail the data contract: every problem, one per line "
        "(file:line: column: what is wrong).",
    )


class NodePublic(BaseModel):
    id: str
    label: str
    name: str | None = None
    properties: dict[str, Any]
    sources: list[str] = Field(
        default_factory=list, description="the `source` values of the node and its edges"
    )


class NodeDetailsPublic(NodePublic):
    degree: int = Field(description="how many distinct nodes share a relationship with it")


class SubgraphNodePublic(NodePublic):
    reached_by: list[str] | None = Field(
        default=None, description="companies only: the vendors that reach the company"
    )
    x: float | None = Field(
        default=None, description="in views of more than a few hundred nodes: a position"
    )
    y: float | None = None


class EdgePublic(BaseModel):
    source: str
    target: str
    type: str
    properties: dict[str, Any] = Field(default_factory=dict)


class SubgraphPublic(BaseModel):
    nodes: list[SubgraphNodePublic]
    edges: list[EdgePublic]
    shown: int = Field(description="nodes returned")
    total: int = Field(description="nodes that matched before the cap")
    truncated: bool
    message: str = Field(examples=["showing 100 of 2,345 nodes"])
    offset: int | None = Field(
        default=None, description="depth-1 views: the neighbours skipped before this page"
    )
    neighbours: int | None = Field(default=None, description="depth-1 views: neighbours here")
    neighbours_total: int | None = Field(
        default=None, description="depth-1 views: neighbours that count (date, labels)"
    )
    next_offset: int | None = Field(
        default=None, description="depth-1 views: the next page's offset; null after the last"
    )
    order: str | None = Field(default=None, description="depth-1 views: the neighbours' order")


class SubgraphIn(BaseModel):
    """A subgraph to export, as returned by the neighbourhood or query routes."""

    nodes: list[NodePublic]
    edges: list[EdgePublic]


class QueryIn(BaseModel):
    cypher: str = Field(examples=["MATCH (v:Vendor) RETURN v.id, v.name"])
    params: dict[str, Any] = Field(default_factory=dict)
    max_rows: int | None = Field(default=None, ge=1)
    max_bytes: int | None = Field(default=None, ge=1, description="limit on the rows as JSON")
    timeout_s: float | None = Field(default=None, ge=MIN_TIMEOUT_S, le=MAX_TIMEOUT_S)


class QueryPublic(BaseModel):
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool
    graph: SubgraphPublic | None = Field(
        default=None, description="the nodes and relationships among the returned values"
    )
