"""`jvgraph import 13f|sec-13f --shares FILE`: firms' revenues for the market shares of HHI
and MHHI, checked against a hand computation on the bundled airline holdings.

Every revenue here is made up for the test (``source`` says so); none is a real firm's.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from jvgraph.cli import cli
from tests.realdata import AIRLINES, need
from tests.registers import X, Y, scenario_13f

SYNTHETIC = "synthetic (made up for this test)"
AS_OF = "2015-03-31"
#: (firm as the shares file writes it, the company it names, revenue in dollars)
FIRMS = [
    ("21020", "13f-firm-21020", 5_000_000_000),  # by permno
    ("01165910", "13f-firm-28804", 1_000_000_000),  # by CUSIP, 8 characters
    ("247361702", "13f-firm-91926", 4_000_000_000),  # by CUSIP, 9 (the first 8 match)
    ("southwest AIRLINES", "13f-firm-58683", 3_000_000_000),  # by name, any case
    ("JetBlue Airways", "13f-firm-89353", 1_500_000_000),
    ("91103", "13f-firm-91103", 4_500_000_000),
]  # Hawaiian Holdings (81666) gets none


def _shares_file(path: Path) -> Path:
    lines = ["firm,revenue_usd,source,period"]
    lines += [f"{firm},{revenue},{SYNTHETIC},FY2014" for firm, _, revenue in FIRMS[:-1]]
    firm, _, revenue = FIRMS[-1]
    lines.append(f"{firm},{revenue},{SYNTHETIC},")  # no period
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _import(*args: str) -> Result:
    return CliRunner().invoke(cli, ["import", *args])


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("revenues")
    shares = _shares_file(folder / "revenues.csv")
    out = folder / "air"
    quarters = ["--quarter", "2014Q3", "--quarter", "2015Q1", "--quarter", "2015Q4"]
    result = _import("13f", str(need(AIRLINES)), *quarters, "--shares", str(shares), str(out))
    assert result.exit_code == 0, result.output
    assert "firms with revenue                 6" in result.stdout
    assert "firms without revenue              1" in result.stdout
    return out


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_companies_get_the_revenues_and_their_sources(imported: Path) -> None:
    companies = {r["id"]: r for r in _rows(imported / "companies.csv")}
    for firm, company, revenue in FIRMS:
        assert float(companies[company]["revenue_usd"]) == revenue, firm
    assert companies["13f-firm-21020"]["revenue_source"] == f"{SYNTHETIC} (FY2014)"
    assert companies["13f-firm-91103"]["revenue_source"] == SYNTHETIC
    hawaiian = companies["13f-firm-81666"]
    assert (hawaiian["revenue_usd"], hawaiian["revenue_source"]) == ("", "")
    summary = json.loads((imported / "import-summary.json").read_text(encoding="utf-8"))
    assert summary["cleanups"]["firms_with_revenue"] == 6
    assert summary["cleanups"]["firms_without_revenue"] == 1
    assert summary["cleanups"]["revenues_from"] == "revenues.csv"


def test_the_rest_of_the_dataset_is_the_bundled_one(imported: Path) -> None:
    from jvgraph.config import bundled_dataset

    bundled = bundled_dataset("airlines-13f")
    for name in ("holdings", "asset_managers", "vendors", "joint_ventures", "jv_partners"):
        file = f"{name}.csv"
        assert (imported / file).read_bytes() == (bundled / file).read_bytes(), file
    ours = _rows(imported / "companies.csv")
    for mine, theirs in zip(ours, _rows(bundled / "companies.csv"), strict=True):
        assert {k: v for k, v in mine.items() if k not in ("revenue_usd", "revenue_source")} == {
            k: v for k, v in theirs.items() if k != "revenue_usd"
        }


def _by_hand(folder: Path, as_of: dt.date) -> tuple[float, float]:
    """(company HHI, ΔMHHI) of the airlines on ``as_of``, from the shares file's figures and
    the holdings active that day, by plain loops."""
    revenue = {company: float(r) for _, company, r in FIRMS}
    total = sum(revenue.values())
    share = {c: r / total for c, r in revenue.items()}
    beta: dict[str, dict[str, float]] = {}  # company → owner → stake
    for row in _rows(folder / "holdings.csv"):
        if dt.date.fromisoformat(row["since"]) <= as_of < dt.date.fromisoformat(row["until"]):
            held = beta.setdefault(row["company_id"], {})
            held[row["owner_id"]] = held.get(row["owner_id"], 0.0) + float(row["stake"])
    hhi = 10_000 * sum(s * s for s in share.values())
    delta = 0.0
    for j in share:
        own_j = beta.get(j, {})
        denominator = sum(b * b for b in own_j.values())
        for k in share:
            if k == j or not denominator:
                continue
            common = sum(b * beta.get(k, {}).get(i, 0.0) for i, b in own_j.items())
            delta += share[j] * share[k] * common / denominator
    return hhi, 10_000 * delta


def test_metrics_equal_a_hand_computation(imported: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "g.db")
    runner = CliRunner()
    loaded = runner.invoke(cli, ["load", str(imported), "--store", db])
    assert loaded.exit_code == 0, loaded.output
    result = runner.invoke(cli, ["metrics", "--store", db, "--as-of", AS_OF, "--json"])
    assert result.exit_code == 0, result.output
    airlines = json.loads(result.stdout)["common_ownership"]["Airlines"]
    hhi, delta = _by_hand(imported, dt.date.fromisoformat(AS_OF))
    assert 0 < hhi < 10_000 and delta > 0
    assert airlines["company_hhi"] == pytest.approx(hhi, rel=1e-9)
    assert airlines["delta_mhhi"] == pytest.approx(delta, rel=1e-9)
    assert airlines["mhhi"] == pytest.approx(hhi + delta, rel=1e-9)
    assert airlines["denominator"] == "companies_in_data"


def test_the_report_gives_hhi_and_mhhi_with_a_shares_file(imported: Path, tmp_path: Path) -> None:
    """With revenues, the airline report has its company-level section: HHI, ΔMHHI and MHHI
    as computed by hand, each holder's part of ΔMHHI, and every printed number in the JSON."""
    from tests.test_report import numbers_not_in_the_json

    db, out = str(tmp_path / "g.db"), tmp_path / "report"
    runner = CliRunner()
    assert runner.invoke(cli, ["load", str(imported), "--store", db]).exit_code == 0
    made = runner.invoke(
        cli, ["report", "--store", db, "--out", str(out), "--as-of", AS_OF, "--no-pdf"]
    )
    assert made.exit_code == 0, made.output
    doc = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert "5. Company-level concentration and common ownership" not in doc["sections"]
    assert "3. Company-level concentration and common ownership" in doc["sections"]
    airlines = doc["common_ownership"]["Airlines"]
    hhi, delta = _by_hand(imported, dt.date.fromisoformat(AS_OF))
    assert airlines["mhhi"] == pytest.approx(hhi + delta, rel=1e-9)
    html = (out / "report.html").read_text(encoding="utf-8")
    assert f"{hhi + delta:,.1f}" in html and f"{delta:,.1f}" in html
    holders = doc["profit_weights"]["markets"]["Airlines"]["holders"]
    assert sum(h["delta_mhhi_part"] for h in holders) <= delta + 1e-9
    assert all(h["delta_mhhi_part"] > 0 for h in holders[:3])
    assert numbers_not_in_the_json(out) == []


