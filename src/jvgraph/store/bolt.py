"""The Neo4j store: the same graph and the same answers, through the official Bolt driver.

The driver is passed in (:func:`jvgraph.store.open_store` builds one from a
``bolt://`` or ``neo4j://`` URI and ``NEO4J_USERNAME`` / ``NEO4J_PASSWORD``).
Reads go through ``execute_query(..., routing_=READ)``. A load runs in one
explicit transaction: uniqueness constraints first (``cypher/schema.cypher``),
then batched ``UNWIND $rows`` writes, nodes before relationships; any error
rolls the whole load back.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.compute as pc

from jvgraph.config import Limits, cypher_statements
from jvgraph.errors import NotFound, QueryError, QueryLimitExceeded, ReadOnlyViolation, StoreError
from jvgraph.model import ARROW_TYPES, LABELS, NODE_TABLES, TABLES, Dataset
from jvgraph.store import bolt_queries as q
from jvgraph.store.base import (
    Edge,
    GraphStore,
    Node,
    Progress,
    QueryResult,
    canonical,
)

if TYPE_CHECKING:
    import neo4j

__all__ = ["BATCH", "Neo4jStore"]

#: rows per UNWIND batch
BATCH = 10_000


class Neo4jStore(GraphStore):
    """A jvgraph graph in a Neo4j database reached through ``driver``."""

    def __init__(
        self, driver: neo4j.Driver, *, database: str | None = None, location: str = "neo4j"
    ) -> None:
        self.location = location
        self._driver = driver
        self._database = database
        for statement in cypher_statements("schema.cypher"):
            self._write(statement)

    # -- running Cypher -----------------------------------------------------------

    def _read(self, cypher: str, params: Mapping[str, Any] | None = None) -> list[Any]:
        import neo4j

        records, _, _ = self._driver.execute_query(
            cypher, dict(params or {}), routing_=neo4j.RoutingControl.READ, database_=self._database
        )
        return list(records)

    def _write(self, cypher: str, params: Mapping[str, Any] | None = None) -> None:
        self._driver.execute_query(cypher, dict(params or {}), database_=self._database)

    # -- loading --------------------------------------------------------------------

    def load(
        self, dataset: Dataset, *, replace: bool = False, progress: Progress | None = None
    ) -> dict[str, int]:
        import neo4j.exceptions

        report = progress or (lambda step, done, total: None)
        empty = replace or not any(self.counts().values())
        with self._driver.session(database=self._database) as session:
            tx = session.begin_transaction()
            try:
                if replace:
                    tx.run(q.DELETE_ALL).consume()
                _Writer(tx, report, empty).write(dataset)
                tx.commit()
            except (neo4j.exceptions.Neo4jError, StoreError) as err:
                _rollback(tx)
                reason = getattr(err, "message", None) or err
                raise StoreError(
                    f"the load into {self.location} failed and was undone: {reason}"
                ) from err
            except BaseException:
                _rollback(tx)
                raise
        return self.counts()

    # -- reading --------------------------------------------------------------------

    def _scalar(self, cypher: str) -> int:
        return int(self._read(cypher)[0][0])

    def get_node(self, node_id: str) -> Node:
        rows = self._read(q.GET_NODE, {"id": node_id})
        if not rows:
            raise NotFound(f"no node with id '{node_id}' in {self.location}")
        return _node(rows[0]["n"], rows[0]["label"])

    def search(self, text: str, *, labels: tuple[str, ...] = (), limit: int = 20) -> list[Node]:
        rows = self._read(q.SEARCH, {"text": text, "limit": max(limit * 4, limit)})
        nodes = [_node(r["n"], r["label"]) for r in rows if not labels or r["label"] in labels]
        return nodes[:limit]

    def _count_neighbours(self, node_id: str) -> int:
        return int(self._read(q.COUNT_NEIGHBOURS, {"id": node_id})[0][0])

    def _edges_touching(self, ids: list[str], limit: int | None = None) -> list[Edge]:
        return [
            Edge(r["source"], r["target"], r["type"], _plain_map(r["props"]))
            for r in self._read(
                q.NEIGHBOURS + (f" LIMIT {2 * int(limit)}" if limit else ""), {"ids": ids}
            )
        ]

    def _nodes(self, ids: list[str]) -> list[Node]:
        return [_node(r["n"], r["label"]) for r in self._read(q.GET_NODES, {"ids": ids})]

    def export(self) -> Dataset:
        tables: dict[str, pa.Table] = {}
        for name in NODE_TABLES:
            keys = self._keys(q.NODE_KEYS.format(label=LABELS[name]), TABLES[name].names)
            rows = self._read(q.EXPORT_NODES.format(label=LABELS[name]))
            tables[name] = _table(name, keys, [r["p"] for r in rows], ARROW_TYPES)
        for name, cypher, lead in (
            ("jv_partners", q.EXPORT_PARTNERS, ("jv_id", "manager_id")),
            ("holdings", q.EXPORT_HOLDINGS, ("owner_id", "company_id")),
        ):
            keys = self._keys(q.REL_KEYS.format(type=TABLES[name].label), TABLES[name].names)
            rows = self._read(cypher)
            records = [{lead[0]: r["a"], lead[1]: r["b"], **r["p"]} for r in rows]
            tables[name] = _table(name, keys, records, ARROW_TYPES)
        extras = {
            n: tuple(c for c in t.column_names if c not in TABLES[n].names)
            for n, t in tables.items()
        }
        return canonical(Dataset(tables, extras, origin=self.location))

    def _keys(self, cypher: str, contract: tuple[str, ...]) -> list[str]:
        found = sorted(str(r["k"]) for r in self._read(cypher))
        return list(contract) + [k for k in found if k not in contract]

    # -- user queries -----------------------------------------------------------------

    def query(
        self, cypher: str, params: Mapping[str, Any] | None = None, limits: Limits | None = None
    ) -> QueryResult:
        import neo4j
        import neo4j.exceptions

        limits = limits or Limits()
        self._refuse_writes(cypher, params)
        try:
            with self._driver.session(
                database=self._database, default_access_mode=neo4j.READ_ACCESS
            ) as session:
                result = session.run(
                    neo4j.Query(cypher, timeout=limits.timeout_s),
                    dict(params or {}),
                )
                columns = list(result.keys())
                rows = []
                for record in result:
                    rows.append([_plain(v) for v in record.values()])
                    if len(rows) > limits.max_rows:
                        break
                result.consume()
        except neo4j.exceptions.Neo4jError as err:
            raise _query_error(err, limits) from err
        return QueryResult(columns, rows[: limits.max_rows], len(rows) > limits.max_rows)

    def _refuse_writes(self, cypher: str, params: Mapping[str, Any] | None) -> None:
        import neo4j
        import neo4j.exceptions

        try:
            _, summary, _ = self._driver.execute_query(
                "EXPLAIN " + cypher,
                dict(params or {}),
                routing_=neo4j.RoutingControl.READ,
                database_=self._database,
            )
        except neo4j.exceptions.Neo4jError as err:
            raise _query_error(err, Limits()) from err
        if summary.query_type != "r":
            kinds = {"rw": "reads and writes", "w": "writes", "s": "changes the schema"}
            raise ReadOnlyViolation(
                f"refused: queries are read-only, and this one "
                f"{kinds.get(str(summary.query_type), 'is not a read')}"
                " (load data with `jvgraph load` instead)"
            )
        outside = [op for op in _operators(summary.plan) if "LoadCSV" in op]
        if outside:
            raise ReadOnlyViolation("refused: LOAD CSV reads files or URLs outside the graph")

    def close(self) -> None:
        self._driver.close()


class _Writer:
    """Writes one dataset inside an open transaction, in batches."""

    def __init__(self, tx: Any, progress: Progress, empty: bool) -> None:
        self._tx = tx
        self._progress = progress
        self._empty = empty

    def write(self, dataset: Dataset) -> None:
        steps = [(LABELS[n], n) for n in NODE_TABLES]
        total = len(steps) + 3
        for i, (label, name) in enumerate(steps):
            self._progress(f"nodes: {label}", i, total)
            self._batches(q.MERGE_NODES.format(label=label), _records(dataset.tables[name]))
        jvs = _records(dataset.tables["joint_ventures"].select(["id", "vendor_id"]))
        self._progress("relationships: FORMED", total - 3, total)
        self._batches(q.REPLACE_FORMED, jvs, counted=True)
        self._progress("relationships: PARTNER_IN", total - 2, total)
        partners = _split(dataset.tables["jv_partners"], ("jv_id", "manager_id"))
        self._batches(q.MERGE_PARTNERS, partners, counted=True)
        self._progress("relationships: HOLDS", total - 1, total)
        holdings = _split(dataset.tables["holdings"], ("owner_id", "company_id"))
        cypher = q.CREATE_HOLDINGS if self._empty else q.REPLACE_HOLDINGS
        self._batches(cypher, holdings, counted=True)

    def _batches(self, cypher: str, rows: list[dict[str, Any]], *, counted: bool = False) -> None:
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            result = self._tx.run(cypher, rows=batch)
            written = result.single()["written"] if counted else len(batch)
            result.consume()
            if written != len(batch):
                raise StoreError(
                    f"{len(batch) - written} relationship(s) name a node that is not in the store"
                )


def _rollback(tx: Any) -> None:
    """Undo the load (the server may have ended the transaction already, e.g. for memory)."""
    import neo4j.exceptions

    with contextlib.suppress(neo4j.exceptions.TransactionError, neo4j.exceptions.Neo4jError):
        tx.rollback()


def _records(table: pa.Table) -> list[dict[str, Any]]:
    return list(table.to_pylist())


def _split(table: pa.Table, keys: tuple[str, str]) -> list[dict[str, Any]]:
    """Rows as {a, b, props}: the two endpoint ids and the other columns."""
    props = table.drop_columns(list(keys))
    return [
        {"a": a, "b": b, "props": p}
        for a, b, p in zip(
            table.column(keys[0]).to_pylist(),
            table.column(keys[1]).to_pylist(),
            props.to_pylist(),
            strict=True,
        )
    ]


def _table(
    name: str, keys: list[str], records: list[dict[str, Any]], types: Mapping[Any, pa.DataType]
) -> pa.Table:
    kinds = {c.name: types[c.kind] for c in TABLES[name].columns}
    cols = {}
    for key in keys:
        values = [_native(r.get(key)) for r in records]
        kind = kinds.get(key, pa.string())
        cols[key] = pc.cast(pa.array(values), kind) if values else pa.array([], kind)
    return pa.table(cols)


def _native(value: Any) -> Any:
    """Neo4j's temporal values as Python dates."""
    to_native = getattr(value, "to_native", None)
    return to_native() if to_native is not None else value


