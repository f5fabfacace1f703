"""``jvgraph path FROM TO``: how one node reaches another, hop by hop."""

from __future__ import annotations

import json
from typing import Any

import click

from jvgraph.cli import _open, json_option, store_option

__all__ = ["path"]


@click.command()
@click.argument("source", metavar="FROM")
@click.argument("target", metavar="TO")
@click.option(
    "--max-hops",
    type=click.IntRange(1, 8),
    default=6,
    show_default=True,
    help="The most hops a path may have.",
)
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True,
              help="Paths to show, shortest first.")  # fmt: skip
@store_option
@json_option
def path(
    source: str, target: str, max_hops: int, limit: int, store: str | None, as_json: bool
) -> None:
    """Every path from FROM to TO (ids, names or aliases), shortest first: each hop with its
    relationship, stake and source, and the effective stake of the path's holding chain.

    \b
    Example:
        jvgraph path OpenAI "Delta Air Lines"
        jvgraph path "Bain Capital" "Anthropic" --max-hops 4 --json
    """
    from jvgraph.explore.index import GraphIndex
    from jvgraph.explore.names import Resolver
    from jvgraph.explore.paths import paths

    with _open(store, read_only=True) as opened:
        names = Resolver(opened)
        ends = names.node(source), names.node(target)
        doc = paths(GraphIndex.of(opened), *ends, max_hops=max_hops, limit=limit)
    if as_json:
        click.echo(json.dumps(doc))
    else:
        print_paths(doc)


def _stake(value: Any) -> str:
    return "" if value is None else f" {float(value):.2%}"


def print_paths(doc: dict[str, Any]) -> None:
    """The paths in names: ``A —FORMED→ B ←PARTNER_IN— C —HOLDS 12.00%→ D``."""
    a, b = doc["from"]["name"], doc["to"]["name"]
    if not doc["paths"]:
        click.echo(f"no path from {a} to {b} in {doc['max_hops']} hops or fewer")
        return
    more = "" if not doc["truncated"] else f" (the first {len(doc['paths'])}; --limit shows more)"
    click.echo(f"paths from {a} to {b}, shortest first{more}")
    for p in doc["paths"]:
        line = p["nodes"][0]["name"]
        for hop, node in zip(p["hops"], p["nodes"][1:], strict=True):
            label = hop["type"] + (_stake(hop.get("stake")) if hop["type"] == "HOLDS" else "")
            line += f" —{label}→ " if hop["forward"] else f" ←{label}— "
            line += node["name"]
        effective = p["effective_stake"]
        tail = f"  (effective stake{_stake(effective)})" if effective is not None else ""
        click.echo(f"  {p['length']} hops: {line}{tail}")
    if doc["stopped"]:
        click.echo("  the search stopped before it saw every path: lower --max-hops")
