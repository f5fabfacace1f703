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
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

from common import OUT, best_of, dataset, fresh, timer  # noqa: E402

QUERIES = ["reach.cypher", "exclusive_access.cypher"]


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
        run(uri, data, "Neo4j", t, args.reload)
    else:
        from tests.neo4j_server import Neo4jTestServer

        # a load commits in batches of bounded size, so the heap only needs room for the
        # queries; the page cache holds the M store (about 0.5 GiB) to keep it off the disk
        with Neo4jTestServer(heap="2g", page_cache_mib=1024) as server:
            run(server.uri, data, "Neo4j", t, args.reload)
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


if __name__ == "__main__":
    main()
