"""Honest cuts: a node with more neighbours than a view holds keeps the largest by stake,
then by revenue (or AUM), then by name, says "N of M" and pages through the rest in the
same order; the store and the read index answer alike. On the real airline 13F holdings
(Delta Air Lines has over a thousand holders), over real HTTP and in Chromium."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from jvgraph.api import create_app
from jvgraph.config import bundled_dataset
from jvgraph.explore import load_dataset
from jvgraph.explore.browse import neighbourhood_view
from jvgraph.explore.index import GraphIndex
from jvgraph.store import GraphStore, open_store
from tests.browser import browser_page, screenshot
from tests.server import serving

AIRLINES = bundled_dataset("airlines-13f")
DELTA = "13f-firm-91926"


@pytest.fixture(scope="module")
def airlines(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    with open_store(str(tmp_path_factory.mktemp("air") / "air.db")) as store:
        load_dataset(store, AIRLINES)
        yield store


@pytest.fixture(scope="module")
def site(airlines: GraphStore) -> Iterator[str]:
    with serving(create_app(airlines)) as url:
        yield url


def largest_holders(company: str, as_of: str | None = None) -> list[str]:
    """The company's holders from holdings.csv, largest stake first (a holder's largest
    row that counts on ``as_of``, every row without one), then by AUM, then by name."""
    with (AIRLINES / "asset_managers.csv").open(encoding="utf-8") as f:
        managers = {r["id"]: r for r in csv.DictReader(f)}
    stakes: dict[str, float] = {}
    with (AIRLINES / "holdings.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            counts = as_of is None or (
                (not r["since"] or r["since"] <= as_of) and (not r["until"] or as_of < r["until"])
            )
            if r["company_id"] == company and counts:
                stake = float(r["stake"]) if r["stake"] else -1.0
                stakes[r["owner_id"]] = max(stakes.get(r["owner_id"], -1.0), stake)

    def key(owner: str) -> tuple[float, float, str, str]:
        aum = managers[owner]["aum_usd"]
        return (
            -stakes[owner],
            -float(aum) if aum else 1.0,
            managers[owner]["name"].casefold(),
            owner,
        )

    return sorted(stakes, key=key)


@pytest.mark.parametrize("as_of", [None, "2015-03-31"])
def test_the_api_keeps_the_largest_stakes_and_pages_in_order(site: str, as_of: str | None) -> None:
    want = largest_holders(DELTA, as_of)
    assert len(want) > 800  # far more than a view holds
    params: dict[str, Any] = {"limit": 101, **({"as_of": as_of} if as_of else {})}
    first = httpx.get(f"{site}/api/nodes/{DELTA}/neighbourhood", params=params).json()
    assert first["nodes"][0]["id"] == DELTA
    assert [n["id"] for n in first["nodes"][1:]] == want[:100]
    assert first["neighbours"] == 100 and first["neighbours_total"] == len(want)
    assert first["next_offset"] == 100 and first["order"].startswith("largest stake first")
    assert first["message"] == f"showing 101 of {len(want) + 1:,} nodes"
    # the edges drawn carry the stake the order used
    stakes = [e["properties"]["stake"] for e in first["edges"]]
    assert stakes == sorted(stakes, reverse=True)
    second = httpx.get(
        f"{site}/api/nodes/{DELTA}/neighbourhood", params={**params, "offset": 100}
    ).json()
    assert [n["id"] for n in second["nodes"][1:]] == want[100:200]
    last = httpx.get(
        f"{site}/api/nodes/{DELTA}/neighbourhood", params={**params, "offset": len(want) - 5}
    ).json()
    assert [n["id"] for n in last["nodes"][1:]] == want[-5:] and last["next_offset"] is None


def test_type_filters_count_what_they_keep(site: str) -> None:
    only = httpx.get(
        f"{site}/api/nodes/{DELTA}/neighbourhood", params={"labels": "PortfolioCompany"}
    ).json()
    assert only["neighbours_total"] == 0 and [n["id"] for n in only["nodes"]] == [DELTA]
    deep = httpx.get(f"{site}/api/nodes/{DELTA}/neighbourhood", params={"depth": 2, "offset": 5})
    assert deep.status_code in (400, 422) and "offset" in deep.json()["message"]


def test_the_store_and_the_read_index_cut_alike(airlines: GraphStore) -> None:
    index = GraphIndex.of(airlines)
    for node_id in (DELTA, "13f-mgr-102909"):
        for as_of in (None, dt.date(2015, 3, 31), dt.date(2030, 1, 1)):
            for offset in (0, 150):
                args: dict[str, Any] = {"limit": 100, "as_of": as_of, "offset": offset}
                want = neighbourhood_view(airlines, node_id, **args)
                assert neighbourhood_view(index, node_id, **args) == want, (node_id, as_of)


def test_the_openapi_documents_the_offset(site: str) -> None:
    doc = httpx.get(site + "/openapi.json").json()
    params = doc["paths"]["/api/nodes/{node_id}/neighbourhood"]["get"]["parameters"]
    offset = next(p for p in params if p["name"] == "offset")
    assert "next_offset" in offset["description"]


def test_search_ranks_the_name_then_its_start_then_the_rest(
    site: str, airlines: GraphStore
) -> None:
    found = httpx.get(site + "/api/search", params={"q": "Delta"}).json()
    names = [n["name"] for n in found]
    assert names.index("Delta Air Lines") < names.index("DELTA LLOYD NV")
    assert names[0] == "Delta Air Lines"
    # the name itself comes first, then names starting with the text, then the others
    exact = httpx.get(site + "/api/search", params={"q": "american airlines group"}).json()
    assert exact[0]["name"] == "American Airlines Group"
    air = [n["name"] for n in httpx.get(site + "/api/search", params={"q": "air"}).json()]
    starting = [n.lower().startswith("air") for n in air]
    assert starting == sorted(starting, reverse=True) and any(starting) and not all(starting)
    assert [n.id for n in airlines.search("Delta")] == [
        n.id for n in GraphIndex.of(airlines).search("Delta")
    ]


def drawn(pg: Any) -> list[str]:
    ids: list[str] = pg.evaluate("state.nodes.get().filter(n => !n.hidden).map(n => n.id)")
    return ids


def test_the_page_draws_the_largest_holders_and_the_next_ones(site: str, tmp_path: Path) -> None:
    want = largest_holders(DELTA)
    with browser_page("127.0.0.1") as (pg, watch):
        pg.goto(site + "/")
        pg.wait_for_selector("body[data-ready=true]", timeout=60_000)
        # no JV in the airline holdings: the page says so and how to start
        hint = pg.inner_text("#graph-hint")
        assert pg.is_visible("#graph-hint") and "No joint venture in this data" in hint
        assert "search" in hint.lower()
        pg.fill("#search", "Delta")
        pg.wait_for_selector("#results li")
        first = pg.inner_text("#results li:first-child")
        assert first.startswith("Delta Air Lines")  # before DELTA LLOYD NV
        pg.keyboard.press("Enter")
        pg.wait_for_selector(f"#cuts p[data-id='{DELTA}']", timeout=30_000)
        cut = pg.inner_text("#cuts p")
        assert f"100 of {len(want):,} neighbours of Delta Air Lines" in cut
        assert not pg.is_visible("#graph-hint")
        assert sorted(drawn(pg)) == sorted([DELTA, *want[:100]])
        assert pg.is_visible("#cuts button[data-label=AssetManager]")  # the type filters
        pg.click("#cuts button[data-more]")
        pg.wait_for_function("document.querySelector('#cuts p').dataset.shown === '200'")
        assert f"200 of {len(want):,} neighbours" in pg.inner_text("#cuts p")
        assert sorted(drawn(pg)) == sorted([DELTA, *want[:200]])
        # names in the table, ids only in tooltips
        table = pg.eval_on_selector_all(
            "#node-table tbody tr td:first-child", "t => t.map(x => x.innerText)"
        )
        assert "VANGUARD GROUP INC" in table and not any(t.startswith("13f-") for t in table)
        screenshot(pg, "explorer-capped-largest-holders.png")
    assert watch.errors == [] and watch.outside == []


def _held(as_of: str) -> dict[str, set[str]]:
    """Each owner's companies from holdings.csv, rows that count on ``as_of``."""
    held: dict[str, set[str]] = {}
    with (AIRLINES / "holdings.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["since"] <= as_of < r["until"]:
                held.setdefault(r["owner_id"], set()).add(r["company_id"])
    return held


def test_the_owner_heatmap_values_every_pair_it_draws(site: str) -> None:
    """The heatmap's owners are those of the pairs sharing most, and every cell among them
    is counted from the holdings (not left empty because the pair list was cut)."""
    as_of = "2015-03-31"
    doc = httpx.get(f"{site}/api/overlap/owners", params={"as_of": as_of, "k": 12}).json()
    held = _held(as_of)
    owners = doc["owners"]
    assert len(owners) == 12 and doc["pairs"] >= 6
    top = max(len(s) for s in held.values())
    assert all(len(held[o]) == top for o in owners[:2])  # the top pair holds every airline
    for i, a in enumerate(owners):
        for j, b in enumerate(owners):
            both = held[a] & held[b]
            assert doc["shared"][i][j] == len(both)
            assert doc["jaccard"][i][j] == pytest.approx(len(both) / len(held[a] | held[b]))
    with browser_page("127.0.0.1") as (pg, watch):
        pg.goto(f"{site}/#as_of={as_of}")
        pg.wait_for_selector("body[data-ready=true]", timeout=60_000)
        pg.fill("#as-of", as_of)
        pg.dispatch_event("#as-of", "change")
        pg.wait_for_function(
            "document.querySelectorAll('#manager-heatmap td[data-a]').length === 144",
            timeout=30_000,
        )
        cells = pg.eval_on_selector_all(
            "#manager-heatmap td[data-a]",
            "l => l.map(t => [t.dataset.a, t.dataset.b, t.textContent])",
        )
        index = {o: i for i, o in enumerate(owners)}
        for a, b, text in cells:
            if a != b:
                assert text == f"{doc['shared'][index[a]][index[b]]:,}"
        heads = pg.eval_on_selector_all(
            "#manager-heatmap tr th span", "l => l.map(s => s.textContent)"
        )
        assert heads[:12] == doc["names"]
        screenshot(pg, "explorer-owner-heatmap.png")
        assert watch.errors == [] and watch.outside == []
