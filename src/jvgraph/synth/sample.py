"""Random draws of the entities of a synthetic dataset: companies, managers, vendors, JVs.

Everything is drawn from one :class:`numpy.random.Generator`, so a seed
fixes the dataset. Distributions are chosen to look like private markets:
sector sizes and company revenues are lognormal (a few large sectors and
companies, a long tail), manager AUMs span four orders of magnitude.

>>> rng = np.random.default_rng(1)
>>> c = draw_companies(rng, 1000)
>>> len(c.sector), bool(c.revenue.max() > 50 * np.median(c.revenue))
(1000, True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from jvgraph.synth.write import SPAN

__all__ = [
    "COUNTRIES",
    "KINDS",
    "SECTORS",
    "Companies",
    "JointVentures",
    "Managers",
    "draw_companies",
    "draw_joint_ventures",
    "draw_managers",
    "draw_vendors",
]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

#: generic sector names; a company's ``sector`` is one of them
SECTORS: tuple[str, ...] = (
    "Financial services", "Healthcare", "Software", "Industrial manufacturing", "Retail",
    "Logistics", "Real estate", "Energy", "Utilities", "Telecommunications",
    "Media", "Insurance", "Pharmaceuticals", "Business services", "Consumer goods",
    "Food and beverage", "Hospitality", "Education", "Construction", "Automotive",
    "Aerospace and defence", "Chemicals", "Agriculture", "Mining", "Transportation",
    "Semiconductors", "Biotechnology", "Infrastructure", "Travel and leisure",
    "Professional services",
)  # fmt: skip

#: ISO 3166 codes, most frequent first
COUNTRIES: tuple[str, ...] = (
    "US", "GB", "DE", "FR", "CA", "JP", "NL", "CH", "SE", "AU",
    "IN", "SG", "BR", "ES", "IT", "IE", "KR", "DK", "NO", "MX",
)  # fmt: skip

#: kinds of asset manager, most frequent first
KINDS: tuple[str, ...] = (
    "asset manager", "private equity", "pension fund", "hedge fund", "insurer",
    "bank", "sovereign wealth fund", "family office", "infrastructure fund", "venture capital",
)  # fmt: skip


def _zipf(n: int, exponent: float = 1.0) -> FloatArray:
    w = 1.0 / np.arange(1, n + 1, dtype=np.float64) ** exponent
    return np.asarray(w / w.sum(), np.float64)


@dataclass(frozen=True)
class Companies:
    """Portfolio companies as arrays; ``employees`` is ``-1`` where unknown."""

    sector: IntArray  # index into SECTORS
    revenue: IntArray  # usd
    employees: IntArray
    country: IntArray  # index into COUNTRIES
    weight: FloatArray  # attractiveness: more holders, more often a parent company


def draw_companies(rng: np.random.Generator, n: int, *, min_per_sector: int = 0) -> Companies:
    """``n`` companies in skewed sectors with lognormal revenues.

    The first ``min_per_sector * len(SECTORS)`` companies go round the
    sectors, so that every sector has at least that many.
    """
    s = len(SECTORS)
    share = rng.lognormal(0.0, 0.9, s)
    sector = rng.choice(s, size=n, p=share / share.sum()).astype(np.int64)
    fixed = min(n, min_per_sector * s)
    sector[:fixed] = np.arange(fixed) % s
    median = np.exp(rng.normal(np.log(40e6), 0.8, s))  # a sector's typical revenue
    size = rng.lognormal(0.0, 1.6, n)
    revenue = np.maximum(np.round(median[sector] * size, -3), 1e5).astype(np.int64)
    per_employee = rng.lognormal(np.log(250e3), 0.5, n)
    employees = np.maximum(np.round(revenue / per_employee), 1).astype(np.int64)
    employees[rng.random(n) < 0.1] = -1
    country = rng.choice(len(COUNTRIES), size=n, p=_zipf(len(COUNTRIES), 1.2)).astype(np.int64)
    weight = np.sqrt(size) * rng.lognormal(0.0, 0.5, n)
    return Companies(sector, revenue, employees, country, weight)


@dataclass(frozen=True)
class Managers:
    """Asset managers as arrays."""

    aum: IntArray  # usd
    kind: IntArray  # index into KINDS
    country: IntArray


def draw_managers(rng: np.random.Generator, n: int) -> Managers:
    """``n`` asset managers with lognormal AUMs (median $8bn)."""
    aum = np.round(rng.lognormal(np.log(8e9), 1.6, n), -6).astype(np.int64)
    kind = rng.choice(len(KINDS), size=n, p=_zipf(len(KINDS), 1.1)).astype(np.int64)
    country = rng.choice(len(COUNTRIES), size=n, p=_zipf(len(COUNTRIES), 1.3)).astype(np.int64)
    return Managers(np.maximum(aum, 10**7), kind, country)


def draw_vendors(rng: np.random.Generator, n: int) -> tuple[IntArray, IntArray]:
    """Valuations (usd, lognormal, median $20bn) and countries of ``n`` AI vendors."""
    valuation = np.round(rng.lognormal(np.log(2e10), 1.3, n), -8).astype(np.int64)
    country = rng.choice(len(COUNTRIES), size=n, p=_zipf(len(COUNTRIES), 2.5)).astype(np.int64)
    return np.maximum(valuation, 10**8), country


@dataclass(frozen=True)
class JointVentures:
    """JVs (one row each) and their partners (one row per JV and manager)."""

    vendor: IntArray
    size: IntArray  # usd
    announced: IntArray  # days after START
    ended: IntArray  # days after START, -1 if running
    partner_jv: IntArray
    partner_manager: IntArray
    commitment: IntArray  # usd


def draw_joint_ventures(rng: np.random.Generator, vendors: int, aum: IntArray) -> JointVentures:
    """1–3 JVs per vendor, each with 3–20 partners drawn by AUM (fewer if there are fewer managers)."""
    vendor = np.repeat(np.arange(vendors), rng.integers(1, 4, vendors))
    n = len(vendor)
    size = (np.round(rng.lognormal(np.log(2e9), 0.9, n), -7)).astype(np.int64)
    announced = rng.integers(SPAN - 3 * 365, SPAN, n)
    ended = announced + rng.integers(180, 720, n)
    ended = np.where((rng.random(n) < 0.1) & (ended < SPAN), ended, -1)
    p = aum / aum.sum()
    jv_ids: list[IntArray] = []
    members: list[IntArray] = []
    commitments: list[IntArray] = []
    for j in range(n):  # one loop step per JV (a handful per vendor)
        k = min(int(rng.integers(3, 21)), len(aum))
        members.append(rng.choice(len(aum), size=k, replace=False, p=p).astype(np.int64))
        split = rng.dirichlet(np.ones(k)) * size[j] * rng.uniform(0.6, 1.0)
        commitments.append((np.floor(split / 1e6) * 1e6).astype(np.int64))
        jv_ids.append(np.full(k, j, np.int64))
    return JointVentures(
        vendor.astype(np.int64),
        size,
        announced,
        ended,
        np.concatenate(jv_ids),
        np.concatenate(members),
        np.concatenate(commitments),
    )
