"""The read index of a store, kept for the store's current version.

A load changes the store's version (the one the metrics cache is keyed by), and an
index of another version is never used: until the new one is built, reads go to the
store itself. The index is built by the first read that finds none of the current
version; reads that come while it is being built are answered by the store.

>>> import tempfile, os
>>> from jvgraph.config import bundled_dataset
>>> from jvgraph.explore.data import load_dataset
>>> from jvgraph.store import open_store
>>> with tempfile.TemporaryDirectory() as tmp:
...     with open_store(os.path.join(tmp, "g.db")) as store:
...         reads = ReadIndex()
...         print(reads.fresh(store), type(reads.reads(store)).__name__)
...         counts = load_dataset(store, bundled_dataset("jv-2026"))
...         print(reads.fresh(store), len(reads.reads(store)) > 0)
None GraphIndex
None True
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict

from jvgraph.explore.analysis import reached_by
from jvgraph.explore.browse import Reads
from jvgraph.explore.index import GraphIndex
from jvgraph.store import GraphStore

__all__ = ["ReadIndex"]

Reach = dict[str, list[str]]


class ReadIndex:
    """A :class:`GraphIndex` of a store's current version, and per as-of date the vendors
    reaching each company (``reached_by``) computed from it (the last ``reach_size``)."""

    def __init__(self, reach_size: int = 4) -> None:
        self._index: GraphIndex | None = None
        self._building = threading.Lock()
        self._reach_lock = threading.Lock()
        self._reach: OrderedDict[tuple[str, dt.date | None], Reach] = OrderedDict()
        self._reach_size = reach_size
        self.builds = 0

    def fresh(self, store: GraphStore) -> GraphIndex | None:
        """The index if it is of the store's current version, else ``None``."""
        index = self._index
        return index if index is not None and index.version == store.version() else None

    def reads(self, store: GraphStore) -> Reads:
        """The current index, built now if no other thread is building one; else the store."""
        index = self.fresh(store)
        if index is not None:
            return index
        if not self._building.acquire(blocking=False):
            return store
        try:
            index = self.fresh(store)
            if index is None:
                index = self._index = GraphIndex.of(store)
                self.builds += 1
            return index
        finally:
            self._building.release()

    def warm(self, store: GraphStore, as_of: dt.date | None = None) -> None:
        """Build the index (and the reach of ``as_of``) unless it is there or being built."""
        index = self.reads(store)
        if isinstance(index, GraphIndex):
            self.reach(index, as_of)

    def cached_reach(self, index: GraphIndex, as_of: dt.date | None) -> Reach | None:
        """The reach map of ``as_of`` if it is computed already."""
        with self._reach_lock:
            return self._reach.get((index.version, as_of))

    def reach(self, index: GraphIndex, as_of: dt.date | None) -> Reach:
        """For each company some vendor reaches (as of ``as_of``), the vendors reaching it."""
        key = (index.version, as_of)
        found = self.cached_reach(index, as_of)
        if found is not None:
            return found
        value = reached_by(index.data, as_of=as_of)
        with self._reach_lock:
            self._reach[key] = value
            self._reach.move_to_end(key)
            while len(self._reach) > self._reach_size:
                self._reach.popitem(last=False)
        return value
