"""The AI vendors' market, only from data that describes it: ``vendor_shares.csv``.

The graph says which customers a vendor can reach, not how much of a market it
sells: a vendor HHI over the vendors in the graph would be at least 5,000 with two
of them, whatever the market. So the vendor market of a market ``s`` exists only
where ``vendor_shares.csv`` gives the vendors' shares of it (as its source defines
the market); ``vendor`` is an id of vendors.csv or the name of a vendor outside the
graph. Then, over the listed rows,

    hhi            = 10,000 · Σ share²
    unlisted_share = 1 − Σ share        (the HHI is a lower bound when it is above 0)
    hhi_max        = hhi + 10,000 · unlisted_share²   (the unlisted part as one vendor)
    cr4            = the sum of the four largest listed shares

and the 2023 Guidelines' label where both bounds agree. A merger of vendors A and B
adds ``ΔHHI = 2 · s_A · s_B · 10,000`` (§2.1's arithmetic on the shares before it).

>>> round(merger({"shares": {"a": 0.3, "b": 0.2}, "unlisted_share": 0.5}, "a", "b")["delta_hhi"], 6)
1200.0
"""

from __future__ import annotations

from typing import Any

import pyarrow.compute as pc

from jvgraph.metrics.arrays import GraphArrays
from jvgraph.metrics.concentration import cr4, hhi
from jvgraph.metrics.guidelines import classify_2023, presumption_2023

__all__ = ["NEEDS_VENDOR_SHARES", "merger", "vendor_market"]

#: what a merger's structural presumption needs where the vendors' shares are not given
NEEDS_VENDOR_SHARES = (
    "the AI vendors' shares of this market (vendor_shares.csv: market, vendor, share, "
    "source): the 2023 Merger Guidelines' §2.1 presumption is computed from the merging "
    "firms' shares of the relevant market, which the graph does not describe"
)

_TOLERANCE = 1e-9


def _entry(rows: list[dict[str, Any]]) -> dict[str, Any]:
    rows = sorted(rows, key=lambda r: (-r["share"], r["vendor"]))
    shares = {r["vendor"]: float(r["share"]) for r in rows}
    total = sum(shares.values())
    unlisted = 0.0 if total >= 1 - _TOLERANCE else 1.0 - total
    value = hhi(list(shares.values()))
    high = value + 10_000.0 * unlisted**2
    return {
        "shares": shares,
        "sources": {r["vendor"]: r["source"] for r in rows},
        "vendors_listed": len(shares),
        "unlisted_share": unlisted,
        "hhi": value,
        "hhi_max": high,
        "hhi_is_lower_bound": unlisted > 0,
        "cr4": cr4(list(shares.values())),
        "guidelines_2023": classify_2023(value, high),
    }


def vendor_market(g: GraphArrays, market: str = "sector") -> dict[str, dict[str, Any]]:
    """Per market that ``vendor_shares.csv`` describes (for grouping ``market``): the
    vendors' shares, the vendor-market HHI with its bounds, CR4 and the 2023 label."""
    table = g.vendor_shares
    if table is None or not table.num_rows:
        return {}
    rows = table.filter(pc.equal(table.column("grouping"), market)).to_pylist()
    by_market: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_market.setdefault(r["market"], []).append(r)
    return {m: _entry(by_market[m]) for m in sorted(by_market)}


def _share_of(entry: dict[str, Any], vendor: str, names: dict[str, str]) -> float | None:
    """A vendor's share, listed under its id or its name; 0 when the shares are complete
    and it is not listed, unknown (``None``) when part of the market is unlisted."""
    shares = entry["shares"]
    for key in (vendor, names.get(vendor)):
        if key is not None and key in shares:
            return float(shares[key])
    return 0.0 if entry["unlisted_share"] <= 0 else None


def merger(
    entry: dict[str, Any], a: str, b: str, names: dict[str, str] | None = None
) -> dict[str, Any]:
    """Vendor B merging into A in one vendor market (``names``: vendor id → name, to find
    a vendor listed by name): the §2.1 arithmetic and presumption, ``None`` where a
    merging vendor's share is unknown."""
    names = names or {}
    s_a, s_b = _share_of(entry, a, names), _share_of(entry, b, names)
    if s_a is None or s_b is None:
        missing = " and ".join(v for v, s in ((a, s_a), (b, s_b)) if s is None)
        return {
            "share_a": s_a,
            "share_b": s_b,
            "presumption_2023": None,
            "needs": f"the share of {missing} in vendor_shares.csv",
        }
    delta = 2.0 * s_a * s_b * 10_000.0
    before = hhi(list(entry["shares"].values()))
    low = before + delta
    high = low + 10_000.0 * entry["unlisted_share"] ** 2
    return {
        "share_a": s_a,
        "share_b": s_b,
        "merged_share": s_a + s_b,
        "delta_hhi": delta,
        "hhi_before": before,
        "hhi_after": low,
        "hhi_after_max": high,
        "guidelines_2023_after": classify_2023(low, high),
        "presumption_2023": presumption_2023(
            hhi_after=(low, high), delta=delta, merged_share=s_a + s_b
        ),
    }
