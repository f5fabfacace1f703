"""``build_illustrative``: the bundled illustrative dataset ``graph/jv-2026-illustrative``.

Two fictional vendors, Vendor Alpha and Vendor Beta, each with one joint venture shaped
like the two real JVs of May 2026 (a $1.5 billion venture with 3 partners, a $10 billion
one with 20), and portfolios drawn by the generator with a fixed seed: stakes, revenues,
club deals, subsidiaries and exits, so that every metric (shares, HHI, MHHI, profit
weights) has something to show. Every row is ``source=synthetic`` and every name is
made up: the real graph, with its sources and gaps, is ``graph/jv-2026``.

The synthetic part is shaped so that concentration is worth measuring: Alpha's
partners lead in financial services and insurance, Beta's in healthcare,
infrastructure and real estate, club deals make some companies shared by partners of
both, and four sectors are held by non-partners only.

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as tmp:
...     counts = build_illustrative(tmp)
...     names = sorted(p.name for p in pathlib.Path(tmp).iterdir())
>>> counts["vendors"], counts["joint_ventures"], counts["jv_partners"]
(2, 2, 23)
>>> names[0], names[-1]
('README.md', 'vendors.csv')
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa

from jvgraph.synth.generate import SYNTHETIC, write_companies, write_holdings
from jvgraph.synth.holdings import Clubs, Investors, Market, draw_holdings
from jvgraph.synth.sample import COUNTRIES, KINDS, SECTORS, draw_companies, draw_managers
from jvgraph.synth.write import ids, write_csv

__all__ = ["NAME", "SEED", "build_illustrative"]

#: the bundled dataset's folder name
NAME = "jv-2026-illustrative"
#: the generator's seed
SEED = 2026
COMPANIES = 600
UNNAMED = 18
NON_PARTNERS = 12
#: the JVs' announcement days (the generator's timeline ends on 2026-04-30)
ANNOUNCED = ("2026-04-27", "2026-04-29")

#: (id, name, kind, focus sector, portfolio size)
NAMED = (
    ("am-alpha-1", "Partner Alpha 1", "private equity", "Financial services", 50),
    ("am-alpha-2", "Partner Alpha 2", "bank", "Financial services", 40),
    ("am-alpha-3", "Partner Alpha 3", "private equity", "Insurance", 30),
    ("am-beta-01", "Partner Beta 01", "private equity", "Healthcare", 45),
    ("am-beta-02", "Partner Beta 02", "asset manager", "Infrastructure", 40),
)
ANTHROPIC_PARTNERS = 3
#: sectors no partner of either vendor invests in
UNREACHED = ("Agriculture", "Mining", "Education", "Construction")
#: focus sectors of the unnamed partners, in turn
UNNAMED_FOCUS = (
    "Real estate", "Energy", "Software", "Logistics", "Retail", "Business services",
    "Telecommunications", "Media", "Consumer goods",
)  # fmt: skip
#: focus sectors of the non-partner managers, in turn
OTHER_FOCUS = (*UNREACHED, "Financial services", "Healthcare", "Software", "Retail")


def _s(name: str) -> int:
    return SECTORS.index(name)


def _unnamed(i: int) -> str:
    return f"am-beta-{i + len(NAMED) - ANTHROPIC_PARTNERS:02d}"


def build_illustrative(out_dir: str | Path) -> dict[str, int]:
    """Write the bundled illustrative dataset and its README to ``out_dir``; row counts."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    comp = draw_companies(rng, COMPANIES, min_per_sector=5)
    market = Market.build(comp.sector, comp.weight, len(SECTORS))
    investors = _investors(rng, market)
    clubs, subsidiaries = 0.10, 0.03  # shares of the holdings
    target = round(float(investors.portfolio.sum()) / (1 - clubs - subsidiaries))
    held = draw_holdings(
        rng,
        comp,
        market,
        investors,
        _clubs(),
        target=target,
        club_share=clubs,
        subsidiary_share=subsidiaries,
    )
    manager_ids = [m[0] for m in NAMED] + [_unnamed(i + 1) for i in range(UNNAMED)]
    manager_ids += ids("am-", NON_PARTNERS).to_pylist()
    counts = {
        "vendors": _write_vendors(out),
        "asset_managers": _write_managers(out, rng, manager_ids),
        **_write_joint_ventures(out),
        "companies": write_companies(out / "companies.csv", comp),
        "holdings": write_holdings(out / "holdings.csv", held, manager_ids, COMPANIES),
    }
    (out / "README.md").write_text(_readme(counts), encoding="utf-8")
    return counts


