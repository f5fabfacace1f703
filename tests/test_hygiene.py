"""Hostile input and output that turns into code elsewhere: every hostile input gets a 4xx
or a documented exit code and the server keeps answering within bounded memory; CSV cells
cannot run as formulas, JSON in HTML cannot end its script, the server answers only to its
own host names and sends security headers. Real HTTP on 127.0.0.1, real CLI processes."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from jvgraph.api import LOOPBACK_NAMES, ApiSettings, create_app
from jvgraph.api.guard import CSP
from jvgraph.explore import load_dataset
from jvgraph.safe_text import spreadsheet_cell
from jvgraph.store import GraphStore
from tests.browser import browser_page
from tests.conftest import EditFn
from tests.server import serving

MiB = 2**20


@pytest.fixture
def site(store: GraphStore, tiny: Path) -> Iterator[str]:
    load_dataset(store, tiny)
    settings = ApiSettings(allowed_hosts=(*LOOPBACK_NAMES, "jvgraph.example.org"))
    with serving(create_app(store, settings)) as url:
        yield url


def rss_mib() -> float:
    """The resident memory of this process (the test server runs in it), in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")  # pragma: no cover


def _chunks(total: int) -> Iterator[bytes]:
    for _ in range(total // MiB):
        yield b"[" * MiB


def _nested(depth: int) -> bytes:
    return b'{"cypher": "RETURN 1", "params": {"x": ' + b"[" * depth + b"]" * depth + b"}}"


#: name -> (method, path, request options, expected status, expected error code)
HOSTILE: dict[str, tuple[str, str, dict[str, Any], int, str]] = {
    "export body of 40 MiB": (
        "POST",
        "/api/export?format=csv-nodes",
        {
            "content": b"{" + b" " * (40 * MiB) + b"}",
            "headers": {"content-type": "application/json"},
        },
        413,
        "body_too_large",
    ),
    "query body of 40 MiB, streamed without a length": (
        "POST",
        "/api/query",
        {"content": _chunks(40 * MiB), "headers": {"content-type": "application/json"}},
        413,
        "body_too_large",
    ),
    "JSON nested 100,000 deep": (
        "POST",
        "/api/query",
        {"content": _nested(100_000), "headers": {"content-type": "application/json"}},
        400,
        "json_too_deep",
    ),
    "export JSON nested 66 deep": (
        "POST",
        "/api/export",
        {"content": _nested(64), "headers": {"content-type": "application/json"}},
        400,
        "json_too_deep",
    ),
    "3,000 nested parentheses": (
        "POST",
        "/api/query",
        {"json": {"cypher": "RETURN " + "(" * 3000 + "1" + ")" * 3000}},
        400,
        "query_refused",
    ),
    "20,000 terms": (
        "POST",
        "/api/query",
        {"json": {"cypher": "RETURN " + " + ".join(["1"] * 20_000)}},
        400,
        "query_refused",
    ),
    "a time limit of 0.1 ms": (
        "POST",
        "/api/query",
        {"json": {"cypher": "RETURN 1", "timeout_s": 0.0001}},
        422,
        "bad_parameter",
    ),
    "a billion rows unwound": (
        "POST",
        "/api/query",
        {"json": {"cypher": "UNWIND range(1, 1000000000) AS x RETURN x", "timeout_s": 2}},
        408,
        "query_time_limit",
    ),
    # about 24 MB of JSON, past the server's 16 MiB cap, made in well under its 10 s
    "one row of three million numbers": (
        "POST",
        "/api/query",
        {"json": {"cypher": "RETURN range(1, 3000000)"}},
        413,
        "query_too_large",
    ),
    "a rebinding host name": (
        "GET",
        "/api/stats",
        {"headers": {"host": "evil.example"}},
        400,
        "bad_host",
    ),
    "a loopback look-alike": (
        "GET",
        "/",
        {"headers": {"host": "127.0.0.1.evil.example:8000"}},
        400,
        "bad_host",
    ),
    "no host at all": ("GET", "/api/stats", {"headers": {"host": ""}}, 400, "bad_host"),
}


def test_hostile_requests_get_4xx_and_the_server_keeps_answering(site: str) -> None:
    before = rss_mib()
    for name, (method, path, options, status, code) in HOSTILE.items():
        with httpx.Client(base_url=site, timeout=60) as client:
            try:
                got = client.request(method, path, **options)
            except httpx.HTTPError as err:  # pragma: no cover - the server closed mid-body
                pytest.fail(f"{name}: no answer ({err})")
            assert got.status_code == status, (name, got.text[:200])
            assert got.json()["error"] == code, name
            assert got.json()["message"], name
            assert client.get("/api/stats").status_code == 200, f"after {name}"
    assert rss_mib() - before < 100, "the server's memory grew with the hostile bodies"


def test_bodies_under_the_limit_and_allowed_hosts_still_work(site: str) -> None:
    node = {"id": "c-1", "label": "PortfolioCompany", "name": "Alpha", "properties": {}}
    body = {"nodes": [node] * 20_000, "edges": []}  # about 1.5 MiB
    got = httpx.post(site + "/api/export?format=json", json=body, timeout=60)
    assert got.status_code == 200, got.text[:200]
    port = site.rsplit(":", 1)[1]
    for host in (f"localhost:{port}", f"[::1]:{port}", "jvgraph.example.org", "LOCALHOST"):
        got = httpx.get(site + "/api/stats", headers={"host": host})
        assert got.status_code == 200, host


def test_security_headers(site: str) -> None:
    page = httpx.get(site + "/")
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["content-security-policy"] == CSP
    assert "frame-ancestors 'none'" in CSP and "script-src 'self';" in CSP
    api = httpx.get(site + "/api/stats")
    assert api.headers["x-content-type-options"] == "nosniff"
    refused = httpx.get(site + "/api/stats", headers={"host": "evil.example"})
    assert refused.headers["x-frame-options"] == "DENY"
    docs = httpx.get(site + "/docs")
    assert "'unsafe-inline'" in docs.headers["content-security-policy"]


def test_the_explorer_works_under_its_content_security_policy(site: str) -> None:
    with browser_page("127.0.0.1") as (pg, watch):
        pg.goto(site + "/")
        pg.wait_for_selector("body[data-ready=true]", timeout=30_000)
        pg.click("#show-jv")
        pg.wait_for_function("document.querySelectorAll('#node-table tbody tr').length >= 2")
        pg.wait_for_selector("#graph canvas")
        with pg.expect_download() as download:
            pg.click("#export-csv")
        assert Path(download.value.path()).read_text(encoding="utf-8").startswith("id,label,name")
        with pg.expect_download() as png:
            pg.click("#export-png")
        assert Path(png.value.path()).read_bytes().startswith(b"\x89PNG")
        pg.goto(site + "/docs")
        pg.wait_for_selector(".swagger-ui .info", timeout=30_000)
    assert watch.errors == []  # a CSP violation is a console error
    assert watch.outside == []


HOSTILE_NAMES = ['=HYPERLINK("http://evil","x")', "+1+1", "-2+3", "@SUM(A1)", "Plain Name"]


def test_csv_export_neutralises_formulas(site: str) -> None:
    nodes = [
        {"id": f"c-{i}", "label": "PortfolioCompany", "name": n, "properties": {"note": n}}
        for i, n in enumerate(HOSTILE_NAMES)
    ]
    edges = [{"source": "c-0", "target": "c-1", "type": "=cmd|' /C calc'!A0", "properties": {}}]
    for fmt, column in (("csv-nodes", "name"), ("csv-edges", "type")):
        got = httpx.post(f"{site}/api/export?format={fmt}", json={"nodes": nodes, "edges": edges})
        assert got.status_code == 200, got.text
        rows = list(csv.DictReader(io.StringIO(got.text)))
        for row in rows:
            assert not row[column].startswith(("=", "+", "-", "@", "\t", "\r")), row
        if fmt == "csv-nodes":
            assert [r["name"] for r in rows] == [f"'{n}" for n in HOSTILE_NAMES[:4]] + [
                "Plain Name"
            ]
            assert [r["note"] for r in rows] == [r["name"] for r in rows]
        else:
            assert rows[0]["type"] == "'=cmd|' /C calc'!A0"


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=b", "a=b"),
        ("", ""),
        (-1.5, -1.5),
        (None, None),
    ],
)
def test_spreadsheet_cell_cases(value: object, cell: object) -> None:
    assert spreadsheet_cell(value) == cell


