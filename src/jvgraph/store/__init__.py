"""Graph stores: the interface and the function that opens one from a location.

>>> import tempfile, os
>>> with tempfile.TemporaryDirectory() as tmp:
...     with open_store(os.path.join(tmp, "g.db")) as store:
...         print(type(store).__name__, store.counts()["HOLDS"])
EmbeddedStore 0
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from jvgraph.errors import StoreError, UsageError
from jvgraph.store.base import Edge, GraphStore, Node, Progress, QueryResult, Subgraph

__all__ = [
    "NEO4J_SCHEMES",
    "Edge",
    "GraphStore",
    "Node",
    "Progress",
    "QueryResult",
    "Subgraph",
    "open_store",
]


#: URI schemes of the Neo4j store
NEO4J_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def open_store(
    location: str, *, read_only: bool = False, env: Mapping[str, str] | None = None
) -> GraphStore:
    """Open the store at ``location``: a path for the embedded store, or a
    ``bolt://`` / ``neo4j://`` URI for Neo4j (credentials from ``NEO4J_USERNAME``
    and ``NEO4J_PASSWORD``, the database from ``NEO4J_DATABASE``).

    ``read_only`` opens an existing embedded store without taking its write
    lock, for commands that only read.
    """
    scheme, sep, _ = location.partition("://")
    if sep and scheme in NEO4J_SCHEMES:
        return _open_neo4j(location, os.environ if env is None else env)
    if sep:
        raise UsageError(
            f"cannot open {location}: use a path, or a URI with one of "
            f"{', '.join(s + '://' for s in NEO4J_SCHEMES)}"
        )
    from jvgraph.store.embedded import EmbeddedStore

    return EmbeddedStore(location, read_only=read_only)


def _open_neo4j(uri: str, env: Mapping[str, str]) -> GraphStore:
    import neo4j
    import neo4j.exceptions

    from jvgraph.store.bolt import Neo4jStore, bolt_driver

    user = env.get("NEO4J_USERNAME")
    auth = (user, env.get("NEO4J_PASSWORD", "")) if user else None
    try:
        driver = bolt_driver(uri, auth)
        driver.verify_connectivity()
    except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, ValueError) as err:
        raise StoreError(f"cannot reach Neo4j at {uri}: {err}") from err
    database = env.get("NEO4J_DATABASE") or None
    return Neo4jStore(driver, database=database, location=uri, auth=auth)
