"""The attack table: every way we know of to make the read-only query console write, read
files, administer the server, crash, hang or exhaust it, and what each must get instead.

Each row runs through ``jvgraph query`` (a real subprocess) and ``POST /api/query`` (a real
HTTP server on 127.0.0.1), on the embedded store and on a real Neo4j. Canary files lie
outside the store: none may be read (their text never appears in any answer) or written,
no answer is a 5xx or a traceback, and the server answers after every row. Add a row for
every new attack.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from jvgraph.api import ApiSettings, create_app
from jvgraph.config import Limits
from jvgraph.explore import load_dataset
from jvgraph.store import GraphStore, open_store
from tests.conftest import TINY
from tests.server import serving

SECRET = "CANARY-7f3a-never-to-be-read"
NEST = 3_000


@dataclass(frozen=True)
class Attack:
    """One row: what is sent, on which stores, and the refusal expected (the API's error
    code, and a pattern of its message; the CLI exits 65 with the same message)."""

    name: str
    cypher: str
    error: str
    message: str
    stores: tuple[str, ...] = ("embedded", "neo4j")
    params: dict[str, Any] = field(default_factory=dict)
    limits: dict[str, Any] = field(default_factory=dict)
    cli: bool = True  # False where a command line cannot carry the text (a NUL byte)


ATTACKS = [
    # -- more than one statement, however hidden --------------------------------------
    Attack(
        "second statement copies to a file",
        "RETURN 1; COPY (MATCH (v:Vendor) RETURN v.id) TO '{out}/written.csv'",
        "query_refused",
        "2 statements",
    ),
    Attack(
        "second statement writes parquet",
        "RETURN 1; COPY (MATCH (v:Vendor) RETURN v.id) TO '{out}/written.parquet'",
        "query_refused",
        "2 statements",
        ("embedded",),
    ),
    Attack(
        "second statement deletes",
        "MATCH (n) RETURN n.id; MATCH (n) DETACH DELETE n",
        "query_refused",
        "2 statements",
    ),
    Attack("two reads", "RETURN 1; RETURN 2", "query_refused", "2 statements"),
    Attack(
        "statement after a block comment",
        "RETURN 1 /* ; */ ; MATCH (n) DETACH DELETE n",
        "query_refused",
        "2 statements",
    ),
    Attack(
        "statement after a line comment",
        "RETURN 1 // note\n; MATCH (n) DETACH DELETE n",
        "query_refused",
        "2 statements",
    ),
    Attack(
        "unterminated comment hiding a statement",
        "RETURN 1 /* ; MATCH (n) DETACH DELETE n",
        "query_error",
        "never closed",
    ),
    Attack(
        "unterminated string",
        "RETURN 'abc; MATCH (n) DETACH DELETE n",
        "query_error",
        "never closed",
    ),
    # -- writes and reaching outside the graph ----------------------------------------
    Attack(
        "copy to a file",
        "COPY (MATCH (v:Vendor) RETURN v.id) TO '{out}/written.csv'",
        "read_only",
        "COPY",
    ),
    Attack("load a file", "LOAD FROM '{canary}' (header=false) RETURN *", "read_only", "LOAD"),
    Attack(
        "load /etc/passwd",
        "LOAD FROM '/etc/passwd' (file_format='csv', header=false, delim=':') RETURN *",
        "read_only",
        "LOAD",
        ("embedded",),
    ),
    Attack(
        "load with headers",
        "LOAD WITH HEADERS (a STRING) FROM '{canary}' RETURN *",
        "read_only",
        "LOAD",
        ("embedded",),
    ),
    Attack(
        "load csv",
        "LOAD CSV FROM 'file://{canary}' AS row RETURN row",
        "read_only",
        "LOAD",
        ("neo4j",),
    ),
    Attack(
        "export the database",
        "EXPORT DATABASE '{out}/exported'",
        "read_only",
        "EXPORT",
        ("embedded",),
    ),
    Attack("import a database", "IMPORT DATABASE '{out}'", "read_only", "IMPORT", ("embedded",)),
    Attack(
        "attach a database",
        "ATTACH '{canary}' AS other (dbtype lbug)",
        "read_only",
        "ATTACH",
        ("embedded",),
    ),
    Attack("install an extension", "INSTALL httpfs", "read_only", "INSTALL", ("embedded",)),
    Attack("load an extension", "LOAD EXTENSION httpfs", "read_only", "LOAD", ("embedded",)),
    Attack("create", "CREATE (:Vendor {id: 'x', name: 'X'})", "read_only", "CREATE"),
    Attack(
        "merge inside a subquery",
        "CALL { MERGE (v:Vendor {id: 'x'}) RETURN v } RETURN 1",
        "read_only",
        "MERGE",
        ("neo4j",),
    ),
    Attack(
        "delete in transactions",
        "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS",
        "read_only",
        "DETACH",
    ),
    Attack("lower-case write", "match (n) detach delete n", "read_only", "DETACH"),
    # -- settings, catalogue and administration ---------------------------------------
    Attack(
        "read a setting",
        "CALL current_setting('home_directory') RETURN *",
        "read_only",
        "current_setting",
        ("embedded",),
    ),
    Attack("change a setting", "CALL threads=1", "read_only", "setting", ("embedded",)),
    Attack(
        "list attached databases",
        "CALL show_attached_databases() RETURN *",
        "read_only",
        "show_attached_databases",
        ("embedded",),
    ),
    Attack(
        "list functions",
        "CALL show_functions() RETURN *",
        "read_only",
        "show_functions",
        ("embedded",),
    ),
    Attack(
        "file information",
        "CALL file_info('{canary}') RETURN *",
        "read_only",
        "file_info",
        ("embedded",),
    ),
    Attack("a procedure named by a parameter", "CALL $p", "read_only", "catalogue procedures"),
    Attack(
        "terminate transactions",
        "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
        "read_only",
        "administration",
        ("neo4j",),
    ),
    Attack("show transactions", "SHOW TRANSACTIONS", "read_only", "administration", ("neo4j",)),
    Attack("show users", "SHOW USERS", "read_only", "administration", ("neo4j",)),
    Attack("show settings", "SHOW SETTINGS", "read_only", "administration", ("neo4j",)),
    Attack(
        "collect statistics",
        "CALL db.stats.collect('QUERIES')",
        "read_only",
        "catalogue procedures",
        ("neo4j",),
    ),
    Attack(
        "clear statistics",
        "CALL db.stats.clear('QUERIES')",
        "read_only",
        "catalogue procedures",
        ("neo4j",),
    ),
    Attack(
        "force replanning",
        "CALL db.prepareForReplanning()",
        "read_only",
        "catalogue procedures",
        ("neo4j",),
    ),
    Attack(
        "server components",
        "CALL dbms.components()",
        "read_only",
        "catalogue procedures of Neo4j",
        ("neo4j",),
    ),
    Attack(
        "a plugin function",
        "RETURN apoc.load.json('file://{canary}')",
        "read_only",
        "built-in functions",
        ("neo4j",),
    ),
    Attack("switch database", "USE system SHOW DATABASES", "read_only", "USE", ("neo4j",)),
    Attack("explain prefix", "EXPLAIN MATCH (n) RETURN n", "read_only", "EXPLAIN"),
    Attack("begin a transaction", "BEGIN TRANSACTION", "read_only", "BEGIN", ("embedded",)),
    Attack("checkpoint", "CHECKPOINT", "read_only", "CHECKPOINT", ("embedded",)),
    # -- look-alikes, invisible and control characters --------------------------------
    Attack(
        "fullwidth semicolon",
        "RETURN 1\uff1b MATCH (n) DETACH DELETE n",
        "query_refused",
        "U\\+FF1B",
    ),
    Attack(
        "fullwidth keyword",
        "\uff23\uff2f\uff30\uff39 (MATCH (v) RETURN v) TO '{out}/written.csv'",
        "query_refused",
        "U\\+FF23",
    ),
    Attack("non-breaking space", "RETURN\u00a01", "query_refused", "U\\+00A0"),
    Attack("letter ligature", "RETURN \ufb01le", "query_refused", "U\\+FB01"),
    Attack(
        "right-to-left override in a comment",
        "RETURN 1 // \u202e ; DETACH DELETE",
        "query_refused",
        "U\\+202E",
    ),
    Attack(
        "line separator ending a comment",
        "RETURN 1 // x\u2028; MATCH (n) DETACH DELETE n",
        "query_refused",
        "U\\+2028",
    ),
    Attack(
        "NUL byte",
        "RETURN 1\x00; MATCH (n) DETACH DELETE n",
        "query_refused",
        "U\\+0000",
        cli=False,
    ),
    Attack("escape character", "RETURN '\x1b[2J'", "query_refused", "U\\+001B"),
    # -- bounds before the engine -----------------------------------------------------
    Attack(
        "3,000 nested parentheses",
        "RETURN " + "(" * NEST + "1" + ")" * NEST,
        "query_refused",
        "nested more than 32",
    ),
    Attack(
        "300 nested parentheses",
        "RETURN " + "(" * 300 + "1" + ")" * 300,
        "query_refused",
        "nested more than 32",
    ),
    Attack(
        "20,000 terms", "RETURN " + " + ".join(["1"] * 20_000), "query_refused", "characters long"
    ),
    Attack(
        "200,000 terms",
        "RETURN " + "+".join(["1"] * 200_000),
        "query_refused",
        "characters long",
        cli=False,
    ),
    Attack("2,500 short terms", "RETURN " + "+".join(["1"] * 2_500), "query_refused", "tokens"),
    # (Neo4j streams this one: the row limit stops it)
    Attack(
        "a huge list",
        "UNWIND range(1, 1000000000) AS x RETURN x",
        "query_time_limit",
        "time limit of 2 s",
        ("embedded",),
        limits={"timeout_s": 2},
    ),
    Attack(
        "a slow count",
        "UNWIND range(1, 100000000) AS x RETURN count(x)",
        "query_time_limit",
        "time limit of 1 s",
        limits={"timeout_s": 1},
    ),
    Attack(
        "one row over the byte limit",
        "RETURN range(1, 1000000)",
        "query_too_large",
        "larger than the limit of 1 MiB",
        limits={"max_bytes": 2**20},
    ),
]

ALLOWED = [
    # (cypher, params, rows): text that looks dangerous but is one read
    (
        "RETURN 'x\\' ; MATCH (n) DETACH DELETE n //' AS s",
        {},
        [["x' ; MATCH (n) DETACH DELETE n //"]],
    ),
    ('RETURN "a;b" AS s // ; CREATE (x)', {}, [["a;b"]]),
    (
        "RETURN $x AS s",
        {"x": "1; COPY (MATCH (v) RETURN v) TO '/tmp/x.csv'"},
        [["1; COPY (MATCH (v) RETURN v) TO '/tmp/x.csv'"]],
    ),
    ("MATCH (copy:Vendor) RETURN copy.id AS id ORDER BY id;", {}, [["v-a"], ["v-b"]]),
    ("RETURN {load: 1, set: 2}.load AS n", {}, [[1]]),
    ("RETURN 'Société ；\u202e' AS s", {}, [["Société ；\u202e"]]),
    ("MATCH (`create`:Vendor) RETURN count(`create`) AS n /* DROP */", {}, [[2]]),
]


# -- fixtures: one loaded store of each kind and one server per module ------------------


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A canary to read and a folder to write into, both outside every store's folder."""
    outside = tmp_path_factory.mktemp("outside")
    canary = outside / "canary.csv"
    canary.write_text(f"{SECRET},1\n", encoding="utf-8")
    (outside / "out").mkdir()
    return {"canary": canary, "out": outside / "out"}


