"""The use cases the CLI, the API and the report share.

Each function takes a store it is given and returns plain data; printing
and HTTP belong to the adapters.

>>> import tempfile, os
>>> from jvgraph.config import bundled_dataset
>>> from jvgraph.store import open_store
>>> with tempfile.TemporaryDirectory() as tmp:
...     with open_store(os.path.join(tmp, "g.db")) as store:
...         counts = load_dataset(store, bundled_dataset("jv-2026"))
...         print(summary(store)["vendors"][0]["name"])
Anthropic
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd

from jvgraph.load import Existing, read_dataset
from jvgraph.model import LABELS, NODE_TABLES, Dataset
from jvgraph.store import GraphStore, Progress

__all__ = [
    "existing",
    "explain",
    "load_dataset",
    "metrics",
    "summary",
    "validate_dataset",
    "what_if",
]


def existing(store: GraphStore) -> Existing:
    """What ``store`` holds, in the shape the validator checks a new dataset against."""
    if not any(store.counts().values()):
        return Existing()
    data = store.export()
    ids = pd.concat(
        [
            pd.Series(LABELS[name], index=data.tables[name].column("id").to_pylist(), dtype=object)
            for name in NODE_TABLES
        ]
    )
    cols = ["owner_id", "company_id", "stake", "since", "until"]
    return Existing(ids, data.tables["holdings"].select(cols))


def validate_dataset(path: str | Path, store: GraphStore | None = None) -> Dataset:
    """Check a dataset without loading it (against ``store``'s content if given)."""
    return read_dataset(path, existing(store) if store is not None else None)


def load_dataset(
    store: GraphStore, path: str | Path, *, replace: bool = False, progress: Progress | None = None
) -> dict[str, int]:
    """Validate the dataset at ``path`` and load it into ``store``, all or nothing."""
    if progress:
        progress("reading and checking the dataset", 0, 1)
    dataset = read_dataset(path, None if replace else existing(store))
    return store.load(dataset, replace=replace, progress=progress)


def summary(store: GraphStore) -> dict[str, Any]:
    """Counts, and for each vendor its JVs, their partners and the companies they hold."""
    data = store.export()
    t = {name: table.to_pandas() for name, table in data.tables.items()}
    vendors = []
    for v in t["vendors"].itertuples():
        jvs = t["joint_ventures"][t["joint_ventures"]["vendor_id"] == v.id]
        partners = t["jv_partners"][t["jv_partners"]["jv_id"].isin(jvs["id"])]
        held = t["holdings"][t["holdings"]["owner_id"].isin(partners["manager_id"])]
        companies = t["companies"][t["companies"]["id"].isin(held["company_id"])]
        vendors.append(
            {
                "id": v.id,
                "name": v.name,
                "joint_ventures": sorted(jvs["name"].tolist()),
                "partners": int(partners["manager_id"].nunique()),
                "companies_held_by_partners": len(companies),
                "sectors": int(companies["sector"].nunique()),
            }
        )
    synthetic = sum(int((t[n]["source"] == "synthetic").sum()) for n in t if "source" in t[n])
    rows = sum(len(frame) for frame in t.values())
    return {
        "store": store.location,
        "counts": store.counts(),
        "sectors": int(t["companies"]["sector"].nunique()),
        "synthetic_rows": synthetic,
        "rows": rows,
        "vendors": vendors,
    }


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
