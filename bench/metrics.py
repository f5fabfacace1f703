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
- on S and M, the suite keeping every owner pair (the previous implementation) as a
  ratio, and the JSON of the document against the JSON listing every pair (S).
Targets on a 2-core machine: the suite on M (as ``jvgraph metrics`` computes it, the
1,000 owner pairs sharing most) under 2 s and at least 50x faster than networkx; MHHI on
L under 2 s; writing the JSON no slower than computing it; the market measures no slower
than the old function.

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
    """The suite as ``jvgraph metrics`` computes it: the 1,000 owner pairs sharing most."""
    from jvgraph.explore import DEFAULT_OWNER_PAIRS
    from jvgraph.metrics.suite import compute_all

    return best_of(3, lambda: compute_all(data, owner_pairs=DEFAULT_OWNER_PAIRS))


def suite_every_pair(data: Any) -> float:
    """The baseline: the suite keeping every owner pair, as ``jvgraph metrics`` did before."""
    from jvgraph.metrics.suite import compute_all

    return best_of(2, lambda: compute_all(data))


def breakdown(data: Any, *, every_pair_json: bool) -> dict[str, float]:
    """Seconds of the parts: indexing, owner-pair overlap, everything else, JSON output
    (of the document ``jvgraph metrics --json`` prints and, with ``every_pair_json``, of
    the previous one, which listed every owner pair)."""
    import json

    from jvgraph.explore import DEFAULT_OWNER_PAIRS
    from jvgraph.metrics.arrays import GraphArrays
    from jvgraph.metrics.overlap import json_default, top_sharing_pairs
    from jvgraph.metrics.suite import compute_arrays

    t: dict[str, float] = {}
    with timer(t, "index"):
        g = GraphArrays.build(data)
    with timer(t, "owner pairs"):  # as the suite keeps them
        _, total = top_sharing_pairs(g.stakes, g.owner_ids, g.revenue, DEFAULT_OWNER_PAIRS)
    with timer(t, "all"):
        doc = compute_arrays(g, owner_pairs=DEFAULT_OWNER_PAIRS)
    with timer(t, "json"):
        json.dumps(doc, default=json_default)
    if every_pair_json:  # printing every owner pair of M would take minutes and gigabytes
        every = compute_arrays(g)
        with timer(t, "every pair json"):
            json.dumps(every, default=json_default)
    t["rest"] = t["all"] - t["owner pairs"]
    t["pairs"] = float(total)
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
            "every pair": suite_every_pair(data) if size != "L" else None,
            "parts": breakdown(data, every_pair_json=size == "S") if size != "L" else {},
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
    print("\nmetrics benchmark (seconds; the suite and MHHI best of 3, the baselines best of 2)")
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
            f"  S: networkx naive > {timeout:.0f} s (stopped): jvgraph (every owner pair "
            f"kept, as networkx does) is > {timeout / s['every pair']:.0f}x faster"
        )
    else:
        print(
            f"  S: networkx naive {s['naive']:.1f} s: jvgraph (every owner pair kept, as "
            f"networkx does) is {s['naive'] / s['every pair']:.0f}x faster (target >= 50x)"
        )
    m = rows["M"]
    print(
        f"  M: suite {m['suite']:.2f} s (target < 2 s); keeping every owner pair, as before, "
        f"{m['every pair']:.2f} s: {m['every pair'] / m['suite']:.1f}x faster"
    )
    for size in ("S", "M"):
        p = rows[size]["parts"]
        print(
            f"  {size} parts: indexing {p['index']:.2f} s; owner-pair overlap "
            f"{p['owner pairs']:.2f} s for {p['pairs']:,.0f} pairs (the 1,000 sharing most "
            f"kept); every other metric {p['rest']:.2f} s; JSON of the document "
            f"{p['json']:.3f} s (target <= the suite's {rows[size]['suite']:.2f} s)"
        )
    s_json = rows["S"]["parts"].get("every pair json")
    if s_json is not None:
        print(
            f"  S: JSON listing every owner pair, as before: {s_json:.2f} s "
            f"({s_json / rows['S']['parts']['json']:.0f}x the JSON now)"
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
