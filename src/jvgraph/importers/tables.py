"""Reading register files in bounded memory, with every problem located by file, line and column.

Registers publish delimited text (the SEC's tab-separated 13F tables, GLEIF's
CSV) often inside a ZIP. :class:`Source` is one such file, opened afresh for
each pass; :func:`stream` reads it batch by batch with pyarrow's streaming CSV
reader, every column as text, and :func:`numbers` and :func:`dates` convert a
column and name the first line that does not parse. Line numbers count the
header as line 1, so they are exact where values cannot hold line breaks (the
SEC's TSVs are read without quoting, as published).

>>> import io
>>> src = Source("T.tsv", lambda: io.BytesIO(b"A\\tB\\n1\\tx\\n2\\ty\\n"), delimiter="\\t")
>>> [(first, batch.column("A").to_pylist()) for first, batch in stream(src, ["A", "B"])]
[(2, ['1', '2'])]
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from jvgraph.errors import DataError, Problem

__all__ = [
    "BLOCK_SIZE",
    "Progress",
    "Source",
    "dates",
    "file_source",
    "numbers",
    "stream",
    "zip_sources",
]

#: bytes of text parsed per batch (Arrow needs some tens of times this while it parses one)
BLOCK_SIZE = 1 << 20

Progress = Callable[[str, int, int], None]


class _Counting(io.RawIOBase):
    """A binary reader that reports how many bytes were read so far."""

    def __init__(self, raw: IO[bytes], seen: Callable[[int], None]) -> None:
        self._raw = raw
        self._seen = seen
        self._done = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        self._done += len(data)
        self._seen(self._done)
        return len(data)

    def close(self) -> None:
        self._raw.close()
        super().close()


@dataclass
class Source:
    """One delimited text file: its name in messages and how to open it (binary)."""

    name: str
    open: Callable[[], IO[bytes]]
    delimiter: str = ","
    quoted: bool = True
    size: int = 0  # uncompressed bytes, for progress

    def header(self) -> list[str]:
        with io.TextIOWrapper(self.open(), encoding="utf-8-sig", newline="") as text:
            line = text.readline()
        row = next(csv.reader([line], delimiter=self.delimiter, quoting=self._quoting()), [])
        return [c.strip() for c in row]

    def _quoting(self) -> Literal[0, 3]:
        return csv.QUOTE_MINIMAL if self.quoted else csv.QUOTE_NONE

    def locate(self, expected: int) -> Problem:
        """The first record with another number of fields than the header's ``expected``."""
        with io.TextIOWrapper(self.open(), encoding="utf-8", errors="replace", newline="") as text:
            reader = csv.reader(text, delimiter=self.delimiter, quoting=self._quoting())
            for row in reader:
                if reader.line_num > 1 and len(row) != expected and row:
                    msg = f"has {len(row)} fields where the header has {expected}"
                    return Problem(self.name, reader.line_num, None, msg)
        return Problem(self.name, None, None, "cannot be parsed as delimited text")


def file_source(path: Path, *, delimiter: str = ",", quoted: bool = True) -> Source:
    """A plain file on disk as a :class:`Source`."""
    if not path.is_file():
        raise DataError([Problem(str(path), None, None, "no such file")])
    return Source(path.name, lambda: path.open("rb"), delimiter, quoted, path.stat().st_size)


def zip_sources(path: Path, names: Sequence[str], **kwargs: Any) -> dict[str, Source]:
    """The members of the ZIP at ``path`` named ``names`` (found in any folder of it)."""
    if not path.is_file():
        raise DataError([Problem(str(path), None, None, "no such file")])
    try:
        with zipfile.ZipFile(path) as archive:
            members = {Path(i.filename).name.upper(): i for i in archive.infolist()}
    except (zipfile.BadZipFile, OSError) as err:
        raise DataError([Problem(path.name, None, None, f"is not a ZIP file: {err}")]) from None
    out = {}
    for name in names:
        info = members.get(name.upper())
        if info is not None:
            out[name] = Source(
                f"{path.name}:{name}", _opener(path, info.filename), size=info.file_size, **kwargs
            )
    return out


def _opener(path: Path, member: str) -> Callable[[], IO[bytes]]:
    def open_member() -> IO[bytes]:
        archive = zipfile.ZipFile(path)
        raw = archive.open(member)
        original = raw.close

        def close() -> None:
            original()
            archive.close()

        raw.close = close  # type: ignore[method-assign]
        return raw

    return open_member


def stream(
    source: Source,
    columns: Sequence[str],
    *,
    progress: Progress | None = None,
    step: str = "",
) -> Iterator[tuple[int, pa.RecordBatch]]:
    """``(line of the batch's first row, batch)`` for the ``columns`` of ``source``, as text.

    A missing column, bytes that are not UTF-8 and a row with too many or too few
    fields raise :class:`DataError` naming the file and, where it can be known, the line.
    """
    header = source.header()
    missing = [c for c in columns if c not in header]
    if missing:
        raise DataError([Problem(source.name, 1, c, "required column is missing") for c in missing])
    total = source.size

    def seen(done: int) -> None:
        if progress is not None and total:
            progress(step or source.name, min(done, total), total)

    line = 2
    with source.open() as raw:
        reader = _reader(_Counting(raw, seen), source, list(columns))
        while True:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                return
            except pa.ArrowInvalid as err:
                raise DataError([_parse_problem(source, len(header), str(err), line)]) from None
            yield line, _text(batch, source, line)
            line += batch.num_rows