@pytest.fixture(scope="module", params=["embedded", "neo4j"])
def target(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str, GraphStore]]:
    """(kind, location, store opened as `jvgraph serve` opens it) with the tiny graph."""
    if request.param == "embedded":
        path = str(tmp_path_factory.mktemp("store") / "g.db")
        with open_store(path) as writer:
            load_dataset(writer, TINY)
        with open_store(path, read_only=True) as store:
            yield "embedded", path, store
        return
    uri = request.getfixturevalue("neo4j_uri")
    with open_store(uri, env={}) as store:
        from tests.conftest import empty_neo4j

        empty_neo4j(uri)
        load_dataset(store, TINY)
        yield "neo4j", uri, store


@pytest.fixture(scope="module")
def api(target: tuple[str, str, GraphStore]) -> Iterator[httpx.Client]:
    with (
        serving(create_app(target[2], ApiSettings())) as url,
        httpx.Client(base_url=url, timeout=60) as client,
    ):
        yield client


@pytest.fixture(autouse=True)
def canaries_untouched(files: dict[str, Path]) -> Iterator[None]:
    before = files["canary"].stat()
    yield
    after = files["canary"].stat()
    assert (after.st_mtime_ns, after.st_size) == (before.st_mtime_ns, before.st_size)
    assert files["canary"].read_text(encoding="utf-8") == f"{SECRET},1\n"
    assert list(files["out"].iterdir()) == [], "a query wrote a file"


