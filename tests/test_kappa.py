"""Profit weights κ: hand-computed cases, published anchors, identities, a naive reference,
and the real airline data."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from jvgraph.cli import cli
from jvgraph.errors import UsageError
from jvgraph.metrics.common_ownership import mhhi_arrays
from jvgraph.metrics.kappa import (
    Control,
    control_weights,
    generalised_mhhi,
    kappa_summary,
    owner_kappa_contributions,
    parse_control,
    profit_weights,
)
from tests.realdata import AIRLINES, need

# -- a naive reference: the definition, loop by loop -----------------------------------


def naive_gamma(beta: np.ndarray, control: Control) -> np.ndarray:
    if control.kind == "proportional":
        return beta.copy()
    if control.kind == "power":
        return np.where(beta > 0, beta**control.exponent, 0.0)
    gamma = beta.copy()
    for f in range(beta.shape[1]):
        for i in range(beta.shape[0]):
            if beta[i, f] > 0.5:
                gamma[:, f] = 0.0
                gamma[i, f] = 1.0
    return gamma


def naive_kappa(beta: np.ndarray, gamma: np.ndarray) -> np.ndarray:
    owners, firms = beta.shape
    out = np.full((firms, firms), np.nan)
    for f in range(firms):
        own = sum(gamma[i, f] * beta[i, f] for i in range(owners))
        if own > 0:
            for g in range(firms):
                out[f, g] = sum(gamma[i, f] * beta[i, g] for i in range(owners)) / own
    return out


def naive_mhhi(kappa: np.ndarray, share: np.ndarray) -> float:
    total = 0.0
    for f in range(len(share)):
        for g in range(len(share)):
            k = 1.0 if f == g else (0.0 if math.isnan(kappa[f, g]) else kappa[f, g])
            total += share[f] * share[g] * k
    return 10_000 * total


# -- hand-computed cases ---------------------------------------------------------------


def test_kappa_by_hand_divides_by_the_firms_own_diagonal() -> None:
    # owners × firms
    beta = np.array([[0.3, 0.1], [0.1, 0.2]])
    k = profit_weights(sp.csr_matrix(beta), sp.csr_matrix(beta)).toarray()
    # κ_12 = (0.3·0.1 + 0.1·0.2) / (0.3² + 0.1²) = 0.05 / 0.10 = 0.5
    # κ_21 = (0.1·0.3 + 0.2·0.1) / (0.1² + 0.2²) = 0.05 / 0.05 = 1.0
    assert k == pytest.approx(np.array([[1.0, 0.5], [1.0, 1.0]]))
    # dividing by the other firm's diagonal would give 0.05 / 0.05 = 1.0 for κ_12: not this
    assert k[0, 1] != pytest.approx(1.0)


def test_sole_control_by_a_majority_holder_by_hand() -> None:
    beta = sp.csr_matrix(np.array([[0.6, 0.1], [0.3, 0.2]]))
    gamma, fallback = control_weights(beta, parse_control("sole"))
    assert gamma.toarray().tolist() == [[1.0, 0.1], [0.0, 0.2]]
    assert fallback == 1  # firm 2 has no majority holder: proportional control
    k = profit_weights(beta, gamma).toarray()
    # κ_12 = 1·0.1 / (1·0.6) = 1/6; κ_21 = (0.1·0.6 + 0.2·0.3) / (0.1² + 0.2²) = 0.12 / 0.05
    assert k[0, 1] == pytest.approx(1 / 6)
    assert k[1, 0] == pytest.approx(2.4)


def test_power_control_by_hand() -> None:
    beta = sp.csr_matrix(np.array([[0.25, 0.04], [0.16, 0.09]]))
    gamma, _ = control_weights(beta, parse_control("power:0.5"))
    assert gamma.toarray() == pytest.approx(np.array([[0.5, 0.2], [0.4, 0.3]]))
    k = profit_weights(beta, gamma).toarray()
    # κ_12 = (0.5·0.04 + 0.4·0.09) / (0.5·0.25 + 0.4·0.16) = 0.056 / 0.189
    assert k[0, 1] == pytest.approx(0.056 / 0.189)


def test_bad_control_options() -> None:
    for text in ("power:0", "power:x", "majority", "power:-1"):
        with pytest.raises(
            UsageError,
            match="proportional, sole, power:A with A > 0, voting:sole or",
        ):
            parse_control(text)


# -- published anchors -----------------------------------------------------------------


def test_published_anchors() -> None:
    no_owners = sp.csr_matrix((1, 4))
    assert generalised_mhhi(no_owners, no_owners, np.array([0.3, 0.3, 0.2, 0.2]))[0] == (
        pytest.approx(2_600)  # 900 + 900 + 400 + 400
    )
    same = sp.csr_matrix(np.array([[0.3, 0.3], [0.1, 0.1]]))
    hhi, delta = generalised_mhhi(same, same, np.array([0.5, 0.5]))
    assert (hhi, delta, hhi + delta) == pytest.approx((5_000, 5_000, 10_000))
    # a merger of a 30% and a 15% firm: (0.45² − 0.3² − 0.15²)·10⁴ = 2·0.3·0.15·10⁴ = 900
    before = generalised_mhhi(
        sp.csr_matrix((1, 3)), sp.csr_matrix((1, 3)), np.array([0.3, 0.15, 0.55])
    )
    after = generalised_mhhi(sp.csr_matrix((1, 2)), sp.csr_matrix((1, 2)), np.array([0.45, 0.55]))
    assert after[0] - before[0] == pytest.approx(900)


def test_summary_counts_pairs_with_no_common_owner() -> None:
    # firm 3 shares no owner with firms 1 and 2: four of six ordered pairs have κ = 0
    beta = sp.csr_matrix(np.array([[0.2, 0.2, 0.0], [0.0, 0.0, 0.5]]))
    k = profit_weights(beta, beta)
    summary = kappa_summary(k, np.array([True, True, True]))
    assert summary == {
        "pairs": 6,
        "median": 0.0,
        "mean": pytest.approx(2 / 6),
        "min": 0.0,
        "max": 1.0,
    }


# -- identities and the naive reference, on random ownership ----------------------------


def _at_most_one(beta: np.ndarray) -> np.ndarray:
    """The stakes in a firm sum to at most 1, as a valid dataset's do."""
    total = beta.sum(axis=0)
    return beta / np.maximum(total, 1.0)


