"""Neo4j against LadybugDB: load throughput and the reach and exclusive-access Cypher, one run.

Starts the test-support Neo4j 5.26 server (tests/neo4j-server) unless
JVGRAPH_TEST_NEO4J_URI names one, loads the same synthetic dataset into both
stores through ``jvgraph load``, prints holdings per second, then times
cypher/reach.cypher and cypher/exclusive_access.cypher on both. ``--reload`` also times
loading the same dataset again with ``--replace`` into the loaded stores (on Neo4j the
staged path, which keeps the previous graph until the load commits).

    python bench/stores.py [--size M] [--reload]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

from common import OUT, best_of, dataset, fresh, timer  # noqa: E402

QUERIES = ["reach.cypher", "exclusive_access.cypher"]
#: holdings re-written to compare the ways of sending them, in the same run
SAMPLE = 200_000
#: a small real load, end to end: the bundled JV graph (about 2,500 rows)
SMALL = ROOT / "graph" / "jv-2026"


def run(
    store_location: str, data: Path, label: str, t: dict[str, float], reload: bool = False
) -> None:
    from jvgraph.config import Limits, cypher_text
    from jvgraph.explore import load_dataset
    from jvgraph.store import open_store

    with open_store(store_location) as store:
        with timer(t, f"{label} load"):
            counts = load_dataset(store, data, replace=True)
        t[f"{label} holdings"] = counts["HOLDS"]
        if reload:
            with timer(t, f"{label} reload"):
                load_dataset(store, data, replace=True)
        params = {"every_row": True, "as_of": dt.date(1970, 1, 1)}
        for name in QUERIES:
            text = cypher_text(name).rstrip().rstrip(";")
            limits = Limits(timeout_s=600, max_rows=1_000_000)
            t[f"{label} {name}"] = best_of(
                2, lambda text=text, limits=limits: store.query(text, params, limits)
            )


def _holdings_paths(uri: str, data: Path, t: dict[str, float]) -> None:
    """Time writing the same holdings (owned by managers) as a map per row in batches of
    10,000 (the loads before) and as columns in batches of 50,000 (loads into an empty
    store now), into the loaded graph; each written set is deleted again."""
    import neo4j
    import pyarrow.compute as pc

    from jvgraph.load import read_dataset
    from jvgraph.store import bolt_queries as q
    from jvgraph.store.bolt_load import _columns, _ends_and_props

    tables = read_dataset(data).tables
    managers = tables["asset_managers"].column("id").combine_chunks()
    holds = tables["holdings"]
    holds = holds.filter(pc.is_in(holds.column("owner_id"), value_set=managers)).slice(0, SAMPLE)
    props = [c for c in holds.column_names if c not in ("owner_id", "company_id")]
    ways = {
        "map per row, 10k": (q.CREATE_HOLDINGS, 10_000,
                             lambda p: _ends_and_props(p, ("owner_id", "company_id"))),
        "columns, 50k": (q.columnar_holdings("AssetManager", props), 50_000, _columns),
    }  # fmt: skip
    t["sample"] = holds.num_rows
    with neo4j.GraphDatabase.driver(uri) as driver, driver.session() as session:
        for name, (cypher, size, params) in ways.items():
            started = time.perf_counter()
            for start in range(0, holds.num_rows, size):
                batch = params(holds.slice(start, size))
                session.execute_write(lambda tx, b=batch, c=cypher: tx.run(c, b).consume())
            t[f"way {name}"] = time.perf_counter() - started
            session.run(
                "MATCH ()-[r:HOLDS]->() WITH r SKIP $n "
                "CALL (r) { DELETE r } IN TRANSACTIONS OF 50000 ROWS",
                n=t["Neo4j holdings"],
            ).consume()


def _small(uri: str, t: dict[str, float]) -> None:
    """A small load end to end, as a user runs it (``jvgraph load --replace``, the
    process's start included): into the emptied database, then again over it."""
    for name in ("small load", "small reload"):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "jvgraph", "load", str(SMALL), "--replace", "--store", uri],
            check=True,
            capture_output=True,
        )
        t[name] = time.perf_counter() - started


def _clear(uri: str) -> None:
    """Empty the server's database again, for the small loads."""
    import neo4j

    with neo4j.GraphDatabase.driver(uri) as driver, driver.session() as session:
        session.run(
            "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()


def _neo4j(uri: str, data: Path, t: dict[str, float], reload: bool) -> None:
    run(uri, data, "Neo4j", t, reload)
    _holdings_paths(uri, data, t)
    _clear(uri)
    _small(uri, t)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="M", choices=["S", "M", "L"])
    parser.add_argument("--reload", action="store_true", help="also time a --replace reload")
    args = parser.parse_args()
    data = dataset(args.size)
    t: dict[str, float] = {}
    db = fresh(OUT / f"neo4j-bench-{args.size}.db")
    run(str(db), data, "LadybugDB", t, args.reload)
    uri = os.environ.get("JVGRAPH_TEST_NEO4J_URI")
    if uri:
        _neo4j(uri, data, t, args.reload)
    else:
        from tests.neo4j_server import Neo4jTestServer

        # a load commits in batches of bounded size, so the heap only needs room for the
        # queries; the page cache holds the M store (about 0.5 GiB) to keep it off the disk
        with Neo4jTestServer(heap="2g", page_cache_mib=1024) as server:
            _neo4j(server.uri, data, t, args.reload)
    print(f"\nNeo4j vs LadybugDB, size {args.size}")
    for label in ("LadybugDB", "Neo4j"):
        rate = t[f"{label} holdings"] / t[f"{label} load"]
        print(
            f"  {label:<10} load {t[f'{label} load']:7.1f} s  {rate:>10,.0f} holdings/s  "
            + "  ".join(f"{q} {t[f'{label} {q}']:.2f} s" for q in QUERIES)
        )
        if args.reload:
            again = t[f"{label} holdings"] / t[f"{label} reload"]
            print(f"  {'':<10} reload {t[f'{label} reload']:5.1f} s  {again:>10,.0f} holdings/s")
    ratio = t["Neo4j load"] / t["LadybugDB load"]
    print(f"  Neo4j load takes {ratio:.1f}x LadybugDB's")
    base = t["way map per row, 10k"]
    print(f"  writing {t['sample']:,.0f} holdings into the loaded graph, by how they are sent:")
    for name in ("map per row, 10k", "columns, 50k"):
        took = t[f"way {name}"]
        print(f"    {name:<18} {took:6.1f} s {t['sample'] / took:>10,.0f} holdings/s  "
              f"{base / took:.2f}x the map per row")  # fmt: skip
    print(f"  small load ({SMALL.name}, about 2,500 rows) end to end, the process's start "
          f"included: {t['small load']:.1f} s into the emptied database, {t['small reload']:.1f} s "
          "replacing it (target < 2 s)")  # fmt: skip


if __name__ == "__main__":
    main()
