"""The report on real data: an airline 13F quarter (market = Airlines) and Crunchbase
categories, where no vendor exists and, for Crunchbase, no stake is known."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from jvgraph.cli import cli
from jvgraph.config import bundled_dataset
from jvgraph.explore import load_dataset
from jvgraph.importers.crunchbase import SOURCE_CRUNCHBASE
from jvgraph.importers.thirteenf import SOURCE_13F
from jvgraph.store import open_store
from tests.test_report import numbers_not_in_the_json


def write(tmp: Path, name: str, *args: str) -> tuple[Path, dict[str, Any]]:
    db = str(tmp / f"{name}.db")
    with open_store(db) as store:
        load_dataset(store, bundled_dataset(name))
    out = tmp / f"{name}-report"
    result = CliRunner().invoke(cli, ["report", "--store", db, "--out", str(out), *args])
    assert result.exit_code == 0, result.output  # warnings are errors here: none was raised
    return out, json.loads((out / "report.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def airlines(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    return write(tmp_path_factory.mktemp("a"), "airlines-13f", "--as-of", "2015-03-31", "--no-pdf")


@pytest.fixture(scope="module")
def crunchbase(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    return write(tmp_path_factory.mktemp("c"), "crunchbase-2013", "--no-pdf")


def test_airline_quarter_report(airlines: tuple[Path, dict[str, Any]]) -> None:
    out, doc = airlines
    kappa = doc["profit_weights"]["markets"]["Airlines"]
    assert kappa["computed"] and kappa["firms"] == 7 and kappa["summary"]["pairs"] == 42
    assert round(kappa["summary"]["median"], 4) == 0.5512  # as docs/kappa.md and jvgraph kappa
    assert doc["provenance"]["sources"] == [{"source": SOURCE_13F, "rows": 1_671 + 7 + 10_526}]
    assert doc["provenance"]["synthetic_share"] == 0
    assert doc["common_ownership"]["Airlines"]["company_hhi"] is None  # 13F states no revenue
    html = (out / "report.html").read_text(encoding="utf-8")
    md = (out / "report.md").read_text(encoding="utf-8")
    for text in (html, md):
        assert "0.5512" in text and "VANGUARD GROUP INC" in text and SOURCE_13F in text
        assert "No row is synthetic" in text
    # sections adapt to 13F data: the κ matrix, κ by quarter and the largest holders
    # instead of empty vendor sections, each left out with its reason
    assert doc["sections"] == [
        "1. Summary",
        "2. Data and provenance",
        "3. Profit weights among competitors (κ)",
        "4. Reach and overlap",
        "5. Methodology",
        "6. References",
    ]
    left = {x["anchor"]: x["reason"] for x in doc["sections_left_out"]}
    assert left["access"] == "the data has no AI vendor with a joint venture"
    assert left["common-ownership"].startswith("no firm has a revenue in the data")
    for text in (html, md):
        assert "No chart" not in text and "Left out of this report" in text
        assert left["network"] in text
    matrix = kappa["matrix"]
    names = [kappa["names"][i] for i in matrix["firms"]]
    assert names == sorted(names) and len(names) == 7
    grid = {(p["f"], p["g"]): p["kappa"] for p in kappa["pairs"]}
    delta, united = "13f-firm-91926", "13f-firm-91103"
    assert (
        grid[(delta, united)]
        == matrix["kappa"][matrix["firms"].index(delta)][matrix["firms"].index(united)]
    )
    assert all(matrix["kappa"][i][i] is None for i in range(7))
    assert all(
        v is not None for i, row in enumerate(matrix["kappa"]) for j, v in enumerate(row) if i != j
    )
    series = doc["kappa_series"]["markets"]["Airlines"]["series"]
    assert [r["as_of"] for r in series] == ["2014-09-30", "2015-03-31", "2015-12-31"]
    assert series[1]["median"] == kappa["summary"]["median"]  # the report's date in the series
    assert series[1]["kappa"][f"{delta}>{united}"] == grid[(delta, united)]
    for chart in ("kappa-matrix-1", "kappa-series-1"):
        assert (out / "charts" / f"{chart}.svg").exists() and f'id="chart-{chart}"' in html
    for row in ("2014Q3", "2015Q1", "2015Q4"):
        assert f"<td>{row}</td>" in html
    holders = kappa["holders"]
    assert [h["name"] for h in holders[:2]] == ["VANGUARD GROUP INC", "BLACKROCK"]
    assert "The largest holders of each market" in html and "7 of 7" in html


def test_crunchbase_categories_report(crunchbase: tuple[Path, dict[str, Any]]) -> None:
    out, doc = crunchbase
    markets = doc["profit_weights"]["markets"]
    assert set(markets) == {"analytics", "search", "security"}
    assert all(m == {"computed": False, "reason": "stakes are not known"} for m in markets.values())
    security = doc["common_ownership"]["security"]
    assert security["delta_mhhi"] is None and security["holdings_without_stake"] > 0
    assert doc["overlap"]["managers_total"] > 0  # who co-invests is known without stakes
    html = (out / "report.html").read_text(encoding="utf-8")
    assert SOURCE_CRUNCHBASE in html  # the CC-BY attribution
    left = {x["anchor"]: x["reason"] for x in doc["sections_left_out"]}
    assert left["profit-weights"] == "no market has κ: stakes are not known"
    assert "Profit weights among competitors (κ): no market has κ: stakes are not known" in html


@pytest.mark.parametrize("which", ["airlines", "crunchbase"])
def test_every_number_in_the_html_is_in_the_json(
    which: str, request: pytest.FixtureRequest
) -> None:
    out, _ = request.getfixturevalue(which)
    assert numbers_not_in_the_json(out) == []
