"""jvgraph viz writes one HTML file that renders with the network blocked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from jvgraph.cli import cli
from jvgraph.explore import load_dataset
from jvgraph.store import open_store
from tests.browser import browser_page, screenshot


@pytest.fixture
def db(tmp_path: Path, tiny: Path) -> str:
    path = str(tmp_path / "viz.db")
    with open_store(path) as store:
        load_dataset(store, tiny)
    return path


@pytest.mark.parametrize(
    ("args", "nodes", "edges"),
    [
        ([], 6, 5),  # vendors, JVs and partners
        (["--vendor", "v-b"], 7, 7),  # + c-1, c-2, c-4 and m-1/m-2 holdings
        (["--focus", "m-1", "--depth", "1"], 5, 4),  # m-1, jv-a, jv-b, c-1, c-4
    ],
)
def test_viz_writes_an_offline_file(
    db: str, tmp_path: Path, args: list[str], nodes: int, edges: int
) -> None:
    out = tmp_path / "view.html"
    result = CliRunner().invoke(cli, ["viz", "--store", db, "--out", str(out), "--json", *args])
    assert result.exit_code == 0, result.output
    assert f'"nodes": {nodes}' in result.stdout and f'"edges": {edges}' in result.stdout
    page = out.read_text(encoding="utf-8")
    assert not re.findall(r"<(?:script|link)[^>]+(?:src|href)=\"(?!data:)[^\"]+\"", page)


def test_viz_renders_with_the_network_blocked(db: str, tmp_path: Path) -> None:
    out = tmp_path / "vendor.html"
    CliRunner().invoke(cli, ["viz", "--store", db, "--out", str(out), "--vendor", "v-b"])
    with browser_page(None, block_network=True) as (page, watch):
        page.goto(out.as_uri())
        page.wait_for_function(
            "typeof network !== 'undefined' && network.body.data.nodes.length === 7", timeout=20_000
        )
        page.wait_for_timeout(500)
        drawn = page.evaluate(
            "() => { const c = document.querySelector('canvas');"
            " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
            " let ink = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) ink++;"
            " return ink; }"
        )
        screenshot(page, "viz-vendor.png")
        assert drawn > 1000  # pixels painted on the canvas
        assert watch.errors == [] and watch.outside == []


def test_unknown_vendor_is_a_clear_error(db: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["viz", "--store", db, "--out", str(tmp_path / "x.html"), "--vendor", "v-x"]
    )
    assert result.exit_code == 66
    assert result.stderr == "error: no vendor with the id, name or alias 'v-x'\n"
    assert not (tmp_path / "x.html").exists()


def test_viz_of_real_data_names_its_sources(tmp_path: Path) -> None:
    from jvgraph.config import bundled_dataset
    from jvgraph.importers.crunchbase import SOURCE_CRUNCHBASE

    db = str(tmp_path / "cb.db")
    with open_store(db) as store:
        load_dataset(store, bundled_dataset("crunchbase-2013"))
    out = tmp_path / "sequoia.html"
    args = ["viz", "--store", db, "--focus", "cb-inv-sequoia-capital", "--out", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert f"Sources of what is shown: {SOURCE_CRUNCHBASE}." in page  # CC-BY attribution
    assert "source=synthetic are generated" not in page  # nothing here is generated
