"""The synthetic generator and the bundled illustrative dataset, checked against the data
contract with independent pandas code (not jvgraph's loader), plus the loader itself."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from jvgraph.errors import UsageError
from jvgraph.load import read_dataset
from jvgraph.synth import SECTORS, build_illustrative, default_holdings, generate

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "graph" / "jv-2026-illustrative"

CONTRACT = {
    "vendors": ["id", "name", "valuation_usd", "country", "source"],
    "asset_managers": ["id", "name", "aum_usd", "kind", "country", "source"],
    "joint_ventures": ["id", "name", "vendor_id", "size_usd", "announced", "ended", "source"],
    "jv_partners": ["jv_id", "manager_id", "commitment_usd", "source"],
    "companies": ["id", "name", "sector", "revenue_usd", "employees", "country", "source"],
    "holdings": ["owner_id", "company_id", "stake", "control", "since", "until", "source"],
}
REQUIRED = {
    "vendors": ["id", "name"],
    "asset_managers": ["id", "name"],
    "joint_ventures": ["id", "name", "vendor_id"],
    "jv_partners": ["jv_id", "manager_id"],
    "companies": ["id", "name", "sector"],
    "holdings": ["owner_id", "company_id", "stake"],
}
AMOUNTS = {
    "vendors": ["valuation_usd"],
    "asset_managers": ["aum_usd"],
    "joint_ventures": ["size_usd"],
    "jv_partners": ["commitment_usd"],
    "companies": ["revenue_usd", "employees"],
}
SMALL = {"managers": 150, "companies": 3000, "vendors": 3, "seed": 5, "holdings": 8000}

Tables = dict[str, pd.DataFrame]


def read(path: Path) -> Tables:
    """Every file as text; an empty cell is ''."""
    return {
        name: pd.read_csv(path / f"{name}.csv", dtype=str, keep_default_na=False)
        for name in CONTRACT
    }


def files(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.iterdir())}


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "small"
    generate(out, **SMALL)
    return out


@pytest.fixture(scope="module")
def illustrative(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "jv-2026-illustrative"
    build_illustrative(out)
    return out


def check_contract(t: Tables) -> None:
    """The data contract's rules, written independently of jvgraph.load."""
    for name, required in REQUIRED.items():
        for col in required:
            assert (t[name][col] != "").all(), f"{name}.{col} has empty cells"
    ids = pd.concat(
        [t[n]["id"] for n in ("vendors", "asset_managers", "joint_ventures", "companies")]
    )
    assert ids.is_unique
    check_references(t)
    check_amounts(t)
    check_holdings(t["holdings"])
    jvs = t["joint_ventures"]
    for col in ("announced", "ended"):
        check_dates(jvs[col])
    both = (jvs.announced != "") & (jvs.ended != "")
    assert (jvs.announced[both] < jvs.ended[both]).all()
    assert not t["jv_partners"].duplicated(["jv_id", "manager_id"]).any()


def check_references(t: Tables) -> None:
    vendors = set(t["vendors"].id)
    managers = set(t["asset_managers"].id)
    companies = set(t["companies"].id)
    assert set(t["joint_ventures"].vendor_id) <= vendors
    assert set(t["jv_partners"].jv_id) <= set(t["joint_ventures"].id)
    assert set(t["jv_partners"].manager_id) <= managers
    assert set(t["holdings"].owner_id) <= managers | companies
    assert set(t["holdings"].company_id) <= companies


def check_amounts(t: Tables) -> None:
    for name, cols in AMOUNTS.items():
        for col in cols:
            text = t[name][col]
            assert text.str.fullmatch(r"\d*").all(), f"{name}.{col} is not a plain number"
            assert (pd.to_numeric(text[text != ""]) >= 0).all()


def check_dates(text: pd.Series) -> None:
    given = text[text != ""]
    assert given.str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    pd.to_datetime(given, format="%Y-%m-%d", errors="raise")


def check_holdings(h: pd.DataFrame) -> None:
    assert h.stake.str.fullmatch(r"0\.\d{1,6}|1").all()  # plain decimals
    stake = h.stake.astype(float)
    assert ((stake > 0) & (stake <= 1)).all()
    assert h.control.isin(["true", "false"]).all()
    assert ((h.control == "true") == (stake > 0.5)).all()
    check_dates(h.since)
    check_dates(h.until)
    both = (h.since != "") & (h.until != "")
    assert (h.since[both] < h.until[both]).all()
    assert (h.owner_id != h.company_id).all()
    assert not h.duplicated(["owner_id", "company_id", "since"]).any()
    assert max_stake_sum(h) <= 1 + 1e-9


