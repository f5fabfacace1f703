"""Which 13F filings count for a quarter: reports, restatements, new-holdings amendments, notices.

The SEC's Form 13F data sets list each filing in ``SUBMISSION.tsv`` (accession
number, filing date, submission type, filer CIK, period of report) and its
cover page in ``COVERPAGE.tsv`` (amendment flag, number and type, report type,
the filing manager's name). For each filer and period this module keeps, in
order of filing date and amendment number:

- the latest holdings report (``13F-HR``) or amendment of type
  ``RESTATEMENT``, which replaces everything the filer reported for the period
  before it;
- every later amendment of type ``NEW HOLDINGS``, which adds to it;

and counts, holding nothing, the notices (``13F-NT``, ``13F-NT/A`` or report type
``13F NOTICE``: another manager reports the holdings). An amendment whose type
is empty is treated as a restatement and counted.

Dates in the tables are ``DD-MON-YYYY`` (``31-MAR-2024``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from jvgraph.errors import DataError, Problem
from jvgraph.importers.tables import Source, dates, numbers, stream

__all__ = ["DATE_FORMAT", "VALUE_IN_DOLLARS_FROM", "Filings", "read_filings"]

DATE_FORMAT = "%d-%b-%Y"
#: filings made on or after this day state VALUE in dollars; earlier ones in thousands
VALUE_IN_DOLLARS_FROM = dt.date(2023, 1, 3)

SUBMISSION_COLUMNS = ("ACCESSION_NUMBER", "FILING_DATE", "SUBMISSIONTYPE", "CIK", "PERIODOFREPORT")
COVERPAGE_COLUMNS = (
    "ACCESSION_NUMBER",
    "ISAMENDMENT",
    "AMENDMENTNO",
    "AMENDMENTTYPE",
    "FILINGMANAGER_NAME",
    "FILINGMANAGER_CITY",
    "FILINGMANAGER_STATEORCOUNTRY",
    "REPORTTYPE",
    "FORM13FFILENUMBER",
)
HOLDINGS_TYPES = ("13F-HR", "13F-HR/A")
NOTICE_TYPES = ("13F-NT", "13F-NT/A")


@dataclass
class Filings:
    """The filings that count, one row each (``kept``), and what was set aside."""

    kept: (
        pd.DataFrame
    )  # accession, cik, period, filed, name, city, state, file_number, value_factor
    counts: dict[str, int] = field(default_factory=dict)

    def accessions(self) -> pa.Array:
        return pa.array(self.kept["accession"].tolist(), pa.string())


def _read(source: Source, columns: Sequence[str]) -> tuple[pa.Table, int]:
    batches = [(line, batch) for line, batch in stream(source, columns)]
    if not batches:
        empty = {c: pa.array([], pa.string()) for c in columns}
        return pa.table(empty), 2
    return pa.Table.from_batches([b for _, b in batches]), batches[0][0]


def _submissions(source: Source) -> pd.DataFrame:
    table, line = _read(source, SUBMISSION_COLUMNS)
    filed = dates(
        table.column("FILING_DATE").combine_chunks(), source, "FILING_DATE", line, DATE_FORMAT
    )
    period = dates(
        table.column("PERIODOFREPORT").combine_chunks(), source, "PERIODOFREPORT", line, DATE_FORMAT
    )
    frame = pd.DataFrame(
        {
            "accession": table.column("ACCESSION_NUMBER").to_pylist(),
            "type": pc.utf8_upper(table.column("SUBMISSIONTYPE")).to_pylist(),
            "cik": table.column("CIK").to_pylist(),
            "filed": filed.to_pylist(),
            "period": period.to_pylist(),
            "line": np.arange(line, line + table.num_rows),
        }
    )
    bad = frame["cik"].map(lambda c: not (c.isdigit() and len(c) <= 10))
    if bad.any():
        row = frame[bad].iloc[0]
        msg = f"'{row['cik']}' is not a CIK (up to 10 digits)"
        raise DataError([Problem(source.name, int(row["line"]), "CIK", msg)])
    frame["cik"] = frame["cik"].str.zfill(10)
    return frame


def _cover(source: Source) -> pd.DataFrame:
    table, line = _read(source, COVERPAGE_COLUMNS)
    number = numbers(
        table.column("AMENDMENTNO").combine_chunks(), source, "AMENDMENTNO", line, kind=pa.int64()
    )
    return pd.DataFrame(
        {
            "accession": table.column("ACCESSION_NUMBER").to_pylist(),
            "amendment": pc.utf8_upper(table.column("ISAMENDMENT")).to_pylist(),
            "amendment_no": number.to_pandas().fillna(0).astype(np.int64),
            "amendment_type": pc.utf8_upper(table.column("AMENDMENTTYPE")).to_pylist(),
            "name": table.column("FILINGMANAGER_NAME").to_pylist(),
            "city": table.column("FILINGMANAGER_CITY").to_pylist(),
            "state": table.column("FILINGMANAGER_STATEORCOUNTRY").to_pylist(),
            "report_type": pc.utf8_upper(table.column("REPORTTYPE")).to_pylist(),
            "file_number": table.column("FORM13FFILENUMBER").to_pylist(),
        }
    )


def read_filings(tables: Sequence[tuple[Source, Source]], periods: Sequence[dt.date]) -> Filings:
    """The filings of ``periods`` that count, from each data set's (SUBMISSION, COVERPAGE)."""
    subs = pd.concat([_submissions(s) for s, _ in tables], ignore_index=True)
    covers = pd.concat([_cover(c) for _, c in tables], ignore_index=True)
    subs = subs.drop_duplicates("accession", keep="last")
    covers = covers.drop_duplicates("accession", keep="last")
    frame = subs.merge(covers, on="accession", how="left", validate="one_to_one")
    counts: dict[str, int] = {"filings_in_input": len(frame)}
    in_period = frame["period"].isin(set(periods))
    counts["filings_for_other_periods"] = int((~in_period).sum())
    frame = frame[in_period]
    notice = frame["type"].isin(NOTICE_TYPES) | (frame["report_type"] == "13F NOTICE")
    counts["notice_filings_holding_nothing"] = int(notice.sum())
    other = ~notice & ~frame["type"].isin(HOLDINGS_TYPES)
    counts["filings_of_other_types"] = int(other.sum())
    frame = frame[~notice & ~other]
    missing_cover = frame["name"].isna()
    counts["filings_without_a_cover_page"] = int(missing_cover.sum())
    kept, more = _select(frame[~missing_cover])
    counts.update(more)
    dollars = kept["filed"] >= VALUE_IN_DOLLARS_FROM
    kept = kept.assign(value_factor=np.where(dollars, 1.0, 1000.0))
    counts["kept_filings"] = len(kept)
    return Filings(kept.reset_index(drop=True), counts)


