"""`jvgraph import gleif-rr`: GLEIF's relationship records, on golden-copy files in their format."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from jvgraph.cli import cli
from jvgraph.errors import DataError
from jvgraph.explore import validate_dataset
from jvgraph.importers import import_gleif_rr, import_uk_psc
from tests.registers import GLEIF, RR_HEADER, _quoted, relation, scenario_gleif, scenario_psc

G = GLEIF


def _csv(path: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(path / f"{name}.csv", dtype=str, keep_default_na=False)


def _edges(out: Path) -> dict[tuple[str, str], dict[str, str]]:
    rows = _csv(out, "holdings").to_dict("records")
    return {(r["owner_id"], r["company_id"]): r for r in rows}


def test_each_relationship_kind(tmp_path: Path) -> None:
    rr, level1 = scenario_gleif(tmp_path)
    out = tmp_path / "out"
    summary = import_gleif_rr(rr, out, level1=level1)
    edges = _edges(out)
    parent, child1 = "gb-co-01234567", "gb-co-SC000111"  # registered at Companies House
    ultimate = f"lei-{G['ULTIMATE']}"
    direct = edges[(parent, child1)]
    assert (direct["stake"], direct["control"], direct["since"], direct["until"]) == (
        "1",
        "true",
        "2018-01-01",
        "",
    )
    assert direct["relationship"] == "direct accounting consolidation"
    assert edges[(ultimate, parent)]["stake"] == "0.605"
    # an ultimate parent is kept on the child; a holding only where no direct parent is stated
    assert (ultimate, child1) not in edges
    lone = edges[(ultimate, f"lei-{G['CHILD2']}")]
    assert lone["relationship"] == "ultimate accounting consolidation (no direct parent stated)"
    assert (lone["since"], lone["stake"]) == ("", "")
    ceased = edges[(parent, f"lei-{G['CEASED']}")]
    assert (ceased["since"], ceased["until"], ceased["relationship_status"]) == (
        "2015-03-01",
        "2019-12-31",
        "INACTIVE",
    )
    lapsed = edges[(parent, f"lei-{G['LAPSED']}")]
    assert (lapsed["until"], lapsed["until_from"], lapsed["registration_status"]) == (
        "2021-05-04",
        "last update of the record",
        "LAPSED",
    )
    fund = edges[(f"lei-{G['MANAGER']}", f"lei-{G['FUND']}")]
    assert (fund["relationship"], fund["stake"], fund["control"]) == ("fund management", "", "")
    assert (f"lei-{G['FUND']}", f"lei-{G['SUBFUND']}") in edges
    feeder = edges[(f"lei-{G['FEEDER']}", f"lei-{G['MASTER']}")]  # the feeder holds the master
    assert feeder["relationship"] == "feeder fund investing in a master fund"
    assert not any(G["BRANCH"] in k[1] or G["WRONG"] in k[1] for k in edges)
    assert len(edges) == 8
    companies = _csv(out, "companies").set_index("id")
    assert companies.loc[parent, ["name", "lei", "uk_company_number"]].tolist() == [
        "EXAMPLE PARENT PLC",
        G["PARENT"],
        "01234567",
    ]
    assert companies.loc[child1, "ultimate_parent_id"] == ultimate
    assert companies.loc[f"lei-{G['CHILD2']}", "name"] == f"LEI {G['CHILD2']}"  # no level-1 row
    assert companies.loc[f"lei-{G['FUND']}", "entity_category"] == "FUND"
    c = summary.cleanups
    assert c["is_international_branch_of_records_left_out"] == 1
    assert c["annulled_records_left_out"] == 1
    assert c["ultimate_parents_kept_on_the_child"] == 2
    assert c["entities_linked_to_their_uk_company_number"] == 2
    validate_dataset(out)


def test_gleif_and_psc_meet_in_the_uk_company_node(tmp_path: Path) -> None:
    """The LEI of a company registered at Companies House and its PSC entries share a node."""
    rr, level1 = scenario_gleif(tmp_path)
    import_gleif_rr(rr, tmp_path / "gleif", level1=level1)
    import_uk_psc([scenario_psc(tmp_path / "psc.txt")], tmp_path / "psc")
    gleif = set(_csv(tmp_path / "gleif", "companies")["id"])
    psc = set(_csv(tmp_path / "psc", "companies")["id"])
    assert all(i.startswith(("gb-co-", "lei-")) for i in gleif)
    assert all(i.startswith("gb-co-") for i in psc)


def test_zipped_file_through_the_cli(tmp_path: Path) -> None:
    rr, level1 = scenario_gleif(tmp_path)
    archive = tmp_path / "rr.csv.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(rr, rr.name)
    out = tmp_path / "cli"
    result = CliRunner().invoke(
        cli, ["import", "gleif-rr", str(archive), "--level1", str(level1), str(out), "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["counts"]["holdings"] == 8


def test_bad_records_are_refused_with_their_line(tmp_path: Path) -> None:
    good = relation(G["CHILD1"], G["PARENT"], "IS_DIRECTLY_CONSOLIDATED_BY")
    bad = relation(
        G["CHILD2"], G["PARENT"], "IS_DIRECTLY_CONSOLIDATED_BY", period=("01/02/2019", "")
    )
    path = tmp_path / "rr.csv"
    path.write_text(_quoted(RR_HEADER, [good, bad]), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        import_gleif_rr(path, tmp_path / "out")
    assert caught.value.lines() == [
        "rr.csv:3: Relationship.Period.2.startDate: '01/02/2019' is not an ISO 8601 date"
    ]
    short = [c for c in RR_HEADER if c != "Relationship.RelationshipStatus"]
    path.write_text(_quoted(short, [good]), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        import_gleif_rr(path, tmp_path / "out")
    assert caught.value.lines() == [
        "rr.csv:1: Relationship.RelationshipStatus: required column is missing"
    ]
    assert not (tmp_path / "out").exists()