def max_stake_sum(h: pd.DataFrame) -> float:
    """The largest sum of the stakes in one company active at one instant.

    A holding adds its stake at ``since`` (the dawn of time when empty) and
    removes it at ``until`` (never when empty); removals at an instant come
    before additions, since ``until`` is exclusive.
    """
    stake = h.stake.astype(float)
    starts = pd.DataFrame(
        {"c": h.company_id, "t": h.since.replace("", "0000-00-00"), "order": 1, "d": stake}
    )
    ended = h.until != ""
    ends = pd.DataFrame(
        {"c": h.company_id[ended], "t": h.until[ended], "order": 0, "d": -stake[ended]}
    )
    events = pd.concat([starts, ends]).sort_values(["c", "t", "order"], kind="stable")
    running = events.groupby("c", sort=False).d.cumsum()
    return float(running.max())


def manager_portfolios(h: pd.DataFrame) -> pd.Series:
    return h[h.owner_id.str.startswith("am-")].groupby("owner_id").size()


# --- generate ------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_bytes(small: Path, tmp_path: Path) -> None:
    generate(tmp_path / "again", **SMALL)
    assert files(tmp_path / "again") == files(small)


def test_another_seed_gives_another_dataset(small: Path, tmp_path: Path) -> None:
    generate(tmp_path / "other", **{**SMALL, "seed": 6})
    other = files(tmp_path / "other")
    assert other["holdings.csv"] != files(small)["holdings.csv"]
    assert other["companies.csv"] != files(small)["companies.csv"]


def test_files_have_exactly_the_contract_columns(small: Path) -> None:
    assert sorted(p.name for p in small.iterdir()) == sorted(f"{n}.csv" for n in CONTRACT)
    for name, columns in CONTRACT.items():
        header = (small / f"{name}.csv").read_text(encoding="utf-8").splitlines()[0]
        assert header.split(",") == columns


def test_generated_data_keeps_the_contract(small: Path) -> None:
    check_contract(read(small))


def test_the_loader_accepts_it(small: Path) -> None:
    assert read_dataset(small).rows("holdings") == SMALL["holdings"]


def test_ids_names_and_sources_say_synthetic(small: Path) -> None:
    t = read(small)
    for name, frame in t.items():
        assert (frame.source == "synthetic").all(), name
    prefixes = {
        "vendors": "v-",
        "asset_managers": "am-",
        "joint_ventures": "jv-",
        "companies": "pc-",
    }
    for name, prefix in prefixes.items():
        assert t[name].id.str.fullmatch(re.escape(prefix) + r"\d{4,}").all()
    assert t["asset_managers"].name.str.fullmatch(r"Synthetic Manager \d{4,}").all()
    assert t["companies"].name.str.fullmatch(r"Company \d{4,} \(synthetic\)").all()
    assert t["vendors"].name.str.startswith("Synthetic Vendor ").all()
    assert t["joint_ventures"].name.str.startswith("Synthetic JV ").all()


def test_sectors_are_many_and_skewed(small: Path) -> None:
    c = read(small)["companies"]
    assert set(c.sector) <= set(SECTORS)
    counts = c.sector.value_counts()
    assert len(counts) >= 25
    assert counts.iloc[0] > 3 * counts.median()
    assert counts.iloc[0] > 10 * counts.iloc[-1]
    revenue = c.revenue_usd.astype(float)
    assert revenue.max() > 50 * revenue.median()


def test_portfolio_sizes_are_heavy_tailed(small: Path) -> None:
    sizes = manager_portfolios(read(small)["holdings"])
    assert sizes.max() > 10 * sizes.median()


def test_companies_are_co_invested_in_clubs(small: Path) -> None:
    h = read(small)["holdings"]
    managers = h[h.owner_id.str.startswith("am-")]
    holders = managers.groupby("company_id").owner_id.nunique()
    assert (holders >= 2).mean() > 0.3
    pairs = managers.merge(managers, on="company_id")
    pairs = pairs[pairs.owner_id_x < pairs.owner_id_y]
    assert pairs.groupby(["owner_id_x", "owner_id_y"]).size().max() >= 10  # a club


def test_some_companies_hold_subsidiaries(small: Path) -> None:
    h = read(small)["holdings"]
    share = h.owner_id.str.startswith("pc-").mean()
    assert 0.01 < share < 0.06


def test_holdings_have_control_ends_and_dates_over_a_decade(small: Path) -> None:
    h = read(small)["holdings"]
    assert 0.03 < (h.control == "true").mean() < 0.5
    assert 0.05 < (h.until != "").mean() < 0.5
    assert h.since.min() < "2016-01-01" and h.since.max() > "2026-01-01"


def test_joint_ventures_have_3_to_20_partners(small: Path) -> None:
    t = read(small)
    per_vendor = t["joint_ventures"].groupby("vendor_id").size()
    assert per_vendor.between(1, 3).all() and len(per_vendor) == SMALL["vendors"]
    partners = t["jv_partners"].groupby("jv_id").size()
    assert partners.between(3, 20).all()
    jvs = t["joint_ventures"].set_index("id")
    committed = t["jv_partners"].commitment_usd.astype(float).groupby(t["jv_partners"].jv_id)
    assert (committed.sum() <= jvs.size_usd.astype(float)[committed.sum().index]).all()


