"""The report's method and references, and sections that adapt to the data: checked on
the bundled real JV graph, on hand-made references, and on the section plan."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from jvgraph.cli import cli
from jvgraph.report.references import LITERATURE, cite, data_references, references
from jvgraph.report.sections import Block

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def jv(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("method")
    store = str(folder / "jv.db")
    runner = CliRunner()
    loaded = runner.invoke(cli, ["load", str(ROOT / "graph" / "jv-2026"), "--store", store])
    assert loaded.exit_code == 0, loaded.output
    out = folder / "report"
    made = runner.invoke(cli, ["report", "--store", store, "--out", str(out), "--no-pdf"])
    assert made.exit_code == 0, made.output
    return out, json.loads((out / "report.json").read_text(encoding="utf-8"))


def test_data_sources_are_grouped_by_where_they_point() -> None:
    sources = [
        {"source": "https://www.beri.net/a; https://type0.ai/x (read 2026)", "rows": 3},
        {"source": "https://www.beri.net/b", "rows": 4},
        {"source": "https://github.com/JLemieux66/PE/blob/b19/pe.db (Bain's page)", "rows": 2},
        {"source": "SEC 13F via Backus-Conlon-Sinkinson (2021) replication data (MIT)", "rows": 5},
    ]
    listed = {d["origin"]: d for d in data_references(sources)["listed"]}
    assert [d["origin"] for d in data_references(sources)["listed"]] == [
        "beri.net",  # 3 + 4 rows: one site, however many pages
        "SEC 13F via Backus-Conlon-Sinkinson (2021) replication data (MIT)",
        "type0.ai",  # a row citing two sites counts for both
        "github.com/JLemieux66/PE",
    ]
    assert listed["beri.net"] == {
        "origin": "beri.net",
        "rows": 7,
        "url": "https://www.beri.net",
        "licence": "not stated by the dataset; the rows cite the facts they use",
    }
    bcs = listed["SEC 13F via Backus-Conlon-Sinkinson (2021) replication data (MIT)"]
    assert bcs["url"] == "https://github.com/chrisconlon/CommonOwnerReplication"
    assert bcs["licence"] == "MIT"
    assert listed["github.com/JLemieux66/PE"]["licence"].startswith("Apache-2.0")


def test_many_sources_are_counted_past_the_listed_ones() -> None:
    sources = [{"source": f"https://site{i:02}.example/p", "rows": 100 - i} for i in range(20)]
    refs = references(sources)
    data = [r for r in refs if r["kind"] == "data"]
    assert len(data) == 16 and data[-1]["key"] == "data:more"
    assert data[-1]["text"].startswith("Data: 5 further sources (")
    assert [r["n"] for r in refs] == list(range(1, len(refs) + 1))
    assert cite({"references": refs}, "obrien-salop-2000", "bcs-2021") == "[4, 5]"
    assert cite({"references": refs}, "no-such-key") == ""


def _text(html: str) -> str:
    """The page's text: no scripts, no drawings, no tags."""
    html = re.sub(r"<(script|svg)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_the_methodology_states_formula_meaning_limits_and_cites(
    jv: tuple[Path, dict[str, Any]],
) -> None:
    out, doc = jv
    items = doc["methodology"]
    measures = items[:-1]
    assert len(measures) == 9
    for item in measures:
        assert ": " in item and ". Meaning: " in item and ". Limits: " in item, item
    html = (out / "report.html").read_text(encoding="utf-8")
    text = _text(html)
    cited = {
        int(n) for group in re.findall(r"\[(\d+(?:, \d+)*)\]", text) for n in group.split(", ")
    }
    numbers = {r["n"] for r in doc["references"]}
    assert cited <= numbers  # every citation resolves
    literature = {r["n"] for r in doc["references"] if r["kind"] == "literature"}
    assert literature <= cited  # and every text of the literature is cited
    for r in doc["references"]:
        assert (
            f"[{r['n']}] {r['text']}".replace("&", "&amp;")
            .replace('"', "&quot;")
            .replace("'", "&#x27;")
            in html
        )
        if r["url"]:
            assert r["url"] in html
    assert [r["key"] for r in doc["references"][: len(LITERATURE)]] == [
        x["key"] for x in LITERATURE
    ]