def test_report_network_survives_html_in_names(tmp_path: Path) -> None:
    from jvgraph.report.render import _network_script

    names = ["</script><script>window.pwned=1</script>", "<!--<script>", "A & B > C"]
    doc = {
        "network": {
            "vendors": [{"id": "v", "name": names[0]}],
            "joint_ventures": [{"id": "j", "name": names[1], "vendor_id": "v"}],
            "partners": [{"manager_id": "m", "jv_id": "j"}],
            "managers": {"m": names[2]},
        }
    }
    script = _network_script(doc)
    data = script.split("const jv = ", 1)[1].split(";new vis.Network", 1)[0]
    assert not set("<>&") & set(data)
    page = tmp_path / "page.html"
    page.write_text(
        f'<!doctype html><html><body><div id="network-view" style="height:300px"></div>{script}'
        "</body></html>",
        encoding="utf-8",
    )
    with browser_page(None, block_network=True) as (pg, watch):
        pg.goto(page.as_uri())
        pg.wait_for_selector("#network-view canvas")
        labels = pg.evaluate("jv.nodes.map(n => n.label)")
        assert pg.evaluate("window.pwned") is None
    assert labels == names
    assert watch.errors == []


# -- the CLI: real processes, exit codes of the documented set, bounded memory -------------


