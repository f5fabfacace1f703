"""Loading into Neo4j in transactions of bounded size, all or nothing from the user's view.

One transaction per load does not scale: Neo4j keeps a transaction's changes in
memory and refuses one past ``dbms.memory.transaction.total.max``. So a load
commits batch by batch and keeps what it needs to undo itself in the graph:

1. It takes the load lock, a write lock held by a transaction that stays open for
   the whole load: a second load waits, and the server lets go when the loading
   process or its connection dies. A load a dead process left behind is then
   finished (if it had committed) or undone (if not) before anything else.
2. A ``JvgraphLoad`` node records the load and its mode: ``empty`` when the store
   held no graph (undo deletes everything), else ``update`` or ``replace``, where
   new elements are marked as staged, a changed node's previous properties are kept,
   and what the load replaces or removes is marked, not deleted (see
   :mod:`jvgraph.store.bolt_queries`).
3. Nodes, then relationships, in batches of ``batch`` rows, each its own transaction.
4. The commit point is one small transaction that marks the load committed; then
   the marks go and what was replaced is deleted, in bounded steps.

If anything fails before the commit point (a server error, memory, a lost
connection, a relationship naming a missing node), the load is undone: the store
holds exactly the previous graph. Exports show the committed graph even while a
load runs, or after a crashed one (staged elements hidden, previous properties
shown).
"""

from __future__ import annotations

import contextlib
import functools
import uuid
from collections.abc import Callable, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from jvgraph.errors import StoreError
from jvgraph.model import LABELS, MARKET_TABLES, NODE_TABLES, STORED_LABELS, Dataset
from jvgraph.store import bolt_queries as q
from jvgraph.store.base import REL_TYPES, Progress, with_row_ids

if TYPE_CHECKING:
    import neo4j

__all__ = ["BATCH", "LOCK_METADATA", "StagedLoad", "load_state"]

#: rows per batch, each committed in its own transaction
BATCH = 10_000

#: the metadata of the transaction holding the load lock (``SHOW TRANSACTIONS`` shows it)
LOCK_METADATA = {"jvgraph": "load lock"}


