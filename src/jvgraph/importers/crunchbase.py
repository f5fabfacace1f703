"""Crunchbase investor → company links → a jvgraph dataset.

Input: an investments file with ``company_name, investor_name, funded_when,
amount_usd`` (one row per investor and round) and, optionally, a companies
file with ``name, category_code, country_code, permalink`` (Crunchbase's
2013 export: old-Mac line endings and Latin-1 bytes are handled). Investors
become asset managers, funded companies become portfolio companies, and each
investor–company pair becomes one holding from its first round on, with no
known stake (Crunchbase does not state one). A company's sector is its
``category_code``.

Names are the only key, so they are normalised (Unicode NFKC, whitespace
collapsed, case folded) and nothing is guessed beyond that:

- spellings that normalise alike are one entity, and are listed;
- a name the companies file holds more than once (a homonym) gets no
  category: it is listed, and its company's sector is ``unclassified``;
- a funded company missing from the companies file is listed and is
  ``unclassified`` too.

The lists are written beside the dataset (``name_variants.csv``,
``homonyms.csv``, ``unmatched_companies.csv``).

>>> normalise_name("  Sequoia   Capital ")
'sequoia capital'
>>> slug("Ben & Jerry's")
'ben-jerry-s'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from jvgraph.errors import DataError, Problem
from jvgraph.importers.write import ImportSummary, staged, write_into, write_review

__all__ = ["SOURCE_CRUNCHBASE", "UNCLASSIFIED", "import_crunchbase", "normalise_name", "slug"]

#: the attribution Crunchbase's CC-BY licence asks for, on every imported row
SOURCE_CRUNCHBASE = "Source: CrunchBase (crunchbase.com), CC-BY, 2013 snapshot"
#: the sector of a company whose category is not known
UNCLASSIFIED = "unclassified"
INVESTMENT_COLUMNS = ("company_name", "investor_name", "funded_when")
COMPANY_COLUMNS = ("name", "category_code")


def normalise_name(name: str) -> str:
    """The matching key of a name: NFKC, whitespace collapsed, case folded."""
    return " ".join(unicodedata.normalize("NFKC", name).split()).casefold()


def slug(key: str) -> str:
    """Lower-case letters and digits of ``key``, other runs turned into ``-``."""
    return re.sub(r"[^a-z0-9]+", "-", key.casefold()).strip("-")


def _ids(prefix: str, keys: Iterable[str]) -> dict[str, str]:
    """A readable, unique id per key; colliding slugs get a short hash of the key."""
    keys = list(keys)
    slugs = {k: slug(k) or "x" for k in keys}
    counts = pd.Series(list(slugs.values())).value_counts()
    out = {}
    for key, s in slugs.items():
        if counts[s] > 1:
            s = f"{s}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:6]}"
        out[key] = f"{prefix}{s}"
    return out


def _read(path: Path, columns: tuple[str, ...], **kwargs: str) -> pd.DataFrame:
    if not path.is_file():
        raise DataError([Problem(str(path), None, None, "no such file")])
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, **kwargs)
    except (OSError, ValueError, UnicodeDecodeError) as err:
        raise DataError([Problem(path.name, None, None, f"cannot be read: {err}")]) from None
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataError([Problem(path.name, 1, c, "required column is missing") for c in missing])
    return frame


def read_companies(path: Path) -> pd.DataFrame:
    """The companies file; Crunchbase's 2013 export uses ``\\r`` line ends and Latin-1."""
    raw = path.read_bytes() if path.is_file() else b""
    if b"\r" in raw and b"\n" not in raw:
        return _read(path, COMPANY_COLUMNS, lineterminator="\r", encoding="latin-1")
    try:
        raw.decode("utf-8")
        return _read(path, COMPANY_COLUMNS, encoding="utf-8")
    except UnicodeDecodeError:
        return _read(path, COMPANY_COLUMNS, encoding="latin-1")


def _variants(names: pd.Series) -> pd.DataFrame:
    """Keys written in more than one way: key, spellings."""
    frame = pd.DataFrame({"key": names.map(normalise_name), "name": names}).drop_duplicates()
    grouped = frame.groupby("key")["name"].agg(lambda s: " | ".join(sorted(s)))
    counts = frame.groupby("key").size()
    return grouped[counts > 1].rename("spellings").reset_index()


def _investments(path: Path, summary: ImportSummary) -> pd.DataFrame:
    rows = _read(path, INVESTMENT_COLUMNS, encoding="utf-8")
    rows["company_name"] = rows["company_name"].str.strip()
    rows["investor_name"] = rows["investor_name"].str.strip()
    blank = (rows["company_name"] == "") | (rows["investor_name"] == "")
    summary.cleanups["dropped_rows_without_a_name"] = int(blank.sum())
    rows = rows[~blank].copy()
    rows["company_key"] = rows["company_name"].map(normalise_name)
    rows["investor_key"] = rows["investor_name"].map(normalise_name)
    day = pd.to_datetime(rows["funded_when"], format="%Y-%m-%d", errors="coerce")
    summary.cleanups["rows_without_a_valid_date"] = int(day.isna().sum())
    rows["funded"] = day.dt.strftime("%Y-%m-%d")
    return rows


