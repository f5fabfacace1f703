"""The report's charts, drawn with matplotlib to SVG text (no network, no fonts fetched)."""

from __future__ import annotations

import io
from typing import Any

__all__ = ["charts", "manager_overlap_figure", "note"]

SOURCE = "Source: jvgraph, computed from the loaded dataset"


def _svg(fig: Any) -> str:
    import matplotlib.pyplot as plt

    out = io.StringIO()
    fig.savefig(out, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    text = out.getvalue()
    return text[text.index("<svg") :]


def _figure(width: float, height: float, *, constrained: bool = True) -> tuple[Any, Any]:
    """A figure of ``width`` × ``height`` inches and its axes. With ``constrained`` the
    axes shrink until every label, tick label, title and colour bar lies inside it."""
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.fonttype"] = "none"
    matplotlib.rcParams["svg.hashsalt"] = "jvgraph"
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(width, height), layout="constrained" if constrained else None)
    return fig, ax


def _caption(ax: Any, as_of: str | None) -> None:
    note(ax, f"{SOURCE}, as of {as_of or 'all dates'}.")


NOTE_POINTS = 7


def note(ax: Any, text: str) -> None:
    """A small source line at the foot of a chart's figure, broken into lines that fit its
    width (a constrained layout keeps room for it under every axis label)."""
    import textwrap

    fig = ax.figure
    width = fig.get_size_inches()[0]
    label = fig.supxlabel(
        text, x=4 / 72 / width, ha="left", va="bottom", fontsize=NOTE_POINTS, color="#555555"
    )
    if fig.get_layout_engine() is None:  # placed by hand: 2 points above the foot
        label.set_y(2 / 72 / fig.get_size_inches()[1])
    renderer = fig.canvas.get_renderer()
    chars = len(text)
    while label.get_window_extent(renderer).width > (width - 0.15) * fig.dpi and chars > 20:
        chars = int(chars * 0.9)
        label.set_text("\n".join(textwrap.wrap(text, chars, break_long_words=False)))


