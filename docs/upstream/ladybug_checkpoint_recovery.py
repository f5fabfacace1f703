"""Minimal reproduction: a process killed while LadybugDB commits a large transaction leaves
a database that cannot be opened read-only and that recovers, read-write, to empty.

Uses only ``ladybug`` (``pip install ladybug``) and the standard library:

    python ladybug_checkpoint_recovery.py [ROWS] [KILLS]

Each round starts from a copy of one database with ROWS nodes, committed and closed (the
"previous graph"), with nothing beside it; a child process opens it read-write and, in one transaction, deletes every node and copies
ROWS new ones in; the parent kills the child with SIGKILL at a random moment within the
time a whole round takes. Then the parent opens the database read-only, and if that fails,
read-write, and counts the nodes. Expected: the previous ROWS nodes or the new ROWS nodes,
never an empty or unopenable database.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = """
import sys, ladybug
db = ladybug.Database(sys.argv[1])
conn = ladybug.Connection(db)
conn.execute("BEGIN TRANSACTION")
conn.execute("MATCH (n:Item) DELETE n")
conn.execute(f"COPY Item FROM '{sys.argv[2]}' (header=true)")
conn.execute("COMMIT")
"""


def count(path: Path, read_only: bool) -> int:
    import ladybug

    db = ladybug.Database(str(path), read_only=read_only)
    conn = ladybug.Connection(db)
    try:
        return int(conn.execute("MATCH (n:Item) RETURN count(n)").get_all()[0][0])
    finally:
        conn.close()
        db.close()


def main(rows: int, kills: int) -> int:
    import ladybug

    folder = Path(tempfile.mkdtemp())
    csv = folder / "items.csv"
    with csv.open("w") as out:
        out.write("id,name\n")
        out.writelines(f"i{i},item number {i}\n" for i in range(rows))
    path = folder / "g.db"
    db = ladybug.Database(str(path))
    conn = ladybug.Connection(db)
    conn.execute("CREATE NODE TABLE Item(id STRING PRIMARY KEY, name STRING)")
    conn.execute(f"COPY Item FROM '{csv}' (header=true)")
    conn.close()
    db.close()
    pristine = folder / "pristine.db"
    shutil.copyfile(path, pristine)
    started = time.monotonic()
    child = [sys.executable, "-c", CHILD, str(path), str(csv)]
    subprocess.run(child, check=True)
    whole = time.monotonic() - started
    print(f"ladybug {ladybug.__version__}: {rows:,} rows, a whole round {whole:.1f} s")
    rng = random.Random(7)
    lost = 0
    for kill in range(kills):
        for side in folder.glob("g.db*"):
            side.unlink()
        shutil.copyfile(pristine, path)
        process = subprocess.Popen(child)
        at = rng.uniform(0.5 * whole, 1.05 * whole)  # the commit is at the end
        time.sleep(at)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        side = sorted(p.name for p in folder.iterdir() if p.name.startswith("g.db."))
        found = reopen(path)
        lost += found != f"{rows:,} nodes"
        print(f"kill {kill} at {at:.1f} s, beside it {side}: {found}")
    shutil.rmtree(folder)
    print(f"{lost} of {kills} kills lost the database's {rows:,} nodes (expected 0)")
    return 1 if lost else 0


def reopen(path: Path) -> str:
    """What a reader finds: the count read-only, or read-write where read-only fails."""
    try:
        return f"{count(path, read_only=True):,} nodes"
    except RuntimeError as err:
        refused = str(err).splitlines()[0][:90]
    try:
        return f"read-only refused ({refused}); read-write: {count(path, read_only=False):,} nodes"
    except RuntimeError as err:
        return f"read-only refused ({refused}); read-write refused ({str(err).splitlines()[0]})"


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    sys.exit(main(*(args + [3_000_000, 10][len(args) :])))
