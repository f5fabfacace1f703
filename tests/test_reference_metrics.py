"""Exact answers of the naive reference metrics on tiny hand-computed datasets.

Each dataset is drawn in a comment and every expected number is written as the
arithmetic that gives it, so a reader can check it with pencil and paper.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from tests.reference import naive_markets as markets
from tests.reference import naive_metrics as nm

TINY = Path(__file__).parent / "data" / "tiny"

Rows = list[dict[str, Any]]


# ---------------------------------------------------------------- dataset builders


def jv(jv_id: str, vendor: str, announced: str | None = None, ended: str | None = None) -> Any:
    return {"id": jv_id, "name": jv_id, "vendor_id": vendor, "announced": announced, "ended": ended}


def company(c_id: str, sector: str, revenue: float | None, country: str | None = None) -> Any:
    return {"id": c_id, "name": c_id, "sector": sector, "revenue_usd": revenue, "country": country}


def holding(
    owner: str, c_id: str, stake: float, since: str | None = None, until: str | None = None
) -> Any:
    return {"owner_id": owner, "company_id": c_id, "stake": stake, "since": since, "until": until}


def dataset(
    vendors: list[str],
    jvs: Rows,
    partners: dict[str, list[str]],
    companies: Rows,
    holdings: Rows,
) -> dict[str, Rows]:
    """Records in the contract's shape; managers are every m-id used."""
    managers = {m for ms in partners.values() for m in ms}
    managers |= {h["owner_id"] for h in holdings if h["owner_id"].startswith("m")}
    return {
        "vendors": [{"id": v, "name": v} for v in vendors],
        "asset_managers": [{"id": m, "name": m} for m in sorted(managers)],
        "joint_ventures": jvs,
        "jv_partners": [{"jv_id": j, "manager_id": m} for j, ms in partners.items() for m in ms],
        "companies": companies,
        "holdings": holdings,
    }


def write_csv(records: dict[str, Rows], folder: Path) -> Path:
    folder.mkdir()
    for name, rows in records.items():
        fields = sorted({k for row in rows for k in row}) or ["id"]
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields)
            writer.writeheader()
            writer.writerows({k: ("" if v is None else v) for k, v in r.items()} for r in rows)
    return folder


# ---------------------------------------------------------------- 1. a shared company
#
#   va -FORMED-> ja <-PARTNER_IN- m1 -HOLDS-> c1 (Tech, 100) 0.5, c2 (Tech, 300) 0.4
#   vb -FORMED-> jb <-PARTNER_IN- m2 -HOLDS-> c2 0.6, c3 (Tech, 600) 0.3
#   vc formed no JV;   m3 (no partner) -HOLDS-> c4 (Food, 50) 1.0;   c5 (Food, revenue empty)
#   countries: c1 US, c2 US, c3 DE, c4 empty, c5 US


@pytest.fixture
def shared() -> dict[str, Rows]:
    return dataset(
        vendors=["va", "vb", "vc"],
        jvs=[jv("ja", "va"), jv("jb", "vb")],
        partners={"ja": ["m1"], "jb": ["m2"]},
        companies=[
            company("c1", "Tech", 100, "US"),
            company("c2", "Tech", 300, "US"),
            company("c3", "Tech", 600, "DE"),
            company("c4", "Food", 50),
            company("c5", "Food", None, "US"),
        ],
        holdings=[
            holding("m1", "c1", 0.5),
            holding("m1", "c2", 0.4),
            holding("m2", "c2", 0.6),
            holding("m2", "c3", 0.3),
            holding("m3", "c4", 1.0),
        ],
    )


def test_reach_and_a_vendor_without_jv(shared: dict[str, Rows]) -> None:
    reach = nm.reach(shared)
    tech = {"companies": 2, "revenue_usd": 400.0, "companies_without_revenue": 0}
    assert reach["va"] == {
        "companies": 2,  # c1, c2
        "revenue_usd": 100.0 + 300.0,
        "companies_without_revenue": 0,
        "by_sector": {"Tech": tech},
    }
    assert reach["vb"]["revenue_usd"] == 300.0 + 600.0  # c2, c3
    assert reach["vc"] == {
        "companies": 0,
        "revenue_usd": 0.0,
        "companies_without_revenue": 0,
        "by_sector": {},
    }


