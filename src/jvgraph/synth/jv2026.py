"""The bundled dataset ``graph/jv-2026``: the two JVs of April 2026, with illustrative holdings.

What the seed article states (source ``seed-article``): Anthropic (valuation about
$90B) and OpenAI (about $852B); Anthropic's $1.5B JV with Blackstone, Goldman Sachs
and Hellman & Friedman; OpenAI's $10B "The Development Company" with TPG, Brookfield
and 18 other asset managers it does not name; both announced in late April 2026.

Everything else is generated here, deterministically, and marked ``source=synthetic``
row by row: the 18 unnamed partners (as placeholders), other managers, every
portfolio company, revenue and holding. Nothing here is a fact about a real firm's
portfolio.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from jvgraph.synth.write import write_rows

__all__ = ["build_jv2026"]

ARTICLE = "seed-article"
SYNTHETIC = "synthetic"
NOTE = "late April 2026 (the article gives no day)"

NAMED = [
    ("am-blackstone", "Blackstone"),
    ("am-goldman-sachs", "Goldman Sachs"),
    ("am-hellman-friedman", "Hellman & Friedman"),
    ("am-tpg", "TPG"),
    ("am-brookfield", "Brookfield"),
]
UNNAMED = [
    (f"am-tdc-partner-{i:02d}", f"Unnamed partner {i:02d} of The Development Company")
    for i in range(1, 19)
]
OTHERS = [
    (f"am-other-{i:02d}", f"Synthetic Manager {i:02d} (not a JV partner)") for i in range(1, 13)
]
SECTORS = [
    "Financial services",
    "Healthcare",
    "Insurance",
    "Software",
    "Logistics",
    "Retail",
    "Manufacturing",
    "Energy",
    "Real estate",
    "Telecommunications",
    "Agriculture",
    "Utilities",
]
#: sectors each group of managers favours (weights over SECTORS); Agriculture and Utilities
#: are held only by managers outside both JVs, so no vendor reaches them
FAVOURS = {
    "anthropic": [6, 5, 4, 2, 1, 1, 1, 1, 1, 1, 0, 0],
    "tdc": [2, 2, 1, 4, 4, 4, 3, 3, 2, 3, 0, 0],
    "other": [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 5, 5],
}


def _vendors_and_jvs() -> dict[str, list[dict[str, Any]]]:
    vendors = [
        {
            "id": "v-anthropic",
            "name": "Anthropic",
            "valuation_usd": 90_000_000_000,
            "source": ARTICLE,
        },
        {"id": "v-openai", "name": "OpenAI", "valuation_usd": 852_000_000_000, "source": ARTICLE},
    ]
    jvs = [
        {
            "id": "jv-anthropic",
            "name": "Anthropic JV with Blackstone, Goldman Sachs and "
            "Hellman & Friedman (name not given)",
            "vendor_id": "v-anthropic",
            "size_usd": 1_500_000_000,
            "source": ARTICLE,
            "announced_note": NOTE,
        },
        {
            "id": "jv-tdc",
            "name": "The Development Company",
            "vendor_id": "v-openai",
            "size_usd": 10_000_000_000,
            "source": ARTICLE,
            "announced_note": NOTE,
        },
    ]
    partners = [{"jv_id": "jv-anthropic", "manager_id": m, "source": ARTICLE} for m, _ in NAMED[:3]]
    partners += [
        {"jv_id": "jv-tdc", "manager_id": m, "source": ARTICLE} for m, _ in NAMED[3:] + UNNAMED
    ]
    return {"vendors": vendors, "joint_ventures": jvs, "jv_partners": partners}


def _managers() -> list[dict[str, Any]]:
    rows = [{"id": m, "name": n, "source": ARTICLE} for m, n in NAMED]
    rows += [
        {
            "id": m,
            "name": n,
            "kind": "asset manager",
            "source": SYNTHETIC,
            "note": "placeholder: the article counts this partner but does not name it",
        }
        for m, n in UNNAMED
    ]
    rows += [{"id": m, "name": n, "kind": "asset manager", "source": SYNTHETIC} for m, n in OTHERS]
    return rows


def _companies(rng: np.random.Generator, n: int) -> list[dict[str, Any]]:
    scale = np.linspace(19.5, 17.0, len(SECTORS))
    rows = []
    for i in range(n):
        s = int(rng.integers(len(SECTORS)))
        revenue = int(round(float(rng.lognormal(scale[s], 1.2)), -3))
        rows.append(
            {
                "id": f"pc-{i:04d}",
                "name": f"Company {i:04d} (synthetic)",
                "sector": SECTORS[s],
                "revenue_usd": revenue,
                "employees": max(1, revenue // 300_000),
                "country": str(rng.choice(["US", "US", "US", "GB", "DE", "FR", "JP"])),
                "source": SYNTHETIC,
            }
        )
    return rows


def _holdings(rng: np.random.Generator, companies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    groups = {
        "anthropic": [m for m, _ in NAMED[:3]],
        "tdc": [m for m, _ in NAMED[3:] + UNNAMED],
        "other": [m for m, _ in OTHERS],
    }
    by_sector = {s: [c["id"] for c in companies if c["sector"] == s] for s in SECTORS}
    held: dict[str, list[str]] = {}
    for group, managers in groups.items():
        weights = np.asarray(FAVOURS[group], float) / sum(FAVOURS[group])
        for manager in managers:
            size = int(rng.integers(8, 40)) if group != "tdc" else int(rng.integers(4, 20))
            sectors = rng.choice(len(SECTORS), size, p=weights)
            for s in sectors:
                pick = str(rng.choice(by_sector[SECTORS[s]]))
                held.setdefault(pick, [])
                if manager not in held[pick]:
                    held[pick].append(manager)
    return _stakes(rng, held)


def _stakes(rng: np.random.Generator, held: dict[str, list[str]]) -> list[dict[str, Any]]:
    rows = []
    for company in sorted(held):
        owners = held[company]
        weights = rng.lognormal(0, 1, len(owners))
        total = float(rng.uniform(0.3, 0.95))
        for owner, w in zip(owners, weights, strict=True):
            stake = max(0.001, float(np.floor(w / weights.sum() * total * 1000) / 1000))
            since = f"{int(rng.integers(2016, 2026))}-{int(rng.integers(1, 13)):02d}-01"
            rows.append(
                {
                    "owner_id": owner,
                    "company_id": company,
                    "stake": stake,
                    "control": "true" if stake > 0.5 else "false",
                    "since": since,
                    "source": SYNTHETIC,
                }
            )
    return rows


def build_jv2026(out_dir: Path, *, seed: int = 2026, companies: int = 360) -> dict[str, int]:
    """Write the bundled dataset to ``out_dir``; return the rows per file."""
    rng = np.random.default_rng(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = _vendors_and_jvs()
    tables["asset_managers"] = _managers()
    tables["companies"] = _companies(rng, companies)
    tables["holdings"] = _holdings(rng, tables["companies"])
    for name, rows in tables.items():
        write_rows(out_dir, name, rows)
    return {name: len(rows) for name, rows in tables.items()}


if __name__ == "__main__":  # python -m jvgraph.synth.jv2026 graph/jv-2026
    import sys

    print(build_jv2026(Path(sys.argv[1])))
