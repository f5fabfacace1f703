"""``generate``: a synthetic dataset of any size in the data contract.

The number of holdings is ``holdings`` when given; otherwise
:func:`default_holdings`: ``150 × managers``, at most ``20 × companies``. About
12 % of them are club deals, 3 % subsidiaries held by companies, the rest
portfolio holdings whose number per manager follows the manager's AUM
(lognormal), capped at a quarter of the companies: the median manager holds
a few dozen companies, the largest thousands.

The benchmark sizes (``bench/common.py``) pass ``holdings`` explicitly:

====  ========  =========  ==========  ======================
size  managers  companies  holdings    on a 2-core machine
====  ========  =========  ==========  ======================
S        2,000     50,000     250,000  0.3 s, 150 MiB peak
M       20,000    300,000   3,000,000  2.5 s, 480 MiB peak
L       60,000  1,000,000  12,000,000  9–12 s, 1.4 GiB peak
====  ========  =========  ==========  ======================

Without ``holdings`` the same sizes give 300,000, 3,000,000 and 9,000,000.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     counts = generate(tmp, managers=50, companies=400, vendors=2, seed=1, holdings=1000)
>>> counts["holdings"], counts["companies"], counts["asset_managers"]
(1000, 400, 50)
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa

from jvgraph.errors import UsageError
from jvgraph.synth.holdings import Clubs, Holdings, Investors, Market, draw_holdings
from jvgraph.synth.sample import (
    COUNTRIES,
    KINDS,
    SECTORS,
    Companies,
    JointVentures,
    Managers,
    draw_companies,
    draw_joint_ventures,
    draw_managers,
    draw_vendors,
)
from jvgraph.synth.write import constant, dates, ids, labels, optional, write_csv

__all__ = ["MEAN_PORTFOLIO", "default_holdings", "generate", "write_companies", "write_holdings"]

#: holdings per manager when no target is given
MEAN_PORTFOLIO = 150

SYNTHETIC = "synthetic"


def default_holdings(managers: int, companies: int) -> int:
    """The number of holdings :func:`generate` writes when not told.

    >>> default_holdings(20_000, 300_000)
    3000000
    """
    return max(1, min(MEAN_PORTFOLIO * managers, 20 * companies, managers * companies // 2))


def generate(
    out_dir: str | Path,
    *,
    managers: int,
    companies: int,
    vendors: int,
    seed: int,
    holdings: int | None = None,
) -> dict[str, int]:
    """Write a synthetic dataset to ``out_dir``; the row count of each file.

    The same arguments give byte-identical files. Every row has
    ``source=synthetic``.
    """
    target = _check(managers, companies, vendors, holdings)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    mgr = draw_managers(rng, managers)
    comp = draw_companies(rng, companies)
    market = Market.build(comp.sector, comp.weight, len(SECTORS))
    investors = _investors(rng, mgr, market, companies / 4 / target)
    clubs = _clubs(rng, investors)
    held = draw_holdings(rng, comp, market, investors, clubs, target=target)
    valuation, country = draw_vendors(rng, vendors)
    jvs = draw_joint_ventures(rng, vendors, mgr.aum)
    return {
        "vendors": _write_vendors(out, valuation, country),
        "asset_managers": _write_managers(out, mgr),
        **_write_joint_ventures(out, jvs, managers),
        "companies": write_companies(out / "companies.csv", comp),
        "holdings": write_holdings(out / "holdings.csv", held, managers, companies),
    }


def _check(managers: int, companies: int, vendors: int, holdings: int | None) -> int:
    for name, value in (("managers", managers), ("companies", companies), ("vendors", vendors)):
        if value < 1:
            raise UsageError(f"{name} must be at least 1, not {value}")
    if holdings is None:
        return default_holdings(managers, companies)
    room = max(1, managers * companies // 2)
    if not 1 <= holdings <= room:
        raise UsageError(
            f"holdings must be between 1 and {room:,} for {managers:,} managers "
            f"and {companies:,} companies, not {holdings:,}"
        )
    return holdings


def _investors(rng: np.random.Generator, mgr: Managers, market: Market, cap: float) -> Investors:
    """Portfolio sizes follow AUM (with noise); no manager gets more than ``cap`` of them."""
    raw = mgr.aum.astype(np.float64) ** 0.8 * rng.lognormal(0.0, 0.6, len(mgr.aum))
    share = raw / raw.sum()
    for _ in range(8):  # clip the largest, spread what they lose over the rest
        share = np.minimum(share, cap)
        share /= share.sum()
    return Investors.spread(share, market, rng)


def _clubs(rng: np.random.Generator, investors: Investors) -> Clubs:
    """A third of the managers form clubs of 3–8 that share their first member's focus."""
    n = len(investors.portfolio)
    pool = n // 3
    sizes = rng.integers(3, 9, pool // 3 + 1)
    sizes = sizes[np.cumsum(sizes) <= pool]
    members = rng.permutation(n)[: int(sizes.sum())].astype(np.int64)
    offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    return Clubs(members, offsets, investors.focus[members[offsets[:-1]]])


def _write_vendors(out: Path, valuation: np.ndarray, country: np.ndarray) -> int:
    n = len(valuation)
    return write_csv(
        out / "vendors.csv",
        {
            "id": ids("v-", n),
            "name": ids("Synthetic Vendor ", n),
            "valuation_usd": valuation,
            "country": labels(country, COUNTRIES),
            "source": constant(SYNTHETIC, n),
        },
    )


def _write_managers(out: Path, mgr: Managers) -> int:
    n = len(mgr.aum)
    return write_csv(
        out / "asset_managers.csv",
        {
            "id": ids("am-", n),
            "name": ids("Synthetic Manager ", n),
            "aum_usd": mgr.aum,
            "kind": labels(mgr.kind, KINDS),
            "country": labels(mgr.country, COUNTRIES),
            "source": constant(SYNTHETIC, n),
        },
    )


def _write_joint_ventures(out: Path, jvs: JointVentures, managers: int) -> dict[str, int]:
    n, vendors = len(jvs.vendor), int(jvs.vendor.max()) + 1
    jv_ids = ids("jv-", n)
    rows = write_csv(
        out / "joint_ventures.csv",
        {
            "id": jv_ids,
            "name": ids("Synthetic JV ", n),
            "vendor_id": labels(jvs.vendor, ids("v-", vendors)),
            "size_usd": jvs.size,
            "announced": dates(jvs.announced),
            "ended": dates(jvs.ended),
            "source": constant(SYNTHETIC, n),
        },
    )
    partners = write_csv(
        out / "jv_partners.csv",
        {
            "jv_id": labels(jvs.partner_jv, jv_ids),
            "manager_id": labels(jvs.partner_manager, ids("am-", managers)),
            "commitment_usd": jvs.commitment,
            "source": constant(SYNTHETIC, len(jvs.partner_jv)),
        },
    )
    return {"joint_ventures": rows, "jv_partners": partners}


def write_companies(
    path: Path, comp: Companies, *, prefix: str = "pc-", source: str = SYNTHETIC
) -> int:
    """Write ``companies.csv``: ids ``pc-0001``…, names ``Company 0001 (synthetic)``."""
    n = len(comp.sector)
    return write_csv(
        path,
        {
            "id": ids(prefix, n),
            "name": ids("Company ", n, " (synthetic)"),
            "sector": labels(comp.sector, SECTORS),
            "revenue_usd": comp.revenue,
            "employees": optional(comp.employees),
            "country": labels(comp.country, COUNTRIES),
            "source": constant(source, n),
        },
    )


def write_holdings(path: Path, held: Holdings, managers: int | list[str], companies: int) -> int:
    """Write ``holdings.csv``; owners below ``managers`` are managers (``am-0001``… or the
    ids given), the others companies."""
    manager_ids = ids("am-", managers) if isinstance(managers, int) else managers
    company_ids = ids("pc-", companies)
    owner_ids = pa.concat_arrays([pa.array(manager_ids, pa.string()), company_ids])
    n = len(held.owner)
    return write_csv(
        path,
        {
            "owner_id": labels(held.owner, owner_ids),
            "company_id": labels(held.company, company_ids),
            "stake": held.stake / 1e6,
            "control": held.control,
            "since": dates(held.since),
            "until": dates(held.until),
            "source": constant(SYNTHETIC, n),
        },
    )
