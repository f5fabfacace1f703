"""Use cases about numbers: metrics (cached per store version), what-if and explain."""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from typing import Any

from jvgraph.store import GraphStore

__all__ = ["MetricsCache", "explain", "metrics", "what_if"]


def metrics(
    store: GraphStore,
    *,
    as_of: dt.date | None = None,
    market: str = "sector",
    look_through: bool = False,
) -> dict[str, Any]:
    """Every metric of the store's graph, in the metrics JSON contract."""
    from jvgraph.metrics.suite import compute_all

    return compute_all(store.export(), as_of, market, look_through=look_through)


class MetricsCache:
    """Metric documents kept per (store version, as-of date, market, look-through).

    A load changes the store's version, so a cached document is never stale.
    """

    def __init__(self, size: int = 16) -> None:
        self._size = size
        self._docs: OrderedDict[tuple[Any, ...], dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0

    def get(
        self,
        store: GraphStore,
        *,
        as_of: dt.date | None = None,
        market: str = "sector",
        look_through: bool = False,
    ) -> dict[str, Any]:
        key = (store.version(), as_of, market, look_through)
        with self._lock:
            if key in self._docs:
                self.hits += 1
                self._docs.move_to_end(key)
                return self._docs[key]
            doc = metrics(store, as_of=as_of, market=market, look_through=look_through)
            self._docs[key] = doc
            while len(self._docs) > self._size:
                self._docs.popitem(last=False)
            return doc


def what_if(
    store: GraphStore, scenario: str, *, as_of: dt.date | None = None, market: str = "sector"
) -> dict[str, Any]:
    """Before and after a scenario such as ``merge:v-a,v-b``."""
    from jvgraph.metrics.scenarios import Scenario
    from jvgraph.metrics.scenarios import what_if as run
    from jvgraph.metrics.suite import check_market

    data = store.export()
    check_market(data, market)
    return run(data, Scenario.parse(scenario), as_of=as_of, market=market)


def explain(
    store: GraphStore,
    topic: str,
    args: tuple[str, ...],
    *,
    as_of: dt.date | None = None,
    market: str = "sector",
    limit: int = 50,
) -> dict[str, Any]:
    """The companies, holdings and sources behind one number."""
    from jvgraph.metrics.explain import explain as run
    from jvgraph.metrics.suite import check_market

    data = store.export()
    check_market(data, market)
    return run(data, topic, *args, as_of=as_of, market=market, limit=limit)
