"""Names in, names out: ids, names and aliases resolve alike in the library, the CLI and the
API; ambiguous and unknown names are refused with the candidates; text shows names."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from jvgraph.api import create_app
from jvgraph.cli import cli
from jvgraph.config import bundled_dataset
from jvgraph.errors import AmbiguousName, UnknownName
from jvgraph.explore import load_dataset
from jvgraph.explore.names import ANY, JV, MANAGER, VENDOR, Resolver
from jvgraph.load import read_dataset
from jvgraph.store import open_store
from tests.server import serving

REAL = bundled_dataset("jv-2026")
#: ids of the real graph, which human text must not show
IDS = re.compile(r"\b(v|jv|am|pc)-[a-z0-9-]+\b")


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver(data=read_dataset(REAL))


@pytest.mark.parametrize(
    ("text", "labels", "want"),
    [
        ("v-openai", VENDOR, "v-openai"),  # an id
        ("openai", VENDOR, "v-openai"),  # a name, any case
        ("The Deployment Company", JV, "jv-deployco"),  # an alias
        ("DEPLOYCO", JV, "jv-deployco"),
        ("Bain Capital Private Equity", MANAGER, "am-bain-capital"),
        ("Bain & Company", MANAGER, "am-bain-company"),
        ("Goldman", MANAGER, "am-goldman-sachs"),
        ("Anthropic", VENDOR, "v-anthropic"),  # the vendor, not the company of that name
    ],
)
def test_ids_names_and_aliases_resolve(
    resolver: Resolver, text: str, labels: tuple[str, ...], want: str
) -> None:
    assert resolver.node(text, labels) == want


def test_a_name_two_nodes_have_is_refused_with_both(resolver: Resolver) -> None:
    with pytest.raises(AmbiguousName) as caught:
        resolver.node("Anthropic", ANY)
    assert caught.value.candidates == [
        {"id": "v-anthropic", "name": "Anthropic", "label": "Vendor"},
        {"id": "pc-anthropic", "name": "Anthropic", "label": "PortfolioCompany"},
    ]
    assert caught.value.exit_code == 64


def test_an_unknown_name_is_refused_with_the_nearest(resolver: Resolver) -> None:
    with pytest.raises(UnknownName) as caught:
        resolver.node("Brookfeld", MANAGER)
    assert caught.value.candidates[0]["id"] == "am-brookfield"
    assert caught.value.exit_code == 66
    with pytest.raises(UnknownName, match="'am-tpg' is an asset manager, not a vendor"):
        resolver.node("am-tpg", VENDOR)


def test_scenarios_and_explain_arguments_resolve(resolver: Resolver) -> None:
    assert resolver.scenario('remove-partner:"The Deployment Company","TPG"') == (
        "remove-partner:jv-deployco,am-tpg"
    )
    assert resolver.scenario("merge:anthropic, OpenAI") == "merge:v-anthropic,v-openai"
    assert resolver.scenario("add-holding:Bain Capital,Nets,0.1") == (
        "add-holding:am-bain-capital,pc-nets,0.1"
    )
    assert resolver.explain_args("foreclosure", ("OpenAI", "technology")) == (
        "v-openai",
        "TECHNOLOGY",
    )
    assert resolver.names(["v-openai", "am-tpg", "nothing"]) == {
        "v-openai": "OpenAI",
        "am-tpg": "TPG",
    }


# -- the CLI, on the real graph -----------------------------------------------------------


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("names") / "jv.db")
    with open_store(path) as store:
        load_dataset(store, REAL)
    return path


def run(db: str, *args: str) -> Any:
    return CliRunner().invoke(cli, [*args, "--store", db])


def test_explain_reach_by_name_prints_names(db: str) -> None:
    done = run(db, "explain", "reach", "OpenAI", "--as-of", "2026-05-12", "--limit", "5")
    assert done.exit_code == 0, done.stderr
    assert done.stdout.startswith("reach OpenAI: 539 companies\n")
    assert "held by Bain Capital (stake unknown; source: https://" in done.stdout
    assert not IDS.search(done.stdout)
    as_json = json.loads(run(db, "explain", "reach", "openai", "--json").stdout)
    assert as_json["args"] == ["v-openai"]


def test_whatif_remove_partner_by_name(db: str) -> None:
    done = run(
        db, "whatif", 'remove-partner:"The Deployment Company","TPG"', "--as-of", "2026-05-12"
    )
    assert done.exit_code == 0, done.stderr
    lines = done.stdout.splitlines()
    assert (
        lines[0] == "scenario remove-partner: The OpenAI Deployment Company, TPG (as of 2026-05-12)"
    )
    assert "  OpenAI                    539 →      539 (+0)" in lines
    assert (
        "TPG's portfolio is not in the data: what the change does to reach and access is unknown"
        in done.stdout
    )
    assert not IDS.search(done.stdout)
    gone = run(
        db, "whatif", "remove-partner:DeployCo,Bain Capital", "--as-of", "2026-05-12", "--json"
    )
    reach = json.loads(gone.stdout)["reach"]["v-openai"]["companies"]
    assert reach["before"] == 539 and reach["after"] == 429  # Advent's list alone


def test_cli_refuses_ambiguous_and_unknown_names(db: str, tmp_path: Path) -> None:
    both = run(db, "viz", "--focus", "Anthropic", "--out", str(tmp_path / "a.html"))
    assert both.exit_code == 64
    assert both.stderr == (
        "error: 'Anthropic' names 2 nodes: Anthropic (vendor, id v-anthropic); "
        "Anthropic (company, id pc-anthropic); give one's id\n"
    )
    none = run(db, "whatif", "remove-partner:DeployCo,Blackrock")
    assert none.exit_code == 66 and none.stderr.startswith(
        "error: no asset manager with the id, name or alias 'Blackrock'"
    )
    view = run(db, "viz", "--vendor", "anthropic", "--out", str(tmp_path / "v.html"))
    assert view.exit_code == 0, view.stderr
    assert "<title>jvgraph: the network of Anthropic</title>" in (tmp_path / "v.html").read_text()


def test_as_of_the_day_before_the_jvs_there_is_no_jv_and_no_reach(db: str) -> None:
    before = json.loads(run(db, "metrics", "--as-of", "2026-05-03", "--json").stdout)
    after = json.loads(run(db, "metrics", "--as-of", "2026-05-12", "--json").stdout)
    for v in ("v-anthropic", "v-openai"):
        assert before["reach"][v]["companies"] == 0
        assert before["coverage"]["vendors"][v]["status"] == "no joint venture"
        assert after["coverage"]["vendors"][v]["joint_ventures"]
    assert after["reach"]["v-anthropic"]["companies"] == 385
    assert after["reach"]["v-openai"]["companies"] == 539


def test_demo_prints_reach_with_coverage_and_the_goldman_overlap(tmp_path: Path) -> None:
    done = CliRunner().invoke(cli, ["demo", "--out", str(tmp_path / "d"), "--as-of", "2026-05-12"])
    assert done.exit_code == 0, done.stderr
    out = done.stdout
    assert "0 of 2,476 rows are synthetic" in out
    assert (
        "  Anthropic            at least 385 companies  in 2 sectors  (1 of 8 partners' portfolios known)"
        in out
    )
    assert "(2 of 14 partners' portfolios known; 5 more partners unnamed)" in out
    assert (
        "Goldman Sachs is a partner of Anthropic and OpenAI: its portfolio is not in the data"
        in out
    )
    assert "  Anthropic & OpenAI: 3 shared" in out  # Aimbridge, Certinia, CitiusTech
    assert "OpenAI: B Capital, BBVA, Bain & Company, Brookfield Asset Management" in out
    assert not IDS.search(out.split("wrote ")[0])
    doc = json.loads((tmp_path / "d" / "metrics.json").read_text(encoding="utf-8"))
    assert doc["coverage"]["vendors"]["v-openai"]["partners_unnamed"] == 5


# -- the API ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def api(db: str) -> Iterator[httpx.Client]:
    with (
        open_store(db, read_only=True) as store,
        serving(create_app(store)) as url,
        httpx.Client(base_url=url, timeout=60) as client,
    ):
        yield client


def test_api_takes_names_where_it_takes_ids(api: httpx.Client) -> None:
    reach = api.get("/api/explain/reach", params={"ids": "OpenAI", "limit": 1})
    assert reach.status_code == 200 and reach.json()["args"] == ["v-openai"]
    scenario = 'remove-partner:"The Deployment Company",TPG'
    whatif = api.get("/api/whatif", params={"scenario": scenario})
    assert (
        whatif.status_code == 200
        and whatif.json()["scenario"] == "remove-partner:jv-deployco,am-tpg"
    )
    assert whatif.json()["portfolio_known"] == {"am-tpg": False}
    node = api.get("/api/nodes/goldman sachs")
    assert node.status_code == 200 and node.json()["id"] == "am-goldman-sachs"
    around = api.get("/api/nodes/DeployCo/neighbourhood")
    assert around.status_code == 200 and around.json()["total"] == 16  # it, OpenAI, 14 partners
    metrics = api.get("/api/metrics", params={"as_of": "2026-05-12"}).json()
    assert metrics["coverage"]["vendors"]["v-anthropic"]["reach"]["companies"] == 385


def test_api_refuses_ambiguous_and_unknown_names_with_candidates(api: httpx.Client) -> None:
    both = api.get("/api/nodes/Anthropic")
    assert both.status_code == 422 and both.json()["error"] == "bad_parameter"
    assert [c["id"] for c in both.json()["candidates"]] == ["v-anthropic", "pc-anthropic"]
    none = api.get("/api/explain/reach", params={"ids": "Anthropc"})
    assert none.status_code == 404
    assert none.json()["candidates"] == [
        {"id": "v-anthropic", "name": "Anthropic", "label": "Vendor"}
    ]
