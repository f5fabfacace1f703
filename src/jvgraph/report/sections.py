"""The report's sections as blocks (paragraphs, tables, figures) that the HTML and
Markdown renderers print the same way.

A section with nothing to say on the data (customer access where no vendor reaches a
company, MHHI where no firm has a revenue) is left out, and the summary says which were
left out and why; the others are numbered in order."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jvgraph.metrics.guidelines import GUIDELINES_2023
from jvgraph.metrics.measures import MEASURES
from jvgraph.report.references import cite

__all__ = [
    "Block",
    "Section",
    "access_blocks",
    "common_ownership_blocks",
    "hhi",
    "market_definition_blocks",
    "pct",
    "provenance_blocks",
    "reach_blocks",
    "scenarios_blocks",
    "sections",
    "vendor_market_blocks",
]


@dataclass
class Block:
    kind: str  # "p", "list", "table", "figure", "network"
    text: str = ""
    items: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    #: for tables and figures: the caption (numbered when rendered) and, where it is not the
    #: dataset of section 2 through jvgraph's own computation, where the numbers come from
    caption: str = ""
    source: str = ""


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


def provenance_blocks(doc: dict[str, Any]) -> list[Block]:
    p = doc["provenance"]
    counts = Block(
        "table",
        caption="Nodes and relationships in the dataset",
        headers=["node or relationship", "rows"],
        rows=[[k, f"{v:,}"] for k, v in p["counts"].items()],
    )
    sources = Block(
        "table",
        caption="Rows per source",
        source="the dataset's source column",
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


M = MEASURES


def _vendor(doc: dict[str, Any], vendor: str) -> str:
    return str(doc["vendor_names"].get(vendor, vendor))


def market_definition_blocks(doc: dict[str, Any]) -> list[Block]:
    md = doc["market_definition"]
    rows = [
        [
            r["sector"],
            pct(r["any_vendor_share"]),
            pct(r["lowest_within_country"]),
            pct(r["highest_within_country"]),
            f"{r['country_markets']:,}",
        ]
        for r in md["sector_sensitivity"]
    ]
    counts = [
        [g, f"{len(v):,}", f"{sum(1 for x in v.values() if x):,}"]
        for g, v in md["any_vendor_share"].items()
    ]
    return [
        _p(
            f"Markets are defined by the company column '{md['grouping']}'. The tables show how "
            f"the share of each market's revenue {M['any_vendor_share'].name} changes when "
            "markets are drawn by sector, by country, or by sector within each country. So that "
            "the groupings compare, every share here is of the companies in the data, whatever "
            "markets.csv gives."
        ),
        Block(
            "table",
            headers=["grouping", "markets", "reached by some vendor"],
            rows=counts,
            caption="Markets per grouping, and how many some vendor reaches",
        ),
        Block(
            "table",
            caption="Share of each sector's revenue reached by some vendor, by grouping",
            headers=[
                "sector",
                f"{M['any_vendor_share'].name} (sector)",
                "lowest within a country",
                "highest within a country",
                "country markets",
            ],
            rows=rows,
        ),
    ]


def access_blocks(doc: dict[str, Any]) -> list[Block]:
    vendors = list(doc["reach"])
    bases = {r["shares_of"] for r in doc["access_table"]}
    rows = []
    for r in doc["access_table"]:
        cells = [
            f"{pct(x['foreclosure_share'])} ({pct(x['exclusive_share'])})"
            if (x := r["vendors"].get(v))
            else "—"
            for v in vendors
        ]
        rows.append(
            [
                r["market"],
                pct(r["any_vendor_share"]),
                pct(r["any_vendor_share_by_count"]),
                *cells,
                f"{r['companies']:,} ({r['companies_without_revenue']:,})",
                *([r["shares_of"]] if len(bases) > 1 else []),
            ]
        )
    every = f" Every share in the table is {next(iter(bases))}." if len(bases) == 1 else ""
    return [
        _p(
            f"A vendor's {M['foreclosure_share'].name} is the revenue of the market's companies "
            "its JV partners hold over the market's revenue; its "
            f"{M['exclusive_share'].name} counts only the companies no other vendor reaches, and "
            f"the {M['contested_share'].name} the rest; 'by count' counts companies instead of "
            "revenue. Reach is potential access through ownership, not evidence that a company "
            "buys from the vendor, of exclusivity, or of an ability or incentive to foreclose "
            f"rivals.{every}"
        ),
        _access_context(doc),
        *_coverage(doc),
        Block(
            "table",
            caption="Customer access per market",
            headers=[
                "market",
                M["any_vendor_share"].name,
                "by count",
                *(
                    f"{_vendor(doc, v)}: {M['foreclosure_share'].name} "
                    f"({M['exclusive_share'].name})"
                    for v in vendors
                ),
                "companies (without revenue)",
                *(["shares"] if len(bases) > 1 else []),
            ],
            rows=rows,
        ),
        Block("figure", text="access", caption="Customer access per market"),
    ]


def _coverage(doc: dict[str, Any]) -> list[Block]:
    """What the shares below do not see: each vendor's partners whose portfolio is unknown."""
    lines = [
        f"{_vendor(doc, v)}: {c['summary']}"
        + ("; its shares are lower bounds" if c["status"] == "partial" else "")
        + ("; its reach is unknown, not 0" if c["status"] == "none" else "")
        + "."
        for v, c in doc["coverage"]["vendors"].items()
    ]
    if not lines:
        return []
    return [
        _p("Coverage: the shares count only the portfolios the data holds."),
        Block("list", items=lines),
    ]


