"""Settings of the web API, passed to :func:`jvgraph.api.create_app`."""

from __future__ import annotations

from dataclasses import dataclass, field

from jvgraph.config import Limits

__all__ = ["ApiSettings"]


@dataclass(frozen=True)
class ApiSettings:
    """Limits the API applies to every request."""

    #: the most time, rows, result bytes and worker memory a user Cypher query may take
    #: (a request may ask for less time and fewer rows, never more)
    query_limits: Limits = field(
        default_factory=lambda: Limits(
            timeout_s=10.0, max_rows=5_000, max_bytes=16 * 2**20, memory_mb=1024
        )
    )
    #: the most nodes a neighbourhood returns (the rest is counted: "showing N of M")
    max_nodes: int = 500
    #: the most neighbours shown when a node is expanded before the page offers a filter
    expand_limit: int = 100
    #: how many metric documents (per store version, as-of date and options) to keep
    cache_size: int = 16
