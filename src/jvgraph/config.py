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
    "MAX_TIMEOUT_S",
    "MIN_TIMEOUT_S",
    "InputLimits",
    "Limits",
    "bundled_dataset",
    "cypher_statements",
    "cypher_text",
    "query_workers",
    "store_location",
]

#: the embedded store's default location, relative to the working directory
DEFAULT_STORE = "jvgraph.db"


#: the shortest time limit of a query, in seconds (LadybugDB reads a limit under 1 ms as none)
MIN_TIMEOUT_S = 0.01
#: the longest (a day)
MAX_TIMEOUT_S = 86_400.0


@dataclass(frozen=True)
class Limits:
    """Limits on user queries: wall time in seconds (parsing and planning included), rows
    returned, bytes of the rows as JSON, and the memory of the query's worker in MiB.

    >>> Limits(timeout_s=0.0001)
    Traceback (most recent call last):
    ...
    jvgraph.errors.UsageError: a query's time limit must be at least 0.01 s and at most 86400 s, not 0.0001 s
    """

    timeout_s: float = 30.0
    max_rows: int = 10_000
    max_bytes: int = 64 * 2**20
    memory_mb: int = 2048

    def __post_init__(self) -> None:
        if not MIN_TIMEOUT_S <= self.timeout_s <= MAX_TIMEOUT_S:  # NaN too
            raise UsageError(
                f"a query's time limit must be at least {MIN_TIMEOUT_S:g} s and at most "
                f"{MAX_TIMEOUT_S:g} s, not {self.timeout_s:g} s"
            )
        for name in ("max_rows", "max_bytes", "memory_mb"):
            if getattr(self, name) < 1:
                raise UsageError(f"a query's {name} must be at least 1, not {getattr(self, name)}")


@dataclass(frozen=True)
class InputLimits:
    """Limits on the files users give jvgraph: a file's bytes, a line's and a field's bytes,
    and how deeply JSON nests. ``JVGRAPH_MAX_FILE_MB``, ``JVGRAPH_MAX_FIELD_KB`` and
    ``JVGRAPH_MAX_JSON_DEPTH`` change them.

    >>> InputLimits.from_env({"JVGRAPH_MAX_FIELD_KB": "8"}).max_field_bytes
    8192
    >>> InputLimits.from_env({}).max_line_bytes == 16 * InputLimits().max_field_bytes
    True
    """

    max_file_bytes: int = 2**31
    max_field_bytes: int = 2**16
    max_json_depth: int = 64

    @property
    def max_line_bytes(self) -> int:
        """A line may hold at most 16 fields of the largest size."""
        return 16 * self.max_field_bytes

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> InputLimits:
        env = os.environ if env is None else env
        default = cls()
        return cls(
            max_file_bytes=_positive(env, "JVGRAPH_MAX_FILE_MB", default.max_file_bytes, 2**20),
            max_field_bytes=_positive(env, "JVGRAPH_MAX_FIELD_KB", default.max_field_bytes, 2**10),
            max_json_depth=_positive(env, "JVGRAPH_MAX_JSON_DEPTH", default.max_json_depth, 1),
        )


def _positive(env: Mapping[str, str], name: str, default: int, unit: int) -> int:
    given = env.get(name, "")
    if not given:
        return default
    if not given.isdigit() or int(given) < 1:
        raise UsageError(f"{name} must be a whole number of at least 1, not {given!r}")
    return int(given) * unit


def query_workers(env: Mapping[str, str] | None = None) -> int:
    """How many worker processes run user queries at once, per store: ``$JVGRAPH_QUERY_WORKERS``,
    else the number of CPUs, at most 4.

    >>> query_workers({"JVGRAPH_QUERY_WORKERS": "2"})
    2
    """
    env = os.environ if env is None else env
    given = env.get("JVGRAPH_QUERY_WORKERS", "")
    if given:
        if not given.isdigit() or int(given) < 1:
            raise UsageError(
                f"JVGRAPH_QUERY_WORKERS must be a whole number of at least 1, not {given!r}"
            )
        return int(given)
    return max(1, min(4, os.cpu_count() or 1))


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
