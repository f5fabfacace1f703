"""graph/jv-2026: what the importer writes, every JV fact as reported, a source on every row."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from jvgraph.config import bundled_dataset
from jvgraph.explore import load_dataset
from jvgraph.importers import import_jv2026
from jvgraph.load import read_dataset
from jvgraph.model import TABLES
from jvgraph.store import GraphStore
from tests.realdata import SHARED_DATA, need

REPORTED = SHARED_DATA / "jv_2026_reported"
BUNDLED = bundled_dataset("jv-2026")


def read(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / name, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("jv") / "jv-2026"
    import_jv2026(need(SHARED_DATA), out)
    return out


def test_the_bundled_graph_is_what_the_importer_writes(rebuilt: Path) -> None:
    written = sorted(p.name for p in rebuilt.glob("*.csv"))
    assert written == sorted(p.name for p in BUNDLED.glob("*.csv"))
    for name in written:
        assert (rebuilt / name).read_bytes() == (BUNDLED / name).read_bytes(), name
    summary = json.loads((BUNDLED / "import-summary.json").read_text(encoding="utf-8"))
    again = json.loads((rebuilt / "import-summary.json").read_text(encoding="utf-8"))
    assert summary["counts"] == again["counts"] and summary["cleanups"] == again["cleanups"]
    readme = (BUNDLED / "README.md").read_text(encoding="utf-8")
    for name, rows in summary["counts"].items():  # the README's table says the counts
        assert f"| `{name}.csv` | {rows:,} |" in readme


def _sources(text: str) -> set[str]:
    return {entry.split(" (")[0] for entry in text.split("; ")}


def test_every_jv_fact_is_as_reported() -> None:
    jvs = read(need(REPORTED), "jvs.csv").set_index("jv")
    got = read(BUNDLED, "joint_ventures.csv").set_index("id")
    vendors = read(BUNDLED, "vendors.csv").set_index("id")
    for key, jv_id in (("anthropic-jv", "jv-anthropic"), ("openai-deployco", "jv-deployco")):
        want, row = jvs.loc[key], got.loc[jv_id]
        assert vendors.loc[row.vendor_id, "name"] == want.vendor
        assert row.announced == want.announced_on and row.launched == want.launched_on
        assert row.size_usd == want.capital_usd and row.valuation_usd == want.valuation_usd
        assert row.vendor_commitment_usd == want.vendor_commitment_usd
        assert row.reported_names == want.reported_names and row.note == want.notes
        assert _sources(row.source) == set(want.sources.split())
    assert got.loc["jv-deployco", "name"] == "The OpenAI Deployment Company"
    assert got.loc["jv-deployco", "partners_reported"] == "19"
    assert got.loc["jv-anthropic", "partners_reported"] == ""


def test_every_partner_is_as_reported() -> None:
    want = read(need(REPORTED), "partners.csv")
    got = read(BUNDLED, "jv_partners.csv")
    managers = read(BUNDLED, "asset_managers.csv").set_index("id")
    assert len(got) == len(want) == 22
    ids = {"anthropic-jv": "jv-anthropic", "openai-deployco": "jv-deployco"}
    for (_, w), (_, g) in zip(want.iterrows(), got.iterrows(), strict=True):
        assert g.jv_id == ids[w.jv]
        m = managers.loc[g.manager_id]
        assert w.partner == m["name"] or w.partner in m.aliases.split(" | ")
        assert m.kind == w.kind and g.role == w.role and g.commitment_usd == w.commitment_usd
        assert g.note == w.note and _sources(g.source) == set(w.sources.split())
    by_jv = got.groupby("jv_id").manager_id.agg(set)
    assert by_jv["jv-anthropic"] & by_jv["jv-deployco"] == {"am-goldman-sachs"}
    assert managers.loc["am-bain-capital", "name"] == "Bain Capital"
    assert managers.loc["am-bain-company", "kind"] == "consultancy"


def test_which_portfolios_the_graph_holds_is_a_column_of_the_data() -> None:
    m = read(BUNDLED, "asset_managers.csv").set_index("id")
    known = set(m.index[m.portfolio_known == "true"])
    assert known == {"am-advent-international", "am-bain-capital", "am-general-atlantic"}
    assert (m.loc[sorted(known), "portfolio_as_of"] != "").all()
    assert m.loc["am-blackstone", "portfolio_known"] == "false"
    holdings = read(BUNDLED, "holdings.csv")
    assert set(holdings.owner_id) == known
    credit = read(need(SHARED_DATA / "pe_portfolios"), "blackstone_bdc_names.csv")
    companies = set(read(BUNDLED, "companies.csv").name)
    assert not set(credit.company) & companies  # loans are not holdings


def test_every_row_cites_a_source_and_none_is_synthetic() -> None:
    for name in (n for n, t in TABLES.items() if not t.optional or (BUNDLED / t.file).exists()):
        frame = read(BUNDLED, TABLES[name].file)
        assert (frame.source != "").all(), name
        assert not frame.source.str.contains("synthetic").any(), name
        assert frame.source.str.contains("https://").all(), name


def test_every_node_and_relationship_in_a_store_has_a_source(store: GraphStore) -> None:
    load_dataset(store, BUNDLED)
    result = store.query("MATCH (n) WHERE n.source IS NULL OR n.source = '' RETURN count(n) AS n")
    assert result.rows == [[0]]
    for rel in ("PARTNER_IN", "HOLDS"):
        found = store.query(
            f"MATCH ()-[r:{rel}]->() WHERE r.source IS NULL OR r.source = '' RETURN count(r)"
        )
        assert found.rows == [[0]], rel
    formed = store.query(  # FORMED is the JV row's vendor_id: its source is the JV's
        "MATCH (:Vendor)-[:FORMED]->(j:JointVenture) WHERE j.source <> '' RETURN count(j)"
    )
    assert formed.rows == [[2]]


def test_holding_dates_follow_the_year_rule() -> None:
    h = read(BUNDLED, "holdings.csv")
    bain = h[h.owner_id == "am-bain-capital"]
    exits = bain[bain.status_listed == "Exit"]
    assert len(exits) == 293
    assert (exits.until == "2025-10-26").all() and (exits.until_precision == "before").all()
    active = h[h.status_listed != "Exit"]
    assert (active.until == "").all() and (active.until_precision == "").all()
    assert (h.stake == "").all()  # no source states a stake


def test_sectors_are_the_firms_own_and_the_third_party_label_is_apart() -> None:
    c = read(BUNDLED, "companies.csv").set_index("id")
    assert set(c.sector) - {""} == {
        "TECHNOLOGY",
        "CONSUMER",
        "INDUSTRIAL",
        "BUSINESS & FINANCIAL SERVICES",
        "HEALTHCARE",
    }
    several = c[c.sectors_published.str.contains(";")]
    assert len(several) == 20 and (several.sector == "").all()
    assert c.loc["pc-worldpay", "aliases"] == ""  # one spelling in both lists
    assert c.loc["pc-skillsoft", "aliases"] == "SkillSoft"
    assert c.loc["pc-anthropic", "same_as"] == "v-anthropic"
    assert c.loc["pc-capgemini", "same_as"] == "am-capgemini"
    assert read_dataset(BUNDLED).rows("companies") == len(c)


def test_the_third_party_label_is_never_a_market() -> None:
    from jvgraph.errors import UsageError
    from jvgraph.metrics.suite import compute_all

    with pytest.raises(UsageError, match="unknown market grouping 'industry_third_party'"):
        compute_all(read_dataset(BUNDLED), market="industry_third_party")
