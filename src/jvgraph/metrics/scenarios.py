"""What-if scenarios: change the graph, recompute, and compare before with after.

A scenario is written ``KIND:ARG,ARG,...``:

- ``merge:A,B`` — vendor B's JVs become vendor A's: the access shares of the merged
  vendor are those of A and B together; where ``vendor_shares.csv`` gives the vendors'
  shares of a market, the Guidelines' change in HHI is ``ΔHHI = 2 · s_A · s_B · 10,000``
  on the shares before the merger, with the §2.1 presumption;
- ``add-partner:JV,MANAGER`` and ``remove-partner:JV,MANAGER``;
- ``add-holding:OWNER,COMPANY,STAKE`` and ``remove-holding:OWNER,COMPANY``.

>>> Scenario.parse("merge:v-a,v-b")
Scenario(kind='merge', args=('v-a', 'v-b'))
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp

from jvgraph.errors import NotFound, UsageError
from jvgraph.metrics.access import ACCESS_SHARES, access
from jvgraph.metrics.arrays import GraphArrays
from jvgraph.metrics.common_ownership import common_ownership
from jvgraph.metrics.overlap import overlap_pairs
from jvgraph.metrics.reach import reach, reach_matrix
from jvgraph.metrics.vendor_market import NEEDS_VENDOR_SHARES, merger, vendor_market
from jvgraph.model import Dataset

__all__ = ["KINDS", "Scenario", "apply", "apply_arrays", "snapshot", "what_if"]

KINDS = {"merge": 2, "add-partner": 2, "remove-partner": 2, "add-holding": 3, "remove-holding": 2}


@dataclass(frozen=True)
class Scenario:
    kind: str
    args: tuple[str, ...]

    @classmethod
    def parse(cls, text: str) -> Scenario:
        kind, _, rest = text.partition(":")
        args = tuple(a.strip() for a in rest.split(",")) if rest else ()
        if kind not in KINDS:
            raise UsageError(f"unknown scenario {kind!r}: use one of {', '.join(KINDS)}")
        if len(args) != KINDS[kind]:
            raise UsageError(
                f"scenario {kind} takes {KINDS[kind]} arguments, not {len(args)} "
                f"(e.g. {_EXAMPLES[kind]})"
            )
        return cls(kind, args)

    def __str__(self) -> str:
        return f"{self.kind}:{','.join(self.args)}"


_EXAMPLES = {
    "merge": "merge:v-a,v-b",
    "add-partner": "add-partner:jv-a,m-2",
    "remove-partner": "remove-partner:jv-a,m-1",
    "add-holding": "add-holding:m-1,c-2,0.1",
    "remove-holding": "remove-holding:m-1,c-1",
}


def _ids(dataset: Dataset, table: str) -> set[str]:
    return set(dataset.tables[table].column("id").to_pylist())


def _need(dataset: Dataset, table: str, node_id: str, what: str) -> None:
    if node_id not in _ids(dataset, table):
        raise NotFound(f"scenario names {what} '{node_id}', which is not in the data")


def apply(dataset: Dataset, scenario: Scenario) -> Dataset:
    """A copy of ``dataset`` with the scenario's change made."""
    t = dict(dataset.tables)
    a = scenario.args
    if scenario.kind == "merge":
        _need(dataset, "vendors", a[0], "vendor")
        _need(dataset, "vendors", a[1], "vendor")
        jvs = t["joint_ventures"]
        moved = pc.if_else(pc.equal(jvs.column("vendor_id"), a[1]), a[0], jvs.column("vendor_id"))
        t["joint_ventures"] = jvs.set_column(
            jvs.schema.get_field_index("vendor_id"), "vendor_id", moved
        )
        t["vendors"] = t["vendors"].filter(pc.not_equal(t["vendors"].column("id"), a[1]))
    elif scenario.kind in ("add-partner", "remove-partner"):
        _need(dataset, "joint_ventures", a[0], "joint venture")
        _need(dataset, "asset_managers", a[1], "asset manager")
        t["jv_partners"] = _edge(
            t["jv_partners"],
            {"jv_id": a[0], "manager_id": a[1]},
            add=scenario.kind == "add-partner",
        )
    else:
        if a[0] not in _ids(dataset, "asset_managers") | _ids(dataset, "companies"):
            raise NotFound(f"scenario names owner '{a[0]}', which is not in the data")
        _need(dataset, "companies", a[1], "company")
        row: dict[str, Any] = {"owner_id": a[0], "company_id": a[1]}
        if scenario.kind == "add-holding":
            row["stake"] = _stake(a[2])
        t["holdings"] = _edge(t["holdings"], row, add=scenario.kind == "add-holding")
    return Dataset(t, dataset.extras, dataset.origin)


