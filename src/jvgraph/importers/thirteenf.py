"""SEC 13F holdings → a jvgraph dataset, one snapshot per quarter.

The input has the columns of Backus, Conlon & Sinkinson's replication data
(``airlines.parquet``): ``mgrno`` (filer id), ``rdate`` (report date,
YYYYMMDD), ``mgrname``, ``permno`` (firm id), ``cusip``, ``shares`` and
``beta`` (the filer's ownership share of the firm, shares / shares
outstanding). Any Parquet or CSV file with these columns works.

Clean-ups, each counted in the import summary:

1. rows with ``beta >= 0.5`` are dropped, as the source does (and rows with
   no position, ``beta <= 0``);
2. manager consolidations (``mgrno_from → mgrno_to``) are applied;
3. rows of one manager and firm in one quarter, duplicated or made so by
   step 2, are summed, never overwritten;
4. where a firm's stakes in a quarter sum above 1 (the source's float32
   rounding, or filers reporting the same shares), they are scaled to sum 1.

A quarter's holdings count from its report date (``since``) until the next
quarter's report date (``until``, exclusive), so ``--as-of`` a report date
gives that quarter's snapshot.

With a shares file (:mod:`jvgraph.importers.firm_revenues`), the firms it names
get their revenue, so the market shares behind HHI and MHHI can be computed.

>>> parse_quarter("2015Q1")
datetime.date(2015, 3, 31)
>>> next_quarter_end(dt.date(2015, 12, 31))
datetime.date(2016, 3, 31)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from jvgraph.errors import DataError, Problem, UsageError
from jvgraph.importers.airline_names import AIRLINE_NAMES
from jvgraph.importers.firm_revenues import add_revenues, read_firm_revenues
from jvgraph.importers.write import ImportSummary, Rows, write_dataset

__all__ = [
    "SOURCE_13F",
    "import_13f",
    "next_quarter_end",
    "parse_quarter",
    "parse_quarters",
    "quarter_ends",
    "read_13f",
]

#: the ``source`` of every row an import of the bundled airline file writes
SOURCE_13F = "SEC 13F via Backus-Conlon-Sinkinson (2021) replication data (MIT)"
REQUIRED = ("mgrno", "rdate", "mgrname", "permno", "cusip", "beta")
_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
_ENDS = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}


def parse_quarter(text: str) -> dt.date:
    """The report date (quarter end) of ``YYYYQn``."""
    match = _QUARTER.match(text.strip().upper())
    if not match:
        raise UsageError(f"quarter {text!r} is not of the form YYYYQn, e.g. 2015Q1")
    month, day = _ENDS[int(match.group(2))]
    return dt.date(int(match.group(1)), month, day)


def quarter_ends(start: dt.date, end: dt.date) -> list[dt.date]:
    """The quarter ends from ``start`` to ``end``, both included.

    >>> [d.isoformat() for d in quarter_ends(dt.date(2015, 3, 31), dt.date(2015, 12, 31))]
    ['2015-03-31', '2015-06-30', '2015-09-30', '2015-12-31']
    """
    out: list[dt.date] = []
    day = parse_quarter(f"{start.year}Q{(start.month - 1) // 3 + 1}")
    while day <= end:
        if day >= start:
            out.append(day)
        day = next_quarter_end(day)
    return out


def parse_quarters(text: str) -> list[dt.date]:
    """The report dates of ``YYYYQn`` or of a range ``YYYYQn..YYYYQn``.

    >>> [d.isoformat() for d in parse_quarters("2014Q4..2015Q1")]
    ['2014-12-31', '2015-03-31']
    """
    first, dots, last = text.partition("..")
    if not dots:
        return [parse_quarter(text)]
    start, end = parse_quarter(first), parse_quarter(last)
    if end < start:
        raise UsageError(f"quarter range {text!r} ends before it starts")
    return quarter_ends(start, end)


def next_quarter_end(day: dt.date) -> dt.date:
    """The quarter end after ``day`` (itself a quarter end)."""
    quarter = (day.month - 1) // 3 + 1
    if quarter == 4:
        return dt.date(day.year + 1, 3, 31)
    month, end = _ENDS[quarter + 1]
    return dt.date(day.year, month, end)


def read_13f(path: Path) -> pd.DataFrame:
    """Read a 13F extract (Parquet or CSV), checking its columns."""
    if not path.is_file():
        raise DataError([Problem(str(path), None, None, "no such file")])
    try:
        frame = pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path)
    except (OSError, ValueError) as err:
        raise DataError([Problem(path.name, None, None, f"cannot be read: {err}")]) from None
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        problems = [Problem(path.name, 1, c, "required column is missing") for c in missing]
        raise DataError(problems)
    return frame


def _quarter_rows(frame: pd.DataFrame, quarters: Sequence[dt.date], file: str) -> pd.DataFrame:
    rdate = pd.to_numeric(frame["rdate"], errors="coerce")
    wanted = {int(q.strftime("%Y%m%d")) for q in quarters}
    have = set(rdate.dropna().astype(np.int64).unique())
    absent = sorted(wanted - have)
    if absent:
        first, last = (min(have), max(have)) if have else ("none", "none")
        raise UsageError(
            f"{file} has no report date {', '.join(map(str, absent))} (it covers {first} to {last})"
        )
    return frame[rdate.isin(wanted)].copy()


def _consolidations(path: Path | None) -> dict[int, int]:
    if path is None or not path.is_file():
        return {}
    table = pd.read_csv(path, encoding="utf-8-sig")
    for col in ("mgrno_from", "mgrno_to"):
        if col not in table.columns:
            raise DataError([Problem(path.name, 1, col, "required column is missing")])
    return dict(zip(table["mgrno_from"].astype(int), table["mgrno_to"].astype(int), strict=True))


def _clean(rows: pd.DataFrame, merge: dict[int, int], summary: ImportSummary) -> pd.DataFrame:
    # float32 betas as their shortest decimals, so 0.0003164268 stays 0.0003164268
    beta = rows["beta"].to_numpy(dtype=np.float32).astype(str).astype(np.float64)
    rows = rows.assign(beta=beta, mgrno=rows["mgrno"].astype(np.int64))
    big = rows["beta"] >= 0.5
    empty = rows["beta"] <= 0
    summary.cleanups["dropped_beta_0.5_or_more"] = int(big.sum())
    summary.cleanups["dropped_no_position"] = int(empty.sum())
    rows = rows[~big & ~empty]
    # a manager keeps the name it last filed under (some filings have none), also when
    # others are consolidated into it
    names = rows["mgrname"].astype("string").str.split().str.join(" ").replace("", pd.NA)
    rows = rows.assign(mgrname=names)
    own = rows.sort_values("rdate").groupby("mgrno")["mgrname"].last()  # last non-empty
    moved = rows["mgrno"].map(merge)
    summary.cleanups["consolidated_manager_rows"] = int(
        (moved.notna() & (moved != rows["mgrno"])).sum()
    )
    rows = rows.assign(mgrno=moved.fillna(rows["mgrno"]).astype(np.int64))
    rows["mgrname"] = rows["mgrno"].map(own).fillna(rows["mgrname"])
    key = ["rdate", "mgrno", "permno"]
    summary.cleanups["summed_duplicate_rows"] = int(rows.duplicated(key).sum())
    summed = rows.groupby(key, as_index=False, sort=True).agg(
        beta=("beta", "sum"), mgrname=("mgrname", "last"), cusip=("cusip", "last")
    )
    return _cap_sums(summed, summary)


def _cap_sums(rows: pd.DataFrame, summary: ImportSummary) -> pd.DataFrame:
    total = rows.groupby(["rdate", "permno"])["beta"].transform("sum")
    over = total > 1.0
    rows = rows.assign(beta=rows["beta"].where(~over, rows["beta"] / total))
    summary.cleanups["firm_quarters_scaled_to_sum_1"] = int(
        rows[over].groupby(["rdate", "permno"]).ngroups
    )
    summary.cleanups["largest_sum_before_scaling"] = float(total.max()) if len(total) else 0.0
    return rows


def _tables(rows: pd.DataFrame, source: str) -> dict[str, pd.DataFrame]:
    day = pd.to_datetime(rows["rdate"].astype(np.int64).astype(str), format="%Y%m%d").dt.date
    until = day.map(next_quarter_end)
    permno = rows["permno"].astype(np.int64)
    managers = rows.sort_values("rdate").groupby("mgrno", sort=True)["mgrname"].last()
    firms = rows.sort_values("rdate").groupby(permno, sort=True)["cusip"].last()
    companies = pd.DataFrame(
        {
            "id": [f"13f-firm-{p}" for p in firms.index],
            "name": [AIRLINE_NAMES.get(int(p), f"CUSIP {c}") for p, c in firms.items()],
            "sector": "Airlines",
            "source": source,
            "permno": firms.index.astype(str),
            "cusip": firms.to_numpy(),
        }
    )
    asset_managers = pd.DataFrame(
        {
            "id": [f"13f-mgr-{m}" for m in managers.index],
            "name": [f"13F filer {m}" if pd.isna(n) else str(n) for m, n in managers.items()],
            "kind": "13F filer",
            "source": source,
            "mgrno": managers.index.astype(str),
        }
    )
    holdings = pd.DataFrame(
        {
            "owner_id": "13f-mgr-" + rows["mgrno"].astype(str),
            "company_id": "13f-firm-" + permno.astype(str),
            "stake": rows["beta"].to_numpy(),
            "since": day.astype(str),
            "until": until.astype(str),
            "source": source,
        }
    )
    return {"companies": companies, "asset_managers": asset_managers, "holdings": holdings}


def import_13f(
    path: Path,
    out: Path,
    quarters: Sequence[dt.date],
    *,
    consolidations: Path | None = None,
    source: str = SOURCE_13F,
    shares: Path | None = None,
) -> ImportSummary:
    """Import the ``quarters`` (report dates) of the 13F extract at ``path`` into ``out``.

    ``consolidations`` is a CSV of ``mgrno_from,mgrno_to``; by default the
    ``manager_consolidations.csv`` beside ``path`` is used when it exists.
    ``shares`` is a shares file of the firms' revenues
    (:mod:`jvgraph.importers.firm_revenues`).
    """
    if not quarters:
        raise UsageError("name at least one quarter, e.g. --quarter 2015Q1")
    revenues = read_firm_revenues(shares) if shares else None
    frame = read_13f(path)
    rows = _quarter_rows(frame, quarters, path.name)
    merge_file = consolidations or path.parent / "manager_consolidations.csv"
    summary = ImportSummary(source=str(path), out=str(out))
    summary.cleanups["quarters"] = [q.isoformat() for q in sorted(quarters)]
    summary.cleanups["input_rows"] = len(rows)
    cleaned = _clean(rows, _consolidations(merge_file), summary)
    frames = _tables(cleaned, source)
    tables: dict[str, Rows] = dict(frames)
    if shares and revenues:
        companies = pa.Table.from_pandas(frames["companies"], preserve_index=False)
        tables["companies"] = add_revenues(companies, revenues, shares.name, summary)
    write_dataset(out, tables, summary)
    return summary
