"""κ with voting shares as control weights (Backus, Conlon & Sinkinson 2021), worked by
hand, through the CLI on a loaded store."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from jvgraph.cli import cli

# Healthcare: Gamma Health (c-3) and Delta Care (c-4); the 13F import writes sole_voting
# and sole_shared_voting as shares of the shares outstanding
HOLDINGS = """owner_id,company_id,stake,control,since,until,source,sole_voting,sole_shared_voting
m-1,c-3,0.3,false,,,test,0.1,0.2
m-1,c-4,0.2,false,,,test,0.2,0.2
m-2,c-4,0.4,false,,,test,0,0.4
"""


@pytest.fixture
def store(tmp_path: Path, tiny: Path) -> str:
    data = tmp_path / "votes"
    shutil.copytree(tiny, data)
    (data / "holdings.csv").write_text(HOLDINGS, encoding="utf-8")
    db = str(tmp_path / "g.db")
    assert CliRunner().invoke(cli, ["load", str(data), "--store", db]).exit_code == 0
    return db


# κ(f → g) = Σ_i γ_if β_ig / Σ_i γ_if β_if
@pytest.mark.parametrize(
    ("control", "gamma_to_delta", "delta_to_gamma"),
    [
        # sole: γ = 0.1 (m-1 in c-3), 0.2 (m-1 in c-4), 0 (m-2 in c-4)
        ("voting:sole", 0.1 * 0.2 / (0.1 * 0.3), 0.2 * 0.3 / (0.2 * 0.2 + 0 * 0.4)),
        # sole + shared: γ = 0.2, 0.2, 0.4
        ("voting:sole+shared", 0.2 * 0.2 / (0.2 * 0.3), 0.2 * 0.3 / (0.2 * 0.2 + 0.4 * 0.4)),
    ],
)
def test_voting_shares_weigh_control(
    store: str, control: str, gamma_to_delta: float, delta_to_gamma: float
) -> None:
    args = ["kappa", "Healthcare", "--control", control, "--store", store, "--json"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    pairs = {(p["f"], p["g"]): p["kappa"] for p in doc["pairs"]}
    assert pairs[("c-3", "c-4")] == pytest.approx(gamma_to_delta, rel=1e-12)
    assert pairs[("c-4", "c-3")] == pytest.approx(delta_to_gamma, rel=1e-12)
    assert doc["control"] == control


def test_voting_control_needs_the_voting_columns(tmp_path: Path, tiny: Path) -> None:
    db = str(tmp_path / "g.db")
    assert CliRunner().invoke(cli, ["load", str(tiny), "--store", db]).exit_code == 0
    result = CliRunner().invoke(
        cli, ["kappa", "Healthcare", "--control", "voting:sole", "--store", db]
    )
    assert result.exit_code == 64
    assert "no sole_voting column" in result.stderr and len(result.stderr.splitlines()) == 1