betas = arrays(
    np.float64,
    st.tuples(st.integers(1, 6), st.integers(2, 6)),
    elements=st.one_of(st.just(0.0), st.floats(0.001, 0.7)),
).map(_at_most_one)


@settings(max_examples=60, deadline=None)
@given(betas)
def test_proportional_kappa_is_cosine_times_root_ihhi_ratio(beta: np.ndarray) -> None:
    k = profit_weights(sp.csr_matrix(beta), sp.csr_matrix(beta)).toarray()
    ihhi = (beta**2).sum(axis=0)
    for f in range(beta.shape[1]):
        for g in range(beta.shape[1]):
            if ihhi[f] > 0 and ihhi[g] > 0:
                cos = beta[:, f] @ beta[:, g] / math.sqrt(ihhi[f] * ihhi[g])
                assert k[f, g] == pytest.approx(cos * math.sqrt(ihhi[g] / ihhi[f]), abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(betas, st.sampled_from(["proportional", "sole", "power:0.5", "power:2"]), st.data())
def test_kappa_and_mhhi_equal_the_naive_definition(
    beta: np.ndarray, control: str, data: st.DataObject
) -> None:
    rule = parse_control(control)
    gamma, _ = control_weights(sp.csr_matrix(beta), rule)
    reference = naive_kappa(beta, naive_gamma(beta, rule))
    got = profit_weights(sp.csr_matrix(beta), gamma).toarray()
    defined = ~np.isnan(reference[:, 0])
    assert got[defined] == pytest.approx(reference[defined], abs=1e-12)
    assert not got[~defined].any()
    weights = data.draw(arrays(np.float64, beta.shape[1], elements=st.floats(0.01, 1)))
    share = weights / weights.sum()
    hhi, delta = generalised_mhhi(sp.csr_matrix(beta), gamma, share)
    assert hhi + delta == pytest.approx(naive_mhhi(reference, share), rel=1e-9, abs=1e-9)
    parts = owner_kappa_contributions(sp.csr_matrix(beta), gamma)
    off = ~np.eye(beta.shape[1], dtype=bool)
    assert parts.sum() == pytest.approx(np.nansum(reference[off]), abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(betas, st.data())
def test_proportional_mhhi_is_the_metrics_common_ownership_index(
    beta: np.ndarray, data: st.DataObject
) -> None:
    weights = data.draw(arrays(np.float64, beta.shape[1], elements=st.floats(0.01, 1)))
    share = weights / weights.sum()
    coo = sp.coo_matrix(beta)
    hhi, delta = mhhi_arrays(
        coo.row, coo.col, coo.data, share, np.zeros(beta.shape[1], dtype=int), 1
    )
    mine = generalised_mhhi(sp.csr_matrix(beta), sp.csr_matrix(beta), share)
    assert mine == pytest.approx((hhi[0], delta[0]), abs=1e-9)


# -- the real airline data --------------------------------------------------------------


def raw_kappa(quarter: int, f: int, g: int) -> float:
    """κ(f → g) straight from the shipped parquet file, with pandas: an independent path."""
    raw = pd.read_parquet(AIRLINES)
    rows = raw[(raw["rdate"] == quarter) & (raw["beta"] > 0)]
    wide = rows.pivot_table(index="mgrno", columns="permno", values="beta", aggfunc="sum")
    wide = wide.fillna(0.0).astype(float)
    bf, bg = wide[float(f)], wide[float(g)]
    return float((bf * bg).sum() / (bf * bf).sum())


@pytest.fixture(scope="module")
def airline_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    from jvgraph.explore import load_dataset
    from jvgraph.importers import import_13f, parse_quarter
    from jvgraph.store import open_store

    base = tmp_path_factory.mktemp("air")
    quarters = [parse_quarter(q) for q in ("2014Q3", "2015Q1", "2015Q4")]
    import_13f(need(AIRLINES), base / "data", quarters)
    with open_store(str(base / "store.db")) as store:
        load_dataset(store, base / "data")
    return str(base / "store.db")


AA, DL = "13f-firm-21020", "13f-firm-91926"


def test_airline_kappa_matches_the_raw_file(airline_store: str) -> None:
    for day, quarter in (("2014-09-30", 20140930), ("2015-03-31", 20150331)):
        result = CliRunner().invoke(
            cli, ["kappa", "Airlines", "--as-of", day, "--store", airline_store, "--json"]
        )
        assert result.exit_code == 0, result.output
        doc = json.loads(result.stdout)
        pairs = {(p["f"], p["g"]): p["kappa"] for p in doc["pairs"]}
        assert len(doc["firms"]) == 7 and doc["summary"]["pairs"] == 42 == len(pairs)
        assert pairs[(AA, DL)] == pytest.approx(raw_kappa(quarter, 21020, 91926), rel=1e-6)
        assert pairs[(DL, AA)] == pytest.approx(raw_kappa(quarter, 91926, 21020), rel=1e-6)
        assert doc["mhhi"] is None  # no revenue in 13F data: no market shares
        assert {o["name"] for o in doc["owners"][:2]} == {"BLACKROCK", "VANGUARD GROUP INC"}


def test_airline_kappa_series(airline_store: str) -> None:
    result = CliRunner().invoke(
        cli,
        ["kappa", "Airlines", "--from", "2014Q3", "--to", "2015Q4", "--store", airline_store,
         "--pair", f"{AA},{DL}", "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    series = json.loads(result.stdout)["series"]
    assert [r["as_of"] for r in series] == ["2014-09-30", "2015-03-31", "2015-12-31"]
    raw = pd.read_parquet(AIRLINES)
    rows = raw[(raw["rdate"] == 20151231) & (raw["beta"] > 0)]
    wide = rows.pivot_table(index="mgrno", columns="permno", values="beta", aggfunc="sum").fillna(0)
    firms = list(wide.columns)
    values = [
        float((wide[f] * wide[g]).sum() / (wide[f] ** 2).sum())
        for f in firms
        for g in firms
        if f != g
    ]
    assert series[-1]["median"] == pytest.approx(float(np.median(values)), rel=1e-6)
    assert series[0]["kappa"][f"{AA}>{DL}"] == pytest.approx(raw_kappa(20140930, 21020, 91926))


def test_kappa_bad_requests(airline_store: str) -> None:
    cases = {
        ("Railways",): "no companies with sector = 'Railways'",
        ("Airlines", "--as-of", "1990-01-01"): "no firm of market 'Airlines' has a known owner",
        (
            "Airlines",
            "--control",
            "majority",
        ): "use proportional, sole, power:A with A > 0, voting:sole or voting:sole+shared",
        ("Airlines", "--from", "2015Q1"): "give both --from and --to",
    }
    for args, message in cases.items():
        result = CliRunner().invoke(cli, ["kappa", *args, "--store", airline_store])
        assert result.exit_code == 64, result.output
        assert message in result.stderr


def test_kappa_needs_known_stakes(tmp_path: Path) -> None:
    from jvgraph.explore import load_dataset
    from jvgraph.explore.ownership import kappa
    from jvgraph.store import open_store

    data = tmp_path / "d"
    data.mkdir()
    header = {
        "vendors": "id,name", "asset_managers": "id,name", "joint_ventures": "id,name,vendor_id",
        "jv_partners": "jv_id,manager_id", "companies": "id,name,sector",
        "holdings": "owner_id,company_id,stake",
    }  # fmt: skip
    rows = {"asset_managers": "m,M", "companies": "c,C,Web\nd,D,Web", "holdings": "m,c,\nm,d,0.1"}
    for name, head in header.items():
        (data / f"{name}.csv").write_text(head + "\n" + rows.get(name, ""), encoding="utf-8")
    with open_store(str(tmp_path / "s.db")) as store:
        load_dataset(store, data)
        with pytest.raises(UsageError, match="holdings without a known stake"):
            kappa(store, "Web", as_of=dt.date(2020, 1, 1))


def test_kappa_chart_and_the_documented_values(airline_store: str, tmp_path: Path) -> None:
    import re
    import xml.etree.ElementTree as ET

    chart = tmp_path / "k.svg"
    result = CliRunner().invoke(
        cli,
        ["kappa", "Airlines", "--from", "2014Q3", "--to", "2015Q4", "--store", airline_store,
         "--pair", f"{AA},{DL}", "--pair", f"{DL},{AA}", "--chart", str(chart), "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    svg = chart.read_text(encoding="utf-8")
    ET.fromstring(svg)  # well-formed
    for text in ("Profit weights between Airlines firms", "American Airlines Group → Delta",
                 "Backus-Conlon-Sinkinson", "quarter (13F report date)"):  # fmt: skip
        assert text in svg
    series = {r["as_of"][:7]: r for r in json.loads(result.stdout)["series"]}
    docs = (Path(__file__).resolve().parents[1] / "docs" / "kappa.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d{4})Q(\d) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \|$", docs, re.M)
    assert len(rows) == 3
    for year, q, aa_dl, dl_aa, median in rows:
        row = series[f"{year}-{int(q) * 3:02d}"]
        assert f"{row['kappa'][f'{AA}>{DL}']:.4f}" == aa_dl
        assert f"{row['kappa'][f'{DL}>{AA}']:.4f}" == dl_aa
        assert f"{row['median']:.4f}" == median
    for image in re.findall(r"\]\((img/[^)]+\.svg)\)", docs):
        ET.parse(Path(__file__).resolve().parents[1] / "docs" / image)