class StagedLoad:
    """Loads datasets into the database ``database`` reached through ``driver``."""

    def __init__(
        self, driver: neo4j.Driver, database: str | None, location: str, batch: int = BATCH
    ) -> None:
        self._driver = driver
        self._database = database
        self._location = location
        self._batch = batch

    def load(self, dataset: Dataset, *, replace: bool, progress: Progress) -> None:
        """Load ``dataset``; on failure undo it and raise :class:`StoreError`."""
        import neo4j.exceptions

        token = uuid.uuid4().hex
        try:
            with _LoadLock(self._driver, self._database, token) as lock:
                self.recover()
                mode = self._mode(replace)
                if mode != "update" and self._small(dataset):
                    self._at_once(dataset, mode, token, lock, progress)
                    return
                self._run(q.BEGIN_LOAD, token=token, mode=mode)
                self._write(dataset, mode, token, lock, progress)
                self._finish_after_commit(mode)
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as err:
            raise StoreError(
                f"the load into {self._location} did not start: {_reason(err)}"
            ) from err

    def _small(self, dataset: Dataset) -> bool:
        """Whether the dataset and the stored graph both fit in one batch: such a load (or
        replace) runs as one transaction, with nothing to mark, sweep or undo."""
        rows = sum(t.num_rows for t in dataset.tables.values())
        stored = self._rows(q.STORED_SIZE)[0]
        return bool(rows <= self._batch and stored["nodes"] + stored["rels"] <= self._batch)

    def _at_once(
        self, dataset: Dataset, mode: str, token: str, lock: _LoadLock, progress: Progress
    ) -> None:
        """The whole load in one transaction: the stored graph deleted (a replace), the
        dataset created, the version stamped; a failure rolls all of it back."""
        import neo4j.exceptions

        failures = (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, StoreError)
        writer = _Writer(self, token, "empty", progress)
        try:
            with self.session() as session, session.begin_transaction() as tx:
                if mode == "replace":
                    progress("replacing the stored graph", 0, 1)
                    for label in STORED_LABELS.values():
                        tx.run(q.DELETE_LABEL.format(label=label)).consume()
                writer.write_in(tx, dataset)
                lock.check()
                tx.run(q.STAMP_VERSION, token=token).consume()
                tx.commit()
        except failures as err:
            raise StoreError(
                f"the load into {self._location} failed and was undone: {_reason(err)}"
            ) from err

    def delete(self, keys: Dataset, *, progress: Progress) -> None:
        """Delete the rows ``keys`` lists: marked as a replace marks what it removes, then
        committed and swept; on failure the marks are undone and :class:`StoreError` raised."""
        import neo4j.exceptions

        token = uuid.uuid4().hex
        try:
            with _LoadLock(self._driver, self._database, token) as lock:
                self.recover()
                self._run(q.BEGIN_LOAD, token=token, mode="update")
                self._staged(
                    "update", token, lock, _Writer(self, token, "update", progress).delete, keys
                )
                self._finish_after_commit("update")
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as err:
            raise StoreError(
                f"the deletion from {self._location} did not start: {_reason(err)}"
            ) from err

    def _write(
        self, dataset: Dataset, mode: str, token: str, lock: _LoadLock, progress: Progress
    ) -> None:
        """Everything up to the commit point; undone if anything fails on the way."""

        def write(data: Dataset) -> None:
            if mode == "replace":
                progress("marking the stored graph as replaced", 0, 1)
                self._sweep(q.DROP_NODES, q.DROP_RELS, token=token)
            _Writer(self, token, mode, progress).write(data)

        self._staged(mode, token, lock, write, dataset)

    def _staged(
        self,
        mode: str,
        token: str,
        lock: _LoadLock,
        work: Callable[[Dataset], None],
        dataset: Dataset,
    ) -> None:
        """``work(dataset)`` up to the commit point; undone if anything fails on the way."""
        try:
            work(dataset)
            lock.check()
            self._run(q.COMMIT_LOAD, token=token)
        except BaseException as err:
            self._undo_after(err, mode)

    def recover(self) -> None:
        """Finish or undo a load that its process left behind (call holding the lock)."""
        state = load_state(self._driver, self._database)
        if state is None:
            return
        if state["state"] == "committed":
            self._finish(state["mode"])
        else:
            self._undo(state["mode"])

    def _mode(self, replace: bool) -> str:
        found = self._rows(q.ANY_NODE)[0]["found"]
        return "empty" if not found else ("replace" if replace else "update")

    # -- undo and finish ------------------------------------------------------------

    def _undo(self, mode: str) -> None:
        self._sweep(*(q.UNDO_INTO_EMPTY if mode == "empty" else q.UNDO))
        self._run(q.END_LOAD)

    def _finish(self, mode: str) -> None:
        if mode != "empty":
            self._sweep(*q.FINISH)
        self._run(q.END_LOAD)

    def _undo_after(self, err: BaseException, mode: str) -> None:
        """Undo the load ``err`` stopped, then raise: one line for a store failure."""
        import neo4j.exceptions

        failures = (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, StoreError)
        try:
            self._undo(mode)
        except failures as again:
            if not isinstance(err, failures):
                raise err from again
            raise StoreError(
                f"the load into {self._location} failed ({_reason(err)}) and undoing it failed"
                f" too ({_reason(again)}): the next load into it undoes it first"
            ) from err
        if isinstance(err, failures):
            raise StoreError(
                f"the load into {self._location} failed and was undone: {_reason(err)}"
            ) from err
        raise err

    def _finish_after_commit(self, mode: str) -> None:
        import neo4j.exceptions

        try:
            self._finish(mode)
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as err:
            raise StoreError(
                f"the load into {self._location} committed, but clearing its marks failed"
                f" ({_reason(err)}): the next load into it finishes that first"
            ) from err

    # -- running Cypher -------------------------------------------------------------

    @contextlib.contextmanager
    def session(self) -> Iterator[neo4j.Session]:
        with self._driver.session(database=self._database) as session:
            yield session

    def _run(self, cypher: str, **params: Any) -> None:
        self._driver.execute_query(cypher, params, database_=self._database)

    def _rows(self, cypher: str) -> list[Any]:
        records, _, _ = self._driver.execute_query(cypher, database_=self._database)
        return list(records)

    def _sweep(self, *templates: str, **params: Any) -> None:
        """Run each template (per relationship type or node label where it names one) in
        auto-commit transactions: ``CALL { ... } IN TRANSACTIONS`` commits as it goes."""
        with self.session() as session:
            for template in templates:
                for cypher in _expand(template, self._batch):
                    session.run(cypher, params).consume()

    @property
    def batch(self) -> int:
        return self._batch


class _LoadLock:
    """The load lock: a write held by an open transaction until the load ends."""

    def __init__(self, driver: neo4j.Driver, database: str | None, token: str) -> None:
        self._driver = driver
        self._database = database
        self._token = token
        self._session: neo4j.Session | None = None
        self._tx: neo4j.Transaction | None = None

    def __enter__(self) -> _LoadLock:
        self._session = self._driver.session(database=self._database)
        self._tx = self._session.begin_transaction(metadata=LOCK_METADATA)
        self._tx.run(q.TAKE_LOCK, token=self._token).consume()
        return self

    def check(self) -> None:
        """Raise unless the lock is still held (its connection may have been lost)."""
        assert self._tx is not None
        record = self._tx.run(q.CHECK_LOCK).single()
        if record is None or record["token"] != self._token:
            raise StoreError("the load lost its lock on the store")

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        import neo4j.exceptions

        with contextlib.suppress(neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError):
            if self._tx is not None:
                self._tx.rollback()  # nothing of the lock stays in the graph
        if self._session is not None:
            self._session.close()


