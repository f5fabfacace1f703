"""Shared helpers of the benchmarks: synthetic datasets on disk and a timer."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent / "out"

#: (managers, companies, vendors, holdings) of the benchmark sizes
SIZES = {
    "S": (2_000, 50_000, 4, 250_000),
    "M": (20_000, 300_000, 6, 3_000_000),
    "L": (60_000, 1_000_000, 8, 12_000_000),
}


def dataset(size: str, seed: int = 7) -> Path:
    """The synthetic dataset of a size, generated once with ``jvgraph synth``'s generator."""
    from jvgraph.synth import generate

    managers, companies, vendors, holdings = SIZES[size]
    path = OUT / f"synth-{size}-{seed}"
    stamp = path / "counts.json"
    if not stamp.exists():
        started = time.perf_counter()
        counts = generate(
            path,
            managers=managers,
            companies=companies,
            vendors=vendors,
            seed=seed,
            holdings=holdings,
        )
        stamp.write_text(json.dumps(counts), encoding="utf-8")
        print(f"generated {size} in {time.perf_counter() - started:.1f} s: {counts}")
    return path


def fresh(path: Path) -> Path:
    """``path`` with any embedded store there (and its write-ahead log) removed."""
    import shutil

    for leftover in [path, *path.parent.glob(path.name + ".*")]:
        if leftover.is_dir():
            shutil.rmtree(leftover)
        else:
            leftover.unlink(missing_ok=True)
    return path


@contextmanager
def timer(results: dict[str, float], name: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    results[name] = time.perf_counter() - started


def best_of(n: int, func: Callable[[], Any]) -> float:
    """The fastest of ``n`` runs, in seconds."""
    times = []
    for _ in range(n):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return min(times)
