"""The jvgraph command, run in-process and as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from jvgraph.cli import cli
from jvgraph.load import read_dataset


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_load_stats_and_query_in_json(tmp_path: Path, tiny: Path) -> None:
    db = str(tmp_path / "g.db")
    code, out, _ = run("load", str(tiny), "--store", db, "--json")
    assert code == 0
    assert json.loads(out)["counts"]["HOLDS"] == 6
    code, out, _ = run("stats", "--store", db, "--json")
    stats = json.loads(out)
    assert stats["counts"]["PortfolioCompany"] == 5
    assert [v["companies_held_by_partners"] for v in stats["vendors"]] == [2, 3]
    code, out, _ = run(
        "query",
        "MATCH (c:PortfolioCompany {sector: $s}) RETURN c.id AS id ORDER BY id",
        "--param",
        "s=Healthcare",
        "--store",
        db,
        "--json",
    )
    assert code == 0
    assert json.loads(out)["rows"] == [{"id": "c-3"}, {"id": "c-4"}]


def test_the_store_comes_from_the_environment(
    tmp_path: Path, tiny: Path, monkeypatch: object
) -> None:
    db = str(tmp_path / "env.db")
    monkeypatch.setenv("JVGRAPH_STORE", db)  # type: ignore[attr-defined]
    assert run("load", str(tiny))[0] == 0
    assert Path(db).exists()


def test_query_refuses_writes_with_one_line(tmp_path: Path, tiny: Path) -> None:
    db = str(tmp_path / "g.db")
    run("load", str(tiny), "--store", db)
    code, _, err = run("query", "MATCH (n) DETACH DELETE n", "--store", db)
    assert code == 65
    assert len(err.splitlines()) == 1
    assert err.startswith("error: refused: queries are read-only")


def test_usage_errors_have_their_own_exit_codes(tmp_path: Path, tiny: Path) -> None:
    db = str(tmp_path / "g.db")
    run("load", str(tiny), "--store", db)
    code, _, err = run("query", "MATCH (n) RETURN n", "--param", "oops", "--store", db)
    assert (code, err) == (64, "error: --param takes KEY=VALUE, not 'oops'\n")
    code, _, err = run("stats", "--store", str(tmp_path / "none.db"))
    assert code == 69
    assert "no store at" in err
    code, _, err = run("load", str(tmp_path / "nowhere"), "--store", db)
    assert code == 65
    assert "no such dataset folder or JSON file" in err


def test_validate_checks_without_loading(tmp_path: Path, tiny: Path) -> None:
    code, out, _ = run("validate", str(tiny), "--json")
    assert code == 0
    assert json.loads(out) == {
        "dataset": str(tiny),
        "valid": True,
        "rows": {
            "vendors": 2,
            "asset_managers": 3,
            "joint_ventures": 2,
            "jv_partners": 3,
            "companies": 5,
            "holdings": 6,
            "markets": 0,
            "vendor_shares": 0,
        },
    }
    assert not list(tmp_path.iterdir())


def demo_process(cwd: Path, out: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``python -m jvgraph demo --out OUT`` in ``cwd``, as a new user would run it."""
    clean = {k: v for k, v in os.environ.items() if k != "JVGRAPH_STORE"}
    return subprocess.run(
        [sys.executable, "-m", "jvgraph", "demo", "--out", out],
        cwd=cwd,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_demo_runs_as_a_real_process(tmp_path: Path) -> None:
    done = demo_process(tmp_path, "demo")
    assert done.returncode == 0, done.stderr
    assert "Anthropic" in done.stdout
    assert "OpenAI" in done.stdout
    assert (tmp_path / "demo" / "jvgraph.db").exists()


def test_the_installed_package_runs_the_demo(tmp_path: Path) -> None:
    """`pip install .` ships the bundled data, the Cypher and the page assets."""
    root = Path(__file__).resolve().parents[1]
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--quiet",
            "-w",
            str(wheels),
            str(root),
        ],
        check=True,
        timeout=600,
    )
    target = tmp_path / "site"
    (wheel,) = wheels.glob("jvgraph-*.whl")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--quiet",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        timeout=600,
    )
    for part in (
        "bundled/jv-2026/holdings.csv",
        "cypher/schema.ladybug.cypher",
        "api/static/index.html",
        "viz/assets/vis-network.min.js",
    ):
        assert (target / "jvgraph" / part).is_file(), part
    env = {
        **{k: v for k, v in os.environ.items() if k != "JVGRAPH_STORE"},
        "PYTHONPATH": str(target),
    }
    done = subprocess.run(
        [sys.executable, "-c", "import jvgraph.config as c; print(c.__file__)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.startswith(str(target))  # the installed copy, not the checkout
    demo = demo_process(tmp_path, "d", PYTHONPATH=str(target))
    assert demo.returncode == 0, demo.stderr
    assert (tmp_path / "d" / "report" / "report.html").is_file()
    assert (tmp_path / "d" / "network.html").is_file()


def test_metrics_with_betweenness(tmp_path: Path, tiny: Path) -> None:
    db = str(tmp_path / "g.db")
    run("load", str(tiny), "--store", db)
    code, out, _ = run("metrics", "--store", db, "--betweenness", "--json")
    scores = json.loads(out)["betweenness"]
    # owner-company graph: m-1 links c-1 and c-4; m-2 links c-1 and c-2; so m-1 and m-2 lie
    # on shortest paths between other nodes, while m-3 (one company) and c-1 do not all
    assert code == 0 and set(scores) == {"m-1", "m-2", "m-3", "c-1"}
    assert scores["m-3"] == 0.0 and scores["m-1"] > 0 and scores["m-2"] > 0


def test_metrics_list_the_owner_pairs_sharing_most_and_write_all(tmp_path: Path) -> None:
    from jvgraph.metrics.suite import compute_all
    from jvgraph.synth import generate

    generate(tmp_path / "d", managers=30, companies=200, vendors=2, holdings=900, seed=3)
    db = str(tmp_path / "g.db")
    assert run("load", str(tmp_path / "d"), "--store", db)[0] == 0
    every = compute_all(read_dataset(tmp_path / "d"))["overlap"]["managers"]
    code, out, _ = run("metrics", "--store", db, "--pairs", "3", "--json")
    owners = json.loads(out)["overlap"]
    assert code == 0 and owners["managers"] == every.top(3)
    assert owners["managers_total"] == len(every) and owners["managers_truncated"] is True
    code, out, err = run("metrics", "--store", db, "--all-pairs", str(tmp_path / "p.csv"))
    assert code == 0 and f"wrote {len(every):,} owner pairs" in err
    assert len((tmp_path / "p.csv").read_text().splitlines()) == len(every) + 1
    best = every.top(1)[0]
    managers = read_dataset(tmp_path / "d").tables["asset_managers"].to_pylist()
    name = {m["id"]: m["name"] for m in managers}
    assert f"owner pairs sharing a company: {len(every):,}" in out
    assert f"{name[best['a']]} & {name[best['b']]}: {best['shared']:,} shared" in out
    code, _, err = run("metrics", "--store", db, "--all-pairs", str(tmp_path / "p.txt"))
    assert code == 64 and err.startswith("error:") and "must end in .csv or .parquet" in err


def test_a_store_in_a_missing_folder_is_one_line_not_a_traceback(
    tmp_path: Path, tiny: Path
) -> None:
    store = tmp_path / "no-such-folder" / "g.db"
    result = CliRunner().invoke(cli, ["load", str(tiny), "--store", str(store)])
    assert result.exit_code == 69, result.output
    assert result.stderr == (
        f"error: cannot create the store {store}: the folder {store.parent} does not exist\n"
    )
    assert not store.parent.exists()