# -- bad shares files: file, line and column, and nothing written ---------------------------

HEADER = "firm,revenue_usd,source\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("firm,revenue_usd\n21020,5\n", ["revenues.csv:1: source: required column is missing"]),
        (
            "firm,source\n21020,x\n",
            ["revenues.csv:1: revenue_usd: required column is missing"],
        ),
        (
            HEADER + f"21020,,{SYNTHETIC}\n",
            ["revenues.csv:2: revenue_usd: is empty: give the firm's revenue in US dollars"],
        ),
        (
            HEADER + f"21020,7,{SYNTHETIC}\n91926,1.5bn,{SYNTHETIC}\n",
            [
                "revenues.csv:3: revenue_usd: '1.5bn' is not a number "
                "(dollars, without thousands separators)"
            ],
        ),
        (
            HEADER + f"21020,0,{SYNTHETIC}\n91926,-3,{SYNTHETIC}\n",
            [
                "revenues.csv:2: revenue_usd: 0 is not positive: a revenue is more than 0",
                "revenues.csv:3: revenue_usd: -3 is not positive: a revenue is more than 0",
            ],
        ),
        (
            HEADER + "21020,7, \n",
            [
                "revenues.csv:2: source: is empty: say where the figure comes from "
                "(the 10-K's URL, say)"
            ],
        ),
        (
            HEADER + f"Delta Airlines Inc,7,{SYNTHETIC}\n",
            [
                "revenues.csv:2: firm: 'Delta Airlines Inc' matches no company by permno, "
                "CUSIP or name (nearest: Delta Air Lines; Southwest Airlines; "
                "American Airlines Group)"
            ],
        ),
        (
            HEADER + f"21020,7,{SYNTHETIC}\namerican airlines group,8,{SYNTHETIC}\n",
            [
                "revenues.csv:3: firm: 'american airlines group' is American Airlines Group, "
                "already given at line 2"
            ],
        ),
        (HEADER + "21020,7\n", ["revenues.csv:2: has 2 fields, the header 3"]),
        (HEADER, ["revenues.csv: lists no firm"]),
        (HEADER.encode() + b"21020,7,caf\xe9\n", ["revenues.csv: is not UTF-8 text"]),
    ],
)
def test_a_bad_shares_file_names_file_line_and_column(
    tmp_path: Path, text: str | bytes, expected: list[str]
) -> None:
    shares = tmp_path / "revenues.csv"
    shares.write_bytes(text if isinstance(text, bytes) else text.encode())
    out = tmp_path / "out"
    result = _import(
        "13f", str(need(AIRLINES)), "--quarter", "2015Q1", "--shares", str(shares), str(out)
    )
    assert result.exit_code == 65, result.output
    assert result.stderr.splitlines()[:-1] == [f"error: {line}" for line in expected]
    assert result.stderr.splitlines()[-1].endswith("problem(s); nothing was written")
    assert not out.exists()
    assert not list(tmp_path.glob(".jvgraph-import-*"))  # no staging folder left behind


