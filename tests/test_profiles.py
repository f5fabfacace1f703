"""A node's profile: a vendor's reach in one step, a manager's portfolio and JVs, who reaches
a company through which partners with which stakes; checked by hand on the tiny graph,
through the API over real HTTP and in the explorer in Chromium."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from jvgraph.api import create_app
from jvgraph.explore import MetricsCache, load_dataset
from jvgraph.explore.profiles import node_profile
from jvgraph.store import GraphStore
from tests.browser import browser_page, screenshot
from tests.server import serving


@pytest.fixture
def loaded(store: GraphStore, tiny: Path) -> GraphStore:
    load_dataset(store, tiny)
    return store


def test_a_vendors_profile_by_hand(loaded: GraphStore) -> None:
    # jv-b (Vendor B) has partners m-1 and m-2: m-1 holds c-1 (Logistics) and c-4
    # (Healthcare), m-2 holds c-1 and c-2 (Logistics); so Vendor B reaches c-1, c-2, c-4
    p = node_profile(loaded, MetricsCache(4), "v-b")
    assert p["name"] == "Vendor B" and [j["id"] for j in p["joint_ventures"]] == ["jv-b"]
    assert p["reach"]["companies"] == 3
    by_market = {m["market"]: m["companies"] for m in p["reach"]["markets"]}
    assert by_market == {"Logistics": 2, "Healthcare": 1}
    assert [m["market"] for m in p["reach"]["markets"]] == ["Logistics", "Healthcare"]
    logistics = p["reach"]["markets"][0]
    # revenue reached 100 + 300 of the Logistics companies' 100 + 300 + 40
    assert logistics["foreclosure_share"] == pytest.approx(400 / 440)
    assert logistics["market_companies"] == 3
    partners = p["partners"]
    every = partners["known"] + partners["missing"] + partners["not_stated"]
    assert sorted(x["name"] for x in every) == ["Manager One", "Manager Two"]


def test_a_managers_and_a_companys_profile_by_hand(loaded: GraphStore) -> None:
    cache = MetricsCache(4)
    m2 = node_profile(loaded, cache, "m-2")
    assert [j["id"] for j in m2["joint_ventures"]] == ["jv-b"]
    assert m2["joint_ventures"][0]["vendors"] == [{"id": "v-b", "name": "Vendor B"}]
    assert m2["portfolio"] == {"companies": 2, "markets": [{"market": "Logistics", "companies": 2}]}
    later = node_profile(loaded, cache, "m-2", as_of=dt.date(2025, 6, 1))  # c-2 ended 2025-01-01
    assert later["portfolio"]["companies"] == 1
    c1 = node_profile(loaded, cache, "c-1")
    assert c1["market"] == "Logistics" and c1["holders"] == 2
    assert c1["reached_by"] == [
        {"id": "v-a", "name": "Vendor A",
         "through": [{"id": "m-1", "name": "Manager One", "stake": 0.6}]},
        {"id": "v-b", "name": "Vendor B",
         "through": [{"id": "m-1", "name": "Manager One", "stake": 0.6},
                     {"id": "m-2", "name": "Manager Two", "stake": 0.3}]},
    ]  # fmt: skip
    jv = node_profile(loaded, cache, "jv-b")
    assert [x["name"] for x in jv["partners"]] == ["Manager One", "Manager Two"]


@pytest.fixture
def site(loaded: GraphStore) -> Iterator[str]:
    with serving(create_app(loaded)) as url:
        yield url


def test_the_api_gives_profiles_by_name(site: str) -> None:
    by_name = httpx.get(site + "/api/nodes/Vendor B/profile")
    assert by_name.status_code == 200 and by_name.json()["id"] == "v-b"
    assert by_name.json()["reach"]["companies"] == 3
    dated = httpx.get(site + "/api/nodes/m-2/profile", params={"as_of": "2025-06-01"})
    assert dated.json()["portfolio"]["companies"] == 1
    missing = httpx.get(site + "/api/nodes/nobody-at-all/profile")
    assert missing.status_code == 404


def test_choosing_a_vendor_shows_and_draws_its_reach(site: str) -> None:
    with browser_page("127.0.0.1") as (pg, watch):
        pg.goto(site + "/")
        pg.wait_for_selector("body[data-ready=true]", timeout=30_000)
        pg.select_option("#vendor-filter", "v-b")
        pg.wait_for_selector("#profile-reach")
        assert "Reaches 3 companies in 2 sector markets through 2 partners" in " ".join(
            pg.inner_text("#profile-reach").split()
        )
        cells = pg.eval_on_selector_all("#profile-markets tbody tr td:first-child",
                                        "tds => tds.map(td => td.textContent)")  # fmt: skip
        assert cells == ["Logistics", "Healthcare"]
        pg.wait_for_function("state.nodes.get('m-2') !== null && state.nodes.get('jv-b') !== null")
        pg.click("#node-profile button[data-select='m-2']")
        pg.wait_for_selector("#profile-portfolio")
        assert "Holds 2 companies" in " ".join(pg.inner_text("#profile-portfolio").split())
        # the what-if fields say what they take and suggest names of that kind
        assert pg.inner_text("#whatif-a-label") == "Vendor"
        vendors = pg.eval_on_selector_all("#ids-a option", "os => os.map(o => o.value)")
        assert vendors == ["Vendor A", "Vendor B"]
        pg.select_option("#whatif-kind", "add-partner")
        assert pg.inner_text("#whatif-a-label") == "Joint venture"
        assert pg.inner_text("#whatif-b-label") == "Manager"
        jvs = pg.eval_on_selector_all("#ids-a option", "os => os.map(o => o.value)")
        assert jvs == ["JV A", "JV B"]
    assert watch.errors == [] and watch.outside == []


def test_the_vendor_reach_panel_on_the_bundled_jv_graph(tmp_path: Path) -> None:
    """OpenAI chosen in the Vendor filter on the real JV graph: its reach as the metrics
    count it, its coverage (which partners' portfolios are known), its network drawn."""
    from jvgraph.config import bundled_dataset
    from jvgraph.explore import load_dataset
    from jvgraph.store import open_store

    with open_store(str(tmp_path / "jv.db")) as store:
        load_dataset(store, bundled_dataset("jv-2026"))
        with serving(create_app(store)) as url, browser_page("127.0.0.1") as (pg, watch):
            metrics = httpx.get(url + "/api/metrics").json()
            reach = metrics["reach"]["v-openai"]["companies"]
            coverage = metrics["coverage"]["vendors"]["v-openai"]["summary"]
            pg.goto(url + "/")
            pg.wait_for_selector("body[data-ready=true]", timeout=30_000)
            pg.select_option("#vendor-filter", "v-openai")
            pg.wait_for_selector("#profile-reach")
            panel = " ".join(pg.inner_text("#node-profile").split())
            assert f"Reaches at least {reach:,} companies" in panel  # a lower bound: 2 of 14 known
            assert coverage in panel
            link = pg.get_attribute("#profile-webgl", "href")
            assert link == "/static/bigview.html?vendor=v-openai"  # the whole reach, in WebGL
            pg.wait_for_function("state.nodes.get('jv-deployco') !== null")
            screenshot(pg, "explorer-vendor-reach-openai.png")
    assert watch.errors == [] and watch.outside == []
