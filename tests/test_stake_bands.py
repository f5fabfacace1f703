"""Stakes known only as a band: the common-ownership index at the band's low end, midpoint
and high end, against the formula worked by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from jvgraph.cli import cli
from jvgraph.load import read_dataset
from jvgraph.metrics.suite import compute_all

# m-1 holds Gamma Health (share 1/4 of Healthcare) at a stated 0.3 and Delta Care (3/4)
# at a band of 25-50% only; m-2 holds Delta Care at 0.2
HOLDINGS = """owner_id,company_id,stake,stake_low,stake_high,control,since,until,source
m-1,c-3,0.3,,,false,,,test
m-1,c-4,,0.25,0.5,false,,,test
m-2,c-4,0.2,,,false,,,test
"""


def delta_by_hand(b: float) -> float:
    """ΔMHHI = Σ_j Σ_k≠j s_j s_k (Σ_i β_ij β_ik) / (Σ_i β_ij²), in points (× 10,000)."""
    s3, s4 = 0.25, 0.75
    shared = 0.3 * b  # only m-1 holds both
    return 10_000 * (s3 * s4 * shared / 0.3**2 + s4 * s3 * shared / (b**2 + 0.2**2))


@pytest.fixture
def banded(tmp_path: Path, tiny: Path) -> Path:
    import shutil

    out = tmp_path / "banded"
    shutil.copytree(tiny, out)
    (out / "holdings.csv").write_text(HOLDINGS, encoding="utf-8")
    return out


@pytest.mark.parametrize(("point", "b"), [("low", 0.25), ("mid", 0.375), ("high", 0.5)])
def test_a_banded_stake_at_each_point(banded: Path, point: str, b: float) -> None:
    doc = compute_all(read_dataset(banded), stake=point)
    health = doc["common_ownership"]["Healthcare"]
    assert health["delta_mhhi"] == pytest.approx(delta_by_hand(b), rel=1e-12)
    assert health["company_hhi"] == pytest.approx(10_000 * (0.25**2 + 0.75**2))
    assert health["delta_mhhi_range"] == pytest.approx([delta_by_hand(0.25), delta_by_hand(0.5)])
    assert health["mhhi_range"] == pytest.approx(
        [health["company_hhi"] + delta_by_hand(b) for b in (0.25, 0.5)]
    )
    assert doc["stakes"] == {"point": point, "banded_holdings": 1}


def test_data_without_bands_keeps_its_document(tiny: Path) -> None:
    doc = compute_all(read_dataset(tiny))
    assert "stakes" not in doc
    assert all("delta_mhhi_range" not in row for row in doc["common_ownership"].values())


def test_the_cli_says_which_point_it_took(tmp_path: Path, banded: Path) -> None:
    db = str(tmp_path / "g.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["load", str(banded), "--store", db]).exit_code == 0
    high = runner.invoke(cli, ["metrics", "--store", db, "--stake", "high", "--json"])
    doc = json.loads(high.stdout)
    assert doc["common_ownership"]["Healthcare"]["delta_mhhi"] == pytest.approx(delta_by_hand(0.5))
    text = runner.invoke(cli, ["metrics", "--store", db]).stdout
    assert "1 holding states only a stake band: taken at the band's midpoint" in text
    low, high_end = (f"{delta_by_hand(b):,.0f}" for b in (0.25, 0.5))
    assert f"Healthcare: ΔMHHI {low}–{high_end} as banded stakes range over their bands" in text
    wrong = runner.invoke(cli, ["metrics", "--store", db, "--stake", "max"])
    assert wrong.exit_code == 2 and "max" in wrong.stderr


def test_kappa_at_each_end_of_the_bands(tmp_path: Path, banded: Path) -> None:
    from jvgraph.explore.ownership import kappa
    from jvgraph.store import open_store

    db = str(tmp_path / "g.db")
    assert CliRunner().invoke(cli, ["load", str(banded), "--store", db]).exit_code == 0
    with open_store(db, read_only=True) as store:
        doc = kappa(store, "Healthcare", stake="low")
    # κ(f → g) = Σ_i β_if β_ig / Σ_i β_if²: Gamma → Delta 0.3b / 0.09, Delta → Gamma
    # 0.3b / (b² + 0.04)
    pairs = {(p["f"], p["g"]): p["kappa"] for p in doc["pairs"]}
    assert pairs[("c-3", "c-4")] == pytest.approx(0.3 * 0.25 / 0.09)
    assert pairs[("c-4", "c-3")] == pytest.approx(0.3 * 0.25 / (0.25**2 + 0.04))
    assert doc["delta_mhhi"] == pytest.approx(delta_by_hand(0.25))
    high = doc["at_band_ends"]["high"]
    assert high["delta_mhhi"] == pytest.approx(delta_by_hand(0.5))
    assert high["summary"]["max"] == pytest.approx(0.3 * 0.5 / 0.09)
    assert doc["stakes"] == {"point": "low", "banded_holdings": 1}
    text = CliRunner().invoke(cli, ["kappa", "Healthcare", "--store", db]).stdout
    assert "1 holding states only a stake band: taken at the band's midpoint" in text
    assert f"ΔMHHI {delta_by_hand(0.25):,.0f}–{delta_by_hand(0.5):,.0f}" in text
