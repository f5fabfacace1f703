"""Dependencies the routers declare: the store, the settings and the metrics cache."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from jvgraph.api.settings import ApiSettings
from jvgraph.explore import MetricsCache
from jvgraph.store import GraphStore

__all__ = ["CacheDep", "SettingsDep", "StoreDep"]


def get_store(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


def get_settings(request: Request) -> ApiSettings:
    settings: ApiSettings = request.app.state.settings
    return settings


def get_cache(request: Request) -> MetricsCache:
    cache: MetricsCache = request.app.state.cache
    return cache


StoreDep = Annotated[GraphStore, Depends(get_store)]
SettingsDep = Annotated[ApiSettings, Depends(get_settings)]
CacheDep = Annotated[MetricsCache, Depends(get_cache)]