def _reader(raw: io.RawIOBase, source: Source, columns: list[str]) -> pcsv.CSVStreamingReader:
    parse = pcsv.ParseOptions(
        delimiter=source.delimiter,
        quote_char='"' if source.quoted else False,
        newlines_in_values=source.quoted,
    )
    convert = pcsv.ConvertOptions(
        include_columns=columns,
        column_types={c: pa.binary() for c in columns},
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
    )
    read = pcsv.ReadOptions(block_size=BLOCK_SIZE, use_threads=False)
    try:
        return pcsv.open_csv(
            io.BufferedReader(raw, 1 << 20),
            read_options=read,
            parse_options=parse,
            convert_options=convert,
        )
    except pa.ArrowInvalid as err:
        raise DataError([_parse_problem(source, len(source.header()), str(err), 2)]) from None


def _parse_problem(source: Source, fields: int, message: str, line: int) -> Problem:
    if "columns" in message:
        return source.locate(fields)
    return Problem(source.name, None, None, f"cannot be read near line {line}: {message}")


def _text(batch: pa.RecordBatch, source: Source, line: int) -> pa.RecordBatch:
    """The batch with its binary columns as UTF-8 text (whose bytes are checked)."""
    cols = []
    for name in batch.schema.names:
        col = batch.column(name)
        try:
            cols.append(pc.utf8_trim_whitespace(col.cast(pa.string())))
        except pa.ArrowInvalid:
            at = next(i for i, v in enumerate(col.to_pylist()) if not _utf8(v))
            msg = "is not UTF-8 text"
            raise DataError([Problem(source.name, line + at, name, msg)]) from None
    return pa.RecordBatch.from_arrays(cols, names=batch.schema.names)


def _utf8(value: bytes | None) -> bool:
    try:
        (value or b"").decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _first_bad(ok: pa.Array, empty: pa.Array | None = None) -> int | None:
    bad = pc.invert(ok) if empty is None else pc.and_(pc.invert(ok), pc.invert(empty))
    where = np.flatnonzero(np.asarray(pc.fill_null(bad, True)))
    return int(where[0]) if where.size else None


def numbers(
    column: pa.Array, source: Source, name: str, line: int, *, kind: pa.DataType | None = None
) -> pa.Array:
    """``column`` (text) as numbers of ``kind``; an empty cell is null, anything else that is
    not a number raises :class:`DataError` with its line."""
    kind = kind or pa.float64()
    empty = pc.equal(column, "")
    text = pc.if_else(empty, pa.scalar(None, pa.string()), column)
    try:
        values = pc.cast(text, kind)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pattern = (
            r"^-?[0-9]+$" if pa.types.is_integer(kind) else r"^-?[0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?$"
        )
        at = _first_bad(pc.match_substring_regex(column, pattern), empty)
        value = column[at if at is not None else 0].as_py()
        msg = f"'{value}' is not a {'whole number' if pa.types.is_integer(kind) else 'number'}"
        raise DataError([Problem(source.name, line + (at or 0), name, msg)]) from None
    if pa.types.is_floating(kind):
        at = _first_bad(pc.is_finite(pc.fill_null(values, 0.0)))
        if at is not None:
            msg = f"'{column[at].as_py()}' is not a number"
            raise DataError([Problem(source.name, line + at, name, msg)])
    return values


def dates(column: pa.Array, source: Source, name: str, line: int, fmt: str) -> pa.Array:
    """``column`` (text) as dates in format ``fmt`` (e.g. ``%d-%b-%Y``); empty is null, any
    other cell that is not a real date raises :class:`DataError` with its line."""
    empty = pc.equal(column, "")
    parsed = pc.strptime(column, format=fmt, unit="s", error_is_null=True)
    # strptime rolls 30-FEB-2024 over into March: keep only dates that print back the same
    back = pc.utf8_upper(pc.strftime(parsed, format=fmt))
    parsed = pc.if_else(pc.equal(back, pc.utf8_upper(column)), parsed, pa.scalar(None, parsed.type))
    at = _first_bad(pc.is_valid(parsed), empty)
    if at is not None:
        msg = f"'{column[at].as_py()}' is not a date of the form {_shown(fmt)}"
        raise DataError([Problem(source.name, line + at, name, msg)])
    return pc.cast(parsed, pa.date32())


def _shown(fmt: str) -> str:
    return fmt.replace("%d", "DD").replace("%b", "MON").replace("%Y", "YYYY").replace("%m", "MM")
