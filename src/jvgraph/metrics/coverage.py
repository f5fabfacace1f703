"""Coverage: how much of each vendor's partners the data knows, and so what its reach means.

Reach counts the companies of the partners' portfolios *that the data holds*. Where a
dataset holds only some partners' portfolios, reach is a lower bound; where it holds none,
reach is unknown, not 0. Which portfolios a dataset holds is a fact of the data, the
managers' ``portfolio_known`` column (true, false or empty for not stated), never guessed
from whether a manager happens to have holdings. Per vendor, over the JVs that count on
the as-of date:

- ``partners``: the named partners; ``partners_unnamed``: the partners reports count but do
  not name (``partners_reported`` minus the named, per JV; ``None`` where a JV reports no
  count);
- ``known``, ``missing``, ``not_stated``: the partners whose portfolio the data holds, does
  not hold, or does not say, each ``{id, name, kind}``;
- ``status``: ``complete`` (every partner's portfolio known, none unnamed), ``partial``,
  ``none`` (no partner's portfolio known: reach unknown), ``not stated`` (the data says for
  no partner), ``no partner`` or ``no joint venture`` (reach is 0 because there is nothing to
  reach through);
- ``reach``: ``{companies, lower_bound, reason}``; ``companies`` is ``None`` when unknown;
- ``summary``: the same in words, e.g. "2 of 14 partners' portfolios known; 5 more unnamed".

``shared_partners`` lists the partners of more than one vendor, with whether their
portfolio is known: through such a partner both vendors reach the same companies.

>>> from jvgraph.config import bundled_dataset
>>> from jvgraph.load import read_dataset
>>> from jvgraph.metrics.arrays import GraphArrays
>>> doc = coverage(GraphArrays.build(read_dataset(bundled_dataset("jv-2026"))))
>>> doc["vendors"]["v-openai"]["summary"]
"2 of 14 partners' portfolios known; 5 more partners unnamed"
>>> [p["name"] for p in doc["shared_partners"]]
['Goldman Sachs']
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from jvgraph.metrics.arrays import GraphArrays
from jvgraph.metrics.reach import reach_matrix

__all__ = ["coverage", "vendor_coverage"]


def _flag(value: Any) -> bool | None:
    """``portfolio_known`` as True, False or None (not stated)."""
    return None if pd.isna(value) else bool(value)


def _column(frame: pd.DataFrame, name: str, n: int) -> list[Any]:
    return frame[name].tolist() if name in frame else [None] * n


def _at(frame: pd.DataFrame, name: str, rows: list[int]) -> list[Any]:
    """The values of column ``name`` in ``rows`` (``None`` where there is no such column)."""
    return frame[name].iloc[rows].tolist() if name in frame else [None] * len(rows)


def _partner(g: GraphArrays, m: int, kind: Any) -> dict[str, Any]:
    return {
        "id": str(g.manager_ids[m]),
        "name": str(g.manager_names[m]),
        "kind": None if pd.isna(kind) else str(kind),
    }


def _unnamed(g: GraphArrays, jvs: np.ndarray[Any, Any]) -> tuple[list[dict[str, Any]], int | None]:
    """Per counting JV: its named and reported partners; the vendor's unnamed in total
    (``None`` when a JV reports no count)."""
    reported = _column(g.jv, "partners_reported", len(g.jv_ids))
    names = _column(g.jv, "name", len(g.jv_ids))
    rows: list[dict[str, Any]] = []
    counts: list[int | None] = []
    for j in jvs:
        named = int(g.partners.indptr[j + 1] - g.partners.indptr[j])
        count = None if pd.isna(reported[j]) else int(reported[j])
        counts.append(None if count is None else max(count - named, 0))
        rows.append({"id": str(g.jv_ids[j]), "name": None if pd.isna(names[j]) else str(names[j]),
                     "partners_named": named, "partners_reported": count,
                     "partners_unnamed": counts[-1]})  # fmt: skip
    known = [c for c in counts if c is not None]
    return rows, None if len(known) < len(counts) else sum(known)


def _status(known: int, missing: int, stated: int, partners: int, unnamed: int | None) -> str:
    if partners == 0:
        return "none" if unnamed else "no partner"
    if stated == 0:
        return "not stated"
    if known == 0:
        return "none"
    return "complete" if known == partners and not unnamed else "partial"


def _summary(entry: dict[str, Any]) -> str:
    status, partners, known = entry["status"], entry["partners"], len(entry["known"])
    unnamed = entry["partners_unnamed"]
    more = f"; {unnamed} more partners unnamed" if unnamed else ""
    if status == "no joint venture":
        return "no joint venture on this date"
    if status == "no partner":
        return "no partner named"
    if status == "not stated":
        return f"the data does not say which of the {partners} partners' portfolios it holds"
    return f"{known} of {partners} partners' portfolios known{more}"


def _reach(status: str, companies: int, partners: int) -> dict[str, Any]:
    if status == "none":
        why = f"none of the {partners} partners' portfolios is in the data" if partners else (
            "the partners are not named")  # fmt: skip
        return {"companies": None, "lower_bound": False, "reason": why}
    reasons = {
        "partial": "counts only the portfolios known: the other partners may add more",
        "complete": "every partner's portfolio is in the data",
        "not stated": "the data does not say whose portfolios it holds",
        "no partner": "no partner, so nothing to reach through",
        "no joint venture": "no joint venture counts on this date",
    }
    return {"companies": companies, "lower_bound": status == "partial", "reason": reasons[status]}


def vendor_coverage(g: GraphArrays, v: int, reached: int) -> dict[str, Any]:
    """The coverage of vendor ``v``, whose reach holds ``reached`` companies."""
    jvs = g.formed.indices[g.formed.indptr[v] : g.formed.indptr[v + 1]]
    vm = g.vendor_managers()
    partners = sorted(
        vm.indices[vm.indptr[v] : vm.indptr[v + 1]], key=lambda m: str(g.manager_names[m])
    )
    rows = [int(m) for m in partners]
    flags = [_flag(f) for f in _at(g.manager, "portfolio_known", rows)]
    groups: dict[bool | None, list[dict[str, Any]]] = {True: [], False: [], None: []}
    for m, flag, kind in zip(rows, flags, _at(g.manager, "kind", rows), strict=True):
        groups[flag].append(_partner(g, m, kind))
    joint_ventures, unnamed = _unnamed(g, jvs)
    stated = len(groups[True]) + len(groups[False])
    status = "no joint venture" if jvs.size == 0 else _status(
        len(groups[True]), len(groups[False]), stated, len(partners), unnamed)  # fmt: skip
    entry: dict[str, Any] = {
        "name": str(g.vendor_names[v]),
        "joint_ventures": joint_ventures,
        "partners": len(partners),
        "partners_unnamed": unnamed,
        "known": groups[True],
        "missing": groups[False],
        "not_stated": groups[None],
        "status": status,
        "reach": _reach(status, reached, len(partners)),
    }
    entry["summary"] = _summary(entry)
    return entry


def coverage(g: GraphArrays, *, look_through: bool = False) -> dict[str, Any]:
    """Per vendor its coverage (see the module), and the partners vendors share."""
    r = reach_matrix(g, look_through=look_through)
    sizes = np.diff(r.indptr)
    vendors = {
        str(g.vendor_ids[v]): vendor_coverage(g, v, int(sizes[v])) for v in range(len(g.vendor_ids))
    }
    vm = g.vendor_managers().tocsc()
    several = [int(m) for m in np.flatnonzero(np.diff(vm.indptr) > 1)]
    flags = [_flag(f) for f in _at(g.manager, "portfolio_known", several)]
    shared = []
    for m, flag in zip(several, flags, strict=True):
        rows = vm.indices[vm.indptr[m] : vm.indptr[m + 1]]
        shared.append({"id": str(g.manager_ids[m]), "name": str(g.manager_names[m]),
                       "vendors": sorted(str(g.vendor_ids[v]) for v in rows),
                       "portfolio_known": flag})  # fmt: skip
    return {"vendors": vendors, "shared_partners": sorted(shared, key=lambda p: p["name"])}
