"""Firms as competition authorities count them: solely controlled companies combined.

A company whose largest holder has a majority stake (more than 50%) is
solely controlled by that holder. Control is followed up through
controlling parent companies, so a subsidiary of a controlled company
belongs to the same ultimate controller. Within one market, the companies
of one controller form one firm, whose market share is the sum of theirs.

On these firms the common-ownership index becomes

    company_hhi = 10,000 · Σ_F (Σ_{j∈F} s_j)²
    delta_mhhi  = 10,000 · Σ_{j≠k, F(j)≠F(k)} s_j s_k κ_jk     (proportional control)
    mhhi        = company_hhi + delta_mhhi

that is, pairs of companies inside one firm count with κ = 1 (they are one
firm) and pairs across firms with their κ as before. The pairs inside firms
are gathered like the whole index, through ``T_iF = Σ_{k∈F} β_ik s_k``, so it
stays linear in the number of holdings.

Two companies of 50% each, both 60% held by one owner, are one firm:

>>> import numpy as np, scipy.sparse as sp
>>> control_groups(sp.csr_matrix(np.array([[0.6, 0.6]])), n_managers=1).tolist()
[0, 0]
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp

from jvgraph.metrics.arrays import GraphArrays
from jvgraph.metrics.common_ownership import _terms, mhhi_arrays, ownership_row
from jvgraph.metrics.market_size import MarketSize, market_size

__all__ = ["combined_common_ownership", "control_groups"]

Array = np.ndarray[Any, Any]

#: control is followed up at most this many levels of parent companies
_MAX_DEPTH = 64


def _majority_holder(stakes: sp.csr_matrix) -> Array:
    """Per company, the owner row holding more than 50% of it, or -1."""
    csc = sp.csc_matrix(stakes)
    holder = np.full(csc.shape[1], -1, dtype=np.int64)
    counts = np.diff(csc.indptr)
    has = counts > 0
    if not has.any():
        return holder
    data = np.nan_to_num(csc.data, nan=0.0)
    top = np.maximum.reduceat(data, csc.indptr[:-1][has])
    column = np.repeat(np.arange(csc.shape[1]), counts)
    is_top = (data == top.repeat(counts[has])) & (data > 0.5)
    holder[column[is_top]] = csc.indices[is_top]
    return holder


def control_groups(
    stakes: sp.csr_matrix, n_managers: int, company_of_row: Array | None = None
) -> Array:
    """Per company, its firm: the row of its ultimate controlling manager, or
    ``n_managers + c`` where no manager controls it (``c`` is the company itself or
    its topmost controlling company).

    ``stakes`` is owners × companies, managers first; ``company_of_row[r]`` is the
    company that owner row ``r >= n_managers`` is (by default no company holds another).
    """
    if company_of_row is None:
        company_of_row = np.full(stakes.shape[0], -1, dtype=np.int64)
    return _groups(_majority_holder(stakes), company_of_row, n_managers)


def _groups(holder: Array, company_of_row: Array, n_managers: int) -> Array:
    n = holder.size
    parent = np.arange(n)  # controlling company of each company (itself when none)
    by_company = (holder >= n_managers) & (holder >= 0)
    rows = holder[by_company]
    parent[by_company] = company_of_row[rows]
    for _ in range(_MAX_DEPTH):
        nxt = parent[parent]
        if np.array_equal(nxt, parent):
            break
        parent = nxt
    top_holder = holder[parent]
    managed = (top_holder >= 0) & (top_holder < n_managers)
    result: Array = np.where(managed, top_holder, n_managers + parent)
    return result


def _owner_company_rows(g: GraphArrays) -> Array:
    """For each owner row, the company index it is (-1 for managers)."""
    index = {c: i for i, c in enumerate(g.company_ids.tolist())}
    rest = [index.get(o, -1) for o in g.owner_ids[g.n_managers :].tolist()]
    return np.concatenate([np.full(g.n_managers, -1), np.asarray(rest, dtype=np.int64)])


def combined_common_ownership(g: GraphArrays, market: str = "sector") -> dict[str, dict[str, Any]]:
    """Per market: ``company_hhi``, ``delta_mhhi`` and ``mhhi`` on firms that combine the
    companies solely controlled by one owner, with ``firms`` (their count) and
    ``combined_companies`` (companies that joined another one's firm)."""
    size = market_size(g, market)
    names, codes = size.names, size.codes
    share = size.shares(g.revenue, g.revenue_known)
    group = control_groups(g.stakes, g.n_managers, _owner_company_rows(g))
    n = len(names)
    valid = codes >= 0
    firm_key = np.unique(np.stack([codes, group])[:, valid], axis=1, return_inverse=True)[1]
    firm = np.full(codes.size, -1, dtype=np.int64)
    firm[valid] = np.asarray(firm_key).ravel()
    n_firms = int(firm.max()) + 1 if valid.any() else 0
    firm_share = np.bincount(firm[valid], weights=share[valid], minlength=n_firms)
    firm_market = np.zeros(n_firms, dtype=np.int64)
    firm_market[firm[valid]] = codes[valid]
    hhi = 10_000.0 * np.bincount(firm_market, weights=firm_share**2, minlength=n)
    coo = g.stakes.tocoo()
    _, delta_all = mhhi_arrays(coo.row, coo.col, coo.data, share, codes, n)
    inside = _inside_firms(coo, share, codes, firm, n)
    firms = np.bincount(firm_market, minlength=n)
    return {
        str(name): _row(size, m, hhi[m], delta_all[m] - inside[m], firms[m])
        for m, name in enumerate(names)
    }


def _inside_firms(coo: sp.coo_matrix, share: Array, codes: Array, firm: Array, n: int) -> Array:
    """Per market, 10,000 · Σ over pairs j ≠ k inside one firm of s_j s_k κ_jk."""
    keep = codes[coo.col] >= 0
    owner, company, stake = coo.row[keep], coo.col[keep], coo.data[keep]
    if owner.size == 0:
        return np.zeros(n)
    per_holding, denom = _terms(owner, company, stake, share, firm)
    inner = np.bincount(company, weights=per_holding, minlength=share.size)
    per_company = np.divide(share * inner, denom, out=np.zeros(share.size), where=denom > 0)
    valid = codes >= 0
    result: Array = 10_000.0 * np.bincount(codes[valid], weights=per_company[valid], minlength=n)
    return result


def _row(size: MarketSize, m: int, hhi: float, delta: float, firms: int) -> dict[str, Any]:
    row = ownership_row(size, m, hhi, None if np.isnan(delta) else delta)
    row["firms"] = int(firms)
    if size.total[m] > 0:
        row["combined_companies"] = int(size.companies[m] - firms)
    return row
