"""`jvgraph import sec-13f`: the SEC's Form 13F data sets, on ZIPs written in their format."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from jvgraph.cli import cli
from jvgraph.errors import DataError, UsageError
from jvgraph.explore import validate_dataset
from jvgraph.importers import import_sec_13f
from tests.registers import W, X, Y, filing, holding, scenario_13f, write_13f_zip

Q3_2022, Q4_2023 = dt.date(2022, 9, 30), dt.date(2023, 12, 31)


def _csv(path: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(path / f"{name}.csv", dtype=str, keep_default_na=False)


def _by_pair(out: Path) -> dict[tuple[str, str, str], dict[str, str]]:
    rows = _csv(out, "holdings").to_dict("records")
    return {(r["owner_id"], r["company_id"], r["since"]): r for r in rows}


def test_every_rule_on_two_data_sets(tmp_path: Path) -> None:
    zips, shares = scenario_13f(tmp_path)
    out = tmp_path / "out"
    summary = import_sec_13f(zips, out, [Q3_2022, Q4_2023], shares_outstanding=shares)
    held = _by_pair(out)
    a, b, d = "cik-0000100001", "cik-0000200002", "cik-0000400004"
    x, y, w = f"cusip-{X}", f"cusip-{Y}", f"cusip-{W}"
    assert sorted(held) == sorted(
        [
            (a, x, "2022-09-30"),  # split rows summed; the option and the bond left out
            (a, x, "2023-12-31"),  # the restatement replaces the report
            (a, y, "2023-12-31"),
            (b, x, "2023-12-31"),
            (b, y, "2023-12-31"),  # added by the new-holdings amendment
            (d, w, "2023-12-31"),  # no shares outstanding: no stake
        ]
    )
    first = held[(a, x, "2022-09-30")]
    assert (first["shares"], first["stake"], first["until"]) == ("1500", "0.15", "2022-12-31")
    assert first["value_usd"] == "75000"  # VALUE in thousands before 2023: (50 + 25) × 1,000
    assert (first["sole_voting"], first["sole_shared_voting"]) == ("0.08", "0.1")
    assert first["accessions"] == "0000100001-22-000007"
    late = held[(a, x, "2023-12-31")]
    assert (late["shares"], late["stake"], late["value_usd"]) == ("2500", "0.25", "130000")
    assert (late["sole_voting"], late["sole_shared_voting"]) == ("0.15", "0.2")
    assert late["accessions"] == "0000100001-24-000005"  # the report it replaced is not there
    assert held[(a, y, "2023-12-31")]["stake"] == "0.06"
    assert held[(b, x, "2023-12-31")]["stake"] == "0.1"
    new = held[(b, y, "2023-12-31")]
    assert (new["stake"], new["accessions"]) == (
        "0.14",
        "0000200002-24-000001 0000200002-24-000003",
    )
    assert held[(d, w, "2023-12-31")]["stake"] == ""
    assert held[(d, w, "2023-12-31")]["shares"] == "100"
    c = summary.cleanups
    assert c["notice_filings_holding_nothing"] == 1
    assert c["option_rows_left_out"] == 1 and c["principal_amount_rows_left_out"] == 1
    assert c["summed_split_rows"] == 2  # one split in 2022, one in the restatement
    assert c["restatements_kept"] == 1 and c["new_holdings_amendments_kept"] == 1
    assert c["replaced_by_a_later_report_or_restatement"] == 1
    assert c["holdings_without_shares_outstanding"] == 1
    managers = _csv(out, "asset_managers").set_index("id")
    assert managers.loc[a, "name"] == "ALPHA CAPITAL MGMT LLC"  # as its latest filing names it
    assert managers.loc[a, "cik"] == "0000100001"
    assert "cik-0000300003" not in managers.index  # a notice holds nothing
    companies = _csv(out, "companies").set_index("id")
    assert companies.loc[x, ["name", "sector", "cusip"]].tolist() == [
        "Example Air Corp",
        "Airlines",
        X,
    ]
    assert companies.loc[w, ["name", "sector", "name_from"]].tolist() == [
        f"ISSUER {W[:6]}",
        "unclassified",
        "NAMEOFISSUER as filed",
    ]
    assert summary.counts == {
        "vendors": 0,
        "asset_managers": 3,
        "joint_ventures": 0,
        "jv_partners": 0,
        "companies": 3,
        "holdings": 6,
    }
    validate_dataset(out)


def test_stakes_summing_above_one_are_left_unknown(tmp_path: Path) -> None:
    acc1, acc2 = "0000500005-24-000001", "0000600006-24-000001"
    zips = [
        write_13f_zip(
            tmp_path / "set.zip",
            [
                filing(acc1, "0000500005", "14-FEB-2024", "31-DEC-2023", "PARENT BANK"),
                filing(acc2, "0000600006", "14-FEB-2024", "31-DEC-2023", "BANK SUBSIDIARY"),
            ],
            [holding(acc1, 1, X, 6000, 1), holding(acc2, 1, X, 6000, 1)],
        )
    ]
    shares = tmp_path / "so.csv"
    shares.write_text(f"cusip,shares_outstanding\n{X},10000\n", encoding="utf-8")
    summary = import_sec_13f(zips, tmp_path / "out", [Q4_2023], shares_outstanding=shares)
    assert summary.cleanups["security_periods_with_stakes_over_1"] == 1
    assert set(_csv(tmp_path / "out", "holdings")["stake"]) == {""}
    over = _csv(tmp_path / "out", "stakes_over_1")
    assert over.to_dict("records") == [
        {"period": "2023-12-31", "cusip": X, "sum": "1.2", "holdings": "2"}
    ]
    validate_dataset(tmp_path / "out")


def _refused(tmp_path: Path, zips: list[Path], **kwargs: object) -> list[str]:
    out = tmp_path / "refused"
    with pytest.raises(DataError) as caught:
        import_sec_13f(zips, out, [Q4_2023], **kwargs)  # type: ignore[arg-type]
    assert not out.exists()
    return caught.value.lines()


def test_bad_data_sets_are_refused_with_table_line_and_column(tmp_path: Path) -> None:
    acc = "0000100001-24-000002"
    f = [filing(acc, "0000100001", "14-FEB-2024", "31-DEC-2023", "ALPHA")]
    rows = [holding(acc, 1, X, 10, 1)]
    no_info = write_13f_zip(tmp_path / "a.zip", f, rows, drop=["INFOTABLE"])
    assert _refused(tmp_path, [no_info]) == [
        "a.zip: is not a Form 13F data set: it lacks INFOTABLE.tsv"
    ]
    from tests.registers import COLUMNS_13F

    short = [c for c in COLUMNS_13F["INFOTABLE"] if c != "VOTING_AUTH_NONE"]
    missing = write_13f_zip(tmp_path / "b.zip", f, rows, columns={"INFOTABLE": short})
    assert _refused(tmp_path, [missing]) == [
        "b.zip:INFOTABLE.tsv:1: VOTING_AUTH_NONE: required column is missing"
    ]
    dated = [filing(acc, "0000100001", "2024-02-14", "31-DEC-2023", "ALPHA")]
    bad_date = write_13f_zip(tmp_path / "c.zip", dated, rows)
    assert _refused(tmp_path, [bad_date]) == [
        "c.zip:SUBMISSION.tsv:2: FILING_DATE: '2024-02-14' is not a date of the form DD-MON-YYYY"
    ]
    numbers = [holding(acc, 1, X, 10, 1), holding(acc, 2, Y, "12x", 1)]
    bad_number = write_13f_zip(tmp_path / "d.zip", f, numbers)
    assert _refused(tmp_path, [bad_number]) == [
        "d.zip:INFOTABLE.tsv:3: SSHPRNAMT: '12x' is not a number"
    ]
    fine = write_13f_zip(tmp_path / "e.zip", f, rows)
    twice = tmp_path / "so.csv"
    twice.write_text(f"cusip,shares_outstanding\n{X},100\n{Y},5\n{X},100\n", encoding="utf-8")
    assert _refused(tmp_path, [fine], shares_outstanding=twice) == [
        f"so.csv:4: cusip: CUSIP {X} is listed twice (first at line 2)"
    ]
    not_zip = tmp_path / "f.zip"
    not_zip.write_text("SUBMISSION\n", encoding="utf-8")
    assert _refused(tmp_path, [not_zip])[0].startswith("f.zip: is not a ZIP file")
    with pytest.raises(UsageError, match="no 13F holdings report for the period 2024-03-31"):
        import_sec_13f([fine], tmp_path / "g", [dt.date(2024, 3, 31)])
    assert not (tmp_path / "g").exists()


def test_through_the_cli(tmp_path: Path) -> None:
    zips, shares = scenario_13f(tmp_path)
    out = tmp_path / "cli"
    args = ["import", "sec-13f", *map(str, zips), "--quarter", "2022Q3", "--quarter", "2023Q4"]
    result = CliRunner().invoke(
        cli, [*args, "--shares-outstanding", str(shares), str(out), "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["counts"]["holdings"] == 6
    bad = CliRunner().invoke(cli, ["import", "sec-13f", str(zips[0]), "--quarter", "2023Q4", "x"])
    assert bad.exit_code == 64
    assert "hold no 13F holdings report for the period 2023-12-31" in bad.stderr
