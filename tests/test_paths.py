"""Paths between two nodes: hand-worked on the tiny graph, against networkx's simple paths
on random graphs, and through the CLI and the API over real HTTP."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import networkx as nx
import pytest
from click.testing import CliRunner

from jvgraph.api import create_app
from jvgraph.cli import cli
from jvgraph.explore import load_dataset
from jvgraph.explore.index import GraphIndex
from jvgraph.explore.paths import paths
from jvgraph.store import GraphStore, open_store
from tests.server import serving


@pytest.fixture
def index(store: GraphStore, tiny: Path) -> GraphIndex:
    load_dataset(store, tiny)
    return GraphIndex.of(store)


def test_a_vendor_reaches_a_subsidiary_through_its_partner(index: GraphIndex) -> None:
    doc = paths(index, "v-a", "c-5")
    assert doc["shortest"] == 4 and doc["complete"] and not doc["truncated"]
    first, second = doc["paths"]
    assert [n["name"] for n in first["nodes"]] == [
        "Vendor A", "JV A", "Manager One", "Alpha Logistics", "Epsilon Sub",
    ]  # fmt: skip
    assert [(h["type"], h["forward"]) for h in first["hops"]] == [
        ("FORMED", True), ("PARTNER_IN", False), ("HOLDS", True), ("HOLDS", True),
    ]  # fmt: skip
    assert first["hops"][2]["stake"] == 0.6 and first["hops"][3]["source"] == "test"
    assert first["effective_stake"] == pytest.approx(0.6 * 0.8)
    # through JV B, Manager Two and its 30% of Alpha Logistics
    assert [n["id"] for n in second["nodes"]] == ["v-a", "jv-a", "m-1", "jv-b", "m-2", "c-1", "c-5"]
    assert second["effective_stake"] == pytest.approx(0.3 * 0.8)
    assert paths(index, "v-a", "c-5", max_hops=3)["paths"] == []
    capped = paths(index, "v-a", "c-5", limit=1)
    assert capped["truncated"] and not capped["complete"] and capped["paths"] == [first]


def test_a_path_that_ends_off_a_holding_chain_has_no_effective_stake(index: GraphIndex) -> None:
    doc = paths(index, "c-5", "v-b", max_hops=5)
    assert doc["paths"] and all(p["effective_stake"] is None for p in doc["paths"])


@pytest.mark.parametrize("seed", range(4))
def test_paths_are_networkx_simple_paths_shortest_first(tmp_path: Path, seed: int) -> None:
    from jvgraph.synth import generate

    generate(tmp_path / "d", managers=8, companies=25, vendors=2, holdings=40, seed=seed)
    with open_store(str(tmp_path / "g.db")) as store:
        load_dataset(store, tmp_path / "d")
        index = GraphIndex.of(store)
        data = store.export()
    g = nx.MultiGraph()
    for table, (a, b) in {
        "joint_ventures": ("vendor_id", "id"),
        "jv_partners": ("manager_id", "jv_id"),
        "holdings": ("owner_id", "company_id"),
    }.items():
        rows = data.tables[table].select([a, b]).to_pylist()
        g.add_edges_from((r[a], r[b]) for r in rows)
    source = data.tables["vendors"].column("id")[0].as_py()
    listed = 0
    for target in data.tables["companies"].column("id").to_pylist()[:6]:
        want = sorted(len(p) for p in nx.all_simple_edge_paths(g, source, target, cutoff=5))
        doc = paths(index, source, target, max_hops=5, limit=10_000)
        assert [p["length"] for p in doc["paths"]] == want, target
        listed += len(want)
        seen = {tuple(n["id"] for n in p["nodes"]) for p in doc["paths"]}
        assert len(seen) == len(
            {tuple(p) for p in nx.all_simple_paths(g, source, target, cutoff=5)}
        )
    assert listed > 0


def test_the_cli_and_the_api_speak_of_the_same_paths(tmp_path: Path, tiny: Path) -> None:
    db = str(tmp_path / "g.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["load", str(tiny), "--store", db]).exit_code == 0
    text = runner.invoke(cli, ["path", "Vendor A", "Epsilon Sub", "--store", db]).stdout
    assert "4 hops: Vendor A —FORMED→ JV A ←PARTNER_IN— Manager One —HOLDS 60.00%→ " in text
    assert "Alpha Logistics —HOLDS 80.00%→ Epsilon Sub  (effective stake 48.00%)" in text
    cli_doc = json.loads(runner.invoke(cli, ["path", "v-a", "c-5", "--store", db, "--json"]).stdout)
    with (
        open_store(db, read_only=True) as store,
        serving(create_app(store)) as url,
        httpx.Client(base_url=url, timeout=30) as client,
    ):
        got = client.get("/api/path", params={"from": "Vendor A", "to": "Epsilon Sub"})
        assert got.status_code == 200
        api_doc = got.json()
        graph = api_doc.pop("graph")  # the API adds the paths' subgraph, to draw
        assert api_doc == cli_doc
        assert {n["id"] for n in graph["nodes"]} == {
            n["id"] for p in cli_doc["paths"] for n in p["nodes"]
        }
        missing = client.get("/api/path", params={"from": "v-a", "to": "nobody"})
        assert missing.status_code == 404
        same = client.get("/api/path", params={"from": "v-a", "to": "v-a"})
        assert same.status_code in (400, 422)
    unknown = runner.invoke(cli, ["path", "v-a", "nobody", "--store", db])
    assert unknown.exit_code != 0 and unknown.stderr.startswith("error:")