def test_a_shared_company_is_contested_not_exclusive(shared: dict[str, Rows]) -> None:
    tech = markets.access(shared)["Tech"]
    # T = 100 + 300 + 600; c2 is reached by va and vb, c1 by va only, c3 by vb only
    va, vb = tech["vendors"]["va"], tech["vendors"]["vb"]
    assert (va["foreclosure_share"], va["exclusive_share"]) == pytest.approx((0.4, 0.1))
    assert va["contested_share"] == pytest.approx(0.3)  # c2
    assert (vb["foreclosure_share"], vb["exclusive_share"]) == pytest.approx((0.9, 0.6))
    assert tech["any_vendor_share"] == pytest.approx(1.0)
    assert (va["foreclosure_share_by_count"], va["exclusive_share_by_count"]) == pytest.approx(
        (2 / 3, 1 / 3)
    )
    assert "vc" not in tech["vendors"]  # it reaches nothing
    conc = markets.concentration(shared)["Tech"]
    assert conc["company_hhi"] == pytest.approx(100 + 900 + 3600)  # shares .1, .3, .6
    assert conc["label"] is None  # shares of the companies in the data: no label


def test_a_market_no_vendor_reaches(shared: dict[str, Rows]) -> None:
    # Food: c4 is held by m3, who is no partner; c5 has no revenue
    food = markets.access(shared)["Food"]
    assert food["vendors"] == {}
    assert (food["any_vendor_share"], food["any_vendor_share_by_count"]) == (0.0, 0.0)
    assert (food["companies"], food["companies_without_revenue"]) == (2, 1)
    assert food["market_revenue_usd"] == 50.0  # c4 only


def test_overlap_jaccard_and_overlap_coefficient(shared: dict[str, Rows]) -> None:
    result = nm.overlap(shared)
    # va {c1, c2} vs vb {c2, c3}: ∩ = {c2}, ∪ = {c1, c2, c3}
    both = {
        "shared": 1,
        "jaccard": pytest.approx(1 / 3),
        "overlap_coefficient": pytest.approx(1 / min(2, 2)),
        "revenue_jaccard": pytest.approx(300 / (100 + 300 + 600)),
    }
    # vc reaches nothing: union {..} but intersection empty, and min(|A|, |B|) = 0 -> 0
    empty = {"shared": 0, "jaccard": 0.0, "overlap_coefficient": 0.0, "revenue_jaccard": 0.0}
    assert result["vendors"] == [
        {"a": "va", "b": "vb", **both},
        {"a": "va", "b": "vc", **empty},
        {"a": "vb", "b": "vc", **empty},
    ]
    # owners: m1 {c1, c2}, m2 {c2, c3}, m3 {c4}; only (m1, m2) share a company
    assert result["managers"] == [{"a": "m1", "b": "m2", **both}]


def test_common_ownership_double_sum(shared: dict[str, Rows]) -> None:
    tech = nm.common_ownership(shared)["Tech"]
    bounds = {"denominator": "companies_in_data", "lower_bounds": False}
    s1, s2, s3 = 100 / 1000, 300 / 1000, 600 / 1000
    # β: m1 c1 .5, m1 c2 .4, m2 c2 .6, m2 c3 .3
    # j=c1 (Σβ² = .5²):          k=c2 via m1: .5·.4;        k=c3: no common owner
    # j=c2 (Σβ² = .4² + .6²):    k=c1 via m1: .4·.5;        k=c3 via m2: .6·.3
    # j=c3 (Σβ² = .3²):          k=c2 via m2: .3·.6;        k=c1: no common owner
    delta = 10_000 * (
        s1 * s2 * (0.5 * 0.4) / 0.5**2
        + s2 * s1 * (0.4 * 0.5) / (0.4**2 + 0.6**2)
        + s2 * s3 * (0.6 * 0.3) / (0.4**2 + 0.6**2)
        + s3 * s2 * (0.3 * 0.6) / 0.3**2
    )
    hhi = 10_000 * (s1**2 + s2**2 + s3**2)  # 100 + 900 + 3600 = 4600
    assert tech == pytest.approx(
        {"company_hhi": hhi, "delta_mhhi": delta, "mhhi": hhi + delta, **bounds}
    )
    # Food: c4 50 (owner m3 only), c5 revenue empty (no share): s = 1
    food = nm.common_ownership(shared)["Food"]
    assert food == pytest.approx(
        {"company_hhi": 10_000 * 1.0**2, "delta_mhhi": 0.0, "mhhi": 10_000.0, **bounds}
    )


