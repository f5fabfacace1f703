"""Bounds on a dataset's files, checked before and after parsing: a file's size and
overlong lines (in one streaming pass, in chunks, so that a huge or sparse file costs one
chunk of memory), JSON nesting, and each field's size and control characters (NUL
included).

A file that fails the first pass is not parsed at all; every problem names file, line and,
where it can, column.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from jvgraph.config import InputLimits
from jvgraph.errors import Problem
from jvgraph.safe_text import json_depth

__all__ = ["CHUNK", "cell_problems", "file_problems", "json_problems"]

#: bytes read at a time by the streaming pass
CHUNK = 8 * 2**20
#: problems of one kind listed per column
_PER_COLUMN = 5
#: control characters refused in ids and names, and in any other text (tab and line breaks
#: may stand in a quoted note)
_IN_NAMES = r"[\x00-\x1f\x7f]"
_IN_TEXT = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"


def file_problems(file: Path, limits: InputLimits, *, lines: bool = True) -> list[Problem]:
    """The file is over the size limit; with ``lines``, it holds a line over the line limit
    (one streaming pass)."""
    size = file.stat().st_size
    if size > limits.max_file_bytes:
        msg = (
            f"is {size:,} bytes; the limit is {limits.max_file_bytes:,} "
            "(JVGRAPH_MAX_FILE_MB changes it)"
        )
        return [Problem(file.name, None, None, msg)]
    return _scan(file, limits) if lines else []


def _scan(file: Path, limits: InputLimits) -> list[Problem]:
    line, length = 1, 0  # the current line and its bytes so far
    with file.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            ends = np.flatnonzero(np.frombuffer(chunk, np.uint8) == ord("\n"))
            long = _long_line(ends, length, len(chunk), limits.max_line_bytes)
            if long is not None:
                at = line + int(np.searchsorted(ends, long))
                msg = (
                    f"the line is over {limits.max_line_bytes:,} bytes "
                    "(JVGRAPH_MAX_FIELD_KB changes the limit)"
                )
                return [Problem(file.name, at, None, msg)]
            line += len(ends)
            length = len(chunk) - int(ends[-1]) - 1 if len(ends) else length + len(chunk)
    return []


def _long_line(ends: np.ndarray[Any, Any], carried: int, size: int, limit: int) -> int | None:
    """The offset in the chunk where a line first passes ``limit`` bytes, or ``None``."""
    starts = np.concatenate(([-carried], ends + 1))
    stops = np.concatenate((ends, [size]))
    over = np.flatnonzero(stops - starts > limit)
    return None if not len(over) else max(0, int(starts[over[0]]) + limit)


def json_problems(data: bytes, fname: str, limits: InputLimits) -> list[Problem]:
    """JSON nested deeper than the limit (checked without parsing it)."""
    depth = json_depth(data)
    if depth <= limits.max_json_depth:
        return []
    msg = (
        f"JSON nested {depth:,} deep; the limit is {limits.max_json_depth} "
        "(JVGRAPH_MAX_JSON_DEPTH changes it)"
    )
    return [Problem(fname, None, None, msg)]


def cell_problems(
    table: pa.Table, lines: np.ndarray[Any, Any], fname: str, limits: InputLimits
) -> list[Problem]:
    """Fields over the field limit, and control characters: none in ids and names, only
    tab and line breaks elsewhere."""
    problems: list[Problem] = []
    for col in table.column_names:
        text = table.column(col)
        sizes = pc.binary_length(text).to_numpy(zero_copy_only=False)
        for i in np.flatnonzero(sizes > limits.max_field_bytes)[:_PER_COLUMN]:
            msg = (
                f"the value is {int(sizes[i]):,} bytes; the limit is "
                f"{limits.max_field_bytes:,} (JVGRAPH_MAX_FIELD_KB changes it)"
            )
            problems.append(Problem(fname, int(lines[i]), col, msg))
        strict = col in ("id", "name") or col.endswith("_id")
        if not _may_have_controls(text, strict):
            continue
        pattern = _IN_NAMES if strict else _IN_TEXT
        bad = pc.match_substring_regex(text, pattern).to_numpy(zero_copy_only=False)
        for i in np.flatnonzero(bad)[:_PER_COLUMN]:
            value = text[int(i)].as_py()
            problems.append(Problem(fname, int(lines[i]), col, _control(value, pattern)))
    return problems


def _may_have_controls(text: pa.ChunkedArray, strict: bool) -> bool:
    """Whether any byte of the column's data is a control character (a quick scan of the
    data buffers: the regular expression then finds the values)."""
    for chunk in text.chunks:
        data = chunk.buffers()[2]
        if data is None:
            continue
        b = np.frombuffer(data, np.uint8)
        bad = (b < 0x20) | (b == 0x7F)
        if not strict:
            bad &= (b != 0x09) & (b != 0x0A) & (b != 0x0D)
        if bad.any():
            return True
    return False


def _control(value: str, pattern: str) -> str:
    import re

    found = re.search(pattern, value)
    at = found.start() if found else 0
    return f"holds the control character U+{ord(value[at]):04X} at character {at + 1}"