def _access_context(doc: dict[str, Any]) -> Block:
    """What the Guidelines say about such shares, and what they do not."""
    g5 = doc["guidelines"]["2023_guideline_5"]
    eu = doc["guidelines"]["eu_non_horizontal"]
    return _p(
        f"For context: {g5['guidelines']} {cite(doc, 'guidelines-2023')} asks whether a merged "
        "firm could limit rivals' access to a product, service or route to market they use to "
        "compete, and would have the incentive to; the final text states no foreclosure-share "
        f"threshold (the July 2023 draft {cite(doc, 'draft-2023')} treated a foreclosure share "
        f"above {pct(g5['draft_foreclosure_share_above'])} as a sufficient basis for concern). "
        f"The {eu['guidelines']} {cite(doc, 'eu-non-horizontal')} find concern unlikely "
        f"below a {pct(eu['market_share_below'])} market share and a post-merger HHI of "
        f"{eu['post_merger_hhi_below']:,.0f} in each relevant market: figures about the "
        "merged firm's markets, not about customers reached, shown for comparison only."
    )


#: why a report has no company-level concentration section
NO_REVENUE = (
    "no firm has a revenue in the data, so there are no market shares, no company HHI and no "
    "MHHI (give the firms' revenue_usd in companies.csv; for 13F data, jvgraph import 13f "
    "--shares FILE)"
)


