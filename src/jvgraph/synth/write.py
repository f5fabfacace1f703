"""Contract CSV files from numpy arrays, fast: pyarrow with dictionary-encoded columns.

Ids, names and dates are built once per distinct value and referenced by
integer codes, so a 12M-row holdings file costs a few integer arrays, not
12M Python strings. Empty cells are nulls; usd amounts are integers.

>>> ids("am-", 3).to_pylist()
['am-0001', 'am-0002', 'am-0003']
>>> dates(np.array([0, -1])).to_pylist()
['2015-01-01', None]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

__all__ = [
    "END",
    "SPAN",
    "START",
    "constant",
    "dates",
    "ids",
    "labels",
    "optional",
    "write_csv",
]

#: day 0 of the synthetic timeline
START = dt.date(2015, 1, 1)
#: the last day of the synthetic timeline (the article's "late April 2026")
END = dt.date(2026, 4, 30)
#: days ``0 .. SPAN - 1`` are ``START .. END``
SPAN = (END - START).days + 1


def ids(prefix: str, n: int, suffix: str = "") -> pa.Array:
    """``prefix`` + a number from 1 to ``n``, zero-padded to at least 4 digits, + ``suffix``."""
    width = max(4, len(str(n)))
    numbers = pc.utf8_lpad(pc.cast(pa.array(np.arange(1, n + 1)), pa.string()), width, "0")
    return pc.binary_join_element_wise(prefix, numbers, suffix, "")


@cache
def _date_strings() -> pa.Array:
    days = np.datetime64(START.isoformat(), "D") + np.arange(SPAN)
    return pa.array(days.astype(str).tolist(), pa.string())


def dates(days: npt.NDArray[np.int64]) -> pa.Array:
    """Days after :data:`START` as ``YYYY-MM-DD`` (dictionary-encoded); ``-1`` is empty."""
    return labels(days, _date_strings())


def labels(codes: npt.NDArray[Any], names: Sequence[str] | pa.Array) -> pa.Array:
    """``names[codes]`` as a dictionary array; a negative code is empty."""
    codes = np.asarray(codes)
    indices = pa.array(codes.astype(np.int32), mask=codes < 0)
    return pa.DictionaryArray.from_arrays(indices, pa.array(names, pa.string()))


def constant(value: str, n: int) -> pa.Array:
    """``value`` ``n`` times (dictionary-encoded)."""
    return labels(np.zeros(n, np.int32), [value])


def optional(values: npt.NDArray[np.int64]) -> pa.Array:
    """Whole numbers where ``values >= 0``, empty cells elsewhere."""
    return pa.array(values, pa.int64(), mask=values < 0)


def write_csv(path: Path, columns: Mapping[str, Any]) -> int:
    """Write ``columns`` (name → array) as a CSV file with a plain header; the row count.

    Values are written unquoted: a comma, quote or newline inside a value
    is refused by pyarrow rather than written ambiguously.
    """
    table = pa.table(dict(columns))
    with pa.OSFile(str(path), "wb") as sink:
        sink.write((",".join(table.column_names) + "\n").encode("utf-8"))
        options = pcsv.WriteOptions(include_header=False, quoting_style="none")
        pcsv.write_csv(table, sink, options)
    return int(table.num_rows)
