"""What the store holds: counts, vendors, sectors, the dates that change what counts,
and the page's limits."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from jvgraph.api.deps import CacheDep, ReadIndexDep, SettingsDep, StoreDep
from jvgraph.explore import summary
from jvgraph.explore.browse import as_of_dates
from jvgraph.explore.index import GraphIndex

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


@router.get("/dates")
def get_dates(store: StoreDep, cache: CacheDep, index: ReadIndexDep) -> dict[str, Any]:
    """The dates on which what counts changes, in order (ISO text): JVs announced or
    ended, holdings from or until. The explorer's as-of slider steps through them."""
    reads = index.reads(store)

    def dates() -> list[str]:
        return as_of_dates(reads.data if isinstance(reads, GraphIndex) else store.export())

    found: list[str] = cache.memo(store, ("as_of_dates",), dates)
    return {"dates": found, "count": len(found)}
