"""API and page benchmark on the synthetic M dataset.

Starts ``jvgraph serve`` in its own process on a free loopback port, then, from this
process, sends a bounded number of concurrent requests (search, neighbourhood, metrics)
and prints p50/p95 latencies; finally opens the explorer in headless Chromium and times
how long a 2,000-node view takes to draw. Targets: neighbourhood p95 under 50 ms;
metrics served from the cache after the first request.

    python bench/api.py [--size M] [--requests 300] [--workers 8]
"""

from __future__ import annotations

import argparse
import random
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

from common import OUT, dataset, fresh  # noqa: E402


def store_for(size: str) -> Path:
    from jvgraph.explore import load_dataset
    from jvgraph.store import open_store

    path = OUT / f"api-{size}.db"
    if not (OUT / f"api-{size}.loaded").exists():
        fresh(path)
        with open_store(str(path)) as store:
            load_dataset(store, dataset(size))
        (OUT / f"api-{size}.loaded").touch()
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentiles(times: list[float]) -> str:
    ms = sorted(t * 1000 for t in times)
    p95 = ms[max(0, int(len(ms) * 0.95) - 1)]
    return f"p50 {statistics.median(ms):7.1f} ms  p95 {p95:7.1f} ms  (n={len(ms)})"


def hammer(url: str, paths: list[str], workers: int, deadline: float) -> list[float]:
    import httpx

    def one(path: str) -> float:
        if time.monotonic() > deadline:
            return -1.0
        started = time.perf_counter()
        response = client.get(url + path)
        response.raise_for_status()
        return time.perf_counter() - started

    with httpx.Client(timeout=60) as client, ThreadPoolExecutor(workers) as pool:
        return [t for t in pool.map(one, paths) if t >= 0]


def page_time(url: str, node: str) -> float:
    from playwright.sync_api import sync_playwright
    from tests.browser import FLAGS, chromium_path

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url + "/")
        page.wait_for_selector("body[data-ready=true]", timeout=120_000)
        seconds: float = page.evaluate(
            """async (id) => {
                 state.nodes.clear(); state.edges.clear(); state.expandLimit = 2000;
                 const t0 = performance.now();
                 const drawn = new Promise((ok) => network.once('afterDrawing', ok));
                 const sub = await expand(id);
                 await drawn;
                 return [(performance.now() - t0) / 1000, sub.shown];
               }""",
            node,
        )[0]
        browser.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="M")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=120.0)
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
        deadline = time.monotonic() + args.seconds
        n = args.requests
        search = [f"/api/search?q={rng.choice(names)[:5]}" for _ in range(n)]
        hood = [
            f"/api/nodes/{rng.choice(companies + managers)}/neighbourhood?limit=100"
            for _ in range(n)
        ]
        started = time.perf_counter()
        first = hammer(url, ["/api/metrics"], 1, deadline)
        cold = time.perf_counter() - started
        cached = hammer(url, ["/api/metrics"] * min(n, 50), args.workers, deadline)
        results = {
            "search": hammer(url, search, args.workers, deadline),
            "neighbourhood": hammer(url, hood, args.workers, deadline),
            "metrics (cached)": cached,
        }
        counts = data.tables["holdings"].column("owner_id").value_counts().to_pylist()
        big = max(counts, key=lambda c: c["counts"])["values"]  # the largest portfolio
        draw = page_time(url, big)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(
        f"\nAPI benchmark, size {args.size} ({data.rows('holdings'):,} holdings), "
        f"{args.workers} concurrent clients from another process, loopback"
    )
    for name, times in results.items():
        print(f"  {name:<18} {percentiles(times)}")
    print(f"  metrics, first request (computes, then cached): {cold:.2f} s ({first[0]:.2f} s)")
    print(f"  page: a 2,000-node view drawn in {draw:.2f} s")


if __name__ == "__main__":
    main()
