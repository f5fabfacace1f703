"""The report's profit-weights part: κ between the firms of each market (O'Brien & Salop).

κ needs every stake of a market to be known, and it is listed pair by pair, so it
is given for markets whose held firms number at most :data:`MAX_FIRMS`; the
others say why they have none.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from jvgraph.metrics.arrays import GraphArrays
from jvgraph.metrics.kappa import market_kappa

__all__ = ["MAX_FIRMS", "profit_weights_content", "profit_weights_rows"]

#: markets with more held firms than this get no κ table (n² ordered pairs)
MAX_FIRMS = 500
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


def profit_weights_content(g: GraphArrays, market: str) -> dict[str, Any]:
    """``markets``: per market, κ's summary, the largest pairs and the owners adding most,
    or why none; ``max_firms`` and ``control`` say how."""
    names, codes = g.market_codes(market)
    firms, unknown = _held_and_unknown(g, codes, len(names))
    out: dict[str, Any] = {}
    for m, name in enumerate(names):
        reason = _reason(int(firms[m]), int(unknown[m]))
        if reason:
            out[str(name)] = {"computed": False, "reason": reason}
            continue
        doc = market_kappa(g, market, str(name), max_pairs=_PAIRS, top_owners=_OWNERS)
        out[str(name)] = {
            "computed": True,
            "firms": len(doc["firms"]),
            "summary": doc["summary"],
            "pairs": doc["pairs"],
            "owners": doc["owners"],
            "names": {f["id"]: f["name"] for f in doc["firms"]},
        }
    return {"control": "proportional", "max_firms": MAX_FIRMS, "markets": out}


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
