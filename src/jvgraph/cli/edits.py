"""Commands that change the store: ``load`` (a whole dataset, or ``--upsert`` of some of
its rows), ``delete`` (listed rows), and ``validate`` (the checks a load makes)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import click

from jvgraph.cli import _open, _print_counts, _Progress, json_option, store_option
from jvgraph.errors import UsageError

__all__ = ["delete", "load", "validate"]


@click.command()
@click.argument("dataset", type=click.Path(path_type=Path))
@click.option("--replace", is_flag=True, help="Empty the store first (in the same transaction).")
@click.option(
    "--upsert",
    is_flag=True,
    help="DATASET holds only some files: add its new rows and replace the stored rows with "
    "the same ids or keys (holdings by owner, company and since; JV partners by JV and manager).",
)
@store_option
@json_option
def load(dataset: Path, replace: bool, upsert: bool, store: str | None, as_json: bool) -> None:
    """Load DATASET (a folder of CSV files or one JSON file) into the store, all or nothing.

    A row whose id (or, for relationships, key) is stored replaces the stored one, so
    loading a dataset twice changes nothing. With --upsert the dataset may hold any of the
    files; its references may name nodes already stored.

    \b
    Example:
        jvgraph load graph/jv-2026 --store jvgraph.db
        jvgraph load changes/ --upsert --store jvgraph.db
    """
    from jvgraph.explore import load_dataset

    if replace and upsert:
        raise UsageError("--replace empties the store and --upsert edits it: give one of them")
    with _open(store) as opened:
        progress = _Progress()
        started = time.monotonic()
        counts = load_dataset(opened, dataset, replace=replace, partial=upsert, progress=progress)
        progress.finish()
    _report_edit("loaded", dataset, opened.location, counts, time.monotonic() - started, as_json)


@click.command()
@click.argument("dataset", type=click.Path(path_type=Path))
@store_option
@json_option
def delete(dataset: Path, store: str | None, as_json: bool) -> None:
    """Delete the rows DATASET lists from the store, all or nothing.

    DATASET holds any of the contract's files with at least each row's key: id for nodes,
    jv_id and manager_id for JV partners, owner_id, company_id and since (where the
    holding has one) for holdings. Every listed row must be stored, and a node goes only
    with every relationship that names it (list those too).

    \b
    Example:
        jvgraph delete removed/ --store jvgraph.db
    """
    from jvgraph.explore import delete_rows

    with _open(store) as opened:
        progress = _Progress()
        started = time.monotonic()
        counts = delete_rows(opened, dataset, progress=progress)
        progress.finish()
    _report_edit("deleted the rows of", dataset, opened.location, counts,
                 time.monotonic() - started, as_json)  # fmt: skip


def _report_edit(
    did: str, dataset: Path, location: str, counts: dict[str, int], seconds: float, as_json: bool
) -> None:
    if as_json:
        click.echo(json.dumps({"store": location, "counts": counts, "seconds": seconds}))
        return
    click.echo(f"{did} {dataset} {'from' if did.startswith('deleted') else 'into'} "
               f"{location} in {seconds:.1f} s")  # fmt: skip
    _print_counts(counts)


@click.command()
@click.argument("dataset", type=click.Path(path_type=Path))
@json_option
def validate(dataset: Path, as_json: bool) -> None:
    """Check DATASET against the data contract without loading it.

    \b
    Example:
        jvgraph validate graph/jv-2026
    """
    from jvgraph.explore import validate_dataset

    counts = validate_dataset(dataset).counts()
    if as_json:
        click.echo(json.dumps({"dataset": str(dataset), "valid": True, "rows": counts}))
        return
    click.echo(f"{dataset}: valid ({sum(counts.values())} rows)")
    for name, rows in counts.items():
        click.echo(f"  {name:<16} {rows:>10,}")
