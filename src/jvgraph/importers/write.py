"""Writing an imported dataset: the six contract files plus an import summary.

Tables a source does not have (vendors, joint ventures, partners) are written
with their header only, so the folder is a complete dataset. Values are
quoted where needed: real names contain commas and quotes.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pcsv

from jvgraph.errors import UsageError
from jvgraph.model import TABLES

__all__ = ["SUMMARY_FILE", "ImportSummary", "prepare_out", "write_dataset"]

#: the file beside the contract files that records what an import did
SUMMARY_FILE = "import-summary.json"


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
    """Make ``out`` a folder for a new dataset, refusing one that holds a dataset."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} exists and is not a folder")
    if out.is_dir() and any(p.name in {t.file for t in TABLES.values()} for p in out.iterdir()):
        raise UsageError(f"{out} already holds a dataset: choose an empty or new folder")
    out.mkdir(parents=True, exist_ok=True)


def _write_table(path: Path, name: str, frame: pd.DataFrame | None) -> int:
    columns = list(TABLES[name].names)
    if frame is None:
        frame = pd.DataFrame({c: pd.Series([], dtype=object) for c in columns})
    extra = [c for c in frame.columns if c not in columns]
    frame = frame.reindex(columns=[*columns, *extra])
    table = pa.Table.from_pandas(frame, preserve_index=False)
    options = pcsv.WriteOptions(quoting_style="needed")
    pcsv.write_csv(table, str(path / TABLES[name].file), options)
    return len(frame)


def write_dataset(out: Path, tables: dict[str, pd.DataFrame], summary: ImportSummary) -> None:
    """Write ``tables`` (contract name → frame) into the new folder ``out``.

    Contract tables missing from ``tables`` are written empty (the optional market
    tables are left out); columns beyond the contract are kept (they load as text
    properties).
    """
    prepare_out(out)
    for name in TABLES:
        if TABLES[name].optional and name not in tables:
            continue
        summary.counts[name] = _write_table(out, name, tables.get(name))
    text = json.dumps(summary.as_dict(), indent=2, default=str)
    (out / SUMMARY_FILE).write_text(text + "\n", encoding="utf-8")
