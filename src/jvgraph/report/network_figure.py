"""The JV network laid out for a page: vendors, their joint ventures and the JVs' partners
in columns, in a fixed order, each partner named where its name fits and numbered in a
key under the plot where it does not.

Vendors are in the first column, their JVs in the second (in vendor order), the partners
to the right in rows ordered by the JVs they belong to: a JV's own partners in one band,
a partner of two JVs between their bands. Each JV sits beside its partners and each
vendor beside its JVs, moved apart only as far as their labels need. Every position is
computed in inches from measured text sizes, so the same data gives the same figure.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass, field
from typing import Any

from jvgraph.report.charts import _caption, _figure

__all__ = ["NetworkFigure", "network_figure"]

WIDTH = 7.5  # inches: the page's width
FONT = 7.0  # points, every name on the plot
KEY_FONT = 6.5
PITCH = 0.16  # inches between two partner rows
KEY_PITCH = 0.14
MAX_ROWS = 44  # partner rows of one column, at most (about 7 inches)
GAP = 0.08  # inches between a marker and its label
SLACK = 1.1  # a label must fit with this much room to spare (fonts differ a little)
COLOURS = {"vendor": "#c2410c", "jv": "#7c3aed", "partner": "#2457c5"}
#: behind a partner's label, so that the lines to the next column pass under it
BOX = {"boxstyle": "square,pad=0.05", "facecolor": "white", "edgecolor": "none", "alpha": 0.9}
TITLE = "The JV network: vendors, joint ventures and partners"


@dataclass
class NetworkFigure:
    """The drawn figure; per node id the text that labels it (its name, or its number in
    the key); per partner in the key its number; the key's texts."""

    figure: Any
    labels: dict[str, Any] = field(default_factory=dict)
    key: dict[str, int] = field(default_factory=dict)
    key_texts: list[Any] = field(default_factory=list)
    key_axes: Any = None


@dataclass(frozen=True)
class _Nodes:
    vendors: list[tuple[str, str]]  # (id, name), by name
    jvs: list[tuple[str, str, str]]  # (id, name, vendor id), by vendor, then name
    partners: list[tuple[str, str]]  # (id, name), by the JVs they belong to, then name
    edges: list[tuple[str, str]]  # (JV id, partner id)

    @classmethod
    def of(cls, net: dict[str, Any]) -> _Nodes:
        vendors = sorted(((v["id"], v["name"] or v["id"]) for v in net["vendors"]),
                         key=lambda v: (v[1], v[0]))  # fmt: skip
        rank = {v: i for i, (v, _) in enumerate(vendors)}
        jvs = sorted(
            ((j["id"], j["name"] or j["id"], j["vendor_id"]) for j in net["joint_ventures"]),
            key=lambda j: (rank.get(j[2], len(rank)), j[1], j[0]),
        )
        order = {j[0]: i for i, j in enumerate(jvs)}
        edges = sorted({(p["jv_id"], p["manager_id"]) for p in net["partners"]
                        if p["jv_id"] in order})  # fmt: skip
        of: dict[str, list[int]] = {}
        for jv, manager in edges:
            of.setdefault(manager, []).append(order[jv])
        names = net["managers"]

        def place(m: str) -> tuple[int, int, str, str]:
            return (min(of[m]), max(of[m]), names.get(m) or m, m)

        partners = [(m, names.get(m) or m) for m in sorted(of, key=place)]
        return cls(vendors, jvs, partners, edges)


class _Measure:
    """Text sizes in inches, as the figure's renderer draws them."""

    def __init__(self, fig: Any) -> None:
        self.fig = fig
        self.renderer = fig.canvas.get_renderer()

    def size(self, text: Any) -> tuple[float, float]:
        box = text.get_window_extent(self.renderer)
        return box.width / self.fig.dpi, box.height / self.fig.dpi

    def wrap(self, ax: Any, name: str, widest: float, **style: Any) -> Any:
        """A text of ``name``, broken between words until no line is wider than ``widest``."""
        text = ax.text(0, 0, name, fontsize=FONT, **style)
        chars = len(name)
        while self.size(text)[0] > widest and chars > 8:
            chars = max(8, int(chars * 0.85))
            text.set_text(textwrap.fill(name, chars, break_long_words=False))
        return text


def _spread(wanted: list[float], heights: list[float], top: float, bottom: float) -> list[float]:
    """Centres as near ``wanted`` as labels of ``heights`` allow, in the given order from
    the top, none overlapping, all between ``bottom`` and ``top``."""
    out: list[float] = []
    for i, (w, h) in enumerate(zip(wanted, heights, strict=True)):
        limit = top - h / 2 if i == 0 else out[-1] - (heights[i - 1] + h) / 2 - GAP
        out.append(min(w, limit))
    for i in reversed(range(len(out))):
        limit = bottom + heights[i] / 2 if i == len(out) - 1 else (
            out[i + 1] + (heights[i + 1] + heights[i]) / 2 + GAP)  # fmt: skip
        out[i] = max(out[i], limit)
    return out


