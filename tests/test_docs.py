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
