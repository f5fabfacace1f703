"""Exact answers on tiny hand-computed graphs; the arithmetic is written out."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from jvgraph.errors import NotFound, UsageError
from jvgraph.load import read_dataset
from jvgraph.metrics.access import access_arrays
from jvgraph.metrics.arrays import GraphArrays
from jvgraph.metrics.common_ownership import mhhi_arrays
from jvgraph.metrics.concentration import cr4, hhi, top_four
from jvgraph.metrics.explain import explain
from jvgraph.metrics.market_size import market_size
from jvgraph.metrics.reach import effective_stakes
from jvgraph.metrics.scenarios import Scenario, what_if
from jvgraph.metrics.suite import compute_all
from jvgraph.model import Dataset

# tests/data/tiny: v-a formed jv-a (partner m-1); v-b formed jv-b (partners m-1, m-2).
# m-1 holds c-1 (0.6) and c-4 (0.25); m-2 holds c-1 (0.3) and c-2 (0.5);
# m-3 holds c-3 (1.0) and is no partner; company c-1 holds c-5 (0.8).
# Logistics: c-1 100, c-2 300, c-5 40 (total 440). Healthcare: c-3 50, c-4 150 (total 200).


@pytest.fixture
def tiny_data(tiny: Path) -> Dataset:
    return read_dataset(tiny)


def test_published_anchors() -> None:
    assert hhi([0.3, 0.3, 0.2, 0.2]) == pytest.approx(2600)  # 900 + 900 + 400 + 400
    assert cr4([0.3, 0.3, 0.2, 0.1, 0.1]) == pytest.approx(0.9)
    # two 50% firms with identical owners: HHI 5,000, ΔMHHI 5,000, MHHI 10,000
    h, d = mhhi_arrays(
        owner=np.array([0, 1, 0, 1]),
        company=np.array([0, 0, 1, 1]),
        stake=np.array([0.1, 0.3, 0.1, 0.3]),
        share=np.array([0.5, 0.5]),
        market=np.array([0, 0]),
        n_markets=1,
    )
    assert (h[0], d[0], h[0] + d[0]) == pytest.approx((5000, 5000, 10000))


def test_access_sums_by_hand_whatever_the_index_order(tiny_data: Dataset) -> None:
    # vendor 0 reaches c0, c1, c3; vendor 1 reaches c1, c2; c3 has no market
    reach = sp.csr_matrix(
        (np.ones(5), np.array([3, 0, 1, 2, 1]), np.array([0, 3, 5])), shape=(2, 4)
    )  # indices not sorted within rows
    revenue = np.array([100.0, 60.0, 30.0, 7.0])
    known = np.array([True, True, False, True])  # c2's revenue is unknown
    size = market_size(GraphArrays.build(tiny_data), "sector")
    size = replace(size, codes=np.array([0, 0, 1, -1]))
    sums = access_arrays(reach, size, revenue, known)
    assert sums["reached"].tolist() == [[160.0, 0.0], [60.0, 0.0]]
    assert sums["exclusive"].tolist() == [[100.0, 0.0], [0.0, 0.0]]  # c1 is reached by both
    assert sums["reached_n"].tolist() == [[2.0, 0.0], [1.0, 1.0]]
    assert sums["exclusive_n"].tolist() == [[1.0, 0.0], [0.0, 1.0]]
    assert sums["reached_unknown"].tolist() == [[0.0, 0.0], [0.0, 1.0]]
    assert (sums["any"].tolist(), sums["any_n"].tolist()) == ([160.0, 0.0], [2.0, 1.0])
    assert top_four(np.array([0.1, 0.5, 0.2, 0.05, 0.05, 0.1]), np.array([0] * 6), 1).tolist() == [
        pytest.approx(0.9)
    ]


def test_reach(tiny_data: Dataset) -> None:
    reach = compute_all(tiny_data)["reach"]
    # v-a reaches m-1's companies c-1 (100) and c-4 (150)
    one = {"companies": 1, "companies_without_revenue": 0}
    assert reach["v-a"] == {
        "companies": 2,
        "revenue_usd": 250.0,
        "companies_without_revenue": 0,
        "by_sector": {
            "Healthcare": {**one, "revenue_usd": 150.0},
            "Logistics": {**one, "revenue_usd": 100.0},
        },
    }
    # v-b reaches m-1's and m-2's: c-1, c-4, c-2 (300)
    assert reach["v-b"]["companies"] == 3
    assert reach["v-b"]["revenue_usd"] == 100 + 150 + 300


def test_access_of_shared_and_exclusive_companies(tiny_data: Dataset) -> None:
    doc = compute_all(tiny_data)
    log = doc["access"]["Logistics"]
    # Logistics: c-1 (100) is reached by both, c-2 (300) by v-b only, c-5 (40) by neither
    assert (log["denominator"], log["market_revenue_usd"]) == ("companies_in_data", 440.0)
    assert log["vendors"]["v-a"]["foreclosure_share"] == pytest.approx(100 / 440)
    assert log["vendors"]["v-a"]["exclusive_share"] == 0.0
    assert log["vendors"]["v-b"]["exclusive_share"] == pytest.approx(300 / 440)
    assert log["vendors"]["v-b"]["contested_share"] == pytest.approx(100 / 440)
    assert log["any_vendor_share"] == pytest.approx(400 / 440)
    # Healthcare: only c-4 (150 of 200) is reached, by both
    assert doc["access"]["Healthcare"]["any_vendor_share"] == pytest.approx(150 / 200)
    # nothing computed over the vendors carries a label: the company HHI's is withheld
    conc = doc["concentration"]["Logistics"]
    assert conc["company_hhi"] == pytest.approx(10_000 * (100**2 + 300**2 + 40**2) / 440**2)
    assert conc["guidelines_2023"]["label"] is None
    assert "markets.csv" in conc["guidelines_2023"]["reason"]
    assert doc["vendor_market"] == {}


def test_a_market_no_vendor_reaches(tiny_data: Dataset) -> None:
    access = compute_all(tiny_data, market="country")["access"]
    # by country: US = c-1, c-2, c-5; DE = c-3, c-4. Both are reached; an as-of date before
    # every JV leaves both unreached.
    early = compute_all(tiny_data, as_of=dt.date(2026, 1, 1))["access"]
    assert set(access) == {"DE", "US"}
    for market in early.values():
        assert market["vendors"] == {}
        assert (market["any_vendor_share"], market["any_vendor_share_by_count"]) == (0.0, 0.0)


def test_common_ownership(tiny_data: Dataset) -> None:
    co = compute_all(tiny_data)["common_ownership"]["Logistics"]
    s1, s2, s5 = 100 / 440, 300 / 440, 40 / 440
    assert co["company_hhi"] == pytest.approx(10_000 * (s1**2 + s2**2 + s5**2))
    # Only m-2 holds two Logistics companies (c-1 0.3, c-2 0.5); c-1's owners: m-1 0.6, m-2 0.3;
    # c-2's owner: m-2 0.5; c-5's owner: company c-1 0.8 (no other Logistics holding).
    delta = 10_000 * (s1 * s2 * (0.3 * 0.5) / (0.6**2 + 0.3**2) + s2 * s1 * (0.5 * 0.3) / (0.5**2))
    assert co["delta_mhhi"] == pytest.approx(delta)
    assert co["mhhi"] == pytest.approx(co["company_hhi"] + delta)


def test_overlap(tiny_data: Dataset) -> None:
    ov = compute_all(tiny_data)["overlap"]
    # reach(v-a) = {c-1, c-4}, reach(v-b) = {c-1, c-2, c-4}: shared 2, union 3
    assert ov["vendors"] == [
        pytest.approx(
            {
                "a": "v-a",
                "b": "v-b",
                "shared": 2,
                "jaccard": 2 / 3,
                "overlap_coefficient": 2 / 2,
                "revenue_jaccard": 250 / 550,
            }
        )
    ]
    # owners: m-1 {c-1, c-4}, m-2 {c-1, c-2} share c-1; no other pair shares a company
    assert ov["managers"] == [
        pytest.approx(
            {
                "a": "m-1",
                "b": "m-2",
                "shared": 1,
                "jaccard": 1 / 3,
                "overlap_coefficient": 1 / 2,
                "revenue_jaccard": 100 / 550,
            }
        )
    ]


def test_gatekeepers(tiny_data: Dataset) -> None:
    gk = compute_all(tiny_data)["gatekeepers"]
    # without m-1, v-a loses everything; v-b loses c-4 (m-2 still holds c-1)
    assert gk["v-a"] == {"m-1": {"companies": 2, "revenue_usd": 250.0}}
    assert gk["v-b"] == {
        "m-1": {"companies": 1, "revenue_usd": 150.0},
        "m-2": {"companies": 1, "revenue_usd": 300.0},
    }


def test_as_of_drops_ended_holdings_and_unannounced_jvs(tiny_data: Dataset) -> None:
    # On 2026-04-27 jv-a exists (announced that day) but jv-b (2026-04-28) does not yet;
    # m-2's holding of c-2 ended on 2025-01-01.
    doc = compute_all(tiny_data, as_of=dt.date(2026, 4, 27))
    assert doc["as_of"] == "2026-04-27"
    assert doc["reach"]["v-a"]["companies"] == 2
    assert doc["reach"]["v-b"]["companies"] == 0
    later = compute_all(tiny_data, as_of=dt.date(2026, 5, 1))
    assert later["reach"]["v-b"]["companies"] == 2  # c-1 and c-4; c-2's holding has ended
    # a holding counts from since (inclusive) to until (exclusive)
    ends = compute_all(tiny_data, as_of=dt.date(2024, 12, 31))["common_ownership"]
    after = compute_all(tiny_data, as_of=dt.date(2025, 1, 1))["common_ownership"]
    assert ends["Logistics"]["delta_mhhi"] > 0 and after["Logistics"]["delta_mhhi"] == 0


def test_look_through_follows_subsidiary_chains(tiny_data: Dataset) -> None:
    # m-1 and m-2 hold c-1, which holds 0.8 of c-5: with look-through both vendors reach c-5
    reach = compute_all(tiny_data, look_through=True)["reach"]
    assert reach["v-a"]["companies"] == 3 and reach["v-b"]["companies"] == 4
    g = GraphArrays.build(tiny_data)
    e = effective_stakes(g).toarray()
    m1, c5 = 0, list(g.company_ids).index("c-5")
    assert e[m1, c5] == pytest.approx(0.6 * 0.8)


def test_effective_stakes_solve_cycles(tiny: Path, edited: object) -> None:
    # c-1 holds 0.8 of c-5 and c-5 holds 0.2 of c-1: m-1's effective stake in c-1 is
    # 0.6 · (1 + 0.16 + 0.16² + ...) = 0.6 / (1 − 0.16), and in c-5 0.8 times that.
    path = edited(holdings={"+": "c-5,c-1,0.05,,,,test"})  # type: ignore[operator]
    g = GraphArrays.build(read_dataset(path))
    e = effective_stakes(g).toarray()
    c1, c5 = list(g.company_ids).index("c-1"), list(g.company_ids).index("c-5")
    loop = 0.8 * 0.05
    assert e[0, c1] == pytest.approx(0.6 / (1 - loop), rel=1e-12)
    assert e[0, c5] == pytest.approx(0.6 * 0.8 / (1 - loop), rel=1e-12)
    # the same numbers from the closed form B (I − A)^-1
    a = np.zeros((5, 5))
    a[c1, c5], a[c5, c1] = 0.8, 0.05
    b = g.stakes[: g.n_managers].toarray()
    assert e == pytest.approx(b @ np.linalg.inv(np.eye(5) - a), rel=1e-12)


def test_a_merger_without_vendor_shares_says_what_a_presumption_needs(
    tiny_data: Dataset,
) -> None:
    result = what_if(tiny_data, Scenario.parse("merge:v-a,v-b"))
    log = result["markets"]["Logistics"]
    assert log["merger"]["presumption_2023"] is None
    assert "vendor_shares.csv" in log["merger"]["needs"]
    # the merged v-a reaches c-1 and c-2: 400 of 440, all of it now exclusive
    va = log["access"]["vendors"]["v-a"]
    assert va["foreclosure_share"] == pytest.approx(
        {"before": 100 / 440, "after": 400 / 440, "change": 300 / 440}
    )
    assert va["exclusive_share"]["after"] == pytest.approx(400 / 440)
    assert result["reach"]["v-b"]["companies"] == {"before": 3, "after": 0, "change": -3}


def test_removing_a_partner(tiny_data: Dataset) -> None:
    result = what_if(tiny_data, Scenario.parse("remove-partner:jv-b,m-2"))
    # v-b keeps m-1's c-1 and c-4 and loses c-2 (300 of 440)
    vb = result["markets"]["Logistics"]["access"]["vendors"]["v-b"]["foreclosure_share"]
    assert vb == pytest.approx({"before": 400 / 440, "after": 100 / 440, "change": -300 / 440})


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("split:v-a", UsageError),
        ("merge:v-a", UsageError),
        ("merge:v-a,v-x", NotFound),
        ("add-holding:m-1,c-1,2", UsageError),
        ("remove-partner:jv-a,m-2", NotFound),
    ],
)
def test_bad_scenarios(tiny_data: Dataset, text: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        what_if(tiny_data, Scenario.parse(text))


def test_explain_foreclosure_marks_exclusive_companies(tiny_data: Dataset) -> None:
    doc = explain(tiny_data, "foreclosure", "v-b", "Logistics")
    assert doc["value"] == pytest.approx(400 / 440)
    assert doc["values"]["exclusive_share"] == pytest.approx(300 / 440)
    assert doc["values"]["denominator"] == "companies_in_data"
    assert [(r["company"], r["reached_by"], r["exclusive"]) for r in doc["contributions"]] == [
        ("c-2", 1, True),
        ("c-1", 2, False),
    ]
    assert doc["contributions"][0]["holdings"] == [{"owner": "m-2", "stake": 0.5, "source": "test"}]


def test_explain_mhhi_names_mhhi_and_delta(tiny_data: Dataset) -> None:
    doc = explain(tiny_data, "mhhi", "Logistics")
    row = compute_all(tiny_data)["common_ownership"]["Logistics"]
    assert doc["values"]["mhhi"] == pytest.approx(row["mhhi"])
    assert doc["values"]["delta_mhhi"] == pytest.approx(row["delta_mhhi"])
    assert doc["values"]["company_hhi"] == pytest.approx(row["company_hhi"])
    assert doc["contributions_sum_to"] == "delta_mhhi"
    assert sum(c["contribution"] for c in doc["contributions"]) == pytest.approx(row["delta_mhhi"])
    assert doc["contributions"][0]["owner"] == "m-2"


def test_explain_company_hhi_and_the_vendor_hhi(tiny_data: Dataset, edited: object) -> None:
    doc = explain(tiny_data, "company-hhi", "Logistics")
    assert sum(c["contribution"] for c in doc["contributions"]) == pytest.approx(doc["value"])
    assert doc["contributions"][0]["company"] == "c-2"  # 300 of 440
    with pytest.raises(NotFound, match=r"vendor_shares\.csv"):
        explain(tiny_data, "vendor-hhi", "Logistics")
    shares = b"market,vendor,share,source\nLogistics,v-a,0.6,x\nLogistics,Other,0.2,x\n"
    data = read_dataset(edited(vendor_shares=shares))  # type: ignore[operator]
    doc = explain(data, "vendor-hhi", "Logistics")
    assert doc["value"] == pytest.approx(3600 + 400)
    assert doc["values"]["hhi_max"] == pytest.approx(4000 + 400)  # unlisted .2 as one vendor
    assert doc["guidelines_2023"]["label"] == "highly concentrated"


def test_a_grouping_with_no_values_gives_no_markets(tiny: Path, edited: object) -> None:
    # every company's country empty: no country market exists, and nothing crashes
    blank = dict(
        enumerate(
            [
                "c-1,Alpha Logistics,Logistics,100,10,,test",
                "c-2,Beta Freight,Logistics,300,,,test",
                "c-3,Gamma Health,Healthcare,50,5,,test",
                "c-4,Delta Care,Healthcare,150,,,test",
                "c-5,Epsilon Sub,Logistics,40,,,test",
            ],
            start=2,
        )
    )
    doc = compute_all(read_dataset(edited(companies=blank)), market="country")  # type: ignore[operator]
    assert doc["concentration"] == {} and doc["common_ownership"] == {} and doc["access"] == {}
