"""Names of the airline firms in the 13F extract, by CRSP ``permno``.

The extract has no firm names, only ``permno`` and ``cusip``. These names are
the issuers of the CUSIPs as listed in the data's provenance notes; a firm
that is not listed here is named by its CUSIP.

>>> AIRLINE_NAMES[21020]
'American Airlines Group'
"""

from __future__ import annotations

__all__ = ["AIRLINE_NAMES"]

AIRLINE_NAMES: dict[int, str] = {
    21020: "American Airlines Group",
    91926: "Delta Air Lines",
    26112: "Delta Air Lines (before 2007)",
    58683: "Southwest Airlines",
    91103: "United Continental Holdings",
    19596: "UAL Corporation",
    28804: "Alaska Air Group",
    89353: "JetBlue Airways",
    81666: "Hawaiian Holdings",
    79640: "Continental Airlines (class A)",
    79641: "Continental Airlines (class B)",
    80670: "AirTran Holdings",
    90893: "US Airways Group",
    28847: "US Airways Group (91190510)",
    91682: "US Airways Group (91190550)",
    92013: "Northwest Airlines",
}
