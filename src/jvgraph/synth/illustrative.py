"""``build_jv2026``: the bundled dataset ``graph/jv-2026``.

Only what the seed article states is marked ``source=seed-article``: the
vendors Anthropic and OpenAI with their valuations, the two JVs with their
sizes, and their partners (Blackstone, Goldman Sachs and Hellman & Friedman;
TPG, Brookfield and 18 asset managers the article does not name). The 18
are placeholders (``Unnamed partner 01 of The Development Company`` …,
``source=synthetic``). Everything else — 600 portfolio companies, every
holding (the real managers' included), 12 non-partner managers — comes from
the generator with a fixed seed and says ``source=synthetic``.

The synthetic part is shaped so that concentration is worth measuring:
Anthropic's partners lead in financial services and insurance, OpenAI's in
healthcare, infrastructure and real estate, club deals make some companies
shared by partners of both, and four sectors are held by non-partners only.

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as tmp:
...     counts = build_jv2026(tmp)
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

__all__ = ["ARTICLE", "SEED", "build_jv2026"]

#: the source of every row the article states
ARTICLE = "seed-article"
#: the generator's seed for the synthetic part
SEED = 2026
COMPANIES = 600
UNNAMED = 18
NON_PARTNERS = 12
WHEN = "late April 2026 (the article gives no day)"

#: (id, name, kind as the article puts it, focus sector, portfolio size)
NAMED = (
    ("am-blackstone", "Blackstone", "", "Financial services", 50),
    ("am-goldman-sachs", "Goldman Sachs", "", "Financial services", 40),
    ("am-hellman-friedman", "Hellman & Friedman", "private equity", "Insurance", 30),
    ("am-tpg", "TPG", "", "Healthcare", 45),
    ("am-brookfield", "Brookfield", "", "Infrastructure", 40),
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
    return f"am-tdc-partner-{i:02d}"


def build_jv2026(out_dir: str | Path) -> dict[str, int]:
    """Write the bundled ``jv-2026`` dataset and its README to ``out_dir``; row counts."""
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
    blackstone, goldman, hf, tpg, brookfield = range(len(NAMED))
    unnamed = len(NAMED)  # the first unnamed partner
    other = len(NAMED) + UNNAMED  # the first non-partner
    return Clubs.of(
        [
            [blackstone, tpg],
            [goldman, brookfield, unnamed],
            [hf, unnamed + 1, unnamed + 2, other],
            [goldman, unnamed + 3],
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
            "id": ["v-anthropic", "v-openai"],
            "name": ["Anthropic", "OpenAI"],
            "valuation_usd": pa.array([90_000_000_000, 852_000_000_000], pa.int64()),
            "country": pa.array([None, None], pa.string()),
            "source": [ARTICLE, ARTICLE],
            "valuation_note": ["approximately $90 billion", "approximately $852 billion"],
        },
    )


def _write_managers(out: Path, rng: np.random.Generator, manager_ids: list[str]) -> int:
    """The named partners (only what the article says), placeholders, synthetic managers."""
    named, others = len(NAMED) + UNNAMED, draw_managers(rng, NON_PARTNERS)
    placeholder = "placeholder for one of the 18 asset managers the article does not name"
    names = [m[1] for m in NAMED]
    names += [f"Unnamed partner {i + 1:02d} of The Development Company" for i in range(UNNAMED)]
    names += ids("Synthetic Manager ", NON_PARTNERS).to_pylist()
    empty: list[str | None] = [None] * named
    return write_csv(
        out / "asset_managers.csv",
        {
            "id": manager_ids,
            "name": names,
            "aum_usd": pa.array([None] * named + others.aum.tolist(), pa.int64()),
            "kind": [m[2] or None for m in NAMED]
            + [None] * UNNAMED
            + [KINDS[k] for k in others.kind],
            "country": empty + [COUNTRIES[c] for c in others.country],
            "source": [ARTICLE] * len(NAMED) + [SYNTHETIC] * (UNNAMED + NON_PARTNERS),
            "note": [None] * len(NAMED) + [placeholder] * UNNAMED + [None] * NON_PARTNERS,
        },
    )


def _write_joint_ventures(out: Path) -> dict[str, int]:
    anthropic = "placeholder name: the article does not name this JV"
    jvs = write_csv(
        out / "joint_ventures.csv",
        {
            "id": ["jv-anthropic", "jv-tdc"],
            "name": [
                "Anthropic JV with Blackstone / Goldman Sachs / Hellman & Friedman",
                "The Development Company",
            ],
            "vendor_id": ["v-anthropic", "v-openai"],
            "size_usd": pa.array([1_500_000_000, 10_000_000_000], pa.int64()),
            "announced": pa.array([None, None], pa.string()),
            "ended": pa.array([None, None], pa.string()),
            "source": [ARTICLE, ARTICLE],
            "announced_note": [WHEN, WHEN],
            "note": [anthropic, None],
        },
    )
    partners = [("jv-anthropic", m[0]) for m in NAMED[:ANTHROPIC_PARTNERS]]
    partners += [("jv-tdc", m[0]) for m in NAMED[ANTHROPIC_PARTNERS:]]
    partners += [("jv-tdc", _unnamed(i + 1)) for i in range(UNNAMED)]
    rows = write_csv(
        out / "jv_partners.csv",
        {
            "jv_id": [p[0] for p in partners],
            "manager_id": [p[1] for p in partners],
            "commitment_usd": pa.array([None] * len(partners), pa.int64()),
            "source": [ARTICLE] * len(partners),
        },
    )
    return {"joint_ventures": jvs, "jv_partners": rows}


_README = """\
# jv-2026: the two AI joint ventures of April 2026

