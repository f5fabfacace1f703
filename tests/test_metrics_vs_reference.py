"""The vectorised metrics agree with the naive networkx reference on random datasets."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jvgraph.load import read_dataset
from jvgraph.metrics.arrays import GraphArrays
from jvgraph.metrics.overlap import plain
from jvgraph.metrics.reach import effective_stakes
from jvgraph.metrics.suite import compute_all
from tests.reference import naive_metrics as naive
from tests.strategies import datasets, write_dataset

AS_OF = st.sampled_from([None, dt.date(2020, 1, 1), dt.date(2024, 6, 1), dt.date(2026, 5, 1)])


def close(fast: Any, slow: Any, where: str = "") -> None:
    """Equal structure; floats equal to 1e-9 relative or 1e-9 absolute."""
    if isinstance(slow, dict):
        assert isinstance(fast, dict) and set(fast) == set(slow), where
        for key in slow:
            close(fast[key], slow[key], f"{where}.{key}")
    elif isinstance(slow, list):
        assert isinstance(fast, list) and len(fast) == len(slow), where
        for i, (a, b) in enumerate(zip(fast, slow, strict=True)):
            close(a, b, f"{where}[{i}]")
    elif isinstance(slow, float) and not isinstance(slow, bool):
        assert fast == pytest.approx(slow, rel=1e-9, abs=1e-9), where
    else:
        assert fast == slow, where


VENDOR_MARKET = ("shares", "unlisted_share", "hhi", "hhi_max", "cr4")


def labels(doc: dict[str, Any]) -> dict[str, Any]:
    """The fast document with labels as plain strings, as the reference gives them (the
    reasons, sources and counts the reference does not compute left out)."""
    doc = plain(doc)
    keys = ("as_of", "reach", "overlap", "common_ownership", "gatekeepers", "access")
    out = {k: doc[k] for k in keys}
    out["concentration"] = {
        m: {
            **{k: v for k, v in c.items() if k != "guidelines_2023"},
            "label": c["guidelines_2023"]["label"],
        }
        for m, c in doc["concentration"].items()
    }
    out["vendor_market"] = {
        m: {**{k: c[k] for k in VENDOR_MARKET}, "label": c["guidelines_2023"]["label"]}
        for m, c in doc["vendor_market"].items()
    }
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets(), AS_OF, st.sampled_from(["sector", "country"]), st.booleans())
def test_every_metric_agrees(
    records: dict[str, Any], as_of: dt.date | None, market: str, look_through: bool
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = write_dataset(records, Path(tmp) / "d")
        fast = labels(compute_all(read_dataset(path), as_of, market, look_through=look_through))
        slow = naive.compute_all(path, as_of, market, look_through=look_through)
    close(fast, slow)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets(), AS_OF)
def test_effective_stakes_agree(records: dict[str, Any], as_of: dt.date | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = write_dataset(records, Path(tmp) / "d")
        g = GraphArrays.build(read_dataset(path), as_of)
        slow = naive.effective_stakes(path, as_of)
    fast = effective_stakes(g).tocoo()
    got = {
        (str(g.manager_ids[i]), str(g.company_ids[j])): v
        for i, j, v in zip(fast.row, fast.col, fast.data, strict=True)
        if v > 0
    }
    want = {k: v for k, v in slow.items() if k[0] in set(g.manager_ids) and v > 0}
    close(got, want)


def test_the_tiny_dataset_agrees(tiny: Path) -> None:
    for as_of in (None, dt.date(2025, 6, 1)):
        close(labels(compute_all(read_dataset(tiny), as_of)), naive.compute_all(tiny, as_of))
