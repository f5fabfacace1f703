"""Settings of the web API, passed to :func:`jvgraph.api.create_app`."""

from __future__ import annotations

from dataclasses import dataclass, field

from jvgraph.api.tokens import Tokens
from jvgraph.config import Limits

__all__ = ["LOOPBACK_NAMES", "ApiSettings"]

#: the names of this machine that only this machine reaches
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")


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
    #: the names the server answers to in the ``Host`` header (any port); others get a 400,
    #: against DNS rebinding. ``"*"`` answers to every name (behind a proxy that checks)
    allowed_hosts: tuple[str, ...] = LOOPBACK_NAMES
    #: the largest request body (``/api/export``, ``/api/query`` ...); larger ones get a 413
    max_body_bytes: int = 8 * 2**20
    #: how deeply a JSON request body may nest arrays and objects; deeper ones get a 400
    max_json_depth: int = 64
    #: the access tokens the server accepts; with none, every request is answered (the
    #: server then listens on loopback only unless told it is insecure)
    tokens: Tokens = field(default_factory=Tokens)
