"""Holdings: who owns how much of which company, and when; fully vectorised.

Three kinds of holdings are drawn and merged (an owner holds a company at
most once):

* **portfolio** holdings: each manager draws companies, part in its focus
  sector and the rest across sectors, a company with probability
  proportional to its attractiveness (a Chung–Lu style bipartite graph:
  heavy-tailed portfolio sizes × heavy-tailed holder counts);
* **club deals**: fixed groups of managers buy companies together;
* **subsidiaries**: a company holds a smaller company of its own sector
  (always the larger one holds the smaller, so ownership has no cycles).

Stakes are split per company so that they sum to at most 1 at every
instant: a company's holders either all overlap in time (their stakes
sum to at most 1) or, for a handover, form two eras, the first ending on
the day the second begins, each era summing to at most 1. A group is
*controlled* when its lead holder (a parent company first) gets a
majority share.

>>> from jvgraph.synth.sample import draw_companies
>>> rng = np.random.default_rng(0)
>>> comp = draw_companies(rng, 200)
>>> market = Market.build(comp.sector, comp.weight, 30)
>>> inv = Investors.spread(np.ones(20), market, rng)
>>> h = draw_holdings(rng, comp, market, inv, Clubs.none(), target=500)
>>> len(h.owner)
500
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from jvgraph.synth.sample import Companies
from jvgraph.synth.write import SPAN

__all__ = ["Clubs", "Holdings", "Investors", "Market", "draw_holdings"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: stakes are whole millionths
UNITS = 1_000_000


@dataclass(frozen=True)
class Market:
    """Companies ordered by sector, for drawing a company of a sector by weight."""

    order: IntArray  # company indices, sorted by sector
    cum: FloatArray  # cumulative weight along ``order``
    lo: FloatArray  # cumulative weight before each sector
    total: FloatArray  # weight of each sector (0 for a sector without companies)
    last: IntArray  # position in ``order`` of each sector's last company

    @classmethod
    def build(cls, sector: IntArray, weight: FloatArray, sectors: int) -> Market:
        order = np.argsort(sector, kind="stable").astype(np.int64)
        cum = np.cumsum(weight[order])
        ends = np.searchsorted(sector[order], np.arange(sectors), side="right")
        upto = np.concatenate([[0.0], cum])[ends]
        lo = np.concatenate([[0.0], upto[:-1]])
        return cls(order, cum, lo, upto - lo, ends.astype(np.int64) - 1)

    def draw(self, rng: np.random.Generator, sectors: IntArray) -> IntArray:
        """One company per entry of ``sectors`` (each must have companies)."""
        target = self.lo[sectors] + rng.random(len(sectors)) * self.total[sectors]
        pos = np.searchsorted(self.cum, target, side="right")
        return self.order[np.minimum(pos, self.last[sectors])]


@dataclass(frozen=True)
class Investors:
    """Where each manager invests: portfolio size, focus sector, background mix."""

    portfolio: FloatArray  # relative number of portfolio holdings
    focus: IntArray  # the manager's focus sector
    p_focus: FloatArray  # share of its draws in the focus sector
    group: IntArray  # the manager's row of ``background``
    background: FloatArray  # (groups, sectors): how the other draws spread

    @classmethod
    def spread(cls, portfolio: FloatArray, market: Market, rng: np.random.Generator) -> Investors:
        """Random focus sectors (by sector weight), background across all sectors."""
        n = len(portfolio)
        share = market.total / market.total.sum()
        focus = rng.choice(len(share), size=n, p=share).astype(np.int64)
        return cls(
            portfolio, focus, rng.uniform(0.2, 0.8, n), np.zeros(n, np.int64), share[None, :]
        )


@dataclass(frozen=True)
class Clubs:
    """Groups of managers that buy companies together, each in one sector."""

    members: IntArray  # manager indices, club after club
    offsets: IntArray  # club i is members[offsets[i]:offsets[i + 1]]
    sector: IntArray

    @classmethod
    def none(cls) -> Clubs:
        return cls(np.zeros(0, np.int64), np.zeros(1, np.int64), np.zeros(0, np.int64))

    @classmethod
    def of(cls, clubs: list[list[int]], sectors: list[int]) -> Clubs:
        sizes = [len(c) for c in clubs]
        members = np.array([m for c in clubs for m in c], np.int64)
        return cls(
            members,
            np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64),
            np.array(sectors, np.int64),
        )


@dataclass(frozen=True)
class Holdings:
    """Holdings as arrays, sorted by company then owner.

    ``owner < managers`` is a manager; ``owner - managers`` is a company.
    """

    owner: IntArray
    company: IntArray
    stake: IntArray  # millionths, 1 .. 1_000_000
    since: IntArray  # days after START
    until: IntArray  # days after START, -1 open

    @property
    def control(self) -> BoolArray:
        """Majority stakes."""
        return self.stake > UNITS // 2


def draw_holdings(
    rng: np.random.Generator,
    companies: Companies,
    market: Market,
    investors: Investors,
    clubs: Clubs,
    *,
    target: int,
    club_share: float = 0.12,
    subsidiary_share: float = 0.03,
) -> Holdings:
    """About ``target`` holdings (exactly, unless the companies cannot take so many)."""
    managers, n = len(investors.portfolio), len(companies.sector)
    owners = managers + n
    fixed = np.concatenate(
        [
            _club_keys(rng, market, clubs, round(target * club_share), owners),
            _subsidiary_keys(rng, companies, market, round(target * subsidiary_share), managers),
        ]
    )
    keys = _fill(rng, market, investors, _unique(fixed), target, owners)
    company, owner = np.divmod(keys, owners)
    handover = _handovers(rng, company, n)
    era = np.where(handover[company] >= 0, rng.integers(0, 2, len(keys)), 0)
    stake = _stakes(rng, company * 2 + era, 2 * n, owner >= managers)
    since, until = _dates(rng, handover[company], era)
    return Holdings(owner, company, stake, since, until)


def _unique(keys: IntArray) -> IntArray:
    """Sorted distinct keys (``np.unique`` is far slower on large int arrays)."""
    keys = np.sort(keys)
    keep = np.ones(len(keys), np.bool_)
    np.not_equal(keys[1:], keys[:-1], out=keep[1:])
    return keys[keep]


def _fill(
    rng: np.random.Generator,
    market: Market,
    investors: Investors,
    keys: IntArray,
    target: int,
    owners: int,
) -> IntArray:
    """Add portfolio holdings to ``keys`` until there are ``target`` distinct ones."""
    yield_ = 1.0
    for _ in range(16):
        need = target - len(keys)
        if need <= 0 or investors.portfolio.sum() <= 0:
            break
        draws = int(need / yield_ * 1.02) + 1
        owner = _draw_owners(rng, investors.portfolio, draws)
        company = market.draw(rng, _draw_sectors(rng, investors, market, owner))
        before = len(keys)
        keys = _unique(np.concatenate([keys, company * owners + owner]))
        yield_ = max((len(keys) - before) / draws, 0.02)
    if len(keys) > target:
        keep = np.sort(rng.permutation(len(keys))[:target])
        keys = keys[keep]
    return keys


def _draw_owners(rng: np.random.Generator, portfolio: FloatArray, draws: int) -> IntArray:
    """Managers repeated in proportion to their portfolio sizes, ``draws`` in all (about)."""
    expected = portfolio * (draws / portfolio.sum())
    counts = np.floor(expected + rng.random(len(expected))).astype(np.int64)
    return np.repeat(np.arange(len(counts), dtype=np.int64), counts)


def _draw_sectors(
    rng: np.random.Generator, investors: Investors, market: Market, owner: IntArray
) -> IntArray:
    """The sector of each draw: the owner's focus, or one from its group's background."""
    has = market.total > 0
    bg = investors.background * has
    groups, sectors = bg.shape
    cum = np.cumsum(bg / bg.sum(axis=1, keepdims=True), axis=1) + np.arange(groups)[:, None]
    cum[:, -1] = np.arange(1, groups + 1)
    g = investors.group[owner]
    flat = np.searchsorted(cum.ravel(), g + rng.random(len(owner)), side="right")
    background = np.minimum(flat - g * sectors, sectors - 1)
    focus = investors.focus[owner]
    use_focus = (rng.random(len(owner)) < investors.p_focus[owner]) & has[focus]
    return np.where(use_focus, focus, background)


def _club_keys(
    rng: np.random.Generator, market: Market, clubs: Clubs, pairs: int, owners: int
) -> IntArray:
    """Holdings of club deals: every member of a club holds the company the club buys."""
    sizes = np.diff(clubs.offsets)
    if len(sizes) == 0 or pairs <= 0:
        return np.zeros(0, np.int64)
    club = rng.integers(0, len(sizes), max(1, round(pairs / sizes.mean())))
    club = club[market.total[clubs.sector[club]] > 0]
    company = market.draw(rng, clubs.sector[club])
    size = sizes[club]
    deal = np.repeat(np.arange(len(club)), size)
    position = np.arange(len(deal)) - np.repeat(np.cumsum(size) - size, size)
    member = clubs.members[clubs.offsets[club][deal] + position]
    keys: IntArray = company[deal] * owners + member
    return keys


def _subsidiary_keys(
    rng: np.random.Generator, companies: Companies, market: Market, pairs: int, managers: int
) -> IntArray:
    """Company-to-company holdings within a sector; the larger company is the parent."""
    n = len(companies.sector)
    if pairs <= 0 or n < 2:
        return np.zeros(0, np.int64)
    a = rng.integers(0, n, pairs)
    b = market.draw(rng, companies.sector[a])
    rev = companies.revenue
    a_larger = (rev[a] > rev[b]) | ((rev[a] == rev[b]) & (a < b))
    parent, child = np.where(a_larger, a, b), np.where(a_larger, b, a)
    keep = parent != child
    keys: IntArray = child[keep] * (managers + n) + managers + parent[keep]
    return keys


def _handovers(rng: np.random.Generator, company: IntArray, n: int) -> IntArray:
    """For some co-held companies, the day one set of holders hands over to another; else -1."""
    holders = np.bincount(company, minlength=n)
    day = rng.integers(600, SPAN - 300, n)
    return np.where((holders >= 2) & (rng.random(n) < 0.2), day, -1).astype(np.int64)


def _stakes(rng: np.random.Generator, group: IntArray, groups: int, parent: BoolArray) -> IntArray:
    """Stakes in millionths such that each group's stakes sum to at most 1."""
    n = len(group)
    k = np.bincount(group, minlength=groups)
    has_parent = np.bincount(group, weights=parent, minlength=groups) > 0
    priority = rng.permutation(n) + n * parent.astype(np.int64)  # distinct; parents first
    top = np.full(groups, -1, np.int64)
    np.maximum.at(top, group, priority)
    controlled = has_parent | (rng.random(groups) < np.where(k <= 5, 0.5, 0.1))
    lead_share = np.where(controlled, np.where(k == 1, 1.0, rng.uniform(0.55, 0.95, groups)), 0.0)
    lead = (priority == top[group]) & controlled[group]
    w = np.where(lead, 0.0, rng.lognormal(0.0, 1.0, n))
    total = np.bincount(group, weights=w, minlength=groups)[group]
    rest = np.divide(w, total, out=np.zeros(n), where=total > 0) * (1.0 - lead_share[group])
    share = np.where(lead, lead_share[group], rest)
    units = np.floor(_held(rng, k, controlled)[group] * share * UNITS).astype(np.int64)
    return np.maximum(units, 1)


