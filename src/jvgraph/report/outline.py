"""Which sections a report has on its data, in which order and with which numbers.

Each section's builder gives its blocks, or the reason it has nothing to say on this
data (no vendor reaches a company, no firm has a revenue, ...). Sections with nothing to
say are left out, numbered past, and listed with their reasons at the end of the
summary; figures whose chart has nothing to draw are dropped from their section.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jvgraph.report import sections as s
from jvgraph.report.methodology import coverage_blocks, methodology_items, references_blocks
from jvgraph.report.ownership_sections import profit_weights_section
from jvgraph.report.sections import Block, Section

__all__ = ["outline"]

Builder = Callable[[dict[str, Any]], "list[Block] | str"]


def _reaches(doc: dict[str, Any]) -> str | None:
    """Why no vendor reaches a company, or ``None`` when one does."""
    if not doc["reach"]:
        return "the data has no AI vendor with a joint venture"
    if not any(r["companies"] for r in doc["reach"].values()):
        when = f" as of {doc['as_of']}" if doc["as_of"] else ""
        return f"no vendor reaches any company{when}"
    return None


def _needs_reach(build: Builder) -> Builder:
    def checked(doc: dict[str, Any]) -> list[Block] | str:
        return _reaches(doc) or build(doc)

    return checked


def _contested(doc: dict[str, Any]) -> list[Block] | str:
    from jvgraph.report.contested import contested_rows

    c = doc["contested"]
    if not c["companies"]:
        return "no company is reached by two vendors or more"
    return [
        Block(
            "p",
            text=f"{c['companies']:,} companies are reached by two vendors or more (the contested "
            f"share's companies). The {len(c['listed']):,} largest by revenue (then by how many "
            "vendors reach them) are listed with every route to them: the vendor's JV, the "
            "partner holding the company and its stake (jvgraph path FROM TO gives every path, "
            "also through held companies).",
        ),
        Block(
            "table",
            caption="The largest contested companies and how each vendor reaches them",
            headers=["company", "market", "revenue (USD)", "vendor", "JV ← partner (stake)"],
            rows=contested_rows(c, doc["vendor_names"]),
        ),
    ]


def _vendor_market(doc: dict[str, Any]) -> list[Block] | str:
    if not doc["reach"]:
        return "the data has no AI vendor"
    if not doc["vendor_market"]:
        return (
            "the data give no AI vendor's share of any market (vendor_shares.csv), and an HHI "
            "over the vendors in the graph would measure only how many it holds"
        )
    return s.vendor_market_blocks(doc)


def _scenarios(doc: dict[str, Any]) -> list[Block] | str:
    return (
        s.scenarios_blocks(doc)
        if doc["scenarios"]
        else "no scenario applies to data without vendors"
    )


def _network(doc: dict[str, Any]) -> list[Block] | str:
    if not doc["network"]["joint_ventures"]:
        return "the data has no joint venture"
    return [
        Block("figure", text="network", caption="The JV network: vendors, JVs, partners"),
        Block("network"),
    ]


def _methodology(doc: dict[str, Any]) -> list[Block]:
    return [Block("list", items=methodology_items(doc)), *coverage_blocks(doc)]


#: (anchor, title, builder) of every section, in order
PLAN: list[tuple[str, str, Builder]] = [
    ("provenance", "Data and provenance", s.provenance_blocks),
    ("market-definition", "Market definition", _needs_reach(s.market_definition_blocks)),
    ("access", "Customer access per market", _needs_reach(s.access_blocks)),
    ("contested", "Contested companies and the paths to them", _needs_reach(_contested)),
    (
        "common-ownership",
        "Company-level concentration and common ownership",
        s.common_ownership_blocks,
    ),
    ("profit-weights", "Profit weights among competitors (κ)", profit_weights_section),
    ("vendor-market", "The vendor market", _vendor_market),
    ("reach", "Reach and overlap", s.reach_blocks),
    ("scenarios", "Scenarios", _scenarios),
    ("network", "The JV network", _network),
    ("methodology", "Methodology", _methodology),
    ("references", "References", references_blocks),
]


def _drawn(blocks: list[Block], charts: dict[str, str] | None) -> list[Block]:
    if charts is None:
        return blocks
    return [b for b in blocks if b.kind != "figure" or b.text in charts]


def outline(
    doc: dict[str, Any], charts: dict[str, str] | None = None
) -> tuple[list[Section], list[dict[str, str]]]:
    """(the report's sections, numbered; the sections left out, each with its reason)."""
    kept: list[tuple[str, str, list[Block]]] = []
    left: list[dict[str, str]] = []
    for anchor, title, build in PLAN:
        made = build(doc)
        if isinstance(made, str):
            left.append({"anchor": anchor, "title": title, "reason": made})
        else:
            kept.append((anchor, title, _drawn(made, charts)))
    summary = [Block("list", items=doc["summary"])]
    if left:
        summary += [
            Block("p", text="Left out of this report, with nothing to say on this data:"),
            Block("list", items=[f"{x['title']}: {x['reason']}." for x in left]),
        ]
    parts = [Section("summary", "1. Summary", summary)] + [
        Section(anchor, f"{i}. {title}", blocks)
        for i, (anchor, title, blocks) in enumerate(kept, 2)
    ]
    return parts, left
