"""The report's profit-weights part: κ between the firms of each market (O'Brien & Salop).

κ needs every stake of a market to be known, and it is listed pair by pair, so it
is given for markets whose held firms number at most :data:`MAX_FIRMS`; the
others say why they have none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import numpy as np

from jvgraph.metrics.arrays import GraphArrays
from jvgraph.metrics.kappa import kappa_series, market_kappa
from jvgraph.model import Dataset

__all__ = [
    "MATRIX_FIRMS",
    "MAX_FIRMS",
    "holders_rows",
    "kappa_series_content",
    "profit_weights_content",
    "profit_weights_rows",
]

#: markets with more held firms than this get no κ table (n² ordered pairs)
MAX_FIRMS = 500
#: markets with at most this many held firms get the whole κ matrix (a heatmap)
MATRIX_FIRMS = 30
#: the largest holders listed per market
HOLDERS = 10
_PAIRS = 3
_OWNERS = 3


def _held_and_unknown(g: GraphArrays, codes: Any, n: int) -> tuple[Any, Any]:
    """Per market: how many of its companies are held, and its holdings of unknown stake."""
    coo = g.stakes.tocoo()
    held = np.zeros(codes.size, dtype=bool)
    held[coo.col] = True
    valid = codes >= 0
    firms = np.bincount(codes[valid & held], minlength=n)
    market = codes[coo.col]
    unknown = np.bincount(market[np.isnan(coo.data) & (market >= 0)], minlength=n)
    return firms, unknown


def _reason(firms: int, unknown: int) -> str | None:
    if unknown:
        return "stakes are not known"
    if firms < 2:
        return "fewer than two firms are held"
    if firms > MAX_FIRMS:
        return f"{firms:,} firms (κ is listed for markets of at most {MAX_FIRMS:,})"
    return None


def profit_weights_content(
    g: GraphArrays, market: str, delta_parts: Callable[[str], dict[str, float]] | None = None
) -> dict[str, Any]:
    """``markets``: per market, κ's summary, the largest pairs, the owners adding most,
    the whole matrix where it is small and the largest holders (with their part of ΔMHHI,
    ``delta_parts`` by owner and market), or why none; ``max_firms`` and ``control`` say
    how."""
    names, codes = g.market_codes(market)
    firms, unknown = _held_and_unknown(g, codes, len(names))
    out: dict[str, Any] = {}
    for m, name in enumerate(names):
        reason = _reason(int(firms[m]), int(unknown[m]))
        if reason:
            out[str(name)] = {"computed": False, "reason": reason}
            continue
        out[str(name)] = _market(g, market, str(name), int(firms[m]))
        parts = delta_parts(str(name)) if delta_parts else {}
        for h in out[str(name)]["holders"]:
            h["delta_mhhi_part"] = parts.get(h["id"], 0.0)
    return {
        "control": "proportional",
        "max_firms": MAX_FIRMS,
        "matrix_firms": MATRIX_FIRMS,
        "markets": out,
    }


def _market(g: GraphArrays, market: str, name: str, firms: int) -> dict[str, Any]:
    """One market's κ: summary, largest pairs, owners adding most, the whole matrix where
    it is small, and the largest holders."""
    whole = firms <= MATRIX_FIRMS
    doc = market_kappa(
        g,
        market,
        name,
        max_pairs=firms * (firms - 1) if whole else _PAIRS,
        top_owners=g.stakes.shape[0],
    )
    names = {f["id"]: f["name"] for f in doc["firms"]}
    parts = {o["id"]: o["mean_kappa_part"] for o in doc["owners"]}
    out: dict[str, Any] = {
        "computed": True,
        "firms": len(doc["firms"]),
        "summary": doc["summary"],
        "pairs": doc["pairs"][:_PAIRS],
        "owners": doc["owners"][:_OWNERS],
        "names": names,
        "holders": _holders(g, [f["id"] for f in doc["firms"]], names, parts),
    }
    if whole:
        out["matrix"] = _matrix(doc["pairs"], sorted(names, key=lambda i: (names[i], i)))
    return out


def _matrix(pairs: list[dict[str, Any]], ids: list[str]) -> dict[str, Any]:
    """κ(row → column) for every ordered pair of ``ids`` (``None`` on the diagonal and
    where κ is undefined: a firm whose owners have no control weight)."""
    index = {k: i for i, k in enumerate(ids)}
    grid: list[list[float | None]] = [[None] * len(ids) for _ in ids]
    for p in pairs:
        grid[index[p["f"]]][index[p["g"]]] = float(p["kappa"])
    return {"firms": ids, "kappa": grid}


def _holders(
    g: GraphArrays, firm_ids: list[str], names: dict[str, str], parts: dict[str, float]
) -> list[dict[str, Any]]:
    """The owners holding most of the market's firms (the sum of their stakes), with how
    many firms each holds, its largest stake and its part of the mean κ."""
    where = {c: i for i, c in enumerate(g.company_ids.tolist())}
    columns = np.array([where[f] for f in firm_ids], dtype=np.int64)
    beta = g.stakes[:, columns].tocsr()
    totals = np.asarray(beta.sum(axis=1)).ravel()
    order = np.argsort(-totals, kind="stable")[:HOLDERS]
    owner_names = g.owner_names
    rows = []
    for i in order:
        if totals[i] <= 0:
            break
        row = beta.getrow(i).toarray().ravel()
        top = int(np.argmax(row))
        owner = str(g.owner_ids[i])
        rows.append({
            "id": owner,
            "name": str(owner_names[i]),
            "firms_held": int((row > 0).sum()),
            "stakes": {firm_ids[j]: float(row[j]) for j in np.flatnonzero(row)},
            "mean_stake": float(totals[i] / len(firm_ids)),
            "largest_stake": float(row[top]),
            "largest_in": names[firm_ids[top]],
            "mean_kappa_part": parts.get(owner, 0.0),
        })  # fmt: skip
    return rows


def _k(value: float | None) -> str:
    return "—" if value is None else f"{value:.4f}"


def profit_weights_rows(content: dict[str, Any]) -> list[list[str]]:
    """Table rows: market, firms, median κ, mean κ, the largest κ, owners adding most."""
    rows = []
    for name, c in content["markets"].items():
        if not c["computed"]:
            rows.append([name, "—", "—", "—", f"not computed: {c['reason']}", "—"])
            continue
        top = c["pairs"][0] if c["pairs"] and c["pairs"][0]["kappa"] > 0 else None
        largest = (
            f"{_k(top['kappa'])} ({c['names'][top['f']]} → {c['names'][top['g']]})" if top else "—"
        )
        owners = ", ".join(f"{o['name']} {_k(o['mean_kappa_part'])}" for o in c["owners"])
        s = c["summary"]
        rows.append([name, str(c["firms"]), _k(s["median"]), _k(s["mean"]), largest, owners or "—"])
    return rows


def _pct(value: float) -> str:
    return f"{value:.2%}"


def holders_rows(content: dict[str, Any], ownership: dict[str, Any]) -> list[list[str]]:
    """Table rows of the largest holders of each market: market, owner, firms held, mean
    stake, largest stake (in which firm), part of the mean κ, and its ΔMHHI contribution
    where the market has a ΔMHHI (``ownership``: the metrics' ``common_ownership``)."""
    rows = []
    for name, c in content["markets"].items():
        if not c["computed"]:
            continue
        has_delta = (ownership.get(name) or {}).get("delta_mhhi") is not None
        for h in c["holders"]:
            part = h.get("delta_mhhi_part")
            rows.append([
                name, h["name"], f"{h['firms_held']} of {c['firms']}", _pct(h["mean_stake"]),
                f"{_pct(h['largest_stake'])} ({h['largest_in']})", _k(h["mean_kappa_part"]),
                f"{part:,.1f}" if has_delta and part is not None else "—",
            ])  # fmt: skip
    return rows


#: a κ series is drawn for panel data of at most this many report dates
MAX_DATES = 40
#: and for at most this many markets (those with the most firms)
SERIES_MARKETS = 3


def _dates(data: Dataset) -> list[dt.date]:
    """The distinct dates the holdings start on."""
    import pyarrow.compute as pc

    since = pc.unique(data.tables["holdings"].column("since").drop_null()).to_pylist()
    return sorted(d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d)) for d in since)


