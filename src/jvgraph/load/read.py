"""Read a dataset's files into raw text tables that remember their line numbers.

Everything is read as text here; :mod:`jvgraph.load.convert` gives the
columns their types. A folder holds one CSV file per table; a JSON file
holds one list of records per table under the same names.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from jvgraph.config import InputLimits
from jvgraph.errors import DatasetNotFound, Problem
from jvgraph.load.bounds import cell_problems, file_problems, json_problems
from jvgraph.model import TABLES

__all__ = ["RawTable", "read_raw"]


@dataclass
class RawTable:
    """One table as text, with the source line of every record.

    ``file`` names the place for messages (``holdings.csv`` or
    ``data.json#holdings``); ``lines[i]`` is the line (CSV) or record number
    (JSON) of row ``i``.
    """

    name: str
    file: str
    table: pa.Table
    lines: np.ndarray[Any, np.dtype[np.int64]]
    problems: list[Problem]


#: the columns each file's header must have, by table (default: the contract's required)
Required = Mapping[str, tuple[str, ...]]


def read_raw(
    path: Path,
    limits: InputLimits | None = None,
    *,
    partial: bool = False,
    required: Required | None = None,
) -> dict[str, RawTable]:
    """Read every table of the dataset at ``path`` (a folder or a JSON file).

    Missing files, missing required columns, non-UTF-8 bytes, malformed
    rows and values past the :class:`~jvgraph.config.InputLimits` (from the
    environment unless given) become problems on the returned tables rather
    than exceptions, so that every problem of a dataset is reported at once.
    With ``partial``, any file may be left out (it has no rows); ``required`` names the
    columns a header must have where they are not the contract's.
    """
    limits = limits or InputLimits.from_env()
    need = _Need(partial, required or {})
    if path.is_dir():
        raws = {name: _read_csv(path / TABLES[name].file, name, limits, need) for name in TABLES}
    elif path.is_file() and path.suffix.lower() == ".json":
        raws = _read_json(path, limits, need)
    else:
        raise DatasetNotFound(str(path))
    for raw in raws.values():
        raw.problems += cell_problems(raw.table, raw.lines, raw.file, limits)
    return raws


_MISSING = "file is missing (a load of only some files into a stored graph: --upsert)"


@dataclass(frozen=True)
class _Need:
    """Which files and columns a dataset must have."""

    partial: bool
    required: Required

    def optional(self, name: str) -> bool:
        return self.partial or TABLES[name].optional

    def columns(self, name: str) -> tuple[str, ...]:
        return self.required.get(name, TABLES[name].required)


def _empty(name: str, file: str, problems: list[Problem]) -> RawTable:
    cols = {c: pa.array([], pa.string()) for c in TABLES[name].names}
    return RawTable(name, file, pa.table(cols), np.zeros(0, np.int64), problems)


def _read_csv(file: Path, name: str, limits: InputLimits, need: _Need) -> RawTable:
    if not file.is_file():
        missing = [] if need.optional(name) else [Problem(file.name, None, None, _MISSING)]
        return _empty(name, file.name, missing)
    bounds = file_problems(file, limits)
    if bounds:
        return _empty(name, file.name, bounds)
    data = file.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    first = data[: data.find(b"\n") + 1 or len(data)]
    try:
        header = [h.strip() for h in next(csv.reader([first.decode("utf-8")]), [])]
    except UnicodeDecodeError:
        return _not_utf8(data, name, file.name)
    problems = _header_problems(header, need.columns(name), file.name)
    if problems or not header:
        return _empty(name, file.name, problems or [Problem(file.name, 1, None, "no header row")])
    newlines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    table = _fast_table(data, header)
    if table is not None and table.num_rows + 1 == newlines:
        lines = np.arange(2, table.num_rows + 2, dtype=np.int64)
        return RawTable(name, file.name, table, lines, [])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _not_utf8(data, name, file.name)
    return _slow_table(text, header, name, file.name, limits)


def _not_utf8(data: bytes, name: str, fname: str) -> RawTable:
    try:
        data.decode("utf-8")
        start = 0
    except UnicodeDecodeError as err:
        start = err.start
    line = data.count(b"\n", 0, start) + 1
    msg = f"not UTF-8: byte 0x{data[start]:02x} cannot be decoded (save the file as UTF-8)"
    return _empty(name, fname, [Problem(fname, line, None, msg)])


def _header_problems(header: list[str], required: tuple[str, ...], fname: str) -> list[Problem]:
    problems = [
        Problem(fname, 1, col, "required column is missing")
        for col in required
        if col not in header
    ]
    seen: set[str] = set()
    for col in header:
        if col in seen:
            problems.append(Problem(fname, 1, col, "column appears twice in the header"))
        if not col:
            problems.append(Problem(fname, 1, None, "a column has an empty name"))
        seen.add(col)
    return problems


def _fast_table(data: bytes, header: list[str]) -> pa.Table | None:
    """Parse with Arrow; ``None`` when a row is malformed (then the slow path reports it)."""
    import pyarrow.csv as pacsv

    bad: list[object] = []

    def handler(row: object) -> str:
        bad.append(row)
        return "skip"

    try:
        table = pacsv.read_csv(
            pa.BufferReader(data),
            read_options=pacsv.ReadOptions(column_names=header, skip_rows=1, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, invalid_row_handler=handler),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()), strings_can_be_null=False
            ),
        )
    except pa.ArrowInvalid:
        return None
    return None if bad else table


def _slow_table(
    text: str, header: list[str], name: str, fname: str, limits: InputLimits
) -> RawTable:
    """Parse with the csv module, tracking exact line numbers and malformed rows."""
    reader = csv.reader(io.StringIO(text))
    next(reader, None)
    rows: list[list[str]] = []
    lines: list[int] = []
    problems: list[Problem] = []
    start = reader.line_num + 1
    for rec in _records(reader, fname, limits, problems):
        if not rec or rec == [""]:
            start = reader.line_num + 1
            continue
        if len(rec) != len(header):
            msg = f"has {len(rec)} fields, the header has {len(header)}"
            problems.append(Problem(fname, start, None, msg))
        else:
            rows.append(rec)
            lines.append(start)
        start = reader.line_num + 1
    cols = {h: pa.array([r[i] for r in rows], pa.string()) for i, h in enumerate(header)}
    return RawTable(name, fname, pa.table(cols), np.asarray(lines, np.int64), problems)


def _records(
    reader: Any, fname: str, limits: InputLimits, problems: list[Problem]
) -> Iterator[list[str]]:
    """The reader's records, with the field limit set (a field over it, as in a quote never
    closed, ends the file with one problem at the line where the field starts)."""
    previous = csv.field_size_limit(limits.max_line_bytes)
    try:
        at = reader.line_num + 1
        while True:
            try:
                rec = next(reader)
            except StopIteration:
                return
            except csv.Error as err:
                problems.append(Problem(fname, at, None, f"cannot be read as CSV: {err}"))
                return
            yield rec
            at = reader.line_num + 1
    finally:
        csv.field_size_limit(previous)


def _read_json(path: Path, limits: InputLimits, need: _Need) -> dict[str, RawTable]:
    bounds = file_problems(path, limits, lines=False)
    data = b"" if bounds else path.read_bytes()
    bounds = bounds or json_problems(data, path.name, limits)
    if bounds:
        return {n: _empty(n, path.name, bounds if n == "vendors" else []) for n in TABLES}
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return {
            n: _empty(n, path.name, [Problem(path.name, None, None, "not UTF-8")]) for n in TABLES
        }
    except RecursionError:
        prob = Problem(path.name, None, None, "JSON nested too deeply to read")
        return {n: _empty(n, path.name, [prob] if n == "vendors" else []) for n in TABLES}
    except json.JSONDecodeError as err:
        prob = Problem(path.name, err.lineno, None, f"invalid JSON: {err.msg}")
        return {n: _empty(n, path.name, [prob] if n == "vendors" else []) for n in TABLES}
    if not isinstance(doc, dict):
        prob = Problem(path.name, None, None, "the JSON must be an object of lists of records")
        return {n: _empty(n, path.name, [prob] if n == "vendors" else []) for n in TABLES}
    return {name: _json_table(doc.get(name), name, path.name, need) for name in TABLES}


def _json_table(records: object, name: str, jname: str, need: _Need) -> RawTable:
    fname = f"{jname}#{name}"
    if records is None:
        missing = [] if need.optional(name) else [Problem(fname, None, None, "key is missing")]
        return _empty(name, fname, missing)
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        return _empty(name, fname, [Problem(fname, None, None, "must be a list of records")])
    header: list[str] = list(TABLES[name].names)
    for rec in records:
        header.extend(k for k in rec if k not in header)
    cols = {h: pa.array([_json_text(r.get(h)) for r in records], pa.string()) for h in header}
    lines = np.arange(1, len(records) + 1, dtype=np.int64)
    return RawTable(name, fname, pa.table(cols), lines, [])


def _json_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