def test_market_country_leaves_empty_values_out(shared: dict[str, Rows]) -> None:
    doc = nm.compute_all(shared, market="country")
    access = doc["access"]
    assert list(access) == ["DE", "US"]  # c4 has no country
    # US: c1 100 (va), c2 300 (va, vb), c5 revenue empty (unreached); T = 400
    us = access["US"]
    assert us["vendors"]["va"]["foreclosure_share"] == pytest.approx((100 + 300) / 400)
    assert us["vendors"]["va"]["exclusive_share"] == pytest.approx(100 / 400)
    assert us["vendors"]["vb"]["foreclosure_share"] == pytest.approx(300 / 400)
    assert us["any_vendor_share_by_count"] == pytest.approx(2 / 3)  # c5 counts by number
    assert access["DE"]["vendors"]["vb"]["exclusive_share"] == pytest.approx(1.0)  # c3 600
    assert doc["reach"]["vb"]["by_country"] == {
        "DE": {"companies": 1, "revenue_usd": 600.0, "companies_without_revenue": 0},
        "US": {"companies": 1, "revenue_usd": 300.0, "companies_without_revenue": 0},
    }
    assert "by_sector" in doc["reach"]["vb"]
    with pytest.raises(ValueError, match="column"):
        nm.compute_all(shared, market="continent")


def test_csv_folder_equals_in_memory_records(shared: dict[str, Rows], tmp_path: Path) -> None:
    folder = write_csv(shared, tmp_path / "shared")
    assert nm.compute_all(folder) == nm.compute_all(shared)
    assert set(nm.compute_all(folder)) == {
        "as_of",
        "reach",
        "overlap",
        "concentration",
        "common_ownership",
        "gatekeepers",
        "access",
        "vendor_market",
    }


# ---------------------------------------------------------------- 2. as of a date
#
#   va -> ja (announced 2026-04-27) <- m1 -> c1 (S, 10) .5 [2020-01-01, 2025-01-01)
#                                            c2 (S, 20) .5 [2021-01-01, open)
#   va -> jc (2020-01-01, ended 2025-01-01) <- m3 -> c4 (S, 40) .5
#   vb -> jb (announced 2026-09-01) <- m2 -> c3 (S, 30) .5


@pytest.fixture
def dated() -> dict[str, Rows]:
    return dataset(
        vendors=["va", "vb"],
        jvs=[
            jv("ja", "va", announced="2026-04-27"),
            jv("jc", "va", announced="2020-01-01", ended="2025-01-01"),
            jv("jb", "vb", announced="2026-09-01"),
        ],
        partners={"ja": ["m1"], "jc": ["m3"], "jb": ["m2"]},
        companies=[company(f"c{i}", "S", 10 * i) for i in range(1, 5)],
        holdings=[
            holding("m1", "c1", 0.5, since="2020-01-01", until="2025-01-01"),
            holding("m1", "c2", 0.5, since="2021-01-01"),
            holding("m2", "c3", 0.5),
            holding("m3", "c4", 0.5),
        ],
    )


def test_as_of_none_counts_every_row(dated: dict[str, Rows]) -> None:
    # ended JV jc, ended holding m1-c1 and future JV jb all count
    assert nm.reach_sets(dated) == {"va": {"c1", "c2", "c4"}, "vb": {"c3"}}


def test_as_of_excludes_ended_holding_and_unannounced_jv(dated: dict[str, Rows]) -> None:
    # 2026-06-30: ja counts, jc ended; m1-c1 ended 2025-01-01; jb not announced yet
    assert nm.reach_sets(dated, "2026-06-30") == {"va": {"c2"}, "vb": set()}
    doc = nm.compute_all(dated, "2026-06-30")
    assert doc["as_of"] == "2026-06-30"
    s = doc["access"]["S"]
    assert list(s["vendors"]) == ["va"]
    assert s["vendors"]["va"]["foreclosure_share"] == pytest.approx(20 / (10 + 20 + 30 + 40))
    assert s["vendors"]["va"]["exclusive_share"] == pytest.approx(0.2)
    assert s["any_vendor_share"] == pytest.approx(0.2)
    assert doc["gatekeepers"] == {"va": {"m1": {"companies": 1, "revenue_usd": 20.0}}, "vb": {}}


