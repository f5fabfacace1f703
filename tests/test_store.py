"""The GraphStore contract, on a real on-disk store."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pytest

from jvgraph.config import Limits
from jvgraph.errors import NotFound, QueryError, QueryLimitExceeded, ReadOnlyViolation, StoreError
from jvgraph.explore import load_dataset
from jvgraph.load import read_dataset
from jvgraph.model import TABLES
from jvgraph.store import GraphStore, open_store


@pytest.fixture
def store(contract_store: GraphStore) -> GraphStore:
    """The contract suite: every test here runs on the embedded store and on Neo4j."""
    return contract_store


def embedded(store: GraphStore) -> bool:
    from jvgraph.store.embedded import EmbeddedStore

    return isinstance(store, EmbeddedStore)


TINY_COUNTS = {
    "Vendor": 2,
    "AssetManager": 3,
    "JointVenture": 2,
    "PortfolioCompany": 5,
    "FORMED": 2,
    "PARTNER_IN": 3,
    "HOLDS": 6,
}


def test_load_returns_the_counts(store: GraphStore, tiny: Path) -> None:
    assert load_dataset(store, tiny) == TINY_COUNTS
    assert store.counts() == TINY_COUNTS


def test_export_round_trips_every_property(store: GraphStore, tiny: Path) -> None:
    dataset = read_dataset(tiny)
    store.load(dataset)
    exported = store.export()
    for name in TABLES:
        key = (
            ["owner_id", "company_id", "since"]
            if name == "holdings"
            else (["jv_id", "manager_id"] if name == "jv_partners" else ["id"])
        )
        want = sorted(dataset.tables[name].to_pylist(), key=lambda r: [str(r[k]) for k in key])
        got = sorted(exported.tables[name].to_pylist(), key=lambda r: [str(r[k]) for k in key])
        assert got == want, name
    assert exported.extras["asset_managers"] == ()  # website is a contract column now


def test_loading_twice_changes_nothing(store: GraphStore, tiny: Path) -> None:
    load_dataset(store, tiny)
    first = store.export()
    assert load_dataset(store, tiny) == TINY_COUNTS
    second = store.export()
    assert {n: t.to_pylist() for n, t in first.tables.items()} == {
        n: t.to_pylist() for n, t in second.tables.items()
    }


def test_a_second_dataset_updates_nodes_and_replaces_same_key_holdings(
    store: GraphStore, tiny: Path, edited: object
) -> None:
    load_dataset(store, tiny)
    update = edited(
        companies={2: "c-1,Alpha Logistics Ltd,Logistics,120,12,US,test"},  # type: ignore[operator]
        holdings={2: "m-1,c-1,0.55,true,2020-01-01,,test"},
    )
    load_dataset(store, update)
    assert store.counts() == TINY_COUNTS
    assert store.get_node("c-1").properties["name"] == "Alpha Logistics Ltd"
    assert store.get_node("c-1").properties["revenue_usd"] == 120.0
    stakes = store.query(
        "MATCH (:AssetManager {id: 'm-1'})-[h:HOLDS]->(:PortfolioCompany "
        "{id: 'c-1'}) RETURN h.stake"
    )
    assert stakes.rows == [[0.55]]


def test_a_later_dataset_may_refer_to_stored_nodes(
    store: GraphStore, tiny: Path, tmp_path: Path
) -> None:
    load_dataset(store, tiny)
    extra = tmp_path / "extra"
    extra.mkdir()
    for _name, spec in TABLES.items():
        (extra / spec.file).write_text(",".join(spec.names) + "\n", encoding="utf-8")
    (extra / "companies.csv").write_text(
        "id,name,sector,revenue_usd,employees,country,source\nc-9,Zeta,Logistics,10,,,test\n",
        encoding="utf-8",
    )
    (extra / "holdings.csv").write_text(
        "owner_id,company_id,stake,control,since,until,source\nm-2,c-9,0.4,,,,test\n",
        encoding="utf-8",
    )
    counts = load_dataset(store, extra)
    assert counts["PortfolioCompany"] == 6
    assert counts["HOLDS"] == 7


def test_replace_empties_the_store_first(store: GraphStore, tiny: Path, edited: object) -> None:
    load_dataset(store, tiny)
    smaller = edited(holdings={7: "m-1,c-2,0.1,,,,test"})  # type: ignore[operator]
    load_dataset(store, smaller, replace=True)
    assert store.counts()["HOLDS"] == 6
    rows = store.query("MATCH (:PortfolioCompany {id: 'c-1'})-[h:HOLDS]->() RETURN count(h)").rows
    assert rows == [[0]]


def test_a_failure_inside_the_store_undoes_the_whole_load(store: GraphStore, tiny: Path) -> None:
    load_dataset(store, tiny)
    before = store.export()
    dataset = read_dataset(tiny)
    # bypass validation: a holding of a company that exists nowhere makes the COPY fail
    # after the nodes were written in the same transaction
    holdings = dataset.tables["holdings"]
    broken = pa.concat_tables(
        [holdings, holdings.slice(0, 1).set_column(1, "company_id", pa.array(["c-missing"]))]
    )
    dataset.tables["holdings"] = broken
    dataset.tables["vendors"] = dataset.tables["vendors"].set_column(
        1, "name", pa.array(["Changed", "Changed"])
    )
    with pytest.raises(StoreError, match="undone"):
        store.load(dataset)
    assert store.get_node("v-a").properties["name"] == "Vendor A"
    after = store.export()
    assert {n: t.to_pylist() for n, t in before.tables.items()} == {
        n: t.to_pylist() for n, t in after.tables.items()
    }


def test_json_and_csv_datasets_give_the_same_graph(tmp_path: Path, tiny: Path) -> None:
    dataset = read_dataset(tiny)
    doc = {
        name: [
            {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()}
            for row in table.to_pylist()
        ]
        for name, table in dataset.tables.items()
    }
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    from_json = read_dataset(path)
    for name in TABLES:
        assert from_json.tables[name].to_pylist() == dataset.tables[name].to_pylist(), name


def test_get_node_and_not_found(store: GraphStore, tiny: Path) -> None:
    load_dataset(store, tiny)
    node = store.get_node("m-1")
    assert node.label == "AssetManager"
    # an empty property is None on the embedded store and absent on Neo4j
    assert {k: v for k, v in node.properties.items() if v is not None} == {
        "id": "m-1",
        "name": "Manager One",
        "aum_usd": 500.0,
        "kind": "private equity",
        "country": "US",
        "source": "test",
        "website": "https://example.org/one",
    }
    with pytest.raises(NotFound, match="no node with id 'nope'"):
        store.get_node("nope")


def test_search_is_case_insensitive_with_prefix_matches_first(
    store: GraphStore, tiny: Path
) -> None:
    load_dataset(store, tiny)
    assert [n.id for n in store.search("DELTA")] == ["c-4"]
    assert [n.id for n in store.search("a")][:1] == ["c-1"]  # "Alpha ..." starts with a
    assert [n.id for n in store.search("manager", labels=("AssetManager",), limit=2)] == [
        "m-1",
        "m-2",
    ]


def test_neighbourhood_respects_depth_and_the_cap(store: GraphStore, tiny: Path) -> None:
    load_dataset(store, tiny)
    one = store.neighbourhood("m-1", depth=1)
    assert {n.id for n in one.nodes} == {"m-1", "jv-a", "jv-b", "c-1", "c-4"}
    assert one.total == 5
    assert not one.truncated
    assert {(e.source, e.target, e.type) for e in one.edges} == {
        ("m-1", "jv-a", "PARTNER_IN"),
        ("m-1", "jv-b", "PARTNER_IN"),
        ("m-1", "c-1", "HOLDS"),
        ("m-1", "c-4", "HOLDS"),
    }
    two = store.neighbourhood("m-1", depth=2, limit=3)
    assert len(two.nodes) == 3
    assert two.total == 9
    assert two.truncated
    with pytest.raises(NotFound):
        store.neighbourhood("nope")


WRITES = {
    "embedded": [
        "CREATE (:Vendor {id: 'x', name: 'X'})",
        "MATCH (n:Vendor) SET n.name = 'X'",
        "MATCH (n) DETACH DELETE n",
        "CREATE NODE TABLE Z(id STRING PRIMARY KEY)",
        "DROP TABLE HOLDS",
        "COMMIT",
        "BEGIN TRANSACTION",
        "CHECKPOINT",
        "CALL threads=1",
        "INSTALL json",
    ],
    "neo4j": [
        "CREATE (:Vendor {id: 'x', name: 'X'})",
        "MATCH (n:Vendor) SET n.name = 'X'",
        "MATCH (n) DETACH DELETE n",
        "CREATE INDEX vendor_name FOR (n:Vendor) ON (n.name)",
        "DROP CONSTRAINT vendor_id",
        "MERGE (v:Vendor {id: 'v-a'}) RETURN v",
        "LOAD CSV FROM 'file:///etc/hostname' AS row RETURN row",
    ],
}


def test_queries_that_write_are_refused(store: GraphStore, tiny: Path) -> None:
    load_dataset(store, tiny)
    for cypher in WRITES["embedded" if embedded(store) else "neo4j"]:
        with pytest.raises(ReadOnlyViolation, match=r"read-only|refused"):
            store.query(cypher)
    assert store.counts() == TINY_COUNTS


def test_multiple_statements_are_refused(store: GraphStore, tiny: Path) -> None:
    load_dataset(store, tiny)
    with pytest.raises(QueryError):
        store.query("MATCH (n) RETURN n.id; MATCH (n) DETACH DELETE n")
    assert store.counts() == TINY_COUNTS


def test_query_parameters_row_limit_and_errors(store: GraphStore, tiny: Path) -> None:
    load_dataset(store, tiny)
    result = store.query(
        "MATCH (c:PortfolioCompany) WHERE c.sector = $s RETURN c.id AS id ORDER BY id",
        {"s": "Logistics"},
    )
    assert result.columns == ["id"]
    assert result.rows == [["c-1"], ["c-2"], ["c-5"]]
    assert not result.truncated
    capped = store.query("MATCH (c:PortfolioCompany) RETURN c.id", limits=Limits(max_rows=2))
    assert len(capped.rows) == 2
    assert capped.truncated
    with pytest.raises(QueryError, match="the query failed"):
        store.query("MATCH (n RETURN n")


def test_query_time_limit(store: GraphStore, tiny: Path) -> None:
    load_dataset(store, tiny)
    slow = (
        "UNWIND range(1, 3000) AS a UNWIND range(1, 3000) AS b "
        "UNWIND range(1, 100) AS c RETURN sum(a * b * c)"
    )
    with pytest.raises(QueryLimitExceeded, match=r"time limit of 0\.2 s"):
        store.query(slow, limits=Limits(timeout_s=0.2))


def test_queries_see_the_latest_load(store: GraphStore, tiny: Path, edited: object) -> None:
    load_dataset(store, tiny)
    assert store.query("MATCH (c:PortfolioCompany) RETURN count(c)").rows == [[5]]
    more = edited(companies={"+": "c-6,Eta,Logistics,1,,,test"})  # type: ignore[operator]
    load_dataset(store, more)
    assert store.query("MATCH (c:PortfolioCompany) RETURN count(c)").rows == [[6]]


def test_a_read_only_store_needs_an_existing_database(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store at"):
        open_store(str(tmp_path / "missing.db"), read_only=True)


def test_the_store_persists_on_disk(tmp_path: Path, tiny: Path) -> None:
    path = str(tmp_path / "persist.db")
    with open_store(path) as first:
        load_dataset(first, tiny)
    with open_store(path, read_only=True) as again:
        assert again.counts() == TINY_COUNTS


def test_a_node_with_many_neighbours_is_read_only_as_far_as_the_cap(
    store: GraphStore, tmp_path: Path
) -> None:
    # one manager holding 300 companies: depth 1 with a cap of 10 shows 10 of 301
    from tests.strategies import write_dataset

    companies = [{"id": f"c{i:03d}", "name": f"C{i}", "sector": "S"} for i in range(300)]
    holdings = [{"owner_id": "m", "company_id": c["id"], "stake": 0.1} for c in companies]
    path = write_dataset(
        {
            "asset_managers": [{"id": "m", "name": "M"}],
            "companies": companies,
            "holdings": holdings,
        },
        tmp_path / "big",
    )
    load_dataset(store, path)
    view = store.neighbourhood("m", limit=10)
    assert (len(view.nodes), view.total) == (10, 301)
    assert len(view.edges) == 9 and all(e.source == "m" for e in view.edges)
    assert store.neighbourhood("c007").total == 2
