"""The report: golden numbers, HTML/Markdown/JSON agreement, offline, rendered, bad requests."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from click.testing import CliRunner

from jvgraph.cli import cli
from jvgraph.explore import load_dataset
from jvgraph.load import read_dataset
from jvgraph.model import TABLES, Dataset
from jvgraph.report.content import _dataset_hash, _provenance
from jvgraph.store import open_store
from tests.browser import browser_page, screenshot


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("report")
    db = str(tmp / "r.db")
    with open_store(db) as store:
        load_dataset(store, Path(__file__).parent / "data" / "tiny")
    result = CliRunner().invoke(cli, ["report", "--store", db, "--out", str(tmp / "out")])
    assert result.exit_code == 0, result.output
    return tmp / "out"


def doc(report: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((report / "report.json").read_text(encoding="utf-8"))
    return data


def test_golden_numbers(report: Path) -> None:
    d = doc(report)
    # Logistics: c-1 (100) reached by v-a and v-b, c-2 (300) by v-b only, c-5 (40) by neither
    log = d["access"]["Logistics"]
    assert log["vendors"]["v-b"]["foreclosure_share"] == pytest.approx(400 / 440)  # 90.9%
    assert log["vendors"]["v-b"]["exclusive_share"] == pytest.approx(300 / 440)  # 68.2%
    assert log["vendors"]["v-a"]["foreclosure_share"] == pytest.approx(100 / 440)  # 22.7%
    co = d["common_ownership"]["Logistics"]
    s1, s2, s5 = 100 / 440, 300 / 440, 40 / 440
    assert co["company_hhi"] == pytest.approx(10_000 * (s1**2 + s2**2 + s5**2))  # 5,247.9
    assert co["delta_mhhi"] == pytest.approx(
        10_000 * (s1 * s2 * 0.15 / 0.45 + s2 * s1 * 0.15 / 0.25)
    )  # 1,446.3
    merger = d["scenarios"][0]
    assert merger["scenario"] == "merge:v-a,v-b"
    row = next(r for r in merger["markets"] if r["market"] == "Logistics")
    # the merged Vendor A reaches c-1 and c-2; no vendor shares: no ΔHHI, no presumption
    assert row["foreclosure_share"]["v-a"]["after"] == pytest.approx(400 / 440)
    assert (row["delta_hhi"], row["presumed"]) == (None, None)
    assert "vendor_shares.csv" in row["needs"]
    assert d["provenance"]["counts"]["HOLDS"] == 6
    assert d["provenance"]["sources"] == [{"source": "test", "rows": 21}]
    for name in ("report.html", "report.md"):
        text = (report / name).read_text(encoding="utf-8")
        for shown in ("90.9% (68.2%)", "22.7% → 90.9%", "1,446.3", "5,247.9", "6,694.2"):
            assert shown in text, (name, shown)


def test_the_summary_says_what_the_data_can_and_cannot_support(report: Path) -> None:
    summary = " ".join(doc(report)["summary"])
    assert "Vendor B's JV partners hold companies with 90.9% of the revenue of Logistics" in summary
    assert "potential access through ownership" in summary
    assert "shares are of the companies that happen to be in the data" in summary
    assert "no vendor-market HHI and no 2023 structural presumption" in summary
    assert "highly concentrated" not in summary


class _Text(HTMLParser):
    """The visible text of a page, without scripts, styles and SVG charts."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("script", "style", "svg"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "svg"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _json_numbers(value: Any) -> list[float]:
    if isinstance(value, bool):
        return []
    if isinstance(value, (int, float)):
        return [float(value)]
    if isinstance(value, dict):
        return [n for v in value.values() for n in _json_numbers(v)]
    if isinstance(value, list):
        return [n for v in value for n in _json_numbers(v)]
    if isinstance(value, str):
        return [float(x.replace(",", "")) for x in re.findall(r"\d[\d,]*\.?\d*", value)]
    return []


def numbers_not_in_the_json(report: Path) -> list[str]:
    """The numbers report.html prints (as rounded) that no number of report.json gives."""
    parser = _Text()
    parser.feed((report / "report.html").read_text(encoding="utf-8"))
    text = " ".join(parser.parts)
    text = re.sub(r"\b[0-9a-f]{64}\b", "", text)  # the dataset hash is in the JSON as text
    text = re.sub(r"\b(Table|Figure) \d+\. ", "", text)  # the numbers of tables and figures
    text = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "", text)  # generated at (JSON text)
    numbers = _json_numbers(doc(report))
    printed = re.findall(r"(\d[\d,]*(?:\.\d+)?)(%?)", text)
    assert printed
    missing = []
    for number, percent in printed:
        value = float(number.replace(",", ""))
        decimals = len(number.split(".")[1]) if "." in number else 0
        candidates = [n * 100 for n in numbers] if percent else numbers
        if not any(round(c, decimals) == value for c in candidates):
            missing.append(number + percent)
    return missing


