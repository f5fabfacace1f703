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
import pyarrow.compute as pc

from jvgraph.errors import Problem
from jvgraph.load.markets import check_market_tables
from jvgraph.model import LABELS, NODE_TABLES

__all__ = ["Existing", "Located", "check_dataset"]

_TOLERANCE = 1e-9
_OPEN = np.iinfo(np.int64).min  # the day number of an empty since


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
    """What the store holds already: node ids with labels, its holdings, and (for the
    checks of the market tables) its companies and market tables."""

    ids: pd.Series = field(default_factory=lambda: pd.Series([], dtype=object))  # id -> label
    holdings: pa.Table = field(
        default_factory=lambda: pa.table(
            {
                "owner_id": pa.array([], pa.string()),
                "company_id": pa.array([], pa.string()),
                "stake": pa.array([], pa.float64()),
                "since": pa.array([], pa.date32()),
                "until": pa.array([], pa.date32()),
            }
        )
    )
    companies: pa.Table | None = None
    markets: pa.Table | None = None
    vendor_shares: pa.Table | None = None


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
    return problems + check_market_tables(tables, existing, unsure)


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
    ("companies", "same_as", ("Vendor", "AssetManager")),
)


def _check_refs(
    tables: dict[str, Located], labels: pd.Series, duplicated: set[str]
) -> list[Problem]:
    """References resolve to a node of the right label (ids defined twice are reported once)."""
    problems: list[Problem] = []
    values = labels.to_numpy()
    index = np.asarray(labels.index, dtype=object)
    ids_of = {lab: pa.array(index[values == lab], pa.string()) for lab in set(values)}
    skip = pa.array(sorted(duplicated), pa.string())
    for name, column, wanted in _REFS:
        col = tables[name].table.column(column)
        allowed = pa.concat_arrays([ids_of.get(lab, pa.array([], pa.string())) for lab in wanted])
        ok = pc.or_(
            pc.or_(pc.is_in(col, value_set=allowed), pc.is_in(col, value_set=skip)), pc.is_null(col)
        )
        bad = np.flatnonzero(~np.asarray(pc.fill_null(ok, True)))[:200]
        for i in bad:
            value = col[int(i)].as_py()
            label = labels.get(value)
            why = f"unknown id '{value}'" if label is None else f"'{value}' is a {label}"
            msg = f"{why}: expected the id of a {' or '.join(wanted)}"
            problems.append(Problem(tables[name].file, int(tables[name].lines[i]), column, msg))
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


@dataclass
class _Holdings:
    """Holdings as integer codes and day numbers, new rows first, then the store's."""

    owner: pa.Array
    company: pa.Array
    stake: np.ndarray[Any, Any]
    start: np.ndarray[Any, Any]
    end: np.ndarray[Any, Any]
    lines: np.ndarray[Any, Any]  # -1 for rows already in the store

    @classmethod
    def of(cls, table: pa.Table, lines: np.ndarray[Any, Any]) -> _Holdings:
        lo, hi = np.iinfo(np.int64).min, np.iinfo(np.int64).max
        return cls(
            table.column("owner_id").combine_chunks(),
            table.column("company_id").combine_chunks(),
            pc.fill_null(table.column("stake"), 0.0).to_numpy(),
            _days(table.column("since"), lo),
            _days(table.column("until"), hi),
            lines,
        )

    def codes(self, column: pa.Array) -> np.ndarray[Any, Any]:
        return np.asarray(pc.dictionary_encode(column).indices.fill_null(-1))


def _days(column: pa.ChunkedArray | pa.Array, missing: int) -> np.ndarray[Any, Any]:
    days = pc.cast(pc.cast(column, pa.date32()), pa.int32())
    empty = np.asarray(pc.is_null(days))
    return np.where(empty, missing, np.asarray(pc.fill_null(days, 0)).astype(np.int64))


def _check_holdings(holdings: Located, existing: Existing, *, sums: bool) -> list[Problem]:
    h = _Holdings.of(holdings.table, holdings.lines)
    f = holdings.file
    problems = _check_bands(holdings)
    for i in np.flatnonzero(h.start > h.end)[:200]:
        since, until = (np.datetime64(int(d), "D") for d in (h.start[i], h.end[i]))
        problems.append(
            Problem(f, int(h.lines[i]), "since", f"since {since} is after until {until}")
        )
    for i in np.flatnonzero(np.asarray(pc.fill_null(pc.equal(h.owner, h.company), False)))[:200]:
        problems.append(
            Problem(f, int(h.lines[i]), "owner_id", f"'{h.owner[int(i)]}' cannot hold itself")
        )
    keys = pd.DataFrame({"o": h.codes(h.owner), "c": h.codes(h.company), "s": h.start})
    for i in np.flatnonzero(keys.duplicated().to_numpy())[:200]:
        start = "the start" if h.start[i] == _OPEN else str(np.datetime64(int(h.start[i]), "D"))
        msg = (
            f"'{h.owner[int(i)]}' already holds '{h.company[int(i)]}' from {start} "
            "on an earlier line"
        )
        problems.append(Problem(f, int(h.lines[i]), "since", msg))
    return problems + (_check_stake_sums(h, existing, f) if sums else [])


