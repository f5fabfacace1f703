"""Paths benchmark: ``jvgraph path`` (the first 10 paths, shortest first, at most 6 hops)
from a vendor to companies it reaches, against networkx's ``shortest_simple_paths`` on the
same graph (undirected), in one run.

Prints, for S (networkx too) and M (jvgraph; building the networkx graph of M takes
minutes and gigabytes): the time to index the relationships once, and the median and
slowest query over 20 vendor-company pairs. Target: a query on M well under a second.

    python bench/paths.py [--pairs 20]
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

from common import dataset, timer  # noqa: E402

LIMIT, HOPS = 10, 6


def pairs_of(data: Any, n: int) -> list[tuple[str, str]]:
    """``n`` (vendor, company) pairs, companies drawn (fixed seed) from the holdings of the
    vendors' partners."""
    from jvgraph.metrics.arrays import GraphArrays
    from jvgraph.metrics.reach import reach_matrix

    g = GraphArrays.build(data)
    reach = reach_matrix(g).tocsr()
    rng = random.Random(11)
    out = []
    for _ in range(n):
        v = rng.randrange(reach.shape[0])
        row = reach.indices[reach.indptr[v] : reach.indptr[v + 1]]
        out.append((str(g.vendor_ids[v]), str(g.company_ids[rng.choice(row.tolist())])))
    return out


def jvgraph_times(data: Any, pairs: list[tuple[str, str]]) -> tuple[float, list[float], list[int]]:
    from jvgraph.explore.index import GraphIndex
    from jvgraph.explore.paths import adjacency, paths

    index = GraphIndex(data, "bench")
    t: dict[str, float] = {}
    with timer(t, "adjacency"):
        adjacency(index)
    times, found = [], []
    for a, b in pairs:
        started = time.perf_counter()
        doc = paths(index, a, b, max_hops=HOPS, limit=LIMIT)
        times.append(time.perf_counter() - started)
        found.append(len(doc["paths"]))
    return t["adjacency"], times, found


def networkx_times(data: Any, pairs: list[tuple[str, str]]) -> tuple[float, list[float]]:
    import networkx as nx

    t: dict[str, float] = {}
    with timer(t, "graph"):
        g = nx.Graph()
        for table, (a, b) in {
            "joint_ventures": ("vendor_id", "id"),
            "jv_partners": ("manager_id", "jv_id"),
            "holdings": ("owner_id", "company_id"),
        }.items():
            cols = data.tables[table].select([a, b])
            g.add_edges_from(
                zip(cols.column(a).to_pylist(), cols.column(b).to_pylist(), strict=True)
            )
    times = []
    for a, b in pairs:
        started = time.perf_counter()
        paths = nx.shortest_simple_paths(g, a, b)
        list(itertools.islice((p for p in paths if len(p) - 1 <= HOPS), LIMIT))
        times.append(time.perf_counter() - started)
    return t["graph"], times


def line(label: str, setup: float, times: list[float]) -> str:
    return (
        f"  {label:<34} index {setup:6.2f} s  query median {statistics.median(times):.4f} s  "
        f"slowest {max(times):.4f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=20)
    args = parser.parse_args()
    from jvgraph.load import read_dataset

    print(f"\npaths benchmark (the first {LIMIT} paths of at most {HOPS} hops, {args.pairs} pairs)")
    for size in ("S", "M"):
        data = read_dataset(dataset(size))
        pairs = pairs_of(data, args.pairs)
        setup, times, found = jvgraph_times(data, pairs)
        print(line(f"{size}: jvgraph path", setup, times) + f"  ({sum(found)} paths)")
        if size == "S":
            nx_setup, nx_times = networkx_times(data, pairs)
            ratio = statistics.median(nx_times) / statistics.median(times)
            print(line("S: networkx shortest_simple_paths", nx_setup, nx_times)
                  + f"  ({ratio:.2f}x jvgraph's median)")  # fmt: skip
        else:
            print(f"  M: slowest query {max(times):.3f} s (target well under 1 s)")


if __name__ == "__main__":
    main()