def test_a_firm_matching_two_companies_is_refused(tmp_path: Path) -> None:
    extract = tmp_path / "extract.csv"
    extract.write_text(  # two firms (permnos) filed under one CUSIP
        "mgrno,rdate,mgrname,permno,cusip,beta\n"
        "1,20150331,A,100,AAA11111,0.1\n2,20150331,B,200,AAA11111,0.2\n",
        encoding="utf-8",
    )
    shares = tmp_path / "revenues.csv"
    shares.write_text(HEADER + f"AAA11111,7,{SYNTHETIC}\n", encoding="utf-8")
    out = tmp_path / "out"
    result = _import("13f", str(extract), "--quarter", "2015Q1", "--shares", str(shares), str(out))
    assert result.exit_code == 65
    assert result.stderr.splitlines()[0] == (
        "error: revenues.csv:2: firm: 'AAA11111' matches 2 companies: CUSIP AAA11111 "
        "(CUSIP AAA11111); CUSIP AAA11111 (CUSIP AAA11111); give its CUSIP instead"
    )
    assert not out.exists()
    by_permno = tmp_path / "by-permno.csv"
    by_permno.write_text(HEADER + f"200,7,{SYNTHETIC}\n", encoding="utf-8")
    ok = _import("13f", str(extract), "--quarter", "2015Q1", "--shares", str(by_permno), str(out))
    assert ok.exit_code == 0, ok.output
    revenues = {r["permno"]: r["revenue_usd"] for r in _rows(out / "companies.csv")}
    assert revenues == {"100": "", "200": "7"}


def test_without_shares_no_revenue_column_is_added(tmp_path: Path) -> None:
    out = tmp_path / "plain"
    result = _import("13f", str(need(AIRLINES)), "--quarter", "2015Q1", str(out), "--json")
    assert result.exit_code == 0, result.output
    assert "firms_with_revenue" not in json.loads(result.stdout)["cleanups"]
    header = (out / "companies.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "revenue_source" not in header


# -- the same option on the SEC's data sets --------------------------------------------------


def test_sec_13f_takes_the_same_shares_file(tmp_path: Path) -> None:
    zips, outstanding = scenario_13f(tmp_path)
    shares = tmp_path / "revenues.csv"
    shares.write_text(
        "firm,revenue_usd,source,period\n"
        f"{X},9000,{SYNTHETIC},FY2023\nexample rail inc,4000,{SYNTHETIC},\n",
        encoding="utf-8",
    )
    out = tmp_path / "sec"
    args = [*map(str, zips), "--quarter", "2023Q4", "--shares-outstanding", str(outstanding)]
    result = _import("sec-13f", *args, "--shares", str(shares), str(out), "--json")
    assert result.exit_code == 0, result.output
    cleanups = json.loads(result.stdout)["cleanups"]
    assert (cleanups["firms_with_revenue"], cleanups["firms_without_revenue"]) == (2, 1)
    companies = {r["cusip"]: r for r in _rows(out / "companies.csv")}
    assert companies[X]["revenue_usd"] == "9000"
    assert companies[X]["revenue_source"] == f"{SYNTHETIC} (FY2023)"
    assert (companies[Y]["revenue_usd"], companies[Y]["revenue_source"]) == ("4000", SYNTHETIC)
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + f"Example Sea Corp,1,{SYNTHETIC}\n", encoding="utf-8")
    refused = _import("sec-13f", *args, "--shares", str(bad), str(tmp_path / "no"))
    assert refused.exit_code == 65
    assert refused.stderr.startswith("error: bad.csv:2: firm: 'Example Sea Corp' matches no")
    assert not (tmp_path / "no").exists()
