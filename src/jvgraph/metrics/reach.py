"""Reach: the portfolio companies a vendor gains access to through its JV partners.

``reach(v)`` is the set of companies held by any asset manager that is a
partner in a joint venture ``v`` formed, less ``v`` itself where a partner holds
the vendor (a company whose ``same_as`` is ``v``). With look-through, companies held
indirectly through held companies count too; the effective stake of owner
``i`` in company ``j`` is the sum over ownership paths of the product of the
stakes, ``E = B (I - A)^-1`` for direct manager stakes ``B`` and
company-to-company stakes ``A``.

>>> from jvgraph.config import bundled_dataset
>>> from jvgraph.load import read_dataset
>>> from jvgraph.metrics.arrays import GraphArrays
>>> g = GraphArrays.build(read_dataset(bundled_dataset("jv-2026")))
>>> r = reach_matrix(g)
>>> r.shape == (2, len(g.company_ids))
True
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp

from jvgraph.errors import UsageError
from jvgraph.metrics.arrays import GraphArrays

__all__ = ["effective_stakes", "reach", "reach_matrix"]

#: the Neumann series of (I - A)^-1 stops when no term is larger than this
_TOLERANCE = 1e-15
_MAX_TERMS = 1000


def effective_stakes(g: GraphArrays) -> sp.csr_matrix:
    """managers × companies: effective stakes through subsidiary chains and cycles.

    ``E = B + B A + B A² + ... = B (I - A)^-1``, summed until the terms vanish
    (chains end; in a cycle the product of stakes below 1 shrinks each round).
    Computed once per arrays: callers must not change the matrix returned.
    """
    result: sp.csr_matrix = g.memo("effective_stakes", lambda: _effective_stakes(g))
    return result


def _effective_stakes(g: GraphArrays) -> sp.csr_matrix:
    direct = g.stakes[: g.n_managers].tocsr()
    company_rows = g.stakes[g.n_managers :].tocsr()
    if company_rows.nnz == 0:
        return direct
    held = company_rows.tocoo()
    owner = _company_positions(g)[held.row]
    n = g.company_ids.size
    a = sp.csr_matrix((held.data, (owner, held.col)), shape=(n, n))
    total, term = direct.copy(), direct
    for _ in range(_MAX_TERMS):
        term = (term @ a).tocsr()
        term.data[term.data < _TOLERANCE] = 0.0
        term.eliminate_zeros()
        if term.nnz == 0:
            return total.tocsr()
        total = total + term
    raise UsageError(
        "effective stakes do not converge: a cycle of companies holds 100% "
        "of itself; check the holdings of the companies in the cycle"
    )


def _company_positions(g: GraphArrays) -> Any:
    """The company index of each company that holds others (owners after the managers)."""
    import pandas as pd

    return pd.Index(g.company_ids).get_indexer(g.owner_ids[g.n_managers :])


def reach_matrix(g: GraphArrays, *, look_through: bool = False) -> sp.csr_matrix:
    """vendors × companies: 1 where the company is in the vendor's reach (computed once per
    arrays and look-through: callers must not change the matrix returned)."""
    result: sp.csr_matrix = g.memo(
        ("reach_matrix", look_through), lambda: _reach_matrix(g, look_through)
    )
    return result


def _reach_matrix(g: GraphArrays, look_through: bool) -> sp.csr_matrix:
    partners = g.vendor_managers()
    if look_through:
        held = effective_stakes(g).tocsr().astype(float)
        held.data[:] = 1.0
    else:
        held = _partner_holdings(g, partners)
    result = (partners @ held).tocsr()
    result.data[:] = 1.0
    own = g.own_companies()
    if own.nnz:  # a vendor does not gain access to itself
        result = (result - result.multiply(own)).tocsr()
        result.eliminate_zeros()
    return result


def _partner_holdings(g: GraphArrays, partners: sp.csr_matrix) -> sp.csr_matrix:
    """:meth:`GraphArrays.manager_holdings` with only the rows of ``partners``' managers
    filled: the product with ``partners`` reads no other row."""
    stakes, n = g.stakes, g.n_managers
    rows = np.unique(partners.indices)
    starts, ends = stakes.indptr[rows], stakes.indptr[rows + 1]
    lengths = np.zeros(n, dtype=np.int64)
    lengths[rows] = ends - starts
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    pick = [np.arange(a, b) for a, b in zip(starts, ends, strict=True)]
    indices = stakes.indices[np.concatenate(pick)] if pick else np.zeros(0, dtype=np.int64)
    return sp.csr_matrix((np.ones(indices.size), indices, indptr), shape=(n, stakes.shape[1]))


def reach(
    g: GraphArrays, market: str = "sector", *, look_through: bool = False
) -> dict[str, dict[str, Any]]:
    """Per vendor: how many companies it reaches, their revenue, and both per sector
    (``by_sector``) and, for another market grouping, per market (``by_<market>``).

    ``revenue_usd`` sums the revenue that is known; ``companies_without_revenue``
    counts the companies whose revenue is empty, and ``revenue_usd`` is ``None``
    (unknown) where no reached company has a revenue.
    """
    r = reach_matrix(g, look_through=look_through)
    groupings = {name: g.market_codes(name) for name in dict.fromkeys(("sector", market))}
    revenue, known = g.revenue, g.revenue_known
    out: dict[str, dict[str, Any]] = {}
    for v, vendor in enumerate(g.vendor_ids):
        cols = r.indices[r.indptr[v] : r.indptr[v + 1]]
        unknown = int((~known[cols]).sum())
        entry: dict[str, Any] = {
            "companies": int(cols.size),
            "revenue_usd": _known_sum(revenue[cols], cols.size, unknown),
            "companies_without_revenue": unknown,
        }
        for name, (labels, codes) in groupings.items():
            entry["by_" + name] = _by_market(cols, codes, labels, revenue, known)
        out[str(vendor)] = entry
    return out


def _known_sum(values: Any, companies: int, unknown: int) -> float | None:
    """The summed revenue, unknown where every one of the companies lacks it."""
    return None if companies and unknown == companies else float(values.sum())


def _by_market(
    cols: Any, codes: Any, names: Any, revenue: Any, known: Any
) -> dict[str, dict[str, Any]]:
    keep = cols[codes[cols] >= 0]
    counts = np.bincount(codes[keep], minlength=len(names))
    sums = np.bincount(codes[keep], weights=revenue[keep], minlength=len(names))
    unknown = np.bincount(codes[keep], weights=~known[keep], minlength=len(names))
    return {
        str(names[m]): {
            "companies": int(counts[m]),
            "revenue_usd": None if unknown[m] == counts[m] else float(sums[m]),
            "companies_without_revenue": int(unknown[m]),
        }
        for m in np.flatnonzero(counts)
    }