def text_of(attack: Attack, files: dict[str, Path]) -> str:
    return attack.cypher.replace("{canary}", str(files["canary"])).replace(
        "{out}", str(files["out"])
    )


def rows_for(kind: str) -> list[Attack]:
    return [a for a in ATTACKS if kind in a.stores]


# -- the table, through the API and through the CLI -----------------------------------


def per_store(attacks: list[Attack]) -> Any:
    """Each attack once per store it applies to (``target`` takes the store's name)."""
    pairs = [(kind, a) for a in attacks for kind in ("embedded", "neo4j") if kind in a.stores]
    return pytest.mark.parametrize(
        ("target", "attack"),
        [pytest.param(kind, a, id=f"{kind}-{a.name}") for kind, a in pairs],
        indirect=["target"],
    )


@per_store(ATTACKS)
def test_the_api_refuses(
    attack: Attack, target: tuple[str, str, GraphStore], api: httpx.Client, files: dict[str, Path]
) -> None:
    body = {"cypher": text_of(attack, files), "params": attack.params, **attack.limits}
    started = time.monotonic()
    response = api.post("/api/query", json=body)
    took = time.monotonic() - started
    assert 400 <= response.status_code < 500, response.text
    doc = response.json()
    assert doc["error"] == attack.error, doc
    assert __import__("re").search(attack.message, doc["message"]), doc["message"]
    assert SECRET not in response.text
    assert took < attack.limits.get("timeout_s", 10) + 10  # the limit held (a hang would not)
    assert api.get("/api/stats").status_code == 200  # still answering


