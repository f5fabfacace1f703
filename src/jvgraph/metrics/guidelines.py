"""Concentration thresholds of the U.S. Merger Guidelines, by edition.

The 2023 Merger Guidelines (U.S. Department of Justice and Federal Trade
Commission, 18 December 2023, section 2.1): a market with an HHI above 1,800
is highly concentrated; a merger that raises the HHI by more than 100 in a
highly concentrated market, or that gives the merged firm a share above 30%
with an HHI change above 100, is presumed to substantially lessen
competition. The 2010 Horizontal Merger Guidelines (section 5.3) called
markets below 1,500 unconcentrated, 1,500 to 2,500 moderately concentrated
and above 2,500 highly concentrated; jvgraph shows them for comparison only.

>>> classify_2023(2600)["label"]
'highly concentrated'
>>> classify_2010(2000)["label"]
'moderately concentrated'
>>> presumption_2023(hhi_after=2000, delta=150, merged_share=0.2)["presumed"]
True
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "GUIDELINES_2010",
    "GUIDELINES_2023",
    "classify_2010",
    "classify_2023",
    "presumption_2023",
]

GUIDELINES_2023 = "2023 U.S. Merger Guidelines (DOJ/FTC, 18 Dec 2023), section 2.1"
GUIDELINES_2010 = "2010 U.S. Horizontal Merger Guidelines (DOJ/FTC), section 5.3"

HIGH_2023 = 1800.0
DELTA_2023 = 100.0
SHARE_2023 = 0.30


def classify_2023(hhi: float | None) -> dict[str, Any] | None:
    """The 2023 label of a market with this HHI (``None`` where the HHI is undefined)."""
    if hhi is None:
        return None
    label = "highly concentrated" if hhi > HIGH_2023 else "not highly concentrated"
    return {"label": label, "guidelines": GUIDELINES_2023, "threshold": HIGH_2023}


def classify_2010(hhi: float | None) -> dict[str, Any] | None:
    """The 2010 label, for comparison with the 2023 one."""
    if hhi is None:
        return None
    if hhi < 1500:
        label = "unconcentrated"
    elif hhi <= 2500:
        label = "moderately concentrated"
    else:
        label = "highly concentrated"
    return {"label": label, "guidelines": GUIDELINES_2010, "thresholds": [1500.0, 2500.0]}


def presumption_2023(
    *, hhi_after: float | None, delta: float | None, merged_share: float | None
) -> dict[str, Any]:
    """Whether a change triggers the 2023 structural presumption, and why."""
    reasons = []
    if hhi_after is not None and delta is not None and hhi_after > HIGH_2023 and delta > DELTA_2023:
        reasons.append(f"HHI after {hhi_after:,.0f} > 1,800 and change {delta:,.0f} > 100")
    if (
        merged_share is not None
        and delta is not None
        and merged_share > SHARE_2023
        and delta > DELTA_2023
    ):
        reasons.append(f"merged share {merged_share:.1%} > 30% and change {delta:,.0f} > 100")
    return {"presumed": bool(reasons), "reasons": reasons, "guidelines": GUIDELINES_2023}
