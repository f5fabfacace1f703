"""A read index of one store version: the graph in memory, answering the reads the
explorer makes (a node, its neighbourhood, a name search) without a database round trip.

Nodes get integer indices (vendors, managers, joint ventures, companies, each by id);
relationships are arrays of those indices, with a compressed sparse row (CSR) adjacency
in each direction; properties stay in the exported Arrow columns and become Python values
only for the rows an answer shows. :class:`GraphIndex` answers ``get_node``,
``neighbourhood`` and ``search`` with the rules and messages of
:class:`~jvgraph.store.GraphStore`; within one hop, neighbours come by label (in the
store's label order), relationships out before in, then in id order.

>>> import tempfile, os
>>> from jvgraph.config import bundled_dataset
>>> from jvgraph.explore.data import load_dataset
>>> from jvgraph.store import open_store
>>> with tempfile.TemporaryDirectory() as tmp:
...     with open_store(os.path.join(tmp, "g.db")) as store:
...         counts = load_dataset(store, bundled_dataset("jv-2026"))
...         index = GraphIndex.of(store)
...         print(index.search("anthro")[0].id, index.neighbourhood("v-anthropic").total)
v-anthropic 2
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from jvgraph.errors import NotFound
from jvgraph.explore.name_index import NameIndex
from jvgraph.model import LABELS, NODE_TABLES, Dataset
from jvgraph.store import Edge, GraphStore, Node, Subgraph

__all__ = ["GraphIndex"]

Ints = npt.NDArray[np.int64]

#: relationship types, the table each comes from and its (source, target) columns
_RELS = (
    ("FORMED", "joint_ventures", ("vendor_id", "id")),
    ("PARTNER_IN", "jv_partners", ("manager_id", "jv_id")),
    ("HOLDS", "holdings", ("owner_id", "company_id")),
)


class _Csr:
    """Relationship ids grouped by one end: those of node ``i`` are ``rel[ptr[i]:ptr[i+1]]``."""

    def __init__(self, ends: Ints, size: int) -> None:
        self.rel = np.argsort(ends, kind="stable")
        self.ptr = np.zeros(size + 1, dtype=np.int64)
        np.cumsum(np.bincount(ends, minlength=size), out=self.ptr[1:])

    def of(self, nodes: Ints) -> Ints:
        """The relationships of ``nodes``, node by node, each node's in load order."""
        if len(nodes) == 1:
            i = int(nodes[0])
            return self.rel[self.ptr[i] : self.ptr[i + 1]]
        parts = [self.rel[self.ptr[i] : self.ptr[i + 1]] for i in nodes.tolist()]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


