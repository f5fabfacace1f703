"""The explorer's view as state to share (the URL), the as-of slider over the data's dates,
figures that open their breakdown, a fitted first view and a loading state; in a real
headless Chromium against a real server on loopback."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from jvgraph.api import create_app
from jvgraph.config import bundled_dataset
from jvgraph.explore import load_dataset
from jvgraph.store import GraphStore, open_store
from tests.browser import browser_page, screenshot
from tests.server import serving


@pytest.fixture
def site(store: GraphStore, tiny: Path) -> Iterator[str]:
    load_dataset(store, tiny)
    with serving(create_app(store)) as url:
        yield url


def ready(pg: Any, url: str) -> None:
    pg.goto(url)
    pg.wait_for_selector("body[data-ready=true]", timeout=30_000)


def view_of(pg: Any) -> dict[str, Any]:
    """What a reader sees: the nodes drawn, the selection, the filters and the panel."""
    return {
        "drawn": sorted(pg.evaluate("state.nodes.get().filter(n => !n.hidden).map(n => n.id)")),
        "selected": pg.evaluate("network.getSelectedNodes()"),
        "details": pg.get_attribute("#node-details h3", "data-id"),
        "sector": pg.input_value("#sector-filter"),
        "as_of": pg.input_value("#as-of"),
        "panel": pg.inner_text("#explain h3") if pg.is_visible("#explain") else None,
        "panel_rows": pg.eval_on_selector_all(
            "#explain-table tr", "trs => trs.map(tr => tr.innerText)"
        ),
    }


def reach_cell(pg: Any, vendor: str) -> str:
    text: str = pg.inner_text(f"#reach-table tr[data-id='{vendor}'] td:nth-child(2)")
    return text


def test_the_dates_route_lists_the_datas_dates(site: str, tiny: Path) -> None:
    days: set[str] = set()
    for name, columns in (
        ("joint_ventures", ("announced", "ended")),
        ("holdings", ("since", "until")),
    ):
        with (tiny / f"{name}.csv").open(encoding="utf-8") as f:
            days |= {r[c] for r in csv.DictReader(f) for c in columns if r.get(c)}
    doc = httpx.get(site + "/api/dates").json()
    assert doc["dates"] == sorted(days) and doc["count"] == len(days) > 3
    paths = httpx.get(site + "/openapi.json").json()["paths"]
    assert "slider" in paths["/api/dates"]["get"]["description"]


def test_a_shared_url_opens_the_same_view(site: str) -> None:
    with browser_page("127.0.0.1") as (pg, watch):
        ready(pg, site + "/")
        pg.fill("#search", "Manager One")
        pg.wait_for_selector("#results li")
        pg.keyboard.press("Enter")  # selects m-1 and draws its neighbours
        pg.wait_for_selector("#node-details h3[data-id='m-1']")
        pg.wait_for_function("state.nodes.get('c-4') !== null")
        pg.select_option("#sector-filter", "Logistics")
        pg.click("#reach-table tr[data-id='v-b'] button.figure")
        pg.wait_for_selector("#explain-table tr")
        pg.wait_for_function("location.hash.includes('panel=reach')")
        built = view_of(pg)
        url = pg.url
        assert built["selected"] == ["m-1"] and built["details"] == "m-1"
        assert "c-4" not in built["drawn"]  # Healthcare: hidden by the sector filter
        assert {"m-1", "c-1", "jv-a"} <= set(built["drawn"])
    assert watch.errors == [] and watch.outside == []
    with browser_page("127.0.0.1") as (fresh, watch):  # a new browser, the same URL
        ready(fresh, url)
        fresh.wait_for_selector("#explain-table tr")
        assert view_of(fresh) == built
        screenshot(fresh, "explorer-shared-url.png")
    assert watch.errors == [] and watch.outside == []


def test_the_slider_steps_through_the_dates_and_recomputes(site: str) -> None:
    dates = httpx.get(site + "/api/dates").json()["dates"]
    day = "2026-04-27"  # jv-b ended: Vendor B reaches nothing
    with browser_page("127.0.0.1") as (pg, watch):
        ready(pg, site + "/")
        before = httpx.get(site + "/api/metrics").json()["reach"]["v-b"]["companies"]
        assert reach_cell(pg, "v-b") == str(before)
        pg.click("#reach-table tr[data-id='v-b'] button.figure")
        pg.wait_for_selector("#explain-table tr")
        assert pg.get_attribute("#as-of-slider", "max") == str(len(dates))
        pg.focus("#as-of-slider")
        pg.keyboard.press("Home")
        for _ in range(dates.index(day) + 1):
            pg.keyboard.press("ArrowRight")
        pg.wait_for_function(f"document.querySelector('#as-of').value === '{day}'")
        assert pg.inner_text("#as-of-shown") == day
        want = httpx.get(site + "/api/metrics", params={"as_of": day}).json()["reach"]
        pg.wait_for_function(
            "document.querySelector(\"#reach-table tr[data-id='v-b'] td:nth-child(2)\")"
            f".innerText === '{want['v-b']['companies']}'"
        )
        assert want["v-b"]["companies"] != before
        assert reach_cell(pg, "v-a") == str(want["v-a"]["companies"])
        # the open breakdown follows the date too
        explained = httpx.get(
            site + "/api/explain/reach", params={"ids": "v-b", "as_of": day}
        ).json()
        pg.wait_for_function(f"location.hash.includes('as_of={day}')")
        pg.wait_for_function(
            "!document.querySelector('#explain p').innerText.includes('every row')"
        )
        assert pg.eval_on_selector_all("#explain-table tr", "t => t.length") == (
            len(explained["contributions"]) + 1 if explained["contributions"] else 0
        )
    assert watch.errors == [] and watch.outside == []


def test_a_figure_lists_what_makes_it(site: str) -> None:
    with browser_page("127.0.0.1") as (pg, watch):
        ready(pg, site + "/")
        pg.click("#reach-table tr[data-id='v-b'] button.figure")
        pg.wait_for_selector("#explain-table tr")
        doc = httpx.get(site + "/api/explain/reach", params={"ids": "v-b"}).json()
        listed = pg.eval_on_selector_all(
            "#explain-table tr td:first-child", "tds => tds.map(td => td.innerText)"
        )
        assert listed == [c["name"] for c in doc["contributions"]]
        assert sorted(listed) == ["Alpha Logistics", "Beta Freight", "Delta Care"]
        through = pg.inner_text("#explain-table")
        assert "Manager One (60.0%)" in through and "m-1" not in through  # holders by name
        assert "Sources: test" in pg.inner_text("#explain")
        # an access share, a company HHI and a ΔMHHI open theirs
        for table, topic in (("#access-table", "access"), ("#co-table", "mhhi"),
                             ("#concentration-table", "company-hhi")):  # fmt: skip
            pg.click(f"""{table} button.figure[data-explain='{topic}'][data-ids='["Logistics"]']""")
            pg.wait_for_selector(f"#explain h3[data-topic='{topic}']")
            want = httpx.get(site + f"/api/explain/{topic}", params={"ids": "Logistics"}).json()
            rows = pg.eval_on_selector_all("#explain-table tr", "t => t.length")
            assert rows == len(want["contributions"]) + 1
        owners = pg.evaluate(
            "[...document.querySelectorAll('#explain-table td:first-child')].length"
        )
        assert owners > 0
    assert watch.errors == [] and watch.outside == []


@pytest.mark.parametrize("width", [1400, 800])
def test_the_first_view_fits_the_whole_jv_network(tmp_path: Path, width: int) -> None:
    with open_store(str(tmp_path / "jv.db")) as store:
        load_dataset(store, bundled_dataset("jv-2026"))
        with serving(create_app(store)) as url, browser_page("127.0.0.1") as (pg, watch):
            pg.set_viewport_size({"width": width, "height": 900})
            ready(pg, url + "/")
            outside = pg.evaluate(
                """() => {
                  const box = document.getElementById('graph');
                  const ids = state.nodes.getIds();
                  const pos = network.getPositions(ids);
                  return ids.filter((id) => {
                    const p = network.canvasToDOM(pos[id]);
                    return p.x < 0 || p.y < 0 || p.x > box.clientWidth || p.y > box.clientHeight;
                  });
                }"""
            )
            assert pg.evaluate("state.nodes.length") > 10
            assert (
                pg.evaluate("state.nodes.get().filter(n => n.raw.label === 'JointVenture').length")
                > 1
            )
            assert outside == []
            screenshot(pg, f"explorer-fitted-{width}.png")
        assert watch.errors == [] and watch.outside == []


def test_the_page_shows_a_loading_state_while_requests_run(site: str) -> None:
    held: list[Any] = []
    with browser_page("127.0.0.1") as (pg, watch):
        pg.route("**/api/metrics**", lambda route: held.append(route))
        pg.goto(site + "/")
        for _ in range(600):  # until the page asks for the metrics (held, not answered)
            if held:
                break
            pg.wait_for_timeout(50)
        assert held
        assert pg.get_attribute("body", "aria-busy") == "true" and pg.is_visible("#loading")
        assert pg.get_attribute("body", "data-ready") is None
        for route in held:
            route.continue_()
        pg.unroute("**/api/metrics**")
        pg.wait_for_selector("body[data-ready=true]", timeout=30_000)
        pg.wait_for_function("document.body.getAttribute('aria-busy') === 'false'")
        assert not pg.is_visible("#loading")
    assert watch.errors == [] and watch.outside == []
