"""The names and one-line definitions of the measures, shared by every output.

The metrics JSON uses the keys; the CLI's text, the report and the explorer print
the names; ``docs/metrics.md`` defines each under its key and name, and a test
checks that they agree.

>>> MEASURES["foreclosure_share"].name
'foreclosure share'
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["DENOMINATORS", "MEASURES", "Measure", "denominator_text", "measures"]


@dataclass(frozen=True)
class Measure:
    """A measure: what the outputs call it, and what it is."""

    name: str
    definition: str
    #: where it sits in the metrics JSON
    path: str


def _m(path: str, name: str, definition: str) -> tuple[str, Measure]:
    return path.rsplit(".", 1)[-1], Measure(name, definition, path)


MEASURES: dict[str, Measure] = dict(
    [
        _m(
            "access.<market>.vendors.<vendor>.foreclosure_share",
            "foreclosure share",
            "revenue of the market's companies in the vendor's reach / the market's revenue",
        ),
        _m(
            "access.<market>.vendors.<vendor>.exclusive_share",
            "exclusive share",
            "revenue of the market's companies the vendor reaches and no other vendor does "
            "/ the market's revenue",
        ),
        _m(
            "access.<market>.vendors.<vendor>.contested_share",
            "contested share",
            "foreclosure share − exclusive share: companies the vendor reaches with another",
        ),
        _m(
            "access.<market>.any_vendor_share",
            "reached by any vendor",
            "revenue of the market's companies some vendor reaches / the market's revenue",
        ),
        _m(
            "access.<market>.vendors.<vendor>.foreclosure_share_by_count",
            "foreclosure share by count",
            "the market's companies in the vendor's reach / the market's companies in the data",
        ),
        _m(
            "access.<market>.vendors.<vendor>.exclusive_share_by_count",
            "exclusive share by count",
            "the market's companies only the vendor reaches / the market's companies in the data",
        ),
        _m(
            "access.<market>.vendors.<vendor>.contested_share_by_count",
            "contested share by count",
            "foreclosure share by count − exclusive share by count",
        ),
        _m(
            "access.<market>.any_vendor_share_by_count",
            "reached by any vendor, by count",
            "the market's companies some vendor reaches / the market's companies in the data",
        ),
        _m(
            "concentration.<market>.company_hhi",
            "company HHI",
            "10,000 · Σ s_j² over the market's companies, s_j = revenue / the market's revenue",
        ),
        _m(
            "concentration.<market>.company_cr4",
            "company CR4",
            "the sum of the four largest company shares",
        ),
        _m(
            "common_ownership.<market>.delta_mhhi",
            "ΔMHHI",
            "the part of the MHHI due to owners holding several of the market's companies",
        ),
        _m(
            "common_ownership.<market>.mhhi",
            "MHHI",
            "company HHI + ΔMHHI: the modified HHI of O'Brien and Salop",
        ),
        _m(
            "vendor_market.<market>.hhi",
            "vendor-market HHI",
            "10,000 · Σ share² over the vendors' shares of the market in vendor_shares.csv",
        ),
        _m(
            "vendor_market.<market>.cr4",
            "vendor-market CR4",
            "the sum of the four largest vendor shares listed in vendor_shares.csv",
        ),
    ]
)

#: what each value of ``denominator`` means, in the words every output uses
DENOMINATORS = {
    "market_total": "of the market's total revenue from markets.csv",
    "companies_in_data": "of the companies in the data, not of the whole market",
}


def denominator_text(entry: dict[str, Any]) -> str:
    """The denominator of an access or concentration entry, in words, with its source."""
    text = DENOMINATORS[entry["denominator"]]
    source = entry.get("market_revenue_source")
    return f"{text} (source: {source})" if source else text


def measures() -> dict[str, Any]:
    """Every measure and denominator as plain data (the API's ``/api/measures``)."""
    return {
        "measures": {key: asdict(m) for key, m in MEASURES.items()},
        "denominators": DENOMINATORS,
    }