def common_ownership_blocks(doc: dict[str, Any]) -> list[Block] | str:
    table = doc["company_concentration_table"]
    if all(r["company_hhi"] is None for r in table):
        return NO_REVENUE
    in_data = all(r["denominator"] == "companies_in_data" for r in table)
    company = [
        [
            r["market"],
            hhi(r["company_hhi"]),
            hhi(r["company_hhi_max"]),
            pct(r["company_cr4"]),
            "—" if in_data else r["label_2023"] or f"no label: {r['label_reason']}",
        ]
        for r in table
    ]
    none = (
        " Here no market has a total from markets.csv: every share is of the companies in the "
        "data, and no market gets a label."
        if in_data
        else ""
    )
    rows = []
    for market, c in sorted(doc["common_ownership"].items()):
        owners = ", ".join(
            f"{o['name']} {hhi(o['contribution'])}"
            for o in doc["common_ownership_owners"].get(market, [])[:3]
        )
        rows.append(
            [market, hhi(c["company_hhi"]), hhi(c["delta_mhhi"]), hhi(c["mhhi"]), owners or "—"]
        )
    name = M["company_hhi"].name
    mhhi: list[Block] = [
        _p(
            "Owners' stakes are their cash-flow and (proportional) control rights. ΔMHHI is the "
            "part of the modified HHI due to owners holding several competitors "
            f"{cite(doc, 'obrien-salop-2000')}, MHHI = {name} + ΔMHHI; the owners listed "
            "contribute most. With a markets.csv total all three are lower bounds. No "
            "Guidelines label is attached to the MHHI."
        ),
        Block(
            "table",
            caption="Common ownership per market: ΔMHHI and MHHI",
            headers=["market", name, "ΔMHHI", "MHHI", "owners contributing most"],
            rows=rows,
        ),
    ]
    if all(c["delta_mhhi"] is None for c in doc["common_ownership"].values()):
        mhhi = [_p("No ΔMHHI: no market with revenue has owners whose stakes are known.")]
    return [
        _p(
            "Here the competing firms are a market's portfolio companies, with shares of the "
            f"market's revenue: the {name} and {M['company_cr4'].name}. With a total from "
            "markets.csv the shares are of the whole market, so the listed companies' HHI is a "
            "lower bound and 'at most' counts the unlisted part as one firm; the label under "
            f"the {GUIDELINES_2023} {cite(doc, 'guidelines-2023')} (above "
            f"{doc['guidelines']['2023']['highly_concentrated_above']:,.0f}: "
            "highly concentrated) is given where both bounds agree. Without a total the shares "
            f"are of the companies in the data, not of a market, and no label is given.{none}"
        ),
        Block(
            "table",
            caption="Company-level concentration per market",
            headers=["market", name, "at most", M["company_cr4"].name, f"2023 label of the {name}"],
            rows=company,
        ),
        *mhhi,
    ]


def vendor_market_blocks(doc: dict[str, Any]) -> list[Block]:
    markets = doc["vendor_market"]
    if not markets:
        return [
            _p(
                "No vendor_shares.csv: the graph shows which customers each vendor can reach, "
                "not the AI vendors' shares of any market, so no vendor-market HHI is computed. "
                "An HHI over the vendors in the graph would measure only how many of them the "
                "graph holds."
            )
        ]
    rows = [
        [
            market,
            ", ".join(f"{_vendor(doc, k)} {pct(s)}" for k, s in v["shares"].items()),
            pct(v["unlisted_share"]),
            hhi(v["hhi"]),
            hhi(v["hhi_max"]),
            pct(v["cr4"]),
            v["guidelines_2023"]["label"] or f"no label: {v['guidelines_2023']['reason']}",
        ]
        for market, v in markets.items()
    ]
    name = M["hhi"].name
    return [
        _p(
            "The AI vendors' shares of a market, as vendor_shares.csv gives them with their "
            f"sources. The {name} is over the listed vendors: a lower bound where part of the "
            "market is unlisted ('at most' counts that part as one vendor)."
        ),
        Block(
            "table",
            caption="The AI vendors' shares of each market",
            source="vendor_shares.csv and the sources its rows cite",
            headers=[
                "market",
                "vendor shares",
                "unlisted",
                name,
                "at most",
                M["cr4"].name,
                f"2023 label of the {name}",
            ],
            rows=rows,
        ),
    ]


def _vendor_reach(doc: dict[str, Any]) -> list[Block]:
    reach = [
        [_vendor(doc, v), f"{r['companies']:,}", usd(r["revenue_usd"]), f"{len(r['by_sector']):,}"]
        for v, r in doc["reach"].items()
    ]
    blocks = [
        Block(
            "table",
            caption="Each vendor's reach through its JV partners",
            headers=["vendor", "companies reached", "revenue reached (USD)", "sectors"],
            rows=reach,
        ),
        Block("figure", text="reach", caption="Companies each vendor reaches"),
    ]
    if len(doc["reach"]) > 1:
        overlap = [
            [_vendor(doc, p["a"]), _vendor(doc, p["b"]), f"{p['shared']:,}",
             f"{p['jaccard']:.3f}", f"{p['overlap_coefficient']:.3f}"]
            for p in doc["overlap"]["vendors"]
        ]  # fmt: skip
        blocks += [
            Block(
                "table",
                caption="Overlap of the vendors' reach",
                headers=["vendor", "vendor", "shared", "Jaccard", "overlap coefficient"],
                rows=overlap,
            ),
            Block("figure", text="vendor_overlap", caption="Companies the vendors' reach shares"),
        ]
    return blocks


