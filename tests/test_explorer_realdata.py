"""The explorer on the full Crunchbase graph (38k nodes), in a real headless Chromium."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from jvgraph.api import create_app
from jvgraph.explore import load_dataset
from jvgraph.importers import import_crunchbase
from jvgraph.importers.crunchbase import SOURCE_CRUNCHBASE
from jvgraph.store import GraphStore, open_store
from tests.browser import browser_page, screenshot
from tests.realdata import INVESTMENTS, need
from tests.server import serving


@pytest.fixture(scope="module")
def crunchbase(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    base = tmp_path_factory.mktemp("crunchbase")
    import_crunchbase(need(INVESTMENTS), base / "data")
    with open_store(str(base / "store.db")) as store:
        load_dataset(store, base / "data")
        yield store


@pytest.fixture
def page(crunchbase: GraphStore) -> Iterator[Any]:
    with serving(create_app(crunchbase)) as url, browser_page("127.0.0.1") as (pg, watch):
        pg.goto(url + "/")
        pg.wait_for_selector("body[data-ready=true]", timeout=60_000)
        yield pg
        assert watch.errors == []
        assert watch.outside == []


def test_sequoia_search_and_expand_with_the_super_node_guard(
    page: Any, crunchbase: GraphStore
) -> None:
    pg = page
    holdings = crunchbase.export().tables["holdings"].column("owner_id").to_pylist()
    held = holdings.count("cb-inv-sequoia-capital")
    pg.fill("#search", "Sequoia")
    pg.wait_for_selector("#results li:has-text('Sequoia Capital')")
    names = pg.eval_on_selector_all("#results li", "lis => lis.map(li => li.innerText)")
    assert any("Sequoia Capital India" in n for n in names)  # type-ahead finds every Sequoia
    pg.click("#results li:has-text('Sequoia Capital') >> nth=0")
    pg.wait_for_selector("#node-details h3:has-text('Sequoia Capital')")
    assert f"Sources: {SOURCE_CRUNCHBASE}" in pg.inner_text("#node-details")  # the attribution
    # Sequoia Capital funded 308 companies: more than a view shows at once, so the page shows
    # the first ones, says how many there are and offers the next ones and the type filters
    pg.wait_for_selector("#cuts p[data-id='cb-inv-sequoia-capital']", timeout=30_000)
    cut = pg.inner_text("#cuts p")
    match = re.search(r"(\d+) of (\d+) neighbours of Sequoia Capital", cut)
    assert match, cut
    assert int(match.group(2)) == held == 308
    shown = pg.eval_on_selector_all("#node-table tbody tr", "trs => trs.length")
    assert shown == int(match.group(1)) + 1 <= 201
    assert pg.is_visible("#cuts button[data-more]")
    assert pg.is_visible("#cuts button[data-label=PortfolioCompany]")
    screenshot(pg, "explorer-crunchbase-sequoia.png")


@pytest.fixture
def airline_page(tmp_path: Any) -> Iterator[tuple[Any, str]]:
    from jvgraph.config import bundled_dataset

    with open_store(str(tmp_path / "air.db")) as store:
        load_dataset(store, bundled_dataset("airlines-13f"))
        with serving(create_app(store)) as url, browser_page("127.0.0.1") as (pg, watch):
            pg.goto(url + "/")
            pg.wait_for_selector("body[data-ready=true]", timeout=60_000)
            yield pg, url
            assert watch.errors == []
            assert watch.outside == []


def test_kappa_panel_equals_the_api_and_follows_the_date(airline_page: tuple[Any, str]) -> None:
    import httpx

    pg, url = airline_page
    assert "No vendor in the data" in pg.inner_text("#reach-table")
    pg.fill("#as-of", "2015-03-31")
    pg.dispatch_event("#as-of", "change")
    pg.select_option("#kappa-sector", "Airlines")
    pg.wait_for_selector("#kappa-table tr:nth-child(2)")
    doc = httpx.get(url + "/api/kappa", params={"name": "Airlines", "as_of": "2015-03-31"}).json()
    assert f"median κ {doc['summary']['median']:.4f}" in pg.inner_text("#kappa-status")  # 0.5512
    first = pg.eval_on_selector_all(
        "#kappa-table tr:nth-child(2) td", "tds => tds.map(td => td.innerText)"
    )
    top = doc["pairs"][0]
    names = {f["id"]: f["name"] for f in doc["firms"]}
    assert first == [f"{top['kappa']:.4f}", names[top["f"]], names[top["g"]]]
    pg.fill("#as-of", "2015-12-31")
    pg.dispatch_event("#as-of", "change")
    pg.wait_for_function(
        "document.querySelector('#kappa-status').innerText.includes('median κ 0.6942')"
    )
    screenshot(pg, "explorer-airlines-kappa.png")
