"""`jvgraph import uk-psc`: Companies House's PSC snapshot, on lines written in its format."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd
import pytest

from jvgraph.errors import DataError
from jvgraph.explore import load_dataset, validate_dataset
from jvgraph.importers import import_uk_psc
from jvgraph.store import GraphStore
from tests.registers import corporate, psc_line, scenario_psc


def _csv(path: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(path / f"{name}.csv", dtype=str, keep_default_na=False)


def _holding(out: Path, owner: str, company: str, since: str) -> dict[str, str]:
    rows = _csv(out, "holdings")
    mine = rows[
        (rows["owner_id"] == owner) & (rows["company_id"] == company) & (rows["since"] == since)
    ]
    assert len(mine) == 1, (owner, company, since)
    return dict(mine.iloc[0])


def test_each_kind_of_entry(tmp_path: Path) -> None:
    out = tmp_path / "out"
    summary = import_uk_psc([scenario_psc(tmp_path / "snapshot.txt")], out)
    managers = _csv(out, "asset_managers").set_index("id")
    german = managers[managers["name"] == "EXAMPLE FOREIGN GMBH"].index[0]
    state = managers[managers["kind"] == "legal person PSC"].index[0]
    lux = managers[managers["kind"] == "corporate beneficial owner"].index[0]
    # a UK corporate PSC is its company's node, found by its registration number (zero-padded)
    parent = _holding(out, "gb-co-00000002", "gb-co-00000001", "2016-04-06")
    assert (parent["stake"], parent["stake_low"], parent["stake_high"]) == ("", "0.75", "1")
    assert (parent["votes_low"], parent["votes_high"], parent["control"]) == ("0.75", "1", "true")
    assert parent["until"] == ""
    # the same foreign owner twice (one registration, spelt otherwise): ceased, then renotified
    old = _holding(out, german, "gb-co-00000003", "2017-01-01")
    assert (old["stake_low"], old["stake_high"], old["until"], old["control"]) == (
        "0.25",
        "0.5",
        "2020-06-30",
        "",
    )
    new = _holding(out, german, "gb-co-00000003", "2020-07-01")
    assert (new["stake_low"], new["stake_high"], new["held_via"], new["control"]) == (
        "0.5",
        "0.75",
        "firm",
        "true",
    )
    assert managers.loc[german, ["country", "registration_number", "matched_by"]].tolist() == [
        "Germany",
        "HRB 12345",
        "registration",
    ]
    influence = _holding(out, state, "gb-co-00000003", "2018-05-01")
    assert (influence["stake_low"], influence["significant_influence"], influence["control"]) == (
        "",
        "true",
        "",
    )
    overseas = _holding(out, lux, "gb-co-OE012345", "2022-08-01")
    assert (overseas["stake_low"], overseas["stake_high"]) == ("0.25", "1")
    llp = _holding(out, "gb-co-SC123456", "gb-co-OC300001", "2019-03-15")
    assert (llp["stake_low"], llp["stake_high"], llp["control"]) == ("0.5", "0.75", "true")
    companies = _csv(out, "companies").set_index("id")
    assert companies.loc["gb-co-00000002", "name"] == "PARENT HOLDINGS LIMITED"
    assert companies.loc["gb-co-00000001", "name"] == "UK company 00000001"
    assert companies.loc["gb-co-00000001", ["individual_pscs", "super_secure_pscs"]].tolist() == [
        "1",
        "1",
    ]
    assert "gb-co-00000004" not in companies.index  # a statement names no owner
    # no personal detail of the individual is written anywhere
    for file in out.iterdir():
        text = file.read_text(encoding="utf-8")
        assert "Made Person" not in text and "1970" not in text and "Made Up Lane" not in text
    c = summary.cleanups
    assert c["individual_entries_left_out"] == 1 and c["super_secure_entries"] == 1
    assert c["statements_and_other_lines"] == 1 and c["totals_lines"] == 1
    assert c["owners_linked_to_their_uk_company_number"] == 2
    assert summary.counts["holdings"] == 6 and summary.counts["asset_managers"] == 3
    validate_dataset(out)


def test_zipped_snapshot_loads_with_its_bands(tmp_path: Path, contract_store: GraphStore) -> None:
    text = scenario_psc(tmp_path / "snapshot.txt")
    archive = tmp_path / "persons-with-significant-control-snapshot-2024-05-01.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(text, "persons-with-significant-control-snapshot-2024-05-01.txt")
    import_uk_psc([archive], tmp_path / "out")
    counts = load_dataset(contract_store, tmp_path / "out")
    assert counts["HOLDS"] == 6
    held = contract_store.export().tables["holdings"].to_pandas()
    row = held[(held["owner_id"] == "gb-co-00000002")].iloc[0]
    assert (row["stake_low"], row["stake_high"]) == (0.75, 1.0)
    assert pd.isna(row["stake"])


def test_bad_lines_name_file_line_and_field(tmp_path: Path) -> None:
    good = psc_line("00000001", corporate("A LIMITED", ["ownership-of-shares-25-to-50-percent"]))
    cases = {
        "not json": (good + "\n{not json\n", r"snapshot.txt:2: is not JSON"),
        "bad date": (
            psc_line("00000001", corporate("A", [], notified_on="06/04/2016")) + "\n",
            r"snapshot.txt:1: data.notified_on: '06/04/2016' is not a date",
        ),
        "bad number": (
            psc_line("ABC", corporate("A", [])) + "\n",
            r"snapshot.txt:1: company_number: 'ABC' is not a company number",
        ),
    }
    for name, (content, message) in cases.items():
        path = tmp_path / name / "snapshot.txt"
        path.parent.mkdir()
        path.write_text(content, encoding="utf-8")
        with pytest.raises(DataError) as caught:
            import_uk_psc([path], tmp_path / name / "out")
        assert caught.value.lines()[0].startswith(message.replace("\\", "")), caught.value.lines()
        assert not (tmp_path / name / "out").exists()