Written by `jvgraph.synth.build_jv2026` (seed {seed}); do not edit by hand. A test checks that
these files equal what the function writes:

```sh
python -c "from jvgraph.synth import build_jv2026; build_jv2026('graph/jv-2026')"
```

## From the article (`source=seed-article`)

The seed article, "Event Recap: Two JVs Announced on the Same Day" (late April 2026), states:

- the vendors **Anthropic** (valuation about $90 billion) and **OpenAI** (about $852 billion);
- Anthropic's $1.5 billion JV with **Blackstone**, **Goldman Sachs** and **Hellman & Friedman**
  (the article calls it a private equity firm, hence its `kind`);
- OpenAI's $10 billion JV **The Development Company** with **TPG**, **Brookfield** and 18 other
  asset managers;
- that both were announced in late April 2026, within 48 hours of each other.

Only these facts are in rows marked `seed-article`. The article gives no exact day, so
`announced` is empty and `announced_note` says "{when}".
It does not name Anthropic's JV: its name is a descriptive placeholder (see its `note`). It
gives no commitments, AUMs or countries of the managers, nor the vendors' countries: those
cells are empty.

## Placeholders

The 18 managers the article does not name are `am-tdc-partner-01` … `-18`, "Unnamed partner NN
of The Development Company", with `source=synthetic` and a `note`; nothing is known about them.
Their partnership rows in `jv_partners.csv` say `seed-article`, because the article states that
there are 18 more partners.

## Synthetic (`source=synthetic`)

Everything else is generated and illustrative, not a fact about any firm:

- {companies} portfolio companies ("Company NNNN (synthetic)") in {sectors} sectors, with revenues;
- all {holdings} holdings, including those of Blackstone, Goldman Sachs, Hellman & Friedman, TPG and
  Brookfield: these firms' real portfolios are not in the article;
- {others} non-partner managers ("Synthetic Manager NNNN") with their AUM, kind and country.

The synthetic holdings are shaped to make the metrics worth reading: Anthropic's partners lead
in financial services and insurance; OpenAI's partners in healthcare, infrastructure, real estate
and others; club deals give companies held by partners of both vendors; no partner holds a
company in {unreached},
so no vendor reaches these sectors. Some holdings have ended, and some companies hold
subsidiaries.

| file | rows |
|---|---|
{table}
"""


def _readme(counts: dict[str, int]) -> str:
    table = "\n".join(f"| `{name}.csv` | {rows:,} |" for name, rows in counts.items())
    unreached = ", ".join(UNREACHED[:-1]) + " and " + UNREACHED[-1]
    return _README.format(
        seed=SEED,
        when=WHEN,
        companies=COMPANIES,
        sectors=len(SECTORS),
        holdings=f"{counts['holdings']:,}",
        others=NON_PARTNERS,
        unreached=unreached,
        table=table,
    )
