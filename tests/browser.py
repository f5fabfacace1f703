"""Headless Chromium (Debian's) driven by Playwright, watching for errors and outside requests."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


def chromium_path() -> str:
    path = os.environ.get("JVGRAPH_CHROMIUM") or shutil.which("chromium")
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail("chromium is missing: scripts/test installs Debian's chromium under CI")
    pytest.skip(
        "no chromium here: `apt-get install chromium` (or run ./scripts/test under CI=true)"
    )
    return ""  # pragma: no cover


@dataclass
class Watch:
    """Console errors, page errors and requests to hosts other than the allowed one."""

    allowed_host: str | None
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)

    def attach(self, page: Any) -> None:
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", self._request)

    def _request(self, request: Any) -> None:
        url = urlparse(request.url)
        if url.scheme in ("data", "blob", "about"):
            return
        if url.scheme == "file" and self.allowed_host is None:
            return
        if url.hostname != self.allowed_host:
            self.outside.append(request.url)


@contextmanager
def browser_page(
    allowed_host: str | None, *, block_network: bool = False
) -> Iterator[tuple[Any, Watch]]:
    """A fresh page; with ``block_network`` every http(s) request is aborted."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            watch = Watch(allowed_host)
            watch.attach(page)
            page.wait_for_function = _polling(page)
            if block_network:
                page.route("http*://**/*", lambda route: route.abort())
            yield page, watch
        finally:
            browser.close()


def _polling(page: Any) -> Any:
    """``page.wait_for_function(expression)`` that polls with ``page.evaluate``: Playwright
    polls a string inside the page with ``new Function``, which the server's
    Content-Security-Policy (no ``unsafe-eval``) forbids, while ``evaluate`` is not subject
    to it."""
    import time

    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    def wait(expression: str, *, timeout: float = 30_000) -> None:
        deadline = time.monotonic() + timeout / 1000
        while not page.evaluate(expression):
            if time.monotonic() > deadline:
                raise PlaywrightTimeout(f"wait_for_function: {expression!r} still false")
            time.sleep(0.05)

    return wait


def screenshot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    return path