def _classify(
    rows: pd.DataFrame, companies: pd.DataFrame | None, out: Path, summary: ImportSummary
) -> pd.DataFrame:
    """One row per funded company: key, name, sector, country, permalink."""
    firms = rows.groupby("company_key", sort=True)["company_name"].first().rename("name")
    table = firms.reset_index()
    table["sector"] = UNCLASSIFIED
    if companies is None:
        summary.cleanups["unmatched_companies"] = len(table)
        return table
    companies = companies.assign(key=companies["name"].map(normalise_name))
    dup = companies["key"].duplicated(keep=False)
    homonyms = companies[dup].sort_values("key")
    write_review(homonyms, out / "homonyms.csv")
    unique = companies[~dup].set_index("key")
    known = table["company_key"].isin(unique.index)
    ambiguous = table["company_key"].isin(set(homonyms["key"]))
    matched = unique.reindex(table["company_key"])
    table["sector"] = matched["category_code"].replace("", None).fillna(UNCLASSIFIED).to_numpy()
    for column in ("country_code", "permalink", "funding_total_usd"):
        if column in unique.columns:
            table[column] = matched[column].to_numpy()
    unmatched = table.loc[~known & ~ambiguous, ["name"]]
    write_review(unmatched, out / "unmatched_companies.csv")
    summary.cleanups["matched_companies"] = int(known.sum())
    summary.cleanups["homonym_companies"] = int(ambiguous.sum())
    summary.cleanups["unmatched_companies"] = len(unmatched)
    summary.cleanups["matched_investment_rows"] = int(rows["company_key"].isin(unique.index).sum())
    return table


def _tables(rows: pd.DataFrame, firms: pd.DataFrame, source: str) -> dict[str, pd.DataFrame]:
    company_id = _ids("cb-co-", firms["company_key"])
    investors = rows.groupby("investor_key", sort=True)["investor_name"].first()
    investor_id = _ids("cb-inv-", investors.index)
    companies = pd.DataFrame(
        {
            "id": firms["company_key"].map(company_id),
            "name": firms["name"],
            "sector": firms["sector"],
            "country": firms.get("country_code"),
            "source": source,
        }
    )
    for column in ("permalink", "funding_total_usd"):
        if column in firms.columns:
            companies[column] = firms[column].to_numpy()
    managers = pd.DataFrame(
        {
            "id": investors.index.map(investor_id),
            "name": investors.to_numpy(),
            "kind": "investor",
            "source": source,
        }
    )
    pairs = rows.groupby(["investor_key", "company_key"], sort=True).agg(
        since=("funded", "min"), rounds=("funded", "size")
    )
    holdings = pd.DataFrame(
        {
            "owner_id": pairs.index.get_level_values(0).map(investor_id),
            "company_id": pairs.index.get_level_values(1).map(company_id),
            "stake": None,
            "since": pairs["since"].to_numpy(),
            "source": source,
            "rounds": pairs["rounds"].astype(str).to_numpy(),
        }
    )
    return {"companies": companies, "asset_managers": managers, "holdings": holdings}


def import_crunchbase(
    investments: Path,
    out: Path,
    *,
    companies: Path | None = None,
    categories: Iterable[str] = (),
    source: str = SOURCE_CRUNCHBASE,
) -> ImportSummary:
    """Import the investments file at ``investments`` (with the ``companies`` file for
    sectors; by default ``crunchbase_companies_10_2013.csv`` beside it) into ``out``.

    With ``categories``, only companies of those categories (and their investors) are kept.
    """
    summary = ImportSummary(source=str(investments), out=str(out))
    with staged(out) as stage:
        rows = _investments(investments, summary)
        summary.cleanups["input_rows"] = len(rows)
        default = investments.parent / "crunchbase_companies_10_2013.csv"
        company_file = companies or (default if default.is_file() else None)
        company_table = read_companies(company_file) if company_file else None
        variants = _variants(pd.concat([rows["company_name"], rows["investor_name"]]))
        write_review(variants, stage / "name_variants.csv")
        firms = _classify(rows, company_table, stage, summary)
        wanted = set(categories)
        if wanted:
            firms = firms[firms["sector"].isin(wanted)]
            rows = rows[rows["company_key"].isin(set(firms["company_key"]))]
            summary.cleanups["categories"] = sorted(wanted)
        both = set(rows["company_key"]) & set(rows["investor_key"])
        summary.cleanups["names_both_investor_and_company"] = len(both)
        write_into(stage, _tables(rows, firms, source), summary)
    return summary
