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


@SETTINGS
@given(datasets(), AS_OF)
def test_concentration_invariants(records: dict[str, Any], as_of: dt.date | None) -> None:
    doc = compute_all(load(records), as_of)
    for market in doc["concentration"].values():
        if market["hhi"] is None:
            assert market["shares"] == {} and market["foreclosure"] == {"_any": 0.0}
            continue
        shares = market["shares"].values()
        assert sum(shares) == pytest.approx(1.0)
        assert all(0 < s <= 1 + 1e-12 for s in shares)
        assert 0 <= market["hhi"] <= 10_000 + 1e-9
        assert market["cr4"] == pytest.approx(sum(sorted(shares, reverse=True)[:4]))
        assert 0 <= market["foreclosure"]["_any"] <= 1 + 1e-12
        for v, f in market["foreclosure"].items():
            assert f <= market["foreclosure"]["_any"] + 1e-12, v
    for market in doc["common_ownership"].values():
        if market["hhi"] is not None:
            assert 0 <= market["hhi"] <= 10_000 + 1e-9
            assert market["mhhi"] >= market["hhi"] - 1e-9
    for pair in [*doc["overlap"]["vendors"], *doc["overlap"]["managers"]]:
        assert 0 <= pair["jaccard"] <= pair["overlap_coefficient"] <= 1 + 1e-12


@SETTINGS
@given(datasets(), AS_OF)
def test_merger_delta_is_two_sa_sb(records: dict[str, Any], as_of: dt.date | None) -> None:
    if len(records["vendors"]) < 2:
        return
    data = load(records)
    result = what_if(data, Scenario.parse("merge:v0,v1"), as_of=as_of)
    shares = compute_all(data, as_of)["concentration"]
    for market, entry in result["markets"].items():
        s = shares[market]["shares"]
        assert entry["merger"]["delta_hhi"] == pytest.approx(
            2 * s.get("v0", 0) * s.get("v1", 0) * 10_000
        )


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
