"""A node's profile, the answer to the first question asked of it: whom a vendor reaches
(its JVs, its partners with what the data knows of their portfolios, the companies reached
per market with the vendor's access shares), what a manager holds and which JVs it is in,
who reaches a company and through which partners, with which stakes.

Everything counts as of one date, by the rules of the metrics (:mod:`jvgraph.metrics`),
and comes from the metrics document of that date, so the profile's numbers are the
panels' numbers.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from jvgraph.errors import NotFound
from jvgraph.explore.analysis import MetricsCache
from jvgraph.metrics.arrays import GraphArrays
from jvgraph.store import GraphStore

__all__ = ["node_profile", "profile"]


def profile(g: GraphArrays, metrics: dict[str, Any], node_id: str, label: str) -> dict[str, Any]:
    """The profile of the node ``node_id`` (of ``label``) in the arrays ``g`` whose metrics
    document is ``metrics`` (same date and market)."""
    if label == "Vendor":
        return _vendor(g, metrics, node_id)
    if label == "AssetManager":
        return _manager(g, metrics, node_id)
    if label == "PortfolioCompany":
        return _company(g, metrics, node_id)
    if label == "JointVenture":
        return _jv(g, node_id)
    raise NotFound(f"no profile for a {label}")


def _head(kind: str, node_id: str, name: str, metrics: dict[str, Any]) -> dict[str, Any]:
    """What every profile starts with: the node, the date and the market grouping."""
    return {"kind": kind, "id": node_id, "name": name, "as_of": metrics["as_of"],
            "market_grouping": metrics["market"]}  # fmt: skip


def _vendors_of(g: GraphArrays, j: int) -> list[dict[str, str]]:
    """The vendors that formed JV ``j`` (where it counts), as id and name."""
    formed = g.formed.tocsc()
    vendors = formed.indices[formed.indptr[j] : formed.indptr[j + 1]]
    return [{"id": str(g.vendor_ids[v]), "name": str(g.vendor_names[v])} for v in vendors]


def _position(ids: np.ndarray[Any, Any], node_id: str) -> int:
    found = np.flatnonzero(ids.astype(str) == node_id)
    if not found.size:
        raise NotFound(f"'{node_id}' counts on no node on this date")
    return int(found[0])


def _vendor(g: GraphArrays, metrics: dict[str, Any], node_id: str) -> dict[str, Any]:
    coverage = metrics["coverage"]["vendors"][node_id]
    reach = metrics["reach"][node_id]
    markets = []
    for market, row in metrics["access"].items():
        mine = row["vendors"].get(node_id)
        if not mine or not mine["companies"]:
            continue
        markets.append({
            "market": market,
            "companies": mine["companies"],
            "companies_exclusive": mine["companies_exclusive"],
            "market_companies": row["companies"],
            "foreclosure_share": mine["foreclosure_share"],
            "exclusive_share": mine["exclusive_share"],
            "foreclosure_share_by_count": mine["foreclosure_share_by_count"],
            "denominator": row["denominator"],
        })  # fmt: skip
    markets.sort(key=lambda m: (-m["companies"], str(m["market"])))
    return {
        **_head("vendor", node_id, coverage["name"], metrics),
        "joint_ventures": coverage["joint_ventures"],
        "partners": {k: coverage[k] for k in ("known", "missing", "not_stated")},
        "coverage": {k: coverage[k] for k in ("status", "summary", "partners", "partners_unnamed")},
        "reach": {
            "companies": reach["companies"],
            "revenue_usd": reach["revenue_usd"],
            "lower_bound": coverage["reach"]["lower_bound"],
            "reason": coverage["reach"]["reason"],
            "markets": markets,
        },
    }


def _manager(g: GraphArrays, metrics: dict[str, Any], node_id: str) -> dict[str, Any]:
    m = _position(g.manager_ids, node_id)
    held = g.stakes.indices[g.stakes.indptr[m] : g.stakes.indptr[m + 1]]
    names, codes = g.market_codes(metrics["market"])
    counts = np.bincount(codes[held][codes[held] >= 0], minlength=len(names))
    jv_rows = g.partners.tocsc()
    jvs = jv_rows.indices[jv_rows.indptr[m] : jv_rows.indptr[m + 1]]
    joint_ventures = [
        {"id": str(g.jv_ids[j]), "name": _jv_name(g, j), "vendors": _vendors_of(g, j)}
        for j in sorted(jvs.tolist(), key=lambda j: str(g.jv_ids[j]))
    ]
    known = g.manager["portfolio_known"].iloc[m] if "portfolio_known" in g.manager else None
    return {
        **_head("manager", node_id, str(g.manager_names[m]), metrics),
        "joint_ventures": joint_ventures,
        "portfolio_known": None if known is None or known != known else bool(known),
        "portfolio": {
            "companies": int(held.size),
            "markets": [
                {"market": str(names[k]), "companies": int(counts[k])}
                for k in np.argsort(-counts, kind="stable")
                if counts[k]
            ],
        },
    }


def _company(g: GraphArrays, metrics: dict[str, Any], node_id: str) -> dict[str, Any]:
    c = _position(g.company_ids, node_id)
    column = g.stakes.tocsc()
    holders = column.indices[column.indptr[c] : column.indptr[c + 1]]
    stakes = dict(
        zip(
            holders.tolist(),
            column.data[column.indptr[c] : column.indptr[c + 1]].tolist(),
            strict=True,
        )
    )
    vm = g.vendor_managers()
    reached_by = []
    for v in range(len(g.vendor_ids)):
        partners = set(vm.indices[vm.indptr[v] : vm.indptr[v + 1]].tolist()) & set(stakes)
        if not partners:
            continue
        through = [
            {
                "id": str(g.manager_ids[m]),
                "name": str(g.manager_names[m]),
                "stake": None if stakes[m] != stakes[m] else stakes[m],
            }
            for m in sorted(partners, key=lambda m: str(g.manager_names[m]))
        ]
        reached_by.append(
            {"id": str(g.vendor_ids[v]), "name": str(g.vendor_names[v]), "through": through}
        )
    market = g.company[metrics["market"]].iloc[c] if metrics["market"] in g.company else None
    return {
        **_head("company", node_id, str(g.company_names[c]), metrics),
        "market": None if market is None or market != market else str(market),
        "holders": int(holders.size),
        "reached_by": reached_by,
    }


def _jv_name(g: GraphArrays, j: int) -> str:
    names = g.jv["name"].tolist() if "name" in g.jv else []
    return str(names[j]) if j < len(names) and names[j] == names[j] else str(g.jv_ids[j])


def _jv(g: GraphArrays, node_id: str) -> dict[str, Any]:
    j = _position(g.jv_ids, node_id)
    partners = g.partners.indices[g.partners.indptr[j] : g.partners.indptr[j + 1]]
    return {
        "kind": "joint_venture",
        "id": node_id,
        "name": _jv_name(g, j),
        "vendors": _vendors_of(g, j),
        "partners": sorted(
            ({"id": str(g.manager_ids[m]), "name": str(g.manager_names[m])} for m in partners),
            key=lambda p: p["name"],
        ),
    }


def node_profile(
    store: GraphStore,
    cache: MetricsCache,
    node_id: str,
    *,
    as_of: dt.date | None = None,
    market: str = "sector",
) -> dict[str, Any]:
    """:func:`profile` of a stored node, from the metrics and arrays ``cache`` keeps per
    store version (the panels' own metrics document)."""
    from jvgraph.explore import DEFAULT_OWNER_PAIRS

    node = store.get_node(node_id)
    metrics = cache.get(store, as_of=as_of, market=market, owner_pairs=DEFAULT_OWNER_PAIRS)
    arrays: GraphArrays = cache.memo(
        store, ("arrays", as_of), lambda: GraphArrays.build(store.export(), as_of)
    )
    return profile(arrays, metrics, node.id, node.label)
