"""The report as a document for a case file: a cover block, running headers and page
numbers, a table of contents with page numbers in the PDF, numbered tables and figures with
their source lines, unique HTML ids; printed from headless Chromium with every section, and
served by the API as HTML and PDF."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from jvgraph.api import create_app
from jvgraph.cli import cli
from jvgraph.explore import load_dataset
from jvgraph.store import open_store
from tests.browser import browser_page
from tests.server import serving

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
COVER = ["--title", "AI JVs & customer access", "--author", "J. Doe", "--case", "M.12345"]
SECTIONS = [
    "1. Summary",
    "2. Data and provenance",
    "3. Market definition",
    "4. Customer access per market",
    "5. Contested companies and the paths to them",
    "6. Company-level concentration and common ownership",
    "7. Profit weights among competitors (κ)",
    "8. Reach and overlap",
    "9. Scenarios",
    "10. The JV network",
    "11. Methodology",
    "12. References",
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("doc") / "r.db")
    with open_store(path) as store:
        load_dataset(store, Path(__file__).parent / "data" / "tiny")
    return path


@pytest.fixture(scope="module")
def out(db: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("doc-out") / "report"
    result = CliRunner().invoke(cli, ["report", "--store", db, "--out", str(folder), *COVER])
    assert result.exit_code == 0, result.output
    return folder


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids += [v for k, v in attrs if k == "id" and v is not None]


def _text(pdf: Path) -> list[str]:
    """The text of each page (pdftotext, layout kept)."""
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext is missing: apt-get install poppler-utils")
    done = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout.split("\f")[:-1]


def test_html_ids_are_unique_and_the_contents_are_numbered_once(out: Path) -> None:
    page = (out / "report.html").read_text(encoding="utf-8")
    parser = _Ids()
    parser.feed(page)
    assert len(parser.ids) == len(set(parser.ids)), sorted(
        i for i in parser.ids if parser.ids.count(i) > 1
    )
    assert "network" in parser.ids and "network-view" in parser.ids
    assert "<ol>" not in page.split("<nav>", 1)[1].split("</nav>", 1)[0]  # "1. 1. Summary" no more


def test_the_cover_block_names_the_document(out: Path) -> None:
    doc = json.loads((out / "report.json").read_text(encoding="utf-8"))
    meta = doc["document"]
    assert (meta["title"], meta["author"], meta["case"]) == (
        "AI JVs & customer access",
        "J. Doe",
        "M.12345",
    )
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", meta["generated"])
    page = (out / "report.html").read_text(encoding="utf-8")
    cover = page.split('<header class="cover">', 1)[1].split("</header>", 1)[0]
    for text in ("AI JVs &amp; customer access", "J. Doe", "M.12345", meta["generated"],
                 doc["provenance"]["dataset_sha256"], doc["provenance"]["jvgraph_version"]):  # fmt: skip
        assert text in cover, text
    md = (out / "report.md").read_text(encoding="utf-8")
    assert md.startswith("# AI JVs & customer access\n") and "- Case: M.12345" in md


def test_tables_and_figures_are_numbered_with_a_source(out: Path) -> None:
    page = (out / "report.html").read_text(encoding="utf-8")
    captions = re.findall(r"<figcaption>(Table|Figure) (\d+)\. ([^<]+)</figcaption>", page)
    tables = [int(n) for kind, n, _ in captions if kind == "Table"]
    figures = [int(n) for kind, n, _ in captions if kind == "Figure"]
    assert tables == list(range(1, len(tables) + 1)) and len(tables) >= 10
    assert figures == list(range(1, len(figures) + 1)) and len(figures) >= 3
    assert all(text.strip() for _, _, text in captions)
    blocks = re.findall(r'<figure class="(?:table|chart)".*?</figure>', page, re.S)
    assert len(blocks) == len(captions)
    assert all('<p class="source">Source: ' in b for b in blocks)
    assert page.count("<table>") == len(tables)  # no table without a caption


def test_the_pdf_has_a_cover_contents_with_pages_headers_and_page_numbers(out: Path) -> None:
    pdf = out / "report.pdf"
    if not pdf.exists():
        pytest.skip("no PDF engine: pip install 'jvgraph[pdf]' (WeasyPrint)")
    pages = _text(pdf)
    n = len(pages)
    assert n >= 3
    for i, page in enumerate(pages, start=1):
        assert f"Page {i} of {n}" in page, i
        if i > 1:  # the running header: the title and the case
            first = next(line for line in page.splitlines() if line.strip())
            assert "AI JVs & customer access" in first and "M.12345" in first, first
    cover = pages[0]
    for text in ("Author", "J. Doe", "Case", "Dataset SHA-256", "Generated", "Contents"):
        assert text in cover, text
    listed = {}
    for title in SECTIONS:
        found = re.search(rf"{re.escape(title)} ?\.*\s+(\d+)\s*$", cover, re.M)
        assert found, title
        listed[title] = int(found.group(1))
    for title, number in listed.items():  # each entry points at the page the section is on
        assert re.search(rf"^\s*{re.escape(title)}\s*$", pages[number - 1], re.M), title
    _png(pdf, "report-document")


def _png(pdf: Path, name: str) -> None:
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm is missing: apt-get install poppler-utils")
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(ARTIFACTS / name)], check=True)
    assert sorted(ARTIFACTS.glob(f"{name}-*.png"))


def test_the_browser_prints_every_section_with_page_numbers(out: Path, tmp_path: Path) -> None:
    printed = tmp_path / "printed.pdf"
    with browser_page(None, block_network=True) as (pg, watch):
        pg.goto((out / "report.html").as_uri())
        pg.wait_for_selector("#network-view canvas", timeout=20_000)
        pg.pdf(path=str(printed), format="A4", print_background=True)
        assert watch.errors == [] and watch.outside == []
    pages = _text(printed)
    text = "\n".join(pages)
    for title in SECTIONS:
        assert title in text, title
    assert f"Page 1 of {len(pages)}" in pages[0] and f"Page 2 of {len(pages)}" in pages[1]
    assert "M.12345" in pages[1]
    _png(printed, "report-chromium-print")


@pytest.fixture
def site(db: str) -> Iterator[str]:
    with open_store(db, read_only=True) as store, serving(create_app(store)) as url:
        yield url


def test_the_api_serves_the_document(site: str) -> None:
    params = {"title": "Memo", "author": "J. Doe", "case": "M.12345"}
    page = httpx.get(site + "/api/report", params=params, timeout=120)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "sandbox" in page.headers["content-security-policy"]
    assert "<h1>Memo</h1>" in page.text and "M.12345" in page.text
    pdf = httpx.get(site + "/api/report", params={**params, "format": "pdf"}, timeout=120)
    if pdf.status_code == 422:
        pytest.skip("no PDF engine on this server")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    bad = httpx.get(site + "/api/report", params={"as_of": "someday"})
    assert bad.status_code == 422 and "as_of" in bad.json()["message"]


class _Words(HTMLParser):
    """The text a reader sees: not scripts, styles or the charts' SVG code."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hidden += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def test_the_report_on_the_bundled_graph_speaks_in_names(tmp_path: Path) -> None:
    from jvgraph.config import bundled_dataset
    from jvgraph.report import report_html

    with open_store(str(tmp_path / "jv.db")) as store:
        load_dataset(store, bundled_dataset("jv-2026"))
        page = report_html(store)
        data = store.export()
    words = _Words()
    words.feed(page)
    text = " ".join(words.parts)
    named = [
        node_id
        for table in ("vendors", "asset_managers", "joint_ventures", "companies")
        for node_id, name in zip(
            data.tables[table].column("id").to_pylist(),
            data.tables[table].column("name").to_pylist(),
            strict=True,
        )
        if name
    ]
    assert len(named) > 500
    shown = [i for i in named if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)]
    assert shown == []
    assert "Anthropic and OpenAI merge" in text
