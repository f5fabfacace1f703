"""The real 2026 JV graph (``graph/jv-2026``) from the shared public files.

Input: a folder with ``jv_2026_reported/`` (``jvs.csv``, ``partners.csv``: what May 2026
reporting says of the two ventures, each row with the URLs that state it) and
``pe_portfolios/`` (portfolio lists from the firms' websites, see
:mod:`jvgraph.importers.pe_portfolios`). Output: a dataset in the data contract.

- the vendors and the two JVs with their reported names (``aliases``), ``announced`` and
  ``launched`` dates, capital (``size_usd``), valuation, the vendor's commitment and the
  number of partners reported (``partners_reported``: 19 for the Deployment Company, of
  which 14 are named; the 5 unnamed are not in the graph);
- every named partner, one node per legal firm (:mod:`~jvgraph.importers.entity_resolution`)
  with its ``kind``, and its ``role`` and ``commitment_usd`` per JV where reported;
- the portfolio companies of the partners whose lists the files hold, and their holdings
  (no stakes: none is stated). ``portfolio_known`` says which partners' portfolios the
  graph holds: Advent International, Bain Capital (its private-equity business's list)
  and General Atlantic; false for every other partner, Blackstone included, whose only
  list here is a credit vehicle's loans;
- ``source`` on every row: the URLs of the reported facts, the firm's own portfolio page
  where the source gives it, else the scraping project's file at its commit and the day
  the list was read. Several sources are separated by ``; ``.

Beside the contract files: ``firm_aliases.csv`` (the alias list used), ``entity_matches.csv``
(which listings became which company, and why), ``possible_duplicates.csv`` (names alike
but kept apart, for review) and ``import-summary.json``.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import pandas as pd

from jvgraph.errors import DataError, Problem
from jvgraph.importers.crunchbase import slug
from jvgraph.importers.entity_resolution import (
    FIRMS,
    JOINT_VENTURES,
    Firm,
    find_firm,
    firm,
    name_key,
    near_misses,
)
from jvgraph.importers.pe_portfolios import (
    LISTS,
    Listings,
    holding_dates,
    read_listings,
    read_table,
)
from jvgraph.importers.write import ImportSummary, write_dataset, write_review

__all__ = ["import_jv2026"]

_JVS = ("jv", "vendor", "reported_names", "announced_on", "launched_on", "capital_usd",
        "valuation_usd", "vendor_commitment_usd", "notes", "sources")  # fmt: skip
_PARTNERS = ("jv", "partner", "kind", "role", "commitment_usd", "sources", "note")


def _sources(text: str) -> str:
    """Space-separated URLs as ``; ``-separated entries."""
    return "; ".join(text.split())


def _join(values: list[str]) -> str:
    return "; ".join(dict.fromkeys(e for v in values for e in v.split("; ") if e))


def _aliases(f: Firm, *more: str) -> str:
    names = [a for a in (*f.alias_names, *more) if a and a != f.name]
    return " | ".join(dict.fromkeys(names))


def _reported_partners(note: str) -> str:
    """The number of partners a JV's note reports ("the 19 investors' commitment")."""
    found = re.search(r"\bthe (\d+) investors\b", note)
    return found.group(1) if found else ""


