"""Neo4j loads commit batch by batch; a load that fails after batches were committed, or
whose process dies, leaves exactly the previous graph. On a real Neo4j server."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from jvgraph.errors import DataError, StoreError
from jvgraph.explore import load_dataset
from jvgraph.load import read_dataset
from jvgraph.store import GraphStore, open_store
from jvgraph.store.bolt import Neo4jStore
from jvgraph.store.bolt_load import LOCK_METADATA

HOLDINGS_WITH_REF = (
    "owner_id,company_id,stake,control,since,until,source,ref\n"
    "m-1,c-1,0.6,true,2020-01-01,,changed,h1\n"
    "m-2,c-1,0.3,false,2021-06-30,,changed,h2\n"
    "m-2,c-2,0.5,false,,2025-01-01,changed,h3\n"
    "m-3,c-3,1,true,,,changed,h4\n"
    "m-1,c-4,0.25,false,2019-01-01,2030-01-01,changed,h5\n"
    "c-1,c-5,0.8,true,2022-01-01,,changed,h6\n"
    "m-1,c-6,0.5,,,,changed,h1\n"  # the 7th row, in the 4th batch of 2, repeats h1
)

MARKS = (
    "MATCH (n) WHERE n:JvgraphStaged OR n:JvgraphTouched OR n:JvgraphDrop OR n:JvgraphUndo "
    "OR n:JvgraphLoad OR n:JvgraphLock RETURN count(n) AS n UNION ALL "
    "MATCH ()-[r]->() WHERE r._jvgraph_load IS NOT NULL OR r._jvgraph_drop IS NOT NULL "
    "RETURN count(r) AS n"
)


@pytest.fixture
def driver(neo4j_uri: str) -> Iterator[Any]:
    """A second connection to the server, to look at it while and after a store loads."""
    import neo4j

    with neo4j.GraphDatabase.driver(neo4j_uri, notifications_min_severity="OFF") as opened:
        with opened.session() as session:
            session.run(
                "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 1000 ROWS"
            ).consume()
        yield opened


@pytest.fixture
def store(driver: Any, neo4j_uri: str) -> Iterator[Neo4jStore]:
    """The Neo4j store committing every 2 rows, so that tiny loads take many batches."""
    import neo4j

    with Neo4jStore(
        neo4j.GraphDatabase.driver(neo4j_uri, notifications_min_severity="OFF"),
        location=neo4j_uri,
        batch=2,
    ) as opened:
        yield opened


@pytest.fixture
def ref_unique(driver: Any) -> Iterator[None]:
    """A server-side rule the changed dataset breaks in a late batch: HOLDS.ref is unique."""
    driver.execute_query(
        "CREATE CONSTRAINT test_holds_ref IF NOT EXISTS FOR ()-[r:HOLDS]-() REQUIRE r.ref IS UNIQUE"
    )
    yield
    driver.execute_query("DROP CONSTRAINT test_holds_ref IF EXISTS")


def snapshot(store: GraphStore) -> dict[str, object]:
    return {name: table.to_pylist() for name, table in store.export().tables.items()}


def changed(edited: Callable[..., Path]) -> Path:
    """Tiny with a renamed vendor, a new company and every holding changed (and a ref)."""
    return edited(
        vendors={2: "v-a,Vendor A renamed,1,US,changed"},
        companies={"+": "c-6,Zeta,Logistics,1,,,changed"},
        holdings=HOLDINGS_WITH_REF.encode(),
    )


def marks(driver: Any) -> list[int]:
    return [r["n"] for r in driver.execute_query(MARKS).records]


@pytest.mark.parametrize("replace", [False, True], ids=["update", "replace"])
def test_a_server_error_after_committed_batches_leaves_the_previous_graph(
    store: Neo4jStore, driver: Any, tiny: Path, edited: Any, ref_unique: None, replace: bool
) -> None:
    load_dataset(store, tiny)
    before, counts = snapshot(store), store.counts()
    seen: list[tuple[int, dict[str, object]]] = []

    def watch(step: str, done: int, total: int) -> None:
        if step == "relationships: HOLDS" and done == total - 1:  # 3 batches of 2 written
            committed = driver.execute_query(
                "MATCH ()-[r:HOLDS]->() WHERE r._jvgraph_load IS NOT NULL RETURN count(r) AS n"
            ).records[0]["n"]
            reader = Neo4jStore(driver, location="reader")  # shares the driver: not closed
            seen.append((committed, snapshot(reader)))

    with pytest.raises(StoreError, match=r"failed and was undone: .*ref") as caught:
        load_dataset(store, changed(edited), replace=replace, progress=watch)
    assert "\n" not in str(caught.value)
    # the failure came after other sessions could already see committed batches, and
    # meanwhile an export showed the previous graph
    assert [n for n, _ in seen] == [6]
    assert seen[0][1] == before
    assert snapshot(store) == before
    assert store.counts() == counts
    assert store.get_node("v-a").properties["name"] == "Vendor A"
    assert marks(driver) == [0, 0]


def test_a_missing_node_in_a_late_batch_undoes_the_load(
    store: Neo4jStore, driver: Any, tiny: Path, edited: Any
) -> None:
    load_dataset(store, tiny)
    before = snapshot(store)
    dataset = read_dataset(changed(edited))
    holdings = dataset.tables["holdings"]
    dataset.tables["holdings"] = holdings.set_column(
        1, "company_id", pa.array([*holdings.column(1).to_pylist()[:-1], "c-missing"])
    )
    message = r"failed and was undone: 1 relationship\(s\) name a node that is not in the store"
    with pytest.raises(StoreError, match=message):
        store.load(dataset)
    assert snapshot(store) == before
    assert marks(driver) == [0, 0]


def test_a_failed_load_into_an_empty_store_leaves_it_empty(
    store: Neo4jStore, driver: Any, tiny: Path, edited: Any, ref_unique: None
) -> None:
    with pytest.raises(StoreError, match="undone"):
        load_dataset(store, changed(edited))
    assert not any(store.counts().values())
    assert marks(driver) == [0, 0]


def test_staged_loads_give_the_graph_one_transaction_gives(
    store: Neo4jStore, tiny: Path, edited: Any, tmp_path: Path
) -> None:
    update = edited(
        companies={2: "c-1,Alpha Renamed,Logistics,120,,US,test"},
        holdings={2: "m-1,c-1,0.55,true,2020-01-01,,test", "+": "m-3,c-4,0.1,,,,test"},
    )
    with open_store(str(tmp_path / "reference.db")) as reference:
        for target in (store, reference):
            load_dataset(target, tiny)
            load_dataset(target, update)
            load_dataset(target, update)  # twice: nothing changes
        assert snapshot(store) == snapshot(reference)
        load_dataset(store, tiny, replace=True)
        load_dataset(reference, tiny, replace=True)
        assert snapshot(store) == snapshot(reference)
        assert store.counts() == reference.counts()


CRASH = """
import os, sys
import neo4j
from jvgraph.load import read_dataset
from jvgraph.store.bolt import Neo4jStore

