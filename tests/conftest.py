"""Shared fixtures: real stores on disk, small datasets written per test."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from jvgraph.store import GraphStore, open_store

TINY = Path(__file__).parent / "data" / "tiny"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def tiny() -> Path:
    """The tiny hand-made dataset (read-only: copy it before changing it)."""
    return TINY


@pytest.fixture
def store(tmp_path: Path) -> Iterator[GraphStore]:
    """A fresh, empty embedded store on disk."""
    with open_store(str(tmp_path / "store.db")) as opened:
        yield opened


EditFn = Callable[..., Path]


@pytest.fixture
def edited(tmp_path: Path) -> EditFn:
    """Copy the tiny dataset and replace or append lines of its files.

    ``edited(holdings={3: "m-1,c-1,1.5,,,,test"})`` replaces line 3 of
    holdings.csv; a key of ``"+"`` appends lines; ``None`` deletes the file;
    ``raw=`` gives a file's whole bytes.
    """
    counter = iter(range(1000))

    def make(**files: dict[object, str] | bytes | None) -> Path:
        out = tmp_path / f"dataset-{next(counter)}"
        shutil.copytree(TINY, out)
        for name, change in files.items():
            path = out / f"{name}.csv"
            if change is None:
                path.unlink()
            elif isinstance(change, bytes):
                path.write_bytes(change)
            else:
                lines = path.read_text(encoding="utf-8").splitlines()
                for key, text in change.items():
                    if key == "+":
                        lines.append(text)
                    else:
                        lines[int(str(key)) - 1] = text
                path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return out

    return make


# -- a real Neo4j server, and the stores of the contract suite ------------------------------


@pytest.fixture(scope="session")
def neo4j_uri() -> Iterator[str]:
    """``JVGRAPH_TEST_NEO4J_URI``, or a Neo4j 5.26 started from tests/neo4j-server once."""
    given = os.environ.get("JVGRAPH_TEST_NEO4J_URI")
    if given:
        yield given
        return
    from tests.neo4j_server import Neo4jTestServer, java_available, maven_available

    if not (java_available() and maven_available()):
        message = (
            "Neo4j tests need Java 17 and Maven (apt-get install openjdk-17-jdk-headless "
            "maven), or JVGRAPH_TEST_NEO4J_URI=bolt://host:port of a server to use"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with Neo4jTestServer() as server:
        yield server.uri


def empty_neo4j(uri: str, driver: object = None) -> None:
    """Delete every node of the server's database, in batches (a server of one's own may
    hold a lot)."""
    import neo4j

    own = driver is None
    used: neo4j.Driver = (
        neo4j.GraphDatabase.driver(uri, notifications_min_severity="OFF") if own else driver  # type: ignore[assignment]
    )
    with used.session() as session:
        session.run(
            "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()
    if own:
        used.close()


@pytest.fixture
def neo4j_store(neo4j_uri: str) -> Iterator[GraphStore]:
    """The Neo4j store on an emptied database (Community has one user database)."""
    import neo4j

    driver = neo4j.GraphDatabase.driver(neo4j_uri, notifications_min_severity="OFF")
    empty_neo4j(neo4j_uri, driver)
    from jvgraph.store.bolt import Neo4jStore

    with Neo4jStore(driver, location=neo4j_uri) as opened:
        yield opened


@pytest.fixture(params=["embedded", "neo4j"])
def contract_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """Each store in turn: the contract suite runs unchanged on both."""
    if request.param == "embedded":
        with open_store(str(tmp_path / "store.db")) as opened:
            yield opened
    else:
        yield request.getfixturevalue("neo4j_store")
