"""Naive reference of the market measures: customer access, company concentration, the
vendor market and their 2023 Merger Guidelines labels. Used ONLY by the tests.

It works on the graph of :func:`tests.reference.naive_metrics.build_graph` and, like
it, shares no code with ``src/jvgraph``: every number is a plain loop over companies
or vendors in exact :class:`fractions.Fraction` arithmetic, written from the
definitions in ``docs/metrics.md``:

- the size ``T`` of a market: its ``markets.csv`` total, else its companies' known
  revenue (:func:`naive_metrics.market_size`);
- ``foreclosure_share(v)`` = known revenue of the market's companies v reaches / T;
  ``exclusive_share(v)`` the same over those no other vendor reaches;
  ``contested_share`` = their difference; ``any_vendor_share`` over those any vendor
  reaches; the ``*_by_count`` shares count companies over all the market's companies;
- ``company_hhi`` = 10,000 · Σ_j (revenue_j / T)² over companies with known revenue,
  with the upper bound ``company_hhi + 10,000 · u²`` where u = 1 − known revenue / T
  (only with a markets.csv total);
- the vendor market from ``vendor_shares.csv``: hhi over the listed shares, u = 1 − Σ,
  hhi_max = hhi + 10,000 · u²;
- the label: "highly concentrated" when the lower bound is above 1,800, "not highly
  concentrated" when the upper bound is at most 1,800, else None; None for company
  shares that are of the companies in the data.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import networkx as nx

from tests.reference import naive_metrics as nm

__all__ = [
    "access",
    "access_doc",
    "concentration",
    "concentration_doc",
    "label_2023",
    "merger",
    "presumed_2023",
    "vendor_market",
    "vendor_market_doc",
]


def _div(num: Fraction | int, den: Fraction | int) -> float | None:
    return None if den <= 0 else float(Fraction(num) / Fraction(den))


def _minus(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


def label_2023(low: Fraction | float | None, high: Fraction | float | None) -> str | None:
    """§2.1: an HHI above 1,800 is highly concentrated; bounds must agree."""
    if low is None or high is None:
        return None
    if low > 1800:
        return "highly concentrated"
    if high <= 1800:
        return "not highly concentrated"
    return None


def presumed_2023(low: float, high: float, delta: float, merged: float) -> bool | None:
    """§2.1 presumption: change above 100 with an HHI after above 1,800 or a merged share
    above 30%; None where the HHI after lies on both sides of 1,800."""
    if delta > 100 and (low > 1800 or merged > 0.30):
        return True
    if delta <= 100 or high <= 1800:
        return False
    return None


def _denominator(g: nx.MultiDiGraph, market: str, name: str, members: set[str]) -> dict[str, Any]:
    size, supplied, source = nm.market_size(g, market, name, members)
    known = [c for c in members if nm._known(g, c)]
    revenue = nm._revenue(g, known)
    return {
        "denominator": "market_total" if supplied else "companies_in_data",
        "market_revenue_usd": float(size) if supplied or known else None,
        "market_revenue_source": source,
        "revenue_in_data_usd": float(revenue) if known else None,
        "companies": len(members),
        "companies_without_revenue": len(members) - len(known),
    }


def _access_market(
    g: nx.MultiDiGraph, market: str, name: str, members: set[str], reach: dict[str, set[str]]
) -> dict[str, Any]:
    size, _, _ = nm.market_size(g, market, name, members)
    n = len(members)
    vendors: dict[str, Any] = {}
    for v, companies in reach.items():
        mine = members & companies
        if not mine:
            continue
        alone = {c for c in mine if all(c not in reach[w] for w in reach if w != v)}
        fore = _div(nm._revenue(g, [c for c in mine if nm._known(g, c)]), size)
        excl = _div(nm._revenue(g, [c for c in alone if nm._known(g, c)]), size)
        vendors[v] = {
            "foreclosure_share": fore,
            "exclusive_share": excl,
            "contested_share": _minus(fore, excl),
            "foreclosure_share_by_count": _div(len(mine), n),
            "exclusive_share_by_count": _div(len(alone), n),
            "contested_share_by_count": _minus(_div(len(mine), n), _div(len(alone), n)),
            "companies": len(mine),
            "companies_exclusive": len(alone),
            "companies_without_revenue": sum(1 for c in mine if not nm._known(g, c)),
        }
    anyone = set().union(*reach.values()) & members if reach else set()
    return {
        **_denominator(g, market, name, members),
        "companies_reached": len(anyone),
        "any_vendor_share": _div(nm._revenue(g, [c for c in anyone if nm._known(g, c)]), size),
        "any_vendor_share_by_count": _div(len(anyone), n),
        "vendors": vendors,
    }


def access_doc(g: nx.MultiDiGraph, market: str, look_through: bool) -> dict[str, Any]:
    reach = nm._reach_sets(g, look_through)
    return {
        name: _access_market(g, market, name, members, reach)
        for name, members in nm._markets(g, market).items()
    }


def access(
    dataset: nm.DatasetLike, as_of: nm.Date = None, market: str = "sector", *, look_through=False
) -> dict[str, Any]:
    """{market: {denominator fields, companies_reached, any_vendor_share(_by_count),
    vendors: {vendor reaching a company of it: {the six shares and three counts}}}}."""
    g = nm.build_graph(dataset, as_of)
    nm._check_market(g, market)
    return access_doc(g, market, look_through)


def _concentration_market(
    g: nx.MultiDiGraph, market: str, name: str, members: set[str]
) -> dict[str, Any]:
    described = _denominator(g, market, name, members)
    shares = nm.company_shares(g, market, name, members)
    if shares is None:
        return {
            **described,
            "company_hhi": None,
            "company_hhi_max": None,
            "company_cr4": None,
            "unlisted_share": None,
            "label": None,
        }
    size, supplied, _ = nm.market_size(g, market, name, members)
    known = nm._revenue(g, [c for c in members if nm._known(g, c)])
    low = nm.hhi(shares.values())
    unlisted = 1 - known / size if supplied else None
    high = low + 10_000 * unlisted**2 if unlisted is not None else None
    return {
        **described,
        "company_hhi": float(low),
        "company_hhi_max": None if high is None else float(high),
        "company_cr4": float(nm.cr4(shares.values())),
        "unlisted_share": None if unlisted is None else float(unlisted),
        "label": label_2023(low, high) if supplied else None,
    }


def concentration_doc(g: nx.MultiDiGraph, market: str) -> dict[str, Any]:
    return {
        name: _concentration_market(g, market, name, members)
        for name, members in nm._markets(g, market).items()
    }


def concentration(
    dataset: nm.DatasetLike, as_of: nm.Date = None, market: str = "sector"
) -> dict[str, Any]:
    """{market: {denominator fields, company_hhi, company_hhi_max, company_cr4,
    unlisted_share, label}} (label: the 2023 label string or None)."""
    g = nm.build_graph(dataset, as_of)
    nm._check_market(g, market)
    return concentration_doc(g, market)


def vendor_market_doc(g: nx.MultiDiGraph, market: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for row in g.graph["vendor_shares"]:
        if row["grouping"] == market:
            out.setdefault(row["market"], {})[row["vendor"]] = nm._number(row["share"])
    doc = {}
    for name in sorted(out):
        shares = out[name]
        total = sum(shares.values(), Fraction(0))
        unlisted = max(Fraction(0), 1 - total)
        low = nm.hhi(shares.values())
        high = low + 10_000 * unlisted**2
        doc[name] = {
            "shares": {v: float(s) for v, s in shares.items()},
            "unlisted_share": float(unlisted),
            "hhi": float(low),
            "hhi_max": float(high),
            "cr4": float(nm.cr4(shares.values())),
            "label": label_2023(low, high),
        }
    return doc


def vendor_market(dataset: nm.DatasetLike, market: str = "sector") -> dict[str, Any]:
    """{market named in vendor_shares.csv: {shares, unlisted_share, hhi, hhi_max, cr4,
    label}}."""
    return vendor_market_doc(nm.build_graph(dataset), market)


def merger(
    dataset: nm.DatasetLike, a: str, b: str, as_of: nm.Date = None, market: str = "sector"
) -> dict[str, Any]:
    """Vendor b merged into a, by rebuilding the dataset: per market the access shares
    before and after, and, where vendor shares are given for both, the §2.1 arithmetic
    {delta_hhi = 2·s_a·s_b·10,000, hhi_after, presumed}."""
    before = access(dataset, as_of, market)
    after = access(nm.merge_vendors(dataset, a, b), as_of, market)
    shares = vendor_market(dataset, market)
    out = {}
    for name in before:
        row: dict[str, Any] = {"access_before": before[name], "access_after": after[name]}
        entry = shares.get(name)
        if entry and a in entry["shares"] and b in entry["shares"]:
            s_a, s_b = entry["shares"][a], entry["shares"][b]
            delta = 2 * s_a * s_b * 10_000
            low = entry["hhi"] + delta
            high = low + 10_000 * entry["unlisted_share"] ** 2
            row.update(
                delta_hhi=delta, hhi_after=low, presumed=presumed_2023(low, high, delta, s_a + s_b)
            )
        out[name] = row
    return out
