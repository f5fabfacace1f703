"""Customer access, company concentration and the vendor market, computed by hand.

Three companies per market, one reached by two vendors; once with only the graph,
once with markets.csv and vendor_shares.csv. Every expected number is written as the
arithmetic that gives it, and both the fast metrics and the naive reference
(tests/reference) must give it.

    va -FORMED-> ja <-PARTNER_IN- m1 -HOLDS-> t1 .5, t2 .2, f3 .3
    vb -FORMED-> jb <-PARTNER_IN- m2 -HOLDS-> t2 .4, f1 .6, f2 .5, f3 .2
    m3 (no partner) -HOLDS-> t3 1.0

    Tech: t1 100, t2 300 (reached by va and vb), t3 600 (reached by nobody)
    Food: f1 50, f2 (revenue empty), f3 150 (reached by va and vb)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jvgraph.load import read_dataset
from jvgraph.metrics.scenarios import Scenario, what_if
from jvgraph.metrics.suite import compute_all
from tests.reference import naive_markets as markets
from tests.reference import naive_metrics as nm
from tests.strategies import write_dataset
from tests.test_metrics_vs_reference import close

GRAPH: dict[str, list[dict[str, Any]]] = {
    "vendors": [{"id": "va", "name": "Vendor A"}, {"id": "vb", "name": "Vendor B"}],
    "asset_managers": [{"id": m, "name": m.upper()} for m in ("m1", "m2", "m3")],
    "joint_ventures": [
        {"id": "ja", "name": "JV A", "vendor_id": "va"},
        {"id": "jb", "name": "JV B", "vendor_id": "vb"},
    ],
    "jv_partners": [{"jv_id": "ja", "manager_id": "m1"}, {"jv_id": "jb", "manager_id": "m2"}],
    "companies": [
        {"id": "t1", "name": "T1", "sector": "Tech", "revenue_usd": 100},
        {"id": "t2", "name": "T2", "sector": "Tech", "revenue_usd": 300},
        {"id": "t3", "name": "T3", "sector": "Tech", "revenue_usd": 600},
        {"id": "f1", "name": "F1", "sector": "Food", "revenue_usd": 50},
        {"id": "f2", "name": "F2", "sector": "Food", "revenue_usd": None},
        {"id": "f3", "name": "F3", "sector": "Food", "revenue_usd": 150},
    ],
    "holdings": [
        {"owner_id": o, "company_id": c, "stake": s}
        for o, c, s in [
            ("m1", "t1", 0.5),
            ("m1", "t2", 0.2),
            ("m1", "f3", 0.3),
            ("m2", "t2", 0.4),
            ("m2", "f1", 0.6),
            ("m2", "f2", 0.5),
            ("m2", "f3", 0.2),
            ("m3", "t3", 1.0),
        ]
    ],
}
MARKET_FILES = {
    "markets": [
        {"market": "Tech", "total_revenue_usd": 2000, "source": "test"},
        {"market": "Food", "total_revenue_usd": 250, "source": "test"},
    ],
    "vendor_shares": [
        {"market": "Tech", "vendor": "va", "share": 0.3, "source": "test"},
        {"market": "Tech", "vendor": "vb", "share": 0.15, "source": "test"},
        {"market": "Tech", "vendor": "Other AI", "share": 0.25, "source": "test"},
        {"market": "Food", "vendor": "va", "share": 0.5, "source": "test"},
        {"market": "Food", "vendor": "Vendor B", "share": 0.5, "source": "test"},
    ],
}


@pytest.fixture(params=["fast", "reference"])
def implementation(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def metrics(tmp_path: Path, implementation: str, *, files: bool) -> dict[str, Any]:
    path = write_dataset({**GRAPH, **(MARKET_FILES if files else {})}, tmp_path / "d")
    if implementation == "fast":
        return compute_all(read_dataset(path))
    return nm.compute_all(path)


def shares(entry: dict[str, Any]) -> tuple[Any, ...]:
    keys = ("foreclosure_share", "exclusive_share", "contested_share")
    return tuple(entry[k] for k in keys) + tuple(entry[k + "_by_count"] for k in keys)


def test_access_over_the_companies_in_the_data(tmp_path: Path, implementation: str) -> None:
    doc = metrics(tmp_path, implementation, files=False)
    tech, food = doc["access"]["Tech"], doc["access"]["Food"]
    # Tech: T = 100 + 300 + 600 = 1000, the companies in the data
    assert (tech["denominator"], tech["market_revenue_usd"]) == ("companies_in_data", 1000.0)
    assert tech["market_revenue_source"] is None
    # va reaches t1, t2 (t2 also vb's): 400/1000, exclusive t1 100/1000; counts of 3
    assert shares(tech["vendors"]["va"]) == pytest.approx((0.4, 0.1, 0.3, 2 / 3, 1 / 3, 1 / 3))
    # vb reaches t2 only, shared with va
    assert shares(tech["vendors"]["vb"]) == pytest.approx((0.3, 0.0, 0.3, 1 / 3, 0.0, 1 / 3))
    assert (tech["any_vendor_share"], tech["any_vendor_share_by_count"]) == pytest.approx(
        (0.4, 2 / 3)
    )
    # Food: f2 has no revenue: T = 50 + 150 = 200, and f2 counts only by number
    assert (food["companies"], food["companies_without_revenue"]) == (3, 1)
    assert food["market_revenue_usd"] == 200.0
    # va reaches f3 (150, shared with vb)
    assert shares(food["vendors"]["va"]) == pytest.approx((0.75, 0.0, 0.75, 1 / 3, 0.0, 1 / 3))
    # vb reaches f1, f2, f3: revenue (50 + 150)/200; exclusive f1 (50) and f2 (unknown)
    assert shares(food["vendors"]["vb"]) == pytest.approx((1.0, 0.25, 0.75, 1.0, 2 / 3, 1 / 3))
    assert food["vendors"]["vb"]["companies_without_revenue"] == 1
    assert food["any_vendor_share"] == pytest.approx(1.0)
    assert doc["vendor_market"] == {}


def test_access_over_a_market_total(tmp_path: Path, implementation: str) -> None:
    doc = metrics(tmp_path, implementation, files=True)
    tech, food = doc["access"]["Tech"], doc["access"]["Food"]
    # Tech: T = 2000 from markets.csv; the counts stay over the 3 companies in the data
    assert (tech["denominator"], tech["market_revenue_usd"]) == ("market_total", 2000.0)
    assert (tech["market_revenue_source"], tech["revenue_in_data_usd"]) == ("test", 1000.0)
    assert shares(tech["vendors"]["va"]) == pytest.approx((0.2, 0.05, 0.15, 2 / 3, 1 / 3, 1 / 3))
    assert shares(tech["vendors"]["vb"]) == pytest.approx((0.15, 0.0, 0.15, 1 / 3, 0.0, 1 / 3))
    assert tech["any_vendor_share"] == pytest.approx(0.2)
    # Food: T = 250
    assert shares(food["vendors"]["vb"]) == pytest.approx((0.8, 0.2, 0.6, 1.0, 2 / 3, 1 / 3))
    assert food["any_vendor_share"] == pytest.approx(200 / 250)


def test_company_concentration_and_its_label(tmp_path: Path, implementation: str) -> None:
    def label(entry: dict[str, Any]) -> Any:
        return entry["guidelines_2023"]["label"] if "guidelines_2023" in entry else entry["label"]

    plain = metrics(tmp_path, implementation, files=False)["concentration"]
    # shares of the data: Tech .1, .3, .6 -> 100 + 900 + 3600; the label is withheld
    assert plain["Tech"]["company_hhi"] == pytest.approx(4600)
    assert plain["Tech"]["company_cr4"] == pytest.approx(1.0)
    assert (plain["Tech"]["company_hhi_max"], label(plain["Tech"])) == (None, None)
    assert plain["Food"]["company_hhi"] == pytest.approx(10_000 * (0.25**2 + 0.75**2))  # 6250
    whole = metrics(tmp_path, implementation, files=True)["concentration"]
    # Tech of 2000: .05, .15, .3 -> 25 + 225 + 900 = 1150, unlisted .5 -> at most 3650
    tech = whole["Tech"]
    assert (tech["company_hhi"], tech["company_hhi_max"]) == pytest.approx((1150, 3650))
    assert tech["unlisted_share"] == pytest.approx(0.5)
    assert label(tech) is None  # between 1,150 and 3,650: the unlisted half decides
    # Food of 250: .2, .6 (f2 unknown) -> 400 + 3600 = 4000 > 1,800 whatever the rest
    food = whole["Food"]
    assert (food["company_hhi"], food["company_hhi_max"]) == pytest.approx((4000, 4400))
    assert label(food) == "highly concentrated"


def test_common_ownership_shares_follow_the_market_size(
    tmp_path: Path, implementation: str
) -> None:
    # j=t1 (Σβ² .25), k=t2 via m1 .5·.2: s1 s2 .1/.25; j=t2 (Σβ² .04 + .16), k=t1: .2·.5
    plain = metrics(tmp_path, implementation, files=False)["common_ownership"]["Tech"]
    delta = 10_000 * (0.1 * 0.3 * 0.1 / 0.25 + 0.3 * 0.1 * 0.1 / 0.2)  # 120 + 150
    assert (plain["company_hhi"], plain["delta_mhhi"], plain["mhhi"]) == pytest.approx(
        (4600, delta, 4600 + delta)
    )
    assert (plain["denominator"], plain["lower_bounds"]) == ("companies_in_data", False)
    whole = metrics(tmp_path, implementation, files=True)["common_ownership"]["Tech"]
    # every share halves: ΔMHHI a quarter, and all three are lower bounds
    assert (whole["company_hhi"], whole["delta_mhhi"]) == pytest.approx((1150, delta / 4))
    assert (whole["denominator"], whole["lower_bounds"]) == ("market_total", True)


def test_the_vendor_market_only_from_vendor_shares(tmp_path: Path, implementation: str) -> None:
    vm = metrics(tmp_path, implementation, files=True)["vendor_market"]
    tech = vm["Tech"]
    # .3² + .15² + .25² = .175 -> 1,750; unlisted .3 -> at most 1,750 + 900
    assert (tech["hhi"], tech["hhi_max"], tech["unlisted_share"]) == pytest.approx(
        (1750, 2650, 0.3)
    )
    assert tech["cr4"] == pytest.approx(0.7)
    assert tech["shares"] == {"va": 0.3, "Other AI": 0.25, "vb": 0.15}
    food = vm["Food"]  # complete: exact
    assert (food["hhi"], food["hhi_max"], food["unlisted_share"]) == pytest.approx((5000, 5000, 0))
    labels = [
        (e["guidelines_2023"]["label"] if "guidelines_2023" in e else e["label"])
        for e in (tech, food)
    ]
    assert labels == [None, "highly concentrated"]


def test_merger_with_and_without_vendor_shares(tmp_path: Path) -> None:
    path = write_dataset({**GRAPH, **MARKET_FILES}, tmp_path / "with")
    doc = what_if(read_dataset(path), Scenario.parse("merge:va,vb"))
    tech = doc["markets"]["Tech"]
    # ΔHHI = 2 · .3 · .15 · 10,000 = 900: after at least 2,650 > 1,800, merged share .45
    deal = tech["merger"]
    assert (deal["delta_hhi"], deal["hhi_after"], deal["merged_share"]) == pytest.approx(
        (900, 2650, 0.45)
    )
    assert deal["presumption_2023"]["presumed"] is True
    assert tech["vendor_market"]["hhi"] == pytest.approx(
        {"before": 1750, "after": 2650, "change": 900}
    )
    # the merged vendor reaches t1 and t2: 400 of 2000, all of it exclusive now
    va = tech["access"]["vendors"]["va"]
    assert va["foreclosure_share"] == pytest.approx({"before": 0.2, "after": 0.2, "change": 0})
    assert va["exclusive_share"] == pytest.approx({"before": 0.05, "after": 0.2, "change": 0.15})
    assert tech["access"]["vendors"]["vb"]["foreclosure_share"]["after"] is None  # gone
    # Food lists vb by its name: the shares are complete, 2 · .5 · .5 · 10,000 = 5,000
    assert doc["markets"]["Food"]["merger"]["delta_hhi"] == pytest.approx(5000)
    reference = markets.merger(path, "va", "vb")["Tech"]
    assert (reference["delta_hhi"], reference["hhi_after"], reference["presumed"]) == (
        pytest.approx(900),
        pytest.approx(2650),
        True,
    )
    assert reference["access_after"]["vendors"]["va"]["exclusive_share"] == pytest.approx(0.2)
    plain = what_if(
        read_dataset(write_dataset(GRAPH, tmp_path / "without")), Scenario.parse("merge:va,vb")
    )
    merger = plain["markets"]["Tech"]["merger"]
    assert merger["presumption_2023"] is None
    assert "vendor_shares.csv" in merger["needs"]
    assert "vendor_market" not in plain["markets"]["Tech"]


def test_when_no_company_has_a_revenue_shares_are_unknown(tmp_path: Path) -> None:
    # the real JV data lacks revenue for most companies: every revenue share is unknown,
    # never 0, and the shares by number of companies remain
    blank = {**GRAPH, "companies": [{**c, "revenue_usd": None} for c in GRAPH["companies"]]}
    data = read_dataset(write_dataset(blank, tmp_path / "d"))
    doc = compute_all(data)
    tech = doc["access"]["Tech"]
    assert (tech["market_revenue_usd"], tech["any_vendor_share"]) == (None, None)
    assert tech["companies_without_revenue"] == 3
    assert tech["vendors"]["va"]["foreclosure_share"] is None
    assert tech["vendors"]["va"]["foreclosure_share_by_count"] == pytest.approx(2 / 3)
    assert doc["concentration"]["Tech"]["company_hhi"] is None
    assert doc["concentration"]["Tech"]["guidelines_2023"]["label"] is None
    assert doc["common_ownership"]["Tech"]["mhhi"] is None
    assert doc["reach"]["va"]["revenue_usd"] is None
    assert doc["reach"]["va"]["companies_without_revenue"] == 3  # t1, t2, f3
    assert doc["reach"]["va"]["by_sector"]["Tech"] == {
        "companies": 2,
        "revenue_usd": None,
        "companies_without_revenue": 2,
    }
    close(doc["access"], nm.compute_all(write_dataset(blank, tmp_path / "again"))["access"])
