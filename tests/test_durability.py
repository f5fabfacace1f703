"""Killed loads never lose the stored graph: real ``jvgraph load --replace`` processes are
killed with SIGKILL at random moments (a fixed seed), on the embedded store and on a real
Neo4j server, and after each kill the store holds either the previous graph or the complete
new one."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from jvgraph.store import open_store
from jvgraph.store.snapshots import building, leftovers
from jvgraph.synth import generate

KILLS = 12


def _counts(location: str) -> dict[str, int]:
    """The committed graph's rows per table, as every reader (metrics, export) sees it."""
    with open_store(location, read_only=True) as store:
        return {name: table.num_rows for name, table in store.export().tables.items()}


def _load(dataset: Path, location: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "jvgraph", "load", str(dataset), "--replace"]
    return subprocess.Popen(
        [*command, "--store", location], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _datasets(tmp_path: Path, tiny: Path, holdings: int) -> tuple[Path, Path]:
    big = tmp_path / "big"
    generate(big, managers=300, companies=5_000, vendors=4, holdings=holdings, seed=1)
    return tiny, big


def _kill_loads(location: str, datasets: tuple[Path, Path], kills: int) -> int:
    """Load each dataset once, then kill ``kills`` loads at random moments within a whole
    load's time; the number of kills after which the store held a complete graph."""
    expected = {}
    for dataset in datasets:  # each graph's counts, and the time a whole load takes
        started = time.monotonic()
        assert _load(dataset, location).wait(timeout=300) == 0
        expected[dataset] = (_counts(location), time.monotonic() - started)
    rng = random.Random(20260502)
    intact = 0
    for kill in range(kills):
        dataset = datasets[kill % 2]
        before = _counts(location)
        process = _load(dataset, location)
        time.sleep(rng.uniform(0.05, expected[dataset][1]))
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        after = _counts(location)
        assert after in (before, expected[dataset][0]), f"kill {kill}: {after}"
        intact += after in (before, expected[dataset][0])
    # what a killed load left behind goes with the next load
    assert _load(datasets[0], location).wait(timeout=300) == 0
    assert _counts(location) == expected[datasets[0]][0]
    return intact


def test_killed_embedded_loads_keep_a_complete_graph(tmp_path: Path, tiny: Path) -> None:
    location = str(tmp_path / "g.db")
    assert _kill_loads(location, _datasets(tmp_path, tiny, 60_000), KILLS) == KILLS
    assert leftovers(Path(location)) == []
    assert not building(Path(location)).exists()


def test_killed_neo4j_loads_keep_a_complete_graph(
    tmp_path: Path, tiny: Path, neo4j_uri: str
) -> None:
    import neo4j

    from tests.conftest import empty_neo4j
    from tests.test_bolt_load import MARKS

    empty_neo4j(neo4j_uri)
    assert _kill_loads(neo4j_uri, _datasets(tmp_path, tiny, 6_000), 6) == 6
    with neo4j.GraphDatabase.driver(neo4j_uri, notifications_min_severity="OFF") as driver:
        left = [r["n"] for r in driver.execute_query(MARKS).records]
    assert left == [0, 0]  # no staging marks, no lock, no load record left


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
    with open_store(location, read_only=True) as store:
        assert after["counts"] == store.counts() != before["counts"]
