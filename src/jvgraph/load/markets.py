"""Checks of the optional market tables, ``markets.csv`` and ``vendor_shares.csv``.

A row of either names a market as a value of a company column (``grouping``,
``sector`` when empty). The checks see the dataset together with what the store
holds, since a load adds to the store:

- the grouping must be a company column that defines markets, and some company
  (in the dataset or the store) must have the market as its value;
- ``markets.csv``: a market once per grouping; its ``total_revenue_usd`` must not be
  below the revenue of the market's companies in the data (a later load of companies
  must not push that revenue above a stored total either);
- ``vendor_shares.csv``: a vendor once per market, and a market's shares (the new rows
  and the stored rows they do not replace) summing to at most 1.

>>> import pyarrow as pa
>>> table = pa.table({"grouping": ["", None, "country"], "market": ["a", "b", "c"]})
>>> fill_grouping(table).column("grouping").to_pylist()
['sector', 'sector', 'country']
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from jvgraph.errors import Problem
from jvgraph.model import DEFAULT_GROUPING, MARKET_COLUMNS, TABLES

__all__ = ["check_market_tables", "fill_grouping"]

_TOLERANCE = 1e-9


def fill_grouping(table: pa.Table) -> pa.Table:
    """``table`` with an empty ``grouping`` made the default grouping (``sector``)."""
    column = table.column("grouping")
    empty = pc.fill_null(pc.equal(column, ""), True)
    filled = pc.if_else(empty, pa.scalar(DEFAULT_GROUPING, pa.string()), column)
    return table.set_column(table.schema.get_field_index("grouping"), "grouping", filled)


def check_market_tables(
    tables: dict[str, Any], existing: Any, unsure: frozenset[str] | set[str]
) -> list[Problem]:
    """Every problem of ``markets`` and ``vendor_shares`` given the companies of the
    dataset and of the store (``tables`` are :class:`~jvgraph.load.validate.Located`)."""
    markets, shares = tables["markets"], tables["vendor_shares"]
    stored_markets = _stored(existing, "markets")
    stored_shares = _stored(existing, "vendor_shares")
    if not (markets.table.num_rows or shares.table.num_rows or len(stored_markets)):
        return []
    companies = _companies(tables["companies"], existing)
    problems = _known_markets(markets, companies) + _known_markets(shares, companies)
    revenue = _revenue_by_market(companies, markets, stored_markets)
    if tables["companies"].file not in unsure:  # a bad revenue cell would make sums wrong
        problems += _totals(markets, revenue)
        problems += _stored_totals(markets, stored_markets, revenue, tables["companies"], existing)
    problems += _duplicates(markets, "market")
    problems += _duplicates(shares, "vendor")
    if shares.file not in unsure:
        problems += _share_sums(shares, stored_shares)
    return problems


def _stored(existing: Any, name: str) -> pd.DataFrame:
    table = getattr(existing, name, None)
    if table is None or not table.num_rows:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in TABLES[name].names})
    return table.to_pandas()


def _companies(located: Any, existing: Any) -> pd.DataFrame:
    """The companies after the load: the dataset's rows, then the store's other ones."""
    new = located.table.to_pandas()
    new["at_line"] = located.lines
    stored = getattr(existing, "companies", None)
    if stored is None or not stored.num_rows:
        return new
    old = stored.to_pandas()
    old = old[~old["id"].isin(new["id"])]
    old["at_line"] = -1
    return pd.concat([new, old], ignore_index=True)


def _frame(located: Any) -> pd.DataFrame:
    df = located.table.to_pandas()
    df["at_line"] = located.lines
    return df[df["market"].notna()]


def _groupings(companies: pd.DataFrame) -> set[str]:
    contract = TABLES["companies"].names
    return {c for c in companies.columns if c in MARKET_COLUMNS or c not in (*contract, "at_line")}


def _known_markets(located: Any, companies: pd.DataFrame) -> list[Problem]:
    """Rows whose grouping is no market column or whose market no company has."""
    df = _frame(located)
    allowed = _groupings(companies)
    values = {c: set(companies[c].dropna().astype(str)) for c in allowed}
    problems = []
    for row in df.itertuples():
        if row.grouping not in allowed:
            msg = (
                f"'{row.grouping}' is not a company column that defines markets "
                f"(use one of {', '.join(sorted(allowed))})"
            )
            problems.append(Problem(located.file, int(row.at_line), "grouping", msg))
        elif row.market not in values[row.grouping]:
            msg = f"unknown market: no company has {row.grouping} '{row.market}'"
            problems.append(Problem(located.file, int(row.at_line), "market", msg))
    return problems


def _revenue_by_market(
    companies: pd.DataFrame, markets: Any, stored: pd.DataFrame
) -> dict[tuple[str, str], float]:
    """The companies' summed revenue per (grouping, market) named in a markets table."""
    wanted = pd.concat([_frame(markets)[["grouping", "market"]], stored[["grouping", "market"]]])
    out: dict[tuple[str, str], float] = {}
    for grouping in wanted["grouping"].dropna().unique():
        if grouping not in companies.columns:
            continue
        sums = companies.groupby(companies[grouping].astype(object))["revenue_usd"].sum()
        out.update({(str(grouping), str(m)): float(v) for m, v in sums.items()})
    return out