def kappa_series_content(data: Dataset, market: str, content: dict[str, Any]) -> dict[str, Any]:
    """κ on every date the holdings start (13F: each quarter's report date) for the markets
    with a κ matrix: the median and mean over ordered pairs and κ of the report date's
    largest pairs; or why there is no series (``reason``)."""
    dates = _dates(data)
    if len(dates) < 2:
        return {
            "dates": [str(d) for d in dates],
            "reason": "the holdings start on fewer than two dates",
            "markets": {},
        }
    if len(dates) > MAX_DATES:
        return {
            "dates": [],
            "reason": f"the holdings start on {len(dates):,} different dates, not a panel of "
            f"at most {MAX_DATES} report dates",
            "markets": {},
        }
    chosen = sorted(
        (n for n, c in content["markets"].items() if c["computed"] and "matrix" in c),
        key=lambda n: (-content["markets"][n]["firms"], n),
    )[:SERIES_MARKETS]
    out = {}
    for name in chosen:
        c = content["markets"][name]
        pairs = [(p["f"], p["g"]) for p in c["pairs"] if p["kappa"] > 0]
        rows = kappa_series(data, market, name, dates, pairs=pairs)
        out[name] = {
            "name": name,
            "control": content["control"],
            "names": c["names"],
            "series": rows,
        }
    reason = None if out else f"no market has a κ matrix (at most {MATRIX_FIRMS} firms)"
    return {"dates": [str(d) for d in dates], "reason": reason, "markets": out}
