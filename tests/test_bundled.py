"""The bundled illustrative dataset loads into a store and comes back out exactly."""

from __future__ import annotations

from jvgraph.config import bundled_dataset
from jvgraph.explore import load_dataset
from jvgraph.load import read_dataset
from jvgraph.model import TABLES
from jvgraph.store import GraphStore


def test_the_illustrative_dataset_round_trips_through_the_store(store: GraphStore) -> None:
    path = bundled_dataset("jv-2026-illustrative")
    data = read_dataset(path)
    counts = load_dataset(store, path)
    assert counts == {
        "Vendor": 2,
        "AssetManager": 35,
        "JointVenture": 2,
        "PortfolioCompany": data.rows("companies"),
        "FORMED": 2,
        "PARTNER_IN": 23,
        "HOLDS": data.rows("holdings"),
    }
    exported = store.export()
    for name in TABLES:
        want = data.tables[name]
        got = exported.tables[name].select(want.column_names)

        def key(row: dict[str, object]) -> tuple[str, ...]:
            return tuple(str(v) for v in row.values())

        assert sorted(got.to_pylist(), key=key) == sorted(want.to_pylist(), key=key), name
    assert str(store.get_node("jv-beta").properties["announced"]) == "2026-04-29"
    assert store.get_node("am-beta-07").properties["name"] == "Partner Beta 07"
    assert store.get_node("am-beta-07").properties["portfolio_known"] is True
    assert store.get_node("v-beta").properties["valuation_usd"] == 852e9
