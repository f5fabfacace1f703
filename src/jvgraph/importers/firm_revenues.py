"""Firms' revenues from a small file the user makes, for the market shares 13F data lacks.

Holdings data says who owns what, not how large each firm is, so a 13F import
can give profit weights κ but no company HHI or MHHI. A *shares file* fills
that in: a CSV with one row per firm,

- ``firm`` (required): the company, by its ``permno``, its ``cusip`` (8 or 9
  characters, matched on the first 8) or its name (any case), tried in that order;
- ``revenue_usd`` (required): the firm's revenue in dollars, a positive number;
- ``source`` (required): where the figure comes from (a 10-K's URL, say);
- ``period`` (optional): the period the figure covers, e.g. ``FY2014``.

Other columns are ignored. Each matched company gets ``revenue_usd`` and
``revenue_source`` (the source, with the period in parentheses). Every problem
of the file is reported at once, by line and column, and the import writes
nothing then.

>>> import pyarrow as pa
>>> companies = pa.table({"id": ["c-1", "c-2"], "name": ["Acme Air", "Zed Jet"],
...                       "permno": ["101", "102"], "cusip": ["00000110", "00000220"]})
>>> rows = [FirmRevenue(2, "acme air", 500.0, "synthetic")]
>>> table = add_revenues(companies, rows, "shares.csv")
>>> table.column("revenue_usd").to_pylist(), table.column("revenue_source").to_pylist()
([500.0, None], ['synthetic', None])
"""

from __future__ import annotations

import csv
import difflib
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from jvgraph.errors import DataError, Problem
from jvgraph.importers.write import ImportSummary

__all__ = ["COLUMNS", "REQUIRED", "FirmRevenue", "add_revenues", "read_firm_revenues"]

#: the columns a shares file must have
REQUIRED = ("firm", "revenue_usd", "source")
#: every column a shares file may have
COLUMNS = (*REQUIRED, "period")
_NEAREST = 3


@dataclass(frozen=True)
class FirmRevenue:
    """One row of a shares file: its line, the firm as written, the revenue and its source
    (with the period in parentheses where the row gives one)."""

    line: int
    firm: str
    revenue_usd: float
    source: str


