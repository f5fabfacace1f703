"""How one node reaches another, in the explorer: the path finder lists what /api/path
lists (each hop with its relationship and stake, the effective stake), draws the paths,
and starts from the Selected panel; over real HTTP and in Chromium."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from jvgraph.api import create_app
from jvgraph.config import bundled_dataset
from jvgraph.explore import load_dataset
from jvgraph.store import open_store
from tests.browser import browser_page, screenshot
from tests.server import serving

VENDOR, COMPANY = "Vendor Alpha", "Company 0001 (synthetic)"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with open_store(str(tmp_path_factory.mktemp("paths") / "ill.db")) as store:
        load_dataset(store, bundled_dataset("jv-2026-illustrative"))
        with serving(create_app(store)) as url:
            yield url


def test_the_path_route_gives_a_graph_to_draw(site: str) -> None:
    doc = httpx.get(f"{site}/api/path", params={"from": VENDOR, "to": COMPANY}).json()
    ids = {n["id"] for p in doc["paths"] for n in p["nodes"]}
    assert {n["id"] for n in doc["graph"]["nodes"]} == ids
    hops = {(h["from"], h["type"], h["to"]) for p in doc["paths"] for h in p["hops"]}
    assert {(e["source"], e["type"], e["target"]) for e in doc["graph"]["edges"]} == hops
    company = next(n for n in doc["graph"]["nodes"] if n["id"] == doc["to"]["id"])
    assert doc["from"]["id"] in company["reached_by"]  # coloured as everywhere else


def test_the_page_finds_lists_and_draws_the_paths(site: str) -> None:
    doc = httpx.get(f"{site}/api/path", params={"from": VENDOR, "to": COMPANY}).json()
    first = doc["paths"][0]
    with browser_page("127.0.0.1") as (pg, watch):
        pg.goto(site + "/")
        pg.wait_for_selector("body[data-ready=true]", timeout=60_000)
        pg.fill("#search", VENDOR)
        pg.wait_for_selector("#results li")
        pg.keyboard.press("Enter")
        pg.wait_for_selector("#node-details button[data-path-from]")
        pg.click("#node-details button[data-path-from]")
        assert pg.input_value("#path-from") == VENDOR
        pg.fill("#path-to", COMPANY)
        pg.click("#path-form button[type=submit]")
        pg.wait_for_selector("#path-result li")
        items = pg.eval_on_selector_all("#path-result li", "l => l.map(x => x.innerText)")
        assert len(items) == len(doc["paths"])
        text = items[0]
        assert (
            f"{first['length']} hops · effective stake {100 * first['effective_stake']:.1f}%"
            in text
        )
        for node in first["nodes"]:
            assert node["name"] in text
        stake = next(h["stake"] for h in first["hops"] if h["type"] == "HOLDS")
        assert f"holds {100 * stake:.1f}%" in text
        pg.click("#draw-paths")
        drawn = set(pg.evaluate("state.nodes.getIds()"))
        assert {n["id"] for n in doc["graph"]["nodes"]} <= drawn
        edges = pg.evaluate("state.edges.get().map(e => [e.from, e.to])")
        for hop in first["hops"]:
            assert [hop["from"], hop["to"]] in edges
        screenshot(pg, "explorer-path-vendor-to-company.png")
        assert watch.errors == [] and watch.outside == []
