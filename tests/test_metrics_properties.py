"""Invariants of the metrics on random datasets."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jvgraph.load import read_dataset
from jvgraph.metrics.scenarios import Scenario, what_if
from jvgraph.metrics.suite import compute_all
from jvgraph.model import Dataset
from tests.strategies import datasets, write_dataset

AS_OF = st.sampled_from([None, dt.date(2020, 1, 1), dt.date(2024, 6, 1), dt.date(2026, 5, 1)])
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def load(records: dict[str, list[dict[str, Any]]]) -> Dataset:
    with tempfile.TemporaryDirectory() as tmp:
        return read_dataset(write_dataset(records, Path(tmp) / "d"))


EPS = 1e-12


def within(low: float, x: float | None, high: float) -> bool:
    return x is None or low - EPS <= x <= high + EPS


@SETTINGS
@given(datasets(), AS_OF)
def test_access_invariants(records: dict[str, Any], as_of: dt.date | None) -> None:
    doc = compute_all(load(records), as_of)
    for market in doc["access"].values():
        for suffix in ("", "_by_count"):
            anyone = market["any_vendor_share" + suffix]
            assert within(0, anyone, 1)
            exclusive = [v["exclusive_share" + suffix] for v in market["vendors"].values()]
            if anyone is None:
                assert all(x is None for x in exclusive)
                continue
            assert sum(exclusive) <= anyone + 1e-9  # no company is exclusive to two vendors
            for v in market["vendors"].values():
                fore, excl = v["foreclosure_share" + suffix], v["exclusive_share" + suffix]
                assert 0 - EPS <= excl <= fore + EPS <= anyone + 2 * EPS
                assert v["contested_share" + suffix] == pytest.approx(fore - excl)
        if market["denominator"] == "companies_in_data" and market["market_revenue_usd"]:
            assert market["market_revenue_usd"] == pytest.approx(market["revenue_in_data_usd"])
    for market in doc["concentration"].values():
        if market["company_hhi"] is not None:
            assert within(0, market["company_hhi"], 10_000)
            assert within(0, market["company_cr4"], 1)
            if market["company_hhi_max"] is not None:
                assert market["company_hhi"] <= market["company_hhi_max"] + 1e-9 <= 10_000 + 2e-9
        if market["denominator"] == "companies_in_data":
            assert market["guidelines_2023"]["label"] is None
    for market in doc["common_ownership"].values():
        if market["mhhi"] is not None:
            assert market["mhhi"] >= market["company_hhi"] - 1e-9
    for market in doc["vendor_market"].values():
        assert within(0, market["unlisted_share"], 1)
        assert 0 <= market["hhi"] <= market["hhi_max"] + 1e-9 <= 10_000 + 2e-9
    for pair in [*doc["overlap"]["vendors"], *doc["overlap"]["managers"]]:
        assert 0 <= pair["jaccard"] <= pair["overlap_coefficient"] <= 1 + 1e-12


@SETTINGS
@given(datasets(), AS_OF)
def test_merger_delta_is_two_sa_sb(records: dict[str, Any], as_of: dt.date | None) -> None:
    if len(records["vendors"]) < 2:
        return
    data = load(records)
    result = what_if(data, Scenario.parse("merge:v0,v1"), as_of=as_of)
    vendor_market = compute_all(data, as_of)["vendor_market"]
    for market, entry in result["markets"].items():
        deal = entry["merger"]
        given = vendor_market.get(market, {}).get("shares", {})
        if "v0" in given and "v1" in given:
            assert deal["delta_hhi"] == pytest.approx(2 * given["v0"] * given["v1"] * 10_000)
            assert deal["hhi_after"] == pytest.approx(
                vendor_market[market]["hhi"] + deal["delta_hhi"]
            )
        elif market not in vendor_market:
            assert deal["presumption_2023"] is None and "vendor_shares.csv" in deal["needs"]


@SETTINGS
@given(
    datasets(),
    AS_OF,
    st.sampled_from(["add-partner:jv{v}-0,m{m}", "add-holding:m{m},c0,0.01"]),
    st.integers(0, 3),
    st.integers(0, 5),
)
def test_more_partners_or_holdings_never_lower_a_foreclosure_share(
    records: dict[str, Any], as_of: dt.date | None, template: str, v: int, m: int
) -> None:
    from jvgraph.errors import NotFound

    try:
        result = what_if(load(records), Scenario.parse(template.format(v=v, m=m)), as_of=as_of)
    except NotFound:  # the JV or the manager is not in this dataset
        return
    for entry in result["markets"].values():
        access = entry["access"]
        for shares in access["vendors"].values():
            for key in ("foreclosure_share", "foreclosure_share_by_count"):
                change = shares[key]["change"]
                assert change is None or change >= -EPS, key
        change = access["any_vendor_share"]["change"]
        assert change is None or change >= -EPS


@SETTINGS
@given(
    datasets(),
    AS_OF,
    st.sampled_from(["merge:v0,v1", "add-partner:jv0-0,m0", "remove-partner:jv0-0,m0"]),
)
def test_scenarios_on_matrices_equal_scenarios_on_the_data(
    records: dict[str, Any], as_of: dt.date | None, text: str
) -> None:
    from jvgraph.errors import NotFound
    from jvgraph.metrics.arrays import GraphArrays
    from jvgraph.metrics.scenarios import apply, apply_arrays, snapshot

    data = load(records)
    scenario = Scenario.parse(text)
    try:
        changed = apply_arrays(GraphArrays.build(data, as_of), scenario)
    except NotFound:
        with pytest.raises(NotFound):
            apply(data, scenario)
        return
    assert changed is not None
    rebuilt = GraphArrays.build(apply(data, scenario), as_of)
    assert snapshot(changed, "sector") == snapshot(rebuilt, "sector")
