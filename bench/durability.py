"""Durability benchmark: loads killed with SIGKILL at random moments, and what the store held.

Each round starts from a store holding the previous graph (size S), starts a ``--replace``
load of the new graph (``--size``, M by default) in a process of its own, kills it at a
random moment within the time a whole load takes (a fixed seed), and opens the store as a
reader does. A round is intact when the store opens and holds the previous graph or the
complete new one. Printed, in one run:

- the baseline: the previous implementation's in-place load (one transaction written into
  the stored file, as jvgraph did before loads were swapped in), read back as it did
  (read-only, and read-write where read-only is refused);
- ``jvgraph load --replace`` on the embedded store (build a new file, swap it in);
- ``jvgraph load --replace`` on Neo4j (staged batches), on the test-support Neo4j 5.26
  server unless JVGRAPH_TEST_NEO4J_URI names one; at ``--neo4j-size`` (S by default: an M
  load into Neo4j takes minutes, so a run of kills on M would take an hour).

    python bench/durability.py [--size M] [--kills 10] [--neo4j-kills 6] [--no-neo4j|--no-embedded]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

from common import OUT, dataset, fresh  # noqa: E402

#: the previous implementation's load: one transaction written into the stored file
IN_PLACE = """
import sys, ladybug
from jvgraph.load import read_dataset
from jvgraph.store.bulk import BulkWriter
from jvgraph.store.embedded import _table_columns
data = read_dataset(sys.argv[2])
db = ladybug.Database(sys.argv[1])
conn = ladybug.Connection(db)
conn.execute("BEGIN TRANSACTION")
conn.execute("MATCH (n) DETACH DELETE n")
BulkWriter(conn, lambda t: _table_columns(conn, t), None).write(data)
conn.execute("COMMIT")
"""

Outcome = tuple[str, dict[str, int] | None]


def jvgraph_load(location: str, data: Path) -> list[str]:
    return [sys.executable, "-m", "jvgraph", "load", str(data), "--replace", "--store", location]


def in_place_load(location: str, data: Path) -> list[str]:
    return [sys.executable, "-c", IN_PLACE, location, str(data)]


def read_jvgraph(location: str) -> Outcome:
    """The committed graph's rows per table, as metrics, exports and the explorer read it
    (on Neo4j ``store.counts()`` also counts what a load has staged and not yet undone)."""
    from jvgraph.errors import JvgraphError
    from jvgraph.store import open_store

    try:
        with open_store(location, read_only=True) as store:
            return "opened", {k: t.num_rows for k, t in store.export().tables.items()}
    except JvgraphError as err:
        return f"refused: {str(err)[:80]}", None


def read_in_place(location: str) -> Outcome:
    """As the previous implementation read a store: read-only, else read-write (which
    completes a pending recovery)."""
    import ladybug

    for read_only in (True, False):
        try:
            db = ladybug.Database(location, read_only=read_only)
        except RuntimeError as err:
            refused = str(err).splitlines()[0][:80]
            continue
        db.close()
        return ("opened" if read_only else "recovered read-write"), read_jvgraph(location)[1]
    return f"refused: {refused}", None


def kill_rounds(
    label: str,
    command: Callable[[str, Path], list[str]],
    read: Callable[[str], Outcome],
    location: str,
    restore: Callable[[], None],
    graphs: tuple[dict[str, int], dict[str, int]],
    new: Path,
    kills: int,
) -> None:
    """Kill ``kills`` loads of ``new`` and print how many left a complete graph."""
    restore()
    started = time.monotonic()
    subprocess.run(command(location, new), check=True, capture_output=True)
    whole = time.monotonic() - started
    rng = random.Random(20260502)
    seen: Counter[str] = Counter()
    for _ in range(kills):
        restore()
        process = subprocess.Popen(command(location, new), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)  # fmt: skip
        time.sleep(rng.uniform(0.05, whole))
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        how, counts = read(location)
        what = {graphs[0] == counts: "previous graph", graphs[1] == counts: "new graph"}
        seen[
            f"{how}, {what.get(True, 'EMPTY' if counts and not any(counts.values()) else 'LOST')}"
        ] += 1
    intact = sum(n for k, n in seen.items() if k.endswith(" graph"))
    print(f"  {label:<34} whole load {whole:5.1f} s  kills {kills:>3}  intact {intact:>3}")
    for key, n in sorted(seen.items()):
        print(f"  {'':<36}{n:>3} x {key}")


def embedded(args: argparse.Namespace, old: Path, new: Path) -> None:
    from jvgraph.explore import load_dataset
    from jvgraph.store import open_store

    folder = OUT / "durability"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    pristine, location = folder / "previous.db", folder / "g.db"
    graphs = []
    for data, path in ((new, folder / "new.db"), (old, pristine)):
        with open_store(str(path)) as store:
            load_dataset(store, data, replace=True)
        graphs.insert(0, read_jvgraph(str(path))[1])

    def restore() -> None:
        fresh(location)
        shutil.copyfile(pristine, location)

    print(f"\nembedded store (LadybugDB): previous graph S, killed loads of {args.size}")
    previous, new_graph = graphs[0], graphs[1]
    for label, command, read in (
        ("in place (baseline)", in_place_load, read_in_place),
        ("jvgraph load --replace (swapped)", jvgraph_load, read_jvgraph),
    ):
        kill_rounds(label, command, read, str(location), restore, (previous, new_graph), new,
                    args.kills)  # fmt: skip


def neo4j(args: argparse.Namespace, old: Path) -> None:
    from jvgraph.explore import load_dataset
    from jvgraph.store import open_store

    new = dataset(args.neo4j_size, seed=8)
    uri = os.environ.get("JVGRAPH_TEST_NEO4J_URI")
    server = None
    if not uri:
        from tests.neo4j_server import Neo4jTestServer

        server = Neo4jTestServer(heap="2g", page_cache_mib=1024)
        uri = server.start().uri
    try:
        graphs = []
        for data in (new, old):
            with open_store(uri) as store:
                load_dataset(store, data, replace=True)
            graphs.insert(0, read_jvgraph(uri)[1])

        def restore() -> None:
            if read_jvgraph(uri)[1] != graphs[0]:
                subprocess.run(jvgraph_load(uri, old), check=True, capture_output=True)

        print(
            f"\nNeo4j 5.26: previous graph S (seed 7), killed loads of {args.neo4j_size} (seed 8)"
        )
        kill_rounds("jvgraph load --replace (staged)", jvgraph_load, read_jvgraph, uri, restore,
                    (graphs[0], graphs[1]), new, args.neo4j_kills)  # fmt: skip
    finally:
        if server is not None:
            server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="M", choices=["S", "M", "L"])
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--neo4j-size", default="S", choices=["S", "M"])
    parser.add_argument("--neo4j-kills", type=int, default=6)
    parser.add_argument("--no-neo4j", action="store_true")
    parser.add_argument("--no-embedded", action="store_true")
    args = parser.parse_args()
    old = dataset("S")
    if not args.no_embedded:
        embedded(args, old, dataset(args.size))
    if not args.no_neo4j:
        neo4j(args, old)


if __name__ == "__main__":
    main()