#: makes a slice of a table into the parameters of its batch (``$rows``, or columns)
_Rows = Callable[[pa.Table], dict[str, Any]]
#: (progress step, Cypher, table, rows)
_Step = tuple[str, str, pa.Table, _Rows]

#: holdings written into an empty store go in batches this many times ``batch``: one
#: columnar statement per batch, which Neo4j runs faster the larger it is
COLUMNAR_FACTOR = 5


class _Writer:
    """Writes one dataset, nodes before relationships, in committed batches; reports
    progress in rows written, after every batch."""

    def __init__(self, load: StagedLoad, token: str, mode: str, progress: Progress) -> None:
        self._load = load
        self._token = token
        self._mode = mode
        self._progress = progress
        self._done = 0
        self._total = 0

    def write(self, dataset: Dataset) -> None:
        steps = self._steps(dataset)
        self._total = sum(table.num_rows for _, _, table, _ in steps)
        for step, cypher, table, rows in steps:
            self._batches(step, cypher, table, rows)

    def _steps(self, dataset: Dataset) -> list[_Step]:
        """The steps in order: staged writes unless the store was empty, where nodes are
        created (the constraints refuse a duplicate) and holdings go in columns."""
        staged = self._mode != "empty"
        nodes = q.STAGE_REPLACING_NODES if self._mode == "replace" else q.STAGE_NODES
        nodes = nodes if staged else q.CREATE_NODES
        tables = dataset.tables
        steps: list[_Step] = [
            (f"nodes: {LABELS[name]}", nodes.format(label=LABELS[name]), tables[name], _records)
            for name in NODE_TABLES
        ]
        steps += [
            (
                f"nodes: {STORED_LABELS[name]}",
                nodes.format(label=STORED_LABELS[name]),
                with_row_ids(name, tables[name]),
                _records,
            )
            for name in MARKET_TABLES
            if name in tables
        ]
        jvs = tables["joint_ventures"].select(["id", "vendor_id"])
        partners, holders = _split(("jv_id", "manager_id")), _split(("owner_id", "company_id"))
        relationships: tuple[tuple[str, str, str, pa.Table, _Rows], ...] = (
            ("FORMED", q.STAGE_FORMED, q.REPLACE_FORMED, jvs, _records),
            ("PARTNER_IN", q.STAGE_PARTNERS, q.MERGE_PARTNERS, tables["jv_partners"], partners),
        )
        steps += [
            (f"relationships: {kind}", stage if staged else plain, table, rows)
            for kind, stage, plain, table, rows in relationships
        ]
        if staged:
            steps.append(("relationships: HOLDS", q.STAGE_HOLDINGS, tables["holdings"], holders))
        else:
            steps += _columnar_holdings(tables["holdings"], tables["asset_managers"])
        return steps

    def write_in(self, tx: neo4j.Transaction, dataset: Dataset) -> None:
        """The dataset's steps, each whole, in the open transaction ``tx``."""
        steps = self._steps(dataset)
        self._total = sum(table.num_rows for _, _, table, _ in steps)
        for step, cypher, table, rows in steps:
            self._progress(step, self._done, self._total)
            if table.num_rows:
                self._check(tx.run(cypher, rows(table), token=self._token), cypher, table.num_rows)
            self._done += table.num_rows
        self._progress("written", self._done, self._total)

    @staticmethod
    def _check(
        result: neo4j.Result,
        cypher: str,
        count: int,
        missing: str = "relationship(s) name a node that is not in the store",
    ) -> None:
        """That a write that counts its rows wrote every one of them."""
        written = result.single(strict=True)["written"] if "AS written" in cypher else count
        result.consume()
        if written != count:
            raise StoreError(f"{count - written} {missing}")

    def delete(self, keys: Dataset) -> None:
        """Mark the rows ``keys`` lists as removed when the deletion commits: relationships,
        then nodes (:data:`~jvgraph.model.ROW_KEYS` columns)."""
        tables = keys.tables
        empty = pa.table({})
        steps: list[_Step] = [
            ("deleting: PARTNER_IN", q.MARK_PARTNER_GONE,
             tables.get("jv_partners", empty), _split(("jv_id", "manager_id"))),
            ("deleting: HOLDS", q.MARK_HOLDING_GONE,
             tables.get("holdings", empty), _split(("owner_id", "company_id"))),
        ]  # fmt: skip
        for name in (*NODE_TABLES, *MARKET_TABLES):
            rows = tables.get(name, empty)
            if rows.num_rows and name in MARKET_TABLES:
                rows = with_row_ids(name, rows).select(["id"])
            label = STORED_LABELS[name]
            steps.append(
                (f"deleting: {label}", q.MARK_NODE_GONE.format(label=label), rows, _records)
            )
        steps = [step for step in steps if step[2].num_rows]
        self._total = sum(table.num_rows for _, _, table, _ in steps)
        for step, cypher, table, rows_of in steps:
            self._batches(step, cypher, table, rows_of, missing="row(s) to delete are not stored")

    def _batches(
        self,
        step: str,
        cypher: str,
        table: pa.Table,
        rows: _Rows,
        missing: str = "relationship(s) name a node that is not in the store",
    ) -> None:
        """``table`` in slices of ``batch`` rows (columnar statements: of
        :data:`COLUMNAR_FACTOR` times that), each made into parameters only when sent."""
        size = self._load.batch * (COLUMNAR_FACTOR if q.COLUMNS in cypher else 1)
        self._progress(step, self._done, self._total)
        with self._load.session() as session:
            for start in range(0, table.num_rows, size):
                part = table.slice(start, size)
                self._commit(session, cypher, rows(part), part.num_rows, missing)
                self._done += part.num_rows
                self._progress(step, self._done, self._total)

    def _commit(
        self,
        session: neo4j.Session,
        cypher: str,
        params: dict[str, Any],
        count: int,
        missing: str,
    ) -> None:
        """One batch of ``count`` rows in its own transaction; a write that counts its rows
        (relationships, deletions) checks that every row wrote."""
        with session.begin_transaction() as tx:
            self._check(tx.run(cypher, params, token=self._token), cypher, count, missing)
            tx.commit()