def _records(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, {column: stripped text}) of each record; the header is line 1."""
    if not path.is_file():
        raise DataError([Problem(str(path), None, None, "no such file")])
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = [h.strip() for h in next(reader, [])]
            missing = [c for c in REQUIRED if c not in header]
            if missing:
                raise DataError(
                    [Problem(path.name, 1, c, "required column is missing") for c in missing]
                )
            for fields in reader:
                if not any(f.strip() for f in fields):
                    continue  # a blank line
                if len(fields) != len(header):
                    msg = f"has {len(fields)} fields, the header {len(header)}"
                    raise DataError([Problem(path.name, reader.line_num, None, msg)])
                yield reader.line_num, {h: f.strip() for h, f in zip(header, fields, strict=True)}
    except UnicodeDecodeError:
        raise DataError([Problem(path.name, None, None, "is not UTF-8 text")]) from None


def _revenue(text: str, file: str, line: int, problems: list[Problem]) -> float | None:
    where = (file, line, "revenue_usd")
    if not text:
        problems.append(Problem(*where, "is empty: give the firm's revenue in US dollars"))
        return None
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        why = f"'{text}' is not a number (dollars, without thousands separators)"
        problems.append(Problem(*where, why))
        return None
    if value <= 0:
        problems.append(Problem(*where, f"{text} is not positive: a revenue is more than 0"))
        return None
    return value


def _row(
    line: int, cells: dict[str, str], file: str, problems: list[Problem]
) -> FirmRevenue | None:
    firm, source, period = cells["firm"], cells["source"], cells.get("period", "")
    if not firm:
        problems.append(Problem(file, line, "firm", "is empty: give a permno, a CUSIP or a name"))
    revenue = _revenue(cells["revenue_usd"], file, line, problems)
    if not source:
        why = "is empty: say where the figure comes from (the 10-K's URL, say)"
        problems.append(Problem(file, line, "source", why))
    if not firm or revenue is None or not source:
        return None
    return FirmRevenue(line, firm, revenue, f"{source} ({period})" if period else source)


def read_firm_revenues(path: Path) -> list[FirmRevenue]:
    """The rows of the shares file at ``path``, checked; every problem is raised at once."""
    problems: list[Problem] = []
    rows = [r for line, cells in _records(path) if (r := _row(line, cells, path.name, problems))]
    if problems:
        raise DataError(problems)
    if not rows:
        raise DataError([Problem(path.name, None, None, "lists no firm")])
    return rows


class _Index:
    """The companies of a dataset by permno, by the first 8 characters of the CUSIP and by
    name (case-folded)."""

    def __init__(self, companies: pa.Table) -> None:
        def column(name: str) -> list[str]:
            if name not in companies.column_names:
                return [""] * companies.num_rows
            return ["" if v is None else str(v).strip() for v in companies.column(name).to_pylist()]

        self.names = column("name")
        self.cusips = column("cusip")
        self.keys: list[dict[str, list[int]]] = [{}, {}, {}]
        for i, (permno, cusip, name) in enumerate(
            zip(column("permno"), self.cusips, self.names, strict=True)
        ):
            for keys, key in zip(
                self.keys, (permno, cusip.upper()[:8], name.casefold()), strict=True
            ):
                if key:
                    keys.setdefault(key, []).append(i)

    def match(self, firm: str) -> list[int]:
        """The companies ``firm`` names: by permno, else by CUSIP, else by name."""
        cusip = firm.upper()[:8] if len(firm) in (8, 9) else ""
        for keys, key in zip(self.keys, (firm, cusip, firm.casefold()), strict=True):
            if key and key in keys:
                return keys[key]
        return []

    def shown(self, i: int) -> str:
        return f"{self.names[i]} (CUSIP {self.cusips[i]})" if self.cusips[i] else self.names[i]

    def nearest(self, firm: str) -> list[str]:
        folded = {n.casefold(): n for n in self.names}
        near = difflib.get_close_matches(firm.casefold(), folded, n=_NEAREST, cutoff=0.0)
        return [folded[n] for n in near]


def _matched(rows: list[FirmRevenue], index: _Index, file: str) -> dict[int, FirmRevenue]:
    """Company index → its row; a firm matching no company or two, or a company given twice,
    is a problem of the row's ``firm``."""
    problems: list[Problem] = []
    given: dict[int, FirmRevenue] = {}
    for row in rows:
        found = index.match(row.firm)
        if not found:
            near = "; ".join(index.nearest(row.firm)) or "none"
            why = f"'{row.firm}' matches no company by permno, CUSIP or name (nearest: {near})"
            problems.append(Problem(file, row.line, "firm", why))
        elif len(found) > 1:
            names = "; ".join(index.shown(i) for i in found)
            why = f"'{row.firm}' matches {len(found)} companies: {names}; give its CUSIP instead"
            problems.append(Problem(file, row.line, "firm", why))
        elif found[0] in given:
            why = f"'{row.firm}' is {index.names[found[0]]}, already given at line {given[found[0]].line}"
            problems.append(Problem(file, row.line, "firm", why))
        else:
            given[found[0]] = row
    if problems:
        raise DataError(problems)
    return given


def add_revenues(
    companies: pa.Table, rows: list[FirmRevenue], file: str, summary: ImportSummary | None = None
) -> pa.Table:
    """``companies`` with ``revenue_usd`` and ``revenue_source`` from ``rows`` (read from the
    shares file named ``file``); the summary counts the firms with and without a revenue."""
    given = _matched(rows, _Index(companies), file)
    n = companies.num_rows
    revenue = pa.array(
        [given[i].revenue_usd if i in given else None for i in range(n)], pa.float64()
    )
    source = pa.array([given[i].source if i in given else None for i in range(n)], pa.string())
    for name, values in (("revenue_usd", revenue), ("revenue_source", source)):
        if name in companies.column_names:
            companies = companies.set_column(companies.column_names.index(name), name, values)
        else:
            companies = companies.append_column(name, values)
    if summary is not None:
        summary.cleanups["revenues_from"] = file
        summary.cleanups["firms_with_revenue"] = len(given)
        summary.cleanups["firms_without_revenue"] = n - len(given)
    return companies
