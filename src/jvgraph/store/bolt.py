"""The Neo4j store: the same graph and the same answers, through the official Bolt driver.

The driver is passed in (:func:`jvgraph.store.open_store` builds one from a
``bolt://`` or ``neo4j://`` URI and ``NEO4J_USERNAME`` / ``NEO4J_PASSWORD``).
Reads go through ``execute_query(..., routing_=READ)``. A load sets up the
uniqueness constraints first (``cypher/schema.cypher``), then writes batched
``UNWIND $rows`` merges (into an empty database: creates, with the holdings sent as
columns), nodes before relationships, each batch committed on its own so that a load of any size stays within Neo4j's transaction memory; a load
that fails is undone, leaving the previous graph (:mod:`jvgraph.store.bolt_load`).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.compute as pc

from jvgraph.config import Limits, cypher_statements
from jvgraph.errors import (
    NotFound,
    QueryError,
    QueryLimitExceeded,
    QueryTooLarge,
    ReadOnlyViolation,
    StoreError,
)
from jvgraph.model import (
    ARROW_TYPES,
    LABELS,
    MARKET_TABLES,
    NODE_TABLES,
    STORED_LABELS,
    TABLES,
    Dataset,
)
from jvgraph.store import bolt_queries as q
from jvgraph.store.base import (
    Edge,
    GraphStore,
    Node,
    Progress,
    QueryResult,
    canonical,
)
from jvgraph.store.bolt_load import BATCH, StagedLoad
from jvgraph.store.cypher_guard import NEO4J, check_neo4j_plan, guard
from jvgraph.store.query_worker import QueryPool, answer, cap_rows

if TYPE_CHECKING:
    import neo4j

__all__ = ["BATCH", "BoltQueries", "Neo4jStore", "bolt_driver"]


def bolt_driver(uri: str, auth: tuple[str, str] | None) -> neo4j.Driver:
    """A driver whose waits are bounded, so that a server that never answers cannot hang the
    caller: 10 s to open a connection, 30 s to get one from the pool, no retries of a failed
    transaction (user queries are bounded further by their worker's deadline)."""
    import neo4j

    return neo4j.GraphDatabase.driver(
        uri,
        auth=auth,
        notifications_min_severity="OFF",
        connection_timeout=10.0,
        connection_acquisition_timeout=30.0,
        max_transaction_retry_time=0.0,
    )


class Neo4jStore(GraphStore):
    """A jvgraph graph in a Neo4j database reached through ``driver``; a load commits
    ``batch`` rows per transaction. User queries run in worker processes that connect to
    ``location`` (the server's URI) with ``auth``."""

    def __init__(
        self,
        driver: neo4j.Driver,
        *,
        database: str | None = None,
        location: str = "neo4j",
        batch: int = BATCH,
        auth: tuple[str, str] | None = None,
    ) -> None:
        self.location = location
        self._driver = driver
        self._database = database
        self._auth = auth  # for the query workers' own drivers
        self._pool: QueryPool | None = None
        self._pool_lock = threading.Lock()
        self._loader = StagedLoad(driver, database, location, batch)
        for statement in [*cypher_statements("schema.cypher"), q.LOCK_SCHEMA]:
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
        report = progress or (lambda step, done, total: None)
        self._loader.load(dataset, replace=replace, progress=report)
        return self.counts()

    def delete(self, keys: Dataset, *, progress: Progress | None = None) -> dict[str, int]:
        report = progress or (lambda step, done, total: None)
        self._loader.delete(keys, progress=report)
        return self.counts()

    # -- reading --------------------------------------------------------------------

    def version(self) -> str:
        """The stamp of the last committed load and the server's node and relationship
        counts, in one round trip (a change made outside jvgraph that keeps the counts,
        such as an edited property, is not seen)."""
        row = self._read(q.VERSION)[0]
        return f"{row['stamp']}:{row['nodes']}:{row['rels']}"

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
            Edge(r["source"], r["target"], r["type"], _visible(_plain_map(r["props"])))
            for r in self._read(
                q.NEIGHBOURS + (f" LIMIT {2 * int(limit)}" if limit else ""), {"ids": ids}
            )
        ]

    def _nodes(self, ids: list[str]) -> list[Node]:
        return [_node(r["n"], r["label"]) for r in self._read(q.GET_NODES, {"ids": ids})]

    def export(self) -> Dataset:
        """The committed graph: while a load runs (or after one that died), the graph
        as it was before it."""
        states = self._read(q.LOAD_STATE)
        pending = [s for s in states if s["state"] != "committed"]
        if pending and pending[0]["mode"] == "empty":
            return self._export({name: [] for name in TABLES})
        before = bool(pending)
        nodes = q.EXPORT_PREVIOUS_NODES if before else q.EXPORT_NODES
        hide = "_jvgraph_load" if before else "_jvgraph_drop"
        records: dict[str, list[dict[str, Any]]] = {}
        for name in NODE_TABLES:
            records[name] = [r["p"] for r in self._read(nodes.format(label=LABELS[name]))]
        for name in MARKET_TABLES:  # without the stored id, which is the row's key
            rows = self._read(nodes.format(label=STORED_LABELS[name]))
            records[name] = [{k: v for k, v in r["p"].items() if k != "id"} for r in rows]
        for name, cypher, lead in (
            ("jv_partners", q.EXPORT_PARTNERS, ("jv_id", "manager_id")),
            ("holdings", q.EXPORT_HOLDINGS, ("owner_id", "company_id")),
        ):
            rows = self._read(cypher.format(hide=hide))
            records[name] = [{lead[0]: r["a"], lead[1]: r["b"], **r["p"]} for r in rows]
        return self._export(records)

    def _export(self, records: Mapping[str, list[dict[str, Any]]]) -> Dataset:
        tables = {
            name: _table(name, _keys(rows, TABLES[name].names), rows, ARROW_TYPES)
            for name, rows in records.items()
        }
        extras = {
            n: tuple(c for c in t.column_names if c not in TABLES[n].names)
            for n, t in tables.items()
        }
        return canonical(Dataset(tables, extras, origin=self.location))

    # -- user queries -----------------------------------------------------------------

    def query(
        self, cypher: str, params: Mapping[str, Any] | None = None, limits: Limits | None = None
    ) -> QueryResult:
        """Guard ``cypher`` (:mod:`jvgraph.store.cypher_guard`), then run it in a worker
        process with a driver of its own (:mod:`jvgraph.store.query_worker`), in a READ
        session, after its ``EXPLAIN`` says it only reads and calls allowed procedures."""
        limits = limits or Limits()
        statement = guard(cypher, NEO4J)
        return self._query_pool().run(statement, params, limits)

    def _query_pool(self) -> QueryPool:
        if "://" not in self.location:
            raise StoreError(
                f"user queries need the server's URI as the store's location, not {self.location!r}"
            )
        with self._pool_lock:
            if self._pool is None:
                init = {"kind": "bolt", "uri": self.location, "database": self._database}
                self._pool = QueryPool({**init, "auth": list(self._auth or ())})
            return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
        self._driver.close()


