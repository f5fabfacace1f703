"""API and page benchmark on the synthetic M dataset.

Starts ``jvgraph serve`` in its own process on a free loopback port, then, from this
process, sends a bounded number of concurrent requests (search, neighbourhood, metrics)
and prints p50/p95 latencies; finally opens the explorer in headless Chromium and times
how long a 2,000-node view takes to draw; the whole-graph layout of the WebGL view
(``/api/graph/layout``, first request and cached) and the path query (``/api/path``),
each against the neighbourhood query of the same run as the baseline (ratios printed);
then the "abusive neighbour" phase: other users'
/api/query p95 alone, and while one client loops queries that run to their time limit.
Targets: neighbourhood p95 under 50 ms;
metrics served from the cache after the first request. Before timing, it loads the page
once (which builds the server's read index) and waits until reads come from the index.

    python bench/api.py [--size M] [--requests 300] [--workers 8] [--only neighbour]
"""

from __future__ import annotations

import argparse
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

from common import OUT, dataset, fresh  # noqa: E402


def store_for(size: str) -> Path:
    from jvgraph.explore import load_dataset
    from jvgraph.store import open_store

    path = OUT / f"api-{size}.db"
    if not (OUT / f"api-{size}.loaded").exists():
        OUT.mkdir(parents=True, exist_ok=True)
        fresh(path)
        with open_store(str(path)) as store:
            load_dataset(store, dataset(size))
        (OUT / f"api-{size}.loaded").touch()
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def p95(times: list[float]) -> float:
    ms = sorted(t * 1000 for t in times)
    return ms[max(0, int(len(ms) * 0.95) - 1)]


def percentiles(times: list[float]) -> str:
    if not times:
        return "no request finished within the time bound"
    ms = sorted(t * 1000 for t in times)
    return f"p50 {statistics.median(ms):7.1f} ms  p95 {p95(times):7.1f} ms  (n={len(ms)})"


#: the response header saying whether the read index answered
READ_HEADER = "x-jvgraph-read"
#: how many timed responses the index answered, per endpoint
FROM_INDEX: dict[str, int] = {}


def hammer(url: str, paths: list[str], workers: int, seconds: float) -> list[float]:
    """Send ``paths`` from ``workers`` threads, none after ``seconds``; the latencies."""
    import httpx

    deadline = time.monotonic() + seconds

    def one(path: str) -> tuple[float, bool]:
        if time.monotonic() > deadline:
            return -1.0, False
        started = time.perf_counter()
        response = client.get(url + path)
        response.raise_for_status()
        return time.perf_counter() - started, response.headers.get(READ_HEADER) == "index"

    with httpx.Client(timeout=60) as client, ThreadPoolExecutor(workers) as pool:
        done = [(t, i) for t, i in pool.map(one, paths) if t >= 0]
    name = paths[0].split("?")[0].rsplit("/", 1)[-1] if paths else ""
    FROM_INDEX[name] = FROM_INDEX.get(name, 0) + sum(i for _, i in done)
    return [t for t, _ in done]


#: a query that runs until its time limit stops it (about 27 billion rows to sum)
SLOW = {
    "cypher": "UNWIND range(1, 3000) AS a UNWIND range(1, 3000) AS b "
    "UNWIND range(1, 3000) AS c RETURN sum(a * b * c)",
    "timeout_s": 5,
}
QUICK = {"cypher": "MATCH (v:Vendor) RETURN v.name AS name ORDER BY name"}


def queries(url: str, count: int, workers: int, seconds: float) -> list[float]:
    """Latencies of ``count`` quick queries sent from ``workers`` threads."""
    import httpx

    deadline = time.monotonic() + seconds

    def one(_: int) -> float:
        if time.monotonic() > deadline:
            return -1.0
        started = time.perf_counter()
        client.post(url + "/api/query", json=QUICK).raise_for_status()
        return time.perf_counter() - started

    with httpx.Client(timeout=60) as client, ThreadPoolExecutor(workers) as pool:
        return [t for t in pool.map(one, range(count)) if t >= 0]