def _plain(value: Any) -> Any:
    import neo4j.graph

    value = _native(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, neo4j.graph.Node):
        return {"_label": next(iter(value.labels), None), **_plain_map(dict(value))}
    if isinstance(value, neo4j.graph.Relationship):
        return {"_label": value.type, **_plain_map(dict(value))}
    if isinstance(value, dict):
        return _plain_map(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _plain_map(props: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _plain(v) for k, v in props.items()}


def _operators(plan: Any) -> list[str]:
    """Every operator name of an EXPLAIN plan, depth first."""
    if not plan:
        return []
    ops = [str(plan.get("operatorType", ""))]
    for child in plan.get("children", []):
        ops += _operators(child)
    return ops


def _node(raw: Any, label: str) -> Node:
    props = _plain_map(dict(raw))
    return Node(str(props["id"]), str(label), props)


def _query_error(err: Any, limits: Limits) -> QueryError:
    code = str(getattr(err, "code", "") or "")
    message = str(getattr(err, "message", "") or err).strip().splitlines()[0]
    if "TransactionTimedOut" in code or "timeout" in message.lower():
        return QueryLimitExceeded(f"the query ran past its time limit of {limits.timeout_s:g} s")
    if "AccessMode" in code or "Forbidden" in code:
        return ReadOnlyViolation(f"refused: queries are read-only ({message})")
    return QueryError(f"the query failed: {message}")
