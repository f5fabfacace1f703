"""Profit weights κ of O'Brien and Salop, and the MHHI they imply.

Owner ``i`` holds cash-flow rights ``β_if`` in firm ``f`` and control rights
``γ_if``. A manager of firm ``f`` who maximises its owners' control-weighted
portfolio profits puts weight ``κ_fg`` on firm ``g``'s profit relative to
``f``'s own:

    κ_fg = Σ_i γ_if β_ig / Σ_i γ_if β_if

Control options (:func:`control_weights`):

- ``proportional``: ``γ = β`` (the default). Then
  ``κ_fg = cos(β_f, β_g) · √(IHHI_g / IHHI_f)`` with ``IHHI_f = Σ_i β_if²``;
- ``power:a``: ``γ = β^a`` (``a > 0``);
- ``sole``: an owner with a majority stake (``β > 0.5``) controls its firm
  alone (``γ = 1`` for it, 0 for the others); a firm without one keeps
  proportional control.

The denominator is firm ``f``'s own diagonal ``Σ_i γ_if β_if``, as in O'Brien
and Salop (2000); some published code divides by the other firm's diagonal
instead, which gives ``κ_gf``'s normalisation and a different number.

With market shares ``s_f``, ``MHHI = 10,000 · Σ_f Σ_g s_f s_g κ_fg`` (with
``κ_ff = 1``) and ``ΔMHHI = MHHI − HHI``. Under proportional control this is
:mod:`jvgraph.metrics.common_ownership`'s index. It is gathered in time linear
in the number of holdings through ``T_i = Σ_g β_ig s_g``.

Two firms with identical owners:

>>> import numpy as np, scipy.sparse as sp
>>> beta = sp.csr_matrix(np.array([[0.2, 0.2], [0.1, 0.1]]))
>>> profit_weights(beta, beta).toarray()
array([[1., 1.],
       [1., 1.]])
>>> generalised_mhhi(beta, beta, np.array([0.5, 0.5]))
(5000.0, 5000.0)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from jvgraph.errors import UsageError
from jvgraph.metrics.arrays import GraphArrays
from jvgraph.model import Dataset

__all__ = [
    "Control",
    "control_weights",
    "generalised_mhhi",
    "kappa_series",
    "kappa_summary",
    "market_kappa",
    "owner_kappa_contributions",
    "parse_control",
    "profit_weights",
    "voting_stakes",
]

Array = np.ndarray[Any, Any]


@dataclass(frozen=True)
class Control:
    """How control rights are weighted: ``proportional`` (γ = β), ``power`` (γ = β^a),
    ``sole`` (a majority holder controls) or ``voting`` (γ = the owner's voting shares,
    ``sole`` or ``sole+shared`` authority, as Backus, Conlon & Sinkinson 2021 do)."""

    kind: str = "proportional"
    exponent: float = 1.0
    voting: str = ""

    def __str__(self) -> str:
        if self.kind == "voting":
            return f"voting:{self.voting}"
        return f"power:{self.exponent:g}" if self.kind == "power" else self.kind


#: the holdings columns of voting shares (``jvgraph import sec-13f --shares-outstanding``)
VOTING_COLUMNS = {"sole": "sole_voting", "sole+shared": "sole_shared_voting"}


def parse_control(text: str) -> Control:
    """``proportional``, ``sole``, ``power:A`` (A > 0), ``voting:sole`` or
    ``voting:sole+shared``.

    >>> parse_control("power:0.5")
    Control(kind='power', exponent=0.5, voting='')
    >>> str(parse_control("voting:sole+shared"))
    'voting:sole+shared'
    """
    text = text.strip().lower()
    if text in {"proportional", "sole"}:
        return Control(text)
    if text.startswith("voting:") and text[7:] in VOTING_COLUMNS:
        return Control("voting", voting=text[7:])
    if text.startswith("power:"):
        try:
            exponent = float(text.split(":", 1)[1])
        except ValueError:
            exponent = -1.0
        if exponent > 0 and np.isfinite(exponent):
            return Control("power", exponent)
    raise UsageError(
        f"control {text!r}: use proportional, sole, power:A with A > 0, voting:sole or "
        "voting:sole+shared"
    )


def voting_stakes(dataset: Dataset, as_of: dt.date | None, control: Control) -> sp.csr_matrix:
    """Owners × companies: each owner's voting share under ``control`` (a ``voting``
    control), indexed as :class:`GraphArrays` indexes the stakes; 0 where not stated."""
    import pyarrow as pa
    import pyarrow.compute as pc

    holdings = dataset.tables["holdings"]
    column = VOTING_COLUMNS[control.voting]
    if column not in holdings.column_names:
        raise UsageError(
            f"control {control}: the holdings have no {column} column (jvgraph import "
            "sec-13f --shares-outstanding writes it)"
        )
    values = holdings.column(column)
    if not pa.types.is_floating(values.type):
        text = pc.cast(values, pa.string())
        values = pc.if_else(pc.equal(pc.utf8_trim_whitespace(text), ""), None, text)
    try:
        votes = pc.cast(values, pa.float64())
    except pa.ArrowInvalid as err:
        raise UsageError(f"holdings column {column}: not a number ({err})") from None
    at = holdings.column_names.index("stake")
    tables = {**dataset.tables, "holdings": holdings.set_column(at, "stake", votes)}
    stakes = GraphArrays.build(Dataset(tables, dataset.extras, dataset.origin), as_of).stakes
    stakes = sp.csr_matrix(stakes, dtype=float)
    stakes.data = np.nan_to_num(stakes.data)
    return stakes


def control_weights(beta: sp.csr_matrix, control: Control) -> tuple[sp.csr_matrix, int]:
    """(γ, how many firms fell back to proportional control) for owners × firms ``beta``."""
    beta = sp.csr_matrix(beta, dtype=float)
    if control.kind == "proportional":
        return beta, 0
    if control.kind == "power":
        gamma = beta.copy()
        gamma.data = np.power(gamma.data, control.exponent)
        return gamma, 0
    coo = beta.tocoo()
    major = coo.data > 0.5
    firms = np.zeros(beta.shape[1], dtype=bool)
    firms[coo.col[major]] = True
    keep = major | ~firms[coo.col]
    data = np.where(major, 1.0, coo.data)[keep]
    gamma = sp.csr_matrix((data, (coo.row[keep], coo.col[keep])), shape=beta.shape)
    return gamma, int(beta.shape[1] - firms.sum())


def _diagonal(beta: sp.csr_matrix, gamma: sp.csr_matrix) -> Array:
    """``Σ_i γ_if β_if`` per firm."""
    return np.asarray(gamma.multiply(beta).sum(axis=0)).ravel()


def profit_weights(beta: sp.csr_matrix, gamma: sp.csr_matrix) -> sp.csr_matrix:
    """κ as a firms × firms sparse matrix (row f, column g); rows of firms with
    no owner are empty (κ undefined there)."""
    numerator = (sp.csr_matrix(gamma).T @ sp.csr_matrix(beta)).tocsr()
    diagonal = _diagonal(beta, gamma)
    inverse = np.divide(1.0, diagonal, out=np.zeros_like(diagonal), where=diagonal > 0)
    return sp.csr_matrix(sp.diags(inverse) @ numerator)


def generalised_mhhi(
    beta: sp.csr_matrix, gamma: sp.csr_matrix, share: Array
) -> tuple[float, float]:
    """(HHI, ΔMHHI) on the 0–10,000 scale for firms with market shares ``share``.

    ``ΔMHHI = 10,000 · Σ_f s_f / D_f · Σ_i γ_if (T_i − β_if s_f)`` with
    ``D_f = Σ_i γ_if β_if`` and ``T_i = Σ_g β_ig s_g``: linear in the holdings.
    """
    share = np.asarray(share, dtype=float)
    hhi = 10_000.0 * float(np.sum(share**2))
    beta, gamma = sp.csr_matrix(beta, dtype=float), sp.csr_matrix(gamma, dtype=float)
    t = beta @ share  # T_i per owner
    g = gamma.tocoo()
    b_if = np.asarray(beta[g.row, g.col]).ravel()
    inner = np.bincount(
        g.col, weights=g.data * (t[g.row] - b_if * share[g.col]), minlength=share.size
    )
    diagonal = _diagonal(beta, gamma)
    per_firm = np.divide(share * inner, diagonal, out=np.zeros(share.size), where=diagonal > 0)
    return hhi, 10_000.0 * float(per_firm.sum())


def owner_kappa_contributions(beta: sp.csr_matrix, gamma: sp.csr_matrix) -> Array:
    """Each owner's part of ``Σ_{f≠g} κ_fg`` (they sum to it).

    Owner ``i`` adds ``γ_if β_ig / D_f`` to every ``κ_fg``, so its part is
    ``Σ_f γ_if (B_i − β_if) / D_f`` with ``B_i = Σ_g β_ig``.
    """
    beta, gamma = sp.csr_matrix(beta, dtype=float), sp.csr_matrix(gamma, dtype=float)
    totals = np.asarray(beta.sum(axis=1)).ravel()
    diagonal = _diagonal(beta, gamma)
    g = gamma.tocoo()
    b_if = np.asarray(beta[g.row, g.col]).ravel()
    inverse = np.divide(1.0, diagonal, out=np.zeros_like(diagonal), where=diagonal > 0)
    part = g.data * (totals[g.row] - b_if) * inverse[g.col]
    return np.bincount(g.row, weights=part, minlength=beta.shape[0])


def _order_statistic(values: Array, zeros: int, k: int) -> float:
    """The ``k``-th smallest of ``zeros`` zeros and the non-negative sorted ``values``."""
    return 0.0 if k < zeros else float(values[k - zeros])


def kappa_summary(kappa: sp.csr_matrix, defined: Array) -> dict[str, Any]:
    """Median, mean, min and max of κ over the ordered pairs ``f ≠ g`` of firms
    whose κ is defined (``defined[f]``), pairs with κ = 0 included."""
    idx = np.flatnonzero(defined)
    n = idx.size
    if n < 2:
        return {"pairs": 0, "median": None, "mean": None, "min": None, "max": None}
    sub = sp.csr_matrix(kappa)[idx][:, idx].tocoo()
    values = np.sort(sub.data[sub.row != sub.col])
    total = n * (n - 1)
    zeros = total - values.size
    mid = total // 2
    median = _order_statistic(values, zeros, mid)
    if total % 2 == 0:
        median = (median + _order_statistic(values, zeros, mid - 1)) / 2
    return {
        "pairs": int(total),
        "median": median,
        "mean": float(values.sum() / total),
        "min": 0.0 if zeros else float(values[0]),
        "max": float(values[-1]) if values.size else 0.0,
    }


def _market_firms(g: GraphArrays, market: str, name: str) -> Array:
    if market not in g.company.columns:
        raise UsageError(f"unknown market grouping {market!r}")
    firms = np.flatnonzero(g.company[market].astype(str).to_numpy() == name)
    if not firms.size:
        values = sorted(set(g.company[market].dropna().astype(str)))
        hint = ", ".join(values[:8]) + (" ..." if len(values) > 8 else "")
        raise UsageError(f"no companies with {market} = {name!r} (there are: {hint})")
    return firms


def _market_beta(g: GraphArrays, firms: Array, name: str) -> sp.csr_matrix:
    beta = sp.csr_matrix(g.stakes[:, firms], dtype=float)
    if np.isnan(beta.data).any():
        raise UsageError(f"market {name!r} has holdings without a known stake: κ needs stakes")
    return beta


def _pairs(kappa: sp.csr_matrix, ids: Array, defined: Array, limit: int) -> list[dict[str, Any]]:
    """Ordered pairs f ≠ g of defined firms, largest κ first, at most ``limit``."""
    idx = np.flatnonzero(defined)
    dense = kappa[idx][:, idx].toarray() if idx.size <= 2_000 else None
    if dense is None:
        sub = kappa[idx][:, idx].tocoo()
        f, t, v = sub.row, sub.col, sub.data
    else:
        f, t = np.nonzero(~np.eye(idx.size, dtype=bool))
        v = dense[f, t]
    keep = f != t
    f, t, v = f[keep], t[keep], v[keep]
    order = np.lexsort((t, f, -v))[:limit]
    return [
        {"f": str(ids[idx[a]]), "g": str(ids[idx[b]]), "kappa": float(k)}
        for a, b, k in zip(f[order], t[order], v[order], strict=True)
    ]


def _owners(
    g: GraphArrays, beta: sp.csr_matrix, gamma: sp.csr_matrix, n: int, top: int
) -> list[dict[str, Any]]:
    part = owner_kappa_contributions(beta, gamma) / max(n * (n - 1), 1)
    order = np.argsort(-part, kind="stable")[:top]
    names = dict(zip(g.manager_ids, g.manager_names, strict=True))
    return [
        {
            "id": str(g.owner_ids[i]),
            "name": str(names.get(g.owner_ids[i], g.owner_ids[i])),
            "mean_kappa_part": float(part[i]),
        }
        for i in order
        if part[i] > 0
    ]


def market_kappa(
    g: GraphArrays,
    market: str,
    name: str,
    control: Control = Control(),
    *,
    max_pairs: int = 10_000,
    top_owners: int = 10,
    voting: sp.csr_matrix | None = None,
) -> dict[str, Any]:
    """κ for every ordered pair of the firms of one market held by someone as of
    ``g.as_of`` (a firm with no owner then has no κ), its summary,
    the owners adding most to the mean κ, and the MHHI under ``control`` (a ``voting``
    control takes γ from ``voting``: :func:`voting_stakes`).

    The MHHI needs the firms' revenue; it is ``None`` where the market's is 0 or unknown.
    """
    firms = _market_firms(g, market, name)
    held = np.diff(sp.csc_matrix(g.stakes[:, firms]).indptr) > 0
    if not held.any():
        when = f" as of {g.as_of.isoformat()}" if g.as_of else ""
        raise UsageError(f"no firm of market {name!r} has a known owner{when}")
    firms = firms[held]  # the firms present: held by someone on the date
    beta = _market_beta(g, firms, name)
    if control.kind == "voting":
        if voting is None or voting.shape != g.stakes.shape:
            raise ValueError("a voting control needs the voting stakes of these arrays")
        gamma, fallback = sp.csr_matrix(voting[:, firms]), 0
    else:
        gamma, fallback = control_weights(beta, control)
    kappa = profit_weights(beta, gamma)
    defined = _diagonal(beta, gamma) > 0
    ids = g.company_ids[firms]
    revenue = g.revenue[firms]
    index: dict[str, Any] = {"company_hhi": None, "delta_mhhi": None, "mhhi": None}
    if revenue.sum() > 0:
        hhi, delta = generalised_mhhi(beta, gamma, revenue / revenue.sum())
        index = {"company_hhi": hhi, "delta_mhhi": delta, "mhhi": hhi + delta}
    return {
        "as_of": g.as_of.isoformat() if g.as_of else None,
        "market": market,
        "name": name,
        "control": str(control),
        "firms": [
            {"id": str(i), "name": str(n), "owners": int(c), "defined": bool(d)}
            for i, n, c, d in zip(
                ids, g.company_names[firms], np.diff(beta.tocsc().indptr), defined, strict=True
            )
        ],
        "sole_control_fallback_firms": fallback if control.kind == "sole" else 0,
        "summary": kappa_summary(kappa, defined),
        "pairs": _pairs(kappa, ids, defined, max_pairs),
        "owners": _owners(g, beta, gamma, int(defined.sum()), top_owners),
        **index,
    }


def _pair_value(doc: dict[str, Any], f: str, g: str) -> float | None:
    return next((p["kappa"] for p in doc["pairs"] if p["f"] == f and p["g"] == g), None)


def kappa_series(
    dataset: Dataset,
    market: str,
    name: str,
    dates: Sequence[dt.date],
    control: Control = Control(),
    pairs: Sequence[tuple[str, str]] = (),
) -> list[dict[str, Any]]:
    """Per date: the market's κ summary (median, mean over ordered pairs) and κ of each
    of ``pairs`` (``None`` where a firm is absent); dates with no firm are skipped."""
    rows = []
    for day in dates:
        g = GraphArrays.build(dataset, day)
        votes = voting_stakes(dataset, day, control) if control.kind == "voting" else None
        try:
            doc = market_kappa(g, market, name, control, top_owners=0, voting=votes)
        except UsageError:
            continue
        row: dict[str, Any] = {"as_of": day.isoformat(), "firms": len(doc["firms"])}
        row.update({k: doc["summary"][k] for k in ("pairs", "median", "mean")})
        row["kappa"] = {f"{f}>{t}": _pair_value(doc, f, t) for f, t in pairs}
        rows.append(row)
    return rows