def _keys(records: list[dict[str, Any]], contract: tuple[str, ...]) -> list[str]:
    """The contract's columns, then every other property found, by name (not a load's marks)."""
    found: set[str] = set()
    for record in records:
        found.update(record)
    extra = sorted(k for k in found if k not in contract and not k.startswith(q.INTERNAL))
    return list(contract) + extra


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


def _node(raw: Any, label: str) -> Node:
    props = _visible(_plain_map(dict(raw)))
    return Node(str(props["id"]), str(label), props)


def _visible(props: dict[str, Any]) -> dict[str, Any]:
    """The properties of the graph, without the marks of a load in progress."""
    return {k: v for k, v in props.items() if not k.startswith(q.INTERNAL)}


class BoltQueries:
    """The query worker's side of the Neo4j store: a driver of its own, READ sessions, the
    server's transaction timeout, and the worker's memory limit."""

    def __init__(self, uri: str, auth: tuple[str, str] | None, database: str | None) -> None:
        import neo4j
        import neo4j.exceptions

        from jvgraph.store import sandbox

        try:
            self._driver = bolt_driver(uri, auth)
            self._driver.verify_connectivity()
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, ValueError) as err:
            raise StoreError(f"cannot reach Neo4j at {uri}: {err}") from err
        self._database = database
        sandbox.limit_files()
        self.sandbox = "a driver of its own; no file access confinement (the server reads files)"
        self._memory = 0

    def run(self, statement: str, params: Mapping[str, Any], limits: Limits) -> dict[str, Any]:
        return answer(lambda: self._run(statement, params, limits))

    def _run(
        self, statement: str, params: Mapping[str, Any], limits: Limits
    ) -> tuple[list[str], list[list[Any]], bool]:
        import neo4j
        import neo4j.exceptions

        from jvgraph.store import sandbox

        if self._memory != limits.memory_mb:
            sandbox.lift_memory_limit()
            sandbox.limit_memory(limits.memory_mb * 2**20)
            self._memory = limits.memory_mb
        try:
            with self._driver.session(
                database=self._database, default_access_mode=neo4j.READ_ACCESS
            ) as session:
                explained = session.run(
                    neo4j.Query("EXPLAIN " + statement, timeout=limits.timeout_s), dict(params)
                ).consume()
                check_neo4j_plan(explained.query_type, explained.plan)
                result = session.run(neo4j.Query(statement, timeout=limits.timeout_s), dict(params))
                columns = list(result.keys())
                rows, truncated = cap_rows(
                    ([_plain(v) for v in r.values()] for r in result), limits
                )
                result.consume()
        except neo4j.exceptions.Neo4jError as err:
            raise _query_error(err, limits) from err
        except neo4j.exceptions.DriverError as err:
            raise QueryError(f"the query failed: Neo4j did not answer ({err})") from err
        return columns, rows, truncated


def _query_error(err: Any, limits: Limits) -> QueryError:
    code = str(getattr(err, "code", "") or "")
    message = str(getattr(err, "message", "") or err).strip().splitlines()[0]
    if "TransactionTimedOut" in code or "timeout" in message.lower():
        return QueryLimitExceeded(f"the query ran past its time limit of {limits.timeout_s:g} s")
    if "OutOfMemory" in code or "MemoryLimit" in code:
        return QueryTooLarge(f"the query ran out of the server's memory for it ({message})")
    if "AccessMode" in code or "Forbidden" in code:
        return ReadOnlyViolation(f"refused: queries are read-only ({message})")
    return QueryError(f"the query failed: {message}")