def _check_bands(holdings: Located) -> list[Problem]:
    """A stake band has both ends, ``stake_low <= stake_high``, and holds ``stake`` if given."""
    df = holdings.frame("stake", "stake_low", "stake_high")
    low, high, stake = df["stake_low"], df["stake_high"], df["stake"]
    problems = []
    for row in _rows(df[low.isna() != high.isna()]):
        have, need = (
            ("stake_low", "stake_high") if high.isna()[row.Index] else ("stake_high", "stake_low")
        )
        msg = f"{have} is given but {need} is empty: a band needs both ends"
        problems.append(Problem(holdings.file, int(row.at_line), need, msg))
    for row in _rows(df[(low > high).fillna(False)]):
        msg = f"stake_low {row.stake_low:g} is above stake_high {row.stake_high:g}"
        problems.append(Problem(holdings.file, int(row.at_line), "stake_low", msg))
    outside = ((stake < low) | (stake > high)).fillna(False)
    for row in _rows(df[outside]):
        msg = f"stake {row.stake:g} is outside its band [{row.stake_low:g}, {row.stake_high:g}]"
        problems.append(Problem(holdings.file, int(row.at_line), "stake", msg))
    return problems


def _with_existing(h: _Holdings, existing: Existing) -> _Holdings:
    """The new holdings plus the store's holdings that they do not replace."""
    table = existing.holdings
    if not table.num_rows:
        return h
    stored = _Holdings.of(table, np.full(table.num_rows, -1, dtype=np.int64))
    both = _Holdings(
        pa.concat_arrays([h.owner, stored.owner]),
        pa.concat_arrays([h.company, stored.company]),
        np.concatenate([h.stake, stored.stake]),
        np.concatenate([h.start, stored.start]),
        np.concatenate([h.end, stored.end]),
        np.concatenate([h.lines, stored.lines]),
    )
    keys = pd.DataFrame(
        {"o": both.codes(both.owner), "c": both.codes(both.company), "s": both.start}
    )
    replaced = keys.duplicated(keep="first").to_numpy() & (both.lines < 0)
    keep = ~replaced
    return _Holdings(
        both.owner.filter(pa.array(keep)),
        both.company.filter(pa.array(keep)),
        both.stake[keep],
        both.start[keep],
        both.end[keep],
        both.lines[keep],
    )


def _check_stake_sums(h: _Holdings, existing: Existing, file: str) -> list[Problem]:
    """At every instant, the stakes held in one company must sum to at most 1."""
    h = _with_existing(h, existing)
    if len(h.stake) == 0:
        return []
    company = h.codes(h.company)
    total = np.bincount(company, weights=h.stake)
    suspect = np.flatnonzero(total > 1 + _TOLERANCE)  # only these can exceed 1 at some instant
    if suspect.size == 0:
        return []
    rows = np.flatnonzero(np.isin(company, suspect))
    ev_company = np.concatenate([company[rows], company[rows]])
    ev_time = np.concatenate([h.start[rows], h.end[rows]])
    ev_delta = np.concatenate([h.stake[rows], -h.stake[rows]])
    ev_row = np.concatenate([rows, rows])
    order = np.lexsort((ev_delta, ev_time, ev_company))  # removals before additions at a time
    running = _group_cumsum(ev_company[order], ev_delta[order])
    over = running > 1 + _TOLERANCE
    if not over.any():
        return []
    return _stake_problems(h, company, order, ev_row, ev_time, running, over, file)


def _group_cumsum(
    groups: np.ndarray[Any, Any], values: np.ndarray[Any, Any]
) -> np.ndarray[Any, Any]:
    total = np.cumsum(values)
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    offset = np.repeat(total[starts] - values[starts], np.diff(np.r_[starts, len(groups)]))
    result: np.ndarray[Any, Any] = total - offset
    return result


def _stake_problems(
    h: _Holdings,
    company: Any,
    order: Any,
    ev_row: Any,
    ev_time: Any,
    running: Any,
    over: Any,
    file: str,
) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[int] = set()
    for i in np.flatnonzero(over):
        row = ev_row[order[i]]
        if company[row] in seen:
            continue
        seen.add(company[row])
        line = h.lines[row] if h.lines[row] >= 0 else h.lines[company == company[row]].max()
        day = ev_time[order[i]]
        when = "" if day == np.iinfo(np.int64).min else f" on {np.datetime64(int(day), 'D')}"
        msg = f"stakes held in '{h.company[int(row)]}' sum to {running[i]:.6g}{when}, more than 1"
        problems.append(Problem(file, int(line), "stake", msg))
        if len(problems) >= 200:
            break
    return problems
