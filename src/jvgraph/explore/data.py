"""Use cases about data: validating and loading datasets, and summarising a store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from jvgraph.errors import DataError, Problem
from jvgraph.load import Existing, read_dataset
from jvgraph.load.deletions import read_deletions
from jvgraph.model import LABELS, NODE_TABLES, Dataset
from jvgraph.store import GraphStore, Progress

__all__ = ["delete_rows", "existing", "load_dataset", "summary", "validate_dataset"]


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
    return Existing(
        ids,
        data.tables["holdings"].select(cols),
        companies=data.tables["companies"],
        markets=data.tables.get("markets"),
        vendor_shares=data.tables.get("vendor_shares"),
    )


def validate_dataset(path: str | Path, store: GraphStore | None = None) -> Dataset:
    """Check a dataset without loading it (against ``store``'s content if given)."""
    return read_dataset(path, existing(store) if store is not None else None)


def load_dataset(
    store: GraphStore,
    path: str | Path,
    *,
    replace: bool = False,
    partial: bool = False,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Validate the dataset at ``path`` and load it into ``store``, all or nothing. With
    ``partial`` (an upsert) the dataset may hold any of the files: its rows are added, or
    replace the stored rows with their ids and keys."""
    if progress:
        progress("reading and checking the dataset", 0, 1)
    dataset = read_dataset(path, None if replace else existing(store), partial=partial)
    return store.load(dataset, replace=replace, progress=progress)


def delete_rows(
    store: GraphStore, path: str | Path, *, progress: Progress | None = None
) -> dict[str, int]:
    """Delete from ``store`` the rows the dataset at ``path`` lists (by their keys), all or
    nothing, after checking that each is stored and that no relationship that stays names
    a deleted node (:mod:`jvgraph.load.deletions`)."""
    if progress:
        progress("reading and checking the rows to delete", 0, 1)
    keys = read_deletions(path, store.export())
    if not sum(keys.counts().values()):
        raise DataError([Problem(Path(path).name, None, None, "lists no row to delete")])
    return store.delete(keys, progress=progress)


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
        if "same_as" in companies:  # a vendor is not among the companies it reaches
            companies = companies[companies["same_as"] != v.id]
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
