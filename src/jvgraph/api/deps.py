"""Dependencies the routers declare: the store, the settings, the metrics cache, the
read index and the name resolver (all from the app's state, on the event loop: no
thread per request)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from jvgraph.api.settings import ApiSettings
from jvgraph.explore import MetricsCache
from jvgraph.explore.names import Directory, Resolver
from jvgraph.explore.read_index import ReadIndex
from jvgraph.store import GraphStore

__all__ = ["CacheDep", "ReadIndexDep", "ResolverDep", "SettingsDep", "StoreDep"]


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


async def get_resolver(request: Request) -> Resolver:
    """Names resolved against the store, their directory built once per store version."""
    store: GraphStore = request.app.state.store
    cache: MetricsCache = request.app.state.cache

    def build() -> Directory:
        found: Directory = cache.memo(store, ("directory",), lambda: Directory.of(store.export()))
        return found

    return Resolver(store, build=build)


StoreDep = Annotated[GraphStore, Depends(get_store)]
SettingsDep = Annotated[ApiSettings, Depends(get_settings)]
CacheDep = Annotated[MetricsCache, Depends(get_cache)]
ReadIndexDep = Annotated[ReadIndex, Depends(get_read_index)]
ResolverDep = Annotated[Resolver, Depends(get_resolver)]
