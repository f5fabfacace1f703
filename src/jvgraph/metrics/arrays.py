"""The graph as integer-indexed arrays and sparse matrices, as of a date.

Every metric works on a :class:`GraphArrays`: vendors, managers, owners and
companies get dense integer indices, and the relationships that count on
the as-of date become ``scipy.sparse`` matrices.

The as-of rule: a holding counts when ``since <= as_of < until`` (an empty
end is open); a joint venture counts when ``announced <= as_of`` (or
``announced`` is empty) and it has not ended (``ended`` is empty or
``as_of < ended``). With no as-of date every row counts.

>>> from jvgraph.config import bundled_dataset
>>> from jvgraph.load import read_dataset
>>> g = GraphArrays.build(read_dataset(bundled_dataset("jv-2026")))
>>> g.vendor_ids.tolist()
['v-anthropic', 'v-openai']
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp

from jvgraph.model import Dataset

__all__ = ["GraphArrays", "active_mask"]

Array = np.ndarray[Any, Any]


def _days(column: pa.ChunkedArray | pa.Array, missing: int) -> Array:
    """Days since 1970 of a date column, ``missing`` where it is empty."""
    dates = pc.cast(column, pa.date32())
    empty = pc.is_null(dates).to_numpy(zero_copy_only=False)
    days = pc.fill_null(pc.cast(dates, pa.int32()), 0).to_numpy(zero_copy_only=False)
    result: Array = np.where(empty, missing, days.astype(np.int64))
    return result


def active_mask(start: Array, end: Array, as_of: dt.date | None) -> Array:
    """Rows with ``start <= as_of < end`` (days since 1970; open ends already filled in)."""
    if as_of is None:
        return np.ones(len(start), dtype=bool)
    day = (as_of - dt.date(1970, 1, 1)).days
    result: Array = (start <= day) & (day < end)
    return result


def _index(ids: Array, values: Array | pa.Array | pa.ChunkedArray) -> Array:
    """Position of each value in ``ids`` (``-1`` when absent), hashed in Arrow."""
    if not isinstance(values, (pa.Array, pa.ChunkedArray)):
        values = pa.array(np.asarray(values, dtype=object), type=pa.string())
    if values.type not in (pa.string(), pa.large_string()):
        values = pc.cast(values, pa.string())
    found = pc.index_in(values, value_set=pa.array(np.asarray(ids, dtype=object), values.type))
    codes: Array = pc.fill_null(found, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    return codes


@dataclass
class GraphArrays:
    """Arrays of one dataset as of one date.

    Matrices (rows × columns, all CSR):

    - ``formed``: vendors × JVs, 1 where the vendor formed the JV and the JV counts;
    - ``partners``: JVs × managers, 1 where the manager is a partner;
    - ``stakes``: owners × companies, the summed stake of the counting holdings;
      owners are the managers first (same index), then companies that hold;

    ``company["revenue_usd"]`` is 0 where the revenue is empty; ``revenue_known`` says
    which companies have one. ``markets`` and ``vendor_shares`` are the dataset's
    optional market tables (``None`` when it has none).
    """

    as_of: dt.date | None
    vendor_ids: Array
    vendor_names: Array
    jv_ids: Array
    manager_ids: Array
    manager_names: Array
    owner_ids: Array
    company_ids: Array
    company_names: Array
    company: pd.DataFrame  # one row per company: every company column, revenue_usd filled with 0
    formed: sp.csr_matrix
    partners: sp.csr_matrix
    stakes: sp.csr_matrix
    #: one row per manager and per JV, every column (in index order), for coverage
    manager: pd.DataFrame = field(default_factory=pd.DataFrame)
    jv: pd.DataFrame = field(default_factory=pd.DataFrame)
    known_revenue: Array | None = None  # per company: revenue_usd is not empty
    markets: pa.Table | None = None
    vendor_shares: pa.Table | None = None
    #: values computed once per instance, such as market codes (``dataclasses.replace``
    #: makes a new instance with an empty one)
    _memo: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def revenue(self) -> Array:
        values: Array = self.company["revenue_usd"].to_numpy(dtype=float)
        return values

    @property
    def revenue_known(self) -> Array:
        """Per company: whether its revenue is in the data (empty means unknown)."""
        if self.known_revenue is None:
            return np.ones(len(self.company_ids), dtype=bool)
        return self.known_revenue

    @property
    def owner_names(self) -> Array:
        """Each owner's name: the managers', then the holding companies'."""
        names = dict(zip(self.company_ids.tolist(), self.company_names.tolist(), strict=True))
        held = [names.get(i, i) for i in self.owner_ids[self.n_managers :].tolist()]
        return np.concatenate([self.manager_names, np.array(held, dtype=object)])

    @property
    def n_managers(self) -> int:
        return len(self.manager_ids)

    @classmethod
    def build(cls, dataset: Dataset, as_of: dt.date | None = None) -> GraphArrays:
        """Index ``dataset`` and keep what counts on ``as_of``."""
        t = dataset.tables
        vendors, managers = t["vendors"], t["asset_managers"]
        company = t["companies"].to_pandas()
        known = company["revenue_usd"].notna().to_numpy()
        company["revenue_usd"] = company["revenue_usd"].fillna(0.0).astype(float)
        vendor_ids = vendors.column("id").to_numpy(zero_copy_only=False).astype(object)
        manager_ids = managers.column("id").to_numpy(zero_copy_only=False).astype(object)
        company_ids = company["id"].to_numpy(dtype=object)
        jvs = t["joint_ventures"]
        jv_ids = jvs.column("id").to_numpy(zero_copy_only=False).astype(object)
        formed = _formed(jvs, vendor_ids, jv_ids, as_of)
        partners = _partners(t["jv_partners"], jv_ids, manager_ids)
        owner_ids, stakes = _stakes(t["holdings"], manager_ids, company_ids, as_of)
        return cls(
            as_of,
            vendor_ids,
            vendors.column("name").to_numpy(zero_copy_only=False),
            jv_ids,
            manager_ids,
            managers.column("name").to_numpy(zero_copy_only=False),
            owner_ids,
            company_ids,
            company["name"].to_numpy(dtype=object),
            company,
            formed,
            partners,
            stakes,
            managers.to_pandas(),
            jvs.to_pandas(),
            known,
            t.get("markets"),
            t.get("vendor_shares"),
        )

    def market_codes(self, market: str) -> tuple[Array, Array]:
        """(market names, market index of each company; -1 where the value is empty)."""

        def factorize() -> tuple[Array, Array]:
            codes, names = pd.factorize(self.company[market], sort=True)
            return np.asarray(names, dtype=object), np.asarray(codes)

        result: tuple[Array, Array] = self.memo(("market_codes", market), factorize)
        return result

    def memo(self, key: Any, compute: Any) -> Any:
        """``compute()``, computed once per instance and ``key``."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def vendor_managers(self) -> sp.csr_matrix:
        """vendors × managers: 1 where the manager is a partner in a counting JV of the vendor."""
        product = (self.formed @ self.partners).tocsr()
        product.data[:] = 1.0
        return product

    def own_companies(self) -> sp.csr_matrix:
        """vendors × companies: 1 where the company is the vendor itself (its ``same_as``
        is the vendor's id: a vendor that an investor also holds, say)."""
        shape = (len(self.vendor_ids), len(self.company_ids))
        if "same_as" not in self.company or not self.company["same_as"].notna().any():
            return sp.csr_matrix(shape)
        rows = _index(self.vendor_ids, self.company["same_as"].fillna("").to_numpy(dtype=object))
        cols = np.flatnonzero(rows >= 0)
        return sp.csr_matrix((np.ones(cols.size), (rows[cols], cols)), shape=shape)

    def manager_holdings(self) -> sp.csr_matrix:
        """managers × companies: 1 where the manager holds the company directly."""
        stakes, n = self.stakes, self.n_managers  # owners start with the managers
        end = int(stakes.indptr[n])
        return sp.csr_matrix(
            (np.ones(end), stakes.indices[:end].copy(), stakes.indptr[: n + 1].copy()),
            shape=(n, stakes.shape[1]),
        )


def _formed(
    jvs: pa.Table, vendor_ids: Array, jv_ids: Array, as_of: dt.date | None
) -> sp.csr_matrix:
    lo, hi = np.iinfo(np.int64).min, np.iinfo(np.int64).max
    start = _days(jvs.column("announced"), lo)
    end = _days(jvs.column("ended"), hi)
    keep = active_mask(start, end, as_of)
    rows = _index(vendor_ids, jvs.column("vendor_id").to_numpy(zero_copy_only=False))
    cols = np.arange(len(jv_ids))
    keep &= rows >= 0
    data = np.ones(int(keep.sum()))
    return sp.csr_matrix((data, (rows[keep], cols[keep])), shape=(len(vendor_ids), len(jv_ids)))


def _partners(partners: pa.Table, jv_ids: Array, manager_ids: Array) -> sp.csr_matrix:
    rows = _index(jv_ids, partners.column("jv_id").to_numpy(zero_copy_only=False))
    cols = _index(manager_ids, partners.column("manager_id").to_numpy(zero_copy_only=False))
    keep = (rows >= 0) & (cols >= 0)
    matrix = sp.csr_matrix(
        (np.ones(int(keep.sum())), (rows[keep], cols[keep])), shape=(len(jv_ids), len(manager_ids))
    )
    matrix.data[:] = 1.0  # sum_duplicates happened in the constructor
    return matrix


def _stakes(
    holdings: pa.Table, manager_ids: Array, company_ids: Array, as_of: dt.date | None
) -> tuple[Array, sp.csr_matrix]:
    lo, hi = np.iinfo(np.int64).min, np.iinfo(np.int64).max
    keep = active_mask(
        _days(holdings.column("since"), lo), _days(holdings.column("until"), hi), as_of
    )
    holdings = holdings.select(["owner_id", "company_id", "stake"])
    if not keep.all():
        holdings = holdings.filter(pa.array(keep))
    owners = holdings.column("owner_id")
    companies = holdings.column("company_id")
    stake = holdings.column("stake").to_numpy(zero_copy_only=False).astype(float)
    rows = _index(manager_ids, owners)
    company_owner = rows < 0
    held_by = owners.filter(pa.array(company_owner))
    holding_companies = np.sort(pc.unique(held_by).to_numpy(zero_copy_only=False).astype(str))
    owner_ids = np.concatenate([manager_ids, holding_companies.astype(object)])
    rows[company_owner] = len(manager_ids) + _index(holding_companies.astype(object), held_by)
    cols = _index(company_ids, companies)
    matrix = sp.csr_matrix((stake, (rows, cols)), shape=(len(owner_ids), len(company_ids)))
    return owner_ids, matrix
