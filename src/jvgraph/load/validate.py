"""Checks that span rows and files: unique ids, references, stakes over time.

The checks see the dataset together with what the store already holds
(:class:`Existing`), because a load adds to the store: a reference may point
at a node loaded earlier, and a company's stakes must not exceed 1 once the
new holdings join the old ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from jvgraph.errors import Problem
from jvgraph.model import LABELS, NODE_TABLES

__all__ = ["Existing", "Located", "check_dataset"]

_TOLERANCE = 1e-9


@dataclass
class Located:
    """A typed table with the file and line of each row, for messages."""

    file: str
    table: pa.Table
    lines: np.ndarray[Any, np.dtype[np.int64]]

    def frame(self, *columns: str) -> pd.DataFrame:
        df = self.table.select(list(columns)).to_pandas()
        df["at_line"] = self.lines
        return df


@dataclass
class Existing:
    """What the store holds already: node ids with labels, and its holdings."""

    ids: pd.Series = field(default_factory=lambda: pd.Series([], dtype=object))  # id -> label
    holdings: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(
            {"owner_id": [], "company_id": [], "stake": [], "since": [], "until": []}
        )
    )


def _rows(df: pd.DataFrame) -> list[Any]:
    """The first rows of ``df`` (as many as are worth reporting), as named tuples."""
    return list(df.head(200).itertuples())


def check_dataset(
    tables: dict[str, Located], existing: Existing, unsure: frozenset[str] | set[str] = frozenset()
) -> list[Problem]:
    """Return every cross-row problem of the dataset, given what the store holds.

    Files named in ``unsure`` have cells that failed to convert; their stake
    sums are not checked, since a bad cell would make every sum wrong.
    """
    labels, duplicated, problems = _check_ids(tables, existing)
    problems += _check_refs(tables, labels, duplicated)
    problems += _check_jvs(tables["joint_ventures"])
    problems += _check_partners(tables["jv_partners"])
    problems += _check_holdings(
        tables["holdings"], existing, sums=tables["holdings"].file not in unsure
    )
    return problems


def _check_ids(
    tables: dict[str, Located], existing: Existing
) -> tuple[pd.Series, set[str], list[Problem]]:
    parts = []
    for name in NODE_TABLES:
        df = tables[name].frame("id")
        df["at_file"], df["at_label"] = tables[name].file, LABELS[name]
        parts.append(df)
    ids = pd.concat(parts, ignore_index=True).dropna(subset=["id"])
    problems = []
    dup = ids.duplicated("id", keep="first")
    first = ids.drop_duplicates("id").set_index("id")
    for row in _rows(ids[dup]):
        where = f"{first.at[row.id, 'at_file']}:{first.at[row.id, 'at_line']}"
        problems.append(
            Problem(row.at_file, row.at_line, "id", f"duplicate id '{row.id}' (first at {where})")
        )
    clash = ids[ids["id"].isin(existing.ids.index)]
    clash = clash[clash["at_label"].to_numpy() != existing.ids.reindex(clash["id"]).to_numpy()]
    for row in _rows(clash):
        msg = f"id '{row.id}' is already a {existing.ids[row.id]} in the store"
        problems.append(Problem(row.at_file, row.at_line, "id", msg))
    labels = pd.concat([existing.ids, first["at_label"]])
    return labels[~labels.index.duplicated(keep="last")], set(ids["id"][dup]), problems


_REFS = (
    ("joint_ventures", "vendor_id", ("Vendor",)),
    ("jv_partners", "jv_id", ("JointVenture",)),
    ("jv_partners", "manager_id", ("AssetManager",)),
    ("holdings", "owner_id", ("AssetManager", "PortfolioCompany")),
    ("holdings", "company_id", ("PortfolioCompany",)),
)


def _check_refs(
    tables: dict[str, Located], labels: pd.Series, duplicated: set[str]
) -> list[Problem]:
    """References resolve to a node of the right label (ids defined twice are reported once)."""
    problems: list[Problem] = []
    for name, column, wanted in _REFS:
        df = tables[name].frame(column).dropna(subset=[column])
        df = df[~df[column].isin(duplicated)]
        codes = pd.Index(labels.index).get_indexer(df[column])
        found = np.where(codes >= 0, labels.to_numpy()[np.maximum(codes, 0)], None)
        bad = ~pd.Series(found).isin(wanted).to_numpy()
        for value, line, label in zip(
            df[column][bad][:200], df["at_line"][bad][:200], found[bad][:200], strict=True
        ):
            kind = " or ".join(wanted)
            why = f"unknown id '{value}'" if label is None else f"'{value}' is a {label}"
            msg = f"{why}: expected the id of a {kind}"
            problems.append(Problem(tables[name].file, int(line), column, msg))
    return problems


def _check_jvs(jvs: Located) -> list[Problem]:
    df = jvs.frame("announced", "ended")
    bad = df[(df["ended"] < df["announced"]).fillna(False)]
    return [
        Problem(
            jvs.file, int(r.at_line), "ended", f"ended {r.ended} is before announced {r.announced}"
        )
        for r in _rows(bad)
    ]


def _check_partners(partners: Located) -> list[Problem]:
    df = partners.frame("jv_id", "manager_id")
    dup = df[df.duplicated(["jv_id", "manager_id"], keep="first")]
    return [
        Problem(
            partners.file,
            int(r.at_line),
            "manager_id",
            f"'{r.manager_id}' is listed twice as a partner of '{r.jv_id}'",
        )
        for r in _rows(dup)
    ]


def _check_holdings(holdings: Located, existing: Existing, *, sums: bool) -> list[Problem]:
    df = holdings.frame("owner_id", "company_id", "stake", "since", "until")
    f = holdings.file
    problems = [
        Problem(f, int(r.at_line), "since", f"since {r.since} is after until {r.until}")
        for r in _rows(df[(df["since"] > df["until"]).fillna(False)])
    ]
    problems += [
        Problem(f, int(r.at_line), "owner_id", f"'{r.owner_id}' cannot hold itself")
        for r in _rows(df[df["owner_id"] == df["company_id"]])
    ]
    key = ["owner_id", "company_id", "since"]
    dup = df[df.duplicated(key, keep="first")]
    problems += [
        Problem(
            f,
            int(r.at_line),
            "since",
            f"'{r.owner_id}' already holds '{r.company_id}' "
            f"from {r.since or 'the start'} on an earlier line",
        )
        for r in _rows(dup)
    ]
    return problems + (_check_stake_sums(df, existing, f) if sums else [])


def _days(col: pd.Series, missing: int) -> np.ndarray[Any, np.dtype[np.int64]]:
    values = pd.to_datetime(col).to_numpy(dtype="datetime64[D]").astype(np.int64)
    return np.where(pd.isna(col).to_numpy(), missing, values)


def _check_stake_sums(df: pd.DataFrame, existing: Existing, file: str) -> list[Problem]:
    """At every instant, the stakes held in one company must sum to at most 1."""
    old = existing.holdings
    if len(old):
        keys = pd.MultiIndex.from_frame(df[["owner_id", "company_id", "since"]])
        old_keys = pd.MultiIndex.from_frame(old[["owner_id", "company_id", "since"]])
        old = old[~old_keys.isin(keys)].assign(at_line=-1)
    allh = pd.concat([df, old], ignore_index=True) if len(old) else df
    if allh.empty:
        return []
    lo, hi = np.iinfo(np.int64).min, np.iinfo(np.int64).max
    start, end = _days(allh["since"], lo), _days(allh["until"], hi)
    company = pd.factorize(allh["company_id"])[0]
    stake = allh["stake"].fillna(0).to_numpy()
    n = len(allh)
    ev_company = np.concatenate([company, company])
    ev_time = np.concatenate([start, end])
    ev_delta = np.concatenate([stake, -stake])
    ev_row = np.concatenate([np.arange(n), np.arange(n)])
    order = np.lexsort((ev_delta, ev_time, ev_company))  # removals before additions at a time
    running = _group_cumsum(ev_company[order], ev_delta[order])
    over = running > 1 + _TOLERANCE
    if not over.any():
        return []
    return _stake_problems(allh, order, ev_row, ev_time, running, over, file)


def _group_cumsum(
    groups: np.ndarray[Any, Any], values: np.ndarray[Any, Any]
) -> np.ndarray[Any, Any]:
    total = np.cumsum(values)
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    offset = np.repeat(total[starts] - values[starts], np.diff(np.r_[starts, len(groups)]))
    result: np.ndarray[Any, Any] = total - offset
    return result


def _stake_problems(
    allh: pd.DataFrame, order: Any, ev_row: Any, ev_time: Any, running: Any, over: Any, file: str
) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    lines = allh["at_line"].to_numpy()
    for i in np.flatnonzero(over):
        row = ev_row[order[i]]
        company = allh["company_id"].iat[row]
        if company in seen:
            continue
        seen.add(company)
        line = (
            lines[row] if lines[row] >= 0 else lines[allh["company_id"].to_numpy() == company].max()
        )
        day = ev_time[order[i]]
        when = "" if day == np.iinfo(np.int64).min else f" on {np.datetime64(int(day), 'D')}"
        msg = f"stakes held in '{company}' sum to {running[i]:.6g}{when}, more than 1"
        problems.append(Problem(file, int(line), "stake", msg))
        if len(problems) >= 200:
            break
    return problems
