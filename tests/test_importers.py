"""The 13F and Crunchbase importers, on the shipped files and on small hand-made ones."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

from jvgraph.cli import cli
from jvgraph.errors import DataError, UsageError
from jvgraph.explore import load_dataset, validate_dataset
from jvgraph.importers import import_13f, import_crunchbase, parse_quarter
from jvgraph.importers.crunchbase import SOURCE_CRUNCHBASE
from jvgraph.store import GraphStore
from tests.realdata import AIRLINES, INVESTMENTS, need

Q1_2015 = parse_quarter("2015Q1")


def _csv(path: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(path / f"{name}.csv", dtype=str, keep_default_na=False)


# -- 13F: the shipped airline file ------------------------------------------------------


def test_13f_quarter_of_the_shipped_file(tmp_path: Path) -> None:
    raw = pd.read_parquet(need(AIRLINES))
    quarter = raw[(raw["rdate"] == 20150331) & (raw["beta"] > 0)]
    summary = import_13f(AIRLINES, tmp_path / "q", [Q1_2015])
    assert summary.counts["holdings"] == len(quarter) == 3590
    assert summary.counts["asset_managers"] == quarter["mgrno"].nunique() == 1341
    assert summary.counts["companies"] == 7
    assert summary.cleanups["dropped_beta_0.5_or_more"] == 0  # the source keeps β < 0.5
    holdings = _csv(tmp_path / "q", "holdings")
    # a sample row: Morgan Stanley's stake in Delta, as the file states it
    row = quarter[(quarter["mgrno"] == 895421) & (quarter["permno"] == 91926)].iloc[0]
    mine = holdings[
        (holdings["owner_id"] == "13f-mgr-895421") & (holdings["company_id"] == "13f-firm-91926")
    ]
    assert float(mine["stake"].iloc[0]) == pytest.approx(float(row["beta"]), rel=1e-7)
    assert mine[["since", "until"]].iloc[0].tolist() == ["2015-03-31", "2015-06-30"]
    names = dict(_csv(tmp_path / "q", "companies")[["id", "name"]].to_numpy())
    assert names["13f-firm-21020"] == "American Airlines Group"
    assert validate_dataset(tmp_path / "q").rows("holdings") == 3590


def test_13f_sums_never_exceed_one_after_import(tmp_path: Path) -> None:
    """Firm-quarters whose β sum above 1 in the source (float32 rounding) are scaled to 1."""
    quarters = [parse_quarter(q) for q in ("2012Q4", "2013Q2", "2008Q3")]
    summary = import_13f(need(AIRLINES), tmp_path / "q", quarters)
    assert summary.cleanups["largest_sum_before_scaling"] > 1.0
    assert summary.cleanups["firm_quarters_scaled_to_sum_1"] >= 1
    holdings = pd.read_csv(tmp_path / "q" / "holdings.csv")
    sums = holdings.groupby(["company_id", "since"])["stake"].sum()
    assert sums.max() <= 1 + 1e-9
    validate_dataset(tmp_path / "q")  # the load's own check agrees


# -- 13F: the clean-up rules, on a hand-made extract -----------------------------------

RAW_13F = """mgrno,rdate,mgrname,permno,cusip,shares,beta
1,20150331,Alpha Advisers,100,AAA11111,10,0.10
1,20150331,Alpha Advisers,100,AAA11111,5,0.05
2,20150331,Beta Capital,100,AAA11111,20,0.20
3,20150331,Gamma Holdings,100,AAA11111,60,0.60
4,20150331,"Delta, Sub",200,BBB22222,30,0.30
5,20150331,Epsilon,200,BBB22222,0,0
6,20150331,,200,BBB22222,5,0.05
1,20141231,Alpha Advisers,100,AAA11111,1,0.01
"""


def test_13f_clean_up_rules(tmp_path: Path) -> None:
    source = tmp_path / "extract.csv"
    source.write_text(RAW_13F, encoding="utf-8")
    merge = tmp_path / "merge.csv"
    merge.write_bytes("\ufeffmgrno_from,mgrno_to\n2,1\n".encode())  # with a BOM, like the source
    summary = import_13f(source, tmp_path / "out", [Q1_2015], consolidations=merge)
    assert summary.cleanups["input_rows"] == 7  # 2014Q4 is not asked for
    assert summary.cleanups["dropped_beta_0.5_or_more"] == 1  # Gamma's 0.60
    assert summary.cleanups["dropped_no_position"] == 1  # Epsilon's 0
    assert summary.cleanups["consolidated_manager_rows"] == 1  # Beta → Alpha
    assert summary.cleanups["summed_duplicate_rows"] == 2  # Alpha twice, then Beta into Alpha
    holdings = pd.read_csv(tmp_path / "out" / "holdings.csv")
    stakes = dict(zip(holdings["owner_id"], holdings["stake"], strict=True))
    # Alpha: 0.10 + 0.05 + Beta's 0.20, summed rather than overwritten
    assert stakes == {
        "13f-mgr-1": pytest.approx(0.35),
        "13f-mgr-4": pytest.approx(0.30),
        "13f-mgr-6": pytest.approx(0.05),
    }
    managers = _csv(tmp_path / "out", "asset_managers")
    # a comma is quoted; a filer that never gave a name is named by its id
    assert managers["name"].tolist() == ["Alpha Advisers", "Delta, Sub", "13F filer 6"]
    companies = _csv(tmp_path / "out", "companies")
    assert companies["name"].tolist() == ["CUSIP AAA11111", "CUSIP BBB22222"]  # no name guessed
    validate_dataset(tmp_path / "out")


def test_13f_scales_a_firm_whose_stakes_sum_above_one(tmp_path: Path) -> None:
    source = tmp_path / "extract.csv"
    source.write_text(
        "mgrno,rdate,mgrname,permno,cusip,beta\n"
        "1,20150331,A,100,X,0.40\n2,20150331,B,100,X,0.40\n3,20150331,C,100,X,0.45\n",
        encoding="utf-8",
    )
    summary = import_13f(source, tmp_path / "out", [Q1_2015])
    assert summary.cleanups["firm_quarters_scaled_to_sum_1"] == 1
    stakes = pd.read_csv(tmp_path / "out" / "holdings.csv")["stake"].tolist()
    assert stakes == pytest.approx([0.40 / 1.25, 0.40 / 1.25, 0.45 / 1.25])


def test_13f_bad_requests_name_the_problem(tmp_path: Path) -> None:
    source = tmp_path / "extract.csv"
    source.write_text(RAW_13F, encoding="utf-8")
    with pytest.raises(UsageError, match=r"no report date 20160331 .*covers 20141231 to 20150331"):
        import_13f(source, tmp_path / "a", [parse_quarter("2016Q1")])
    with pytest.raises(UsageError, match="YYYYQn"):
        parse_quarter("2015-03")
    source.write_text("mgrno,rdate,permno\n1,20150331,100\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        import_13f(source, tmp_path / "b", [Q1_2015])
    assert "extract.csv:1: beta: required column is missing" in [
        str(p) for p in caught.value.problems
    ]
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_import_refuses_a_folder_that_holds_a_dataset(tmp_path: Path, tiny: Path) -> None:
    import shutil

    shutil.copytree(tiny, tmp_path / "d")
    before = (tmp_path / "d" / "holdings.csv").read_bytes()
    with pytest.raises(UsageError, match="already holds a dataset"):
        import_13f(need(AIRLINES), tmp_path / "d", [Q1_2015])
    assert (tmp_path / "d" / "holdings.csv").read_bytes() == before


def test_13f_through_the_cli(tmp_path: Path) -> None:
    out = tmp_path / "air"
    result = CliRunner().invoke(
        cli, ["import", "13f", str(need(AIRLINES)), "--quarter", "2015Q1", str(out), "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["counts"]["holdings"] == 3590
    bad = CliRunner().invoke(cli, ["import", "13f", str(AIRLINES), "--quarter", "1990Q1", "x"])
    assert bad.exit_code == 64
    assert bad.stderr.startswith("error: airlines.parquet has no report date 19900331")


# -- Crunchbase --------------------------------------------------------------------------


def test_crunchbase_shipped_files(tmp_path: Path, store: GraphStore) -> None:
    raw = pd.read_csv(need(INVESTMENTS))
    summary = import_crunchbase(INVESTMENTS, tmp_path / "cb")
    assert summary.cleanups["input_rows"] == len(raw) - 12  # 2 rows lack a company, 10 an investor
    assert summary.counts["companies"] == 21_410
    assert summary.counts["asset_managers"] == 16_759
    assert summary.counts["holdings"] == 63_592
    assert summary.cleanups["matched_investment_rows"] == 54_731  # 68% join the companies file
    holdings = _csv(tmp_path / "cb", "holdings")
    assert (holdings["stake"] == "").all()  # Crunchbase states no stake
    sequoia = holdings[holdings["owner_id"] == "cb-inv-sequoia-capital"]
    funded = raw[raw["investor_name"] == "Sequoia Capital"]
    assert len(sequoia) == funded["company_name"].nunique()
    facebook = _csv(tmp_path / "cb", "companies").set_index("name").loc["Facebook"]
    assert facebook["sector"] == "social" and facebook["source"] == SOURCE_CRUNCHBASE
    first = holdings[
        (holdings["owner_id"] == "cb-inv-accel-partners")
        & (holdings["company_id"] == facebook["id"])
    ]
    assert first["since"].tolist() == ["2005-05-01"]  # the first round, per the file
    unmatched = pd.read_csv(tmp_path / "cb" / "unmatched_companies.csv")
    assert len(unmatched) == summary.cleanups["unmatched_companies"] > 0
    counts = load_dataset(store, tmp_path / "cb")
    assert counts["HOLDS"] == 63_592


def test_crunchbase_names_homonyms_and_categories(tmp_path: Path) -> None:
    investments = tmp_path / "investments.csv"
    investments.write_text(
        "company_name,investor_name,funded_when,amount_usd\n"
        "Acme,Big Fund,2010-01-01,100\n"
        "Acme,big  fund,2011-06-01,200\n"  # the same investor, spelt otherwise
        "Twin,Big Fund,2012-01-01,\n"
        "Lonely,Small Fund,not a date,\n"
        ",Small Fund,2012-01-01,\n",
        encoding="utf-8",
    )
    companies = tmp_path / "companies.csv"
    companies.write_bytes(
        b"permalink,name,category_code,country_code\r/company/acme,Acme,security,USA\r"
        b"/company/twin-1,Twin,web,USA\r/company/twin-2,TWIN,mobile,FRA\r"
    )
    summary = import_crunchbase(investments, tmp_path / "out", companies=companies)
    assert summary.cleanups["dropped_rows_without_a_name"] == 1
    assert summary.cleanups["rows_without_a_valid_date"] == 1
    assert summary.cleanups["homonym_companies"] == 1  # Twin: two permalinks, not guessed
    assert summary.cleanups["unmatched_companies"] == 1  # Lonely
    sectors = dict(_csv(tmp_path / "out", "companies")[["name", "sector"]].to_numpy())
    assert sectors == {"Acme": "security", "Lonely": "unclassified", "Twin": "unclassified"}
    holdings = _csv(tmp_path / "out", "holdings")
    acme = holdings[holdings["company_id"] == "cb-co-acme"]
    assert acme[["owner_id", "since", "rounds"]].to_numpy().tolist() == [
        ["cb-inv-big-fund", "2010-01-01", "2"]
    ]
    variants = pd.read_csv(tmp_path / "out" / "name_variants.csv")
    assert variants["spellings"].tolist() == ["Big Fund | big  fund"]
    assert len(pd.read_csv(tmp_path / "out" / "homonyms.csv")) == 2
    sliced = import_crunchbase(
        investments, tmp_path / "slice", companies=companies, categories=["security"]
    )
    assert sliced.counts["companies"] == 1 and sliced.counts["holdings"] == 1
    validate_dataset(tmp_path / "out")


def test_crunchbase_missing_column(tmp_path: Path) -> None:
    investments = tmp_path / "investments.csv"
    investments.write_text("company_name,funded_when\nA,2010-01-01\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        import_crunchbase(investments, tmp_path / "out")
    assert [str(p) for p in caught.value.problems] == [
        "investments.csv:1: investor_name: required column is missing"
    ]


# -- the bundled real datasets are what the importers write -------------------------------


@pytest.mark.parametrize(
    ("name", "run"),
    [
        (
            "airlines-13f",
            lambda out: import_13f(
                need(AIRLINES), out, [parse_quarter(q) for q in ("2014Q3", "2015Q1", "2015Q4")]
            ),
        ),
        (
            "crunchbase-2013",
            lambda out: import_crunchbase(
                need(INVESTMENTS), out, categories=["analytics", "security", "search"]
            ),
        ),
    ],
)
def test_bundled_real_datasets_are_reproducible(tmp_path: Path, name: str, run: Any) -> None:
    from jvgraph.config import bundled_dataset

    bundled = bundled_dataset(name)
    run(tmp_path / name)
    written = sorted(p.name for p in (tmp_path / name).glob("*.csv"))
    assert written == sorted(p.name for p in bundled.glob("*.csv"))
    for file in written:
        assert (tmp_path / name / file).read_bytes() == (bundled / file).read_bytes(), file
    assert "README.md" in {p.name for p in bundled.iterdir()}
