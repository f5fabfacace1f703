"""The synthetic generator and the bundled dataset."""

from __future__ import annotations

import filecmp
from pathlib import Path

import numpy as np
import pyarrow.compute as pc
import pytest

from jvgraph.config import bundled_dataset
from jvgraph.explore import load_dataset
from jvgraph.load import read_dataset
from jvgraph.model import TABLES
from jvgraph.store import GraphStore
from jvgraph.synth import generate
from jvgraph.synth.jv2026 import build_jv2026

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "d"
    generate(out, managers=300, companies=3000, vendors=4, seed=5, holdings=20_000)
    return out


def test_it_is_deterministic(synthetic: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    other = tmp_path / "other"
    generate(again, managers=300, companies=3000, vendors=4, seed=5, holdings=20_000)
    generate(other, managers=300, companies=3000, vendors=4, seed=6, holdings=20_000)
    for spec in TABLES.values():
        assert (synthetic / spec.file).read_bytes() == (again / spec.file).read_bytes()
    assert (synthetic / "holdings.csv").read_bytes() != (other / "holdings.csv").read_bytes()


def test_it_passes_validation_and_has_the_promised_shape(synthetic: Path) -> None:
    data = read_dataset(synthetic)  # every contract rule, independently of the generator
    h = data.tables["holdings"]
    assert abs(data.rows("holdings") - 20_000) <= 2_000
    for name, table in data.tables.items():
        assert list(table.column_names[: len(TABLES[name].names)]) == list(TABLES[name].names)
        assert set(table.column("source").to_pylist()) == {"synthetic"}
    portfolio = h.column("owner_id").value_counts().field("counts").to_numpy()
    assert portfolio.max() > 20 * np.median(portfolio)  # heavy tail
    holders = h.column("company_id").value_counts().field("counts").to_numpy()
    assert (holders > 1).sum() > 100  # co-investment clubs
    assert pc.sum(pc.starts_with(h.column("owner_id"), "pc-")).as_py() > 0  # subsidiaries
    assert pc.max(h.column("stake")).as_py() <= 1.0
    assert 25 <= len(set(data.tables["companies"].column("sector").to_pylist())) <= 30
    sizes = data.tables["jv_partners"].column("jv_id").value_counts().field("counts").to_numpy()
    assert sizes.min() >= 3 and sizes.max() <= 20


def test_the_bundled_dataset_is_what_the_generator_writes(tmp_path: Path) -> None:
    build_jv2026(tmp_path / "jv")
    bundled = bundled_dataset("jv-2026")
    for spec in TABLES.values():
        assert filecmp.cmp(bundled / spec.file, tmp_path / "jv" / spec.file, shallow=False)


def test_the_bundled_dataset_states_only_the_article(store: GraphStore) -> None:
    data = read_dataset(bundled_dataset("jv-2026"))
    article = {
        name: [r for r in t.to_pylist() if r["source"] == "seed-article"]
        for name, t in data.tables.items()
    }
    assert {(v["name"], v["valuation_usd"]) for v in article["vendors"]} == {
        ("Anthropic", 90e9),
        ("OpenAI", 852e9),
    }
    assert {(j["id"], j["size_usd"], j["announced"]) for j in article["joint_ventures"]} == {
        ("jv-anthropic", 1.5e9, None),
        ("jv-tdc", 10e9, None),
    }
    assert {m["name"] for m in article["asset_managers"]} == {
        "Blackstone",
        "Goldman Sachs",
        "Hellman & Friedman",
        "TPG",
        "Brookfield",
    }
    assert len([p for p in article["jv_partners"] if p["jv_id"] == "jv-tdc"]) == 20
    assert all(m["aum_usd"] is None and m["country"] is None for m in article["asset_managers"])
    assert article["companies"] == [] and article["holdings"] == []


def test_the_bundled_dataset_round_trips_through_the_store(store: GraphStore) -> None:
    path = bundled_dataset("jv-2026")
    counts = load_dataset(store, path)
    assert counts == {
        "Vendor": 2,
        "AssetManager": 35,
        "JointVenture": 2,
        "PortfolioCompany": 360,
        "FORMED": 2,
        "PARTNER_IN": 23,
        "HOLDS": 614,
    }
    data = read_dataset(path)
    exported = store.export()
    for name in TABLES:
        want = data.tables[name]
        got = exported.tables[name].select(want.column_names)
        key = lambda r: tuple(str(v) for v in r.values())  # noqa: E731
        assert sorted(got.to_pylist(), key=key) == sorted(want.to_pylist(), key=key), name
    jv = store.get_node("jv-tdc").properties
    assert jv["announced_note"] == "late April 2026 (the article gives no day)"
    assert store.get_node("am-tdc-partner-07").properties["name"] == (
        "Unnamed partner 07 of The Development Company"
    )
