"""Access control for a shared server: with tokens configured every route and the page
need one, a read token cannot use the admin routes, tokens are kept hashed, the sign-in
page sets a cookie the explorer's requests carry, and ``jvgraph serve`` refuses a
non-loopback address without tokens. Real HTTP on 127.0.0.1, real CLI processes, the page
in Chromium."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from jvgraph.api import ApiSettings, create_app
from jvgraph.api.tokens import hash_token, load_tokens, new_token, parse_tokens
from jvgraph.errors import UsageError
from jvgraph.explore import load_dataset
from jvgraph.store import GraphStore
from tests.browser import browser_page
from tests.server import serving


@dataclass(frozen=True)
class Site:
    url: str
    read: str
    admin: str
    app: Any


@pytest.fixture
def site(store: GraphStore, tiny: Path) -> Iterator[Site]:
    load_dataset(store, tiny)
    read, admin = new_token(), new_token()
    text = f"read alice {hash_token(read)}\nadmin ops {hash_token(admin)}  # the data team\n"
    settings = ApiSettings(tokens=parse_tokens(text, origin="tokens.txt"))
    app = create_app(store, settings)
    with serving(app) as url:
        yield Site(url, read, admin, app)


def _routes(app: Any) -> list[tuple[str, str]]:
    """(method, path) of every route: the API's from its OpenAPI document (path parameters
    filled in), and the pages and documents outside it."""
    found = [("GET", "/"), ("GET", "/docs"), ("GET", "/redoc"), ("GET", "/openapi.json")]
    for path, operations in app.openapi()["paths"].items():
        for method in operations:
            found.append((method.upper(), re.sub(r"\{[^}]+\}", "x", path)))
    return found


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_every_route_needs_a_token(site: Site) -> None:
    routes = _routes(site.app)
    assert ("GET", "/api/stats") in routes and ("POST", "/api/query") in routes
    assert ("GET", "/") in routes and ("GET", "/openapi.json") in routes
    checked = admins = 0
    with httpx.Client(base_url=site.url, follow_redirects=False) as http:
        for method, path in routes:
            bare = http.request(method, path)
            wrong = http.request(method, path, headers=_bearer(new_token()))
            if method == "GET" and path in ("/", "/docs", "/redoc"):
                assert bare.status_code == 303, path  # a page leads to the sign-in page
                assert bare.headers["location"] == f"/login?next={path}"
            else:
                assert bare.status_code == 401, (method, path, bare.text)
                assert bare.json()["error"] == "unauthorised"
                assert bare.headers["www-authenticate"] == 'Bearer realm="jvgraph"'
                assert wrong.status_code == 401, (method, path)
                assert wrong.json()["error"] == "invalid_token"
            read = http.request(method, path, headers=_bearer(site.read))
            admin = http.request(method, path, headers=_bearer(site.admin))
            assert admin.status_code not in (401, 403), (method, path, admin.text)
            if path.startswith("/api/admin/"):
                assert read.status_code == 403, (method, path)
                admins += 1
            else:
                assert read.status_code not in (401, 403), (method, path, read.text)
            checked += 1
    assert checked >= 15 and admins == 2


def test_a_read_token_cannot_use_admin_routes(site: Site) -> None:
    with httpx.Client(base_url=site.url) as http:
        read = http.post("/api/admin/upsert", headers=_bearer(site.read))
        assert read.status_code == 403
        assert "alice" in read.json()["message"] and "admin" in read.json()["message"]
        admin = http.post("/api/admin/upsert", headers=_bearer(site.admin))
        assert admin.status_code not in (401, 403)
        assert http.get("/api/stats", headers=_bearer(site.admin)).status_code == 200
        session = http.get("/api/session", headers=_bearer(site.read)).json()
        assert session == {"auth": True, "name": "alice", "role": "read"}


def test_the_sign_in_page_sets_a_cookie_the_api_accepts(site: Site) -> None:
    with httpx.Client(base_url=site.url, follow_redirects=False) as http:
        assert http.get("/login").status_code == 200
        assert http.get("/static/app.css").status_code == 200  # code and styles are open
        refused = http.post("/login", data={"token": new_token(), "next": "/"})
        assert refused.status_code == 401 and "not one this server accepts" in refused.text
        assert "set-cookie" not in refused.headers
        signed = http.post("/login", data={"token": site.read, "next": "/?as_of=2026-06-01"})
        assert signed.status_code == 303 and signed.headers["location"] == "/?as_of=2026-06-01"
        cookie = signed.headers["set-cookie"].lower()
        for part in ("jvgraph_token=", "httponly", "samesite=lax", "path=/", "max-age=43200"):
            assert part in cookie
        assert "secure" not in cookie  # plain HTTP on loopback
        assert http.get("/api/stats").status_code == 200  # the client keeps the cookie
        out = http.post("/logout")
        assert out.status_code == 303 and out.headers["location"] == "/login"
        assert http.get("/api/stats").status_code == 401


def test_sign_in_never_leads_to_another_site(site: Site) -> None:
    with httpx.Client(base_url=site.url, follow_redirects=False) as http:
        for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
            r = http.post("/login", data={"token": site.read, "next": target})
            assert r.headers["location"] == "/", target
        page = http.get("/login", params={"next": '"><script>alert(1)</script>'})
        assert "<script>alert" not in page.text


def test_cors_is_off(site: Site) -> None:
    origin = {"Origin": "https://elsewhere.example"}
    with httpx.Client(base_url=site.url) as http:
        pre = http.options("/api/stats", headers={**origin, "Access-Control-Request-Method": "GET"})
        got = http.get("/api/stats", headers={**origin, **_bearer(site.read)})
    assert got.status_code == 200
    for response in (pre, got):
        assert not any(k.lower().startswith("access-control-") for k in response.headers)


def test_openapi_declares_the_bearer_scheme(site: Site, store: GraphStore) -> None:
    with httpx.Client(base_url=site.url) as http:
        doc = http.get("/openapi.json", headers=_bearer(site.read)).json()
    assert doc["components"]["securitySchemes"]["accessToken"]["scheme"] == "bearer"
    assert doc["security"] == [{"accessToken": []}]
    with serving(create_app(store)) as url:  # a server without tokens declares none
        open_doc = httpx.get(url + "/openapi.json").json()
        assert "security" not in open_doc
        assert httpx.get(url + "/api/session").json() == {
            "auth": False,
            "name": None,
            "role": None,
        }


def test_token_lines_are_checked_with_their_place() -> None:
    token = new_token()
    cases = {
        f"reader alice {hash_token(token)}": "t.txt:1: role: 'reader' is not one of read, admin",
        f"read alice {token}": "t.txt:1: hash: this looks like a token itself",
        "read alice sha256:abc": "t.txt:1: hash: expected sha256: and 64 lowercase hex",
        f"# team\n\nread {hash_token(token)}": "t.txt:3: expected 'ROLE NAME sha256:HEX'",
        f"read a {hash_token(token)}; admin a {hash_token(new_token())}": "t.txt:2: name: 'a'",
        f"read b/c {hash_token(token)}": "t.txt:1: name: 'b/c' must be",
    }
    for text, message in cases.items():
        with pytest.raises(UsageError) as err:
            parse_tokens(text, origin="t.txt")
        assert str(err.value).startswith(message), (text, str(err.value))


def test_tokens_come_from_a_file_and_the_environment(tmp_path: Path) -> None:
    read, admin = new_token(), new_token()
    file = tmp_path / "tokens.txt"
    file.write_text(f"read alice {hash_token(read)}\n")
    env = {"JVGRAPH_TOKENS_FILE": str(file), "JVGRAPH_TOKENS": f"admin ops {hash_token(admin)}"}
    tokens = load_tokens(None, env)
    assert [(e.holder.name, e.holder.role) for e in tokens.entries] == [
        ("alice", "read"),
        ("ops", "admin"),
    ]
    assert tokens.check(read) is not None and tokens.check(admin) is not None
    assert tokens.check(read[:-1]) is None and tokens.check("x" * 10_000) is None
    assert not load_tokens(None, {})
    with pytest.raises(UsageError, match="cannot read the token file"):
        load_tokens(str(tmp_path / "missing.txt"), {})


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jvgraph", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def test_token_new_keeps_only_the_hash(tmp_path: Path) -> None:
    file = tmp_path / "tokens.txt"
    made = _cli("token", "new", "alice", "--role", "read", "--file", str(file))
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip()
    assert token.startswith("jvg_") and len(token) == 47
    assert token not in file.read_text() and hash_token(token) in file.read_text()
    assert file.stat().st_mode & 0o777 == 0o600
    assert load_tokens(str(file), {}).check(token) is not None
    again = _cli("token", "new", "alice", "--file", str(file))
    assert again.returncode == 64 and "'alice' already has a token" in again.stderr
    listed = _cli("token", "list", "--file", str(file))
    assert listed.stdout.split() == ["read", "alice"] and token not in listed.stdout


def test_serve_refuses_an_open_bind_without_tokens(tmp_path: Path) -> None:
    # refused before anything listens: no socket is opened on a non-loopback address
    done = _cli("serve", "--host", "0.0.0.0", "--store", str(tmp_path / "g.db"))
    assert done.returncode == 64
    assert "refusing to listen on 0.0.0.0 without access tokens" in done.stderr
    assert "Traceback" not in done.stderr
    bad = _cli("serve", "--store", str(tmp_path / "g.db"), env={"JVGRAPH_TOKENS": "read x y"})
    assert bad.returncode == 64 and "JVGRAPH_TOKENS:1: hash:" in bad.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def test_jvgraph_serve_with_tokens_over_http(tmp_path: Path, tiny: Path) -> None:
    db = str(tmp_path / "g.db")
    assert _cli("load", str(tiny), "--store", db).returncode == 0
    token = new_token()
    port = _free_port()
    env = {**os.environ, "JVGRAPH_TOKENS": f"read alice {hash_token(token)}"}
    args = [sys.executable, "-m", "jvgraph", "serve", "--port", str(port), "--store", db]
    server = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                first = httpx.get(url + "/api/stats")
                break
            except httpx.TransportError:
                assert server.poll() is None and time.monotonic() < deadline
                time.sleep(0.2)
        assert first.status_code == 401
        assert httpx.get(url + "/api/stats", headers=_bearer(token)).status_code == 200
    finally:
        server.terminate()
        out, _ = server.communicate(timeout=30)
    assert b"1 access token(s) from JVGRAPH_TOKENS" in out


def test_the_page_signs_in_and_out_in_chromium(site: Site) -> None:
    with browser_page("127.0.0.1") as (pg, watch):
        pg.goto(site.url + "/")
        pg.wait_for_selector("input#token")
        assert pg.url.startswith(site.url + "/login?next=")
        pg.fill("input#token", new_token())
        pg.click("button[type=submit]")
        pg.wait_for_selector("p.warn[role=alert]")
        pg.fill("input#token", site.read)
        pg.click("button[type=submit]")
        pg.wait_for_selector("body[data-ready=true]", timeout=30_000)
        assert pg.inner_text("#session-name") == "alice (read)"
        pg.click("#show-jv")
        pg.wait_for_function("document.querySelectorAll('#node-table tbody tr').length >= 2")
        pg.click("#session button[type=submit]")
        pg.wait_for_selector("input#token")
        pg.goto(site.url + "/docs")
        pg.wait_for_selector("input#token")  # signed out: the docs lead to sign-in too
    # the refused sign-in answers 401, which Chromium reports as a console error
    assert [e for e in watch.errors if "401" not in e] == []
    assert watch.outside == []
