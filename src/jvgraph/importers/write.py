"""Writing an imported dataset: the contract files plus an import summary, all or nothing.

Tables a source does not have (vendors, joint ventures, partners) are written
with their header only, so the folder is a complete dataset. Values are
quoted where needed: real names contain commas and quotes.

An import writes into a staging folder beside ``OUT`` and renames it into
place only once every file is written (:func:`staged`), so a bad input or an
interrupted import leaves ``OUT`` as it was: absent, or empty.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeAlias

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pcsv

from jvgraph.errors import UsageError
from jvgraph.model import TABLES

__all__ = [
    "SUMMARY_FILE",
    "ImportSummary",
    "prepare_out",
    "staged",
    "write_dataset",
    "write_into",
    "write_review",
    "write_table",
]

#: the file beside the contract files that records what an import did
SUMMARY_FILE = "import-summary.json"
_STAGE_PREFIX = ".jvgraph-import-"

Rows: TypeAlias = pd.DataFrame | pa.Table | Iterable[pa.Table] | None


@dataclass
class ImportSummary:
    """What an import kept and changed: row counts and one entry per clean-up rule."""

    source: str
    out: str
    counts: dict[str, int] = field(default_factory=dict)
    cleanups: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def prepare_out(out: Path) -> None:
    """Check that ``out`` can take a new dataset: absent, or an empty folder."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} exists and is not a folder")
    if out.is_dir() and any(p.name in {t.file for t in TABLES.values()} for p in out.iterdir()):
        raise UsageError(f"{out} already holds a dataset: choose an empty or new folder")
    if out.is_dir() and any(out.iterdir()):
        raise UsageError(f"{out} is not empty: choose an empty or new folder")


@contextmanager
def staged(out: Path) -> Iterator[Path]:
    """A staging folder for ``out``: renamed to ``out`` when the block ends without an
    error, removed when it raises. ``out`` itself is only checked before, never written."""
    prepare_out(out)
    parent = out.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=_STAGE_PREFIX, dir=parent))
    try:
        yield stage
        if out.is_dir():  # an empty folder the user made: take its place
            out.rmdir()
        os.replace(stage, out)
    finally:
        if stage.exists():
            shutil.rmtree(stage, ignore_errors=True)


def _frame_table(frame: pd.DataFrame) -> pa.Table:
    return pa.Table.from_pandas(frame, preserve_index=False)


def _contract_columns(name: str, present: Iterable[str]) -> list[str]:
    """The contract columns of table ``name`` an import writes: the basic ones always (empty
    where a source has none), the later ones only where the rows have them."""
    spec, have = TABLES[name], set(present)
    return [c for c in spec.names if c in spec.basic_names or c in have]


def _aligned(table: pa.Table, columns: list[str]) -> pa.Table:
    """``table`` with the contract ``columns`` first (empty where absent), then its extras."""
    extra = [c for c in table.column_names if c not in columns]
    cols = {}
    for c in [*columns, *extra]:
        col = table.column(c) if c in table.column_names else None
        if col is None or pa.types.is_null(col.type):
            col = pa.nulls(table.num_rows, pa.string())
        cols[c] = col
    return pa.table(cols)


def write_table(path: Path, name: str, rows: Rows) -> int:
    """Write the contract table ``name`` into the folder ``path``; return its row count.

    ``rows`` is a frame, an Arrow table, an iterable of Arrow tables with the same
    columns (written as they come, so a large table is never whole in memory) or
    ``None`` (the header only).
    """
    if rows is None:
        basic = TABLES[name].basic_names
        parts: Iterable[pa.Table] = [pa.table({c: pa.array([], pa.string()) for c in basic})]
    elif isinstance(rows, pd.DataFrame):
        parts = [_frame_table(rows)]
    elif isinstance(rows, pa.Table):
        parts = [rows]
    else:
        parts = rows
    options = pcsv.WriteOptions(quoting_style="needed")
    writer: pcsv.CSVWriter | None = None
    schema: pa.Schema | None = None
    columns: list[str] = []
    count = 0
    try:
        for part in parts:
            if writer is None:  # the first part says which later contract columns there are
                columns = _contract_columns(name, part.column_names)
            table = _aligned(part, columns)
            if writer is None:
                schema = table.schema
                writer = pcsv.CSVWriter(
                    str(path / TABLES[name].file), schema, write_options=options
                )
            writer.write_table(table.cast(schema))
            count += table.num_rows
    finally:
        if writer is not None:
            writer.close()
    if writer is None:  # an empty iterable: the header of the contract columns
        return write_table(path, name, None)
    return count


def write_dataset(out: Path, tables: dict[str, Rows], summary: ImportSummary) -> None:
    """Write ``tables`` (contract name → rows) as the new dataset ``out``, all or nothing.

    Contract tables missing from ``tables`` are written empty (the optional market
    tables are left out); columns beyond the contract are kept (they load as text
    properties).
    """
    with staged(out) as stage:
        write_into(stage, tables, summary)


def write_into(folder: Path, tables: dict[str, Rows], summary: ImportSummary) -> None:
    """Write the contract files and the summary into ``folder`` (a staging folder)."""
    for name in TABLES:
        if TABLES[name].optional and name not in tables:
            continue
        summary.counts[name] = write_table(folder, name, tables.get(name))
    text = json.dumps(summary.as_dict(), indent=2, default=str)
    (folder / SUMMARY_FILE).write_text(text + "\n", encoding="utf-8")


def write_review(frame: Any, path: Path) -> None:
    """Write a list for people to read beside a dataset (homonyms, unmatched names, stakes
    over 1, entity matches): text cells a spreadsheet would run as formulas get a ``'`` in
    front (:func:`jvgraph.safe_text.spreadsheet_cell`). Never for the contract files, whose
    ids the loader must read back unchanged; the loader reads none of these lists."""
    import pandas as pd

    from jvgraph.safe_text import spreadsheet_cell

    safe = frame.copy()
    for col in safe.columns:
        if safe[col].dtype == object or pd.api.types.is_string_dtype(safe[col]):
            safe[col] = safe[col].map(spreadsheet_cell)
    safe.columns = [spreadsheet_cell(str(c)) for c in safe.columns]
    safe.to_csv(path, index=False, lineterminator="\n")