def reach_chart(doc: dict[str, Any]) -> str:
    vendors = list(doc["reach"])
    names = doc.get("vendor_names", {})
    sectors = sorted({s for r in doc["reach"].values() for s in r["by_sector"]})
    fig, ax = _figure(7.5, max(2.5, 0.28 * len(sectors) * max(1, len(vendors)) ** 0.5 + 1))
    height = 0.8 / max(1, len(vendors))
    for i, v in enumerate(vendors):
        values = [doc["reach"][v]["by_sector"].get(s, {}).get("companies", 0) for s in sectors]
        ax.barh(
            [k + i * height for k in range(len(sectors))],
            values,
            height=height,
            label=names.get(v, v),
        )
    ax.set_yticks([k + 0.4 - height / 2 for k in range(len(sectors))], sectors, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("portfolio companies reached (count)")
    ax.set_title("Reach per vendor by sector")
    ax.legend(fontsize=8)
    _caption(ax, doc["as_of"])
    return _svg(fig)


def access_chart(doc: dict[str, Any]) -> str:
    """Each vendor's foreclosure share per market (of the markets with revenue shares)."""
    rows = [r for r in doc["access_table"] if r["any_vendor_share"] is not None]
    vendors = list(doc["reach"])
    fig, ax = _figure(7.5, max(2.5, 0.3 * len(rows) * max(1, len(vendors)) ** 0.5 + 1))
    height = 0.8 / max(1, len(vendors))
    for i, v in enumerate(vendors):
        values = [100 * (r["vendors"].get(v, {}).get("foreclosure_share") or 0.0) for r in rows]
        name = doc["vendor_names"].get(v, v)
        ax.barh([k + i * height for k in range(len(rows))], values, height=height, label=name)
    ax.set_yticks([k + 0.4 - height / 2 for k in range(len(rows))], [r["market"] for r in rows])
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    bases = {r["denominator"] for r in rows}
    of = "the companies in the data" if bases == {"companies_in_data"} else "the market's revenue"
    ax.set_xlabel(f"foreclosure share: revenue reached, % of {of}")
    ax.set_title("Customer access: foreclosure share per market and vendor")
    ax.tick_params(axis="y", labelsize=8)
    ax.legend(fontsize=8)
    _caption(ax, doc["as_of"])
    return _svg(fig)


def _heatmap(
    labels: list[str],
    shared: list[list[int]],
    jaccard: list[list[float]],
    title: str,
    as_of: str | None,
) -> Any:
    """A matrix of pairs, drawn: each off-diagonal cell the companies the pair shares (its
    number written in it) coloured by their Jaccard similarity; the diagonal left blank."""
    import textwrap

    import numpy as np

    n = len(labels)
    grid = np.array(jaccard, dtype=float).reshape(n, n)
    np.fill_diagonal(grid, np.nan)
    labels = [textwrap.fill(x, 24, break_long_words=False) for x in labels]
    longest = max((len(y) for x in labels for y in x.splitlines()), default=0) * 0.06
    width, height = 1.6 + 0.42 * n + longest, 1.4 + 0.42 * n + longest
    fig, ax = _figure(max(4.2, width), max(3.4, height))
    cmap = _blues()
    image = ax.imshow(grid, cmap=cmap, vmin=0, vmax=1)
    ax.set_xticks(range(n), labels, rotation=90, fontsize=7)  # upright boxes do not overlap
    ax.set_yticks(range(n), labels, fontsize=7)
    for a in range(n):
        for b in range(n):
            if a != b:
                ax.text(b, a, f"{shared[a][b]:,}", ha="center", va="center", fontsize=7,
                        color="white" if grid[a, b] > 0.5 else "black")  # fmt: skip
    fig.colorbar(image, ax=ax, label="Jaccard similarity (0–1)")
    chars = int((fig.get_size_inches()[0] - 0.3) * 72 / 6)  # 10-point characters
    fig.suptitle(textwrap.fill(title, chars) + "\n(cells: companies both hold)", fontsize=10)
    _caption(ax, as_of)
    return fig


def _blues() -> Any:
    """Blues, with empty cells (the diagonal) in light grey."""
    import matplotlib

    return matplotlib.colormaps["Blues"].with_extremes(bad="#eeeeee")


def vendor_overlap_chart(doc: dict[str, Any]) -> str:
    """Every pair of vendors: the companies both reach."""
    names = doc["vendor_names"]
    vendors = sorted(doc["reach"], key=lambda v: names.get(v) or v)
    index = {v: i for i, v in enumerate(vendors)}
    shared = [[0] * len(vendors) for _ in vendors]
    jaccard = [[0.0] * len(vendors) for _ in vendors]
    for p in doc["overlap"]["vendors"]:
        if p["a"] in index and p["b"] in index:
            a, b = index[p["a"]], index[p["b"]]
            shared[a][b] = shared[b][a] = p["shared"]
            jaccard[a][b] = jaccard[b][a] = p["jaccard"]
    labels = [names.get(v) or v for v in vendors]
    return _svg(_heatmap(labels, shared, jaccard, "Vendor overlap of reach", doc["as_of"]))


def manager_overlap_figure(doc: dict[str, Any]) -> Any:
    """The owners of the owner pairs sharing most, and every pair among them
    (``doc["owner_matrix"]``, from :func:`jvgraph.metrics.owner_matrix.owner_matrix`),
    drawn, not saved."""
    m = doc["owner_matrix"]
    pairs = m["pairs"]
    title = (
        f"Owner overlap: every pair among the {len(m['owners'])} owners of the {pairs:,} "
        f"owner pair{'s' if pairs != 1 else ''} sharing most"
    )
    return _heatmap(m["names"], m["shared"], m["jaccard"], title, doc["as_of"])


def manager_overlap_chart(doc: dict[str, Any]) -> str:
    return _svg(manager_overlap_figure(doc))


def network_chart(doc: dict[str, Any]) -> str:
    """The JV network laid out for the page (:mod:`jvgraph.report.network_figure`)."""
    from jvgraph.report.network_figure import network_figure

    return _svg(network_figure(doc).figure)


def charts(doc: dict[str, Any]) -> dict[str, str]:
    """Every chart of the report that has something to draw, by name, as SVG text
    (data with no vendor, such as 13F or Crunchbase holdings, has no reach chart)."""
    vendors = len(doc["reach"])
    out: dict[str, str] = {}
    if vendors:
        out["reach"] = reach_chart(doc)
    if vendors and any(r["any_vendor_share"] is not None for r in doc["access_table"]):
        out["access"] = access_chart(doc)
    if vendors > 1:
        out["vendor_overlap"] = vendor_overlap_chart(doc)
    if doc["overlap"]["managers"]:
        out["manager_overlap"] = manager_overlap_chart(doc)
    if doc["network"]["vendors"]:
        out["network"] = network_chart(doc)
    return out