def _held(rng: np.random.Generator, k: IntArray, controlled: BoolArray) -> FloatArray:
    """The fraction of a company a group of ``k`` holders owns together."""
    g = len(k)
    single = np.where(rng.random(g) < 0.4, 1.0, rng.uniform(0.1, 1.0, g))
    held = np.where(controlled, rng.uniform(0.7, 1.0, g), rng.uniform(0.2, 0.9, g))
    held = np.where(k > 10, np.minimum(held, rng.uniform(0.1, 0.6, g)), held)
    # room for every stake rounded up to at least one millionth
    return np.where(k == 1, single, np.minimum(held, 1.0 - k / UNITS))


def _dates(
    rng: np.random.Generator, handover: IntArray, era: IntArray
) -> tuple[IntArray, IntArray]:
    """``since`` and ``until`` (days; -1 open): recent years more often, some ended."""
    n = len(era)
    since = np.floor(SPAN * rng.random(n) ** 0.75).astype(np.int64)
    hold = np.round(90 + rng.lognormal(np.log(3.5 * 365), 0.5, n)).astype(np.int64)
    until = np.where(rng.random(n) < 0.22, since + hold, -1)
    until = np.where(until >= SPAN, -1, until)
    first = np.floor(rng.random(n) * (handover - 30)).astype(np.int64)
    second = handover + np.floor(rng.random(n) * (SPAN - handover)).astype(np.int64)
    since = np.where(handover < 0, since, np.where(era == 0, first, second))
    until = np.where(handover < 0, until, np.where(era == 0, handover, -1))
    return since, until