def test_the_coverage_is_stated_next_to_the_method(jv: tuple[Path, dict[str, Any]]) -> None:
    out, doc = jv
    text = _text((out / "report.html").read_text(encoding="utf-8"))
    for vendor, c in doc["coverage"]["vendors"].items():
        line = f"{doc['vendor_names'][vendor]}: {c['summary']}."
        assert line.replace("'", "&#x27;") in text
    assert "Anthropic: 1 of 8 partners&#x27; portfolios known." in text
    origins = [r["text"] for r in doc["references"] if r["kind"] == "data"]
    # Bain's and General Atlantic's rows, and Advent's, which cite the scraping project too
    assert origins[0].startswith("Data: github.com/JLemieux66/PE (2,003 rows")


def test_sections_with_nothing_to_say_are_left_out_with_their_reason(
    jv: tuple[Path, dict[str, Any]],
) -> None:
    out, doc = jv
    left = {x["anchor"]: x["reason"] for x in doc["sections_left_out"]}
    # the real JV graph has no revenue, no stakes and no vendor shares
    assert set(left) == {"common-ownership", "profit-weights", "vendor-market"}
    assert doc["sections"] == [
        "1. Summary",
        "2. Data and provenance",
        "3. Market definition",
        "4. Customer access per market",
        "5. Contested companies and the paths to them",
        "6. Reach and overlap",
        "7. Scenarios",
        "8. The JV network",
        "9. Methodology",
        "10. References",
    ]
    html = (out / "report.html").read_text(encoding="utf-8")
    md = (out / "report.md").read_text(encoding="utf-8")
    for x in doc["sections_left_out"]:
        line = f"{x['title']}: {x['reason']}."
        assert line in md and line.replace("'", "&#x27;") in html
    for text in (html, md):
        assert "No chart" not in text
    for anchor in left:
        assert f'id="{anchor}"' not in html


def test_a_figure_with_nothing_to_draw_is_dropped() -> None:
    from jvgraph.report.outline import _drawn

    blocks = [Block("figure", text="reach"), Block("p", text="x"), Block("figure", text="gone")]
    assert [b.text for b in _drawn(blocks, {"reach": "<svg/>"})] == ["reach", "x"]
    assert _drawn(blocks, None) == blocks


def test_the_contested_companies_are_those_both_vendors_reach(
    jv: tuple[Path, dict[str, Any]],
) -> None:
    """Checked from the dataset's CSV files: the companies held by a partner of each JV."""
    import csv

    folder = ROOT / "graph" / "jv-2026"

    def rows(name: str) -> list[dict[str, str]]:
        with (folder / f"{name}.csv").open(encoding="utf-8") as f:
            return list(csv.DictReader(f))

    vendor_of = {j["id"]: j["vendor_id"] for j in rows("joint_ventures")}
    partners: dict[str, set[str]] = {}
    for p in rows("jv_partners"):
        partners.setdefault(vendor_of[p["jv_id"]], set()).add(p["manager_id"])
    held: dict[str, set[str]] = {}
    for h in rows("holdings"):
        held.setdefault(h["owner_id"], set()).add(h["company_id"])
    reach = {v: set().union(*(held.get(m, set()) for m in ms)) for v, ms in partners.items()}
    both = set.intersection(*reach.values())
    out, doc = jv
    contested = doc["contested"]
    assert contested["companies"] == len(both) > 0
    assert {c["id"] for c in contested["listed"]} == both  # fewer than ten: all listed
    names = {c["id"]: c["name"] for c in rows("companies")}
    html = (out / "report.html").read_text(encoding="utf-8")
    for c in contested["listed"]:
        assert set(c["vendors"]) == set(partners)
        for vendor, routes in c["vendors"].items():
            assert routes and all(r["partner_id"] in partners[vendor] for r in routes)
            assert all(c["id"] in held[r["partner_id"]] for r in routes)
        assert names[c["id"]].replace("&", "&amp;") in html
    assert "Advent International (stake not known)" in html