def _joint_ventures(jvs: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    vendors: dict[str, dict[str, Any]] = {}
    rows = []
    for r in jvs.itertuples():
        jv, vendor = JOINT_VENTURES[r.jv], firm(r.vendor)
        src = _sources(r.sources)
        vendors.setdefault(vendor.id, {"id": vendor.id, "name": vendor.name, "source": [],
                                       "aliases": _aliases(vendor)})  # fmt: skip
        vendors[vendor.id]["source"].append(src)
        rows.append({"id": jv.id, "name": jv.name, "vendor_id": vendor.id,
                     "size_usd": r.capital_usd, "announced": r.announced_on, "source": src,
                     "aliases": _aliases(jv), "launched": r.launched_on,
                     "valuation_usd": r.valuation_usd,
                     "vendor_commitment_usd": r.vendor_commitment_usd,
                     "partners_reported": _reported_partners(r.notes),
                     "reported_names": r.reported_names, "note": r.notes})  # fmt: skip
    vendor_rows = [dict(v, source=_join(v["source"])) for v in vendors.values()]
    return pd.DataFrame(vendor_rows), pd.DataFrame(rows)


def _partners(partners: pd.DataFrame) -> pd.DataFrame:
    jv_ids = {k: jv.id for k, jv in JOINT_VENTURES.items()}
    return pd.DataFrame(
        {
            "jv_id": partners["jv"].map(jv_ids),
            "manager_id": [firm(p).id for p in partners["partner"]],
            "commitment_usd": partners["commitment_usd"],
            "source": partners["sources"].map(_sources),
            "role": partners["role"],
            "partner_as_reported": partners["partner"],
            "note": partners["note"],
        }
    )


def _managers(partners: pd.DataFrame, rows: pd.DataFrame, known: dict[str, str]) -> pd.DataFrame:
    """One row per partner firm; ``known`` maps the firms whose lists are read to their
    list's source."""
    out = []
    reported = partners.assign(manager_id=rows["manager_id"])
    for manager_id, group in reported.groupby("manager_id", sort=False):
        f = next(x for x in FIRMS if x.id == manager_id)
        kinds = sorted(set(group["kind"]))
        if len(kinds) != 1:
            raise DataError([Problem("partners.csv", None, "kind", f"{f.name}: kinds {kinds}")])
        listed = known.get(str(manager_id))
        out.append({"id": manager_id, "name": f.name, "kind": kinds[0],
                    "source": _join([*group["sources"].map(_sources), listed or ""]),
                    "aliases": _aliases(f, *group["partner"]),
                    "portfolio_known": "true" if listed else "false",
                    "portfolio_as_of": _read_on(str(manager_id)) if listed else "",
                    "portfolio_source": listed or "", "note": f.note})  # fmt: skip
    return pd.DataFrame(out)


def _read_on(manager_id: str) -> str:
    return next(s.read_on for s in LISTS if firm(s.firm).id == manager_id)


def _company_ids(names: list[str]) -> list[str]:
    slugs = [slug(name_key(n)) or "x" for n in names]
    counts = pd.Series(slugs).value_counts()
    return [
        f"pc-{s}" + (f"-{hashlib.sha1(n.encode()).hexdigest()[:6]}" if counts[s] > 1 else "")
        for s, n in zip(slugs, names, strict=True)
    ]


def _first(values: pd.Series) -> str:
    found = [v for v in values if v]
    return found[0] if found else ""


def _companies(listings: Listings) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    rows = listings.rows
    groups = rows.groupby("entity", sort=False)
    names = groups["name"].first()
    ids = dict(zip(names.index, _company_ids(names.tolist()), strict=True))
    out = []
    for entity, g in groups:
        published = _first(g["sectors_published"])
        same = [f.id for f in map(find_firm, g["name"]) if f is not None]
        out.append({"id": ids[entity], "name": g["name"].iat[0],
                    "sector": published if published and ";" not in published else "",
                    "source": _join([*g["source"], *g["company_source"]]),
                    "aliases": " | ".join(dict.fromkeys(n for n in g["name"] if n != g["name"].iat[0])),
                    "website": _first(g["website"]), "same_as": same[0] if same else "",
                    "industry_third_party": _first(g["industry_category_third_party"]),
                    "sectors_published": published})  # fmt: skip
    rows = rows.assign(company_id=rows["entity"].map(ids))
    return pd.DataFrame(out), _holdings(rows), _matches(rows)


def _holdings(rows: pd.DataFrame) -> pd.DataFrame:
    dates = [
        holding_dates(r.investment_year, r.status, r.exit_year, r.read_on)
        for r in rows.itertuples()
    ]
    since, since_p, until, until_p = (list(x) for x in zip(*dates, strict=True))
    return pd.DataFrame(
        {
            "owner_id": rows["list"],
            "company_id": rows["company_id"],
            "stake": "",
            "control": "",
            "since": since,
            "until": until,
            "source": rows["source"],
            "since_precision": since_p,
            "until_precision": until_p,
            "status_listed": rows["status"],
        }
    ).fillna("")


def _matches(rows: pd.DataFrame) -> pd.DataFrame:
    """Each listing and the company it became: by name key, by website, or alone."""
    first = rows.groupby("entity")["name"].transform("first").map(name_key)
    lead = ~rows["entity"].duplicated()
    size = rows.groupby("entity")["name"].transform("size")
    same = rows["name"].map(name_key) == first
    how = [
        "listed once" if n == 1 else "its name is shown" if top else "name" if k else "website"
        for n, top, k in zip(size, lead, same, strict=True)
    ]
    return pd.DataFrame({"company_id": rows["company_id"], "list": rows["list"],
                         "name_listed": rows["name"], "website": rows["website"],
                         "matched_by": how}).sort_values(["company_id", "list"], kind="stable")  # fmt: skip


def _alias_table() -> pd.DataFrame:
    rows = [
        {"id": f.id, "name": f.name, "alias": alias, "where": where, "note": f.note}
        for f in (*FIRMS, *JOINT_VENTURES.values())
        for alias, where in (f.aliases or (("", ""),))
    ]
    return pd.DataFrame(rows)


def import_jv2026(data: str | Path, out: str | Path) -> ImportSummary:
    """Write the jv-2026 dataset from the shared ``data`` folder into the new folder ``out``."""
    data, out = Path(data), Path(out)
    jvs = read_table(data / "jv_2026_reported" / "jvs.csv", _JVS)
    reported = read_table(data / "jv_2026_reported" / "partners.csv", _PARTNERS)
    vendors, joint_ventures = _joint_ventures(jvs)
    partner_rows = _partners(reported)
    listings = read_listings(data / "pe_portfolios", set(partner_rows["manager_id"]))
    known = listings.sources
    companies, holdings, matches = _companies(listings)
    summary = ImportSummary(
        source="jv_2026_reported/ and pe_portfolios/ (shared data)", out=str(out)
    )
    tables = {"vendors": vendors, "joint_ventures": joint_ventures, "jv_partners": partner_rows,
              "asset_managers": _managers(reported, partner_rows, known),
              "companies": companies, "holdings": holdings}  # fmt: skip
    summary.cleanups = {
        "listings_read": len(listings.rows),
        "listings_merged_into_another": int(len(listings.rows) - len(companies)),
        "companies_that_are_a_vendor_or_partner": int((companies["same_as"] != "").sum()),
        "exits_without_a_year_ended_by_the_read_day": int((holdings["until_precision"] == "before").sum()),
        "blackstone_credit_names_left_out_as_loans": listings.credit_names,
        "partners_without_portfolio_data": int((tables["asset_managers"]["portfolio_known"] == "false").sum()),
    }  # fmt: skip
    write_dataset(out, tables, summary)
    names = list(zip(listings.rows["list"], listings.rows["name"], strict=True))
    alike = near_misses(names, listings.rows["entity"].tolist())
    for name, frame in (("firm_aliases", _alias_table()), ("entity_matches", matches),
                        ("possible_duplicates", alike)):  # fmt: skip
        write_review(frame, out / f"{name}.csv")
    return summary
