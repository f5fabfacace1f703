"""The report's charts of common ownership among a market's firms: the matrix of profit
weights κ (a heatmap labelled by name, every cell valued) and κ by quarter."""

from __future__ import annotations

from typing import Any

from jvgraph.report.charts import _figure, _svg, note
from jvgraph.report.kappa_charts import kappa_chart

__all__ = ["kappa_matrix_chart", "ownership_chart_keys", "ownership_charts"]


def ownership_chart_keys(doc: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Per market with a κ matrix or series, the names of its charts (``matrix``,
    ``series``), which are also their HTML ids and file names."""
    out: dict[str, dict[str, str]] = {}
    series = doc.get("kappa_series", {}).get("markets", {})
    for i, (name, c) in enumerate(sorted(doc["profit_weights"]["markets"].items())):
        keys = {}
        if c.get("matrix"):
            keys["matrix"] = f"kappa-matrix-{i + 1}"
        if name in series and len(series[name]["series"]) >= 2:
            keys["series"] = f"kappa-series-{i + 1}"
        if keys:
            out[name] = keys
    return out


def kappa_matrix_chart(name: str, content: dict[str, Any], as_of: str | None) -> str:
    """The κ matrix of one market: row firm f's weight on column firm g's profit."""
    import numpy as np

    ids = content["matrix"]["firms"]
    grid = np.array(
        [[np.nan if v is None else v for v in row] for row in content["matrix"]["kappa"]]
    )
    labels = [content["names"].get(i, i) for i in ids]
    n = len(ids)
    fig, ax = _figure(2.4 + 0.62 * n, 1.6 + 0.5 * n)
    top = max(1.0, float(np.nanmax(grid)) if np.isfinite(grid).any() else 1.0)
    image = ax.imshow(grid, cmap="Oranges", vmin=0, vmax=top)
    ax.set_xticks(range(n), labels, rotation=50, ha="right", fontsize=7)
    ax.set_yticks(range(n), labels, fontsize=7)
    for a in range(n):
        for b in range(n):
            text = "—" if not np.isfinite(grid[a, b]) else f"{grid[a, b]:.2f}"
            dark = np.isfinite(grid[a, b]) and grid[a, b] > 0.6 * top
            ax.text(b, a, text, ha="center", va="center", fontsize=7,
                    color="white" if dark else "black")  # fmt: skip
    fig.colorbar(image, ax=ax, label="κ (1 = as much as its own profit)")
    ax.set_xlabel("whose profit (g)")
    ax.set_ylabel("weighing firm (f)")
    ax.set_title(f"Profit weights κ(f → g) among {name} firms", fontsize=10)
    note(ax, f"As of {as_of or 'all dates'}; κ computed by jvgraph (proportional control).")
    return _svg(fig)


def ownership_charts(doc: dict[str, Any]) -> dict[str, str]:
    """Every κ chart of the report, by name, as SVG text."""
    out: dict[str, str] = {}
    markets = doc["profit_weights"]["markets"]
    series = doc.get("kappa_series", {}).get("markets", {})
    sources = [s["source"] for s in doc["provenance"]["sources"]]
    for name, keys in ownership_chart_keys(doc).items():
        if "matrix" in keys:
            out[keys["matrix"]] = kappa_matrix_chart(name, markets[name], doc["as_of"])
        if "series" in keys:
            out[keys["series"]] = kappa_chart({**series[name], "sources": sources[:3]})
    return out