# The child's peak memory is measured by a small Python that starts it and waits for it:
# a process started from this one (by vfork or fork) inherits the resident size the test
# process has reached in ru_maxrss, so ``wait4`` here would report the test's own peak.
_MEASURED = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.executable, [sys.executable, "-m", "jvgraph", *sys.argv[2:]])
_, status, usage = os.wait4(pid, 0)
os.write(int(sys.argv[1]), str(usage.ru_maxrss).encode())
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_cli(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> tuple[int, str, int]:
    """Exit code, stderr and peak resident memory (MiB) of ``jvgraph ARGS``."""
    read, write = os.pipe()
    with open(os.devnull, "wb") as out, _stderr_file() as err:
        proc = subprocess.Popen(
            [sys.executable, "-c", _MEASURED, str(write), *args],
            stdout=out,
            stderr=err,
            env={**os.environ, **(env or {})},
            cwd=cwd,
            pass_fds=(write,),
        )
        os.close(write)
        with os.fdopen(read, "rb") as peak_file:
            peak = peak_file.read()
        proc.wait()
        err.seek(0)
        return proc.returncode, err.read().decode("utf-8", "replace"), int(peak or 0) // 1024


def _stderr_file() -> Any:
    import tempfile

    return tempfile.TemporaryFile()


def _sparse(path: Path) -> None:
    with (path / "holdings.csv").open("r+b") as f:
        f.truncate(2 * 2**30)


FILES: dict[str, tuple[Any, str]] = {
    "a 2 GiB sparse holdings.csv": (_sparse, "holdings.csv:8: the line is over 1,048,576 bytes"),
    "a field of 200,000 bytes": (
        {"companies": {"+": "c-9," + "x" * 200_000 + ",Logistics,1,,,test"}},
        "companies.csv:7: name: the value is 200,000 bytes; the limit is 65,536",
    ),
    "a quote never closed": (
        {"companies": {"+": 'c-9,"Open\n' + ("x" * 100 + "\n") * 12_000}},
        "companies.csv:7: cannot be read as CSV: field larger than field limit",
    ),
    "a NUL byte in a name": (
        {"companies": {"+": "c-9,Evil\x00Corp,Logistics,1,,,test"}},
        "companies.csv:7: name: holds the control character U+0000 at character 5",
    ),
    "a line break in a name": (
        {"asset_managers": {"+": 'm-9,"Two\nLines",,bank,,test,'}},
        "asset_managers.csv:5: name: holds the control character U+000A at character 4",
    ),
    "an escape character in an id": (
        {"vendors": {"+": "v-\x1b[31m,Red,,US,test"}},
        "vendors.csv:4: id: holds the control character U+001B at character 3",
    ),
}


@pytest.mark.parametrize("case", list(FILES))
def test_hostile_dataset_files(case: str, edited: EditFn, tmp_path: Path) -> None:
    change, message = FILES[case]
    if callable(change):
        dataset = edited()
        change(dataset)
    else:
        dataset = edited(**change)
    code, err, peak = run_cli("validate", str(dataset))
    assert code == 65, err
    assert "Traceback" not in err
    assert message in err, err
    assert peak < 600, f"validate reached {peak} MiB"
    code, err, _ = run_cli("load", str(dataset), "--store", str(tmp_path / "s.db"))
    assert code == 65 and message in err and "Traceback" not in err


def test_hostile_json_files(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    code, err, _ = run_cli("validate", str(deep))
    assert (code, "Traceback" in err) == (65, False), err
    assert "deep.json: JSON nested 100,000 deep; the limit is 64" in err
    code, err, _ = run_cli("validate", str(deep), env={"JVGRAPH_MAX_JSON_DEPTH": "200000"})
    assert (code, "Traceback" in err) == (65, False), err
    assert "deep.json: JSON nested too deeply to read" in err
    register = tmp_path / "psc.txt"
    line = {"company_number": "01234567", "data": {"kind": "x", "deep": []}}
    text = json.dumps(line).replace("[]", "[" * 100_000 + "]" * 100_000)
    register.write_text(text + "\n")
    code, err, _ = run_cli("import", "uk-psc", str(register), str(tmp_path / "out"))
    assert (code, "Traceback" in err) == (65, False), err
    assert "psc.txt:1: JSON nested 100,002 deep; the limit is 64" in err


def test_limits_from_the_environment(edited: EditFn) -> None:
    dataset = edited()
    code, err, _ = run_cli("validate", str(dataset), env={"JVGRAPH_MAX_FILE_MB": "0"})
    assert code == 64 and "JVGRAPH_MAX_FILE_MB must be a whole number" in err, err
    code, err, _ = run_cli("validate", str(dataset), env={"JVGRAPH_MAX_FIELD_KB": "1"})
    assert code == 0, err
    wide = edited(companies={"+": "c-9," + "y" * 2000 + ",Logistics,1,,,test"})
    code, err, _ = run_cli("validate", str(wide), env={"JVGRAPH_MAX_FIELD_KB": "1"})
    assert code == 65 and "companies.csv:7: name: the value is 2,000 bytes" in err, err


QUERIES = {
    "3,000 nested parentheses": ("RETURN " + "(" * 3000 + "1" + ")" * 3000, 65, "nested more"),
    "an escape character": ("RETURN 'a\x1bb'", 65, "refused"),
    "a time limit of 0.1 ms": ("RETURN 1", 64, "at least 0.01 s"),
}


@pytest.mark.parametrize("case", list(QUERIES))
def test_hostile_cli_queries(case: str, tiny: Path, tmp_path: Path) -> None:
    cypher, expected, message = QUERIES[case]
    db = str(tmp_path / "q.db")
    assert run_cli("load", str(tiny), "--store", db)[0] == 0
    timeout = ["--timeout", "0.0001"] if "time limit" in case else ["--timeout", "5"]
    code, err, _ = run_cli("query", "--store", db, *timeout, cypher)
    assert (code, "Traceback" in err) == (expected, False), err
    assert message in err, err
    assert run_cli("stats", "--store", db)[0] == 0  # the store still opens


def test_serve_warns_on_an_insecure_non_loopback_bind(tmp_path: Path) -> None:
    serve = ("serve", "--port", "1", "--store", "nowhere.db")  # no store: exits at once
    code, err, _ = run_cli(*serve, "--host", "0.0.0.0", "--insecure-no-auth", cwd=tmp_path)
    assert code == 69 and "warning: listening on 0.0.0.0 without access tokens" in err, err
    code, err, _ = run_cli(*serve, "--host", "127.0.0.1", cwd=tmp_path)
    assert code == 69 and "warning" not in err, err


def test_review_lists_are_neutralised_and_datasets_are_not(tmp_path: Path, edited: EditFn) -> None:
    import pandas as pd

    from jvgraph.importers.write import write_review

    frame = pd.DataFrame({"name": ["@Entertainment", "Plain"], "count": [-1, 2]})
    write_review(frame, tmp_path / "homonyms.csv")
    assert (tmp_path / "homonyms.csv").read_text() == ("name,count\n'@Entertainment,-1\nPlain,2\n")
    # a dataset's own text is read back as written: a name starting with '-' stays
    dataset = edited(companies={"+": "c-9,-Minus Corp,Logistics,1,,,test"})
    code, err, _ = run_cli("load", str(dataset), "--store", str(tmp_path / "s.db"))
    assert code == 0, err
    found = subprocess.run(
        [sys.executable, "-m", "jvgraph", "query", "--store", str(tmp_path / "s.db"), "--json",
         "MATCH (c:PortfolioCompany {id: 'c-9'}) RETURN c.name AS name"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "-Minus Corp" in found.stdout and "'-Minus" not in found.stdout


def test_viz_page_survives_html_in_names(tmp_path: Path) -> None:
    from jvgraph.viz.html import write_html

    names = ["</script><script>window.pwned=1</script>", "<!--<script>", "A & B > C"]
    doc = {
        "nodes": [
            {"id": f"n{i}", "label": "Vendor", "name": n, "properties": {"name": n}}
            for i, n in enumerate(names)
        ],
        "edges": [{"source": "n0", "target": "n1", "type": "<b>HOLDS</b>", "properties": {}}],
    }
    page = write_html(doc, tmp_path / "viz.html", title=names[1], vendors={"n0": names[0]})
    with browser_page(None, block_network=True) as (pg, watch):
        pg.goto(page.as_uri())
        pg.wait_for_function(
            "typeof network !== 'undefined' && network.body.data.nodes.length === 3"
        )
        labels = pg.evaluate("network.body.data.nodes.get().map(n => n.label)")
        assert pg.evaluate("window.pwned") is None
        assert pg.title() == names[1]
    assert labels == names
    assert watch.errors == []


@pytest.mark.parametrize("chunk", [7, 16, 1000])
def test_line_limit_across_chunks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    from jvgraph.config import InputLimits
    from jvgraph.load import bounds

    monkeypatch.setattr(bounds, "CHUNK", chunk)
    limits = InputLimits(max_field_bytes=2)  # lines of at most 32 bytes
    file = tmp_path / "f.csv"
    lines = ["a" * 32, "b" * 10, "c" * 32, "d" * 33, "e"]
    file.write_text("\n".join(lines) + "\n")
    assert [(p.line, p.column) for p in bounds.file_problems(file, limits)] == [(4, None)]
    file.write_text("\n".join(lines[:3]) + "\n" + "f" * 33)  # the last line, unterminated
    assert [p.line for p in bounds.file_problems(file, limits)] == [4]
    file.write_text("\n".join(lines[:3]))
    assert bounds.file_problems(file, limits) == []
