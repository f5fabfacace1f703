"""Killed loads never lose the stored graph: real ``jvgraph load --replace`` processes are
killed with SIGKILL at random moments (a fixed seed), and after each kill the store opens
read-only and holds either the previous graph or the complete new one."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from jvgraph.store import open_store
from jvgraph.store.snapshots import building, leftovers
from jvgraph.synth import generate

KILLS = 12


def _counts(location: str) -> dict[str, int]:
    with open_store(location, read_only=True) as store:
        return store.counts()


def _load(dataset: Path, location: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "jvgraph", "load", str(dataset), "--replace"]
    return subprocess.Popen(
        [*command, "--store", location], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


@pytest.fixture
def datasets(tmp_path: Path, tiny: Path) -> tuple[Path, Path]:
    big = tmp_path / "big"
    generate(big, managers=300, companies=5_000, vendors=4, holdings=60_000, seed=1)
    return tiny, big


def test_killed_embedded_loads_keep_a_complete_graph(
    tmp_path: Path, datasets: tuple[Path, Path]
) -> None:
    location = str(tmp_path / "g.db")
    expected = {}
    for dataset in datasets:  # each graph's counts, and the time a whole load takes
        started = time.monotonic()
        assert _load(dataset, location).wait(timeout=120) == 0
        expected[dataset] = (_counts(location), time.monotonic() - started)
    rng = random.Random(20260502)
    intact = 0
    for kill in range(KILLS):
        dataset = datasets[kill % 2]
        before = _counts(location)
        process = _load(dataset, location)
        time.sleep(rng.uniform(0.05, expected[dataset][1]))
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        after = _counts(location)
        assert after in (before, expected[dataset][0]), f"kill {kill}: {after}"
        intact += after in (before, expected[dataset][0])
    assert intact == KILLS
    # what a killed load left beside the store goes with the next load
    assert _load(datasets[0], location).wait(timeout=120) == 0
    assert leftovers(Path(location)) == []
    assert not building(Path(location)).exists()
    assert _counts(location) == expected[datasets[0]][0]


def test_a_server_follows_a_load_by_another_process(tmp_path: Path, tiny: Path) -> None:
    import httpx

    from jvgraph.api import create_app
    from tests.server import serving

    location = str(tmp_path / "g.db")
    assert _load(tiny, location).wait(timeout=120) == 0
    big = tmp_path / "big"
    generate(big, managers=30, companies=200, vendors=3, holdings=800, seed=2)
    with (
        open_store(location, read_only=True) as store,
        serving(create_app(store)) as url,
        httpx.Client(base_url=url, timeout=30) as client,
    ):
        before = client.get("/api/stats").json()
        assert _load(big, location).wait(timeout=120) == 0
        after = client.get("/api/stats").json()
    assert before != after
    assert after["counts"] == _counts(location) != before["counts"]