def test_as_of_boundaries(dated: dict[str, Rows]) -> None:
    # the day a JV is announced / a holding starts counts; the day it ends does not
    assert nm.reach_sets(dated, "2026-04-27") == {"va": {"c2"}, "vb": set()}
    assert nm.reach_sets(dated, "2025-01-01") == {"va": set(), "vb": set()}
    # 2024-12-31: jc still runs (m3 -> c4); ja is not announced, so m1's c1 is not reached
    assert nm.reach_sets(dated, "2024-12-31") == {"va": {"c4"}, "vb": set()}
    assert markets.access(dated, "2025-01-01")["S"]["vendors"] == {}
    # holdings alone (common ownership needs no JV): m1 links c1 and c2 only while both
    # m1-c1 [2020-01-01, 2025-01-01) and m1-c2 [2021-01-01, open) count
    s1, s2 = 10 / 100, 20 / 100
    linked = 10_000 * (s1 * s2 * (0.5 * 0.5) / 0.5**2 + s2 * s1 * (0.5 * 0.5) / 0.5**2)  # 400
    for day, delta in [
        ("2020-12-31", 0.0),  # m1-c2 not yet
        ("2021-01-01", linked),  # m1-c2 starts: since <= as_of
        ("2024-12-31", linked),
        ("2025-01-01", 0.0),  # m1-c1 ends: as_of < until fails
    ]:
        assert nm.common_ownership(dated, day)["S"]["delta_mhhi"] == pytest.approx(delta), day


# ---------------------------------------------------------------- 3. look-through and a cycle
#
#   va -> ja <- m1 -HOLDS .6-> A (S, 100) -HOLDS .5-> B (S, 200) -HOLDS .5-> C (S, 300)
#                              A <-HOLDS .2- B  (a 2-cycle: A·B stake product .5·.2 = .1)
#   D (S, 400) is held by nobody


@pytest.fixture
def chain() -> dict[str, Rows]:
    return dataset(
        vendors=["va"],
        jvs=[jv("ja", "va")],
        partners={"ja": ["m1"]},
        companies=[company(c, "S", r) for c, r in zip("ABCD", (100, 200, 300, 400), strict=True)],
        holdings=[
            holding("m1", "A", 0.6),
            holding("A", "B", 0.5),
            holding("B", "A", 0.2),
            holding("B", "C", 0.5),
        ],
    )


def test_look_through_follows_subsidiary_chain(chain: dict[str, Rows]) -> None:
    assert nm.reach(chain)["va"]["companies"] == 1  # A only
    deep = nm.reach(chain, look_through=True)["va"]
    assert (deep["companies"], deep["revenue_usd"]) == (3, 100.0 + 200.0 + 300.0)
    assert markets.access(chain)["S"]["vendors"]["va"]["foreclosure_share"] == pytest.approx(
        100 / 1000
    )
    lt = markets.access(chain, look_through=True)["S"]
    assert lt["vendors"]["va"]["foreclosure_share"] == pytest.approx(600 / 1000)
    lt_gate = nm.gatekeepers(chain, look_through=True)
    assert lt_gate == {"va": {"m1": {"companies": 3, "revenue_usd": 600.0}}}


def test_effective_stakes_through_a_two_cycle(chain: dict[str, Rows]) -> None:
    e = nm.effective_stakes(chain)
    loop = 0.5 * 0.2  # A -> B -> A
    # m1 in A: .6 · (1 + .1 + .1² + ...) = .6 / (1 - .1) = 2/3, written as the series too
    assert e[("m1", "A")] == pytest.approx(sum(0.6 * loop**k for k in range(60)))
    assert e[("m1", "A")] == pytest.approx(0.6 / (1 - loop))
    assert e[("m1", "B")] == pytest.approx(0.6 * 0.5 / (1 - loop))  # 1/3
    assert e[("m1", "C")] == pytest.approx(0.6 * 0.5 / (1 - loop) * 0.5)  # 1/6
    # companies as owners, including a company's stake in itself round the cycle
    assert e[("A", "A")] == pytest.approx(loop / (1 - loop))  # 1/9
    assert e[("A", "B")] == pytest.approx(0.5 / (1 - loop))  # 5/9
    assert e[("A", "C")] == pytest.approx(0.5 / (1 - loop) * 0.5)  # 5/18
    assert e[("B", "A")] == pytest.approx(0.2 / (1 - loop))  # 2/9
    assert e[("B", "B")] == pytest.approx(loop / (1 - loop))  # 1/9
    assert e[("B", "C")] == pytest.approx(0.5 / (1 - loop))  # .5 · (1 + B in B) = 5/9
    assert len(e) == 9  # nobody holds D