def _stack(heights: list[float]) -> float:
    return sum(heights) + GAP * max(0, len(heights) - 1)


def network_figure(doc: dict[str, Any]) -> NetworkFigure:
    """The network figure of a report's document (its ``network``), drawn, not saved."""
    nodes = _Nodes.of(doc["network"])
    fig, ax = _figure(WIDTH, 4.0, constrained=False)
    ax.axis("off")
    drawn = NetworkFigure(fig)
    layout = _Layout(nodes, ax, _Measure(fig), drawn)
    layout.draw()
    _caption(ax, doc["as_of"])
    return drawn


class _Layout:
    """Positions (inches from the plot's lower left) and the drawing of the network."""

    def __init__(self, nodes: _Nodes, ax: Any, measure: _Measure, drawn: NetworkFigure) -> None:
        self.n, self.ax, self.m, self.drawn = nodes, ax, measure, drawn
        self.width = WIDTH - 0.2  # the plot's width
        self.texts = {
            "vendor": [measure.wrap(ax, name, 1.1, ha="right", va="center")
                       for _, name in nodes.vendors],
            "jv": [measure.wrap(ax, name, 1.7, ha="left", va="center") for _, name, _ in nodes.jvs],
        }  # fmt: skip
        self.heads = [
            ax.text(0, 0, h, fontsize=8, weight="bold", color=COLOURS[k], ha="left", va="top")
            for k, h in (("vendor", "Vendors"), ("jv", "Joint ventures"), ("partner", "Partners"))
        ]
        self.height = 0.0
        self.xs: dict[str, float] = {}

    def columns(self) -> None:
        widths = [self.m.size(t)[0] for t in self.texts["vendor"]]
        heads = [self.m.size(t)[0] for t in self.heads]
        jv_widths = [self.m.size(t)[0] for t in self.texts["jv"]]
        vendor_x = max([heads[0], *widths]) + GAP + 0.04
        jv_x = vendor_x + 0.45
        label_end = jv_x + GAP + max([heads[1] - GAP, *jv_widths])
        self.xs = {"vendor": vendor_x, "jv": jv_x, "partners": label_end + 0.3}

    def draw(self) -> None:
        self.columns()
        count = len(self.n.partners)
        cols = max(1, math.ceil(count / MAX_ROWS))
        rows = math.ceil(count / cols) if count else 0
        heights = {k: [self.m.size(t)[1] for t in v] for k, v in self.texts.items()}
        body = max(rows * PITCH, _stack(heights["jv"]), _stack(heights["vendor"]), 0.6)
        self.height = body + 0.3  # the column heads above
        partner_y = self.partners(cols, body)
        jv_y = self.place("jv", [self._mean(partner_y, j[0]) for j in self.n.jvs], body)
        at = {j[0]: y for j, y in zip(self.n.jvs, jv_y, strict=True)}
        wanted = [
            self._mean_of([at[j[0]] for j in self.n.jvs if j[2] == v]) for v, _ in self.n.vendors
        ]
        vendor_y = self.place("vendor", wanted, body)
        self.edges(partner_y, at, dict(zip([v for v, _ in self.n.vendors], vendor_y, strict=True)))
        for head, x in zip(
            self.heads, (0.0, self.xs["jv"] - 0.05, self.xs["partners"] - 0.05), strict=True
        ):
            head.set_position((x, self.height - 0.02))
        key_height = _Key(self.drawn, self.n, self.m).height(self.width)
        self.frame(key_height)

    def _mean(self, partner_y: dict[str, tuple[float, float]], jv: str) -> float:
        return self._mean_of([partner_y[m][1] for j, m in self.n.edges if j == jv])

    @staticmethod
    def _mean_of(values: list[float]) -> float:
        return sum(values) / len(values) if values else math.inf

    def place(self, kind: str, wanted: list[float], body: float) -> list[float]:
        texts = self.texts[kind]
        ys = _spread(wanted, [self.m.size(t)[1] for t in texts], body, 0.0)
        x = self.xs[kind]
        for t, y in zip(texts, ys, strict=True):
            t.set_position((x - GAP if kind == "vendor" else x + GAP, y))
        self.ax.scatter([x] * len(ys), ys, s=90 if kind == "vendor" else 60,
                        color=COLOURS[kind], zorder=3)  # fmt: skip
        return ys

    def partners(self, cols: int, body: float) -> dict[str, tuple[float, float]]:
        """Each partner's marker, and its name where it fits (else its number in the key)."""
        start = self.xs["partners"]
        column = (self.width - start) / cols
        rows = math.ceil(len(self.n.partners) / cols) if self.n.partners else 0
        top = body - (body - rows * PITCH) / 2 - PITCH / 2
        out: dict[str, tuple[float, float]] = {}
        for i, (pid, name) in enumerate(self.n.partners):
            x, y = start + (i % cols) * column, top - (i // cols) * PITCH
            out[pid] = (x, y)
            room = column - 2 * GAP - 0.06
            text = self.ax.text(x + GAP, y, name, fontsize=FONT, ha="left", va="center",
                                bbox=BOX, zorder=2)  # fmt: skip
            if self.m.size(text)[0] * SLACK > room:
                self.drawn.key[pid] = len(self.drawn.key) + 1
                text.set_text(str(self.drawn.key[pid]))
            self.drawn.labels[pid] = text
        if out:
            xs, ys = zip(*out.values(), strict=True)
            self.ax.scatter(xs, ys, s=14, color=COLOURS["partner"], zorder=3)
        return out

    def edges(
        self,
        partner_y: dict[str, tuple[float, float]],
        jv_y: dict[str, float],
        vendor_y: dict[str, float],
    ) -> None:
        from matplotlib.collections import LineCollection

        ends = {j[0]: self.xs["jv"] + GAP + self.m.size(t)[0] + 0.05
                for j, t in zip(self.n.jvs, self.texts["jv"], strict=True)}  # fmt: skip
        lines = [[(ends[j], jv_y[j]), (partner_y[m][0] - 0.03, partner_y[m][1])]
                 for j, m in self.n.edges]  # fmt: skip
        lines += [[(self.xs["vendor"], vendor_y[v]), (self.xs["jv"], jv_y[j])]
                  for j, _, v in self.n.jvs if v in vendor_y]  # fmt: skip
        self.ax.add_collection(LineCollection(lines, colors="#9aa3b2", linewidths=0.6, zorder=1))
        for (vid, _), t in zip(self.n.vendors, self.texts["vendor"], strict=True):
            self.drawn.labels[vid] = t
        for (jid, _, _), t in zip(self.n.jvs, self.texts["jv"], strict=True):
            self.drawn.labels[jid] = t

    def frame(self, key_height: float) -> None:
        """Size the figure: the title, the plot, the key under it, the source line."""
        top, foot = 0.4, 0.3
        total = top + self.height + key_height + foot
        self.m.fig.set_size_inches(WIDTH, total)
        left, width = 0.1 / WIDTH, self.width / WIDTH
        self.ax.set_position([left, (foot + key_height) / total, width, self.height / total])
        self.ax.set_xlim(0, self.width)
        self.ax.set_ylim(0, self.height)
        self.ax.set_title(TITLE, fontsize=10)
        if self.drawn.key_axes is not None:
            self.drawn.key_axes.set_position([left, foot / total, width, key_height / total])
            self.drawn.key_axes.set_xlim(0, self.width)
            self.drawn.key_axes.set_ylim(0, key_height)


class _Key:
    """The numbered key of the partners whose names do not fit on the plot."""

    def __init__(self, drawn: NetworkFigure, nodes: _Nodes, measure: _Measure) -> None:
        self.drawn, self.nodes, self.m = drawn, nodes, measure

    def height(self, width: float) -> float:
        """Write the key's texts (positioned in inches from the key's lower left); its height."""
        names = dict(self.nodes.partners)
        entries = sorted(self.drawn.key.items(), key=lambda e: e[1])
        if not entries:
            return 0.0
        ax = self.m.fig.add_axes([0, 0, 1, 0.1])
        ax.axis("off")
        texts = [ax.text(0, 0, f"{n}  {names[pid]}", fontsize=KEY_FONT, ha="left", va="center")
                 for pid, n in entries]  # fmt: skip
        column = max(self.m.size(t)[0] for t in texts) * SLACK + 0.2
        cols = max(1, min(len(texts), int(width // column)))
        rows = math.ceil(len(texts) / cols)
        height = 0.3 + rows * KEY_PITCH
        head = ax.text(0.0, height - 0.02, "Key to the numbered partners", fontsize=7.5,
                       weight="bold", color=COLOURS["partner"], ha="left", va="top")  # fmt: skip
        for i, t in enumerate(texts):
            t.set_position(((i // rows) * column, height - 0.3 - (i % rows + 0.5) * KEY_PITCH))
        self.drawn.key_axes = ax
        self.drawn.key_texts = [head, *texts]
        return height
