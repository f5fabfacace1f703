"""Exact answers on tiny hand-computed graphs; the arithmetic is written out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from jvgraph.errors import NotFound, UsageError
from jvgraph.load import read_dataset
from jvgraph.metrics.arrays import GraphArrays
from jvgraph.metrics.common_ownership import mhhi_arrays
from jvgraph.metrics.concentration import attributed_revenue, cr4, hhi
from jvgraph.metrics.explain import explain
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


def test_attributed_revenue_by_hand_whatever_the_index_order() -> None:
    # vendor 0 reaches c0, c1, c3; vendor 1 reaches c1, c2; c3 has no market
    reach = sp.csr_matrix(
        (np.ones(5), np.array([3, 0, 1, 2, 1]), np.array([0, 3, 5])), shape=(2, 4)
    )  # indices not sorted within rows
    revenue = np.array([100.0, 60.0, 30.0, 7.0])
    codes = np.array([0, 0, 1, -1])
    attributed, reached, any_rev = attributed_revenue(reach, revenue, codes, 2)
    # c1 is reached by both vendors: 30 to each
    assert attributed.tolist() == [[130.0, 0.0], [30.0, 30.0]]
    assert reached.tolist() == [[160.0, 0.0], [60.0, 30.0]]
    assert any_rev.tolist() == [160.0, 30.0]
    again = attributed_revenue(reach.sorted_indices(), revenue, codes, 2)
    assert all(
        np.array_equal(x, y) for x, y in zip(again, (attributed, reached, any_rev), strict=True)
    )


def test_reach(tiny_data: Dataset) -> None:
    reach = compute_all(tiny_data)["reach"]
    # v-a reaches m-1's companies c-1 (100) and c-4 (150)
    assert reach["v-a"] == {
        "companies": 2,
        "revenue_usd": 250.0,
        "by_sector": {
            "Healthcare": {"companies": 1, "revenue_usd": 150.0},
            "Logistics": {"companies": 1, "revenue_usd": 100.0},
        },
    }
    # v-b reaches m-1's and m-2's: c-1, c-4, c-2 (300)
    assert reach["v-b"]["companies"] == 3
    assert reach["v-b"]["revenue_usd"] == 100 + 150 + 300


def test_concentration_attributes_shared_companies(tiny_data: Dataset) -> None:
    conc = compute_all(tiny_data)["concentration"]
    # Logistics: c-1 is reached by both (50 each), c-2 by v-b only (300): v-a 50, v-b 350
    log = conc["Logistics"]
    assert log["shares"] == pytest.approx({"v-a": 50 / 400, "v-b": 350 / 400})
    assert log["hhi"] == pytest.approx(10_000 * ((50 / 400) ** 2 + (350 / 400) ** 2))  # 7812.5
    assert log["cr4"] == pytest.approx(1.0)
    # foreclosure: v-a reaches 100 of 440, v-b 400 of 440, any vendor 400 of 440
    assert log["foreclosure"] == pytest.approx(
        {"v-a": 100 / 440, "v-b": 400 / 440, "_any": 400 / 440}
    )
    assert log["classification"]["label"] == "highly concentrated"
    assert "2023" in log["classification"]["guidelines"]
    # Healthcare: only c-4 (150) is reached, by both: 75 each
    assert conc["Healthcare"]["hhi"] == pytest.approx(10_000 * (0.5**2 + 0.5**2))
    assert conc["Healthcare"]["foreclosure"]["_any"] == pytest.approx(150 / 200)


def test_a_market_no_vendor_reaches(tiny_data: Dataset) -> None:
    conc = compute_all(tiny_data, market="country")["concentration"]
    # by country: US = c-1, c-2, c-5; DE = c-3, c-4. Both are reached; an as-of date before
    # every JV leaves both unreached.
    early = compute_all(tiny_data, as_of=dt.date(2026, 1, 1))["concentration"]
    assert set(conc) == {"DE", "US"}
    for market in early.values():
        assert market["hhi"] is None and market["cr4"] is None
        assert market["shares"] == {} and market["foreclosure"] == {"_any": 0.0}


def test_common_ownership(tiny_data: Dataset) -> None:
    co = compute_all(tiny_data)["common_ownership"]["Logistics"]
    s1, s2, s5 = 100 / 440, 300 / 440, 40 / 440
    assert co["hhi"] == pytest.approx(10_000 * (s1**2 + s2**2 + s5**2))
    # Only m-2 holds two Logistics companies (c-1 0.3, c-2 0.5); c-1's owners: m-1 0.6, m-2 0.3;
    # c-2's owner: m-2 0.5; c-5's owner: company c-1 0.8 (no other Logistics holding).
    delta = 10_000 * (s1 * s2 * (0.3 * 0.5) / (0.6**2 + 0.3**2) + s2 * s1 * (0.5 * 0.3) / (0.5**2))
    assert co["delta_mhhi"] == pytest.approx(delta)
    assert co["mhhi"] == pytest.approx(co["hhi"] + delta)


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


def test_merger_delta_is_the_guidelines_formula(tiny_data: Dataset) -> None:
    result = what_if(tiny_data, Scenario.parse("merge:v-a,v-b"))
    merger = result["markets"]["Logistics"]["merger"]
    assert merger["delta_hhi"] == pytest.approx(2 * (50 / 400) * (350 / 400) * 10_000)
    assert merger["presumption"]["presumed"] is True
    assert result["reach"]["v-b"]["companies"] == {"before": 3, "after": 0, "change": -3}


def test_removing_a_partner(tiny_data: Dataset) -> None:
    result = what_if(tiny_data, Scenario.parse("remove-partner:jv-b,m-2"))
    # v-b keeps m-1's c-1 and c-4 and loses c-2: Logistics becomes 50/50 on c-1
    log = result["markets"]["Logistics"]["hhi"]
    assert log == pytest.approx({"before": 7812.5, "after": 5000.0, "change": -2812.5})


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


def test_explain_share_lists_the_attribution(tiny_data: Dataset) -> None:
    doc = explain(tiny_data, "share", "v-b", "Logistics")
    assert doc["value"] == pytest.approx(350 / 400)
    assert [(r["company"], r["reached_by"], r["attributed_usd"]) for r in doc["contributions"]] == [
        ("c-2", 1, 300.0),
        ("c-1", 2, 50.0),
    ]
    assert doc["contributions"][0]["holdings"] == [{"owner": "m-2", "stake": 0.5, "source": "test"}]


def test_explain_mhhi_contributions_sum_to_the_delta(tiny_data: Dataset) -> None:
    doc = explain(tiny_data, "mhhi", "Logistics")
    total = compute_all(tiny_data)["common_ownership"]["Logistics"]["delta_mhhi"]
    assert sum(c["contribution"] for c in doc["contributions"]) == pytest.approx(total)
    assert doc["contributions"][0]["owner"] == "m-2"


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
    assert doc["concentration"] == {} and doc["common_ownership"] == {}
