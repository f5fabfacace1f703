"""What the store holds: counts, vendors and the market groupings available."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from jvgraph.api.deps import StoreDep
from jvgraph.explore import summary

router = APIRouter(tags=["stats"])


@router.get("/stats")
def get_stats(store: StoreDep) -> dict[str, Any]:
    """Nodes per label, relationships per type, vendors with their JVs, sectors."""
    return summary(store)
