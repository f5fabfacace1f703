"""Labels of the 2023 U.S. Merger Guidelines, attached only where the shares allow one.

Section 2.1 of the 2023 Merger Guidelines (U.S. Department of Justice and Federal
Trade Commission, 18 December 2023) calls a market with an HHI above 1,800 highly
concentrated, and presumes that a merger substantially lessens competition when it
raises the HHI by more than 100 in a highly concentrated market, or gives the merged
firm a share above 30% with an HHI change above 100. Those figures speak of the
shares of all the firms of a relevant market. jvgraph labels an HHI only when its
shares are of a whole market's size: the company HHI with a market total from
``markets.csv`` and the vendor-market HHI from ``vendor_shares.csv``. When the firms
listed do not make up the whole market, the HHI is known only between bounds
(the listed firms' HHI, and that plus the unlisted share as one firm) and the label
is given only when both bounds fall on the same side of 1,800.

>>> classify_2023(2000.0, 2000.0)["label"]
'highly concentrated'
>>> classify_2023(1500.0, 2500.0)["label"] is None
True
>>> presumption_2023(hhi_after=(2000, 2000), delta=150, merged_share=0.2)["presumed"]
True
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "DELTA_2023",
    "GUIDELINES_2023",
    "HIGH_2023",
    "SHARE_2023",
    "classify_2023",
    "presumption_2023",
    "withheld_2023",
]

GUIDELINES_2023 = "2023 U.S. Merger Guidelines (DOJ/FTC, 18 Dec 2023), section 2.1"

HIGH_2023 = 1800.0
DELTA_2023 = 100.0
SHARE_2023 = 0.30


def _label(label: str | None, reason: str) -> dict[str, Any]:
    return {"label": label, "reason": reason, "guidelines": GUIDELINES_2023, "threshold": HIGH_2023}


def withheld_2023(reason: str) -> dict[str, Any]:
    """No label, and why."""
    return _label(None, reason)


def classify_2023(low: float | None, high: float | None) -> dict[str, Any]:
    """The §2.1 label of an HHI known to lie in ``[low, high]`` (equal when exact)."""
    if low is None or high is None:
        return withheld_2023("no shares: the market has no revenue in the data")
    exact = high - low <= 1e-9
    if low > HIGH_2023:
        what = f"HHI {low:,.0f}" if exact else f"HHI at least {low:,.0f}"
        return _label("highly concentrated", f"{what}, above 1,800")
    if high <= HIGH_2023:
        what = f"HHI {high:,.0f}" if exact else f"HHI at most {high:,.0f}"
        return _label("not highly concentrated", f"{what}, not above 1,800")
    return withheld_2023(
        f"HHI between {low:,.0f} and {high:,.0f}: the part of the market not listed decides"
    )


def presumption_2023(
    *, hhi_after: tuple[float, float], delta: float, merged_share: float
) -> dict[str, Any]:
    """Whether a merger triggers the §2.1 structural presumption: ``True``, ``False``, or
    ``None`` where the HHI after (known between the bounds ``hhi_after``) decides it."""
    low, high = hhi_after
    reasons = []
    if delta > DELTA_2023 and low > HIGH_2023:
        reasons.append(f"HHI after at least {low:,.0f} > 1,800 and change {delta:,.0f} > 100")
    if delta > DELTA_2023 and merged_share > SHARE_2023:
        reasons.append(f"merged share {merged_share:.1%} > 30% and change {delta:,.0f} > 100")
    if reasons:
        presumed: bool | None = True
    elif delta <= DELTA_2023:
        presumed, reasons = False, [f"change {delta:,.0f} is not above 100"]
    elif high <= HIGH_2023:
        presumed = False
        reasons = [f"HHI after at most {high:,.0f} and merged share {merged_share:.1%} ≤ 30%"]
    else:
        presumed = None
        reasons = [f"HHI after between {low:,.0f} and {high:,.0f}: the vendors not listed decide"]
    return {"presumed": presumed, "reasons": reasons, "guidelines": GUIDELINES_2023}
