"""One router per resource."""

from __future__ import annotations

from jvgraph.api.routers import (
    admin,
    explain,
    export,
    kappa,
    metrics,
    nodes,
    paths,
    profile,
    query,
    report,
    search,
    session,
    stats,
    whatif,
)

__all__ = ["ROUTERS"]

ROUTERS = [
    session.router,
    stats.router,
    search.router,
    nodes.router,
    profile.router,
    paths.router,
    metrics.router,
    whatif.router,
    kappa.router,
    explain.router,
    query.router,
    export.router,
    report.router,
    admin.router,
]
