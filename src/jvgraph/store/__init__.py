"""Graph stores: the interface and the function that opens one from a location.

>>> import tempfile, os
>>> with tempfile.TemporaryDirectory() as tmp:
...     with open_store(os.path.join(tmp, "g.db")) as store:
...         print(type(store).__name__, store.counts()["HOLDS"])
EmbeddedStore 0
"""

from __future__ import annotations

from jvgraph.errors import UsageError
from jvgraph.store.base import Edge, GraphStore, Node, Progress, QueryResult, Subgraph

__all__ = [
    "Edge",
    "GraphStore",
    "Node",
    "Progress",
    "QueryResult",
    "Subgraph",
    "open_store",
]


def open_store(location: str, *, read_only: bool = False) -> GraphStore:
    """Open the store at ``location``: a path for the embedded store.

    ``read_only`` opens an existing embedded store without taking its write
    lock, for commands that only read.
    """
    if "://" in location:
        raise UsageError(
            f"cannot open {location}: only the embedded store (a path) is supported so far"
        )
    from jvgraph.store.embedded import EmbeddedStore

    return EmbeddedStore(location, read_only=read_only)
