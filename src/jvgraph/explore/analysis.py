"""Use cases about numbers: metrics (cached per store version), what-if and explain."""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jvgraph.errors import UsageError
from jvgraph.model import Dataset
from jvgraph.store import GraphStore

__all__ = [
    "DEFAULT_OWNER_PAIRS",
    "MetricsCache",
    "betweenness",
    "capped",
    "explain",
    "metrics",
    "owner_overlap",
    "reached_by",
    "what_if",
    "write_owner_pairs",
]

#: owner pairs listed in the metrics (CLI and API) unless asked for another number
DEFAULT_OWNER_PAIRS = 1000


def metrics(
    store: GraphStore,
    *,
    as_of: dt.date | None = None,
    market: str = "sector",
    look_through: bool = False,
    combine_controlled: bool = False,
    owner_pairs: int | None = None,
    stake: str = "mid",
) -> dict[str, Any]:
    """Every metric of the store's graph, in the metrics JSON contract (with
    ``owner_pairs``, only that many owner pairs, those sharing most, and their count;
    stakes known only as a band taken at their ``stake`` point)."""
    from jvgraph.metrics.suite import compute_all

    return compute_all(
        store.export(),
        as_of,
        market,
        look_through=look_through,
        combine_controlled=combine_controlled,
        owner_pairs=owner_pairs,
        stake=stake,
    )


def capped(compute: Callable[[int | None], dict[str, Any]], max_pairs: int) -> dict[str, Any]:
    """The metrics with at most ``max_pairs`` owner pairs (0: all), ``compute(k)`` being the
    metrics keeping ``k`` pairs (``None``: all). Where there are more, the ``max_pairs``
    sharing most, with ``overlap.managers_total`` and ``overlap.managers_truncated``;
    where every pair fits, the document with all of them, unchanged."""
    if max_pairs:
        top = compute(max_pairs)
        if top["overlap"]["managers_total"] > max_pairs:
            return {**top, "overlap": {**top["overlap"], "managers_truncated": True}}
    return compute(None)


def write_owner_pairs(store: GraphStore, path: Path, *, as_of: dt.date | None = None) -> int:
    """Write every pair of owners sharing a company to ``path`` (``.csv`` or ``.parquet``),
    streamed as the pairs are found; how many pairs were written."""
    from jvgraph.metrics.arrays import GraphArrays
    from jvgraph.metrics.overlap import write_sharing_pairs

    if path.suffix.lower() not in (".csv", ".parquet"):
        raise UsageError(f"{path}: the owner-pair file must end in .csv or .parquet")
    g = GraphArrays.build(store.export(), as_of)
    try:
        return write_sharing_pairs(g, path)
    except OSError as err:
        raise UsageError(f"{path}: cannot write the owner pairs: {err.strerror or err}") from err


def owner_overlap(
    store: GraphStore, pairs: list[dict[str, Any]], *, as_of: dt.date | None = None, k: int = 12
) -> dict[str, Any]:
    """Every pair among the ``k`` owners of the owner ``pairs`` sharing most: companies
    shared and Jaccard, counted from the holdings (:func:`jvgraph.metrics.owner_matrix`)."""
    from jvgraph.metrics.arrays import GraphArrays
    from jvgraph.metrics.owner_matrix import owner_matrix

    return owner_matrix(GraphArrays.build(store.export(), as_of), pairs, k)


class MetricsCache:
    """Metric documents kept per (store version, as-of date, market, look-through).

    A load changes the store's version, so a cached document is never stale.
    """

    def __init__(self, size: int = 16) -> None:
        self._size = size
        self._docs: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._lock = threading.RLock()
        self.hits = 0

    def get(
        self,
        store: GraphStore,
        *,
        as_of: dt.date | None = None,
        market: str = "sector",
        look_through: bool = False,
        combine_controlled: bool = False,
        owner_pairs: int | None = None,
        stake: str = "mid",
    ) -> dict[str, Any]:
        """The metrics document, computed once per store version and options."""
        doc: dict[str, Any] = self.memo(
            store,
            ("metrics", as_of, market, look_through, combine_controlled, owner_pairs, stake),
            lambda: metrics(
                store,
                as_of=as_of,
                market=market,
                look_through=look_through,
                combine_controlled=combine_controlled,
                owner_pairs=owner_pairs,
                stake=stake,
            ),
        )
        return doc

    def memo(self, store: GraphStore, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
        """``compute()``, kept under ``key`` until the store's version changes."""
        full = (store.version(), *key)
        with self._lock:
            if full in self._docs:
                self.hits += 1
                self._docs.move_to_end(full)
                return self._docs[full]
            value = compute()
            self._docs[full] = value
            while len(self._docs) > self._size:
                self._docs.popitem(last=False)
            return value


def what_if(
    store: GraphStore, scenario: str, *, as_of: dt.date | None = None, market: str = "sector"
) -> dict[str, Any]:
    """Before and after a scenario such as ``merge:v-a,v-b``; a partner scenario also says
    whether the data holds the partner's portfolio (``portfolio_known``)."""
    from jvgraph.metrics.scenarios import Scenario
    from jvgraph.metrics.scenarios import what_if as run
    from jvgraph.metrics.suite import check_market

    data = store.export()
    check_market(data, market)
    parsed = Scenario.parse(scenario)
    doc = run(data, parsed, as_of=as_of, market=market)
    if parsed.kind in ("add-partner", "remove-partner"):
        doc["portfolio_known"] = _portfolio_known(data, parsed.args[1])
    return doc


def _portfolio_known(data: Dataset, manager: str) -> dict[str, bool | None]:
    """Whether the data holds ``manager``'s portfolio: when it does not, what adding or
    removing the partner changes in reach is unknown, not 0."""
    managers = data.tables["asset_managers"]
    if "portfolio_known" not in managers.column_names:
        return {manager: None}
    known = dict(
        zip(
            managers.column("id").to_pylist(),
            managers.column("portfolio_known").to_pylist(),
            strict=True,
        )
    )
    return {manager: known.get(manager)}


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


def reached_by(data: Dataset, *, as_of: dt.date | None = None) -> dict[str, list[str]]:
    """For each company some vendor reaches (in exported ``data``), the vendors reaching it."""
    from jvgraph.metrics.arrays import GraphArrays
    from jvgraph.metrics.reach import reach_matrix

    g = GraphArrays.build(data, as_of)
    r = reach_matrix(g).tocsc()
    out: dict[str, list[str]] = {}
    for c in range(r.shape[1]):
        rows = r.indices[r.indptr[c] : r.indptr[c + 1]]
        if rows.size:
            out[str(g.company_ids[c])] = sorted(str(g.vendor_ids[v]) for v in rows)
    return out


def betweenness(
    store: GraphStore, *, as_of: dt.date | None = None, sample: int | None = None
) -> dict[str, float]:
    """Betweenness centrality of each owner in the owner-company graph (estimated from
    ``sample`` sources when given), largest first."""
    from jvgraph.metrics.arrays import GraphArrays
    from jvgraph.metrics.gatekeepers import owner_betweenness

    scores = owner_betweenness(GraphArrays.build(store.export(), as_of), sample=sample)
    return dict(sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])))