def _select(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, int]]:
    """Per filer and period: the latest report or restatement, plus the new holdings after it."""
    is_amendment = (frame["amendment"] == "Y") | (frame["type"] == "13F-HR/A")
    kind = np.where(
        ~is_amendment,
        "report",
        np.where(frame["amendment_type"] == "NEW HOLDINGS", "new", "restatement"),
    )
    frame = frame.assign(kind=kind)
    untyped = is_amendment & ~frame["amendment_type"].isin(["RESTATEMENT", "NEW HOLDINGS"])
    frame = frame.sort_values(["cik", "period", "filed", "amendment_no", "accession"])
    base = (frame["kind"] != "new").to_numpy()
    position = pd.Series(np.arange(len(frame)), index=frame.index)
    group = [frame["cik"], frame["period"]]
    last = position.where(base, -1).groupby(group).transform("max").to_numpy()
    pos = position.to_numpy()
    last_base = base & (pos == last)
    after_base = ~base & (pos > last)
    has_base = last >= 0
    keep = last_base | after_base
    counts = {
        "replaced_by_a_later_report_or_restatement": int((~keep).sum()),
        "restatements_kept": int((last_base & (frame["kind"] == "restatement")).sum()),
        "new_holdings_amendments_kept": int((after_base).sum()),
        "new_holdings_without_their_report_in_the_input": int((after_base & ~has_base).sum()),
        "amendments_without_a_type_taken_as_restatements": int(untyped.sum()),
    }
    return frame[keep], counts
