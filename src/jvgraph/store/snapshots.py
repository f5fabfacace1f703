"""Loads that cannot lose the stored graph: build a new database file, then swap it in.

A LadybugDB database is one file (``g.db``) and, while it is open for writing, its
write-ahead log and checkpoint files (``g.db.wal``, ``g.db.wal.checkpoint``,
``g.db.shadow``). A process killed while it commits a large transaction into the file can
leave it needing checkpoint recovery, which LadybugDB 0.x completes to an empty database
(``docs/upstream/ladybug-checkpoint-recovery.md``). So a load never writes into the stored
file. It builds the new graph in ``g.db.new`` (a copy of the stored file when the load adds
to it), checks it, closes it and renames it over ``g.db`` (``os.replace``: atomic on one
file system). Killed at any moment, the store holds either the previous graph or the
complete new one; the next load removes what a killed load left behind.

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = pathlib.Path(tmp) / "g.db"
...     _ = (path.with_name("g.db.new")).write_bytes(b"half a load")
...     print([p.name for p in leftovers(path)])
['g.db.new']
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from jvgraph.errors import StoreError, StoreLocked

__all__ = [
    "LOG_SUFFIXES",
    "building",
    "discard",
    "leftovers",
    "load_lock",
    "recovery_pending",
    "start_from",
    "swap_in",
]

#: files LadybugDB keeps beside a database while it is open for writing
LOG_SUFFIXES = (".wal", ".wal.checkpoint", ".shadow")
NEW_SUFFIX = ".new"


def building(path: Path) -> Path:
    """Where a load into ``path`` builds the new database."""
    return path.with_name(path.name + NEW_SUFFIX)


def _family(db: Path) -> list[Path]:
    """A database file and the log files beside it."""
    return [db, *(db.with_name(db.name + s) for s in LOG_SUFFIXES)]


def leftovers(path: Path) -> list[Path]:
    """The files a killed load into ``path`` left behind (never the store itself)."""
    return [p for p in _family(building(path)) if p.exists()]


def recovery_pending(path: Path) -> bool:
    """Whether the store's own checkpoint files show a write that a killed process left."""
    return any(path.with_name(path.name + s).exists() for s in LOG_SUFFIXES[1:])


def discard(db: Path) -> list[Path]:
    """Remove a database file and its log files; the ones that were there."""
    removed = []
    for p in _family(db):
        with contextlib.suppress(FileNotFoundError):
            if p.is_dir():
                shutil.rmtree(p)
            else:
                p.unlink()
            removed.append(p)
    return removed


@contextlib.contextmanager
def load_lock(path: Path) -> Iterator[None]:
    """One load into ``path`` at a time, across processes: a lock on the folder that holds
    the store (no file left beside it; released when a process dies)."""
    try:
        fd = os.open(path.parent, os.O_RDONLY)
    except OSError as err:
        raise StoreError(f"cannot lock {path} for a load: {err.strerror}") from err
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as err:
            raise StoreLocked(f"another load into {path.parent} is running") from err
        yield
    finally:
        os.close(fd)


def start_from(path: Path, target: Path, *, copy: bool) -> None:
    """Prepare ``target`` for a load into ``path``: empty, or a copy of the stored file."""
    discard(target)
    if copy and path.exists():
        shutil.copyfile(path, target)
        _sync(target)
        log = path.with_name(path.name + ".wal")  # a store written by an earlier version
        if log.exists():
            shutil.copyfile(log, target.with_name(target.name + ".wal"))


def swap_in(target: Path, path: Path) -> None:
    """Rename the finished database ``target`` over ``path``, durably.

    The stored database must be closed: its leftover log files belong to the file being
    replaced and would not match the new one, so they go first.
    """
    _sync(target)
    for log in _family(path)[1:]:
        with contextlib.suppress(FileNotFoundError):
            log.unlink()
    try:
        os.replace(target, path)
    except OSError as err:
        raise StoreError(f"cannot move the new store into place at {path}: {err.strerror}") from err
    _sync(path.parent)


def _sync(p: Path) -> None:
    """fsync a file or a directory, so that a rename after it finds the data on disk."""
    fd = os.open(p, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
