"""The paths that matter: the largest companies more than one vendor reaches, and how each
vendor reaches them (its JV, the partner holding the company, the partner's stake).

A contested company is one in the reach of two vendors or more (the companies behind
the contested share). The report lists the largest by revenue (then by how many
vendors reach them, then by name), each with every direct route: vendor → JV ← partner
→ company.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from jvgraph.metrics.arrays import GraphArrays
from jvgraph.metrics.reach import reach_matrix

__all__ = ["TOP", "contested_content", "contested_rows"]

#: the contested companies a report lists
TOP = 10


def _routes(g: GraphArrays, v: int, c: int) -> list[dict[str, Any]]:
    """Every JV of vendor ``v`` with a partner holding company ``c`` directly."""
    out = []
    stakes = g.stakes
    for j in g.formed.getrow(v).indices:
        for m in g.partners.getrow(j).indices:
            row = slice(stakes.indptr[m], stakes.indptr[m + 1])
            at = np.flatnonzero(stakes.indices[row] == c)
            if not at.size:
                continue
            stake = float(stakes.data[row][at[0]])
            out.append({
                "jv": str(g.jv["name"].iloc[j]),
                "partner": str(g.manager_names[m]),
                "partner_id": str(g.manager_ids[m]),
                "stake": None if math.isnan(stake) else float(stake),
            })  # fmt: skip
    return out


def contested_content(g: GraphArrays, market: str, top: int = TOP) -> dict[str, Any]:
    """``companies``: how many companies two vendors or more reach; ``listed``: the
    largest, each with its market, revenue and every vendor's routes to it."""
    reach = reach_matrix(g).tocsc()
    vendors = np.diff(reach.indptr)
    contested = np.flatnonzero(vendors >= 2)
    revenue = np.where(g.revenue_known, g.revenue, -1.0)
    names = g.company_names
    order = sorted(contested.tolist(), key=lambda c: (-revenue[c], -vendors[c], str(names[c])))
    markets = g.company[market].astype(object).where(g.company[market].notna(), None)
    listed = []
    for c in order[:top]:
        reached_by = reach.indices[reach.indptr[c] : reach.indptr[c + 1]]
        listed.append({
            "id": str(g.company_ids[c]),
            "name": str(names[c]),
            "market": markets.iloc[c],
            "revenue_usd": float(revenue[c]) if revenue[c] >= 0 else None,
            "vendors": {str(g.vendor_ids[v]): _routes(g, int(v), c) for v in reached_by},
        })  # fmt: skip
    return {"companies": int(contested.size), "listed": listed}


def _route(r: dict[str, Any]) -> str:
    stake = "stake not known" if r["stake"] is None else f"stake {r['stake']:.1%}"
    return f"{r['jv']} ← {r['partner']} ({stake})"


def contested_rows(content: dict[str, Any], vendor_names: dict[str, str]) -> list[list[str]]:
    """Table rows: company, market, revenue, vendor, its routes."""
    rows = []
    for c in content["listed"]:
        revenue = "—" if c["revenue_usd"] is None else f"{c['revenue_usd']:,.0f}"
        for v, routes in c["vendors"].items():
            rows.append([
                c["name"], c["market"] or "—", revenue, vendor_names.get(v, v),
                "; ".join(_route(r) for r in routes) or "through holdings of held companies",
            ])  # fmt: skip
    return rows