def neighbour(url: str, count: int, workers: int, seconds: float) -> dict[str, Any]:
    """Other users' query latencies alone, then while one client loops slow queries."""
    import httpx

    alone = queries(url, count, workers, seconds)
    stop = threading.Event()
    slow: list[int] = []

    def abuse() -> None:
        with httpx.Client(timeout=60) as client:
            while not stop.is_set():
                slow.append(client.post(url + "/api/query", json=SLOW).status_code)

    thread = threading.Thread(target=abuse, daemon=True)
    thread.start()
    time.sleep(1.0)  # the slow query is running
    crowded: list[float] = []
    deadline = time.monotonic() + seconds
    while len(slow) < 2 and time.monotonic() < deadline:  # beside two whole slow queries
        crowded += queries(url, count, workers, deadline - time.monotonic())
    stop.set()
    thread.join(timeout=30)
    return {"alone": alone, "crowded": crowded, "slow": slow}


def warm(url: str, node: str, seconds: float) -> float:
    """Load the page (the server then builds its read index) and wait until a
    neighbourhood comes from the index; the seconds that took."""
    import httpx

    started = time.perf_counter()
    httpx.get(url + "/", timeout=60).raise_for_status()
    while time.perf_counter() - started < seconds:
        response = httpx.get(url + f"/api/nodes/{node}/neighbourhood?limit=1", timeout=300)
        if response.headers.get(READ_HEADER, "index") == "index":
            break  # from the index, or a server without one
        time.sleep(0.5)
    return time.perf_counter() - started


