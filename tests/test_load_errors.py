"""Every kind of bad input gets a clear message naming file, line and column,
and leaves the store exactly as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from jvgraph.cli import cli
from jvgraph.errors import DataError
from jvgraph.explore import load_dataset
from jvgraph.load import MAX_PROBLEMS_PER_FILE
from jvgraph.store import GraphStore


@pytest.fixture
def store(contract_store: GraphStore) -> GraphStore:
    """Runs on the embedded store and on Neo4j."""
    return contract_store


HOLD = "owner_id,company_id,stake,control,since,until,source"

CASES = {
    "missing file": (
        {"vendors": None},
        ["vendors.csv: file is missing (a load of only some files into a stored graph: --upsert)"],
    ),
    "missing required column": (
        {"holdings": {1: "owner_id,company_id,control,since,until,source"}},
        ["holdings.csv:1: stake: required column is missing"],
    ),
    "empty required value": (
        {"companies": {3: "c-2,,Logistics,300,,US,test"}},
        ["companies.csv:3: name: required value is empty"],
    ),
    "duplicate id in a file": (
        {"companies": {"+": "c-1,Again,Logistics,1,,,test"}},
        ["companies.csv:7: id: duplicate id 'c-1' (first at companies.csv:2)"],
    ),
    "duplicate id across files": (
        {"vendors": {"+": "m-2,Clash,,,test"}},
        [
            "asset_managers.csv:3: id: duplicate id 'm-2' (first at vendors.csv:4)",
            "vendors.csv:4: id: id 'm-2' is already a AssetManager in the store",
        ],
    ),
    "unknown reference": (
        {"holdings": {"+": "m-9,c-1,0.05,,,,test"}},
        [
            "holdings.csv:8: owner_id: unknown id 'm-9': expected the id of a AssetManager "
            "or PortfolioCompany"
        ],
    ),
    "reference of the wrong kind": (
        {"jv_partners": {"+": "jv-a,v-b,,test"}},
        ["jv_partners.csv:5: manager_id: 'v-b' is a Vendor: expected the id of a AssetManager"],
    ),
    "stake above 1": (
        {"holdings": {5: "m-3,c-3,1.5,true,,,test"}},
        ["holdings.csv:5: stake: 1.5 is outside (0, 1]: a stake is a fraction"],
    ),
    "stake of 0": (
        {"holdings": {5: "m-3,c-3,0,true,,,test"}},
        ["holdings.csv:5: stake: 0 is outside (0, 1]: a stake is a fraction"],
    ),
    "stakes summing above 1": (
        # c-1: m-1 holds 0.6 from 2020-01-01 and m-2 0.3 from 2021-06-30; 0.2 more from
        # 2022-03-01 makes 1.1 that day.
        {"holdings": {"+": "m-3,c-1,0.2,,2022-03-01,,test"}},
        ["holdings.csv:8: stake: stakes held in 'c-1' sum to 1.1 on 2022-03-01, more than 1"],
    ),
    "since after until": (
        {"holdings": {3: "m-2,c-1,0.3,false,2021-06-30,2020-01-01,test"}},
        ["holdings.csv:3: since: since 2021-06-30 is after until 2020-01-01"],
    ),
    "negative amount": (
        {"companies": {4: "c-3,Gamma Health,Healthcare,-50,5,DE,test"}},
        ["companies.csv:4: revenue_usd: -50 is negative"],
    ),
    "malformed date": (
        {"joint_ventures": {2: "jv-a,JV A,v-a,100,2026-02-30,,test"}},
        ["joint_ventures.csv:2: announced: '2026-02-30' is not a date (expected YYYY-MM-DD)"],
    ),
    "date in another format": (
        {"holdings": {2: "m-1,c-1,0.6,true,01/01/2020,,test"}},
        ["holdings.csv:2: since: '01/01/2020' is not a date (expected YYYY-MM-DD)"],
    ),
    "malformed number": (
        {"vendors": {2: 'v-a,Vendor A,"1,000",US,test'}},
        ["vendors.csv:2: valuation_usd: '1,000' is not a number"],
    ),
    "malformed boolean": (
        {"holdings": {2: "m-1,c-1,0.6,maybe,2020-01-01,,test"}},
        ["holdings.csv:2: control: 'maybe' is not true or false"],
    ),
    "row with too many fields": (
        {"vendors": {"+": "v-c,Vendor C,,US,test,extra"}},
        ["vendors.csv:4: has 6 fields, the header has 5"],
    ),
    "a date precision not in the contract": (
        {
            "holdings": (
                f"{HOLD},since_precision\nm-1,c-1,0.6,true,2020-01-01,,test,decade\n"
                "m-2,c-1,0.3,false,2021-01-01,,test,year\n"
            ).encode()
        },
        ["holdings.csv:2: since_precision: 'decade' is not one of day, month, year, before"],
    ),
    "same_as naming a holding, not a firm": (
        {
            "companies": (
                b"id,name,sector,revenue_usd,employees,country,source,same_as\n"
                b"c-1,Alpha Logistics,Logistics,100,10,US,test,jv-a\n"
                b"c-2,Beta Freight,,300,,US,test,m-2\nc-3,Gamma Health,Healthcare,50,5,DE,test,\n"
                b"c-4,Delta Care,Healthcare,150,,DE,test,v-b\nc-5,Epsilon Sub,,40,,US,test,\n"
            )
        },
        [
            "companies.csv:2: same_as: 'jv-a' is a JointVenture: expected the id of a Vendor or AssetManager"
        ],
    ),
    "non-UTF-8 file": (
        {
            "companies": "id,name,sector,revenue_usd,employees,country,source\n"
            "c-1,Soci\xe9t\xe9,Logistics,100,,FR,test\n".encode("latin-1")
        },
        ["companies.csv:2: not UTF-8: byte 0xe9 cannot be decoded (save the file as UTF-8)"],
    ),
}


def _snapshot(store: GraphStore) -> dict[str, object]:
    data = store.export()
    return {
        "counts": store.counts(),
        **{name: table.to_pylist() for name, table in data.tables.items()},
    }


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_reported_and_the_store_is_unchanged(
    case: str, store: GraphStore, tiny: Path, edited: object
) -> None:
    changes, expected = CASES[case]
    load_dataset(store, tiny)
    before = _snapshot(store)
    bad = edited(**changes)  # type: ignore[operator]
    with pytest.raises(DataError) as caught:
        load_dataset(store, bad)
    assert [str(p) for p in caught.value.problems] == expected
    assert _snapshot(store) == before


def test_every_problem_of_a_file_is_reported_at_once(edited: object, store: GraphStore) -> None:
    bad = edited(
        holdings={
            2: "m-1,c-1,2,yes,2020-13-01,,test",  # type: ignore[operator]
            4: "m-2,c-2,abc,false,,2025-01-01,test",
        }
    )
    with pytest.raises(DataError) as caught:
        load_dataset(store, bad)
    assert [str(p) for p in caught.value.problems] == [
        "holdings.csv:2: since: '2020-13-01' is not a date (expected YYYY-MM-DD)",
        "holdings.csv:2: stake: 2 is outside (0, 1]: a stake is a fraction",
        "holdings.csv:4: stake: 'abc' is not a number",
    ]
    assert store.counts()["HOLDS"] == 0


def test_problems_are_capped_per_file_and_the_rest_counted(
    edited: object, store: GraphStore
) -> None:
    many = {"+": "\n".join(f"m-1,c-1,{i + 2},,,,test" for i in range(150))}
    bad = edited(holdings=many)  # type: ignore[operator]
    with pytest.raises(DataError) as caught:
        load_dataset(store, bad)
    assert len(caught.value.problems) == MAX_PROBLEMS_PER_FILE
    assert caught.value.truncated > 0
    assert caught.value.lines()[-1].startswith("... and ")


def test_the_cli_prints_one_line_per_problem_and_exits_non_zero(
    edited: object, tmp_path: Path, tiny: Path
) -> None:
    runner = CliRunner()
    db = str(tmp_path / "cli.db")
    assert runner.invoke(cli, ["load", str(tiny), "--store", db]).exit_code == 0
    bad = edited(
        holdings={5: "m-3,c-3,1.5,true,,,test"},  # type: ignore[operator]
        vendors={2: "v-a,Vendor A,-1,US,test"},
    )
    result = runner.invoke(cli, ["load", str(bad), "--store", db])
    assert result.exit_code == 65
    assert result.stderr.splitlines() == [
        "error: holdings.csv:5: stake: 1.5 is outside (0, 1]: a stake is a fraction",
        "error: vendors.csv:2: valuation_usd: -1 is negative",
        "error: 2 problem(s); nothing was loaded",
    ]
    assert "Traceback" not in result.output
    stats = runner.invoke(cli, ["stats", "--store", db, "--json"])
    assert '"HOLDS": 6' in stats.stdout


def test_a_json_dataset_reports_record_numbers(tmp_path: Path, store: GraphStore) -> None:
    path = tmp_path / "data.json"
    path.write_text(
        '{"vendors": [{"id": "v", "name": "V", "valuation_usd": -3}], '
        '"asset_managers": [], "joint_ventures": [], "jv_partners": [], '
        '"companies": [], "holdings": [{"owner_id": "x"}]}',
        encoding="utf-8",
    )
    with pytest.raises(DataError) as caught:
        load_dataset(store, path)
    assert [str(p) for p in caught.value.problems] == [
        "data.json#holdings:1: company_id: required value is empty",
        "data.json#holdings:1: owner_id: unknown id 'x': expected the id of a AssetManager "
        "or PortfolioCompany",
        "data.json#vendors:1: valuation_usd: -3 is negative",
    ]