class GraphIndex:
    """The graph of ``data`` (a store's export at ``version``) in memory.

    ``keep_empty`` says whether properties without a value are kept (as ``None``), as
    the embedded store keeps them, or left out, as Neo4j does.
    """

    def __init__(
        self, data: Dataset, version: str, *, location: str = "", keep_empty: bool = True
    ) -> None:
        self.data = data
        self.version = version
        self.location = location
        self.keep_empty = keep_empty
        tables = [data.tables[name] for name in NODE_TABLES]
        self._labels = [LABELS[name] for name in NODE_TABLES]
        self._tables = tables
        self._start = np.cumsum([0] + [t.num_rows for t in tables])
        ids = pa.chunked_array([t.column("id") for t in tables], pa.string()).combine_chunks()
        self._ids: list[str] = ids.to_pylist()
        self._at = {node_id: i for i, node_id in enumerate(self._ids)}
        self._label = np.repeat(np.arange(len(tables)), [t.num_rows for t in tables])
        self._read_relationships(data, ids)
        names = pa.chunked_array([t.column("name") for t in tables], pa.string())
        self.names = NameIndex(names.to_pylist())

    @classmethod
    def of(cls, store: GraphStore) -> GraphIndex:
        """The index of what ``store`` holds now (its version is read first, so a load
        that lands meanwhile makes the index look stale rather than fresh)."""
        version = store.version()
        index = cls(store.export(), version, location=store.location)
        index.keep_empty = _keeps_empty(store, index)
        return index

    def _read_relationships(self, data: Dataset, ids: pa.Array) -> None:
        sources, targets, types, rows, props = [], [], [], [], []
        for code, (_, table_name, (source, target)) in enumerate(_RELS):
            table = data.tables[table_name]
            src = _positions(table.column(source), ids)
            dst = _positions(table.column(target), ids)
            both = (src >= 0) & (dst >= 0)
            sources.append(src[both])
            targets.append(dst[both])
            rows.append(np.flatnonzero(both))
            types.append(np.full(int(both.sum()), code))
            keep = [c for c in table.column_names if c not in (source, target)]
            props.append(table.select(keep) if table_name != "joint_ventures" else None)
        self._src, self._dst = np.concatenate(sources), np.concatenate(targets)
        self._type, self._row = np.concatenate(types), np.concatenate(rows)
        self._props: list[pa.Table | None] = props
        self._out = _Csr(self._src, len(self._ids))
        self._in = _Csr(self._dst, len(self._ids))

    # -- reads ----------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._ids)

    def position(self, node_id: str) -> int:
        """The node's index; :class:`~jvgraph.errors.NotFound` (the store's message) if none."""
        at = self._at.get(node_id)
        if at is None:
            raise NotFound(f"no node with id '{node_id}' in {self.location}")
        return at

    @property
    def ends(self) -> tuple[Ints, Ints]:
        """(source, target) node index of every relationship."""
        return self._src, self._dst

    def relationships(self, rels: Ints) -> list[Edge]:
        """The relationships at these indices (of :attr:`ends`), with their properties;
        each (source, target, type) once."""
        return self._edges(rels)

    def get_node(self, node_id: str) -> Node:
        return self.nodes([self.position(node_id)])[0]

    def search(self, text: str, *, labels: tuple[str, ...] = (), limit: int = 20) -> list[Node]:
        """As the store searches: names containing ``text`` (any case), those starting with
        it first, then shorter names, then by name; of the first ``4 × limit``, those with
        one of ``labels``."""
        found = self.nodes(self.names.search(text, max(limit * 4, limit)).tolist())
        return [n for n in found if not labels or n.label in labels][:limit]

    def node_relationships(self, node_id: str) -> list[Edge]:
        """Every relationship of the node, one per row (as the store's ``node_relationships``)."""
        at = np.array([self.position(node_id)])
        return self._edges(np.concatenate([self._out.of(at), self._in.of(at)]), unique=False)

    def degree(self, node_id: str) -> int:
        """How many distinct nodes share a relationship with the node."""
        at = np.array([self.position(node_id)])
        ends = np.concatenate([self._dst[self._out.of(at)], self._src[self._in.of(at)]])
        return int(np.unique(ends[ends != at[0]]).size)

    def neighbourhood(self, node_id: str, *, depth: int = 1, limit: int = 200) -> Subgraph:
        """Nodes within ``depth`` hops (either direction), at most ``limit``, nearest first,
        with the relationships the store's traversal returns among them; ``total`` counts
        every node within ``depth`` hops."""
        root = self.position(node_id)
        if depth == 1:
            return self._direct(root, limit)
        seen = {root: None}
        frontier = np.array([root])
        fetched = []
        for _ in range(depth):
            rels = self._touching(frontier)
            fetched.append(rels)
            inside = np.isin(self._src[rels], frontier)
            found = []
            for other in np.where(inside, self._dst[rels], self._src[rels]).tolist():
                if other not in seen:
                    seen[other] = None
                    found.append(other)
            frontier = np.array(found, dtype=np.int64)
        kept = list(seen)[:limit]
        rels = np.concatenate(fetched)
        shown = np.isin(self._src[rels], kept) & np.isin(self._dst[rels], kept)
        return Subgraph(self.nodes(kept), self._edges(rels[shown]), total=len(seen))

    def _direct(self, root: int, limit: int) -> Subgraph:
        """Depth 1, as the store reads it: at most ``max(4 × limit, 64)`` relationships
        each way, the neighbours in the order they came; every neighbour is counted."""
        budget = max(4 * limit, 64)
        at = np.array([root])
        rels = np.concatenate([self._out.of(at)[:budget], self._in.of(at)[:budget]])
        others = np.where(self._src[rels] == root, self._dst[rels], self._src[rels])
        seen = dict.fromkeys([root, *others.tolist()])
        kept = list(seen)[:limit]
        shown = rels[np.isin(others, kept)]
        total = len(seen) if len(rels) < budget else 1 + self.degree(self._ids[root])
        return Subgraph(self.nodes(kept), self._edges(shown), total=total)

    def _touching(self, frontier: Ints) -> Ints:
        """The relationships with an end in ``frontier``, grouped as the store reads them:
        label by label, out before in, node by node in id order."""
        labels = self._label[frontier]
        parts = []
        for code in np.unique(labels):
            members = np.sort(frontier[labels == code])
            parts += [self._out.of(members), self._in.of(members)]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)

    # -- values -------------------------------------------------------------------

    def nodes(self, positions: Sequence[int]) -> list[Node]:
        """The nodes at these indices, in this order, with their properties."""
        at = np.asarray(positions, dtype=np.int64)
        out: list[Node] = [None] * len(at)  # type: ignore[list-item]
        labels = self._label[at]
        for code in np.unique(labels).tolist():
            where = np.flatnonzero(labels == code)
            rows = pa.array(at[where] - self._start[code])
            records = self._tables[code].take(rows).to_pylist()
            for w, record in zip(where.tolist(), records, strict=True):
                out[w] = Node(str(record["id"]), self._labels[code], self._plain(record))
        return out

    def _edges(self, rels: Ints, *, unique: bool = True) -> list[Edge]:
        """The relationships, in this order, each (source, target, type) once (``unique``)
        or each row."""
        if unique:
            first: dict[tuple[int, int, int], int] = {}
            src, dst = self._src[rels].tolist(), self._dst[rels].tolist()
            keys = zip(src, dst, self._type[rels].tolist(), strict=True)
            for r, key in enumerate(keys):
                first.setdefault(key, r)
            rels = rels[list(first.values())]
        props: list[dict[str, Any]] = [{} for _ in range(len(rels))]
        types = self._type[rels]
        for code in np.unique(types).tolist():
            table = self._props[code]
            if table is None or not table.num_columns:
                continue
            where = np.flatnonzero(types == code)
            records = table.take(pa.array(self._row[rels[where]])).to_pylist()
            for w, record in zip(where.tolist(), records, strict=True):
                props[w] = self._plain(record)
        return [
            Edge(self._ids[s], self._ids[t], _RELS[k][0], p)
            for s, t, k, p in zip(
                self._src[rels].tolist(),
                self._dst[rels].tolist(),
                types.tolist(),
                props,
                strict=True,
            )
        ]

    def _plain(self, record: dict[str, Any]) -> dict[str, Any]:
        """Properties as the store returns them: dates as ISO text, empties kept or not."""
        return {
            k: v.isoformat() if isinstance(v, dt.date) else v
            for k, v in record.items()
            if v is not None or self.keep_empty
        }