def test_owner_overlap_counts_company_owners(chain: dict[str, Rows]) -> None:
    # owners: m1 {A}, A {B}, B {A, C}; only m1 and B share a company (A)
    assert nm.overlap(chain)["managers"] == [
        {
            "a": "B",
            "b": "m1",
            "shared": 1,
            "jaccard": pytest.approx(1 / 2),
            "overlap_coefficient": pytest.approx(1 / min(2, 1)),
            "revenue_jaccard": pytest.approx(100 / (100 + 300)),
        }
    ]


def test_cycle_holding_all_of_itself_does_not_converge(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nm, "MAX_WALK_LENGTH", 50)
    data = dataset(
        vendors=[],
        jvs=[],
        partners={},
        companies=[company("A", "S", 1), company("B", "S", 1)],
        holdings=[holding("m1", "A", 0.5), holding("A", "B", 1.0), holding("B", "A", 0.5)],
    )
    # (the validator allows it: A's owners hold .5 + .5; the walk term never shrinks)
    with pytest.raises(ValueError, match="converge"):
        nm.effective_stakes(data)


# ---------------------------------------------------------------- 4. published anchors


def vendor_shares(values: list[float]) -> dict[str, Rows]:
    """One sector S with one company, and vendor_shares.csv rows v0, v1, ... of S."""
    data = dataset(vendors=[], jvs=[], partners={}, companies=[company("c", "S", 1)], holdings=[])
    data["vendor_shares"] = [
        {"market": "S", "vendor": f"v{i}", "share": str(s)} for i, s in enumerate(values)
    ]
    return data


def test_hhi_anchor_30_30_20_20() -> None:
    s = markets.vendor_market(vendor_shares([0.3, 0.3, 0.2, 0.2]))["S"]
    assert s["hhi"] == pytest.approx(30**2 + 30**2 + 20**2 + 20**2)  # 2600 (shares in %)
    assert s["cr4"] == pytest.approx(0.3 + 0.3 + 0.2 + 0.2)
    assert (s["unlisted_share"], s["hhi_max"]) == pytest.approx((0, 2600))
    assert s["label"] == "highly concentrated"  # 2600 > 1800


def test_cr4_of_five_vendors_and_the_1800_boundary() -> None:
    s = markets.vendor_market(vendor_shares([0.30, 0.25, 0.20, 0.15, 0.10]))["S"]
    assert s["hhi"] == pytest.approx(900 + 625 + 400 + 225 + 100)  # 2250
    assert s["cr4"] == pytest.approx(0.30 + 0.25 + 0.20 + 0.15)  # the smallest is left out
    assert markets.label_2023(1800, 1800) == "not highly concentrated"  # "above 1,800"
    assert markets.label_2023(1800.5, 1800.5) == "highly concentrated"
    assert markets.label_2023(1500, 2500) is None  # bounds on both sides


def test_unlisted_vendors_make_the_hhi_a_lower_bound() -> None:
    s = markets.vendor_market(vendor_shares([0.4, 0.1]))["S"]
    # listed 1600 + 100 = 1700; unlisted .5 as one vendor adds 2500
    assert (s["hhi"], s["unlisted_share"], s["hhi_max"]) == pytest.approx((1700, 0.5, 4200))
    assert s["label"] is None


def test_common_ownership_anchor_identical_owners() -> None:
    # c1, c2 (S, 50 each): m1 holds .3 of both (c1 in two rows .1 + .2), m2 .2 of both;
    # z1 (Z, revenue empty) has no revenue -> nulls
    data = dataset(
        vendors=[],
        jvs=[],
        partners={},
        companies=[company("c1", "S", 50), company("c2", "S", 50), company("z1", "Z", None)],
        holdings=[
            holding("m1", "c1", 0.1, since="2020-01-01"),
            holding("m1", "c1", 0.2, since="2021-01-01"),
            holding("m1", "c2", 0.3),
            holding("m2", "c1", 0.2),
            holding("m2", "c2", 0.2),
        ],
    )
    co = nm.common_ownership(data)
    cross = 0.3 * 0.3 + 0.2 * 0.2  # Σ_i β_i1 β_i2
    own = 0.3**2 + 0.2**2  # Σ_i β_ij², the same for both
    bounds = {"denominator": "companies_in_data", "lower_bounds": False}
    assert co["S"] == pytest.approx(
        {
            "company_hhi": 10_000 * (0.5**2 + 0.5**2),  # 5000
            "delta_mhhi": 10_000 * (0.5 * 0.5 * cross / own + 0.5 * 0.5 * cross / own),  # 5000
            "mhhi": 10_000.0,
            **bounds,
        }
    )
    assert co["Z"] == {"company_hhi": None, "delta_mhhi": None, "mhhi": None, **bounds}
    # as of 2020-06-30 only the .1 row of m1 in c1 counts: β_m1,c1 = .1
    early = nm.common_ownership(data, "2020-06-30")["S"]
    c1_own, c2_own, cross = 0.1**2 + 0.2**2, 0.3**2 + 0.2**2, 0.1 * 0.3 + 0.2 * 0.2
    assert early["delta_mhhi"] == pytest.approx(10_000 * 0.25 * (cross / c1_own + cross / c2_own))


