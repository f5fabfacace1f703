"""The REST API over real HTTP on a loopback port."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from jvgraph.api import ApiSettings, create_app
from jvgraph.explore import load_dataset, reached_by
from jvgraph.explore.browse import neighbourhood_view, node_details, node_doc
from jvgraph.load import read_dataset
from jvgraph.metrics.suite import compute_all
from jvgraph.store import GraphStore
from tests.server import serving


@pytest.fixture
def api(store: GraphStore, tiny: Path) -> Iterator[httpx.Client]:
    load_dataset(store, tiny)
    app = create_app(store, ApiSettings(max_nodes=50))
    with serving(app) as url, httpx.Client(base_url=url, timeout=30) as client:
        client.app = app  # type: ignore[attr-defined]
        yield client


def ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def test_search_type_ahead(api: httpx.Client) -> None:
    found = ok(api.get("/api/search", params={"q": "del"}))
    assert [(n["id"], n["label"], n["name"]) for n in found] == [
        ("c-4", "PortfolioCompany", "Delta Care")
    ]
    only = ok(api.get("/api/search", params={"q": "VEND", "labels": "Vendor"}))
    assert {n["id"] for n in only} == {"v-a", "v-b"}


def test_node_with_sources_and_unknown_ids(api: httpx.Client) -> None:
    node = ok(api.get("/api/nodes/m-1"))
    assert node["properties"]["website"] == "https://example.org/one"
    assert node["sources"] == ["test"]
    missing = api.get("/api/nodes/nope")
    assert missing.status_code == 404
    assert missing.json() == {
        "error": "not_found",
        "message": "no node with the id, name or alias 'nope'",
        "candidates": [],
    }
    by_name = ok(api.get("/api/nodes/manager one"))  # a name, in any case
    assert by_name["id"] == "m-1"


def test_neighbourhood_cap_filters_and_as_of(api: httpx.Client) -> None:
    full = ok(api.get("/api/nodes/m-1/neighbourhood"))
    assert {n["id"] for n in full["nodes"]} == {"m-1", "jv-a", "jv-b", "c-1", "c-4"}
    assert full["message"] == "showing 5 of 5 nodes"
    capped = ok(api.get("/api/nodes/m-1/neighbourhood", params={"limit": 2}))
    assert (capped["shown"], capped["total"], capped["truncated"]) == (2, 5, True)
    companies = ok(api.get("/api/nodes/m-1/neighbourhood", params={"labels": "PortfolioCompany"}))
    assert {n["id"] for n in companies["nodes"]} == {"m-1", "c-1", "c-4"}
    # m-2 held c-2 until 2025-01-01: gone on 2025-06-01; jv-b announced 2026-04-28
    before = ok(api.get("/api/nodes/m-2/neighbourhood", params={"as_of": "2025-06-01"}))
    assert {n["id"] for n in before["nodes"]} == {"m-2", "c-1"}


def test_metrics_equal_the_library_and_are_cached(api: httpx.Client, tiny: Path) -> None:
    doc = ok(api.get("/api/metrics", params={"as_of": "2026-05-01"}))
    want = compute_all(read_dataset(tiny), __import__("datetime").date(2026, 5, 1))
    assert doc == want
    ok(api.get("/api/metrics", params={"as_of": "2026-05-01"}))
    assert api.app.state.cache.hits == 1  # type: ignore[attr-defined]


def test_whatif_and_explain(api: httpx.Client) -> None:
    doc = ok(api.get("/api/whatif", params={"scenario": "merge:v-a,v-b"}))
    log = doc["markets"]["Logistics"]
    # no vendor_shares.csv: the change in access shares, and what a presumption would need
    assert log["merger"]["presumption_2023"] is None
    assert "vendor_shares.csv" in log["merger"]["needs"]
    assert log["access"]["vendors"]["v-a"]["foreclosure_share"]["after"] == pytest.approx(400 / 440)
    exp = ok(api.get("/api/explain/foreclosure", params=[("ids", "v-b"), ("ids", "Logistics")]))
    assert (exp["value"], exp["values"]["exclusive_share"]) == pytest.approx((400 / 440, 300 / 440))
    mhhi = ok(api.get("/api/explain/mhhi", params={"ids": "Logistics"}))
    assert set(mhhi["values"]) >= {"mhhi", "delta_mhhi", "company_hhi"}


def test_measures_name_every_share(api: httpx.Client) -> None:
    doc = ok(api.get("/api/measures"))
    assert doc["measures"]["foreclosure_share"]["name"] == "foreclosure share"
    assert doc["measures"]["company_hhi"]["path"] == "concentration.<market>.company_hhi"
    assert set(doc["denominators"]) == {"market_total", "companies_in_data"}


def test_query_rows_graph_and_refusals(api: httpx.Client) -> None:
    doc = ok(
        api.post(
            "/api/query",
            json={
                "cypher": "MATCH (m:AssetManager)-[h:HOLDS]->(c:PortfolioCompany) WHERE m.id = $m "
                "RETURN m, c ORDER BY c.id",
                "params": {"m": "m-1"},
            },
        )
    )
    assert doc["columns"] == ["m", "c"] and len(doc["rows"]) == 2
    assert {n["id"] for n in doc["graph"]["nodes"]} == {"m-1", "c-1", "c-4"}
    assert {(e["source"], e["target"]) for e in doc["graph"]["edges"]} == {
        ("m-1", "c-1"),
        ("m-1", "c-4"),
    }
    write = api.post("/api/query", json={"cypher": "MATCH (n) DETACH DELETE n"})
    assert write.status_code == 403 and write.json()["error"] == "read_only"
    broken = api.post("/api/query", json={"cypher": "MATCH (n RETURN n"})
    assert broken.status_code == 400 and broken.json()["error"] == "query_error"


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/api/metrics", {"as_of": "yesterday"}, 422),
        ("/api/metrics", {"market": "planet"}, 422),
        ("/api/whatif", {"scenario": "merge:v-a"}, 422),
        ("/api/whatif", {"scenario": "merge:v-a,v-x"}, 404),
        ("/api/nodes/m-1/neighbourhood", {"depth": 9}, 422),
        ("/api/search", {"q": ""}, 422),
        ("/api/explain/company-hhi", {"ids": "Atlantis"}, 404),
        ("/api/explain/vendor-hhi", {"ids": "Logistics"}, 404),
        ("/api/explain/hhi", {"ids": "Logistics"}, 422),
    ],
)
def test_bad_requests_are_4xx_json(
    api: httpx.Client, path: str, params: dict[str, str], status: int
) -> None:
    response = api.get(path, params=params)
    assert response.status_code == status, response.text
    assert set(response.json()) - {"candidates"} == {"error", "message"}
    assert response.json()["message"]


def test_export_formats(api: httpx.Client) -> None:
    sub = ok(api.get("/api/nodes/m-1/neighbourhood"))
    body = {"nodes": sub["nodes"], "edges": sub["edges"]}
    graphml = api.post("/api/export", params={"format": "graphml"}, json=body)
    assert graphml.status_code == 200 and "<graphml" in graphml.text
    gexf = api.post("/api/export", params={"format": "gexf"}, json=body)
    assert "<gexf" in gexf.text
    edges = api.post("/api/export", params={"format": "csv-edges"}, json=body).text
    assert edges.splitlines()[0].startswith("source,target,type")
    assert len(edges.splitlines()) == 1 + len(sub["edges"])
    data = ok(api.post("/api/export", params={"format": "json"}, json=body))
    assert {n["id"] for n in data["nodes"]} == {n["id"] for n in sub["nodes"]}


def test_docs_are_served_without_a_cdn(api: httpx.Client) -> None:
    for path, asset in (
        ("/docs", "/static/docs/swagger-ui-bundle.js"),
        ("/redoc", "/static/docs/redoc.standalone.js"),
    ):
        page = api.get(path).text
        assert asset in page
        assert re.findall(r"https?://[^\s\"'<>]+", page) == []
        assert api.get(asset).status_code == 200
    assert ok(api.get("/openapi.json"))["info"]["title"] == "jvgraph"


def test_owner_pairs_can_be_capped(api: httpx.Client) -> None:
    full = ok(api.get("/api/metrics", params={"max_pairs": 0}))
    assert len(full["overlap"]["managers"]) == 1 and "managers_total" not in full["overlap"]
    # the tiny graph has one owner pair; a cap below it keeps the pair that shares most
    assert (
        ok(api.get("/api/metrics", params={"max_pairs": 1}))["overlap"]["managers"]
        == (full["overlap"]["managers"])
    )


def test_reads_come_from_the_index_and_equal_the_store(
    contract_store: GraphStore, tiny: Path
) -> None:
    load_dataset(contract_store, tiny)
    with serving(create_app(contract_store)) as url, httpx.Client(base_url=url) as client:
        hood = client.get("/api/nodes/m-2/neighbourhood", params={"depth": 2})
        found = client.get("/api/search", params={"q": "a", "limit": 5})
        node = client.get("/api/nodes/c-1")
    assert [r.headers["x-jvgraph-read"] for r in (hood, found, node)] == ["index"] * 3
    want = neighbourhood_view(contract_store, "m-2", depth=2)
    doc = ok(hood)
    assert (doc["shown"], doc["total"], doc["message"]) == (7, 7, want["message"])
    by_id = {n["id"]: n for n in doc["nodes"]}
    assert {i: {k: v for k, v in n.items() if k != "reached_by"} for i, n in by_id.items()} == {
        n["id"]: n for n in want["nodes"]
    }
    reach = reached_by(contract_store.export())
    assert by_id["c-1"]["reached_by"] == reach["c-1"] == ["v-a", "v-b"]  # m-1's two JVs
    assert "reached_by" not in by_id["m-2"]
    edges = sorted((e["source"], e["target"], e["type"]) for e in doc["edges"])
    assert edges == sorted((e["source"], e["target"], e["type"]) for e in want["edges"])
    assert ok(found) == [node_doc(n) for n in contract_store.search("a", limit=5)]
    assert ok(node) == node_details(contract_store, "c-1") and ok(node)["degree"] == 3


def test_the_api_sees_a_new_load(api: httpx.Client, edited: Any) -> None:
    before = api.get("/api/nodes/m-3/neighbourhood")
    assert {n["id"] for n in ok(before)["nodes"]} == {"m-3", "c-3"}
    assert before.headers["x-jvgraph-read"] == "index"
    store = api.app.state.store  # type: ignore[attr-defined]
    load_dataset(
        store,
        edited(
            companies={"+": "c-6,Zeta Freight,Logistics,10,,US,test"},
            holdings={"+": "m-3,c-6,0.4,false,,,test"},
        ),
    )
    after = api.get("/api/nodes/m-3/neighbourhood")
    assert {n["id"] for n in ok(after)["nodes"]} == {"m-3", "c-3", "c-6"}
    assert after.headers["x-jvgraph-read"] == "index"
    assert [n["id"] for n in ok(api.get("/api/search", params={"q": "zeta"}))] == ["c-6"]
    assert api.app.state.read_index.builds == 2  # type: ignore[attr-defined]


def test_a_large_view_has_positions_and_the_guard(store: GraphStore, tmp_path: Path) -> None:
    from tests.strategies import write_dataset

    companies = [{"id": f"c{i:03d}", "name": f"C{i}", "sector": "S"} for i in range(400)]
    holdings = [{"owner_id": "m", "company_id": c["id"], "stake": 0.1} for c in companies]
    data = {"asset_managers": [{"id": "m", "name": "M"}], "companies": companies}
    load_dataset(store, write_dataset({**data, "holdings": holdings}, tmp_path / "big"))
    with serving(create_app(store)) as url, httpx.Client(base_url=url) as client:
        big = ok(client.get("/api/nodes/m/neighbourhood", params={"limit": 350}))
        small = ok(client.get("/api/nodes/m/neighbourhood"))
    assert (big["shown"], big["total"]) == (350, 401)
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in big["nodes"])
    assert small["message"] == "showing 100 of 401 nodes" and "x" not in small["nodes"][0]
    assert all(n["reached_by"] == [] for n in small["nodes"][1:])


def test_capped_owner_pairs_are_the_pairs_sharing_most(store: GraphStore, tmp_path: Path) -> None:
    from jvgraph.synth import generate

    generate(tmp_path / "d", managers=30, companies=200, vendors=2, seed=3, holdings=900)
    load_dataset(store, tmp_path / "d")
    full = list(compute_all(read_dataset(tmp_path / "d"))["overlap"]["managers"])
    assert len(full) > 5
    with serving(create_app(store)) as url, httpx.Client(base_url=url, timeout=60) as client:
        capped = ok(client.get("/api/metrics", params={"max_pairs": 5}))["overlap"]
    assert capped["managers_truncated"] is True and capped["managers_total"] == len(full)
    assert len(capped["managers"]) == 5
    kept = {(p["a"], p["b"]) for p in capped["managers"]}
    assert kept <= {(p["a"], p["b"]) for p in full}
    least_kept = min(p["shared"] for p in capped["managers"])
    assert all(p["shared"] <= least_kept for p in full if (p["a"], p["b"]) not in kept)
