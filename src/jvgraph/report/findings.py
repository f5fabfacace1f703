"""The report's market tables and its summary: what the data can and cannot support.

Every sentence is built from numbers that ``report.json`` holds. The summary says
which denominators the shares have, that reach is potential access and no evidence
of foreclosure, and whether the data describe the AI vendors' own market at all.
"""

from __future__ import annotations

from typing import Any

from jvgraph.metrics.measures import denominator_text

__all__ = ["access_table", "company_table", "scenario_rows", "summary"]

_VENDOR_KEYS = ("foreclosure_share", "exclusive_share", "contested_share", "companies")


def access_table(metrics: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per market, largest share reached by any vendor first."""
    rows = []
    for name, a in metrics["access"].items():
        rows.append(
            {
                "market": name,
                "denominator": a["denominator"],
                "shares_of": denominator_text(a),
                "market_revenue_usd": a["market_revenue_usd"],
                "companies": a["companies"],
                "companies_without_revenue": a["companies_without_revenue"],
                "companies_reached": a["companies_reached"],
                "any_vendor_share": a["any_vendor_share"],
                "any_vendor_share_by_count": a["any_vendor_share_by_count"],
                "vendors": {v: {k: x[k] for k in _VENDOR_KEYS} for v, x in a["vendors"].items()},
            }
        )
    return sorted(rows, key=lambda r: (-(r["any_vendor_share"] or -1.0), r["market"]))


def company_table(metrics: dict[str, Any]) -> list[dict[str, Any]]:
    """The company-level concentration per market, with its label or why it has none."""
    return [
        {
            "market": name,
            "denominator": c["denominator"],
            "company_hhi": c["company_hhi"],
            "company_hhi_max": c["company_hhi_max"],
            "company_cr4": c["company_cr4"],
            "label_2023": c["guidelines_2023"]["label"],
            "label_reason": c["guidelines_2023"]["reason"],
        }
        for name, c in sorted(metrics["concentration"].items())
    ]


def scenario_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Per market of a what-if: access before and after, and the vendor market where its
    shares are given (``presumed`` True, False, or None where it cannot be told)."""
    rows = []
    for name, m in result["markets"].items():
        a, deal = m["access"], m.get("merger") or {}
        vendor_hhi = m.get("vendor_market", {}).get("hhi", {})
        presumption = deal.get("presumption_2023")
        rows.append(
            {
                "market": name,
                "any_vendor_share": a["any_vendor_share"],
                "foreclosure_share": {v: x["foreclosure_share"] for v, x in a["vendors"].items()},
                "exclusive_share": {v: x["exclusive_share"] for v, x in a["vendors"].items()},
                "vendor_hhi_before": vendor_hhi.get("before"),
                "vendor_hhi_after": vendor_hhi.get("after"),
                "delta_hhi": deal.get("delta_hhi"),
                "presumed": presumption["presumed"] if presumption else None,
                "presumption_reasons": presumption["reasons"] if presumption else [],
                "needs": deal.get("needs"),
            }
        )
    return rows


def _name(doc: dict[str, Any], vendor: str) -> str:
    return str(doc["vendor_names"].get(vendor, vendor))


def _access(doc: dict[str, Any]) -> list[str]:
    found = [
        (x["foreclosure_share"], x["exclusive_share"], v, r)
        for r in doc["access_table"]
        for v, x in r["vendors"].items()
        if x["foreclosure_share"] is not None
    ]
    if not found:
        if any(r["vendors"] for r in doc["access_table"]):
            return [
                "The vendors reach companies, but none of those companies has a revenue in the "
                "data: only the shares by number of companies can be given."
            ]
        return ["No vendor reaches any market on this date."]
    share, exclusive, vendor, row = max(found, key=lambda f: (f[0], f[2], f[3]["market"]))
    return [
        f"The largest foreclosure share: {_name(doc, vendor)}'s JV partners hold companies "
        f"with {share:.1%} of the revenue of {row['market']} ({exclusive:.1%} reached by no other "
        f"vendor), shares {row['shares_of']}.",
        "Reach is potential access through ownership: it does not show that these companies "
        "buy from the vendor, that the access is exclusive, or that the vendor has the ability "
        "and the incentive to limit rivals' access that Guideline 5 of the 2023 Merger "
        "Guidelines asks about.",
    ]


def _coverage(doc: dict[str, Any]) -> list[str]:
    rows = doc["access_table"]
    given = [r for r in rows if r["denominator"] == "market_total"]
    unknown = sum(r["companies_without_revenue"] for r in rows)
    lacking = (
        f" {unknown:,} companies have no revenue in the data; they count only in the shares by "
        "number of companies."
        if unknown
        else ""
    )
    if not given:
        return [
            f"No market's whole revenue is given (markets.csv): in all {len(rows):,} markets the "
            "shares are of the companies that happen to be in the data, so they say how much of "
            "those companies a vendor reaches, not how much of a market; the company-level "
            f"HHIs carry no Guidelines label for the same reason.{lacking}"
        ]
    labelled = [r for r in doc["company_concentration_table"] if r["label_2023"]]
    high = [r["market"] for r in labelled if r["label_2023"] == "highly concentrated"]
    text = (
        f"{len(given):,} of {len(rows):,} markets have a whole-market revenue from markets.csv; "
        f"the company HHI is labelled in {len(labelled):,} of them (the listed companies are "
        "part of the market, so their HHI is a lower bound)"
    )
    text += f", highly concentrated at the company level in: {', '.join(high)}." if high else "."
    return [text + lacking]


def _vendor_market(doc: dict[str, Any]) -> list[str]:
    markets = doc["vendor_market"]
    if not markets:
        return [
            "The data hold no AI vendors' shares of any market (vendor_shares.csv), so the "
            "report computes no vendor-market HHI and no 2023 structural presumption for a "
            "merger of vendors: an HHI over the vendors in the graph alone would measure only "
            "how many vendors the graph holds."
        ]
    name, top = max(markets.items(), key=lambda kv: (kv[1]["hhi"], kv[0]))
    label = top["guidelines_2023"]["label"] or "no label: " + top["guidelines_2023"]["reason"]
    return [
        f"The vendor market is given for {len(markets):,} market(s) (vendor_shares.csv); the "
        f"highest vendor-market HHI is {top['hhi']:,.1f} in {name} ({label})."
    ]


def _scenarios(doc: dict[str, Any]) -> list[str]:
    out = []
    for s in doc["scenarios"]:
        if s["presumed_in"]:
            out.append(
                f"Scenario '{s['label']}' would trigger the 2023 structural presumption in the "
                f"vendor market of {len(s['presumed_in']):,} market(s): {', '.join(s['presumed_in'])}."
            )
        elif s["scenario"].startswith("merge:") and not s["vendor_shares_given"]:
            out.append(
                f"Scenario '{s['label']}': whether the 2023 presumption applies needs the "
                "merging vendors' shares of each market (vendor_shares.csv); the scenarios section "
                "gives the change in access shares."
            )
    return out


def _overlap(doc: dict[str, Any]) -> list[str]:
    pairs = sorted(doc["overlap"]["vendors"], key=lambda p: (-p["shared"], p["a"], p["b"]))
    if not pairs or not pairs[0]["shared"]:
        return []
    p = pairs[0]
    return [
        f"{_name(doc, p['a'])} and {_name(doc, p['b'])} overlap most: {p['shared']:,} shared "
        f"companies (Jaccard {p['jaccard']:.3f})."
    ]


def _kappa(weights: dict[str, Any]) -> list[str]:
    """The market whose firms' profit weights κ are highest, in one sentence."""
    done = [(m, c) for m, c in weights["markets"].items() if c["computed"]]
    if not done:
        return []
    market, c = max(done, key=lambda mc: (mc[1]["summary"]["median"], mc[0]))
    owners = " and ".join(o["name"] for o in c["owners"][:2])
    by = f"; the owners adding most to it are {owners}" if owners else ""
    return [
        f"Common owners tie the firms of {market} most: their median profit weight κ is "
        f"{c['summary']['median']:.4f} over {c['summary']['pairs']:,} ordered pairs of "
        f"{c['firms']:,} firms (O'Brien & Salop, proportional control){by}."
    ]


def summary(doc: dict[str, Any]) -> list[str]:
    """The findings, and what the data can and cannot support, as sentences."""
    share = doc["provenance"]["synthetic_share"]
    synthetic = (
        f"{share:.1%} of the rows are synthetic (source=synthetic); figures resting on them "
        "are illustrative."
        if share
        else "No row is synthetic: every figure rests on the sources listed in section 2."
    )
    return [
        *_access(doc),
        *_coverage(doc),
        *_vendor_market(doc),
        *_overlap(doc),
        *_scenarios(doc),
        *_kappa(doc["profit_weights"]),
        synthetic,
    ]
