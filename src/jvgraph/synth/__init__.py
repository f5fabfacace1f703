"""Deterministic synthetic datasets in the data contract, at any size.

Every row says ``source=synthetic``; names say "(synthetic)". The generator is
vectorised with numpy: millions of holdings take seconds.

- portfolio sizes are heavy-tailed (Pareto), so a few managers hold a lot;
- ~30 sectors with skewed sizes and log-normal revenues;
- co-investment clubs: companies are drawn by a Zipf-like popularity, so many
  are held by several managers;
- a few percent of holdings are subsidiaries held by companies (always by a
  company of lower index, so ownership never cycles);
- the stakes held in a company sum to at most 1 (at every instant, since they
  do overall); a stake above 0.5 is marked ``control``;
- every vendor forms 1–3 JVs of 3–20 partners, biased to large managers.

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as tmp:
...     counts = generate(pathlib.Path(tmp), managers=20, companies=200, vendors=2, seed=1,
...                       holdings=500)
>>> counts["vendors"], 450 <= counts["holdings"] <= 550
(2, True)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from jvgraph.synth.write import write_table

__all__ = ["COUNTRIES", "SECTORS", "generate"]

SECTORS = [
    "Financial services",
    "Healthcare",
    "Software",
    "Logistics",
    "Retail",
    "Manufacturing",
    "Energy",
    "Real estate",
    "Insurance",
    "Telecommunications",
    "Media",
    "Education",
    "Hospitality",
    "Construction",
    "Automotive",
    "Aerospace",
    "Agriculture",
    "Utilities",
    "Pharmaceuticals",
    "Biotechnology",
    "Consumer goods",
    "Food and beverage",
    "Chemicals",
    "Mining",
    "Transportation",
    "Professional services",
    "Semiconductors",
    "Gaming",
    "Cybersecurity",
    "Legal services",
]
COUNTRIES = ["US", "GB", "DE", "FR", "JP", "CA", "NL", "SE", "IN", "BR"]
KINDS = [
    "private equity",
    "asset manager",
    "hedge fund",
    "pension fund",
    "sovereign fund",
    "venture capital",
]
_DAY0 = np.datetime64("2015-01-01")
_DAYS = int((np.datetime64("2026-06-30") - _DAY0).astype(int))

Array = np.ndarray[Any, Any]


def _ids(prefix: str, n: int, width: int) -> Array:
    return np.char.add(prefix, np.char.zfill(np.arange(n).astype(str), width)).astype(object)


def _skewed(rng: np.random.Generator, n: int, exponent: float) -> Array:
    """Probabilities of n items, Zipf-like, in a random order."""
    weights = 1.0 / np.arange(1, n + 1) ** exponent
    return rng.permutation(weights / weights.sum())


def _portfolio_sizes(
    rng: np.random.Generator, managers: int, holdings: int, companies: int
) -> Array:
    raw = rng.pareto(1.3, managers) + 1.0
    sizes = np.maximum(1, np.round(raw / raw.sum() * holdings)).astype(np.int64)
    capped: Array = np.minimum(sizes, max(1, companies // 2))
    return capped


def _pairs(rng: np.random.Generator, owner: Array, popularity: Array, span: int) -> Array:
    """Unique (owner, company) keys, companies drawn by popularity."""
    cdf = np.cumsum(popularity)
    company = np.minimum(np.searchsorted(cdf, rng.random(owner.size)), span - 1)
    keys = np.unique(owner.astype(np.int64) * span + company)
    return keys


def _stakes(rng: np.random.Generator, company: Array, n_companies: int) -> Array:
    """Stakes whose sum per company is a random fraction in [0.3, 1), floored to 6 places."""
    weight = rng.lognormal(0.0, 1.0, company.size)
    total = np.bincount(company, weights=weight, minlength=n_companies)
    held = rng.uniform(0.3, 0.999, n_companies)
    stake = np.floor(weight / total[company] * held[company] * 1e6) / 1e6
    return np.maximum(stake, 1e-6)


def _some(values: Array, keep: Array) -> Array:
    """``values`` where ``keep``, else ``None`` (an empty cell)."""
    out = np.full(values.size, None, dtype=object)
    out[keep] = values[keep]
    return out


def _dates(rng: np.random.Generator, n: int) -> tuple[Array, Array]:
    since = rng.integers(0, _DAYS, n)
    ended = rng.random(n) < 0.1
    until = since + rng.integers(365, 5 * 365, n)
    since_text = (_DAY0 + since).astype(str).astype(object)
    until_text = _some((_DAY0 + until).astype(str), ended)
    return since_text, until_text


def _holdings(
    rng: np.random.Generator, managers: int, companies: int, holdings: int
) -> dict[str, Array]:
    direct = int(holdings * 0.97)
    sizes = _portfolio_sizes(rng, managers, int(direct * 1.6), companies)
    owner = np.repeat(np.arange(managers), sizes)
    keys = _pairs(rng, owner, _skewed(rng, companies, 0.9), companies)
    if keys.size > direct:  # duplicates were dropped; trim the oversampling to the target
        keys = np.sort(rng.choice(keys, direct, replace=False))
    m_owner, m_company = keys // companies, keys % companies
    n_sub = max(1, int(holdings * 0.03))
    a, b = rng.integers(0, companies, n_sub), rng.integers(0, companies, n_sub)
    sub = np.unique(np.minimum(a, b) * companies + np.maximum(a, b))
    sub = sub[sub // companies != sub % companies]
    owner_kind = np.concatenate([np.zeros(keys.size, bool), np.ones(sub.size, bool)])
    owner_index = np.concatenate([m_owner, sub // companies])
    company = np.concatenate([m_company, sub % companies])
    stake = _stakes(rng, company, companies)
    since, until = _dates(rng, company.size)
    return {
        "company_owner": owner_kind,
        "owner": owner_index,
        "company": company,
        "stake": stake,
        "since": since,
        "until": until,
    }


def generate(
    out_dir: Path,
    *,
    managers: int,
    companies: int,
    vendors: int,
    seed: int,
    holdings: int | None = None,
) -> dict[str, int]:
    """Write a synthetic dataset to ``out_dir``; return the rows written per file.

    ``holdings`` aims the number of holdings (default: 15 per manager).
    """
    rng = np.random.default_rng(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    counts = {"vendors": vendors, "asset_managers": managers, "companies": companies}
    write_table(out_dir, "companies", _companies(rng, companies))
    manager_ids = _ids("am-", managers, 6)
    write_table(
        out_dir,
        "asset_managers",
        {
            "id": manager_ids,
            "name": np.char.add(
                np.char.add(
                    "Synthetic Manager ", np.char.zfill(np.arange(managers).astype(str), 6)
                ),
                "",
            ).astype(object),
            "aum_usd": np.round(rng.lognormal(23, 1.5, managers)).astype(np.int64),
            "kind": rng.choice(KINDS, managers).astype(object),
            "country": rng.choice(COUNTRIES, managers).astype(object),
            "source": np.full(managers, "synthetic", dtype=object),
        },
    )
    h = _holdings(rng, managers, companies, holdings or managers * 15)
    company_ids = _ids("pc-", companies, 8)
    owners = np.empty(h["owner"].size, dtype=object)
    by_company = h["company_owner"]
    owners[by_company] = company_ids[h["owner"][by_company]]
    owners[~by_company] = manager_ids[h["owner"][~by_company]]
    write_table(
        out_dir,
        "holdings",
        {
            "owner_id": owners,
            "company_id": company_ids[h["company"]],
            "stake": h["stake"],
            "control": np.where(h["stake"] > 0.5, "true", "false").astype(object),
            "since": h["since"],
            "until": h["until"],
            "source": np.full(owners.size, "synthetic", dtype=object),
        },
    )
    counts["holdings"] = int(owners.size)
    counts.update(_jvs(rng, out_dir, vendors, manager_ids))
    return {
        name: counts[name]
        for name in (
            "vendors",
            "asset_managers",
            "joint_ventures",
            "jv_partners",
            "companies",
            "holdings",
        )
    }


def _companies(rng: np.random.Generator, n: int) -> dict[str, Array]:
    sector = rng.choice(len(SECTORS), n, p=_skewed(rng, len(SECTORS), 0.8))
    scale = rng.uniform(15.0, 19.0, len(SECTORS))
    revenue = np.round(rng.lognormal(scale[sector], 1.6)).astype(np.int64)
    return {
        "id": _ids("pc-", n, 8),
        "name": np.char.add(
            np.char.add("Company ", np.char.zfill(np.arange(n).astype(str), 8)), " (synthetic)"
        ).astype(object),
        "sector": np.asarray(SECTORS, dtype=object)[sector],
        "revenue_usd": revenue,
        "employees": np.maximum(1, revenue // 250_000).astype(np.int64),
        "country": rng.choice(COUNTRIES, n, p=_skewed(rng, len(COUNTRIES), 1.0)).astype(object),
        "source": np.full(n, "synthetic", dtype=object),
    }


def _jvs(
    rng: np.random.Generator, out_dir: Path, vendors: int, manager_ids: Array
) -> dict[str, int]:
    vendor_ids = _ids("v-", vendors, 3)
    write_table(
        out_dir,
        "vendors",
        {
            "id": vendor_ids,
            "name": np.char.add(
                "Synthetic Vendor ", np.char.zfill(np.arange(vendors).astype(str), 3)
            ).astype(object),
            "valuation_usd": np.round(rng.lognormal(25, 1.0, vendors), -6).astype(np.int64),
            "country": np.full(vendors, "US", dtype=object),
            "source": np.full(vendors, "synthetic", dtype=object),
        },
    )
    per_vendor = rng.integers(1, 4, vendors)
    jv_vendor = np.repeat(np.arange(vendors), per_vendor)
    n_jv = jv_vendor.size
    announced = _DAY0 + _DAYS + rng.integers(-900, 120, n_jv)
    ended = _some((announced + 400).astype(str), rng.random(n_jv) < 0.1)
    write_table(
        out_dir,
        "joint_ventures",
        {
            "id": _ids("jv-", n_jv, 4),
            "name": np.char.add(
                "Synthetic JV ", np.char.zfill(np.arange(n_jv).astype(str), 4)
            ).astype(object),
            "vendor_id": vendor_ids[jv_vendor],
            "size_usd": np.round(rng.lognormal(21, 1.0, n_jv), -6).astype(np.int64),
            "announced": announced.astype(str).astype(object),
            "ended": ended.astype(object),
            "source": np.full(n_jv, "synthetic", dtype=object),
        },
    )
    sizes = np.minimum(rng.integers(3, 21, n_jv), manager_ids.size)
    bias = _skewed(rng, manager_ids.size, 0.7)
    jv_of = np.concatenate([np.full(k, j) for j, k in enumerate(sizes)])
    partners = np.concatenate(
        [rng.choice(manager_ids.size, k, replace=False, p=bias) for k in sizes]
    )
    write_table(
        out_dir,
        "jv_partners",
        {
            "jv_id": _ids("jv-", n_jv, 4)[jv_of],
            "manager_id": manager_ids[partners],
            "commitment_usd": np.round(rng.lognormal(18, 1.0, partners.size), -3).astype(np.int64),
            "source": np.full(partners.size, "synthetic", dtype=object),
        },
    )
    return {"joint_ventures": int(n_jv), "jv_partners": int(partners.size)}