def _investors(rng: np.random.Generator, market: Market) -> Investors:
    """Named partners, unnamed partners and non-partners, in that order."""
    focus = [_s(m[3]) for m in NAMED]
    focus += [_s(UNNAMED_FOCUS[i % len(UNNAMED_FOCUS)]) for i in range(UNNAMED)]
    focus += [_s(OTHER_FOCUS[i % len(OTHER_FOCUS)]) for i in range(NON_PARTNERS)]
    portfolio = np.concatenate(
        [
            [float(m[4]) for m in NAMED],
            rng.lognormal(np.log(12), 0.7, UNNAMED),
            rng.lognormal(np.log(45), 0.6, NON_PARTNERS),
        ]
    )
    group = np.array(
        [0] * ANTHROPIC_PARTNERS
        + [1] * (len(NAMED) - ANTHROPIC_PARTNERS + UNNAMED)
        + [2] * NON_PARTNERS,
        np.int64,
    )
    base = market.total / market.total.sum()
    background = np.stack([base.copy(), base.copy(), base.copy()])
    background[:2, [_s(s) for s in UNREACHED]] = 0.0
    background[1, [_s("Financial services"), _s("Insurance")]] *= 0.1
    p_focus = np.array([0.8] * ANTHROPIC_PARTNERS + [0.7] * (len(focus) - ANTHROPIC_PARTNERS))
    return Investors(portfolio, np.array(focus, np.int64), p_focus, group, background)


def _clubs() -> Clubs:
    """Club deals across both vendors' partners, and one among non-partners only."""
    a1, a2, a3, b1, b2 = range(len(NAMED))
    unnamed = len(NAMED)  # the first unnamed partner
    other = len(NAMED) + UNNAMED  # the first non-partner
    return Clubs.of(
        [
            [a1, b1],
            [a2, b2, unnamed],
            [a3, unnamed + 1, unnamed + 2, other],
            [a2, unnamed + 3],
            [other + 1, other + 2, other + 3],
        ],
        [
            _s(s)
            for s in (
                "Healthcare",
                "Software",
                "Business services",
                "Financial services",
                "Agriculture",
            )
        ],
    )


def _write_vendors(out: Path) -> int:
    return write_csv(
        out / "vendors.csv",
        {
            "id": ["v-alpha", "v-beta"],
            "name": ["Vendor Alpha", "Vendor Beta"],
            "valuation_usd": pa.array([90_000_000_000, 852_000_000_000], pa.int64()),
            "country": pa.array([None, None], pa.string()),
            "source": [SYNTHETIC, SYNTHETIC],
        },
    )


def _write_managers(out: Path, rng: np.random.Generator, manager_ids: list[str]) -> int:
    """The partners of both JVs, then the non-partners, all made up; each portfolio is
    the generated one, so the dataset holds every manager's (``portfolio_known``)."""
    named, others = len(NAMED) + UNNAMED, draw_managers(rng, NON_PARTNERS)
    names = [m[1] for m in NAMED]
    names += [f"Partner Beta {i + len(NAMED) - ANTHROPIC_PARTNERS + 1:02d}" for i in range(UNNAMED)]
    names += ids("Synthetic Manager ", NON_PARTNERS).to_pylist()
    empty: list[str | None] = [None] * named
    return write_csv(
        out / "asset_managers.csv",
        {
            "id": manager_ids,
            "name": names,
            "aum_usd": pa.array([None] * named + others.aum.tolist(), pa.int64()),
            "kind": [m[2] for m in NAMED]
            + ["private equity"] * UNNAMED
            + [KINDS[k] for k in others.kind],
            "country": empty + [COUNTRIES[c] for c in others.country],
            "source": [SYNTHETIC] * len(manager_ids),
            "portfolio_known": ["true"] * len(manager_ids),
        },
    )