def _gatekeepers(doc: dict[str, Any]) -> list[Block]:
    managers = doc["network"]["managers"]
    gate = [
        [_vendor(doc, v), managers.get(m, m), f"{x['companies']:,}", usd(x["revenue_usd"])]
        for v, ms in doc["gatekeepers"].items()
        for m, x in ms.items()
    ]
    if not gate:
        return []
    return [
        _p(
            "Gatekeepers: what each vendor would lose without one partner (companies only that "
            "partner holds among the vendor's partners)."
        ),
        Block(
            "table",
            caption="Gatekeepers: what each vendor would lose without one partner",
            headers=["vendor", "partner", "companies lost", "revenue lost (USD)"],
            rows=gate,
        ),
    ]


def _owner_pairs(doc: dict[str, Any]) -> list[Block]:
    pairs = doc["overlap"]["managers"]
    if not pairs:
        return []
    names = doc.get("owner_names", {})
    rows = [
        [
            names.get(p["a"], p["a"]),
            names.get(p["b"], p["b"]),
            f"{p['shared']:,}",
            f"{p['jaccard']:.3f}",
        ]
        for p in pairs[: doc["listed"]["owner_pairs"]]
    ]
    total = doc["overlap"].get("managers_total", len(pairs))
    return [
        _p(
            f"Owners holding the same companies: {total:,} pairs of owners share at least one "
            f"company; the {len(rows):,} sharing most are listed."
        ),
        Block(
            "table",
            caption="Owner pairs sharing most companies",
            headers=["owner", "owner", "companies shared", "Jaccard"],
            rows=rows,
        ),
        Block("figure", text="manager_overlap", caption="Owner pairs sharing most companies"),
    ]


def reach_blocks(doc: dict[str, Any]) -> list[Block] | str:
    blocks = (_vendor_reach(doc) if doc["reach"] else []) + _gatekeepers(doc) + _owner_pairs(doc)
    return blocks or "the data has no AI vendor and no two owners share a company"


def _arrow(before: float | None, after: float | None) -> str:
    return f"{pct(before)} → {pct(after)}"


def scenarios_blocks(doc: dict[str, Any]) -> list[Block]:
    blocks = []
    verdict = {True: "yes", False: "no", None: "—"}
    for s in doc["scenarios"]:
        vendors = sorted({v for r in s["markets"] for v in r["foreclosure_share"]})
        rows = [
            [
                r["market"],
                _arrow(r["any_vendor_share"]["before"], r["any_vendor_share"]["after"]),
                *(
                    _arrow(c["before"], c["after"]) if (c := r["foreclosure_share"].get(v)) else "—"
                    for v in vendors
                ),
                f"{hhi(r['vendor_hhi_before'])} → {hhi(r['vendor_hhi_after'])}"
                if r["vendor_hhi_before"] is not None
                else "not given",
                hhi(r["delta_hhi"]),
                verdict[r["presumed"]] if r["needs"] is None else "needs vendor shares",
            ]
            for r in s["markets"]
        ]
        blocks += [
            _p(f"Scenario: {s['label']}. Before → after."),
            Block(
                "table",
                caption=f"Scenario: {s['label']}, before and after",
                headers=[
                    "market",
                    M["any_vendor_share"].name,
                    *(f"{_vendor(doc, v)}: {M['foreclosure_share'].name}" for v in vendors),
                    M["hhi"].name,
                    "ΔHHI",
                    "2023 presumption (vendor market)",
                ],
                rows=rows,
            ),
        ]
    blocks.append(
        _p(
            "A merger's access shares are those of the two vendors' reach together. Its ΔHHI is "
            "the Guidelines' 2·s_A·s_B·10,000 on the vendors' shares before it, given only where "
            "vendor_shares.csv gives both shares of the market; without them the presumption "
            "needs the vendors' shares and is not computed."
        )
    )
    return blocks


def sections(doc: dict[str, Any], charts: dict[str, str] | None = None) -> list[Section]:
    """The report's sections on ``doc`` (see :mod:`jvgraph.report.outline`); with
    ``charts``, figures with nothing to draw are dropped."""
    from jvgraph.report.outline import outline

    return outline(doc, charts)[0]
