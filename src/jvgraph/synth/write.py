"""Fast CSV writing of generated tables, in the contract's column order."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from jvgraph.model import TABLES

__all__ = ["write_rows", "write_table"]


def write_table(out_dir: Path, name: str, columns: dict[str, Any]) -> Path:
    """Write generated columns (no commas, quotes or newlines in them) as ``NAME.csv``.

    Extra columns follow the contract's ones; ``None`` is an empty cell.
    """
    import pyarrow.csv as pacsv

    order = list(TABLES[name].names) + [c for c in columns if c not in TABLES[name].names]
    arrays = {
        c: pa.array(columns[c] if c in columns else np.full(_rows(columns), None)) for c in order
    }
    path = out_dir / f"{name}.csv"
    pacsv.write_csv(
        pa.table(arrays),
        path,
        write_options=pacsv.WriteOptions(quoting_style="none", batch_size=1 << 16),
    )
    return path


def _rows(columns: dict[str, Any]) -> int:
    return len(next(iter(columns.values())))


def write_rows(out_dir: Path, name: str, rows: list[dict[str, Any]]) -> Path:
    """Write records with the csv module (quotes where needed), for small tables."""
    order = list(TABLES[name].names) + sorted(
        {k for r in rows for k in r} - set(TABLES[name].names)
    )
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=order, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    path = out_dir / f"{name}.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path
