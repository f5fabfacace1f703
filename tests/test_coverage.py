"""Coverage: hand-computed cases on the tiny dataset, and the figures of the real graph."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from jvgraph.config import bundled_dataset
from jvgraph.load import read_dataset
from jvgraph.metrics.suite import compute_all

# tiny: JV A (Vendor A) has partner m-1; JV B (Vendor B) has m-1 and m-2; m-1 holds c-1 and
# c-4, m-2 holds c-1 and c-2 (c-2 until 2025-01-01); m-3 holds c-3 and partners no JV.
MANAGERS = "id,name,aum_usd,kind,country,source,portfolio_known\n"


def _tiny(edited: Any, known: tuple[str, str, str], reported: str = "") -> Path:
    managers = MANAGERS + "".join(
        f"m-{i},Manager {n},,,,test,{k}\n"
        for i, (n, k) in enumerate(zip(("One", "Two", "Three"), known, strict=True), 1)
    )
    jvs = (
        "id,name,vendor_id,size_usd,announced,ended,source,partners_reported\n"
        "jv-a,JV A,v-a,100,2026-04-27,,test,\n"
        f"jv-b,JV B,v-b,200,2026-04-28,,test,{reported}\n"
    )
    path: Path = edited(asset_managers=managers.encode(), joint_ventures=jvs.encode())
    return path


def _coverage(path: Path, as_of: dt.date | None = None) -> dict[str, Any]:
    doc: dict[str, Any] = compute_all(read_dataset(path), as_of)["coverage"]
    return doc


def test_without_the_column_coverage_is_not_stated_and_reach_stands(tiny: Path) -> None:
    doc = _coverage(tiny)
    b = doc["vendors"]["v-b"]
    assert b["status"] == "not stated" and b["partners"] == 2
    assert [p["id"] for p in b["not_stated"]] == ["m-1", "m-2"]
    assert b["reach"] == {
        "companies": 3,  # c-1, c-2, c-4
        "lower_bound": False,
        "reason": "the data does not say whose portfolios it holds",
    }
    assert b["summary"] == "the data does not say which of the 2 partners' portfolios it holds"


def test_one_of_two_portfolios_known_makes_reach_a_lower_bound(edited: Any) -> None:
    doc = _coverage(_tiny(edited, ("true", "false", "")))
    a, b = doc["vendors"]["v-a"], doc["vendors"]["v-b"]
    assert a["status"] == "complete" and a["reach"]["companies"] == 2
    assert (
        a["reach"]["lower_bound"] is False and a["summary"] == "1 of 1 partners' portfolios known"
    )
    assert b["status"] == "partial" and b["reach"] == {
        "companies": 3,
        "lower_bound": True,
        "reason": "counts only the portfolios known: the other partners may add more",
    }
    assert b["missing"] == [{"id": "m-2", "name": "Manager Two", "kind": None}]
    assert b["summary"] == "1 of 2 partners' portfolios known"
    assert doc["shared_partners"] == [
        {"id": "m-1", "name": "Manager One", "vendors": ["v-a", "v-b"], "portfolio_known": True}
    ]


def test_no_portfolio_known_means_reach_unknown_not_zero(edited: Any) -> None:
    doc = _coverage(_tiny(edited, ("false", "false", "true")))
    b = doc["vendors"]["v-b"]
    assert b["status"] == "none"
    assert b["reach"] == {
        "companies": None,
        "lower_bound": False,
        "reason": "none of the 2 partners' portfolios is in the data",
    }
    assert b["summary"] == "0 of 2 partners' portfolios known"


def test_unnamed_partners_count_against_completeness(edited: Any) -> None:
    doc = _coverage(_tiny(edited, ("true", "true", ""), reported="5"))
    b = doc["vendors"]["v-b"]
    assert b["partners_unnamed"] == 3 and b["status"] == "partial"
    assert b["joint_ventures"] == [
        {"id": "jv-b", "name": "JV B", "partners_named": 2, "partners_reported": 5,
         "partners_unnamed": 3}
    ]  # fmt: skip
    assert b["summary"] == "2 of 2 partners' portfolios known; 3 more partners unnamed"
    assert doc["vendors"]["v-a"]["partners_unnamed"] is None  # JV A reports no count


def test_before_any_jv_there_is_nothing_to_reach(edited: Any) -> None:
    doc = _coverage(_tiny(edited, ("true", "false", "")), dt.date(2026, 4, 27))
    assert doc["vendors"]["v-b"]["status"] == "no joint venture"
    assert doc["vendors"]["v-b"]["reach"]["companies"] == 0
    assert doc["vendors"]["v-a"]["status"] == "complete"  # JV A counts from 2026-04-27


@pytest.fixture(scope="module")
def real() -> dict[str, Any]:
    doc: dict[str, Any] = compute_all(
        read_dataset(bundled_dataset("jv-2026")), dt.date(2026, 5, 12)
    )
    return doc


def test_the_real_graph_knows_3_of_21_partners_portfolios(real: dict[str, Any]) -> None:
    anthropic, openai = (
        real["coverage"]["vendors"]["v-anthropic"],
        real["coverage"]["vendors"]["v-openai"],
    )
    assert anthropic["summary"] == "1 of 8 partners' portfolios known"
    assert [p["name"] for p in anthropic["known"]] == ["General Atlantic"]
    assert "Blackstone" in {p["name"] for p in anthropic["missing"]}  # credit names are loans
    assert openai["summary"] == "2 of 14 partners' portfolios known; 5 more partners unnamed"
    assert [p["name"] for p in openai["known"]] == ["Advent International", "Bain Capital"]
    assert {p["name"] for p in openai["missing"]} >= {"TPG", "Brookfield Asset Management",
                                                      "Bain & Company", "Goldman Sachs"}  # fmt: skip
    assert real["reach"]["v-openai"]["companies"] == openai["reach"]["companies"]
    assert openai["reach"]["lower_bound"] is True
    assert real["coverage"]["shared_partners"] == [
        {"id": "am-goldman-sachs", "name": "Goldman Sachs", "vendors": ["v-anthropic", "v-openai"],
         "portfolio_known": False}
    ]  # fmt: skip