@pytest.mark.parametrize("target", [500, 3000, 20_000])
def test_the_holdings_target_is_met(tmp_path: Path, target: int) -> None:
    counts = generate(tmp_path, managers=80, companies=2000, vendors=2, seed=3, holdings=target)
    assert abs(counts["holdings"] - target) <= 0.1 * target
    assert len(read(tmp_path)["holdings"]) == counts["holdings"]


def test_without_a_target_holdings_follow_managers(tmp_path: Path) -> None:
    assert default_holdings(2000, 300_000) == 300_000
    assert default_holdings(2000, 5000) == 100_000  # at most 20 per company
    counts = generate(tmp_path, managers=30, companies=1000, vendors=1, seed=1)
    assert abs(counts["holdings"] - default_holdings(30, 1000)) <= 450


@pytest.mark.parametrize(("managers", "companies", "vendors"), [(1, 1, 1), (2, 3, 1), (7, 40, 5)])
def test_tiny_sizes_still_keep_the_contract(
    tmp_path: Path, managers: int, companies: int, vendors: int
) -> None:
    generate(tmp_path, managers=managers, companies=companies, vendors=vendors, seed=0)
    check_contract(read(tmp_path))
    read_dataset(tmp_path)


def test_impossible_sizes_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="managers must be at least 1"):
        generate(tmp_path, managers=0, companies=10, vendors=1, seed=0)
    with pytest.raises(UsageError, match="holdings must be between 1 and"):
        generate(tmp_path, managers=2, companies=10, vendors=1, seed=0, holdings=1000)


# --- jv-2026-illustrative -------------------------------------------------------------


def test_the_committed_dataset_is_what_build_illustrative_writes(illustrative: Path) -> None:
    assert files(BUNDLED) == files(illustrative)


def test_illustrative_keeps_the_contract(illustrative: Path) -> None:
    t = read(illustrative)
    check_contract(t)
    for name, columns in CONTRACT.items():
        assert list(t[name].columns[: len(columns)]) == columns
    assert read_dataset(illustrative).rows("vendors") == 2


def test_illustrative_is_synthetic_row_by_row_and_names_no_real_firm(illustrative: Path) -> None:
    t = read(illustrative)
    for name, frame in t.items():
        assert (frame.source == "synthetic").all(), name
    real = {"Anthropic", "OpenAI", "Blackstone", "Goldman Sachs", "TPG", "Brookfield"}
    names = set().union(*(set(t[n].name) for n in ("vendors", "asset_managers", "companies")))
    assert not names & real
    assert sorted(t["vendors"].name) == ["Vendor Alpha", "Vendor Beta"]
    j = t["joint_ventures"].set_index("id")
    assert j.size_usd.to_dict() == {"jv-alpha": "1500000000", "jv-beta": "10000000000"}
    assert j.announced.to_dict() == {"jv-alpha": "2026-04-27", "jv-beta": "2026-04-29"}
    partners = t["jv_partners"]
    assert partners.groupby("jv_id").size().to_dict() == {"jv-alpha": 3, "jv-beta": 20}
    m = t["asset_managers"]
    assert (m.portfolio_known == "true").all()  # the generated portfolios are the whole truth
    others = m[~m.id.isin(partners.manager_id)]
    assert others.name.str.fullmatch(r"Synthetic Manager \d{4}").all()


def test_illustrative_makes_concentration_interesting(illustrative: Path) -> None:
    t = read(illustrative)
    partners = t["jv_partners"].merge(t["joint_ventures"], left_on="jv_id", right_on="id")
    vendor_of = partners.groupby("manager_id").vendor_id.agg(set)
    h = t["holdings"].merge(t["companies"], left_on="company_id", right_on="id")
    h["revenue"] = h.revenue_usd.astype(float)
    h["vendors"] = h.owner_id.map(vendor_of)
    reached = h.dropna(subset=["vendors"])
    by_company = reached.groupby("company_id").vendors.agg(lambda s: set().union(*s))
    assert (by_company.map(len) == 2).sum() >= 10  # shared by partners of both vendors
    unreached = set(t["companies"].sector) - set(reached.sector)
    assert len(unreached) >= 3
    fs = t["companies"][t["companies"].sector == "Financial services"]
    alpha = reached[reached.vendors.map(lambda s: "v-alpha" in s)]
    fs_reached = set(alpha.company_id) & set(fs.id)
    revenue = fs.set_index("id").revenue_usd.astype(float)
    assert revenue[list(fs_reached)].sum() > 0.5 * revenue.sum()
    assert not np.isclose(h.groupby("sector").revenue.sum().std(), 0)


def test_illustrative_is_small_and_says_so(illustrative: Path) -> None:
    rows = {name: len(frame) for name, frame in read(illustrative).items()}
    assert 300 <= rows["companies"] <= 1000
    assert 500 <= rows["holdings"] <= 3000
    readme = (illustrative / "README.md").read_text(encoding="utf-8")
    assert readme.splitlines()[2].startswith("**Nothing here is real.**")
    assert "graph/jv-2026" in readme and "source=synthetic" in readme