def test_every_number_in_the_html_is_in_the_json(report: Path) -> None:
    assert numbers_not_in_the_json(report) == []


def _references(page: str) -> list[str]:
    found = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", page)
    found += re.findall(r"""url\(\s*["']?([^"')]+)""", page)
    found += re.findall(r"""@import\s+["']([^"']+)""", page)
    return [f for f in found if not f.startswith(("#", "data:"))]


def test_the_html_references_nothing_outside(report: Path) -> None:
    page = (report / "report.html").read_text(encoding="utf-8")
    assert _references(page) == []
    with browser_page(None, block_network=True) as (pg, watch):
        pg.goto((report / "report.html").as_uri())
        pg.wait_for_selector("#network-view canvas", timeout=20_000)
        assert list(pg.eval_on_selector_all("nav a", "l => l.map(a => a.hash)")) == [
            "#summary",
            "#provenance",
            "#market-definition",
            "#access",
            "#contested",
            "#common-ownership",
            "#profit-weights",
            "#reach",
            "#scenarios",
            "#network",
            "#methodology",
            "#references",
        ]
        screenshot(pg, "report-html.png")
        pg.emulate_media(media="print")
        screenshot(pg, "report-html-print.png")
        assert watch.errors == [] and watch.outside == []


def test_the_pdf_renders(report: Path) -> None:
    if not (report / "report.pdf").exists():
        pytest.skip("no PDF engine: pip install 'jvgraph[pdf]' (WeasyPrint)")
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm is missing: apt-get install poppler-utils")
    out = Path(__file__).resolve().parents[1] / "test-artifacts"
    out.mkdir(exist_ok=True)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "2",
            str(report / "report.pdf"),
            str(out / "report-pdf"),
        ],
        check=True,
    )
    pages = sorted(out.glob("report-pdf-*.png"))
    assert pages and all(p.stat().st_size > 5_000 for p in pages)


def test_markdown_has_the_sections_and_chart_files(report: Path) -> None:
    md = (report / "report.md").read_text(encoding="utf-8")
    for title in ("## 1. Summary", "## 4. Customer access per market", "## 11. Methodology"):
        assert title in md
    for name in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", md):
        assert (report / name).read_text(encoding="utf-8").startswith("<svg")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--market", "planet"], "unknown market grouping 'planet'"),
        (["--as-of", "1999-01-01"], "as-of date 1999-01-01 is before all data"),
        (["--scenario", "merge:v-a,v-zz"], "no vendor with the id, name or alias 'v-zz'"),
    ],
)
def test_bad_requests_write_nothing(
    tmp_path: Path, tiny: Path, args: list[str], message: str
) -> None:
    db = str(tmp_path / "r.db")
    with open_store(db) as store:
        load_dataset(store, tiny)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["report", "--store", db, "--out", str(out), *args])
    assert result.exit_code != 0
    assert message in result.stderr and "Traceback" not in result.output
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["r.db"]


def test_the_dataset_hash_is_the_sha256_of_the_tables_ipc_streams(tiny: Path) -> None:
    data = read_dataset(tiny)
    digest = hashlib.sha256()
    for name in sorted(data.tables):
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, data.tables[name].schema) as writer:
            writer.write_table(data.tables[name])
        digest.update(name.encode() + sink.getvalue().to_pybytes())
    assert _dataset_hash(data) == digest.hexdigest()


def test_provenance_counts_sources_most_common_first(tiny: Path) -> None:
    data = read_dataset(tiny)
    tables = dict(data.tables)
    holdings = tables["holdings"]
    sources = ["b", None, "", "b", "a", "a"]  # 6 holdings; empty and missing are one group
    tables["holdings"] = holdings.set_column(
        holdings.schema.get_field_index("source"), "source", pa.array(sources, pa.string())
    )
    p = _provenance(Dataset(tables, data.extras, data.origin), None)
    assert p["rows"] == sum(data.rows(n) for n in TABLES)
    assert p["sources"] == [
        {"source": "test", "rows": p["rows"] - 6},
        {"source": "b", "rows": 2},
        {"source": "(no source given)", "rows": 2},
        {"source": "a", "rows": 2},
    ]
