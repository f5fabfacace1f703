"""Common ownership: the modified HHI (MHHI) of Bresnahan and Salop / O'Brien and Salop.

Per market ``s`` the competing firms are its companies, with shares
``s_j = revenue(j) / T_s`` of the market's size (:mod:`jvgraph.metrics.market_size`:
the total from ``markets.csv``, else the revenue of its companies in the data);
``β_ij`` is owner ``i``'s stake in company ``j`` and control weights equal the stakes
(proportional control). Then

    company_hhi = 10,000 · Σ_j s_j²
    delta_mhhi  = 10,000 · Σ_j Σ_{k≠j} s_j s_k (Σ_i β_ij β_ik) / (Σ_i β_ij²)
    mhhi        = company_hhi + delta_mhhi

With a total from ``markets.csv`` the companies listed are part of the market, every
term is non-negative and the three are lower bounds (``lower_bounds``).

with the terms of a company that has no known owner being 0. Writing
``T_i = Σ_k β_ik s_k`` (gathered once per owner and market), the inner sum is
``Σ_i β_ij (T_i − β_ij s_j)``, so the whole index takes time linear in the
number of holdings: no loop over pairs of companies.

Two firms of 50% each with identical owners:

>>> import numpy as np
>>> mhhi_arrays(owner=np.array([0, 0]), company=np.array([0, 1]), stake=np.array([0.2, 0.2]),
...             share=np.array([0.5, 0.5]), market=np.array([0, 0]), n_markets=1)
(array([5000.]), array([5000.]))
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from jvgraph.metrics.arrays import GraphArrays
from jvgraph.metrics.market_size import MarketSize, market_size

__all__ = [
    "common_ownership",
    "market_shares",
    "mhhi_arrays",
    "owner_contributions",
    "ownership_row",
]

Array = np.ndarray[Any, Any]


def market_shares(g: GraphArrays, market: str) -> tuple[Array, Array, Array]:
    """(market names, market index per company, each company's share of its market's
    size; 0 where its revenue is unknown)."""
    size = market_size(g, market)
    return size.names, size.codes, size.shares(g.revenue, g.revenue_known)


def ownership_row(size: MarketSize, m: int, hhi: float, delta: float | None) -> dict[str, Any]:
    """One market of ``common_ownership``: the indexes (``None`` without revenue), their
    denominator and whether they are lower bounds."""
    row: dict[str, Any] = {"company_hhi": None, "delta_mhhi": None, "mhhi": None}
    if size.total[m] > 0:
        row["company_hhi"] = float(hhi)
        if delta is not None:
            row["delta_mhhi"] = float(delta)
            row["mhhi"] = float(hhi + delta)
    row["denominator"] = size.describe(m)["denominator"]
    row["lower_bounds"] = bool(size.supplied[m] and (size.unlisted(m) or 0.0) > 0)
    return row


def _terms(
    owner: Array, company: Array, stake: Array, share: Array, market: Array
) -> tuple[Array, Array]:
    """Per holding: β_ij (T_i − β_ij s_j), and per company Σ_i β_ij²."""
    s_j = share[company]
    m_j = market[company]
    key = owner.astype(np.int64) * (int(m_j.max()) + 1 if m_j.size else 1) + m_j
    # the groups' order does not matter to a transform: unsorted is the same sums, faster
    t = pd.Series(stake * s_j).groupby(key, sort=False).transform("sum").to_numpy()
    per_holding = stake * (t - stake * s_j)
    denom = np.bincount(company, weights=stake * stake, minlength=share.size)
    return per_holding, denom


def mhhi_arrays(
    owner: Array, company: Array, stake: Array, share: Array, market: Array, n_markets: int
) -> tuple[Array, Array]:
    """(hhi, delta_mhhi) per market from holdings as parallel arrays.

    ``owner``, ``company`` and ``stake`` list the holdings (duplicates of one
    owner and company already summed); ``share`` and ``market`` are per company.
    """
    valid = market >= 0
    hhi = 10_000.0 * np.bincount(market[valid], weights=share[valid] ** 2, minlength=n_markets)
    keep = market[company] >= 0
    owner, company, stake = owner[keep], company[keep], stake[keep]
    if owner.size == 0:
        return hhi, np.zeros(n_markets)
    per_holding, denom = _terms(owner, company, stake, share, market)
    inner = np.bincount(company, weights=per_holding, minlength=share.size)
    per_company = np.divide(share * inner, denom, out=np.zeros(share.size), where=denom > 0)
    delta = 10_000.0 * np.bincount(market[valid], weights=per_company[valid], minlength=n_markets)
    return hhi, delta


def owner_contributions(
    owner: Array, company: Array, stake: Array, share: Array, market: Array
) -> tuple[Array, Array, Array]:
    """Each owner's part of ΔMHHI per market: (owner, market, contribution) arrays.

    Owner ``i`` contributes ``10,000 · Σ_j s_j β_ij (T_i − β_ij s_j) / Σ_i' β_i'j²``;
    the contributions of a market sum to its ``delta_mhhi``.
    """
    keep = market[company] >= 0
    owner, company, stake = owner[keep], company[keep], stake[keep]
    if owner.size == 0:
        return owner, owner, np.zeros(0)
    per_holding, denom = _terms(owner, company, stake, share, market)
    part = 10_000.0 * share[company] * per_holding / denom[company]
    frame = pd.DataFrame({"owner": owner, "market": market[company], "part": part})
    summed = frame.groupby(["owner", "market"], sort=True)["part"].sum().reset_index()
    return (summed["owner"].to_numpy(), summed["market"].to_numpy(), summed["part"].to_numpy())


def _unknown_stakes(g: GraphArrays, codes: Array, n_markets: int) -> Array:
    """Per market, the counting holdings whose stake is unknown (empty in the data)."""
    stakes = g.stakes.tocoo()
    unknown = np.isnan(stakes.data)
    market = codes[stakes.col[unknown]]
    return np.bincount(market[market >= 0], minlength=n_markets)


def common_ownership(g: GraphArrays, market: str = "sector") -> dict[str, dict[str, Any]]:
    """Per market: ``company_hhi``, ``delta_mhhi`` and ``mhhi`` (``None`` where the market
    has no revenue), the ``denominator`` of the shares and ``lower_bounds``.

    A market holding any stake that is unknown has no ``delta_mhhi`` or ``mhhi``
    (``None``) and says how many such holdings there are (``holdings_without_stake``).
    """
    size = market_size(g, market)
    names, codes = size.names, size.codes
    share = size.shares(g.revenue, g.revenue_known)
    stakes = g.stakes.tocoo()
    hhi, delta = mhhi_arrays(stakes.row, stakes.col, stakes.data, share, codes, len(names))
    unknown = _unknown_stakes(g, codes, len(names))
    out: dict[str, dict[str, Any]] = {}
    for m, name in enumerate(names):
        row = ownership_row(size, m, hhi[m], None if unknown[m] else delta[m])
        if unknown[m]:
            row["holdings_without_stake"] = int(unknown[m])
        out[str(name)] = row
    return out
