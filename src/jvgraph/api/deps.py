"""Dependencies the routers declare: the store, the settings, the metrics cache and the
read index (all read from the app's state, on the event loop: no thread per request)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from jvgraph.api.settings import ApiSettings
from jvgraph.explore import MetricsCache
from jvgraph.explore.read_index import ReadIndex
from jvgraph.store import GraphStore

__all__ = ["CacheDep", "ReadIndexDep", "SettingsDep", "StoreDep"]


async def get_store(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


async def get_settings(request: Request) -> ApiSettings:
    settings: ApiSettings = request.app.state.settings
    return settings


async def get_cache(request: Request) -> MetricsCache:
    cache: MetricsCache = request.app.state.cache
    return cache


async def get_read_index(request: Request) -> ReadIndex:
    index: ReadIndex = request.app.state.read_index
    return index


StoreDep = Annotated[GraphStore, Depends(get_store)]
SettingsDep = Annotated[ApiSettings, Depends(get_settings)]
CacheDep = Annotated[MetricsCache, Depends(get_cache)]
ReadIndexDep = Annotated[ReadIndex, Depends(get_read_index)]
