"""The explorer page in a real headless Chromium against a real server on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from jvgraph.api import create_app
from jvgraph.explore import load_dataset
from jvgraph.store import GraphStore
from tests.browser import browser_page, screenshot
from tests.server import serving


@pytest.fixture
def site(store: GraphStore, tiny: Path) -> Iterator[str]:
    load_dataset(store, tiny)
    with serving(create_app(store)) as url:
        yield url


@pytest.fixture
def page(site: str) -> Iterator[tuple[Any, Any, str]]:
    with browser_page("127.0.0.1") as (pg, watch):
        pg.goto(site + "/")
        pg.wait_for_selector("body[data-ready=true]", timeout=30_000)
        yield pg, watch, site
        assert watch.errors == []
        assert watch.outside == []


def rows(pg: Any, selector: str) -> list[list[str]]:
    result: list[list[str]] = pg.eval_on_selector_all(
        f"{selector} tr", "trs => trs.map(tr => [...tr.children].map(td => td.innerText.trim()))"
    )
    return result


def test_search_select_and_expand(page: tuple[Any, Any, str]) -> None:
    pg, _, _ = page
    pg.fill("#search", "delta")
    pg.wait_for_selector("#results li")
    pg.keyboard.press("Enter")
    pg.wait_for_selector("#node-details h3:has-text('Delta Care')")
    assert "Sources: test" in pg.inner_text("#node-details")
    pg.wait_for_function("document.querySelectorAll('#node-table tbody tr').length >= 4")
    table = {r[0]: r for r in rows(pg, "#node-table tbody")}
    assert {"Delta Care", "Manager One"} <= set(table)  # the company and its holder, by name
    assert table["Delta Care"][3] == "Vendor A, Vendor B"  # reached through m-1's two JVs
    tips = pg.eval_on_selector_all(
        "#node-table tbody td:first-child span", "s => s.map(x => x.title)"
    )
    assert {"c-4", "m-1"} <= set(tips)  # ids only in tooltips
    screenshot(pg, "explorer-search-expand.png")


def test_metric_panels_equal_the_api(page: tuple[Any, Any, str]) -> None:
    pg, _, site = page
    doc = httpx.get(site + "/api/metrics").json()
    names = httpx.get(site + "/api/measures").json()
    access = rows(pg, "#access-table")
    assert access[0][:3] == [
        "sector",
        names["measures"]["any_vendor_share"]["name"],
        "Vendor A: foreclosure share (exclusive share)",
    ]
    table = {r[0]: r for r in access[1:]}
    log = doc["access"]["Logistics"]
    assert table["Logistics"][1] == f"{100 * log['any_vendor_share']:.1f}%"  # 400 of 440
    assert table["Logistics"][3] == "90.9% (68.2%)"  # Vendor B: 400 and 300 of 440
    basis = names["denominators"]["companies_in_data"]
    assert pg.inner_text("#access-basis") == f"Every share is {basis}."
    company = {r[0]: r for r in rows(pg, "#concentration-table")[1:]}
    conc = doc["concentration"]["Logistics"]
    assert company["Logistics"][1] == f"{conc['company_hhi']:,.1f}"
    assert company["Logistics"][3] == "—"
    assert "No 2023 Guidelines label" in pg.inner_text("#concentration-note")
    assert "No vendor_shares.csv" in pg.inner_text("#vendor-market-note")
    reach = {r[0]: r for r in rows(pg, "#reach-table")[1:]}
    assert reach["Vendor B"][1] == str(doc["reach"]["v-b"]["companies"])


def test_overlap_cell_lists_shared_companies(page: tuple[Any, Any, str]) -> None:
    pg, _, _ = page
    pg.click("#vendor-heatmap td[data-a='v-a'][data-b='v-b']")
    pg.wait_for_selector("#overlap-detail li")
    assert sorted(
        pg.eval_on_selector_all("#overlap-detail li", "l => l.map(x => x.innerText)")
    ) == ["Alpha Logistics", "Delta Care"]


def test_what_if_merge(page: tuple[Any, Any, str]) -> None:
    pg, _, _ = page
    pg.fill("#whatif-a", "v-a")
    pg.fill("#whatif-b", "v-b")
    pg.click("#whatif-form button")
    pg.wait_for_selector("#whatif-table td")
    table = {r[0]: r for r in rows(pg, "#whatif-table")[1:]}
    # the merged Vendor A reaches c-1 and c-2: 100 → 400 of 440; no vendor shares are given
    assert table["Logistics"][2] == "22.7% → 90.9% (+68.2 pt)"
    caption = pg.inner_text("#whatif-table caption")
    assert "No vendor_shares.csv: a 2023 presumption needs the AI vendors' shares" in caption
    screenshot(pg, "explorer-whatif.png")


def test_cypher_query_table_and_graph(page: tuple[Any, Any, str]) -> None:
    pg, _, _ = page
    pg.fill(
        "#cypher",
        "MATCH (m:AssetManager)-[:HOLDS]->(c:PortfolioCompany) WHERE m.id = 'm-2' RETURN m, c",
    )
    pg.click("#query-form button")
    pg.wait_for_selector("#query-status:has-text('2 rows')")
    assert rows(pg, "#query-table")[0] == ["m", "c"]
    assert {"Alpha Logistics", "Beta Freight"} <= {r[0] for r in rows(pg, "#node-table tbody")}


def test_as_of_changes_the_numbers(page: tuple[Any, Any, str]) -> None:
    pg, _, _ = page
    pg.fill("#as-of", "2026-04-27")
    pg.dispatch_event("#as-of", "change")
    pg.wait_for_function(
        "[...document.querySelectorAll('#reach-table tr')].some(tr => "
        "tr.children[0].innerText === 'Vendor B' && tr.children[1].innerText === '0')"
    )


def test_a_query_graph_that_is_cut_says_so_and_keeps_reached_by(
    store: GraphStore, tmp_path: Path
) -> None:
    from jvgraph.synth import generate

    generate(tmp_path / "synth", managers=40, companies=400, vendors=2, seed=3)
    load_dataset(store, tmp_path / "synth")
    with serving(create_app(store)) as url, browser_page("127.0.0.1") as (pg, watch):
        pg.goto(url + "/")
        pg.wait_for_selector("body[data-ready=true]", timeout=30_000)
        pg.click("#clear")
        pg.fill("#cypher", "MATCH (c:PortfolioCompany) RETURN c")
        pg.click("#query-form button[type=submit]")
        pg.wait_for_selector("#query-status.warn")
        text = pg.inner_text("#query-status")
        assert text.startswith("400 rows; the graph draws 200 of the 400 nodes"), text
        reached = pg.evaluate(
            "state.nodes.get().filter(n => (n.raw.reached_by || []).length).length"
        )
        assert reached > 0  # drawn from a query, companies keep their reached-by marks
    assert watch.errors == [] and watch.outside == []
