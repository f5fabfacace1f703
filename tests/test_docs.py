"""Documentation that cannot drift: commands, help examples, README, exported names."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

import jvgraph
from jvgraph.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(cli.commands)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(name: str) -> None:
    command = cli.commands[name]
    with click.Context(command, info_name=name) as ctx:
        text = command.get_help(ctx)
    assert "Example:" in text
    assert f"jvgraph {name}" in text


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_in_the_readme(name: str) -> None:
    assert re.search(rf"jvgraph {name}\b", README), f"README does not show `jvgraph {name}`"


def test_the_readme_starts_with_exactly_two_setup_commands() -> None:
    first_screen = "\n".join(README.splitlines()[:40])
    blocks = re.findall(r"```(?:sh|bash|console)\n(.*?)```", first_screen, re.S)
    commands = [ln for b in blocks for ln in b.splitlines() if ln and not ln.startswith("#")]
    assert commands == [
        "python3 -m pip install . && python3 -m jvgraph demo",
        "./scripts/test",
    ]


def test_ci_runs_the_readme_test_command() -> None:
    assert "scripts/test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_public_names_are_pinned() -> None:
    assert jvgraph.__all__ == ["__version__"]
    from jvgraph import errors, model, store

    assert set(store.__all__) == {
        "Edge",
        "GraphStore",
        "Node",
        "Progress",
        "QueryResult",
        "Subgraph",
        "NEO4J_SCHEMES",
        "open_store",
    }
    assert "JvgraphError" in errors.__all__
    assert "Dataset" in model.__all__


def test_the_exception_tree_is_documented() -> None:
    from jvgraph import errors

    doc = errors.__doc__ or ""
    for name in errors.__all__:
        obj = getattr(errors, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert name in doc, f"{name} is missing from the hierarchy in errors.py"


# -- docs/metrics.md, and the names every output prints -------------------------------------

METRICS_MD = (ROOT / "docs" / "metrics.md").read_text(encoding="utf-8")


def test_every_measure_is_defined_in_metrics_md_under_its_key_and_name() -> None:
    from jvgraph.metrics.measures import MEASURES

    for key, measure in MEASURES.items():
        row = rf"\| `{re.escape(key)}` \| {re.escape(measure.name)} \|"
        assert re.search(row, METRICS_MD), f"docs/metrics.md defines no `{key}` ({measure.name})"
        section = measure.path.split(".", 1)[0]
        assert f"(`{section}`)" in METRICS_MD, section


def _leaves(value: object, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], object]]:
    if isinstance(value, dict):
        return [leaf for k, v in value.items() for leaf in _leaves(v, (*path, str(k)))]
    if isinstance(value, list):
        return [leaf for i, v in enumerate(value) for leaf in _leaves(v, (*path, str(i)))]
    return [(path, value)]


def test_the_json_example_is_what_the_metrics_compute(tmp_path: Path) -> None:
    import json

    from jvgraph.load import read_dataset
    from jvgraph.metrics.overlap import plain
    from jvgraph.metrics.suite import compute_all
    from tests.strategies import write_dataset
    from tests.test_access import GRAPH, MARKET_FILES

    block = re.search(r"```json\n(.*?)```", METRICS_MD, re.S)
    assert block
    example = json.loads(block.group(1))
    doc = plain(compute_all(read_dataset(write_dataset({**GRAPH, **MARKET_FILES}, tmp_path / "d"))))
    assert list(doc)[:5] == list(example)[:5]
    for path, shown in _leaves(example):
        got: object = doc
        for key in path:
            got = got[int(key)] if isinstance(got, list) else got[key]  # type: ignore[index]
        if isinstance(shown, float):
            assert round(float(got), 4) == shown, path  # type: ignore[arg-type]
        else:
            assert got == shown, path


def test_the_explain_topics_agree_everywhere() -> None:
    from typing import get_args

    from jvgraph.api.routers.explain import Topic
    from jvgraph.metrics.explain import TOPICS

    choice = cli.commands["explain"].params[0].type
    assert list(choice.choices) == list(TOPICS) == list(get_args(Topic))  # type: ignore[attr-defined]
    section = METRICS_MD.split("## Explain", 1)[1].split("\n## ", 1)[0]
    documented = re.findall(r"^\| `([a-z-]+)` \|", section, re.M)
    assert documented == list(TOPICS)


def test_the_cli_and_the_report_print_the_documented_names(tiny: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from jvgraph.explore import load_dataset
    from jvgraph.load import read_dataset
    from jvgraph.metrics.measures import MEASURES
    from jvgraph.report.content import build_content
    from jvgraph.report.sections import sections
    from jvgraph.store import open_store

    db = str(tmp_path / "g.db")
    with open_store(db) as store:
        load_dataset(store, tiny)
    text = CliRunner().invoke(cli, ["metrics", "--store", db]).output
    parts = sections(build_content(read_dataset(tiny), as_of=None, market="sector", scenarios=[]))
    headers = " | ".join(h for s in parts for b in s.blocks for h in b.headers)
    for key in ("foreclosure_share", "exclusive_share", "any_vendor_share", "company_hhi"):
        assert MEASURES[key].name in text, key
        assert MEASURES[key].name in headers, key
    for key in ("company_cr4", "delta_mhhi", "mhhi"):
        assert MEASURES[key].name in text and MEASURES[key].name in headers, key
    assert "of the companies in the data, not of the whole market" in text
