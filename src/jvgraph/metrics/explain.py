"""Explanations: the companies, holdings and sources behind a number, largest first.

``explain(dataset, "reach", "v-a")`` lists the companies of a vendor's reach
with the partners and holdings that bring each in; ``"foreclosure"`` takes a
vendor and a market (its reached companies, each marked exclusive or not);
``"access"``, ``"company-hhi"``, ``"mhhi"`` and ``"vendor-hhi"`` a market;
``"overlap"`` two vendors. Every explanation names its numbers in ``values``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from jvgraph.errors import NotFound, UsageError
from jvgraph.metrics.access import access
from jvgraph.metrics.arrays import GraphArrays
from jvgraph.metrics.common_ownership import common_ownership, market_shares, owner_contributions
from jvgraph.metrics.concentration import company_concentration
from jvgraph.metrics.reach import reach_matrix
from jvgraph.metrics.vendor_market import vendor_market
from jvgraph.model import Dataset

__all__ = ["TOPICS", "explain"]

TOPICS = {
    "reach": 1,
    "foreclosure": 2,
    "access": 1,
    "company-hhi": 1,
    "mhhi": 1,
    "vendor-hhi": 1,
    "overlap": 2,
}


def explain(
    dataset: Dataset,
    topic: str,
    *args: str,
    as_of: dt.date | None = None,
    market: str = "sector",
    limit: int = 50,
) -> dict[str, Any]:
    """The contributions behind one number; ``limit`` caps each list."""
    if topic not in TOPICS or len(args) != TOPICS[topic]:
        usage = ", ".join(f"{t} ({n} id{'s' if n > 1 else ''})" for t, n in TOPICS.items())
        raise UsageError(f"explain takes one of: {usage}")
    g = GraphArrays.build(dataset, as_of)
    holdings = _active_holdings(dataset, as_of)
    handler = {
        "reach": _reach,
        "foreclosure": _foreclosure,
        "access": _access,
        "company-hhi": _company_hhi,
        "mhhi": _mhhi,
        "vendor-hhi": _vendor_hhi,
        "overlap": _overlap,
    }[topic]
    body = handler(g, holdings, args, market, topic)
    for key, value in body.items():
        if isinstance(value, list):
            body[key] = value[:limit]
    return {
        "topic": topic,
        "args": list(args),
        "as_of": as_of.isoformat() if as_of else None,
        "market": market,
        **body,
    }


def _active_holdings(dataset: Dataset, as_of: dt.date | None) -> pd.DataFrame:
    h = dataset.tables["holdings"].to_pandas()
    if as_of is None or h.empty:
        return h
    day = pd.Timestamp(as_of)
    # in nanoseconds: Timestamp.min and max fill the open ends (a column of empty dates
    # would otherwise be read in seconds, where they do not fit)
    since = pd.to_datetime(h["since"]).astype("datetime64[ns]").fillna(pd.Timestamp.min)
    until = pd.to_datetime(h["until"]).astype("datetime64[ns]").fillna(pd.Timestamp.max)
    return h[(since <= day) & (day < until)]


def _vendor(g: GraphArrays, vendor: str) -> int:
    pos = np.flatnonzero(g.vendor_ids == vendor)
    if pos.size == 0:
        raise NotFound(f"no vendor '{vendor}' in the data")
    return int(pos[0])


def _market_index(g: GraphArrays, market: str, name: str) -> tuple[np.ndarray[Any, Any], int]:
    names, codes = g.market_codes(market)
    pos = np.flatnonzero(names == name)
    if pos.size == 0:
        raise NotFound(f"no {market} '{name}' in the data")
    return codes, int(pos[0])


def _stake(value: Any) -> float | None:
    """A stake for JSON: ``None`` where it is unknown."""
    return None if value is None or pd.isna(value) else float(value)


def _company_rows(
    g: GraphArrays, cols: Any, holdings: pd.DataFrame, partners: set[str]
) -> list[dict[str, Any]]:
    rows = []
    for c in cols:
        cid = str(g.company_ids[c])
        via = holdings[(holdings["company_id"] == cid) & holdings["owner_id"].isin(partners)]
        rows.append(
            {
                "company": cid,
                "name": str(g.company_names[c]),
                "sector": None
                if pd.isna(g.company["sector"].iat[c])
                else g.company["sector"].iat[c],
                "revenue_usd": float(g.revenue[c]) if g.revenue_known[c] else None,
                "holdings": [
                    {"owner": r.owner_id, "stake": _stake(r.stake), "source": r.source}
                    for r in via.itertuples()
                ],
            }
        )
    return sorted(rows, key=lambda r: (-(r["revenue_usd"] or 0.0), r["company"]))


def _partners_of(g: GraphArrays, v: int) -> set[str]:
    vm = g.vendor_managers()
    return {str(g.manager_ids[m]) for m in vm.indices[vm.indptr[v] : vm.indptr[v + 1]]}


def _reach(
    g: GraphArrays, holdings: pd.DataFrame, args: tuple[str, ...], market: str, topic: str
) -> dict[str, Any]:
    v = _vendor(g, args[0])
    r = reach_matrix(g)
    cols = r.indices[r.indptr[v] : r.indptr[v + 1]]
    partners = _partners_of(g, v)
    known = g.revenue_known[cols]
    revenue = float(g.revenue[cols][known].sum()) if known.any() else None
    return {
        "value": int(cols.size),
        "quantity": "companies",
        "values": {"companies": int(cols.size), "revenue_usd": revenue},
        "revenue_usd": revenue,
        "partners": sorted(partners),
        "contributions": _company_rows(g, cols, holdings, partners),
    }


def _foreclosure(
    g: GraphArrays, holdings: pd.DataFrame, args: tuple[str, ...], market: str, topic: str
) -> dict[str, Any]:
    v = _vendor(g, args[0])
    codes, m = _market_index(g, market, args[1])
    r = reach_matrix(g)
    reached_by = np.diff(r.tocsc().indptr)
    cols = [c for c in r.indices[r.indptr[v] : r.indptr[v + 1]] if codes[c] == m]
    entry = access(g, market, reach=r)[args[1]]
    shares = entry["vendors"].get(args[0], {})
    rows = _company_rows(g, cols, holdings, _partners_of(g, v))
    by_id = {str(g.company_ids[c]): c for c in cols}
    for row in rows:
        c = by_id[row["company"]]
        row["reached_by"] = int(reached_by[c])
        row["exclusive"] = bool(reached_by[c] == 1)
    values = {
        k: shares.get(k, 0.0 if entry["any_vendor_share"] is not None else None)
        for k in ("foreclosure_share", "exclusive_share", "contested_share")
    }
    return {
        "value": values["foreclosure_share"],
        "quantity": "foreclosure_share",
        "values": {**values, **_denominator(entry)},
        "contributions": rows,
    }


def _denominator(entry: dict[str, Any]) -> dict[str, Any]:
    keys = ("denominator", "market_revenue_usd", "market_revenue_source", "companies")
    return {k: entry[k] for k in keys}


def _access(
    g: GraphArrays, holdings: pd.DataFrame, args: tuple[str, ...], market: str, topic: str
) -> dict[str, Any]:
    codes, m = _market_index(g, market, args[0])
    r = reach_matrix(g).tocsc()
    entry = access(g, market, reach=r.tocsr())[args[0]]
    rows: list[dict[str, Any]] = []
    for c in np.flatnonzero(codes == m):
        vendors = sorted(str(g.vendor_ids[v]) for v in r.indices[r.indptr[c] : r.indptr[c + 1]])
        if vendors:
            rows.append(
                {
                    "company": str(g.company_ids[c]),
                    "name": str(g.company_names[c]),
                    "revenue_usd": float(g.revenue[c]) if g.revenue_known[c] else None,
                    "vendors": vendors,
                }
            )
    rows.sort(key=lambda row: (-(row["revenue_usd"] or 0.0), row["company"]))
    return {
        "value": entry["any_vendor_share"],
        "quantity": "any_vendor_share",
        "values": {
            "any_vendor_share": entry["any_vendor_share"],
            "any_vendor_share_by_count": entry["any_vendor_share_by_count"],
            **_denominator(entry),
        },
        "contributions": rows,
    }


def _company_hhi(
    g: GraphArrays, holdings: pd.DataFrame, args: tuple[str, ...], market: str, topic: str
) -> dict[str, Any]:
    _, m = _market_index(g, market, args[0])
    _, codes, share = market_shares(g, market)
    entry = company_concentration(g, market)[args[0]]
    parts = [
        {
            "company": str(g.company_ids[c]),
            "name": str(g.company_names[c]),
            "share": float(share[c]) if g.revenue_known[c] else None,
            "contribution": 10_000.0 * float(share[c]) ** 2,
        }
        for c in np.flatnonzero(codes == m)
    ]
    keys = ("company_hhi", "company_hhi_max", "company_cr4", "unlisted_share", "denominator")
    return {
        "value": entry["company_hhi"],
        "quantity": "company_hhi",
        "values": {k: entry[k] for k in keys},
        "guidelines_2023": entry["guidelines_2023"],
        "contributions_sum_to": "company_hhi",
        "contributions": sorted(parts, key=lambda p: (-p["contribution"], p["company"])),
    }


def _vendor_hhi(
    g: GraphArrays, holdings: pd.DataFrame, args: tuple[str, ...], market: str, topic: str
) -> dict[str, Any]:
    entry = vendor_market(g, market).get(args[0])
    if entry is None:
        raise NotFound(
            f"no vendor shares for {market} '{args[0]}': the vendor market is known only "
            "from vendor_shares.csv"
        )
    parts = [
        {"vendor": v, "share": s, "source": entry["sources"][v], "contribution": 10_000.0 * s * s}
        for v, s in entry["shares"].items()
    ]
    keys = ("hhi", "hhi_max", "unlisted_share", "cr4")
    return {
        "value": entry["hhi"],
        "quantity": "hhi",
        "values": {k: entry[k] for k in keys},
        "guidelines_2023": entry["guidelines_2023"],
        "contributions_sum_to": "hhi",
        "contributions": sorted(parts, key=lambda p: (-p["contribution"], p["vendor"])),
    }


def _mhhi(
    g: GraphArrays, holdings: pd.DataFrame, args: tuple[str, ...], market: str, topic: str
) -> dict[str, Any]:
    _, codes, share = market_shares(g, market)
    _, m = _market_index(g, market, args[0])
    coo = g.stakes.tocoo()
    owner, mk, part = owner_contributions(coo.row, coo.col, coo.data, share, codes)
    mine = mk == m
    pairs = sorted(
        zip(part[mine].tolist(), owner[mine].tolist(), strict=True),
        key=lambda x: (-x[0], str(g.owner_ids[x[1]])),
    )
    parts = [{"owner": str(g.owner_ids[o]), "contribution": p} for p, o in pairs]
    row = common_ownership(g, market)[args[0]]
    values = {k: row[k] for k in ("company_hhi", "delta_mhhi", "mhhi", "denominator")}
    return {
        "value": row["mhhi"],
        "quantity": "mhhi",
        "values": {**values, "lower_bounds": row["lower_bounds"]},
        "contributions_sum_to": "delta_mhhi",
        "contributions": parts,
    }


def _overlap(
    g: GraphArrays, holdings: pd.DataFrame, args: tuple[str, ...], market: str, topic: str
) -> dict[str, Any]:
    a, b = _vendor(g, args[0]), _vendor(g, args[1])
    r = reach_matrix(g)
    both = np.intersect1d(
        r.indices[r.indptr[a] : r.indptr[a + 1]], r.indices[r.indptr[b] : r.indptr[b + 1]]
    )
    partners = _partners_of(g, a) | _partners_of(g, b)
    return {
        "value": int(both.size),
        "quantity": "shared",
        "values": {"shared": int(both.size)},
        "contributions": _company_rows(g, both, holdings, partners),
    }
