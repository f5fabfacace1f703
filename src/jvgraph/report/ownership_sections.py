"""The report's section on common ownership among a market's firms: profit weights κ
(O'Brien & Salop), their matrix, their course over the quarters of 13F-like data, and
the largest holders with what each adds."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jvgraph.report.ownership_charts import ownership_chart_keys
from jvgraph.report.profit_weights import holders_rows, profit_weights_rows
from jvgraph.report.references import cite
from jvgraph.report.sections import Block

__all__ = ["profit_weights_section", "quarter"]


def quarter(day: str) -> str:
    """``2015-03-31`` → ``2015Q1`` for a quarter's last day; any other date as it is."""
    d = dt.date.fromisoformat(day)
    end = (d + dt.timedelta(days=1)).day == 1 and d.month % 3 == 0
    return f"{d.year}Q{(d.month - 1) // 3 + 1}" if end else day


def _k(value: float | None) -> str:
    return "—" if value is None else f"{value:.4f}"


def _why_none(weights: dict[str, Any]) -> str:
    reasons = sorted({c["reason"] for c in weights["markets"].values() if not c["computed"]})
    return "no market has κ: " + ("; ".join(reasons) or "the data has no market")


def _series_table(name: str, series: dict[str, Any]) -> Block:
    rows = series["series"]
    keys = list(rows[0]["kappa"]) if rows else []
    names = series["names"]
    heads = [f"κ({names.get(f, f)} → {names.get(g, g)})" for f, g in (k.split(">") for k in keys)]
    return Block(
        "table",
        caption=f"Profit weights κ among {name} firms, by quarter",
        headers=["quarter", "firms", "median κ", "mean κ", *heads],
        rows=[
            [
                quarter(r["as_of"]),
                str(r["firms"]),
                _k(r["median"]),
                _k(r["mean"]),
                *(_k(r["kappa"][k]) for k in keys),
            ]
            for r in rows
        ],
    )


def _per_market(doc: dict[str, Any]) -> list[Block]:
    blocks: list[Block] = []
    series = doc["kappa_series"]["markets"]
    for name, keys in ownership_chart_keys(doc).items():
        if "matrix" in keys:
            blocks.append(
                Block("figure", text=keys["matrix"], caption=f"Profit weights κ among {name} firms")
            )
        if "series" in keys:
            blocks += [
                Block("figure", text=keys["series"], caption=f"κ among {name} firms by quarter"),
                _series_table(name, series[name]),
            ]
    return blocks


def profit_weights_section(doc: dict[str, Any]) -> list[Block] | str:
    """The blocks of the κ section, or why the report has none."""
    weights = doc["profit_weights"]
    if not any(c["computed"] for c in weights["markets"].values()):
        return _why_none(weights)
    refs = cite(doc, "obrien-salop-2000", "bcs-2021")
    blocks = [
        Block(
            "p",
            text="Profit weights κ: κ(f → g) = Σᵢ βᵢf βᵢg / Σᵢ βᵢf², the weight firm f's "
            "owners, through their stakes, put on firm g's profit relative to f's own "
            f"{refs} ({weights['control']} control; 1 means as much as its own). Given for "
            "markets whose stakes are all known and that have at most "
            f"{weights['max_firms']:,} held firms; medians and means run over every ordered "
            "pair of the market's held firms, and the owners are listed with their part of the "
            "mean κ. κ measures incentives implied by ownership, not conduct.",
        ),
        Block(
            "table",
            caption="Profit weights κ per market",
            headers=["market", "firms", "median κ", "mean κ", "largest κ", "owners adding most"],
            rows=profit_weights_rows(weights),
        ),
        *_per_market(doc),
    ]
    reason = doc["kappa_series"].get("reason")
    if reason:
        blocks.append(Block("p", text=f"No κ series by quarter: {reason}."))
    blocks += [
        Block(
            "p",
            text="The largest holders: the owners whose stakes in the market's firms sum "
            "highest, with how many of its firms each holds, its mean stake over them, its "
            "largest stake, its part of the mean κ and its contribution to ΔMHHI (where the "
            "firms have revenue).",
        ),
        Block(
            "table",
            caption="The largest holders of each market's firms",
            headers=[
                "market",
                "owner",
                "firms held",
                "mean stake",
                "largest stake",
                "part of mean κ",
                "ΔMHHI contribution",
            ],
            rows=holders_rows(weights, doc["common_ownership"]),
        ),
    ]
    return blocks
