"""Metrics benchmark: jvgraph's vectorised suite against networkx and against Cypher.

Prints, in one run:
- the whole metric suite (reach, overlap of vendors and owners, concentration,
  common ownership, gatekeepers) with jvgraph's sparse-matrix implementation
  on S (~250k holdings), M (~3M) and L (~12M, unless --no-large);
- the deliberately naive networkx implementation of the tests on S, as a ratio;
- the equivalent Cypher (cypher/*.cypher) inside LadybugDB on S and M, as a ratio;
- MHHI alone on L;
- on S and M, the market measures (customer access, company concentration, the vendor
  market) against the vendor concentration they replaced (bench/baseline_concentration.py),
  on the same arrays, as a ratio, and the suite with the old function in their place.
Targets on a 2-core machine: the suite on M under 5 s and at least 50x faster than
networkx; MHHI on L under 2 s; the market measures no slower than the old function.

    python bench/metrics.py [--naive-timeout 600] [--no-large]
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

from common import OUT, best_of, dataset, fresh, timer  # noqa: E402

METRIC_QUERIES = [
    "reach.cypher",
    "foreclosure.cypher",
    "exclusive_access.cypher",
    "overlap.cypher",
    "gatekeepers.cypher",
]


def suite(data: Any) -> float:
    from jvgraph.metrics.suite import compute_all

    return best_of(2, lambda: compute_all(data))


def breakdown(data: Any, *, with_json: bool) -> dict[str, float]:
    """Seconds of the parts: indexing, owner-pair overlap, everything else, JSON output."""
    import json

    from jvgraph.metrics.arrays import GraphArrays
    from jvgraph.metrics.overlap import json_default, overlap_pairs
    from jvgraph.metrics.suite import compute_arrays

    t: dict[str, float] = {}
    with timer(t, "index"):
        g = GraphArrays.build(data)
    with timer(t, "owner pairs"):  # as the suite keeps them
        pairs = overlap_pairs(g.stakes, g.owner_ids, g.revenue, all_pairs=False)
    with timer(t, "all"):
        doc = compute_arrays(g)
    if with_json:  # printing every owner pair of M would take minutes and gigabytes
        with timer(t, "json"):
            json.dumps(doc, default=json_default)
    t["rest"] = t["all"] - t["owner pairs"]
    t["pairs"] = float(len(pairs))
    return t


def naive(path: Path, seconds: float) -> float | None:
    """Seconds of the networkx implementation, or None when it ran past ``seconds``."""
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_naive_child, args=(path, queue))
    proc.start()
    proc.join(seconds)
    if proc.is_alive():
        proc.terminate()
        proc.join()
        return None
    result: float = queue.get()
    return result


def _naive_child(path: Path, queue: Any) -> None:
    import time

    from tests.reference.naive_metrics import compute_all

    started = time.perf_counter()
    compute_all(path)
    queue.put(time.perf_counter() - started)


def cypher(path: Path, work: Path) -> tuple[float, float]:
    """(load seconds, seconds of the metric queries) in a fresh embedded store."""
    from jvgraph.config import cypher_text
    from jvgraph.explore import load_dataset
    from jvgraph.store import open_store

    t: dict[str, float] = {}
    fresh(work)  # loading into a store that holds the data already would be an update
    with open_store(str(work)) as store:
        with timer(t, "load"):
            load_dataset(store, path)
        params = {"every_row": True, "as_of": dt.date(1970, 1, 1)}
        texts = [cypher_text(q).rstrip().rstrip(";") for q in METRIC_QUERIES]
        store.query(texts[0], params)  # open the read-only view before timing
        seconds = best_of(2, lambda: [store.query(q, params) for q in texts])
    return t["load"], seconds


def market_measures(data: Any) -> dict[str, float]:
    """Seconds of the vendor concentration of before (``old``) and of what replaced it
    (``new``), each the best of 3, and of the suite with each (``old suite``, ``new suite``,
    best of 2), on the same arrays: a fresh copy each time, so nothing computed is reused."""
    from dataclasses import replace

    from baseline_concentration import old_concentration, old_suite

    from jvgraph.metrics.access import access
    from jvgraph.metrics.arrays import GraphArrays
    from jvgraph.metrics.concentration import company_concentration
    from jvgraph.metrics.suite import compute_arrays
    from jvgraph.metrics.vendor_market import vendor_market

    g = GraphArrays.build(data)

    def new() -> None:
        fresh = replace(g)
        access(fresh)
        company_concentration(fresh)
        vendor_market(fresh)

    return {
        "old": best_of(3, lambda: old_concentration(replace(g))),
        "new": best_of(3, new),
        "old suite": best_of(2, lambda: old_suite(g)),
        "new suite": best_of(2, lambda: compute_arrays(replace(g))),
    }


def mhhi_only(data: Any) -> tuple[float, float]:
    from jvgraph.metrics.arrays import GraphArrays
    from jvgraph.metrics.common_ownership import common_ownership

    t: dict[str, float] = {}
    with timer(t, "build"):
        g = GraphArrays.build(data)
    return t["build"], best_of(3, lambda: common_ownership(g))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--naive-timeout", type=float, default=600.0)
    parser.add_argument("--no-large", action="store_true")
    args = parser.parse_args()
    from jvgraph.load import read_dataset

    sizes = ["S", "M"] + ([] if args.no_large else ["L"])
    rows: dict[str, dict[str, Any]] = {}
    for size in sizes:
        path = dataset(size)
        data = read_dataset(path)
        rows[size] = {
            "holdings": data.rows("holdings"),
            "suite": suite(data),
            "parts": breakdown(data, with_json=size == "S") if size != "L" else {},
        }
        if size != "L":
            rows[size]["market"] = market_measures(data)
            rows[size]["cypher_load"], rows[size]["cypher"] = cypher(path, OUT / f"cy-{size}.db")
        else:
            rows[size]["build"], rows[size]["mhhi"] = mhhi_only(data)
        print(f"{size}: {rows[size]}", flush=True)
    rows["S"]["naive"] = naive(dataset("S"), args.naive_timeout)
    report(rows, args.naive_timeout)


def report(rows: dict[str, dict[str, Any]], timeout: float) -> None:
    print("\nmetrics benchmark (seconds; the suite best of 2, MHHI best of 3)")
    for size, r in rows.items():
        line = f"  {size}: {r['holdings']:>11,} holdings  jvgraph suite {r['suite']:7.2f} s"
        if "cypher" in r:
            line += (
                f"  |  Cypher in LadybugDB {r['cypher']:7.2f} s "
                f"({r['cypher'] / r['suite']:.1f}x jvgraph)"
            )
        print(line)
    s = rows["S"]
    if s["naive"] is None:
        print(
            f"  S: networkx naive > {timeout:.0f} s (stopped): "
            f"jvgraph is > {timeout / s['suite']:.0f}x faster"
        )
    else:
        print(
            f"  S: networkx naive {s['naive']:.1f} s: jvgraph is "
            f"{s['naive'] / s['suite']:.0f}x faster (target >= 50x)"
        )
    print(f"  M: suite {rows['M']['suite']:.2f} s (target < 5 s)")
    for size in ("S", "M"):
        p = rows[size]["parts"]
        json_part = f"; JSON of the document {p['json']:.1f} s" if "json" in p else ""
        print(
            f"  {size} parts: indexing {p['index']:.2f} s; owner-pair overlap "
            f"{p['owner pairs']:.2f} s for {p['pairs']:,.0f} pairs; every other metric "
            f"{p['rest']:.2f} s{json_part}"
        )
    for size in ("S", "M"):
        r = rows[size]["market"]
        print(
            f"  {size} market measures: customer access + company concentration + vendor "
            f"market {r['new']:.3f} s vs the vendor concentration they replaced {r['old']:.3f} s "
            f"({r['new'] / r['old']:.2f}x); the suite {r['new suite']:.2f} s vs "
            f"{r['old suite']:.2f} s with the old function: "
            f"{r['new suite'] / r['old suite']:.2f}x (target <= 1)"
        )
    if "L" in rows:
        print(
            f"  L: MHHI {rows['L']['mhhi']:.2f} s (target < 2 s; building the arrays "
            f"took {rows['L']['build']:.1f} s)"
        )


if __name__ == "__main__":
    main()
