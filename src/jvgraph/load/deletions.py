"""The rows a ``jvgraph delete`` removes, read and checked against the stored graph.

A deletion is a dataset holding any of the contract's files with at least each row's key:
``id`` for nodes, ``jv_id`` and ``manager_id`` for JV partners, ``owner_id``,
``company_id`` and (where the holding has one) ``since`` for holdings, the key columns
of the market tables. Other columns are ignored. Every listed row must be stored, and no
relationship may be left without its end: a node is deleted only with every relationship
that names it (the partners of a JV, the holdings of a manager or a company, the JVs a
vendor formed, the companies that say they are the same firm as a vendor or manager).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from jvgraph.errors import Problem
from jvgraph.load.convert import convert
from jvgraph.load.read import RawTable, read_raw
from jvgraph.model import LABELS, NODE_TABLES, ROW_KEYS, TABLES, Dataset

__all__ = ["read_deletions"]

#: the key columns a file must have (a holding's ``since`` may be left out: none)
_REQUIRED = {**ROW_KEYS, "holdings": ("owner_id", "company_id")}

#: (table, column, node table) of every reference a stored row makes to a node
_REFERENCES = (
    ("joint_ventures", "vendor_id", "vendors"),
    ("jv_partners", "jv_id", "joint_ventures"),
    ("jv_partners", "manager_id", "asset_managers"),
    ("holdings", "owner_id", "asset_managers"),
    ("holdings", "owner_id", "companies"),
    ("holdings", "company_id", "companies"),
    ("companies", "same_as", "vendors"),
    ("companies", "same_as", "asset_managers"),
)


def read_deletions(path: str | Path, stored: Dataset) -> Dataset:
    """The keys of the rows the dataset at ``path`` lists (one table per file, only the
    key columns of :data:`~jvgraph.model.ROW_KEYS`, no key twice), checked against
    ``stored`` (the graph in the store); raises :class:`~jvgraph.errors.DataError` naming each file, line and
    column that is wrong."""
    from jvgraph.load import capped

    raws = read_raw(Path(path), partial=True, required=_REQUIRED)
    problems: list[Problem] = []
    frames: dict[str, pd.DataFrame] = {}
    typed: dict[str, pa.Table] = {}
    for name, raw in raws.items():
        typed[name], found = _keys(raw)
        problems += raw.problems + found
        frames[name] = _frame(typed[name], raw)
    if not problems:
        for name, frame in frames.items():
            problems += _unknown(name, frame, raws[name].file, stored)
    if not problems:
        problems += list(_dangling(frames, raws, stored))
    if problems:
        raise capped(problems)
    keys = {name: list(ROW_KEYS[name]) for name in typed}
    tables = {
        name: t.group_by(keys[name]).aggregate([]).select(keys[name]) for name, t in typed.items()
    }
    return Dataset(tables, origin=str(path))


def _keys(raw: RawTable) -> tuple[pa.Table, list[Problem]]:
    """The key columns of ``raw``, typed as a load types them."""
    present = [c for c in ROW_KEYS[raw.name] if c in raw.table.column_names]
    keys = RawTable(raw.name, raw.file, raw.table.select(present), raw.lines, [])
    table, _, problems = convert(keys)
    return table.select(list(ROW_KEYS[raw.name])), problems


def _frame(table: pa.Table, raw: RawTable) -> pd.DataFrame:
    frame = table.to_pandas().astype(object).where(lambda f: f.notna(), None)
    frame["at_line"] = raw.lines
    return frame


def _stored(name: str, stored: Dataset) -> pd.DataFrame:
    table = stored.tables.get(name)
    cols = list(ROW_KEYS[name])
    if table is None or not table.num_rows:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in cols})
    frame = table.select(cols).to_pandas().astype(object)
    return frame.where(frame.notna(), None)


def _key_tuples(frame: pd.DataFrame, cols: list[str]) -> list[tuple[Any, ...]]:
    return list(frame[cols].itertuples(index=False, name=None))


def _without(frame: pd.DataFrame, other: pd.DataFrame, cols: list[str]) -> pd.DataFrame:
    """The rows of ``frame`` whose key is not among ``other``'s (empty keys equal)."""
    if frame.empty or other.empty:
        return frame
    merged = frame.merge(other[cols].drop_duplicates(), on=cols, how="left", indicator=True)
    return frame[(merged["_merge"] == "left_only").to_numpy()]


def _unknown(name: str, frame: pd.DataFrame, file: str, stored: Dataset) -> list[Problem]:
    """A problem for each listed row the store does not hold."""
    cols = list(ROW_KEYS[name])
    have = _stored(name, stored)
    missing = frame if have.empty else _without(frame, have, cols)
    return [
        Problem(file, int(line), cols[0], _not_stored(name, key))
        for key, line in zip(_key_tuples(missing, cols), missing["at_line"], strict=True)
    ]


def _not_stored(name: str, key: tuple[Any, ...]) -> str:
    if name in NODE_TABLES:
        return f"no {LABELS[name]} '{key[0]}' in the store"
    if name == "jv_partners":
        return f"'{key[1]}' is not a partner in '{key[0]}' in the store"
    if name == "holdings":
        since = f" since {key[2]}" if key[2] is not None else " without a since date"
        return f"no holding of '{key[0]}' in '{key[1]}'{since} in the store"
    return f"no row {list(key)} of {name} in the store"


def _dangling(
    frames: dict[str, pd.DataFrame], raws: dict[str, RawTable], stored: Dataset
) -> Iterator[Problem]:
    """A problem for each deleted node that a staying row still names."""
    for table, column, nodes in _REFERENCES:
        gone = frames[nodes]
        if (
            gone.empty
            or table not in stored.tables
            or column not in stored.tables[table].schema.names
        ):
            continue
        staying = _staying(table, frames[table], stored)
        named = staying[staying[column].isin(set(gone["id"]))]
        if named.empty:
            continue
        lines = dict(zip(gone["id"], gone["at_line"], strict=True))
        for node_id, rows in named.groupby(column, sort=True):
            yield Problem(
                raws[nodes].file,
                int(lines[node_id]),
                "id",
                _still_named(nodes, str(node_id), table, rows),
            )


def _staying(table: str, deleted: pd.DataFrame, stored: Dataset) -> pd.DataFrame:
    """The stored rows of ``table`` (all columns) that the deletion keeps."""
    frame = stored.tables[table].to_pandas().astype(object)
    return _without(frame.where(frame.notna(), None), deleted, list(ROW_KEYS[table]))


def _still_named(nodes: str, node_id: str, table: str, rows: pd.DataFrame) -> str:
    what = {
        "joint_ventures": "JV",
        "jv_partners": "partner row",
        "holdings": "holding",
        "companies": "company",
    }[table]
    first = rows.iloc[0]
    example = {
        "joint_ventures": lambda: f"'{first['id']}'",
        "jv_partners": lambda: f"('{first['jv_id']}', '{first['manager_id']}')",
        "holdings": lambda: f"('{first['owner_id']}', '{first['company_id']}')",
        "companies": lambda: f"'{first['id']}'",
    }[table]()
    more = f" and {len(rows) - 1:,} more" if len(rows) > 1 else ""
    return (
        f"{LABELS[nodes]} '{node_id}' is still named by {len(rows):,} {what}(s) that stay "
        f"({example}{more}): list them in {TABLES[table].file} too"
    )
