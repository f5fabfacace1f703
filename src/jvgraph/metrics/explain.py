"""Explanations: the companies, holdings and sources behind a number, largest first.

``explain(dataset, "reach", "v-a")`` lists the companies of a vendor's reach
with the partners and holdings that bring each in; ``"share"`` and
``"foreclosure"`` take a vendor and a market; ``"hhi"`` and ``"mhhi"`` a
market; ``"overlap"`` two vendors.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from jvgraph.errors import NotFound, UsageError
from jvgraph.metrics.arrays import GraphArrays
from jvgraph.metrics.common_ownership import market_shares, owner_contributions
from jvgraph.metrics.concentration import concentration
from jvgraph.metrics.reach import reach_matrix
from jvgraph.model import Dataset

__all__ = ["TOPICS", "explain"]

TOPICS = {"reach": 1, "share": 2, "foreclosure": 2, "hhi": 1, "mhhi": 1, "overlap": 2}


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
        "share": _share,
        "foreclosure": _share,
        "hhi": _hhi,
        "mhhi": _mhhi,
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
                "revenue_usd": float(g.revenue[c]),
                "holdings": [
                    {"owner": r.owner_id, "stake": _stake(r.stake), "source": r.source}
                    for r in via.itertuples()
                ],
            }
        )
    return sorted(rows, key=lambda r: (-r["revenue_usd"], r["company"]))


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
    return {
        "value": int(cols.size),
        "revenue_usd": float(g.revenue[cols].sum()),
        "partners": sorted(partners),
        "contributions": _company_rows(g, cols, holdings, partners),
    }


def _share(
    g: GraphArrays, holdings: pd.DataFrame, args: tuple[str, ...], market: str, topic: str
) -> dict[str, Any]:
    v = _vendor(g, args[0])
    codes, m = _market_index(g, market, args[1])
    r = reach_matrix(g)
    reached_by = np.diff(r.tocsc().indptr)
    cols = [c for c in r.indices[r.indptr[v] : r.indptr[v + 1]] if codes[c] == m]
    result = concentration(g, market)[args[1]]
    value = (result["shares"] if topic == "share" else result["foreclosure"]).get(args[0], 0.0)
    rows = _company_rows(g, cols, holdings, _partners_of(g, v))
    for row, c in zip(
        rows, sorted(cols, key=lambda c: (-g.revenue[c], g.company_ids[c])), strict=True
    ):
        row["reached_by"] = int(reached_by[c])
        row["attributed_usd"] = float(g.revenue[c] / reached_by[c])
    key = "attributed_usd" if topic == "share" else "revenue_usd"
    rows.sort(key=lambda r: (-r[key], r["company"]))
    return {"value": value, "contributions": rows}


def _hhi(
    g: GraphArrays, holdings: pd.DataFrame, args: tuple[str, ...], market: str, topic: str
) -> dict[str, Any]:
    _market_index(g, market, args[0])
    result = concentration(g, market)[args[0]]
    parts = [
        {"vendor": v, "share": s, "contribution": 10_000.0 * s * s}
        for v, s in result["shares"].items()
    ]
    return {
        "value": result["hhi"],
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
    return {"value": float(part[mine].sum()), "quantity": "delta_mhhi", "contributions": parts}


def _overlap(
    g: GraphArrays, holdings: pd.DataFrame, args: tuple[str, ...], market: str, topic: str
) -> dict[str, Any]:
    a, b = _vendor(g, args[0]), _vendor(g, args[1])
    r = reach_matrix(g)
    both = np.intersect1d(
        r.indices[r.indptr[a] : r.indptr[a + 1]], r.indices[r.indptr[b] : r.indptr[b + 1]]
    )
    partners = _partners_of(g, a) | _partners_of(g, b)
    return {"value": int(both.size), "contributions": _company_rows(g, both, holdings, partners)}
