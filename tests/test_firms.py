"""Solely controlled companies combined into firms: hand-computed HHI and MHHI."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jvgraph.load import read_dataset
from jvgraph.metrics.arrays import GraphArrays
from jvgraph.metrics.common_ownership import common_ownership
from jvgraph.metrics.firms import combined_common_ownership

HEADERS = {
    "vendors": "id,name",
    "asset_managers": "id,name",
    "joint_ventures": "id,name,vendor_id",
    "jv_partners": "jv_id,manager_id",
    "companies": "id,name,sector,revenue_usd",
    "holdings": "owner_id,company_id,stake",
}


def dataset(tmp_path: Path, companies: str, holdings: str) -> GraphArrays:
    rows = {"asset_managers": "a,A\nb,B", "companies": companies, "holdings": holdings}
    for name, header in HEADERS.items():
        text = header + "\n" + rows.get(name, "")
        (tmp_path / f"{name}.csv").write_text(text.strip() + "\n", encoding="utf-8")
    return GraphArrays.build(read_dataset(tmp_path))


COMPANIES = "c1,C1,M,50\nc2,C2,M,30\nc3,C3,M,20"
HOLDINGS = "a,c1,0.6\na,c2,0.7\nb,c1,0.2\nb,c3,0.2"


def test_companies_one_owner_controls_are_one_firm(tmp_path: Path) -> None:
    g = dataset(tmp_path, COMPANIES, HOLDINGS)
    got = combined_common_ownership(g)["M"]
    # a controls c1 (60%) and c2 (70%): firms {c1, c2} with 0.5 + 0.3 = 0.8, and {c3} with 0.2
    assert got["firms"] == 2 and got["combined_companies"] == 1
    assert got["company_hhi"] == pytest.approx(10_000 * (0.8**2 + 0.2**2))  # 6,800
    # pairs across firms: D_1 = 0.6² + 0.2² = 0.40, D_3 = 0.2² = 0.04
    # κ_13 = 0.2·0.2 / 0.40 = 0.1, κ_31 = 0.2·0.2 / 0.04 = 1, κ_23 = κ_32 = 0 (no common owner)
    delta = 10_000 * (0.5 * 0.2 * 0.1 + 0.2 * 0.5 * 1.0)  # 1,100
    assert got["delta_mhhi"] == pytest.approx(delta)
    assert got["mhhi"] == pytest.approx(6_800 + 1_100)
    # without combining, the pair c1, c2 counts too: κ_12 = 0.6·0.7 / 0.40, κ_21 = 0.7·0.6 / 0.49
    plain = common_ownership(g)["M"]
    assert plain["company_hhi"] == pytest.approx(10_000 * (0.25 + 0.09 + 0.04))
    within = 10_000 * (0.5 * 0.3 * 0.42 / 0.40 + 0.3 * 0.5 * 0.42 / 0.49)
    assert plain["delta_mhhi"] == pytest.approx(delta + within)


def test_control_passes_through_a_controlled_parent(tmp_path: Path) -> None:
    companies = COMPANIES + "\nc4,C4,M,100\nc5,C5,N,10"
    # c2 holds 90% of c4; c2 is a's: c4 joins a's firm; c5 (another market) stays apart
    holdings = HOLDINGS + "\nc2,c4,0.9\na,c5,0.8"
    g = dataset(tmp_path, companies, holdings)
    got = combined_common_ownership(g)
    # market M: revenue 200; firms {c1, c2, c4} = 180 / 200 = 0.9 and {c3} = 0.1
    assert got["M"]["firms"] == 2
    assert got["M"]["company_hhi"] == pytest.approx(10_000 * (0.9**2 + 0.1**2))
    assert got["N"]["firms"] == 1 and got["N"]["company_hhi"] == pytest.approx(10_000)


def test_no_majority_holder_changes_nothing(tmp_path: Path) -> None:
    g = dataset(tmp_path, COMPANIES, "a,c1,0.5\nb,c2,0.4\na,c3,0.3\nb,c1,0.3")
    got = combined_common_ownership(g)["M"]
    plain = common_ownership(g)["M"]
    assert got["firms"] == 3 and got["combined_companies"] == 0
    assert (got["company_hhi"], got["delta_mhhi"]) == pytest.approx(
        (plain["company_hhi"], plain["delta_mhhi"])
    )


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from([0.0, 0.0, 0.1, 0.3, 0.55, 0.7]), min_size=2, max_size=2),
        min_size=2,
        max_size=6,
    ),
    st.lists(st.integers(1, 100), min_size=6, max_size=6),
)
def test_combined_index_equals_the_naive_definition(
    columns: list[list[float]], revenue: list[int]
) -> None:
    """Two managers, companies with random stakes (each column sums to at most 1)."""
    import tempfile

    beta = np.array(columns, dtype=float).T  # 2 owners × companies
    beta = beta / np.maximum(beta.sum(axis=0), 1.0)
    n = beta.shape[1]
    rev = np.array(revenue[:n], dtype=float)
    share = rev / rev.sum()
    group = [int(np.argmax(beta[:, j])) if beta[:, j].max() > 0.5 else 2 + j for j in range(n)]
    hhi = 10_000 * sum(share[[j for j in range(n) if group[j] == f]].sum() ** 2 for f in set(group))
    delta = 0.0
    for j in range(n):
        own = (beta[:, j] ** 2).sum()
        for k in range(n):
            if j != k and group[j] != group[k] and own > 0:
                delta += share[j] * share[k] * (beta[:, j] @ beta[:, k]) / own
    companies = "\n".join(f"c{j},C{j},M,{int(rev[j])}" for j in range(n))
    holdings = "\n".join(
        f"{o},c{j},{float(beta[i, j])!r}"
        for i, o in enumerate("ab")
        for j in range(n)
        if beta[i, j] > 0
    )
    with tempfile.TemporaryDirectory() as tmp:
        got = combined_common_ownership(dataset(Path(tmp), companies, holdings))["M"]
    assert got["company_hhi"] == pytest.approx(hhi)
    assert got["delta_mhhi"] == pytest.approx(10_000 * delta, abs=1e-9)


def test_metrics_combine_controlled_through_the_cli_and_the_api(tmp_path: Path) -> None:
    import json

    import httpx
    from click.testing import CliRunner

    from jvgraph.api import create_app
    from jvgraph.cli import cli
    from jvgraph.explore import load_dataset
    from jvgraph.store import open_store
    from tests.server import serving

    data = tmp_path / "data"
    data.mkdir()
    g = dataset(data, COMPANIES, HOLDINGS)
    expected = combined_common_ownership(g)["M"]
    db = str(tmp_path / "s.db")
    with open_store(db) as store:
        load_dataset(store, data)
    args = ["metrics", "--store", db, "--json", "--combine-controlled"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["combine_controlled"] is True
    assert doc["common_ownership"]["M"] == pytest.approx(expected)
    assert doc["common_ownership"]["M"]["company_hhi"] == pytest.approx(6_800)
    with open_store(db, read_only=True) as store, serving(create_app(store)) as url:
        api = httpx.get(url + "/api/metrics", params={"combine_controlled": "true"}).json()
        plain = httpx.get(url + "/api/metrics").json()
    assert api["common_ownership"]["M"] == pytest.approx(expected)
    assert plain["common_ownership"]["M"]["company_hhi"] == pytest.approx(3_800)  # not combined
