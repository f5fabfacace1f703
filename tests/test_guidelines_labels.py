"""No Merger Guidelines label on anything computed over the vendors in the graph.

A label ("highly concentrated", a presumption) may sit only on the company-level
horizontal measures and on a vendor market that vendor_shares.csv supplies. This scans
every output for label words: the metrics, what-if and explain JSON, the CLI's text,
the API over HTTP, the explorer's page in Chromium and the report, on the tiny dataset
with and without the two market files (with them, labels do appear, in their places).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from jvgraph.api import create_app
from jvgraph.cli import cli
from jvgraph.explore import explain, load_dataset, metrics, what_if
from jvgraph.load import read_dataset
from jvgraph.report.charts import charts
from jvgraph.report.content import build_content
from jvgraph.report.sections import sections
from jvgraph.store import GraphStore
from tests.browser import browser_page
from tests.server import serving

#: words that label a market's concentration or presume harm
LABEL = re.compile(r"concentrated|presum|safe harbour", re.I)
#: a text that carries one must say what it labels: the company level or the vendor market
SUBJECT = re.compile(
    r"company HHI|company-level|company level|vendor-market|vendor market|vendors' shares|vendor_shares\.csv",
    re.I,
)
#: JSON keys that carry labels, and the only places they may be
LABEL_KEY = re.compile(r"guidelines|classification|label|presum", re.I)
ALLOWED = (
    ("concentration", "*", "guidelines_2023"),
    ("vendor_market", "*", "guidelines_2023"),
    ("markets", "*", "merger"),  # what-if: the vendor market's §2.1 arithmetic
    ("guidelines_2023",),  # explain company-hhi / vendor-hhi
    ("guidelines",),  # the report's thresholds
    ("company_concentration_table", "*"),
    ("scenarios", "*"),  # the report's scenarios: the vendor market's presumption
)
MARKETS = b"market,total_revenue_usd,source\nLogistics,1000,test\nHealthcare,200,test\n"
SHARES = b"market,vendor,share,source\nLogistics,v-a,0.5,test\nLogistics,v-b,0.4,test\n"


def allowed(path: tuple[str, ...]) -> bool:
    return any(
        len(path) >= len(rule) and all(r in ("*", p) for r, p in zip(rule, path, strict=False))
        for rule in ALLOWED
    )


def json_problems(doc: Any, path: tuple[str, ...] = ()) -> list[str]:
    """Label keys outside their places, and label words in text that names no subject."""
    found = []
    if isinstance(doc, dict):
        for key, value in doc.items():
            here = (*path, str(key))
            if LABEL_KEY.search(str(key)) and not allowed(here):
                found.append(".".join(here))
            found += json_problems(value, here)
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            found += json_problems(value, (*path, str(i)))
    elif (
        isinstance(doc, str) and LABEL.search(doc) and not allowed(path) and not SUBJECT.search(doc)
    ):
        found.append(f"{'.'.join(path)}: {doc}")
    return found


def text_problems(text: str) -> list[str]:
    """Blocks of CLI text (between blank lines) with a label word must open naming a subject."""
    problems = []
    for block in re.split(r"\n\s*\n", text):
        if LABEL.search(block) and not SUBJECT.search(block.splitlines()[0]):
            problems.append(block)
    return problems


@pytest.fixture(params=["graph only", "with market files"])
def dataset(request: pytest.FixtureRequest, edited: Any) -> Path:
    if request.param == "graph only":
        return Path(edited())
    return Path(edited(markets=MARKETS, vendor_shares=SHARES))


@pytest.fixture
def loaded(store: GraphStore, dataset: Path) -> GraphStore:
    load_dataset(store, dataset)
    return store


def test_the_json_documents(loaded: GraphStore) -> None:
    docs = [metrics(loaded)]
    docs += [what_if(loaded, s) for s in ("merge:v-a,v-b", "add-partner:jv-a,m-2")]
    docs += [explain(loaded, t, ("Logistics",)) for t in ("access", "company-hhi", "mhhi")]
    docs.append(explain(loaded, "foreclosure", ("v-a", "Logistics")))
    for doc in docs:
        assert json_problems(doc) == []
    assert any("guidelines_2023" in c for c in docs[0]["concentration"].values())


def test_the_cli_text(loaded: GraphStore, dataset: Path) -> None:
    runner, store = CliRunner(), ["--store", loaded.location]
    loaded.close()  # the CLI opens the store itself
    outputs = [
        runner.invoke(cli, [*args, *store]).output
        for args in (
            ["metrics"],
            ["whatif", "merge:v-a,v-b"],
            ["explain", "company-hhi", "Logistics"],
            ["explain", "mhhi", "Logistics"],
        )
    ]
    for text in outputs:
        assert text_problems(text) == []
    if (dataset / "markets.csv").exists():
        assert "highly concentrated" in outputs[0]  # Healthcare's company HHI: 2 listed of 200
        assert "2023 presumption: yes" in outputs[1]  # 2 · .5 · .4 · 10,000 = 4,000 > 100


def test_the_report(dataset: Path) -> None:
    doc = build_content(read_dataset(dataset), as_of=None, market="sector", scenarios=[])
    assert json_problems({k: v for k, v in doc.items() if k != "methodology"}) == []
    for section in sections(doc):
        for block in section.blocks:
            if block.kind == "table":
                labelled = any(LABEL.search(c) for row in block.rows for c in row)
                assert not labelled or SUBJECT.search(" ".join(block.headers)), block.headers
            for text in [block.text, *block.items]:
                assert not LABEL.search(text) or SUBJECT.search(text), text
    for name, svg in charts(doc).items():
        assert not LABEL.search(svg), name


@pytest.fixture
def site(loaded: GraphStore) -> Iterator[str]:
    with serving(create_app(loaded)) as url:
        yield url


def test_the_api_and_the_explorer_page(site: str) -> None:
    for path, params in (
        ("/api/metrics", {}),
        ("/api/whatif", {"scenario": "merge:v-a,v-b"}),
        ("/api/explain/company-hhi", {"ids": "Logistics"}),
    ):
        assert json_problems(httpx.get(site + path, params=params, timeout=30).json()) == []
    with browser_page("127.0.0.1") as (pg, watch):
        pg.goto(site + "/")
        pg.wait_for_selector("body[data-ready=true]", timeout=30_000)
        pg.fill("#whatif-a", "v-a")
        pg.fill("#whatif-b", "v-b")
        pg.click("#whatif-form button")
        pg.wait_for_selector("#whatif-table td")
        tables = pg.eval_on_selector_all(
            "#panels table",
            "ts => ts.map(t => [...t.querySelectorAll('tr')].map(tr => tr.innerText))",
        )
        for rows in tables:
            labelled = any(LABEL.search(row) for row in rows[1:])
            assert not labelled or SUBJECT.search(rows[0]), rows[0]
        notes = pg.eval_on_selector_all("#panels p, #panels h2", "ps => ps.map(p => p.innerText)")
        for text in notes:
            assert not LABEL.search(text) or SUBJECT.search(text), text
        assert watch.errors == []