def _stake(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise UsageError(f"stake {text!r} is not a number") from None
    if not 0 < value <= 1:
        raise UsageError(f"stake {value} is outside (0, 1]")
    return value


def _edge(table: pa.Table, row: dict[str, Any], *, add: bool) -> pa.Table:
    keys = [k for k in row if k.endswith("_id")]
    match = pc.and_(
        pc.equal(table.column(keys[0]), row[keys[0]]), pc.equal(table.column(keys[1]), row[keys[1]])
    )
    if not add:
        if not pc.any(match).as_py():
            raise NotFound(f"scenario removes {row[keys[0]]} → {row[keys[1]]}, which is not there")
        return table.filter(pc.invert(match))
    new = pa.table(
        {c: pa.array([row.get(c)], table.schema.field(c).type) for c in table.column_names}
    )
    return pa.concat_tables([table, new])


def _position(ids: Any, node_id: str, what: str) -> int:
    found = np.flatnonzero(np.asarray(ids, dtype=object) == node_id)
    if found.size == 0:
        raise NotFound(f"scenario names {what} '{node_id}', which is not in the data")
    return int(found[0])


def apply_arrays(g: GraphArrays, scenario: Scenario) -> GraphArrays | None:
    """``g`` with a merger or a partner change made on its matrices (``None`` for the
    kinds that are applied to the dataset instead)."""
    a = scenario.args
    if scenario.kind == "merge":
        ia, ib = _position(g.vendor_ids, a[0], "vendor"), _position(g.vendor_ids, a[1], "vendor")
        keep = [v for v in range(len(g.vendor_ids)) if v != ib]
        rows = np.arange(len(keep))
        pick = sp.csr_matrix(
            (np.ones(len(keep)), (rows, keep)), shape=(len(keep), len(g.vendor_ids))
        )
        pick = pick + sp.csr_matrix(([1.0], ([keep.index(ia)], [ib])), shape=pick.shape)
        formed = (pick @ g.formed).tocsr()
        formed.data[:] = 1.0
        return replace(
            g, vendor_ids=g.vendor_ids[keep], vendor_names=g.vendor_names[keep], formed=formed
        )
    if scenario.kind in ("add-partner", "remove-partner"):
        j = _position(g.jv_ids, a[0], "joint venture")
        m = _position(g.manager_ids, a[1], "asset manager")
        partners = g.partners.tolil()
        if scenario.kind == "remove-partner" and partners[j, m] == 0:
            raise NotFound(f"scenario removes {a[1]} → {a[0]}, which is not there")
        partners[j, m] = 1.0 if scenario.kind == "add-partner" else 0.0
        return replace(g, partners=partners.tocsr())
    return None


def snapshot(g: GraphArrays, market: str, common: dict[str, Any] | None = None) -> dict[str, Any]:
    """What a scenario compares: reach, vendor overlap, customer access, the vendor
    market and common ownership (``common`` passes it when the change cannot move it:
    MHHI depends on holdings only)."""
    matrix = reach_matrix(g)
    return {
        "reach": reach(g, market),
        "overlap": list(overlap_pairs(matrix, g.vendor_ids, g.revenue, all_pairs=True)),
        "access": access(g, market, reach=matrix),
        "vendor_market": vendor_market(g, market),
        "common_ownership": common if common is not None else common_ownership(g, market),
    }


def what_if(
    dataset: Dataset,
    scenario: Scenario,
    *,
    as_of: dt.date | None = None,
    market: str = "sector",
    before: tuple[GraphArrays, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Before, after and the change of reach, overlap, every access share, the vendor
    market (where its shares are given) and MHHI under ``scenario``.

    ``before`` may pass the arrays and snapshot of the unchanged data, when several
    scenarios are compared with the same starting point.
    """
    g, start = before or (GraphArrays.build(dataset, as_of), None)
    start = start or snapshot(g, market)
    changed = apply_arrays(g, scenario)
    if changed is None:
        after = snapshot(GraphArrays.build(apply(dataset, scenario), as_of), market)
    else:  # a merger or a partner change leaves every holding, so MHHI, as it was
        after = snapshot(changed, market, start["common_ownership"])
    names = dict(zip(map(str, g.vendor_ids), map(str, g.vendor_names), strict=True))
    markets = {m: _market_change(scenario, start, after, m, names) for m in start["access"]}
    return {
        "scenario": str(scenario),
        "as_of": as_of.isoformat() if as_of else None,
        "market": market,
        "reach": _reach_change(start["reach"], after["reach"]),
        "overlap": {"before": start["overlap"], "after": after["overlap"]},
        "markets": markets,
        "vendor_names": names,
    }


def _reach_change(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for v in sorted(set(before) | set(after)):
        b = before.get(v, {"companies": 0, "revenue_usd": 0.0})
        a = after.get(v, {"companies": 0, "revenue_usd": 0.0})
        out[v] = {k: _change(b[k], a[k]) for k in ("companies", "revenue_usd")}
    return out


def _change(before: Any, after: Any) -> dict[str, Any]:
    """Before, after and the change (``None`` where either is unknown)."""
    delta = None if before is None or after is None else after - before
    return {"before": before, "after": after, "change": delta}


def _share(entry: dict[str, Any], vendor: str, key: str, exists: bool) -> float | None:
    """A vendor's share in one market: 0 where it exists and reaches none of it, unknown
    (``None``) where it does not exist or the market has no size."""
    if vendor in entry["vendors"]:
        value: float | None = entry["vendors"][vendor][key]
        return value
    whole = entry["any_vendor_share_by_count" if key.endswith("_by_count") else "any_vendor_share"]
    return 0.0 if exists and whole is not None else None


def _access_change(
    before: dict[str, Any], after: dict[str, Any], vendors: tuple[set[str], set[str]]
) -> dict[str, Any]:
    shown = sorted(set(before["vendors"]) | set(after["vendors"]))
    return {
        "denominator": before["denominator"],
        "market_revenue_usd": before["market_revenue_usd"],
        "market_revenue_source": before["market_revenue_source"],
        "any_vendor_share": _change(before["any_vendor_share"], after["any_vendor_share"]),
        "any_vendor_share_by_count": _change(
            before["any_vendor_share_by_count"], after["any_vendor_share_by_count"]
        ),
        "vendors": {
            v: {
                k: _change(
                    _share(before, v, k, v in vendors[0]), _share(after, v, k, v in vendors[1])
                )
                for k in ACCESS_SHARES
            }
            for v in shown
        },
    }


def _market_change(
    scenario: Scenario,
    before: dict[str, Any],
    after: dict[str, Any],
    m: str,
    names: dict[str, str],
) -> dict[str, Any]:
    ob, oa = before["common_ownership"][m], after["common_ownership"][m]
    vendors = (set(before["reach"]), set(after["reach"]))
    out: dict[str, Any] = {
        "access": _access_change(before["access"][m], after["access"][m], vendors),
        "common_ownership": {k: _change(ob[k], oa[k]) for k in ("delta_mhhi", "mhhi")},
    }
    entry = before["vendor_market"].get(m)
    merging = scenario.kind == "merge"
    deal = merger(entry, scenario.args[0], scenario.args[1], names) if entry and merging else None
    if entry is not None:
        after_hhi = entry["hhi"] if deal is None else deal.get("hhi_after")
        out["vendor_market"] = {"hhi": _change(entry["hhi"], after_hhi)}
    if scenario.kind == "merge":
        out["merger"] = deal or {"presumption_2023": None, "needs": NEEDS_VENDOR_SHARES}
    return out
