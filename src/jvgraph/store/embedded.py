"""The embedded store: a LadybugDB database on disk, no server needed.

>>> import tempfile, pathlib
>>> from jvgraph.config import bundled_dataset
>>> from jvgraph.load import read_dataset
>>> with tempfile.TemporaryDirectory() as tmp:
...     with EmbeddedStore(pathlib.Path(tmp) / "g.db") as store:
...         counts = store.load(read_dataset(bundled_dataset("jv-2026")))
...         print(counts["Vendor"], store.get_node("v-anthropic").properties["name"])
2 Anthropic
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from jvgraph.config import Limits, cypher_statements, query_workers
from jvgraph.errors import (
    NotFound,
    QueryError,
    QueryLimitExceeded,
    QueryTooLarge,
    ReadOnlyViolation,
    StoreError,
    StoreLocked,
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
from jvgraph.store import queries as q
from jvgraph.store import snapshots
from jvgraph.store.base import (
    REL_TYPES,
    Edge,
    GraphStore,
    Node,
    Progress,
    QueryResult,
    canonical,
)
from jvgraph.store.bulk import BulkWriter
from jvgraph.store.cypher_guard import LADYBUG, check_ladybug_plan, guard
from jvgraph.store.query_worker import QueryPool, answer, cap_rows

__all__ = ["EmbeddedQueries", "EmbeddedStore"]


class EmbeddedStore(GraphStore):
    """A jvgraph graph in a LadybugDB database at ``path`` (created if missing)."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.location = str(path)
        self._path = Path(path)
        self._read_only = read_only
        if read_only and not self._path.exists():
            raise StoreError(f"no store at {self.location}: load a dataset first (jvgraph load)")
        #: what a killed load left beside the store and the next load removed
        self.removed: list[Path] = []
        self._retired: list[Any] = []  # databases a swap replaced, closed with the store
        self._db, self._conn, self._inode = self._open()
        self._pool: QueryPool | None = None
        self._pool_lock = threading.Lock()
        self._own_columns: dict[str, set[str]] = {}
        self._loads = 0
        # one connection serves every thread of a server: calls take turns
        self._lock = threading.RLock()  # one load or user query at a time
        self._local = threading.local()
        self._readers: list[Any] = []

    def _open(self) -> tuple[Any, Any, int]:
        """The database at the store's path, its connection and the file's inode.

        The file is opened read-only even for a store that loads: loads build a new file
        and swap it in (:mod:`jvgraph.store.snapshots`), so nothing writes into this one,
        and a process killed at any moment leaves it as it was. A missing store is created
        empty first; one that a writer of an earlier version left needing recovery is
        opened for writing, which recovers it.
        """
        import ladybug

        pending = snapshots.recovery_pending(self._path)
        if self._read_only and pending:
            raise StoreError(_RECOVERY.format(path=self.location))
        if not self._read_only and not self._path.exists():
            _create_empty(self._path)
        try:
            db = ladybug.Database(self.location, read_only=self._read_only or not pending)
            conn = ladybug.Connection(db)
        except RuntimeError as err:
            if "lock" in str(err).lower():
                raise StoreLocked(f"{self.location} is in use by another process") from err
            if "recovery" in str(err).lower():
                raise StoreError(_RECOVERY.format(path=self.location)) from err
            raise StoreError(f"cannot open the store at {self.location}: {err}") from err
        return db, conn, self._path.stat().st_ino

    # -- running Cypher -------------------------------------------------------

    def _here(self) -> Any:
        """The connection for this thread: the loading one inside a load, else the thread's
        own (LadybugDB runs reads from several connections to one database in parallel)."""
        import ladybug

        if getattr(self._local, "loading", False):
            return self._conn
        if self._read_only:
            self._follow()
        conn = getattr(self._local, "conn", None)
        if conn is None or getattr(self._local, "inode", None) != self._inode:
            conn = self._local.conn = ladybug.Connection(self._db)
            self._local.inode = self._inode
            self._readers.append(conn)
        return conn

    def _follow(self) -> None:
        """Open the store's file again when another process's load swapped a new one in
        (the open database keeps reading the file it opened, which the rename unlinked)."""
        try:
            inode = self._path.stat().st_ino
        except FileNotFoundError:
            return
        if inode == self._inode:
            return
        with self._lock:
            if inode != self._inode:
                self._retired.append((self._db, self._conn))
                self._db, self._conn, self._inode = self._open()
                self._own_columns.clear()
                self._loads += 1

    def _rows(self, cypher: str, params: Mapping[str, Any] | None = None) -> list[list[Any]]:
        result = self._here().execute(cypher, dict(params or {}))
        return list(result.get_all())

    def _arrow(self, cypher: str) -> pa.Table:
        return self._here().execute(cypher).get_as_arrow()

    def _columns(self, table: str) -> list[tuple[str, str]]:
        """(name, type) of the properties of a node or relationship table."""
        rows = self._rows(f"CALL table_info('{table}') RETURN name, type")
        return [(str(r[0]), str(r[1])) for r in rows]

    # -- loading ----------------------------------------------------------------

    def load(
        self, dataset: Dataset, *, replace: bool = False, progress: Progress | None = None
    ) -> dict[str, int]:
        def write(conn: Any) -> None:
            BulkWriter(conn, lambda t: _table_columns(conn, t), progress).write(dataset)

        return self._edit(write, replace, "the load into")

    def delete(self, keys: Dataset, *, progress: Progress | None = None) -> dict[str, int]:
        def write(conn: Any) -> None:
            BulkWriter(conn, lambda t: _table_columns(conn, t), progress).delete(keys)

        return self._edit(write, replace=False, what="the deletion from")

    @contextmanager
    def for_writing(self) -> Iterator[GraphStore]:
        if not self._read_only:
            yield self
            return
        with EmbeddedStore(self._path) as writer:  # builds a new file: readers keep theirs
            yield writer

    def _edit(self, write: Callable[[Any], None], replace: bool, what: str) -> dict[str, int]:
        if self._read_only:
            raise StoreError(f"{self.location} is open read-only")
        with self._lock:
            self._local.loading = True
            try:
                return self._swap(write, replace, what)
            finally:
                self._local.loading = False

    def _swap(self, write: Callable[[Any], None], replace: bool, what: str) -> dict[str, int]:
        """Build the new graph beside the stored one (a copy of it unless ``replace``),
        check it, swap it in (:mod:`jvgraph.store.snapshots`)."""
        target = snapshots.building(self._path)
        with snapshots.load_lock(self._path):
            self.removed += snapshots.leftovers(self._path)
            if self._path.stat().st_ino != self._inode:  # another process loaded meanwhile
                self._close_database()
                self._db, self._conn, self._inode = self._open()
            snapshots.start_from(self._path, target, copy=not replace)
            counts = self._build(target, write, what)
            self._close_database()
            snapshots.swap_in(target, self._path)
            self._db, self._conn, self._inode = self._open()
        self._own_columns.clear()
        self._loads += 1
        return counts

    def _build(self, target: Path, write: Callable[[Any], None], what: str) -> dict[str, int]:
        """``write`` into the database at ``target`` in one transaction, close it, and check
        that it opens again with the same counts; the counts."""
        import ladybug

        db = ladybug.Database(str(target))
        conn = ladybug.Connection(db)
        try:
            _create_schema(conn)
            conn.execute("BEGIN TRANSACTION")
            try:
                write(conn)
                conn.execute("COMMIT")
            except BaseException as err:
                _rollback(conn)
                if isinstance(err, RuntimeError):
                    raise StoreError(
                        f"{what} {self.location} failed and was undone: {err}"
                    ) from err
                raise
            counts = _counts(conn)
        finally:
            conn.close()
            db.close()
        check = ladybug.Database(str(target), read_only=True)
        try:
            again = _counts(ladybug.Connection(check))
        finally:
            check.close()
        if again != counts:
            snapshots.discard(target)
            raise StoreError(f"the new store for {self.location} did not read back: kept the old")
        return counts

    def _close_database(self) -> None:
        for conn in self._readers:
            conn.close()
        self._readers.clear()
        self._conn.close()
        self._db.close()

    def version(self) -> str:
        """The files' change times and sizes, and this process's loads: cheap to ask."""
        stamps = [
            f"{p.stat().st_ino}:{p.stat().st_mtime_ns}:{p.stat().st_size}"
            for p in (self._path, self._path.with_name(self._path.name + ".wal"))
            if p.exists()
        ]
        return f"{','.join(stamps)}:{self._loads}"

    # -- reading ------------------------------------------------------------------

    def _scalar(self, cypher: str) -> int:
        return int(self._rows(cypher)[0][0])

    def get_node(self, node_id: str) -> Node:
        for label in LABELS.values():
            rows = self._rows(q.GET_NODE.format(label=label), {"id": node_id})
            if rows:
                return self._node(rows[0][0], label)
        raise NotFound(f"no node with id '{node_id}' in {self.location}")

    def _own(self, table: str, raw: Any) -> dict[str, Any]:
        """The properties of a node or relationship that its own table defines."""
        if table not in self._own_columns:
            self._own_columns[table] = {c for c, _ in self._columns(table)}
        return {k: v for k, v in _props(raw).items() if k in self._own_columns[table]}

    def _node(self, raw: Any, label: str) -> Node:
        props = self._own(label, raw)
        return Node(str(props["id"]), str(label), props)

    def search(self, text: str, *, labels: tuple[str, ...] = (), limit: int = 20) -> list[Node]:
        rows = self._rows(q.SEARCH, {"text": text, "limit": max(limit * 4, limit)})
        nodes = [self._node(r[0], r[1]) for r in rows if not labels or r[1] in labels]
        return nodes[:limit]

    def _edges_touching(self, ids: list[str], limit: int | None = None) -> list[Edge]:
        by_label: dict[str, list[str]] = {}
        for node in self._nodes(ids):
            by_label.setdefault(node.label, []).append(node.id)
        cap = f" LIMIT {int(limit)}" if limit else ""
        edges = []
        for label, members in by_label.items():
            for cypher in (q.NEIGHBOURS_OUT, q.NEIGHBOURS_IN):
                for src, dst, rel, props in self._rows(
                    cypher.format(label=label) + cap, {"ids": members}
                ):
                    edges.append(Edge(src, dst, rel, self._own(rel, props)))
        return edges

    def _neighbours(self, node_id: str, limit: int) -> tuple[list[Edge], dict[str, Node]]:
        label = self.get_node(node_id).label
        edges, nodes = [], {}
        for cypher in (q.ROOT_OUT, q.ROOT_IN):
            rows = self._rows(cypher.format(label=label), {"id": node_id, "limit": limit})
            for src, dst, rel, props, other, other_label in rows:
                edges.append(Edge(src, dst, rel, self._own(rel, props)))
                node = self._node(other, other_label)
                nodes[node.id] = node
        return edges, nodes

    def _count_neighbours(self, node_id: str) -> int:
        label = self.get_node(node_id).label
        rows = self._rows(q.COUNT_NEIGHBOURS.format(label=label), {"id": node_id})
        return int(rows[0][0])

    def _nodes(self, ids: list[str]) -> list[Node]:
        return [
            self._node(r[0], label)
            for label in LABELS.values()
            for r in self._rows(q.GET_NODES.format(label=label), {"ids": ids})
        ]

    def export(self) -> Dataset:
        tables: dict[str, pa.Table] = {}
        extras: dict[str, tuple[str, ...]] = {}
        for name in NODE_TABLES:
            cols = [c for c, _ in self._columns(LABELS[name])]
            tables[name] = self._typed(
                name,
                self._arrow(
                    q.EXPORT_NODES.format(
                        label=LABELS[name], columns=", ".join(f"n.{c} AS {c}" for c in cols)
                    )
                ),
            )
        for name, cypher in (("jv_partners", q.EXPORT_PARTNERS), ("holdings", q.EXPORT_HOLDINGS)):
            cols = [c for c, _ in self._columns(TABLES[name].label)]
            tables[name] = self._typed(
                name, self._arrow(cypher.format(columns=", ".join(f"r.{c} AS {c}" for c in cols)))
            )
        for name in MARKET_TABLES:
            tables[name] = self._market_table(name)
        for name, table in tables.items():
            extras[name] = tuple(c for c in table.column_names if c not in TABLES[name].names)
        return canonical(Dataset(tables, extras, origin=self.location))

    def _market_table(self, name: str) -> pa.Table:
        """A market table without its stored ``id``; empty in a store made before the
        market tables existed (opened read-only, it was never given them)."""
        label = STORED_LABELS[name]
        if label not in {str(r[0]) for r in self._rows("CALL show_tables() RETURN name")}:
            spec = TABLES[name]
            return pa.table({c.name: pa.array([], ARROW_TYPES[c.kind]) for c in spec.columns})
        cols = [c for c, _ in self._columns(label)]
        table = self._arrow(
            q.EXPORT_NODES.format(label=label, columns=", ".join(f"n.{c} AS {c}" for c in cols))
        )
        return self._typed(name, table.drop_columns(["id"]))

    @staticmethod
    def _typed(name: str, table: pa.Table) -> pa.Table:
        types = {c.name: ARROW_TYPES[c.kind] for c in TABLES[name].columns}
        cols = {c: pc.cast(table.column(c), types.get(c, pa.string())) for c in table.column_names}
        if not cols:
            return table
        for c, kind in types.items():  # a store made before a column joined the contract
            cols.setdefault(c, pa.nulls(table.num_rows, kind))
        return pa.table(cols)

    # -- user queries ---------------------------------------------------------------

    def query(
        self, cypher: str, params: Mapping[str, Any] | None = None, limits: Limits | None = None
    ) -> QueryResult:
        """Guard ``cypher`` (:mod:`jvgraph.store.cypher_guard`), then run it in a worker
        process that opens this store read-only (:mod:`jvgraph.store.query_worker`)."""
        limits = limits or Limits()
        statement = guard(cypher, LADYBUG)
        return self._query_pool().run(statement, params, limits)

    def _query_pool(self) -> QueryPool:
        with self._pool_lock:
            if self._pool is None:
                size = query_workers()
                threads = max(1, (os.cpu_count() or 1) // size)
                path = os.path.abspath(self.location)
                self._pool = QueryPool({"kind": "embedded", "path": path, "threads": threads}, size)
            return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
        self._close_database()
        for db, conn in self._retired:
            conn.close()
            db.close()
        self._retired.clear()


class EmbeddedQueries:
    """The query worker's side of the embedded store: the database opened read-only by
    path, again whenever its files change (a load, or a new file swapped in), inside the
    worker's sandbox (:mod:`jvgraph.store.sandbox`)."""

    def __init__(self, path: str, threads: int = 0) -> None:
        import ladybug  # noqa: F401  (imported before the sandbox closes Python's files)

        from jvgraph.store import sandbox

        self.path = path
        self._threads = threads
        self._open: tuple[Any, Any, tuple[int, ...]] | None = None
        sandbox.limit_files()
        self.sandbox = sandbox.confine([os.path.dirname(path), *sandbox.python_paths()])

    def run(self, statement: str, params: Mapping[str, Any], limits: Limits) -> dict[str, Any]:
        return answer(lambda: self._run(statement, params, limits))

    def _run(
        self, statement: str, params: Mapping[str, Any], limits: Limits
    ) -> tuple[list[str], list[list[Any]], bool]:
        conn = self._connection(limits)
        conn.set_query_timeout(max(1, round(limits.timeout_s * 1000)))
        try:
            plan = conn.execute("EXPLAIN " + statement, dict(params)).get_all()[0][0]
            check_ladybug_plan(str(plan))
            result = conn.execute(statement, dict(params))
            columns = [str(c) for c in result.get_column_names()]
            rows = ([_plain(v) for v in result.get_next()] for _ in iter(result.has_next, False))
            kept, truncated = cap_rows(rows, limits)
        except RuntimeError as err:
            raise _query_error(err, limits) from err
        return columns, kept, truncated

    def _connection(self, limits: Limits) -> Any:
        import ladybug

        from jvgraph.store import sandbox

        stamp = _stamp(self.path)
        if self._open is not None and self._open[2] == stamp:
            return self._open[1]
        if self._open is not None:
            self._open[1].close()
            self._open[0].close()
            self._open = None
        if not stamp:
            raise StoreError(f"no store at {self.path}: load a dataset first (jvgraph load)")
        sandbox.lift_memory_limit()
        size = stamp[2] + stamp[5]
        try:
            db = ladybug.Database(
                self.path,
                read_only=True,
                buffer_pool_size=limits.memory_mb * 2**20,
                max_db_size=1 << max(30, (2 * size).bit_length()),
                max_num_threads=self._threads,
            )
            conn = ladybug.Connection(db)
        except RuntimeError as err:
            raise StoreError(f"cannot open the store at {self.path}: {_first_line(err)}") from err
        sandbox.limit_memory(limits.memory_mb * 2**20)
        self._open = (db, conn, stamp)
        return conn


def _stamp(path: str) -> tuple[int, ...]:
    """Inode, change time and size of the database file and of its write-ahead log."""
    stamp: list[int] = []
    for name in (path, path + ".wal"):
        try:
            st = os.stat(name)
            stamp += [st.st_ino, st.st_mtime_ns, st.st_size]
        except FileNotFoundError:
            if name == path:
                return ()
            stamp += [0, 0, 0]
    return tuple(stamp)


_RECOVERY = (
    "the store at {path} was left half-written by a process that was killed while it "
    "wrote into the file (its checkpoint files are beside it); load the dataset again with "
    "`jvgraph load DATASET --replace --store {path}` (loads since this version never write "
    "into the stored file)"
)


def _create_empty(path: Path) -> None:
    """An empty store at ``path``: the schema and nothing else."""
    import ladybug

    if not path.parent.is_dir():
        raise StoreError(f"cannot create the store {path}: the folder {path.parent} does not exist")
    db = ladybug.Database(str(path))
    conn = ladybug.Connection(db)
    try:
        _create_schema(conn)
    finally:
        conn.close()
        db.close()


def _create_schema(conn: Any) -> None:
    for statement in cypher_statements("schema.ladybug.cypher"):
        conn.execute(statement)


def _table_columns(conn: Any, table: str) -> list[tuple[str, str]]:
    rows = conn.execute(f"CALL table_info('{table}') RETURN name, type").get_all()
    return [(str(r[0]), str(r[1])) for r in rows]


def _counts(conn: Any) -> dict[str, int]:
    """Nodes per label and relationships per type, through one connection."""
    out = {}
    for label in LABELS.values():
        out[label] = int(conn.execute(q.COUNT_NODES.format(label=label)).get_all()[0][0])
    for rel in REL_TYPES:
        out[rel] = int(conn.execute(q.COUNT_RELS.format(type=rel)).get_all()[0][0])
    return out


def _rollback(conn: Any) -> None:
    """Undo the open transaction (LadybugDB may already have undone it on an error)."""
    try:
        conn.execute("ROLLBACK")
    except RuntimeError as err:
        if "no active transaction" not in str(err).lower():
            raise


def _first_line(err: BaseException) -> str:
    return str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__


def _query_error(err: RuntimeError, limits: Limits) -> QueryError:
    text = _first_line(err)
    lower = text.lower()
    if "interrupt" in lower or "timeout" in lower:
        return QueryLimitExceeded(f"the query ran past its time limit of {limits.timeout_s:g} s")
    if any(m in lower for m in ("bad_alloc", "buffer manager", "out of memory", "allocate")):
        return QueryTooLarge(f"the query ran out of its memory limit of {limits.memory_mb:,} MiB")
    if "read-only" in lower or "read only" in lower:
        return ReadOnlyViolation(f"refused: queries are read-only ({text})")
    return QueryError(f"the query failed: {text}")


def _props(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        return {}
    return {k: _plain(v) for k, v in raw.items() if not k.startswith("_")}


def _plain(value: Any) -> Any:
    """Dates as ISO text and node or relationship values as property dicts."""
    import datetime

    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict) and "_LABEL" in value:
        return {"_label": value["_LABEL"], **_props(value)}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
