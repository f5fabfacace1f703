"""The WebGL view of the whole graph: the layout route and the page, on the full Crunchbase
graph (38k nodes) in a real headless Chromium against a real server."""

from __future__ import annotations

import io
import math
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from jvgraph.api import create_app
from jvgraph.config import bundled_dataset
from jvgraph.explore import load_dataset
from jvgraph.explore.big_layout import WholeGraph, group_codes, positions, whole_graph_layout
from jvgraph.importers import import_crunchbase
from jvgraph.load import read_dataset
from jvgraph.metrics.arrays import GraphArrays
from jvgraph.model import NODE_TABLES
from jvgraph.store import GraphStore, open_store
from tests.browser import browser_page, screenshot
from tests.realdata import INVESTMENTS, need
from tests.server import serving

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def crunchbase(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    base = tmp_path_factory.mktemp("crunchbase-whole")
    import_crunchbase(need(INVESTMENTS), base / "data")
    with open_store(str(base / "store.db")) as store:
        load_dataset(store, base / "data")
        yield store


@pytest.fixture(scope="module")
def url(crunchbase: GraphStore) -> Iterator[str]:
    with serving(create_app(crunchbase)) as base:
        yield base


def _node_count(store: GraphStore) -> int:
    data = store.export()
    return sum(data.tables[name].num_rows for name in NODE_TABLES)


def test_the_layout_route_gives_every_node_and_relationship_once(
    url: str, crunchbase: GraphStore
) -> None:
    answer = httpx.get(url + "/api/graph/layout", timeout=120)
    assert answer.status_code == 200, answer.text
    doc = answer.json()
    nodes = doc["nodes"]
    assert len(nodes) == _node_count(crunchbase) == doc["counts"]["nodes"] > 38_000
    assert len({n["id"] for n in nodes}) == len(nodes)
    holdings = crunchbase.export().tables["holdings"].num_rows
    assert len(doc["edges"]) == holdings == doc["counts"]["edges"]
    assert all(math.isfinite(n["x"]) and math.isfinite(n["y"]) for n in nodes)
    assert sum(g["nodes"] for g in doc["groups"]) == len(nodes)
    assert doc["sources"][0].startswith("Source: CrunchBase")
    group_of = {n["id"]: doc["groups"][n["group"]]["name"] for n in nodes}
    companies = crunchbase.export().tables["companies"].select(["id", "sector"]).to_pylist()
    named = [c for c in companies if c["sector"] == "software"]
    assert len(named) > 1000
    assert all(group_of[c["id"]] == "software" for c in named)  # companies go by sector
    again = httpx.get(url + "/api/graph/layout", timeout=60)
    assert again.content == answer.content  # cached for the store version


def test_grouping_by_manager_and_a_bad_grouping(url: str) -> None:
    doc = httpx.get(url + "/api/graph/layout?group=manager", timeout=120).json()
    names = [g["name"] for g in doc["groups"]]
    assert names[-1] == "other" and len(names) == 12
    assert "Sequoia Capital" in names or "Accel Partners" in names
    bad = httpx.get(url + "/api/graph/layout?group=colour", timeout=10)
    assert bad.status_code == 422
    assert "group" in bad.json()["message"]


def test_the_layout_on_the_bundled_graph_keeps_groups_apart() -> None:
    data = read_dataset(bundled_dataset("crunchbase-2013"))
    graph = WholeGraph.of(GraphArrays.build(data))
    codes, names = group_codes(graph, "market")
    assert set(names) >= {"analytics", "security", "search"}
    x, y = positions(graph, codes, len(names))
    companies = graph.kind == 3
    for code, name in enumerate(names):
        if name in ("analytics", "security", "search"):
            mine = companies & (codes == code)
            assert all(graph.sector[i] == name for i in mine.nonzero()[0])
    centres = [(x[codes == c].mean(), y[codes == c].mean()) for c in range(len(names))]
    assert len({(round(a), round(b)) for a, b in centres}) == len(names)
    doc = whole_graph_layout(data, group="market")
    assert doc == whole_graph_layout(data, group="market") | {"seconds": doc["seconds"]}


def _non_blank(png: bytes) -> float:
    """The share of sampled pixels that are not the background's white."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    width, height = image.size
    samples = [image.getpixel((x, y)) for x in range(0, width, 7) for y in range(0, height, 7)]
    return sum(1 for p in samples if sum(p) < 720) / len(samples)


def _page(pg: Any, url: str) -> None:
    pg.goto(url + "/static/bigview.html")
    pg.wait_for_selector("body[data-state=ready]", timeout=240_000)


def test_the_whole_graph_is_drawn_and_hover_names_a_node(url: str, crunchbase: GraphStore) -> None:
    with browser_page("127.0.0.1") as (pg, watch):
        _page(pg, url)
        assert pg.evaluate("window.bigview.graph.order") == _node_count(crunchbase)
        status = pg.inner_text("#status")
        assert "38," in status and "relationships" in status, status
        assert "software" in pg.inner_text("#legend")
        assert "CrunchBase" in pg.inner_text("#sources")
        share = _non_blank(pg.locator("#big-graph").screenshot(timeout=120_000))
        assert share > 0.02, share  # the nodes are drawn, not a blank canvas
        biggest = pg.evaluate(
            """() => { const g = window.bigview.graph; let best = null, size = -1;
                g.forEachNode((id, a) => { if (a.size > size) { size = a.size; best = id; } });
                const a = g.getNodeAttributes(best);
                const p = window.bigview.renderer.graphToViewport({x: a.x, y: a.y});
                const box = document.getElementById('big-graph').getBoundingClientRect();
                return {id: best, name: a.label, x: box.left + p.x, y: box.top + p.y}; }"""
        )
        pg.mouse.move(biggest["x"], biggest["y"])
        pg.wait_for_selector("#big-tooltip:not([hidden])", timeout=120_000)
        hovered = pg.evaluate(
            """() => { const v = window.bigview, id = v.hovered;
                const a = v.graph.getNodeAttributes(id);
                const p = v.renderer.graphToViewport({x: a.x, y: a.y});
                const box = document.getElementById('big-graph').getBoundingClientRect();
                return {id, name: a.label, x: box.left + p.x, y: box.top + p.y}; }"""
        )
        tip = pg.inner_text("#big-tooltip")
        assert tip.splitlines()[0] == hovered["name"]  # the name first, the id below it
        assert hovered["id"] in tip
        # the node named is the one under the pointer (the biggest or one drawn over it)
        distance = math.dist((hovered["x"], hovered["y"]), (biggest["x"], biggest["y"]))
        assert distance < 25, (hovered, biggest)
        screenshot(pg, "explorer-crunchbase-whole.png")
        assert watch.errors == []
        assert watch.outside == []


def test_the_explorer_links_to_the_whole_graph(url: str) -> None:
    page = httpx.get(url + "/", timeout=30).text
    assert 'href="/static/bigview.html"' in page
    asset = httpx.get(url + "/static/vendor/sigma-graphology.min.js", timeout=30)
    assert asset.status_code == 200 and "sigma 3.0.3" in asset.text[:200]


@pytest.fixture(scope="module")
def jv_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with open_store(str(tmp_path_factory.mktemp("jv-webgl") / "jv.db")) as store:
        load_dataset(store, bundled_dataset("jv-2026"))
        with serving(create_app(store)) as served:
            yield served


def test_a_vendors_network_in_the_webgl_view(jv_url: str) -> None:
    """OpenAI's network: the vendor, its JV, the JV's partners and what they hold, as the
    CSV files give them; drawn from the profile's link; a non-vendor is refused."""
    import csv

    folder = bundled_dataset("jv-2026")

    def rows(name: str) -> list[dict[str, str]]:
        with (folder / f"{name}.csv").open(encoding="utf-8") as f:
            return list(csv.DictReader(f))

    jvs = {j["id"] for j in rows("joint_ventures") if j["vendor_id"] == "v-openai"}
    partners = {p["manager_id"] for p in rows("jv_partners") if p["jv_id"] in jvs}
    held = {h["company_id"] for h in rows("holdings") if h["owner_id"] in partners}
    doc = httpx.get(f"{jv_url}/api/graph/layout", params={"vendor": "OpenAI"}).json()
    assert {n["id"] for n in doc["nodes"]} == {"v-openai", *jvs, *partners, *held}
    assert doc["vendor"] == {"id": "v-openai", "name": "OpenAI"}
    ids = [n["id"] for n in doc["nodes"]]
    assert all(0 <= a < len(ids) and 0 <= b < len(ids) for a, b in doc["edges"])
    refused = httpx.get(f"{jv_url}/api/graph/layout", params={"vendor": "TPG"})
    assert refused.status_code == 422 and "not a vendor" in refused.json()["message"]
    with browser_page("127.0.0.1") as (pg, watch):
        pg.goto(f"{jv_url}/static/bigview.html?vendor=v-openai")
        pg.wait_for_selector("body[data-state=ready]", timeout=60_000)
        assert pg.inner_text("#status").startswith(f"OpenAI's network: {len(ids):,} nodes")
        assert pg.evaluate("window.bigview.graph.order") == len(ids)
        assert watch.errors == [] and watch.outside == []