# ---------------------------------------------------------------- 5. mergers


def reaching(vendor_companies: dict[str, list[str]], revenues: dict[str, float]) -> Any:
    """Vendor v -> JV j-v <- manager m-v, who holds 10% of each listed company (sector S)."""
    return dataset(
        vendors=sorted(vendor_companies),
        jvs=[jv(f"j-{v}", v) for v in vendor_companies],
        partners={f"j-{v}": [f"m-{v}"] for v in vendor_companies},
        companies=[company(c, "S", r) for c, r in revenues.items()],
        holdings=[holding(f"m-{v}", c, 0.1) for v, cs in vendor_companies.items() for c in cs],
    )


def test_merger_of_30_and_15_adds_900_and_is_presumed() -> None:
    data = reaching({"va": ["c1"], "vb": ["c2"], "vc": ["c3"]}, {"c1": 30, "c2": 15, "c3": 55})
    data["vendor_shares"] = [
        {"market": "S", "vendor": v, "share": s} for v, s in (("va", "0.3"), ("vb", "0.15"))
    ]
    m = markets.merger(data, "va", "vb")["S"]
    assert m["delta_hhi"] == pytest.approx(2 * 0.30 * 0.15 * 10_000)  # 900
    assert m["hhi_after"] == pytest.approx(30**2 + 15**2 + 900)  # 2025: listed, at least
    assert m["presumed"] is True  # 2,025 > 1,800 and 900 > 100 (and 45% > 30%)
    # the merged vendor reaches c1 and c2: 45 of 100, all exclusive
    assert m["access_after"]["vendors"]["va"]["exclusive_share"] == pytest.approx(0.45)
    merged = nm.merge_vendors(data, "va", "vb")
    assert [v["id"] for v in merged["vendors"]] == ["va", "vc"]
    assert {j["vendor_id"] for j in merged["joint_ventures"]} == {"va", "vc"}


def test_a_merger_of_vendors_reaching_one_company_makes_it_exclusive() -> None:
    # c2 reached by va and vb: contested before, exclusive to the merged vendor after
    data = reaching(
        {"va": ["c1", "c2"], "vb": ["c2"], "vc": ["c3"]}, {"c1": 40, "c2": 60, "c3": 100}
    )
    m = markets.merger(data, "va", "vb")["S"]
    before, after = m["access_before"]["vendors"]["va"], m["access_after"]["vendors"]["va"]
    assert (before["exclusive_share"], before["contested_share"]) == pytest.approx((0.2, 0.3))
    assert (after["exclusive_share"], after["contested_share"]) == pytest.approx((0.5, 0.0))
    assert "delta_hhi" not in m  # no vendor shares: no §2.1 arithmetic
    with pytest.raises(ValueError, match="merge"):
        markets.merger(data, "va", "va")


# ---------------------------------------------------------------- 6. gatekeepers
#
#   va -> ja <- m1, m2;  va -> jb <- m3, m4;  vb -> jc <- m2;  vc formed no JV
#   m1 holds c1 (10), c2 (20); m2 holds c2, c3 (30); m3 holds c3, c4 (40); m4 holds nothing