def page_time(url: str, nodes: list[str]) -> tuple[float, int, int]:
    """Seconds for the page to show a 2,000-node view: it expands the largest portfolios
    in turn (a neighbourhood holds at most the server's max_nodes) until the view holds
    2,000 nodes, then draws it; and how many nodes and expansions that took."""
    from playwright.sync_api import sync_playwright
    from tests.browser import FLAGS, chromium_path

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url + "/")
        page.wait_for_selector("body[data-ready=true]", timeout=120_000)
        seconds, shown, expansions = page.evaluate(
            """async (ids) => {
                 state.nodes.clear(); state.edges.clear(); state.expandLimit = 2000;
                 const t0 = performance.now();
                 let expansions = 0;
                 for (const id of ids) {
                   await expand(id);
                   expansions += 1;
                   if (state.nodes.length >= 2000) break;
                 }
                 await new Promise((ok) => { network.once('afterDrawing', ok); network.redraw(); });
                 return [(performance.now() - t0) / 1000, state.nodes.length, expansions];
               }""",
            nodes,
        )
        browser.close()
    return float(seconds), int(shown), int(expansions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="M")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=120.0, help="time bound of each phase")
    parser.add_argument(
        "--only", choices=["neighbour"], help="run only this phase (the abusive neighbour)"
    )
    args = parser.parse_args()
    db = store_for(args.size)
    from jvgraph.load import read_dataset

    data = read_dataset(dataset(args.size))
    rng = random.Random(1)
    companies = data.tables["companies"].column("id").to_pylist()
    managers = data.tables["asset_managers"].column("id").to_pylist()
    names = data.tables["companies"].column("name").to_pylist()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "jvgraph", "serve", "--store", str(db), "--port", str(port)],
        stdout=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        assert server.stdout is not None
        server.stdout.readline()
        import httpx

        for _ in range(300):
            try:
                httpx.get(url + "/api/stats", timeout=120).raise_for_status()
                break
            except httpx.HTTPError:
                time.sleep(0.5)
        if args.only == "neighbour":
            print(f"\nAPI benchmark, size {args.size}, abusive neighbour phase only")
            print_neighbour(neighbour(url, args.requests, args.workers, args.seconds))
            return
        warmed = warm(url, managers[0], args.seconds)
        n = args.requests
        search = [f"/api/search?q={rng.choice(names)[:5]}" for _ in range(n)]
        hood = [
            f"/api/nodes/{rng.choice(companies + managers)}/neighbourhood?limit=100"
            for _ in range(n)
        ]
        started = time.perf_counter()
        first = hammer(url, ["/api/metrics"], 1, args.seconds)
        cold = time.perf_counter() - started
        cached = hammer(url, ["/api/metrics"] * min(n, 50), args.workers, args.seconds)
        results = {
            "search": hammer(url, search, args.workers, args.seconds),
            "neighbourhood": hammer(url, hood, args.workers, args.seconds),
            "metrics (cached)": cached,
        }
        pairs = [(rng.choice(managers), rng.choice(companies)) for _ in range(max(10, n // 10))]
        results["path"] = hammer(
            url,
            [f"/api/path?from={a}&to={b}&max_hops=4" for a, b in pairs],
            args.workers,
            args.seconds,
        )
        layout = whole_layout(url, args.seconds)
        counts = data.tables["holdings"].column("owner_id").value_counts().to_pylist()
        largest = sorted(counts, key=lambda c: -c["counts"])[:20]  # the largest portfolios
        draw, shown, expansions = page_time(url, [c["values"] for c in largest])
        abused = neighbour(url, min(n, 200), args.workers, args.seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(
        f"\nAPI benchmark, size {args.size} ({data.rows('holdings'):,} holdings), "
        f"{args.workers} concurrent clients from another process, loopback"
    )
    print(f"  read index ready {warmed:.1f} s after the first page load")
    for name, times in results.items():
        served = FROM_INDEX.get(name, 0)
        print(
            f"  {name:<18} {percentiles(times)}"
            + (f"  ({served} from the index)" if served else "")
        )
    print(f"  metrics, first request (computes, then cached): {cold:.2f} s ({first[0]:.2f} s)")
    print_against_baseline(results, layout)
    print(
        f"  page: a 2,000-node view drawn in {draw:.2f} s "
        f"({shown:,} nodes from {expansions} expansions of the largest portfolios)"
    )
    print_neighbour(abused)


def whole_layout(url: str, seconds: float) -> dict[str, Any]:
    """The whole-graph layout: the first request (lays out), then five cached ones."""
    import httpx

    started = time.perf_counter()
    response = httpx.get(url + "/api/graph/layout", timeout=max(seconds, 600))
    response.raise_for_status()
    first = time.perf_counter() - started
    counts = response.json()["counts"]
    cached = hammer(url, ["/api/graph/layout"] * 5, 1, seconds)
    return {"first": first, "cached": cached, "counts": counts, "bytes": len(response.content)}


def print_against_baseline(results: dict[str, list[float]], layout: dict[str, Any]) -> None:
    """The path query and the whole-graph layout, each as a multiple of the
    neighbourhood query's p50 and p95 of the same run."""
    base = results["neighbourhood"]
    if not base:
        return
    p50 = statistics.median(base)
    print("  against the neighbourhood query (the baseline of this run):")
    if results["path"]:
        path = results["path"]
        print(
            f"    path (4 hops)        p50 x{statistics.median(path) / p50:.1f}"
            f"  p95 x{p95(path) / p95(base):.1f}"
        )
    c = layout["counts"]
    print(
        f"    whole-graph layout   first {layout['first']:.2f} s (x{layout['first'] / p50:,.0f}),"
        f" cached {percentiles(layout['cached'])} (p50 x"
        f"{statistics.median(layout['cached']) / p50:,.0f}) for {c['nodes']:,} nodes,"
        f" {c['edges']:,} relationships, {layout['bytes'] / 1e6:.1f} MB"
    )


def print_neighbour(abused: dict[str, Any]) -> None:
    """Other users' latencies beside the slow loop, against the quiet ones of the same run."""
    print("  abusive neighbour: other users' /api/query while one client loops 5 s queries")
    print(f"    alone              {percentiles(abused['alone'])}")
    print(f"    beside the loop    {percentiles(abused['crowded'])}")
    if abused["alone"] and abused["crowded"]:
        ratio = p95(abused["crowded"]) / p95(abused["alone"])
        print(f"    p95 beside the loop / alone: {ratio:.2f}")
    statuses = sorted(set(abused["slow"]))
    print(f"    the loop's {len(abused['slow'])} slow queries answered {statuses} (408: stopped)")


if __name__ == "__main__":
    main()