def _write_joint_ventures(out: Path) -> dict[str, int]:
    jvs = write_csv(
        out / "joint_ventures.csv",
        {
            "id": ["jv-alpha", "jv-beta"],
            "name": ["Alpha Services JV", "Beta Deployment JV"],
            "vendor_id": ["v-alpha", "v-beta"],
            "size_usd": pa.array([1_500_000_000, 10_000_000_000], pa.int64()),
            "announced": list(ANNOUNCED),
            "ended": pa.array([None, None], pa.string()),
            "source": [SYNTHETIC, SYNTHETIC],
        },
    )
    partners = [("jv-alpha", m[0]) for m in NAMED[:ANTHROPIC_PARTNERS]]
    partners += [("jv-beta", m[0]) for m in NAMED[ANTHROPIC_PARTNERS:]]
    partners += [("jv-beta", _unnamed(i + 1)) for i in range(UNNAMED)]
    rows = write_csv(
        out / "jv_partners.csv",
        {
            "jv_id": [p[0] for p in partners],
            "manager_id": [p[1] for p in partners],
            "commitment_usd": pa.array([None] * len(partners), pa.int64()),
            "source": [SYNTHETIC] * len(partners),
        },
    )
    return {"joint_ventures": jvs, "jv_partners": rows}


_README = """\
# jv-2026-illustrative: a made-up graph for the full set of metrics

**Nothing here is real.** Every row says `source=synthetic`; the vendors, JVs, partners and
companies are made up. The real 2026 JV graph, with its sources and its gaps, is
[`graph/jv-2026`](../jv-2026/README.md). This dataset exists because the real one states no
stakes and no revenues, so shares, HHI, common ownership (MHHI) and profit weights κ cannot
be computed on it: here they can, on data shaped like it.

Written by `jvgraph.synth.build_illustrative` (seed {seed}); do not edit by hand. A test
checks that these files equal what the function writes:

```sh
python -c "from jvgraph.synth import build_illustrative; build_illustrative('graph/jv-2026-illustrative')"
```

- two vendors, **Vendor Alpha** and **Vendor Beta**, each with one JV: *Alpha Services JV*
  ($1.5 billion, 3 partners) and *Beta Deployment JV* ($10 billion, 20 partners), the sizes and
  partner counts of the first reports of the two real JVs;
- {companies} portfolio companies ("Company NNNN (synthetic)") in {sectors} sectors, with revenues;
- {holdings} holdings with stakes, some ended, some held through subsidiaries;
- {others} non-partner managers ("Synthetic Manager NNNN") with their AUM, kind and country.

The holdings are shaped to make the metrics worth reading: Alpha's partners lead in financial
services and insurance; Beta's partners in healthcare, infrastructure, real estate and others;
club deals give companies held by partners of both vendors; no partner holds a company in
{unreached}, so no vendor reaches these sectors.

| file | rows |
|---|---|
{table}
"""


def _readme(counts: dict[str, int]) -> str:
    table = "\n".join(f"| `{name}.csv` | {rows:,} |" for name, rows in counts.items())
    unreached = ", ".join(UNREACHED[:-1]) + " and " + UNREACHED[-1]
    return _README.format(
        seed=SEED,
        companies=COMPANIES,
        sectors=len(SECTORS),
        holdings=f"{counts['holdings']:,}",
        others=NON_PARTNERS,
        unreached=unreached,
        table=table,
    )