def test_gatekeeper_marginal_reach() -> None:
    data = dataset(
        vendors=["va", "vb", "vc"],
        jvs=[jv("ja", "va"), jv("jb", "va"), jv("jc", "vb")],
        partners={"ja": ["m1", "m2"], "jb": ["m3", "m4"], "jc": ["m2"]},
        companies=[company(f"c{i}", "S", 10 * i) for i in range(1, 5)],
        holdings=[
            holding("m1", "c1", 0.1),
            holding("m1", "c2", 0.1),
            holding("m2", "c2", 0.1),
            holding("m2", "c3", 0.1),
            holding("m3", "c3", 0.1),
            holding("m3", "c4", 0.1),
        ],
    )
    assert nm.gatekeepers(data) == {
        "va": {
            "m1": {"companies": 1, "revenue_usd": 10.0},  # c1 only; c2 also via m2
            "m2": {"companies": 0, "revenue_usd": 0.0},  # c2 via m1, c3 via m3
            "m3": {"companies": 1, "revenue_usd": 40.0},  # c4 only
            "m4": {"companies": 0, "revenue_usd": 0.0},  # holds nothing
        },
        "vb": {"m2": {"companies": 2, "revenue_usd": 20.0 + 30.0}},  # m2 is vb's only partner
        "vc": {},
    }


def test_access_lists_a_vendor_reaching_only_zero_revenue() -> None:
    # va reaches c1 (100), vb reaches c2 (revenue 0, known): vb is listed with 0
    data = reaching({"va": ["c1"], "vb": ["c2"]}, {"c1": 100, "c2": 0})
    s = markets.access(data)["S"]
    assert s["vendors"]["vb"]["foreclosure_share"] == 0.0
    assert s["vendors"]["vb"]["foreclosure_share_by_count"] == 0.5
    assert s["any_vendor_share"] == 1.0
    # a market whose revenue is all 0 has no revenue shares (unknown, not 0)
    alone = markets.access(reaching({"vb": ["c2"]}, {"c2": 0}))["S"]
    assert alone["vendors"]["vb"]["foreclosure_share"] is None


# ---------------------------------------------------------------- 7. the tiny CSV dataset
#
# tests/data/tiny: v-a -> jv-a <- m-1; v-b -> jv-b <- m-1, m-2; m-3 is no partner.
# m-1 holds c-1 .6, c-4 .25; m-2 holds c-1 .3, c-2 .5; m-3 holds c-3 1; c-1 holds c-5 .8.
# Logistics: c-1 100, c-2 300, c-5 40 (440). Healthcare: c-3 50, c-4 150 (200).


def test_tiny_csv_dataset() -> None:
    doc = nm.compute_all(TINY)
    assert doc["reach"]["v-a"]["revenue_usd"] == 100 + 150  # c-1, c-4
    assert doc["reach"]["v-b"]["revenue_usd"] == 100 + 150 + 300  # c-1, c-4, c-2
    log = doc["access"]["Logistics"]
    # c-1 (100) reached by both, c-2 (300) by v-b only, c-5 (40) by neither; T = 440
    assert log["vendors"]["v-a"]["foreclosure_share"] == pytest.approx(100 / 440)
    assert log["vendors"]["v-a"]["exclusive_share"] == 0.0
    assert log["vendors"]["v-b"]["foreclosure_share"] == pytest.approx(400 / 440)
    assert log["vendors"]["v-b"]["exclusive_share"] == pytest.approx(300 / 440)
    assert log["any_vendor_share"] == pytest.approx(400 / 440)
    s1, s2 = 100 / 440, 300 / 440
    # j=c-1 (Σβ² = .6² + .3²), k=c-2 via m-2: .3·.5; j=c-2 (Σβ² = .5²), k=c-1 via m-2: .5·.3;
    # j=c-5 (owner c-1 holds nothing else in Logistics): 0
    delta = 10_000 * (s1 * s2 * 0.3 * 0.5 / (0.6**2 + 0.3**2) + s2 * s1 * 0.5 * 0.3 / 0.5**2)
    assert doc["common_ownership"]["Logistics"]["delta_mhhi"] == pytest.approx(delta)  # 1446.28
    assert doc["gatekeepers"]["v-b"] == {
        "m-1": {"companies": 1, "revenue_usd": 150.0},  # c-4 (c-1 is held by m-2 too)
        "m-2": {"companies": 1, "revenue_usd": 300.0},  # c-2
    }
    # look-through adds c-5 (40) through c-1 for both vendors
    deep = nm.reach(TINY, look_through=True)
    assert (deep["v-a"]["companies"], deep["v-b"]["revenue_usd"]) == (3, 550.0 + 40.0)
    assert nm.effective_stakes(TINY)[("m-1", "c-5")] == pytest.approx(0.6 * 0.8)
