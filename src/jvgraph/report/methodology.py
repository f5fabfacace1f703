"""The report's method: each measure's formula, meaning and limits (as docs/metrics.md
states them), the data's coverage and provenance, and the numbered references the text
cites."""

from __future__ import annotations

from typing import Any

from jvgraph.metrics.guidelines import GUIDELINES_2023
from jvgraph.report.references import cite
from jvgraph.report.sections import Block

__all__ = ["coverage_blocks", "methodology_items", "references_blocks"]


def _measures(doc: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(name, formula, meaning, limits) of each measure the report uses."""
    g23, eu = cite(doc, "guidelines-2023"), cite(doc, "eu-non-horizontal")
    os_, bcs = cite(doc, "obrien-salop-2000"), cite(doc, "bcs-2021")
    return [
        ("As-of rule", "a holding counts when since ≤ as_of < until (empty ends are open); a JV "
         "counts when announced ≤ as_of and it has not ended; without a date every row counts",
         "the graph as it stood on one day", "rows without dates count on every day"),
        ("Reach of a vendor", "the companies held by any asset manager that is a partner in a "
         "JV the vendor formed (less the vendor itself)", "potential access to customers "
         "through ownership", "not evidence that a company buys from the vendor, of "
         "exclusivity, or of an ability or incentive to foreclose; it counts only the "
         "portfolios the data holds (coverage below)"),
        ("Market size", "a market's total revenue from markets.csv (the whole market, with its "
         "source), else the revenue of its companies in the data", "the denominator of every "
         "share", "without markets.csv the shares are of the companies that happen to be in "
         "the data, not of a market; markets are the data's sector (or other) labels, not "
         f"product markets drawn by a hypothetical-monopolist test {g23}"),
        ("Customer access", "foreclosure share = revenue of the market's companies in the "
         "vendor's reach / market size; exclusive share = the same over companies no other "
         "vendor reaches; contested = foreclosure − exclusive; by count: companies instead "
         "of revenue", "how much of a market's customers a vendor can reach through its "
         f"partners, the quantity Guideline 5 asks about {g23}", "the final 2023 Guidelines "
         f"state no foreclosure-share threshold {cite(doc, 'draft-2023')}; the EU's 30% and "
         f"2,000 figures {eu} are about the merged firm's markets, shown for comparison only"),
        ("Company-level concentration", "company HHI = 10,000 · Σⱼ sⱼ² with sⱼ = revenue(j) / "
         "market size; CR4 = the sum of the four largest shares", "how concentrated the "
         f"market of the portfolio companies is {g23}", f"labelled under the {GUIDELINES_2023} "
         "only with a markets.csv total and where the listed firms' HHI and its upper bound "
         "agree"),
        ("Common ownership", "β_ij = owner i's stake in firm j; ΔMHHI = 10,000 · Σⱼ Σ_{k≠j} sⱼ "
         "s_k (Σᵢ β_ij β_ik) / (Σᵢ β_ij²); MHHI = company HHI + ΔMHHI", "the part of "
         f"concentration due to owners holding competitors, with proportional control {os_}",
         "stakes as the data gives them (13F: shares held over shares outstanding, long "
         "positions of institutional filers only); no Guidelines label (their thresholds are "
         "for the HHI)"),
        ("Profit weights κ", "κ(f → g) = Σᵢ γ_if β_ig / Σᵢ γ_if β_if, with γ = β under "
         "proportional control", "the weight firm f's owners put on rival g's profit "
         f"relative to f's own {os_} {bcs}", "a measure of incentives implied by ownership, "
         "not of conduct; it needs every stake of the market"),
        ("Vendor market", "vendor-market HHI = 10,000 · Σ share² over the vendors "
         "vendor_shares.csv lists; unlisted = 1 − Σ share; at most = HHI + 10,000 · "
         "unlisted²", f"concentration among the AI vendors {g23}", "only from stated "
         "shares: an HHI over the vendors in the graph would measure only how many it holds"),
        ("Overlap", "shared = |A ∩ B|, Jaccard = |A ∩ B| / |A ∪ B|, overlap coefficient = "
         "|A ∩ B| / min(|A|, |B|)", "how far two vendors' (or owners') companies coincide",
         "counts companies, whatever their size"),
    ]  # fmt: skip


def methodology_items(doc: dict[str, Any]) -> list[str]:
    """One line per measure: its formula, what it means and its limits, with citations."""
    more = cite(doc, "jvgraph-metrics")
    return [
        f"{name}: {formula}. Meaning: {meaning}. Limits: {limits}."
        for name, formula, meaning, limits in _measures(doc)
    ] + [
        f"Every measure is defined at length, with worked cases, in jvgraph's metrics notes {more}."
    ]


def _coverage_lines(doc: dict[str, Any]) -> list[str]:
    lines = [
        f"{doc['vendor_names'].get(v, v)}: {c['summary']}."
        for v, c in doc["coverage"]["vendors"].items()
    ]
    table = doc["company_concentration_table"]
    without = sum(r.get("companies_without_revenue", 0) or 0 for r in doc["access_table"])
    if not doc["access_table"]:
        firms = doc["provenance"]["counts"].get("PortfolioCompany", 0)
        known = sum(1 for r in table if r["company_hhi"] is not None)
        lines.append(f"{firms:,} companies; {known:,} of {len(table):,} markets have revenue.")
    elif without:
        lines.append(f"{without:,} companies in the markets shown have no revenue in the data.")
    return lines


def coverage_blocks(doc: dict[str, Any]) -> list[Block]:
    """What the data knows and does not: coverage per vendor, revenue, provenance."""
    p = doc["provenance"]
    data_refs = [r for r in doc.get("references", []) if r["kind"] == "data"]
    sources = ", ".join(f"[{r['n']}]" for r in data_refs)
    return [
        Block(
            "p",
            text=f"Data: {p['rows']:,} rows, {p['synthetic_rows']:,} of them synthetic; every "
            f"row names its source, grouped in the references {sources}. Coverage, what the "
            "figures do not include:",
        ),
        Block("list", items=_coverage_lines(doc) or ["Nothing is known to be missing."]),
    ]


def references_blocks(doc: dict[str, Any]) -> list[Block]:
    """The numbered references, each with its address (and, for data, its licence)."""
    items = [
        f"[{r['n']}] {r['text']}" + (f" {r['url']}" if r["url"] else "")
        for r in doc.get("references", [])
    ]
    return [Block("list", items=items, text="references")]
