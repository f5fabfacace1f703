"""Charts of profit weights κ over time, drawn with matplotlib to SVG text."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from jvgraph.report.charts import _figure, _svg, note

__all__ = ["kappa_chart", "kappa_figure", "quarter", "quarter_ticks"]

#: quarter labels that fit side by side on a page-wide chart
MAX_LABELS = 12


def _caption(ax: Any, sources: list[str], control: str) -> None:
    text = "; ".join(sources) or "the loaded dataset"
    note(ax, f"Source: {text}. κ computed by jvgraph ({control} control).")


def quarter(day: dt.date) -> str:
    """The quarter of a date, as ``2014Q3``.

    >>> quarter(dt.date(2014, 9, 30))
    '2014Q3'
    """
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def quarter_ticks(ax: Any, days: list[dt.date]) -> None:
    """Ticks on the x axis at the quarters of ``days``, labelled ``2014Q3``; where more
    quarters than fit, a labelled tick every 2nd, 4th, ... quarter (on the same quarters
    every year) and an unlabelled one at each of the others."""
    from matplotlib.ticker import NullFormatter

    if not days:
        return
    step = 1
    while math.ceil(len(days) / step) > MAX_LABELS:
        step *= 2
    major = [d for d in days if (d.year * 4 + (d.month - 1) // 3) % step == 0] or days[:1]
    ax.set_xticks(major, [quarter(d) for d in major])
    if step > 1:
        ax.set_xticks([d for d in days if d not in major], minor=True)
        ax.xaxis.set_minor_formatter(NullFormatter())
    ax.tick_params(axis="x", labelsize=8)


def kappa_figure(doc: dict[str, Any]) -> Any:
    """The figure of :func:`kappa_chart`, drawn, not saved."""
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
    quarter_ticks(ax, days)
    ax.set_xlabel("quarter (13F report date)")
    ax.set_ylabel("κ (weight on the other\nfirm's profit, 1 = own)")
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    _caption(ax, doc.get("sources", []), doc["control"])
    return fig


def kappa_chart(doc: dict[str, Any]) -> str:
    """An SVG line chart of a κ series (``explore.ownership.kappa_series``): κ of each
    followed pair by quarter, or the median and mean over all pairs when none is followed."""
    return _svg(kappa_figure(doc))
