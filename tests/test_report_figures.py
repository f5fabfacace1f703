"""The report's figures read in print: the JV network laid out with no two labels
overlapping and every partner named on the plot or in its key, κ charts ticked by quarter
with every text inside the figure, and the owner heatmap valuing every pair among the
owners of the pairs sharing most, counted again here from holdings.csv."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import pytest
from click.testing import CliRunner
from matplotlib.dates import date2num
from matplotlib.text import Annotation

from jvgraph.cli import cli
from jvgraph.explore import load_dataset
from jvgraph.report.charts import manager_overlap_figure, network_chart
from jvgraph.report.content import build_content
from jvgraph.report.kappa_charts import kappa_figure, quarter
from jvgraph.report.network_figure import NetworkFigure, network_figure
from jvgraph.store import open_store

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
AIRLINES = ROOT / "graph" / "airlines-13f"
AS_OF = dt.date(2015, 3, 31)
PX = 0.5  # pixels of rounding allowed at an edge


def _document(tmp: Path, dataset: Path, **kw: Any) -> dict[str, Any]:
    with open_store(str(tmp / "store.db")) as store:
        load_dataset(store, dataset)
        data = store.export()
    kw.setdefault("scenarios", [])
    return build_content(data, as_of=kw.pop("as_of", None), market="sector", **kw)


@pytest.fixture(scope="module")
def jv_doc(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return _document(tmp_path_factory.mktemp("jv"), ROOT / "graph" / "jv-2026")


@pytest.fixture(scope="module")
def synth_doc(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A synthetic dataset with 20 vendors, about 40 JVs and 150 partners."""
    tmp = tmp_path_factory.mktemp("synth")
    args = ["--managers", "400", "--companies", "2000", "--vendors", "20", "--seed", "5"]
    result = CliRunner().invoke(cli, ["synth", str(tmp / "data"), *args])
    assert result.exit_code == 0, result.output
    return _document(tmp, tmp / "data", scenarios=["merge:v-0001,v-0002"])