def _positions(values: pa.ChunkedArray, ids: pa.Array) -> Ints:
    """The index of each value among ``ids``, -1 where there is none."""
    found = pc.fill_null(pc.index_in(values, value_set=ids), -1)
    return np.asarray(found.to_numpy(), dtype=np.int64)


def _keeps_empty(store: GraphStore, index: GraphIndex) -> bool:
    """Whether ``store`` returns properties without a value (as ``None``) or leaves them
    out, asked of the first node, or else relationship, that has such a property."""
    for table in index._tables:
        row, column = _first_empty(table)
        if column:
            return column in store.get_node(str(table.column("id")[row].as_py())).properties
    for code, props in enumerate(index._props):
        row, column = _first_empty(props)
        if column:
            rel = int(np.flatnonzero((index._type == code) & (index._row == row))[0])
            key = (index._ids[index._src[rel]], index._ids[index._dst[rel]], _RELS[code][0])
            around = store.neighbourhood(key[0], limit=1 + index.degree(key[0]))
            edge = next(e for e in around.edges if (e.source, e.target, e.type) == key)
            return column in edge.properties
    return True


def _first_empty(table: pa.Table | None) -> tuple[int, str]:
    """The first row and column without a value ("" for none)."""
    if table is None:
        return -1, ""
    for column in table.column_names:
        empty = pc.is_null(table.column(column))
        if pc.any(empty).as_py():
            return int(pc.index(empty, True).as_py()), str(column)
    return -1, ""
