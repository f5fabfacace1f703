"""Read and validate datasets in the jvgraph data contract.

>>> from jvgraph.config import bundled_dataset
>>> dataset = read_dataset(bundled_dataset("jv-2026"))
>>> dataset.rows("vendors")
2
"""

from __future__ import annotations

from pathlib import Path

from jvgraph.errors import DataError, Problem
from jvgraph.load.convert import convert
from jvgraph.load.markets import fill_grouping
from jvgraph.load.read import read_raw
from jvgraph.load.validate import Existing, Located, check_dataset
from jvgraph.model import MARKET_TABLES, Dataset

__all__ = ["MAX_PROBLEMS_PER_FILE", "Existing", "capped", "read_dataset"]

#: at most this many problems are listed per file; the rest are counted
MAX_PROBLEMS_PER_FILE = 100


def read_dataset(
    path: str | Path, existing: Existing | None = None, *, partial: bool = False
) -> Dataset:
    """Read the dataset at ``path`` and check it against the contract.

    ``existing`` describes what the target store already holds, so that
    references to nodes loaded earlier resolve and stake sums include the
    store's holdings. With ``partial`` the dataset may hold any of the files (an edit of
    a stored graph: the others have no rows). Raises :class:`~jvgraph.errors.DataError`
    listing every problem (up to :data:`MAX_PROBLEMS_PER_FILE` per file).
    """
    path = Path(path)
    raws = read_raw(path, partial=partial)
    problems: list[Problem] = []
    located: dict[str, Located] = {}
    extras: dict[str, tuple[str, ...]] = {}
    for name, raw in raws.items():
        table, extra, found = convert(raw)
        if name in MARKET_TABLES:
            table = fill_grouping(table)
        problems += raw.problems + found
        located[name] = Located(raw.file, table, raw.lines)
        extras[name] = extra
    # a file that could not be read at all would make every reference to it look unknown
    unread = any(raw.problems and not raw.table.num_rows for raw in raws.values())
    if not unread and not any(p.line is None for p in problems):
        unsure = {p.file for p in problems}
        problems += check_dataset(located, existing or Existing(), unsure)
    if problems:
        raise capped(problems)
    tables = {name: loc.table for name, loc in located.items()}
    return Dataset(tables, extras, origin=str(path))


def capped(problems: list[Problem]) -> DataError:
    """The error listing ``problems``, at most :data:`MAX_PROBLEMS_PER_FILE` per file."""
    kept: list[Problem] = []
    per_file: dict[str, int] = {}
    for p in sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.column or "", p.message)):
        per_file[p.file] = per_file.get(p.file, 0) + 1
        if per_file[p.file] <= MAX_PROBLEMS_PER_FILE:
            kept.append(p)
    return DataError(kept, truncated=len(set(problems)) - len(kept))