@pytest.fixture(scope="module")
def airline_doc(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return _document(tmp_path_factory.mktemp("air"), AIRLINES, as_of=AS_OF)


def _texts(fig: Any) -> list[Any]:
    """Every text the figure draws (titles, labels, tick labels, legends, notes)."""
    found = list(fig.texts)  # with the suptitle and the source line
    for ax in fig.axes:
        found += [ax.title, ax._left_title, ax._right_title, *ax.texts]
        if ax.axison:
            found += [ax.xaxis.label, ax.yaxis.label]
            found += _drawn_tick_labels(ax.xaxis) + _drawn_tick_labels(ax.yaxis)
        if ax.get_legend() is not None:
            found += ax.get_legend().get_texts()
    unique = {id(t): t for t in found}.values()
    return [t for t in unique if t.get_visible() and t.get_text().strip()]


def _drawn_tick_labels(axis: Any) -> list[Any]:
    """The major tick labels inside the axis's view (those beyond it are not drawn)."""
    low, high = sorted(axis.get_view_interval())
    span = (high - low) * 1e-9
    return [t.label1 for t in axis.get_major_ticks() if low - span <= t.get_loc() <= high + span]


def _boxes(fig: Any) -> list[tuple[str, Any]]:
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    return [(t.get_text(), t.get_window_extent(renderer)) for t in _texts(fig)]


def _inside(box: Any, frame: Any) -> bool:
    return bool(
        box.x0 >= frame.x0 - PX
        and box.y0 >= frame.y0 - PX
        and box.x1 <= frame.x1 + PX
        and box.y1 <= frame.y1 + PX
    )


def _overlaps(boxes: list[tuple[str, Any]]) -> list[tuple[str, str]]:
    return [
        (a, b)
        for (a, p), (b, q) in itertools.combinations(boxes, 2)
        if min(p.x1, q.x1) - max(p.x0, q.x0) > PX and min(p.y1, q.y1) - max(p.y0, q.y0) > PX
    ]


def _check_network(doc: dict[str, Any], name: str) -> NetworkFigure:
    drawn = network_figure(doc)
    fig = drawn.figure
    boxes = _boxes(fig)
    assert _overlaps(boxes) == []
    outside = [text for text, box in boxes if not _inside(box, fig.bbox)]
    assert outside == []
    renderer = fig.canvas.get_renderer()
    plot = fig.axes[0].get_window_extent(renderer)
    for node, label in drawn.labels.items():
        assert _inside(label.get_window_extent(renderer), plot), node
    if drawn.key_axes is not None:
        key = drawn.key_axes.get_window_extent(renderer)
        assert all(_inside(t.get_window_extent(renderer), key) for t in drawn.key_texts)
    ARTIFACTS.mkdir(exist_ok=True)
    fig.savefig(ARTIFACTS / f"network-{name}.png", dpi=110)
    plt.close(fig)
    return drawn


def _check_names(doc: dict[str, Any], drawn: NetworkFigure) -> None:
    """Every vendor and JV named on the plot; every partner on the plot or in the key."""
    net = doc["network"]
    for node in net["vendors"] + net["joint_ventures"]:
        assert " ".join(drawn.labels[node["id"]].get_text().split()) == node["name"]
    key = {t.get_text() for t in drawn.key_texts}
    for pid in {p["manager_id"] for p in net["partners"]}:
        name, label = net["managers"][pid], drawn.labels[pid].get_text()
        if pid in drawn.key:
            assert label == str(drawn.key[pid])
            assert f"{drawn.key[pid]}  {name}" in key
        else:
            assert label == name
    drawn_text = " ".join(t.get_text() for t in _texts(drawn.figure))
    assert not any(pid in drawn_text for pid in net["managers"])  # names, never ids


def test_the_network_of_jv_2026_names_every_partner_on_the_plot(jv_doc: dict[str, Any]) -> None:
    drawn = _check_network(jv_doc, "jv-2026")
    _check_names(jv_doc, drawn)
    assert drawn.key == {}  # 21 partners fit in one column
    ax = drawn.figure.axes[0]
    y = {k: t.get_position()[1] for k, t in drawn.labels.items()}
    # Goldman Sachs, a partner of both JVs, sits between them
    low, high = sorted((y["jv-anthropic"], y["jv-deployco"]))
    assert low < y["am-goldman-sachs"] < high
    assert ax.get_title() == "The JV network: vendors, joint ventures and partners"
    assert network_chart(jv_doc) == network_chart(jv_doc)  # laid out the same every time


def test_a_network_with_many_partners_numbers_the_rest_in_a_key(
    synth_doc: dict[str, Any],
) -> None:
    drawn = _check_network(synth_doc, "synthetic")
    _check_names(synth_doc, drawn)
    partners = {p["manager_id"] for p in synth_doc["network"]["partners"]}
    assert len(partners) > 100
    assert drawn.key and sorted(drawn.key.values()) == list(range(1, len(drawn.key) + 1))


def _kappa(series_args: list[str], tmp: Path) -> dict[str, Any]:
    db = str(tmp / "air.db")
    with open_store(db) as store:
        load_dataset(store, AIRLINES)
    result = CliRunner().invoke(cli, ["kappa", "Airlines", *series_args, "--json", "--store", db])
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.output)
    return doc


@pytest.mark.parametrize("pair", [[], ["--pair", "13f-firm-21020,13f-firm-91926"]])
def test_kappa_charts_tick_the_quarters_and_keep_every_text_inside(
    pair: list[str], tmp_path: Path
) -> None:
    doc = _kappa(["--from", "2014Q3", "--to", "2015Q4", *pair], tmp_path)
    days = [dt.date.fromisoformat(r["as_of"]) for r in doc["series"]]
    assert [quarter(d) for d in days] == ["2014Q3", "2015Q1", "2015Q4"]
    fig = kappa_figure(doc)
    boxes = _boxes(fig)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == [quarter(d) for d in days]
    assert list(ax.get_xticks()) == pytest.approx([date2num(d) for d in days])
    assert [text for text, box in boxes if not _inside(box, fig.bbox)] == []
    tight = fig.get_tightbbox(fig.canvas.get_renderer())  # inches
    width, height = fig.get_size_inches()
    assert tight.x0 >= 0 and tight.y0 >= 0 and tight.x1 <= width and tight.y1 <= height
    assert _overlaps(boxes) == []
    ARTIFACTS.mkdir(exist_ok=True)
    fig.savefig(ARTIFACTS / f"kappa-series{'-pair' if pair else ''}.png", dpi=110)
    plt.close(fig)