def _above(revenue: float, total: float) -> bool:
    return revenue > total * (1 + _TOLERANCE) + _TOLERANCE


def _totals(markets: Any, revenue: dict[tuple[str, str], float]) -> list[Problem]:
    problems = []
    for row in _frame(markets).itertuples():
        have, total = revenue.get((row.grouping, row.market)), row.total_revenue_usd
        if have is not None and pd.notna(total) and total >= 0 and _above(have, total):
            msg = (
                f"{total:,.6g} is below the revenue of the companies of "
                f"{row.grouping} '{row.market}' in the data ({have:,.6g}): the total is the "
                "whole market's"
            )
            problems.append(Problem(markets.file, int(row.at_line), "total_revenue_usd", msg))
    return problems


def _stored_totals(
    markets: Any,
    stored: pd.DataFrame,
    revenue: dict[tuple[str, str], float],
    companies: Any,
    existing: Any,
) -> list[Problem]:
    """Stored totals the new companies would exceed (unless the dataset replaces them)."""
    replaced = set(zip(_frame(markets)["grouping"], _frame(markets)["market"], strict=True))
    new = _changed_companies(companies, existing)
    problems = []
    for row in stored.itertuples():
        key = (row.grouping, row.market)
        have = revenue.get(key)
        if key in replaced or have is None or not _above(have, row.total_revenue_usd):
            continue
        if row.grouping not in new.columns:
            continue
        mine = new[new[row.grouping].astype(object) == row.market]
        if mine.empty:
            continue  # no company of the dataset is in the market or changed its revenue
        msg = (
            f"the companies of {row.grouping} '{row.market}' would have revenue {have:,.6g}, "
            f"above the market's total of {row.total_revenue_usd:,.6g} stored from "
            f"markets.csv (load a larger total with them)"
        )
        problems.append(Problem(companies.file, int(mine["at_line"].max()), "revenue_usd", msg))
    return problems


def _changed_companies(companies: Any, existing: Any) -> pd.DataFrame:
    """The dataset's companies that are new to the store or change their revenue."""
    new = companies.table.to_pandas()
    new["at_line"] = companies.lines
    stored = getattr(existing, "companies", None)
    if stored is None or not stored.num_rows:
        return new
    before = stored.select(["id", "revenue_usd"]).to_pandas().set_index("id")["revenue_usd"]
    old = before.reindex(new["id"]).to_numpy()
    now = new["revenue_usd"].to_numpy()
    same = (old == now) | (pd.isna(old) & pd.isna(now))
    return new[~same]


def _duplicates(located: Any, column: str) -> list[Problem]:
    """Rows repeating the key of an earlier row (``column`` is the key's last column)."""
    df = _frame(located)
    key = ["grouping", "market"] if column == "market" else ["grouping", "market", "vendor"]
    dup = df[df.duplicated(key, keep="first")]
    first = df.drop_duplicates(key).set_index(key)["at_line"]
    problems = []
    for row in dup.itertuples():
        at = first.loc[tuple(getattr(row, k) for k in key)]
        what = (
            f"{row.grouping} '{row.market}' is listed twice"
            if column == "market"
            else f"vendor '{row.vendor}' is listed twice for {row.grouping} '{row.market}'"
        )
        problems.append(
            Problem(located.file, int(row.at_line), column, f"{what} (first at line {at})")
        )
    return problems


def _share_sums(shares: Any, stored: pd.DataFrame) -> list[Problem]:
    new = _frame(shares)
    if new.empty:
        return []
    keys = set(zip(new["grouping"], new["market"], new["vendor"], strict=True))
    stored_keys = zip(stored["grouping"], stored["market"], stored["vendor"], strict=True)
    kept = stored[np.array([k not in keys for k in stored_keys], dtype=bool)]
    both = pd.concat([new.drop_duplicates(["grouping", "market", "vendor"]), kept])
    sums = both.groupby(["grouping", "market"])["share"].sum()
    problems = []
    for (grouping, market), total in sums.items():
        if total <= 1 + _TOLERANCE:
            continue
        rows = new[(new["grouping"] == grouping) & (new["market"] == market)]
        if rows.empty:
            continue
        before = (kept["grouping"] == grouping) & (kept["market"] == market)
        stored_note = " with the shares stored before" if before.any() else ""
        msg = (
            f"the vendor shares of {grouping} '{market}' sum to {total:.6g}{stored_note}, "
            "more than 1"
        )
        problems.append(Problem(shares.file, int(rows["at_line"].max()), "share", msg))
    return problems
