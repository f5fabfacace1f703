"""Charts of profit weights κ over time, drawn with matplotlib to SVG text."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jvgraph.report.charts import _figure, _svg, note

__all__ = ["kappa_chart"]


def _caption(ax: Any, sources: list[str], control: str) -> None:
    text = "; ".join(sources) or "the loaded dataset"
    note(ax, f"Source: {text}. κ computed by jvgraph ({control} control).")


def kappa_chart(doc: dict[str, Any]) -> str:
    """An SVG line chart of a κ series (``explore.ownership.kappa_series``): κ of each
    followed pair by quarter, or the median and mean over all pairs when none is followed."""
    names = doc.get("names", {})
    rows = doc["series"]
    days = [dt.date.fromisoformat(r["as_of"]) for r in rows]
    pairs = list(rows[0]["kappa"]) if rows else []
    fig, ax = _figure(7.5, 3.6)
    if pairs:
        for key in pairs:
            f, g = key.split(">")
            values = [r["kappa"][key] for r in rows]
            ax.plot(
                days,
                values,
                marker="o",
                markersize=3,
                label=f"κ({names.get(f, f)} → {names.get(g, g)})",
            )
        ax.set_title(f"Profit weights between {doc['name']} firms, by quarter")
    else:
        ax.plot(
            days, [r["median"] for r in rows], color="#2457c5", label="median over ordered pairs"
        )
        ax.plot(
            days,
            [r["mean"] for r in rows],
            color="#c2410c",
            linestyle="--",
            linewidth=1,
            label="mean",
        )
        ax.set_title(f"Profit weights κ across {doc['name']} pairs, by quarter")
    ax.set_xlabel("quarter (13F report date)")
    ax.set_ylabel("κ (weight on the other firm's profit, 1 = own)")
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    _caption(ax, doc.get("sources", []), doc["control"])
    return _svg(fig)