def test_a_long_kappa_series_labels_some_quarters_and_ticks_all() -> None:
    days = [dt.date(y, m, [31, 30, 30, 31][m // 3 - 1]) for y in range(2000, 2018)
            for m in (3, 6, 9, 12)]  # fmt: skip
    rows = [{"as_of": d.isoformat(), "median": 0.5, "mean": 0.5, "kappa": {}} for d in days]
    fig = kappa_figure({"name": "Airlines", "control": "proportional", "series": rows})
    boxes = _boxes(fig)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert 4 <= len(labels) <= 12
    assert all(label.endswith("Q1") for label in labels)  # every 8th quarter: each 2nd Q1
    ticked = sorted([*ax.get_xticks(), *ax.get_xticks(minor=True)])
    assert ticked == pytest.approx([date2num(d) for d in days])
    assert _overlaps(boxes) == []
    assert [text for text, box in boxes if not _inside(box, fig.bbox)] == []
    plt.close(fig)


def _holdings_on(day: dt.date) -> dict[str, set[str]]:
    """Each owner's companies on ``day``, read from holdings.csv with the csv module."""
    held: dict[str, set[str]] = {}
    with (AIRLINES / "holdings.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            since = dt.date.fromisoformat(row["since"]) if row["since"] else dt.date.min
            until = dt.date.fromisoformat(row["until"]) if row["until"] else dt.date.max
            if since <= day < until:
                held.setdefault(row["owner_id"], set()).add(row["company_id"])
    return held


def test_the_owner_heatmap_values_every_pair_among_the_owners_sharing_most(
    airline_doc: dict[str, Any],
) -> None:
    m = airline_doc["owner_matrix"]
    top = airline_doc["overlap"]["managers"][0]
    assert {top["a"], top["b"]} <= set(m["owners"])
    assert len(m["owners"]) == 12 and 1 <= m["pairs"] <= 11
    held = _holdings_on(AS_OF)
    for i, a in enumerate(m["owners"]):
        for j, b in enumerate(m["owners"]):
            both = len(held[a] & held[b])
            assert m["shared"][i][j] == both, (a, b)
            assert m["jaccard"][i][j] == pytest.approx(both / len(held[a] | held[b]))
    names = airline_doc["owner_names"]
    assert m["names"] == [names[o] for o in m["owners"]]
    fig = manager_overlap_figure(airline_doc)
    boxes = _boxes(fig)
    ax = fig.axes[0]
    assert [" ".join(t.get_text().split()) for t in ax.get_yticklabels()] == m["names"]
    cells = {(round(t.get_position()[1]), round(t.get_position()[0])): t.get_text()
             for t in ax.texts if not isinstance(t, Annotation)}  # fmt: skip
    k = len(m["owners"])
    expected = {(i, j): f"{m['shared'][i][j]:,}" for i in range(k) for j in range(k) if i != j}
    assert cells == expected
    title = fig._suptitle.get_text().replace("\n", " ")
    assert f"the {k} owners of the {m['pairs']} owner pairs sharing most" in title
    assert [text for text, box in boxes if not _inside(box, fig.bbox)] == []
    assert _overlaps(boxes) == []
    ARTIFACTS.mkdir(exist_ok=True)
    fig.savefig(ARTIFACTS / "owner-overlap-airlines.png", dpi=110)
    plt.close(fig)
