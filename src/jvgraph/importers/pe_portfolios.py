"""Portfolio companies as investment firms list them on their websites (``pe_portfolios``).

The files come from the JLemieux66/PE scraping project (Apache-2.0; commit
:data:`PE_COMMIT`, scraped October 2025): ``holdings.csv`` (one row per firm and company,
eight firms), ``advent_sectors.csv`` (Advent International's own sectors and the company
websites its site gives) and ``general_atlantic.csv`` (names and websites). Only the firms
in :data:`LISTS` that a JV names as a partner are read; ``blackstone_bdc_names.csv`` lists a
credit vehicle's loans, which are not ownership, and is never read as holdings.

Dates: the sources give years at most. A holding counts from 1 January of its
``investment_year`` (``since_precision=year``; no year: an open start). An exit with a
year ends on 1 January of that year (``until_precision=year``); an exit without one ended
on or before the day the list was read (``until`` is that day, ``until_precision=before``),
so it never counts after it. Companies listed without an exit count as held, with an
open end. No source states a stake, so stakes are empty.

>>> holding_dates("2019", "Active", "", "2025-10-26")
('2019-01-01', 'year', None, None)
>>> holding_dates("", "Exit", "", "2025-10-26")
(None, None, '2025-10-26', 'before')
>>> holding_dates("2012", "Exit", "2018", "2025-10-26")
('2012-01-01', 'year', '2018-01-01', 'year')
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from jvgraph.errors import DataError, Problem
from jvgraph.importers.entity_resolution import (
    NOT_COMPANY_SITES,
    find_firm,
    match_companies,
    website_host,
)

__all__ = [
    "LISTS",
    "PE_COMMIT",
    "PE_REPO",
    "Listings",
    "PortfolioList",
    "holding_dates",
    "list_source",
    "read_listings",
    "read_table",
    "repo_file",
]

PE_REPO = "https://github.com/JLemieux66/PE"
PE_COMMIT = "b19301e9d16dbb133a8a086da3866b101b5c2ce8"


def repo_file(path: str) -> str:
    """The URL of a file of the scraping project at :data:`PE_COMMIT`."""
    return f"{PE_REPO}/blob/{PE_COMMIT}/{path}"


@dataclass(frozen=True)
class PortfolioList:
    """Where one firm's list comes from, and the day it was read."""

    firm: str  # the firm column of the source file
    file: str  # the pe_portfolios file holding it
    origin: str  # the file of the scraping project
    read_on: str  # YYYY-MM-DD
    read_note: str  # how sure the day is


#: the lists read, in the order their names win when companies merge
LISTS = (
    PortfolioList(
        "Advent International", "holdings.csv", "pe_portfolio_v2.db", "2025-10-26",
        "the scrape time of its rows",
    ),
    PortfolioList(
        "Bain Capital Private Equity", "holdings.csv", "pe_portfolio_v2.db", "2025-10-26",
        "the scrape time of its rows",
    ),
    PortfolioList(
        "General Atlantic", "general_atlantic.csv", "data/raw/json/general_atlantic_portfolio.json",
        "2025-10-29", "the day the file was added to the project (commit 00a1b4a1); it has no date",
    ),
)  # fmt: skip

_HOLDINGS = ("firm", "company", "website", "industry_category_third_party", "investment_year",
             "status", "exit_year", "source_url", "scraped_at")  # fmt: skip


def holding_dates(
    investment_year: str, status: str, exit_year: str, read_on: str
) -> tuple[str | None, str | None, str | None, str | None]:
    """``(since, since_precision, until, until_precision)`` by the module's rule."""
    year, exit_ = investment_year.strip(), exit_year.strip()
    since = (f"{int(year):04d}-01-01", "year") if year else (None, None)
    if status.strip().lower() != "exit":
        return (*since, None, None)
    if exit_:
        return (*since, f"{int(exit_):04d}-01-01", "year")
    return (*since, read_on, "before")


def read_table(path: Path, columns: tuple[str, ...]) -> pd.DataFrame:
    """A CSV file as text cells, stripped; a missing file or column is a :class:`DataError`."""
    if not path.is_file():
        raise DataError([Problem(str(path), None, None, "no such file")])
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataError([Problem(path.name, 1, c, "required column is missing") for c in missing])
    return frame.map(str.strip)


@dataclass
class Listings:
    """Every company listing of the partners' lists, one row each, with its ``entity``."""

    rows: pd.DataFrame
    sources: dict[str, str]  # firm id -> where its list comes from
    credit_names: int  # the Blackstone credit vehicle's names, left out


def list_source(spec: PortfolioList) -> str:
    """Where a firm's whole list comes from, and when it was read."""
    return f"{repo_file(spec.origin)} ({spec.firm}'s portfolio page, read by {spec.read_on})"


def _page(row: pd.Series, spec: PortfolioList) -> str:
    """The source of one listing: the firm's own page where the row gives it."""
    if row["source_url"]:
        return f"{row['source_url']} (scraped {spec.read_on})"
    return list_source(spec)


def _scraped(folder: Path, spec: PortfolioList, advent: pd.DataFrame) -> pd.DataFrame:
    rows = read_table(folder / spec.file, _HOLDINGS)
    rows = rows[rows["firm"] == spec.firm].copy()
    rows["source"] = [_page(r, spec) for _, r in rows.iterrows()]
    site = rows["website"].where(~rows["website"].map(website_host).isin(NOT_COMPANY_SITES), "")
    rows["website"] = site
    if spec.firm == "Advent International":  # Advent's own data: its sectors and websites
        own = advent.set_index("company")
        rows["sectors_published"] = rows["company"].map(own["sectors_published_by_firm"])
        rows["website"] = rows["company"].map(own["website"]).fillna("")
        sectors = repo_file("data/raw/json/advent_portfolio.json")
        rows["company_source"] = f"{sectors} (Advent's sectors and company websites)"
    return rows


def _general_atlantic(folder: Path, spec: PortfolioList) -> pd.DataFrame:
    rows = read_table(folder / spec.file, ("firm", "company", "website"))
    rows = rows[rows["firm"] == spec.firm].copy()
    rows["source"] = list_source(spec)
    return rows


def read_listings(folder: Path, partners: set[str]) -> Listings:
    """The lists of :data:`LISTS` whose firm is one of ``partners`` (firm ids), matched."""
    advent = read_table(
        folder / "advent_sectors.csv", ("company", "website", "sectors_published_by_firm")
    )
    parts, sources = [], {}
    for spec in LISTS:
        owner = find_firm(spec.firm)
        if owner is None or owner.id not in partners:
            continue
        rows = (
            _general_atlantic(folder, spec)
            if spec.file == "general_atlantic.csv"
            else _scraped(folder, spec, advent)
        )
        rows["list"], rows["read_on"] = owner.id, spec.read_on
        parts.append(rows)
        sources[owner.id] = list_source(spec)
    listings = pd.concat(parts, ignore_index=True).reindex(
        columns=[*parts[0].columns, "company_source", "sectors_published"]
    )
    listings = listings.loc[:, ~listings.columns.duplicated()].fillna("")
    listings = listings.rename(columns={"company": "name"})
    listings["entity"] = match_companies(listings)
    credit = read_table(folder / "blackstone_bdc_names.csv", ("firm", "company"))
    return Listings(listings, sources, len(credit))
