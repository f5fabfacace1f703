"""Every query in cypher/ runs, and the metric queries equal the Python metrics."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from jvgraph.config import cypher_text
from jvgraph.explore import load_dataset
from jvgraph.load import read_dataset
from jvgraph.metrics.suite import compute_all
from jvgraph.store import GraphStore


@pytest.fixture
def store(contract_store: GraphStore) -> GraphStore:
    """Runs on the embedded store and on Neo4j."""
    return contract_store


CYPHER = Path(__file__).resolve().parents[1] / "cypher"
DATES = [None, dt.date(2025, 1, 1), dt.date(2026, 5, 1)]


def run(store: GraphStore, name: str, as_of: dt.date | None) -> list[dict[str, Any]]:
    params = {"every_row": as_of is None, "as_of": as_of or dt.date(1970, 1, 1)}
    result = store.query(cypher_text(name).rstrip().rstrip(";"), params)
    return [dict(zip(result.columns, row, strict=True)) for row in result.rows]


def same(got: dict[Any, Any], want: dict[Any, Any]) -> None:
    """Equal keys, and values equal to 1e-9 relative (tuples element by element)."""
    assert set(got) == set(want)
    for key, value in want.items():
        assert got[key] == pytest.approx(value, rel=1e-9), key


def test_every_file_is_tested() -> None:
    tested = {
        "schema.cypher",
        "schema.ladybug.cypher",
        "neighbourhood.cypher",
        "neighbourhood.ladybug.cypher",
        "reach.cypher",
        "foreclosure.cypher",
        "exclusive_access.cypher",
        "overlap.cypher",
        "gatekeepers.cypher",
    }
    assert {p.name for p in CYPHER.glob("*.cypher")} == tested


@pytest.fixture
def loaded(store: GraphStore, tiny: Path) -> GraphStore:
    load_dataset(store, tiny)
    return store


def python(tiny: Path, as_of: dt.date | None) -> dict[str, Any]:
    return compute_all(read_dataset(tiny), as_of)


@pytest.mark.parametrize("as_of", DATES)
def test_reach(loaded: GraphStore, tiny: Path, as_of: dt.date | None) -> None:
    want = python(tiny, as_of)["reach"]
    got = {
        (r["vendor"], r["sector"]): (r["companies"], r["revenue_usd"])
        for r in run(loaded, "reach.cypher", as_of)
    }
    expected = {
        (v, s): (x["companies"], x["revenue_usd"])
        for v, entry in want.items()
        for s, x in entry["by_sector"].items()
    }
    same(got, expected)


def access_shares(path: Path, as_of: dt.date | None, key: str) -> dict[Any, float]:
    return {
        (s, v): x[key]
        for s, entry in python(path, as_of)["access"].items()
        for v, x in entry["vendors"].items()
        if x[key]
    }


@pytest.mark.parametrize("name", ["foreclosure", "exclusive"])
@pytest.mark.parametrize("as_of", DATES)
def test_access_shares(loaded: GraphStore, tiny: Path, as_of: dt.date | None, name: str) -> None:
    query = "foreclosure.cypher" if name == "foreclosure" else "exclusive_access.cypher"
    got = {(r["sector"], r["vendor"]): r[f"{name}_share"] for r in run(loaded, query, as_of)}
    same(got, access_shares(tiny, as_of, f"{name}_share"))


def test_access_shares_of_a_market_total(store: GraphStore, edited: Any) -> None:
    path = edited(markets=b"market,total_revenue_usd,source\nLogistics,1000,test\n")
    load_dataset(store, path)
    for name, query in (
        ("foreclosure", "foreclosure.cypher"),
        ("exclusive", "exclusive_access.cypher"),
    ):
        got = {(r["sector"], r["vendor"]): r[f"{name}_share"] for r in run(store, query, None)}
        want = access_shares(path, None, f"{name}_share")
        assert want[("Logistics", "v-b")] == pytest.approx(
            (300 + 100) / 1000 if name == "foreclosure" else 300 / 1000
        )
        same(got, want)


@pytest.mark.parametrize("as_of", DATES)
def test_overlap(loaded: GraphStore, tiny: Path, as_of: dt.date | None) -> None:
    want = {
        (p["a"], p["b"]): (p["shared"], p["jaccard"], p["overlap_coefficient"])
        for p in python(tiny, as_of)["overlap"]["vendors"]
        if p["shared"] > 0
    }
    got = {
        (r["a"], r["b"]): (r["shared"], r["jaccard"], r["overlap_coefficient"])
        for r in run(loaded, "overlap.cypher", as_of)
    }
    same(got, want)


@pytest.mark.parametrize("as_of", DATES)
def test_gatekeepers(loaded: GraphStore, tiny: Path, as_of: dt.date | None) -> None:
    want = {
        (v, m): (x["companies"], x["revenue_usd"])
        for v, ms in python(tiny, as_of)["gatekeepers"].items()
        for m, x in ms.items()
        if x["companies"] > 0
    }
    got = {
        (r["vendor"], r["manager"]): (r["companies"], r["revenue_usd"])
        for r in run(loaded, "gatekeepers.cypher", as_of)
    }
    same(got, want)


def test_neighbourhood(loaded: GraphStore) -> None:
    from jvgraph.store.embedded import EmbeddedStore

    name = (
        "neighbourhood.ladybug.cypher"
        if isinstance(loaded, EmbeddedStore)
        else "neighbourhood.cypher"
    )
    result = loaded.query(cypher_text(name).rstrip().rstrip(";"), {"id": "m-1", "limit": 10})
    rows = [dict(zip(result.columns, r, strict=True)) for r in result.rows]
    assert [(r["id"], r["label"], r["type"]) for r in rows] == [
        ("jv-a", "JointVenture", "PARTNER_IN"),
        ("jv-b", "JointVenture", "PARTNER_IN"),
        ("c-1", "PortfolioCompany", "HOLDS"),
        ("c-4", "PortfolioCompany", "HOLDS"),
    ]
    assert {n.id for n in loaded.neighbourhood("m-1").nodes} - {"m-1"} == {r["id"] for r in rows}


def test_a_vendor_held_by_its_partner_is_not_in_its_reach_in_cypher_either(
    store: GraphStore, edited: Any
) -> None:
    """c-4 is Vendor A itself (``same_as``), held by m-1, a partner of A's and B's JVs: the
    queries leave it out of A's reach, as the Python metrics do, and keep it in B's."""
    data = edited(
        companies=(
            b"id,name,sector,revenue_usd,employees,country,source,same_as\n"
            b"c-1,Alpha Logistics,Logistics,100,10,US,test,\nc-2,Beta Freight,Logistics,300,,US,test,\n"
            b"c-3,Gamma Health,Healthcare,50,5,DE,test,\nc-4,Vendor A,Healthcare,150,,DE,test,v-a\n"
            b"c-5,Epsilon Sub,Logistics,40,,US,test,\n"
        )
    )
    load_dataset(store, data)
    want = compute_all(read_dataset(data))
    assert want["reach"]["v-a"]["by_sector"].get("Healthcare") is None
    assert want["reach"]["v-b"]["by_sector"]["Healthcare"]["companies"] == 1
    got = {(r["vendor"], r["sector"]): r["companies"] for r in run(store, "reach.cypher", None)}
    assert got == {
        (v, s): x["companies"] for v, e in want["reach"].items() for s, x in e["by_sector"].items()
    }
    for name, query in (
        ("foreclosure", "foreclosure.cypher"),
        ("exclusive", "exclusive_access.cypher"),
    ):
        shares = {(r["sector"], r["vendor"]): r[f"{name}_share"] for r in run(store, query, None)}
        same(shares, access_shares(data, None, f"{name}_share"))
    keep = {
        (v, m): x["companies"]
        for v, ms in want["gatekeepers"].items()
        for m, x in ms.items()
        if x["companies"] > 0
    }
    rows = run(store, "gatekeepers.cypher", None)
    assert {(r["vendor"], r["manager"]): r["companies"] for r in rows} == keep
