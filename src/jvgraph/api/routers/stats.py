"""What the store holds: counts, vendors, sectors and the page's limits."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from jvgraph.api.deps import CacheDep, SettingsDep, StoreDep
from jvgraph.explore import summary

router = APIRouter(tags=["stats"])


def _summary(store: StoreDep) -> dict[str, Any]:
    doc = summary(store)
    result = store.query("MATCH (c:PortfolioCompany) RETURN DISTINCT c.sector AS s")
    doc["sector_names"] = sorted(str(r[0]) for r in result.rows if r[0] is not None)
    return doc


@router.get("/stats")
def get_stats(store: StoreDep, cache: CacheDep, settings: SettingsDep) -> dict[str, Any]:
    """Nodes per label, relationships per type, vendors with their JVs, sector names."""
    doc = dict(cache.memo(store, ("stats",), lambda: _summary(store)))
    doc["expand_limit"] = settings.expand_limit
    return doc