def die(step, done, total):
    if step == "relationships: HOLDS" and done == total - 1:
        os._exit(3)  # no undo, no goodbye: as if the machine went away

driver = neo4j.GraphDatabase.driver(sys.argv[1], notifications_min_severity="OFF")
store = Neo4jStore(driver, location=sys.argv[1], batch=2)
store.load(read_dataset(sys.argv[2]), replace=sys.argv[3] == "replace", progress=die)
"""


@pytest.mark.parametrize("replace", [False, True], ids=["update", "replace"])
def test_a_load_whose_process_died_is_undone_by_the_next(
    store: Neo4jStore, driver: Any, neo4j_uri: str, tiny: Path, edited: Any, replace: bool
) -> None:
    load_dataset(store, tiny)
    before = snapshot(store)
    mode = "replace" if replace else "update"
    script = textwrap.dedent(CRASH)
    args = [sys.executable, "-c", script, neo4j_uri, str(changed(edited)), mode]
    died = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)
    assert died.returncode == 3, died.stderr
    state = driver.execute_query("MATCH (l:JvgraphLoad) RETURN l.state AS s").records
    assert [r["s"] for r in state] == ["writing"]  # it left batches behind
    assert snapshot(store) == before  # exports show the committed graph meanwhile
    load_dataset(store, tiny)  # takes the lock the dead process held, undoes its load
    assert snapshot(store) == before
    assert marks(driver) == [0, 0]


def test_a_load_that_loses_its_lock_is_undone(
    store: Neo4jStore, driver: Any, tiny: Path, edited: Any
) -> None:
    load_dataset(store, tiny)
    before = snapshot(store)
    killed: list[str] = []

    def terminate_lock(step: str, done: int, total: int) -> None:
        if step == "relationships: HOLDS" and not killed:
            rows = driver.execute_query(
                "SHOW TRANSACTIONS YIELD transactionId AS id, metaData "
                "WHERE metaData = $meta RETURN id",
                meta=LOCK_METADATA,
            ).records
            killed.extend(r["id"] for r in rows)
            driver.execute_query("TERMINATE TRANSACTIONS $ids", ids=killed)

    with pytest.raises(StoreError, match="failed and was undone"):
        load_dataset(store, changed(edited), progress=terminate_lock)
    assert len(killed) == 1
    assert snapshot(store) == before
    assert marks(driver) == [0, 0]


def test_a_replace_cannot_attach_to_a_node_it_leaves_out(
    store: Neo4jStore, driver: Any, tiny: Path
) -> None:
    load_dataset(store, tiny)
    before = snapshot(store)
    dataset = read_dataset(tiny)
    companies = dataset.tables["companies"]  # c-1 still holds c-5: c-5 is not in the store
    dataset.tables["companies"] = companies.filter(pc.not_equal(companies["id"], "c-5"))
    with pytest.raises(StoreError, match=r"1 relationship\(s\) name a node that is not in"):
        store.load(dataset, replace=True)
    assert snapshot(store) == before
    assert marks(driver) == [0, 0]


def test_loads_into_one_database_run_one_at_a_time(
    store: Neo4jStore, driver: Any, neo4j_uri: str, tiny: Path, edited: Any
) -> None:
    import neo4j

    load_dataset(store, tiny)
    second = edited(companies={2: "c-1,Alpha Second,Logistics,100,10,US,test"})
    other = Neo4jStore(
        neo4j.GraphDatabase.driver(neo4j_uri, notifications_min_severity="OFF"), batch=2
    )
    finished: list[dict[str, int]] = []
    thread = threading.Thread(target=lambda: finished.append(load_dataset(other, second)))
    blocked: list[bool] = []

    def start_the_other(step: str, done: int, total: int) -> None:
        if step == "relationships: HOLDS" and not blocked:
            thread.start()
            blocked.append(_waits_for_a_lock(driver, within_s=10.0))

    first = edited(companies={2: "c-1,Alpha First,Logistics,100,10,US,test"})
    try:
        load_dataset(store, first, progress=start_the_other)
        thread.join(60)
    finally:
        other.close()
    assert blocked == [True]
    assert len(finished) == 1
    assert store.get_node("c-1").properties["name"] == "Alpha Second"


def _waits_for_a_lock(driver: Any, within_s: float) -> bool:
    """True once a transaction on the server is blocked waiting for a lock."""
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        rows = driver.execute_query(
            "SHOW TRANSACTIONS YIELD status WHERE status STARTS WITH 'Blocked' RETURN count(*) AS n"
        ).records
        if rows[0]["n"]:
            return True
        time.sleep(0.05)
    return False


def test_every_committed_load_changes_the_version(
    store: Neo4jStore, tiny: Path, edited: Callable[..., Path]
) -> None:
    """A reload that changes only a property keeps every count, but not the version,
    so the metrics cache and the read index see it; a failed load changes nothing."""
    from jvgraph.explore import MetricsCache

    load_dataset(store, tiny)
    first = store.version()
    assert store.version() == first  # reading changes nothing
    cache = MetricsCache()
    before = cache.get(store)
    revenue = edited(companies={2: "c-1,Alpha Logistics,Logistics,999999,,US,test"})
    load_dataset(store, revenue)
    assert store.counts() == read_counts(store, tiny)
    assert store.version() != first
    after = cache.get(store)
    assert after["common_ownership"] != before["common_ownership"]
    stamped = store.version()
    with pytest.raises(DataError):
        load_dataset(store, edited(holdings={2: "m-1,nope,0.6,true,2020-01-01,,test"}))
    assert store.version() == stamped


def read_counts(store: GraphStore, path: Path) -> dict[str, int]:
    with open_store(str(path.parent / f"{path.name}-counts.db")) as other:
        load_dataset(other, path)
        return other.counts()


@pytest.fixture
def one_batch(driver: Any, neo4j_uri: str) -> Iterator[Neo4jStore]:
    """The Neo4j store with its default batch: a tiny dataset fits one transaction."""
    import neo4j

    with Neo4jStore(
        neo4j.GraphDatabase.driver(neo4j_uri, notifications_min_severity="OFF"),
        location=neo4j_uri,
    ) as opened:
        yield opened


def test_a_small_replace_runs_as_one_transaction(
    one_batch: Neo4jStore, driver: Any, tiny: Path, edited: Any, ref_unique: None
) -> None:
    """Under one batch of rows, stored and loaded, a load (or replace) is one transaction:
    nothing is marked or swept, a failure rolls it all back, a success bumps the version."""
    steps: list[str] = []
    load_dataset(one_batch, tiny, progress=lambda step, done, total: steps.append(step))
    assert "relationships: HOLDS" in steps and "marking the stored graph as replaced" not in steps
    before, version = snapshot(one_batch), one_batch.version()
    with pytest.raises(StoreError, match=r"failed and was undone: .*ref"):
        load_dataset(one_batch, changed(edited), replace=True)
    assert snapshot(one_batch) == before and one_batch.version() == version
    assert marks(driver) == [0, 0]
    dataset = read_dataset(tiny)
    holdings = dataset.tables["holdings"]
    dataset.tables["holdings"] = holdings.set_column(
        1, "company_id", pa.array([*holdings.column(1).to_pylist()[:-1], "c-missing"])
    )
    message = r"failed and was undone: 1 relationship\(s\) name a node that is not in the store"
    with pytest.raises(StoreError, match=message):
        one_batch.load(dataset, replace=True)
    assert snapshot(one_batch) == before
    steps.clear()
    edit = edited(vendors={2: "v-a,Vendor A renamed,1,US,changed"})
    load_dataset(one_batch, edit, replace=True, progress=lambda s, d, t: steps.append(s))
    assert "replacing the stored graph" in steps
    assert one_batch.get_node("v-a").properties["name"] == "Vendor A renamed"
    assert one_batch.version() != version
    assert driver.execute_query("MATCH (l:JvgraphLoad) RETURN count(l) AS n").records[0]["n"] == 0
