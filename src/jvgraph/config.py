"""Where things are: the store location, the bundled datasets, the packaged Cypher.

>>> store_location({"JVGRAPH_STORE": "/tmp/x.db"}, None)
'/tmp/x.db'
>>> store_location({}, None)
'jvgraph.db'
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from jvgraph.errors import UsageError

__all__ = [
    "DEFAULT_STORE",
    "Limits",
    "bundled_dataset",
    "cypher_statements",
    "cypher_text",
    "store_location",
]

#: the embedded store's default location, relative to the working directory
DEFAULT_STORE = "jvgraph.db"


@dataclass(frozen=True)
class Limits:
    """Limits on user queries: wall time in seconds and rows returned."""

    timeout_s: float = 30.0
    max_rows: int = 10_000


def store_location(env: Mapping[str, str] | None = None, given: str | None = None) -> str:
    """The store to open: ``given`` (``--store``), else ``$JVGRAPH_STORE``, else
    ``$NEO4J_URI``, else the embedded default."""
    env = os.environ if env is None else env
    return given or env.get("JVGRAPH_STORE") or env.get("NEO4J_URI") or DEFAULT_STORE


def _data_root() -> Path:
    """``graph/`` in a source checkout, ``jvgraph/bundled`` in an installed wheel."""
    packaged = Path(str(resources.files("jvgraph"))) / "bundled"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "graph"


def bundled_dataset(name: str) -> Path:
    """The path of a dataset shipped with jvgraph, e.g. ``jv-2026``."""
    path = _data_root() / name
    if not path.is_dir():
        raise UsageError(f"no bundled dataset named {name!r} (looked in {path.parent})")
    return path


def cypher_text(name: str) -> str:
    """The text of a file of ``cypher/`` (shipped as ``jvgraph/cypher`` in a wheel)."""
    packaged = Path(str(resources.files("jvgraph"))) / "cypher" / name
    path = packaged if packaged.is_file() else Path(__file__).resolve().parents[2] / "cypher" / name
    return path.read_text(encoding="utf-8")


def cypher_statements(name: str) -> list[str]:
    """The statements of a Cypher file, without comments, split on ``;``."""
    lines = [ln for ln in cypher_text(name).splitlines() if not ln.lstrip().startswith("//")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
