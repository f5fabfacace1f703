"""The interface every graph store implements, and the values it returns.

Callers receive a :class:`GraphStore`; they do not build one (see
:func:`jvgraph.store.open_store`). The embedded LadybugDB store and the
Neo4j store give the same answers to the same calls.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

import pyarrow as pa

from jvgraph.config import Limits
from jvgraph.model import LABELS, MARKET_TABLES, TABLES, Dataset

__all__ = [
    "Edge",
    "GraphStore",
    "Node",
    "Progress",
    "QueryResult",
    "Subgraph",
    "canonical",
    "with_row_ids",
]

#: called as ``progress(step, done, total)`` while a load runs
Progress = Callable[[str, int, int], None]


#: the relationship types of the graph
REL_TYPES = ("FORMED", "PARTNER_IN", "HOLDS")

#: the order every store exports rows in, so that exports compare equal
EXPORT_ORDER = {
    "jv_partners": ["jv_id", "manager_id"],
    "holdings": ["owner_id", "company_id", "since"],
    **{name: list(TABLES[name].key) for name in MARKET_TABLES},
}


def with_row_ids(name: str, table: pa.Table) -> pa.Table:
    """A market table with an ``id`` first: its key columns as a JSON list, the primary
    key the stores keep its rows under (a row with a stored key replaces the stored one).

    >>> t = pa.table({"grouping": ["sector"], "market": ["Software"], "total_revenue_usd": [9.0]})
    >>> with_row_ids("markets", t).column("id").to_pylist()
    ['["sector", "Software"]']
    """
    keys = [table.column(k).to_pylist() for k in TABLES[name].key]
    ids = [json.dumps(list(values), ensure_ascii=False) for values in zip(*keys, strict=True)]
    return table.add_column(0, "id", pa.array(ids, pa.string()))


def canonical(dataset: Dataset) -> Dataset:
    """``dataset`` with its rows in the canonical export order (by id; empty dates first)."""
    tables = {}
    for name, table in dataset.tables.items():
        keys = [(k, "ascending", "at_start") for k in EXPORT_ORDER.get(name, ["id"])]
        tables[name] = table.sort_by(keys) if table.num_rows else table
    return Dataset(tables, dataset.extras, dataset.origin)


@dataclass(frozen=True)
class Node:
    """A node: its id, its label and its properties (CSV columns, ``None`` for empty)."""

    id: str
    label: str
    properties: Mapping[str, Any]


@dataclass(frozen=True)
class Edge:
    """A relationship from ``source`` to ``target`` (node ids)."""

    source: str
    target: str
    type: str
    properties: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Subgraph:
    """Part of the graph; ``total`` is how many nodes there were before the cap."""

    nodes: list[Node]
    edges: list[Edge]
    total: int

    @property
    def truncated(self) -> bool:
        return self.total > len(self.nodes)


@dataclass(frozen=True)
class QueryResult:
    """Rows of a read-only Cypher query; ``truncated`` when the row limit cut it."""

    columns: list[str]
    rows: list[list[Any]]
    truncated: bool = False


class GraphStore(ABC):
    """A graph store holding one jvgraph graph."""

    #: where the store lives (a path or a URI), for messages
    location: str

    @abstractmethod
    def load(
        self, dataset: Dataset, *, replace: bool = False, progress: Progress | None = None
    ) -> dict[str, int]:
        """Add ``dataset`` to the store, all or nothing, and return the counts after it.

        Nodes with an id already stored are updated; a relationship with the
        same key (owner, company, since for holdings; manager, JV for partners)
        replaces the stored one, so loading a dataset twice changes nothing.
        ``replace`` empties the store first, as part of the same all-or-nothing load.
        """

    @abstractmethod
    def delete(self, keys: Dataset, *, progress: Progress | None = None) -> dict[str, int]:
        """Delete the rows ``keys`` lists, all or nothing, and return the counts after it.

        ``keys`` holds, per file, the :data:`~jvgraph.model.ROW_KEYS` columns of rows the
        store holds (:func:`jvgraph.load.deletions.read_deletions` checks them, and that
        no relationship that stays names a deleted node).
        """

    @abstractmethod
    def get_node(self, node_id: str) -> Node:
        """The node with this id; :class:`~jvgraph.errors.NotFound` if there is none."""

    @abstractmethod
    def search(self, text: str, *, labels: tuple[str, ...] = (), limit: int = 20) -> list[Node]:
        """Nodes whose name contains ``text`` (any case), names starting with it first."""

    def neighbourhood(self, node_id: str, *, depth: int = 1, limit: int = 200) -> Subgraph:
        """Nodes within ``depth`` hops of a node (either direction), at most ``limit`` of them,
        nearest first, with the relationships among the nodes returned; ``total`` counts
        every node within ``depth`` hops."""
        self.get_node(node_id)
        if depth == 1:
            return self._direct(node_id, limit)
        seen: dict[str, None] = {node_id: None}
        frontier = [node_id]
        edges: dict[tuple[str, str, str], Edge] = {}
        for _ in range(depth):
            inside, found = set(frontier), []
            for edge in self._edges_touching(frontier):
                edges.setdefault((edge.source, edge.target, edge.type), edge)
                other = edge.target if edge.source in inside else edge.source
                if other not in seen:
                    seen[other] = None
                    found.append(other)
            frontier = found
        kept = list(seen)[:limit]
        keep = set(kept)
        by_id = {n.id: n for n in self._nodes(kept)}
        shown = [e for e in edges.values() if e.source in keep and e.target in keep]
        return Subgraph([by_id[i] for i in kept], shown, total=len(seen))

    def _direct(self, node_id: str, limit: int) -> Subgraph:
        """Depth 1, reading only as many relationships as the cap needs (a manager may hold
        thousands of companies); the neighbours beyond them are counted, not read."""
        budget = max(4 * limit, 64)
        edges, known = self._neighbours(node_id, budget)
        seen: dict[str, None] = {node_id: None}
        for edge in edges:
            seen.setdefault(edge.target if edge.source == node_id else edge.source, None)
        complete = len(edges) < budget
        total = len(seen) if complete else 1 + self._count_neighbours(node_id)
        kept = list(seen)[:limit]
        keep = set(kept)
        missing = [i for i in kept if i not in known]
        by_id = {**known, **{n.id: n for n in self._nodes(missing)}} if missing else known
        unique = {(e.source, e.target, e.type): e for e in edges}
        shown = [e for e in unique.values() if e.source in keep and e.target in keep]
        return Subgraph([by_id[i] for i in kept], shown, total=total)

    def node_relationships(self, node_id: str) -> list[Edge]:
        """Every relationship of a node, in either direction, one per stored row: a holding
        of several quarters comes once per quarter (``neighbourhood`` keeps one)."""
        self.get_node(node_id)
        return self._edges_touching([node_id])

    def _neighbours(self, node_id: str, limit: int) -> tuple[list[Edge], dict[str, Node]]:
        """Relationships of one node (at most ``limit`` each way) and any neighbour nodes
        the same reads returned (a store may return none and let them be fetched)."""
        return self._edges_touching([node_id], limit=limit), {}

    @abstractmethod
    def _edges_touching(self, ids: list[str], limit: int | None = None) -> list[Edge]:
        """The relationships with an end among ``ids``, in either direction (with ``limit``,
        at most that many in each direction)."""

    @abstractmethod
    def _count_neighbours(self, node_id: str) -> int:
        """How many distinct nodes share a relationship with the node."""

    @abstractmethod
    def _nodes(self, ids: list[str]) -> list[Node]:
        """The nodes with these ids (in any order)."""

    @abstractmethod
    def export(self) -> Dataset:
        """The whole graph as a typed dataset: the arrays the metrics work on."""

    @abstractmethod
    def query(
        self, cypher: str, params: Mapping[str, Any] | None = None, limits: Limits | None = None
    ) -> QueryResult:
        """Run a read-only Cypher query; writes are refused with ReadOnlyViolation."""

    def counts(self) -> dict[str, int]:
        """How many nodes of each label and relationships of each type are stored."""
        from jvgraph.store.queries import COUNT_NODES, COUNT_RELS

        out = {label: self._scalar(COUNT_NODES.format(label=label)) for label in LABELS.values()}
        out.update({t: self._scalar(COUNT_RELS.format(type=t)) for t in REL_TYPES})
        return out

    @abstractmethod
    def _scalar(self, cypher: str) -> int:
        """The one number an internal counting query returns (both dialects share them)."""

    def version(self) -> str:
        """A token that changes whenever the stored graph changes (for caches)."""
        return ",".join(f"{k}={v}" for k, v in sorted(self.counts().items()))

    @contextmanager
    def for_writing(self) -> Iterator[GraphStore]:
        """A handle on this store that may load and delete: this one, unless it was opened
        read-only (as a server opens the embedded store), then a second one for the edit."""
        yield self

    @abstractmethod
    def close(self) -> None:
        """Release the store."""

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
