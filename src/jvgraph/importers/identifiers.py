"""Register identifiers: their normal forms, check digits and the node ids built from them.

The same firm gets the same node id in every import that knows one of its
identifiers, so datasets imported from different registers join on load
without any name matching:

- ``cik-0000102909``: an SEC filer, by its Central Index Key (10 digits);
- ``cusip-037833100``: a security in a 13F information table, by its CUSIP;
- ``lei-5493001KJTIIGC8Y1R12``: a legal entity, by its LEI (ISO 17442);
- ``gb-co-01234567``: a company on the UK register, by its Companies House number.

A GLEIF entity whose registration authority is Companies House (``RA000585``)
gets its ``gb-co-`` id, so its LEI and its PSC entries meet in one node.

>>> cik_id("102909")
'cik-0000102909'
>>> uk_company_number("sc 12345")
'SC012345'
>>> uk_company_number("1234567")
'01234567'
>>> cusip_ok("037833100"), cusip_ok("037833101")
(True, False)
>>> lei_ok("5493001KJTIIGC8Y1R12"), lei_ok("5493001KJTIIGC8Y1R13")
(True, False)
>>> isin_of_cusip("037833100")
'US0378331005'
"""

from __future__ import annotations

import re

__all__ = [
    "COMPANIES_HOUSE_RA",
    "cik_id",
    "cusip_id",
    "cusip_ok",
    "isin_of_cusip",
    "lei_id",
    "lei_ok",
    "normal_cik",
    "uk_company_id",
    "uk_company_number",
]

#: GLEIF's code for the UK's Companies House in its registration authorities list
COMPANIES_HOUSE_RA = "RA000585"

_UK_NUMBER = re.compile(r"^([A-Z]{2})?(\d{1,8})$")
_LEI = re.compile(r"^[0-9A-Z]{18}[0-9]{2}$")
_CUSIP = re.compile(r"^[0-9A-Z*@#]{9}$")


def normal_cik(text: str) -> str | None:
    """The 10-digit form of a CIK, or ``None`` for anything else."""
    text = text.strip()
    return text.zfill(10) if text.isdigit() and len(text) <= 10 else None


def cik_id(cik: str) -> str:
    """The node id of the SEC filer ``cik``."""
    return f"cik-{normal_cik(cik) or cik.strip()}"


def _cusip_value(char: str) -> int:
    if char.isdigit():
        return int(char)
    if char.isalpha():
        return ord(char) - ord("A") + 10
    return {"*": 36, "@": 37, "#": 38}[char]


def cusip_ok(cusip: str) -> bool:
    """Whether ``cusip`` is 9 characters with a valid check digit."""
    if not _CUSIP.match(cusip) or not cusip[8].isdigit():
        return False
    total = 0
    for i, char in enumerate(cusip[:8]):
        value = _cusip_value(char) * (2 if i % 2 else 1)
        total += value // 10 + value % 10
    return (10 - total % 10) % 10 == int(cusip[8])


def cusip_id(cusip: str) -> str:
    """The node id of the security ``cusip``."""
    return f"cusip-{cusip}"


def isin_of_cusip(cusip: str, country: str = "US") -> str:
    """The ISIN of a North American security: country code, CUSIP, Luhn check digit."""
    digits = "".join(str(int(c, 36)) for c in country + cusip)
    total = 0
    for i, char in enumerate(reversed(digits)):
        value = int(char) * (2 if i % 2 == 0 else 1)
        total += value // 10 + value % 10
    return f"{country}{cusip}{(10 - total % 10) % 10}"


def lei_ok(lei: str) -> bool:
    """Whether ``lei`` is 20 characters whose ISO 7064 MOD 97-10 check holds."""
    if not _LEI.match(lei):
        return False
    return int("".join(str(int(c, 36)) for c in lei)) % 97 == 1


def lei_id(lei: str) -> str:
    """The node id of the legal entity ``lei``."""
    return f"lei-{lei}"


def uk_company_number(text: str) -> str | None:
    """A Companies House number in its 8-character form (``01234567``, ``SC012345``), or
    ``None`` when ``text`` is not one (spaces and a lower-case prefix are forgiven)."""
    cleaned = re.sub(r"[\s.\-]", "", text.upper())
    match = _UK_NUMBER.match(cleaned)
    if not match:
        return None
    prefix, digits = match.group(1) or "", match.group(2)
    width = 8 - len(prefix)
    if len(digits) > width:
        return None
    return prefix + digits.zfill(width)


def uk_company_id(number: str) -> str:
    """The node id of the UK company ``number`` (already in its 8-character form)."""
    return f"gb-co-{number}"