EXIT_CODES = {"bad_parameter": 64}


@per_store([a for a in ATTACKS if a.cli])
def test_the_cli_refuses(
    attack: Attack, target: tuple[str, str, GraphStore], files: dict[str, Path]
) -> None:
    location = target[1]
    args = [sys.executable, "-m", "jvgraph", "query", text_of(attack, files), "--store", location]
    if "timeout_s" in attack.limits:
        args += ["--timeout", str(attack.limits["timeout_s"])]
    if "max_bytes" in attack.limits:
        args += ["--max-bytes", str(attack.limits["max_bytes"])]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "JVGRAPH_"))}
    done = subprocess.run(args, capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 65, done.stderr
    assert done.stdout == ""
    assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr
    assert __import__("re").search(attack.message, done.stderr), done.stderr
    assert SECRET not in done.stderr


@pytest.mark.parametrize(("cypher", "params", "rows"), ALLOWED)
def test_what_only_looks_dangerous_runs(
    cypher: str, params: dict[str, Any], rows: list[list[Any]], api: httpx.Client
) -> None:
    response = api.post("/api/query", json={"cypher": cypher, "params": params})
    assert response.status_code == 200, response.text
    assert response.json()["rows"] == rows


def test_catalogue_procedures_run(target: tuple[str, str, GraphStore]) -> None:
    kind, _, store = target
    if kind == "embedded":
        names = {r[0] for r in store.query("CALL show_tables() RETURN name").rows}
    else:
        names = {r[0] for r in store.query("CALL db.labels() YIELD label RETURN label").rows}
    assert {"Vendor", "PortfolioCompany"} <= names


def test_a_tiny_time_limit_is_a_wrong_parameter(
    target: tuple[str, str, GraphStore], api: httpx.Client
) -> None:
    response = api.post("/api/query", json={"cypher": "RETURN 1", "timeout_s": 0.0001})
    assert response.status_code == 422 and response.json()["error"] == "bad_parameter"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "jvgraph",
            "query",
            "RETURN 1",
            "--timeout",
            "0.0001",
            "--store",
            target[1],
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 64
    assert done.stderr == (
        "error: a query's time limit must be at least 0.01 s and at most 86400 s, not 0.0001 s\n"
    )


def test_a_slow_query_does_not_hold_up_other_users(
    target: tuple[str, str, GraphStore], api: httpx.Client
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    slow = {
        "cypher": "UNWIND range(1, 3000) AS a UNWIND range(1, 3000) AS b "
        "UNWIND range(1, 1000) AS c RETURN sum(a * b * c)",
        "timeout_s": 8,
    }
    api.post("/api/query", json={"cypher": "RETURN 1"})  # a worker is warm
    with ThreadPoolExecutor(1) as pool:
        stuck = pool.submit(api.post, "/api/query", json=slow)
        time.sleep(0.5)
        quick = api.post("/api/query", json={"cypher": "MATCH (v:Vendor) RETURN count(v)"})
        assert quick.status_code == 200 and quick.json()["rows"] == [[2]]
        # the quick query was answered while the slow one still ran: it waited on no lock
        assert not stuck.done(), "the slow query ended before the quick one was answered"
        assert stuck.result().status_code == 408


def test_a_crashed_worker_fails_one_query_and_the_server_goes_on(
    target: tuple[str, str, GraphStore], api: httpx.Client
) -> None:
    import signal
    from concurrent.futures import ThreadPoolExecutor

    store = target[2]
    slow = "UNWIND range(1, 3000) AS a UNWIND range(1, 3000) AS b UNWIND range(1, 1000) AS c RETURN sum(a * b * c)"
    with ThreadPoolExecutor(1) as pool:
        running = pool.submit(api.post, "/api/query", json={"cypher": slow, "timeout_s": 8})
        pids: list[int] = []
        deadline = time.monotonic() + 8
        while not pids and time.monotonic() < deadline:
            time.sleep(0.2)
            pids = store._pool.pids()["busy"]  # type: ignore[attr-defined]
        assert pids, "no worker was busy with the slow query"
        for pid in pids:
            os.kill(pid, signal.SIGSEGV)
        crashed = running.result()
    assert crashed.status_code == 400, crashed.text
    assert "SIGSEGV" in crashed.json()["message"]
    after = api.post("/api/query", json={"cypher": "MATCH (v:Vendor) RETURN count(v)"})
    assert after.status_code == 200 and after.json()["rows"] == [[2]]


def test_the_cli_answers_json_within_its_limits(target: tuple[str, str, GraphStore]) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "jvgraph",
            "query",
            "MATCH (v:Vendor) RETURN v.id AS id ORDER BY id",
            "--store",
            target[1],
            "--json",
            "--max-rows",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "columns": ["id"],
        "rows": [{"id": "v-a"}],
        "truncated": True,
    }


def test_limits_reach_the_store(target: tuple[str, str, GraphStore]) -> None:
    result = target[2].query("UNWIND range(1, 10) AS x RETURN x", limits=Limits(max_bytes=12))
    assert result.rows == [[1], [2], [3]] and result.truncated  # 4 bytes each: "[1]" and a newline