def load_state(driver: neo4j.Driver, database: str | None) -> dict[str, Any] | None:
    """The load in progress or left behind (token, mode, state), or None."""
    records, _, _ = driver.execute_query(q.LOAD_STATE, database_=database)
    return dict(records[0]) if records else None


def _expand(template: str, batch: int) -> list[str]:
    """``template`` once per relationship type or stored node label it names, else once."""
    if "{type}" in template:
        return [template.format(type=t, rows=batch) for t in REL_TYPES]
    if "{label}" in template:
        return [template.format(label=label, rows=batch) for label in STORED_LABELS.values()]
    return [template.format(rows=batch)]


def _reason(err: BaseException) -> str:
    message = str(getattr(err, "message", None) or err).strip()
    return message.splitlines()[0] if message else type(err).__name__


def _records(table: pa.Table) -> dict[str, Any]:
    return {"rows": table.to_pylist()}


def _split(keys: tuple[str, str]) -> _Rows:
    """Rows as {a, b, props}: the two endpoint ids and the other columns."""
    return functools.partial(_ends_and_props, keys=keys)


def _ends_and_props(table: pa.Table, keys: tuple[str, str]) -> dict[str, Any]:
    props = table.drop_columns(list(keys))
    rows = [
        {"a": a, "b": b, "props": p}
        for a, b, p in zip(
            table.column(keys[0]).to_pylist(),
            table.column(keys[1]).to_pylist(),
            props.to_pylist(),
            strict=True,
        )
    ]
    return {"rows": rows}


def _columns(table: pa.Table) -> dict[str, Any]:
    """A slice of holdings as the columns of :data:`~bolt_queries.COLUMNS` statements:
    ``$a`` and ``$b`` the ends, ``$p0``, ``$p1``, ... the properties in table order."""
    params = {
        "a": table.column("owner_id").to_pylist(),
        "b": table.column("company_id").to_pylist(),
    }
    props = [c for c in table.column_names if c not in ("owner_id", "company_id")]
    params.update({f"p{i}": table.column(c).to_pylist() for i, c in enumerate(props)})
    return params


def _columnar_holdings(holdings: pa.Table, managers: pa.Table) -> list[_Step]:
    """Holdings into an empty store: those owned by managers, then by companies, each
    statement matching its owner by label (the dataset says which it is)."""
    import pyarrow.compute as pc

    by_manager = pc.is_in(
        holdings.column("owner_id"), value_set=managers.column("id").combine_chunks()
    )
    props = [c for c in holdings.column_names if c not in ("owner_id", "company_id")]
    steps: list[_Step] = []
    for owner, mask in (("AssetManager", by_manager), ("PortfolioCompany", pc.invert(by_manager))):
        part = holdings.filter(mask)
        if part.num_rows:
            steps.append(
                ("relationships: HOLDS", q.columnar_holdings(owner, props), part, _columns)
            )
    return steps
