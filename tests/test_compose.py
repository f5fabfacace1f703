"""docker-compose.yml and the Dockerfile keep the structure the README promises.

Docker does not run on the machines the tests run on, so these check the files
against the neo4j image's documented conventions instead of starting them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    yaml = pytest.importorskip("yaml")
    data: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return data


def test_neo4j_service(compose: dict[str, Any]) -> None:
    neo4j = compose["services"]["neo4j"]
    assert neo4j["image"] == "neo4j:5.26-community"
    auth = neo4j["environment"]["NEO4J_AUTH"]
    assert auth.startswith("neo4j/${NEO4J_PASSWORD:?")  # required, no default password
    assert "healthcheck" in neo4j and "cypher-shell" in " ".join(neo4j["healthcheck"]["test"])
    assert any(v.endswith(":/data") for v in neo4j["volumes"])
    # Neo4j's docker convention: NEO4J_ + setting name with . -> _ and _ -> __
    for key in neo4j["environment"]:
        assert re.fullmatch(r"NEO4J_[A-Za-z_]+", key), key


def test_every_port_is_bound_to_loopback(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), (name, port)


def test_jvgraph_service_serves_the_app_against_neo4j(compose: dict[str, Any]) -> None:
    app = compose["services"]["jvgraph"]
    assert app["build"] == "."
    assert app["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert app["environment"]["NEO4J_URI"] == "bolt://neo4j:7687"
    assert app["command"][:2] == ["jvgraph", "serve"]
    assert "${NEO4J_PASSWORD:?" in app["environment"]["NEO4J_PASSWORD"]
    # listening on 0.0.0.0 inside the container: jvgraph serve refuses to without tokens
    assert app["environment"]["JVGRAPH_TOKENS"].startswith("${JVGRAPH_TOKENS:?")
    assert "--insecure-no-auth" not in app["command"]


def test_dockerfile_installs_the_package_and_serves() -> None:
    text = (ROOT / "Dockerfile").read_text()
    assert text.startswith("# ") and "FROM python:3.11" in text
    assert "pip install" in text and 'CMD ["jvgraph", "serve"' in text
    for path in ("src", "graph", "cypher", "pyproject.toml"):
        assert path in text


def test_the_container_runs_as_an_unprivileged_user() -> None:
    lines = [ln.split() for ln in (ROOT / "Dockerfile").read_text().splitlines() if ln.strip()]
    users = [ln[1] for ln in lines if ln[0] == "USER"]
    assert users and users[-1] not in ("root", "0"), users
    steps = [ln[0] for ln in lines if not ln[0].startswith("#")]
    assert steps.index("USER") > max(i for i, s in enumerate(steps) if s == "RUN")
    assert steps.index("USER") < steps.index("CMD")
