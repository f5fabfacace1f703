"""The read index answers as the store does, on both stores, and follows new loads."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from jvgraph.errors import NotFound
from jvgraph.explore import load_dataset
from jvgraph.explore.browse import neighbourhood_view
from jvgraph.explore.index import GraphIndex
from jvgraph.explore.read_index import ReadIndex
from jvgraph.store import Edge, GraphStore, Subgraph, open_store
from tests.strategies import datasets, write_dataset

TEXTS = ["a", "A", "del", "MAN", "e", "o", "ty", "JV", "zz", "Manager T", "c-"]


def edge_key(e: Edge) -> tuple[Any, ...]:
    return (e.source, e.target, e.type, sorted(e.properties.items()))


def distances(store: GraphStore, node_id: str) -> dict[str, int]:
    """Hops from ``node_id`` to every node within three, as the store traverses."""
    hops: dict[str, int] = {}
    for depth in (1, 2, 3):
        for node in store.neighbourhood(node_id, depth=depth, limit=10_000).nodes:
            hops.setdefault(node.id, 0 if node.id == node_id else depth)
    return hops


def assert_same(
    store: GraphStore,
    index: GraphIndex,
    node_id: str,
    depth: int,
    limit: int,
    hops: dict[str, int] | None = None,
) -> None:
    """The index's neighbourhood equals the store's: the same nodes with the same values
    when nothing is cut; under a cap, as many nodes, as near, with the relationships the
    uncapped traversal has among them. Within a hop the store's order is its own."""
    want, got = (
        store.neighbourhood(node_id, depth=depth, limit=limit),
        index.neighbourhood(node_id, depth=depth, limit=limit),
    )
    assert (got.total, len(got.nodes), got.nodes[0]) == (want.total, len(want.nodes), want.nodes[0])
    if not want.truncated:
        assert sorted(got.nodes, key=lambda n: n.id) == sorted(want.nodes, key=lambda n: n.id)
        assert sorted(map(edge_key, got.edges)) == sorted(map(edge_key, want.edges))
        return
    hops = hops if hops is not None else distances(store, node_id)
    assert sorted(hops[n.id] for n in got.nodes) == sorted(hops[n.id] for n in want.nodes)
    full = index.neighbourhood(node_id, depth=depth, limit=10_000)
    for capped in (want, got):
        assert sorted(map(edge_key, capped.edges)) == among(full, capped)


def among(full: Subgraph, capped: Subgraph) -> list[tuple[Any, ...]]:
    kept = {n.id for n in capped.nodes}
    return sorted(edge_key(e) for e in full.edges if e.source in kept and e.target in kept)


def assert_same_everywhere(store: GraphStore, texts: list[str]) -> GraphIndex:
    index = GraphIndex.of(store)
    for node_id in [n.id for n in index.nodes(range(len(index)))]:
        assert index.get_node(node_id) == store.get_node(node_id)
        hops = distances(store, node_id)
        for depth in (1, 2, 3):
            for limit in (1, 2, 3, 200):
                assert_same(store, index, node_id, depth, limit, hops)
    for text in texts:
        for labels, limit in (((), 20), ((), 2), (("AssetManager",), 2), (("Vendor",), 1)):
            want = store.search(text, labels=labels, limit=limit)
            assert index.search(text, labels=labels, limit=limit) == want, (text, labels)
    return index


def test_the_index_answers_as_the_store_does(contract_store: GraphStore, tiny: Path) -> None:
    load_dataset(contract_store, tiny)
    index = assert_same_everywhere(contract_store, TEXTS)
    # the embedded store keeps empty properties as None, Neo4j leaves them out
    assert index.keep_empty == ("neo4j" not in type(contract_store).__name__.lower())
    with pytest.raises(NotFound) as missing:
        index.neighbourhood("nope")
    with pytest.raises(NotFound) as stored:
        contract_store.neighbourhood("nope")
    assert str(missing.value) == str(stored.value)


def test_filtered_views_are_the_same(contract_store: GraphStore, tiny: Path) -> None:
    load_dataset(contract_store, tiny)
    index = GraphIndex.of(contract_store)
    for node_id in ("m-1", "m-2", "c-1", "jv-b"):
        for labels in ((), ("PortfolioCompany",), ("JointVenture", "Vendor")):
            for as_of in (None, __import__("datetime").date(2025, 6, 1)):
                args: dict[str, Any] = {"labels": labels, "as_of": as_of, "depth": 2}
                want = neighbourhood_view(contract_store, node_id, **args)
                got = neighbourhood_view(index, node_id, **args)
                assert (got["shown"], got["total"], got["message"]) == (
                    want["shown"],
                    want["total"],
                    want["message"],
                )
                assert sorted(got["nodes"], key=lambda n: n["id"]) == sorted(
                    want["nodes"], key=lambda n: n["id"]
                )


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(records=datasets())
def test_random_datasets(records: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp, open_store(str(Path(tmp) / "s.db")) as store:
        load_dataset(store, write_dataset(records, Path(tmp) / "d"))
        assert_same_everywhere(store, ["c", "M1", "v", "jv0", "1"])


def test_a_cap_reads_the_nearest_first(store: GraphStore, tmp_path: Path) -> None:
    # one manager holding 300 companies, each held by a second manager too
    companies = [{"id": f"c{i:03d}", "name": f"C{i}", "sector": "S"} for i in range(300)]
    holdings = [{"owner_id": "m", "company_id": c["id"], "stake": 0.1} for c in companies]
    holdings += [{"owner_id": "n", "company_id": c["id"], "stake": 0.2} for c in companies]
    managers = [{"id": "m", "name": "M"}, {"id": "n", "name": "N"}]
    data = {"asset_managers": managers, "companies": companies, "holdings": holdings}
    load_dataset(store, write_dataset(data, tmp_path / "big"))
    index = GraphIndex.of(store)
    for node_id, depth, limit in (("m", 1, 10), ("m", 2, 10), ("c007", 2, 2), ("c007", 3, 5)):
        assert_same(store, index, node_id, depth, limit)
    view = index.neighbourhood("m", limit=10)
    assert (len(view.nodes), view.total, len(view.edges)) == (10, 301, 9)
    assert index.neighbourhood("m", depth=2).total == 302


def test_a_new_load_is_seen(store: GraphStore, tiny: Path, edited: Any) -> None:
    load_dataset(store, tiny)
    reads = ReadIndex()
    first = reads.reads(store)
    assert isinstance(first, GraphIndex) and reads.fresh(store) is first
    assert "c-6" not in {n.id for n in first.neighbourhood("m-3").nodes}
    load_dataset(
        store,
        edited(
            companies={"+": "c-6,Zeta Freight,Logistics,10,,US,test"},
            holdings={"+": "m-3,c-6,0.4,false,,,test"},
        ),
    )
    assert reads.fresh(store) is None  # the store's version moved on
    second = reads.reads(store)
    assert second is not first and reads.builds == 2
    assert {n.id for n in second.neighbourhood("m-3").nodes} == {"m-3", "c-3", "c-6"}
    assert [n.id for n in second.search("zeta")] == ["c-6"]


def test_reads_go_to_the_store_while_the_index_is_built(store: GraphStore, tiny: Path) -> None:
    load_dataset(store, tiny)
    reads = ReadIndex()
    with reads._building:  # another thread is building it
        assert reads.reads(store) is store
    assert isinstance(reads.reads(store), GraphIndex)
