"""Incremental edits on both stores: ``load --upsert`` of some files and ``delete`` of listed
rows, checked like a load, all or nothing, seen by readers at their next request; through
the CLI and through the admin routes of the API over real HTTP."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pyarrow as pa
import pytest

from jvgraph.api import ApiSettings, create_app
from jvgraph.api.tokens import hash_token, new_token, parse_tokens
from jvgraph.errors import DataError, StoreError
from jvgraph.explore import delete_rows, load_dataset
from jvgraph.model import ROW_KEYS, TABLES, Dataset
from jvgraph.store import GraphStore, open_store
from tests.server import serving


@pytest.fixture
def store(contract_store: GraphStore, tiny: Path) -> GraphStore:
    """Each store in turn, holding the tiny graph."""
    load_dataset(contract_store, tiny)
    return contract_store


def rows(store: GraphStore) -> dict[str, list[dict[str, Any]]]:
    return {name: table.to_pylist() for name, table in store.export().tables.items()}


def write(folder: Path, **files: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def key(name: str, row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(row[c] for c in ROW_KEYS[name])


def test_an_upsert_adds_rows_and_replaces_rows_by_their_keys(
    store: GraphStore, tmp_path: Path
) -> None:
    before, version = rows(store), store.version()
    changes = write(
        tmp_path / "changes",
        companies="id,name,sector,revenue_usd,employees,country,source\n"
        "c-1,Alpha Logistics Ltd,Logistics,120,12,US,filing\n",
        holdings="owner_id,company_id,stake,control,since,until,source\n"
        "m-1,c-1,0.55,true,2020-01-01,,filing\n"
        "m-3,c-2,0.1,false,2024-01-01,,filing\n",
    )
    counts = load_dataset(store, changes, partial=True)
    assert counts["HOLDS"] == 7 and counts["PortfolioCompany"] == 5
    after = rows(store)
    expected = {name: list(table) for name, table in before.items()}
    c1 = next(r for r in expected["companies"] if r["id"] == "c-1")
    c1.update(name="Alpha Logistics Ltd", revenue_usd=120.0, employees=12, source="filing")
    h = next(r for r in expected["holdings"] if key("holdings", r)[:2] == ("m-1", "c-1"))
    h.update(stake=0.55, source="filing")
    added = dict(h, owner_id="m-3", company_id="c-2", stake=0.1, control=False,
                 since=dt.date(2024, 1, 1))  # fmt: skip
    expected["holdings"].append(added)
    for name in TABLES:
        ordered = sorted(expected[name], key=lambda r, n=name: str(key(n, r)))  # type: ignore[misc]
        assert sorted(after[name], key=lambda r, n=name: str(key(n, r))) == ordered, name  # type: ignore[misc]
    assert store.version() != version  # caches see the edit


def test_an_upsert_is_checked_like_a_load_and_changes_nothing_when_wrong(
    store: GraphStore, tmp_path: Path
) -> None:
    before = rows(store)
    bad = write(
        tmp_path / "bad",
        holdings="owner_id,company_id,stake\nm-1,c-404,0.1\nm-9,c-2,0.2\nm-2,c-1,0.9\n",
    )
    with pytest.raises(DataError) as err:
        load_dataset(store, bad, partial=True)
    assert err.value.lines() == [
        "holdings.csv:2: company_id: unknown id 'c-404': expected the id of a PortfolioCompany",
        "holdings.csv:3: owner_id: unknown id 'm-9': expected the id of a AssetManager or "
        "PortfolioCompany",
        *[line for line in err.value.lines() if line.startswith("holdings.csv:4")],
    ]
    assert any("sum" in line or "exceed" in line for line in err.value.lines()[2:])
    assert rows(store) == before
    with pytest.raises(DataError, match="file is missing"):
        load_dataset(store, bad)  # a whole-dataset load needs every file


def test_a_delete_removes_the_listed_rows(store: GraphStore, tmp_path: Path) -> None:
    before, version = rows(store), store.version()
    gone = write(
        tmp_path / "gone",
        asset_managers="id\nm-2\n",
        jv_partners="jv_id,manager_id\njv-b,m-2\n",
        holdings="owner_id,company_id,since\nm-2,c-1,2021-06-30\nm-2,c-2,\n",
    )
    counts = delete_rows(store, gone)
    assert counts["AssetManager"] == 2 and counts["PARTNER_IN"] == 2 and counts["HOLDS"] == 4
    expected = dict(before)
    expected["asset_managers"] = [r for r in before["asset_managers"] if r["id"] != "m-2"]
    expected["jv_partners"] = [r for r in before["jv_partners"] if r["manager_id"] != "m-2"]
    expected["holdings"] = [r for r in before["holdings"] if r["owner_id"] != "m-2"]
    assert rows(store) == expected
    assert store.version() != version


def test_a_delete_refuses_rows_not_stored_and_dangling_relationships(
    store: GraphStore, tmp_path: Path
) -> None:
    before = rows(store)
    unknown = write(
        tmp_path / "unknown",
        holdings="owner_id,company_id,since\nm-2,c-1,2021-06-29\n",
        vendors="id\nv-zz\n",
    )
    with pytest.raises(DataError) as err:
        delete_rows(store, unknown)
    assert err.value.lines() == [
        "holdings.csv:2: owner_id: no holding of 'm-2' in 'c-1' since 2021-06-29 in the store",
        "vendors.csv:2: id: no Vendor 'v-zz' in the store",
    ]
    dangling = write(tmp_path / "dangling", asset_managers="id\nm-2\n", vendors="id\nv-a\n")
    with pytest.raises(DataError) as err:
        delete_rows(store, dangling)
    lines = err.value.lines()
    assert any(
        line.startswith("asset_managers.csv:2: id: AssetManager 'm-2' is still named by 2 "
                        "holding(s) that stay") for line in lines
    ), lines  # fmt: skip
    assert any("by 1 partner row(s) that stay (('jv-b', 'm-2'))" in line for line in lines)
    assert any(line.startswith("vendors.csv:2: id: Vendor 'v-a' is still named by 1 JV(s)")
               for line in lines), lines  # fmt: skip
    assert rows(store) == before


def _keys(**tables: pa.Table) -> Dataset:
    empty = {
        n: pa.table({c: pa.array([], pa.date32() if c == "since" else pa.string())
                     for c in ROW_KEYS[n]})
        for n in TABLES
    }  # fmt: skip
    return Dataset({**empty, **tables})


def test_a_delete_that_fails_part_way_leaves_the_store_unchanged(store: GraphStore) -> None:
    before, counts = rows(store), store.counts()
    # past the checks: a stored holding, then a vendor that is not stored
    keys = _keys(
        holdings=pa.table({"owner_id": ["m-1"], "company_id": ["c-1"],
                           "since": pa.array([dt.date(2020, 1, 1)])}),
        vendors=pa.table({"id": ["v-nowhere"]}),
    )  # fmt: skip
    with pytest.raises(
        StoreError, match=r"failed and was undone: 1 row\(s\) to delete are not stored"
    ):
        store.delete(keys)
    assert rows(store) == before and store.counts() == counts


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jvgraph", *args], capture_output=True, text=True, timeout=120
    )


def test_the_cli_upserts_and_deletes(tmp_path: Path, tiny: Path) -> None:
    db = str(tmp_path / "g.db")
    assert _cli("load", str(tiny), "--store", db).returncode == 0
    up = write(tmp_path / "up", asset_managers="id,name,kind\nm-9,Manager Nine,bank\n",
               holdings="owner_id,company_id,stake\nm-9,c-2,0.2\n")  # fmt: skip
    done = _cli("load", str(up), "--upsert", "--store", db)
    assert done.returncode == 0, done.stderr
    assert "loaded" in done.stdout and "AssetManager                4" in done.stdout
    both = _cli("load", str(up), "--upsert", "--replace", "--store", db)
    assert both.returncode == 64 and "give one of them" in both.stderr
    gone = write(tmp_path / "gone", asset_managers="id\nm-9\n")
    refused = _cli("delete", str(gone), "--store", db)
    assert refused.returncode == 65 and "Traceback" not in refused.stderr
    assert "is still named by 1 holding(s)" in refused.stderr
    assert refused.stderr.strip().endswith("1 problem(s); nothing was deleted")
    write(gone, holdings="owner_id,company_id\nm-9,c-2\n")
    deleted = _cli("delete", str(gone), "--store", db)
    assert deleted.returncode == 0, deleted.stderr
    assert "AssetManager                3" in deleted.stdout and "HOLDS                       6" in (
        deleted.stdout)  # fmt: skip


@pytest.fixture
def site(tmp_path: Path, tiny: Path) -> Iterator[tuple[str, str, str]]:
    """A server on a read-only embedded store (as jvgraph serve opens it), with tokens."""
    db = str(tmp_path / "g.db")
    with open_store(db) as writer:
        load_dataset(writer, tiny)
    read, admin = new_token(), new_token()
    tokens = parse_tokens(
        f"read alice {hash_token(read)}\nadmin ops {hash_token(admin)}", origin="test"
    )
    with (
        open_store(db, read_only=True) as opened,
        serving(create_app(opened, ApiSettings(tokens=tokens))) as url,
    ):
        yield url, read, admin


def test_the_admin_routes_edit_the_graph_readers_see(site: tuple[str, str, str]) -> None:
    url, read, admin = site
    auth = {"Authorization": f"Bearer {read}"}, {"Authorization": f"Bearer {admin}"}
    with (
        httpx.Client(base_url=url, headers=auth[0]) as as_reader,
        httpx.Client(base_url=url, headers=auth[1]) as as_admin,
    ):
        _edit_through_the_api(as_reader, as_admin)


def _edit_through_the_api(as_reader: httpx.Client, as_admin: httpx.Client) -> None:
    assert as_reader.get("/api/nodes/c-1").json()["name"] == "Alpha Logistics"
    holdings_before = as_reader.get("/api/stats").json()["counts"]["HOLDS"]
    company = {"id": "c-1", "name": "Alpha Logistics Ltd", "sector": "Logistics",
               "revenue_usd": 120, "country": "US", "source": "filing"}  # fmt: skip
    body = {
        "companies": [company],
        "holdings": [{"owner_id": "m-3", "company_id": "c-2", "stake": 0.1, "source": "filing"}],
    }
    assert as_reader.post("/api/admin/upsert", json=body).status_code == 403
    done = as_admin.post("/api/admin/upsert", json=body)
    assert done.status_code == 200, done.text
    assert done.json()["counts"]["HOLDS"] == holdings_before + 1
    # the explorer's next request sees the edit (the server's store follows the new file)
    assert as_reader.get("/api/nodes/c-1").json()["name"] == "Alpha Logistics Ltd"
    assert as_reader.get("/api/stats").json()["counts"]["HOLDS"] == holdings_before + 1
    bad = as_admin.post("/api/admin/delete", json={"vendors": [{"id": "v-a"}]})
    assert bad.status_code == 422
    assert bad.json()["problems"][0].startswith(
        "request.json#vendors:1: id: Vendor 'v-a' is still named by 1 JV(s)"
    )
    gone = as_admin.post("/api/admin/delete", json={"holdings": [
        {"owner_id": "m-3", "company_id": "c-2"}]})  # fmt: skip
    assert gone.status_code == 200, gone.text
    assert as_reader.get("/api/stats").json()["counts"]["HOLDS"] == holdings_before
