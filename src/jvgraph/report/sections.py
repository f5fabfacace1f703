"""The report's nine sections as blocks (paragraphs, tables, figures) that the HTML and
Markdown renderers print the same way."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jvgraph.metrics.guidelines import GUIDELINES_2010, GUIDELINES_2023

__all__ = ["Block", "Section", "hhi", "pct", "sections"]


@dataclass
class Block:
    kind: str  # "p", "list", "table", "figure", "network"
    text: str = ""
    items: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Section:
    anchor: str
    title: str
    blocks: list[Block]


def hhi(value: float | None) -> str:
    return "—" if value is None else f"{value:,.1f}"


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def usd(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def _p(text: str) -> Block:
    return Block("p", text=text)


def _summary(doc: dict[str, Any]) -> list[Block]:
    return [Block("list", items=doc["summary"])]


def _provenance(doc: dict[str, Any]) -> list[Block]:
    p = doc["provenance"]
    counts = Block(
        "table",
        headers=["node or relationship", "rows"],
        rows=[[k, f"{v:,}"] for k, v in p["counts"].items()],
    )
    sources = Block(
        "table",
        headers=["source", "rows"],
        rows=[[s["source"], f"{s['rows']:,}"] for s in p["sources"]],
    )
    return [
        _p(
            f"As of: {p['as_of'] or 'all dates (every row counts)'}. Rows: {p['rows']:,}, of "
            f"which {p['synthetic_rows']:,} ({pct(p['synthetic_share'])}) are synthetic."
        ),
        counts,
        sources,
        _p(
            f"Dataset SHA-256: {p['dataset_sha256']}. jvgraph version {p['jvgraph_version']}. "
            "Rerunning jvgraph report with the same data, version and options reproduces "
            "every number."
        ),
    ]


def _market_definition(doc: dict[str, Any]) -> list[Block]:
    md = doc["market_definition"]
    rows = [
        [
            r["sector"],
            hhi(r["hhi"]),
            hhi(r["hhi_min_within_country"]),
            hhi(r["hhi_max_within_country"]),
            f"{r['country_markets']:,}",
        ]
        for r in md["sector_sensitivity"]
    ]
    counts = [
        [g, f"{len(v):,}", f"{sum(1 for h in v.values() if h is not None and h > 1800):,}"]
        for g, v in md["hhi"].items()
    ]
    return [
        _p(
            f"Markets are defined by the company column '{md['grouping']}'. The tables show how "
            "the HHI changes when markets are drawn by sector, by country, or by sector within "
            "each country."
        ),
        Block(
            "table",
            headers=["grouping", "markets", "highly concentrated (HHI > 1,800)"],
            rows=counts,
        ),
        Block(
            "table",
            headers=[
                "sector",
                "HHI (sector)",
                "lowest HHI within a country",
                "highest HHI within a country",
                "country markets",
            ],
            rows=rows,
        ),
    ]


def _concentration(doc: dict[str, Any]) -> list[Block]:
    rows = []
    for r in doc["concentration_table"]:
        shares = ", ".join(f"{v} {pct(s)}" for v, s in sorted(r["shares"].items()))
        fore = ", ".join(f"{v} {pct(s)}" for v, s in sorted(r["foreclosure"].items()))
        rows.append(
            [
                r["market"],
                hhi(r["hhi"]),
                pct(r["cr4"]),
                shares or "—",
                fore or "—",
                pct(r["foreclosure_any"]),
                r["label_2023"] or "not reached",
                r["label_2010"] or "—",
            ]
        )
    return [
        _p(
            f"Labels follow the {GUIDELINES_2023}: an HHI above 1,800 is highly concentrated. "
            f"The {GUIDELINES_2010} labels (below 1,500 unconcentrated, 1,500–2,500 moderately, "
            "above 2,500 highly concentrated) are shown for comparison. Sorted by HHI."
        ),
        Block(
            "table",
            headers=[
                "market",
                "HHI",
                "CR4",
                "vendor shares",
                "foreclosure",
                "foreclosure (any vendor)",
                "2023 label",
                "2010 label",
            ],
            rows=rows,
        ),
        Block("figure", text="hhi"),
    ]


def _common_ownership(doc: dict[str, Any]) -> list[Block]:
    rows = []
    for market, c in sorted(doc["common_ownership"].items()):
        owners = ", ".join(
            f"{o['owner']} {hhi(o['contribution'])}"
            for o in doc["common_ownership_owners"].get(market, [])[:3]
        )
        rows.append([market, hhi(c["hhi"]), hhi(c["delta_mhhi"]), hhi(c["mhhi"]), owners or "—"])
    return [
        _p(
            "Companies compete in their market with revenue shares; owners' stakes are their "
            "cash-flow and (proportional) control rights. ΔMHHI is the part of the modified HHI "
            "due to owners holding several competitors; the owners listed contribute most."
        ),
        Block(
            "table",
            headers=["market", "HHI", "ΔMHHI", "MHHI", "owners contributing most"],
            rows=rows,
        ),
        *_profit_weights(doc),
    ]


def _profit_weights(doc: dict[str, Any]) -> list[Block]:
    from jvgraph.report.profit_weights import profit_weights_rows

    weights = doc["profit_weights"]
    return [
        _p(
            "Profit weights κ (O'Brien & Salop): κ(f → g) = Σᵢ βᵢf βᵢg / Σᵢ βᵢf², the weight "
            "firm f's owners, through their stakes, put on firm g's profit relative to f's own "
            f"({weights['control']} control; 1 means as much as its own). Given for markets "
            f"whose stakes are all known and that have at most {weights['max_firms']:,} held "
            "firms; medians and "
            "means run over every ordered pair of the market's held firms. Owners are listed "
            "with their part of the mean κ."
        ),
        Block(
            "table",
            headers=["market", "firms", "median κ", "mean κ", "largest κ", "owners adding most"],
            rows=profit_weights_rows(weights),
        ),
    ]


def _reach(doc: dict[str, Any]) -> list[Block]:
    reach = [
        [v, f"{r['companies']:,}", usd(r["revenue_usd"]), f"{len(r['by_sector']):,}"]
        for v, r in doc["reach"].items()
    ]
    gate = [
        [v, m, f"{x['companies']:,}", usd(x["revenue_usd"])]
        for v, ms in doc["gatekeepers"].items()
        for m, x in ms.items()
    ]
    overlap = [
        [
            p["a"],
            p["b"],
            f"{p['shared']:,}",
            f"{p['jaccard']:.3f}",
            f"{p['overlap_coefficient']:.3f}",
        ]
        for p in doc["overlap"]["vendors"]
    ]
    return [
        Block(
            "table",
            headers=["vendor", "companies reached", "revenue reached (USD)", "sectors"],
            rows=reach,
        ),
        Block("figure", text="reach"),
        Block(
            "table",
            headers=["vendor", "vendor", "shared", "Jaccard", "overlap coefficient"],
            rows=overlap,
        ),
        Block("figure", text="vendor_overlap"),
        Block("figure", text="manager_overlap"),
        _p(
            "Gatekeepers: what each vendor would lose without one partner (companies only that "
            "partner holds among the vendor's partners)."
        ),
        Block(
            "table",
            headers=["vendor", "partner", "companies lost", "revenue lost (USD)"],
            rows=gate,
        ),
    ]


def _scenarios(doc: dict[str, Any]) -> list[Block]:
    blocks = []
    for s in doc["scenarios"]:
        rows = [
            [
                r["market"],
                hhi(r["hhi_before"]),
                hhi(r["hhi_after"]),
                hhi(r["delta_hhi"]),
                r["label_before"] or "not reached",
                r["label_after"] or "not reached",
                "yes" if r["presumption"] else "no",
            ]
            for r in s["markets"]
        ]
        blocks += [
            _p(f"Scenario {s['scenario']}."),
            Block(
                "table",
                headers=[
                    "market",
                    "HHI before",
                    "HHI after",
                    "ΔHHI",
                    "label before",
                    "label after",
                    "2023 presumption",
                ],
                rows=rows,
            ),
        ]
    blocks.append(
        _p(
            "For a merger, ΔHHI is the guidelines' 2·s_A·s_B·10,000 on pre-merger "
            "shares and the HHI after is the HHI before plus ΔHHI."
        )
    )
    return blocks


def _methodology(doc: dict[str, Any]) -> list[Block]:
    return [
        Block(
            "list",
            items=[
                "As-of rule: a holding counts when since <= as_of < until (empty ends are open); a JV "
                "counts when announced <= as_of (or empty) and it has not ended. Without a date every "
                "row counts.",
                "Reach of a vendor: the companies held by any asset manager that is a partner in a JV "
                "the vendor formed.",
                "Attribution rule: in each market, a company reached by n vendors attributes revenue/n "
                "to each; a vendor's share is its attributed revenue over the market's total "
                "attributed revenue. HHI = 10,000 · Σ share²; CR4 = sum of the four largest shares.",
                "Foreclosure: revenue of the market's companies in a vendor's reach over the market's "
                "total revenue; '_any' counts companies reached by any vendor.",
                "Common ownership: s_j = revenue(j)/revenue(market); β_ij = owner i's stake in j; "
                "ΔMHHI = 10,000 · Σ_j Σ_{k≠j} s_j s_k (Σ_i β_ij β_ik)/(Σ_i β_ij²); MHHI = HHI + ΔMHHI.",
                "Overlap: shared = |A∩B|, Jaccard = |A∩B|/|A∪B|, overlap coefficient = "
                "|A∩B|/min(|A|,|B|).",
                f"Classification: {GUIDELINES_2023}; {GUIDELINES_2010} for comparison.",
                "Limits of the data: rows marked source=synthetic are generated and illustrative; "
                "stakes and revenues are as given in the dataset; markets are the dataset's sector "
                "(or other) labels, not product markets defined by a demand-substitution test.",
            ],
        )
    ]


def sections(doc: dict[str, Any]) -> list[Section]:
    return [
        Section("summary", "1. Summary", _summary(doc)),
        Section("provenance", "2. Data and provenance", _provenance(doc)),
        Section("market-definition", "3. Market definition", _market_definition(doc)),
        Section("concentration", "4. Concentration per market", _concentration(doc)),
        Section("common-ownership", "5. Common ownership", _common_ownership(doc)),
        Section("reach", "6. Reach and overlap", _reach(doc)),
        Section("scenarios", "7. Scenarios", _scenarios(doc)),
        Section(
            "network", "8. The JV network", [Block("figure", text="network"), Block("network")]
        ),
        Section("methodology", "9. Methodology", _methodology(doc)),
    ]
