"""Naive reference implementation of the jvgraph metrics, used ONLY by the tests.

It exists to cross-check the fast implementation in ``src/jvgraph/metrics``, so it
shares no code with it: it reads the CSV files (or in-memory records) itself,
builds a networkx ``MultiDiGraph`` and computes every metric with plain Python
loops, literally as ``docs/metrics.md`` defines it. Speed is no goal (O(n²) loops
over pairs are fine); exactness is: amounts and stakes are read as
:class:`fractions.Fraction` from their decimal text and converted to ``float``
only in the output. Only :func:`effective_stakes` works in floats, because a
cycle makes its series infinite.

The graph (node ids are the dataset ids, unique across the dataset)::

    (Vendor)-[:FORMED]->(JointVenture)          joint_ventures.vendor_id
    (AssetManager)-[:PARTNER_IN]->(JointVenture) jv_partners
    (owner)-[:HOLDS {stake}]->(PortfolioCompany) holdings (owner: manager or company)

Nodes carry ``label`` and ``props`` (the row); companies also ``revenue`` (a
Fraction, empty = 0). Edges carry ``type``; HOLDS edges also ``stake`` (a
Fraction) and ``props``. :func:`build_graph` adds only the edges that count on
the as-of date: a holding counts when ``since <= as_of < until``; a JV counts
when ``announced <= as_of`` and ``as_of < ended`` (empty ends open); a JV that
does not count gets neither its FORMED nor its PARTNER_IN edges. With
``as_of=None`` every JV and every holding counts, ended or not.

Resolved ambiguities (see each function):

- look-through reach = every company reachable from a partner's direct holdings
  along HOLDS edges (equivalently: effective stake > 0);
- effective stakes sum over *walks* (paths that may go round a cycle any number of
  times), which is what ``B (I - A)^-1`` sums;
- ``foreclosure`` lists every vendor reaching at least one company of the market,
  even when that company's revenue is 0 (its value is then 0.0);
- gatekeepers are computed literally: reach(v) minus the reach v has once m's
  PARTNER_IN edges to v's JVs are removed, with the same ``look_through``;
- vendors in the overlap and merger are compared by id as strings;
- a company that is a vendor itself (``same_as`` = the vendor's id) is not in that
  vendor's reach: a vendor does not gain access to itself.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Mapping
from fractions import Fraction
from itertools import combinations
from pathlib import Path
from typing import Any

import networkx as nx

__all__ = [
    "TABLES",
    "build_graph",
    "classify_2010",
    "classify_2023",
    "common_ownership",
    "compute_all",
    "concentration",
    "cr4",
    "effective_stakes",
    "gatekeepers",
    "hhi",
    "load_dataset",
    "merge_vendors",
    "merger",
    "overlap",
    "reach",
    "reach_sets",
]

TABLES = ("vendors", "asset_managers", "joint_ventures", "jv_partners", "companies", "holdings")

VENDOR, JV, MANAGER, COMPANY = "Vendor", "JointVenture", "AssetManager", "PortfolioCompany"
FORMED, PARTNER_IN, HOLDS = "FORMED", "PARTNER_IN", "HOLDS"

#: effective stakes: a walk term smaller than this is dropped
WALK_TOLERANCE = 1e-18
#: effective stakes: longest walk summed before giving up (a cycle holding 100% of itself)
MAX_WALK_LENGTH = 200_000

Records = dict[str, list[dict[str, Any]]]
DatasetLike = str | Path | Mapping[str, Iterable[Mapping[str, Any]]]
Date = dt.date | str | None

# --------------------------------------------------------------------------- reading


def load_dataset(source: DatasetLike) -> Records:
    """The six tables as lists of row dicts; empty cells become ``None``.

    ``source`` is a folder of the contract's CSV files or a mapping
    ``{"vendors": [row, ...], ...}`` (a missing table counts as empty).
    """
    if isinstance(source, str | Path):
        return {name: _read_csv(Path(source) / f"{name}.csv") for name in TABLES}
    return {name: [_clean_row(row) for row in source.get(name, ())] for name in TABLES}


def _read_csv(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [_clean_row(row) for row in csv.DictReader(handle)]


def _clean_row(row: Mapping[str, Any]) -> dict[str, Any]:
    return {str(key): _clean(value) for key, value in row.items()}


def _clean(value: Any) -> Any:
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return None
    return value


def _number(value: Any) -> Fraction:
    """An exact number from its decimal text (``0.6`` is 3/5); empty is 0."""
    if value is None:
        return Fraction(0)
    return Fraction(str(value).strip())


def _date(value: Date) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value.strip())


def holding_counts(row: Mapping[str, Any], as_of: dt.date | None) -> bool:
    """``since <= as_of < until``, empty ends open; every holding counts without a date."""
    if as_of is None:
        return True
    since, until = _date(row.get("since")), _date(row.get("until"))
    return (since is None or since <= as_of) and (until is None or as_of < until)


def jv_counts(row: Mapping[str, Any], as_of: dt.date | None) -> bool:
    """``announced <= as_of`` and not ended (``as_of < ended``); every JV counts without a date."""
    if as_of is None:
        return True
    announced, ended = _date(row.get("announced")), _date(row.get("ended"))
    return (announced is None or announced <= as_of) and (ended is None or as_of < ended)


# --------------------------------------------------------------------------- the graph


def build_graph(dataset: DatasetLike, as_of: Date = None) -> nx.MultiDiGraph:
    """Every node of the dataset and the edges that count on ``as_of``."""
    data = load_dataset(dataset)
    day = _date(as_of)
    g = nx.MultiDiGraph(as_of=day)
    for table, label in (("vendors", VENDOR), ("asset_managers", MANAGER)):
        for row in data[table]:
            g.add_node(row["id"], label=label, props=row)
    for row in data["companies"]:
        g.add_node(row["id"], label=COMPANY, props=row, revenue=_number(row.get("revenue_usd")))
    counting = set()
    for row in data["joint_ventures"]:
        g.add_node(row["id"], label=JV, props=row)
        if jv_counts(row, day):
            counting.add(row["id"])
            g.add_edge(row["vendor_id"], row["id"], type=FORMED)
    for row in data["jv_partners"]:
        if row["jv_id"] in counting:
            g.add_edge(row["manager_id"], row["jv_id"], type=PARTNER_IN, props=row)
    for row in data["holdings"]:
        if holding_counts(row, day):
            stake = _number(row["stake"])
            g.add_edge(row["owner_id"], row["company_id"], type=HOLDS, stake=stake, props=row)
    return g


def _nodes(g: nx.MultiDiGraph, label: str) -> list[str]:
    return sorted(n for n, d in g.nodes(data=True) if d.get("label") == label)


def _targets(g: nx.MultiDiGraph, node: str, rel: str) -> set[str]:
    return {t for _, t, d in g.out_edges(node, data=True) if d["type"] == rel}


def _sources(g: nx.MultiDiGraph, node: str, rel: str) -> set[str]:
    return {s for s, _, d in g.in_edges(node, data=True) if d["type"] == rel}


def _revenue(g: nx.MultiDiGraph, companies: Iterable[str]) -> Fraction:
    return sum((g.nodes[c]["revenue"] for c in companies), Fraction(0))


def _market_of(g: nx.MultiDiGraph, company: str, market: str) -> str | None:
    value = g.nodes[company]["props"].get(market)
    return None if value is None else str(value)


def _markets(g: nx.MultiDiGraph, market: str) -> dict[str, set[str]]:
    """Each non-empty market value and its companies."""
    out: dict[str, set[str]] = {}
    for c in _nodes(g, COMPANY):
        value = _market_of(g, c, market)
        if value is not None:
            out.setdefault(value, set()).add(c)
    return dict(sorted(out.items()))


def _check_market(g: nx.MultiDiGraph, market: str) -> None:
    companies = _nodes(g, COMPANY)
    if companies and not any(market in g.nodes[c]["props"] for c in companies):
        raise ValueError(f"no company has a column {market!r}")


def _stakes(g: nx.MultiDiGraph) -> dict[str, dict[str, Fraction]]:
    """owner -> company -> summed stake of the counting holdings."""
    beta: dict[str, dict[str, Fraction]] = {}
    for owner, company, d in g.edges(data=True):
        if d["type"] == HOLDS:
            row = beta.setdefault(owner, {})
            row[company] = row.get(company, Fraction(0)) + d["stake"]
    return beta


def _f(value: Fraction | float | None) -> float | None:
    return None if value is None else float(value)


# --------------------------------------------------------------------------- reach


def _partners(g: nx.MultiDiGraph, vendor: str) -> set[str]:
    """Asset managers partnering in any counting JV that ``vendor`` formed."""
    return {
        m
        for jv in _targets(g, vendor, FORMED)
        for m in _sources(g, jv, PARTNER_IN)
        if g.nodes[m].get("label") == MANAGER
    }


def _held_through(g: nx.MultiDiGraph, start: set[str]) -> set[str]:
    """``start`` and every company reachable from it along HOLDS edges (cycles allowed)."""
    seen, todo = set(start), list(start)
    while todo:
        for held in _targets(g, todo.pop(), HOLDS):
            if held not in seen:
                seen.add(held)
                todo.append(held)
    return seen


def _reach(g: nx.MultiDiGraph, vendor: str, look_through: bool) -> set[str]:
    """The partners' companies, less the company that is the vendor itself (``same_as``)."""
    direct: set[str] = set()
    for manager in _partners(g, vendor):
        direct |= _targets(g, manager, HOLDS)
    found = _held_through(g, direct) if look_through else direct
    return {c for c in found if g.nodes[c]["props"].get("same_as") != vendor}


def _reach_sets(g: nx.MultiDiGraph, look_through: bool) -> dict[str, set[str]]:
    return {v: _reach(g, v, look_through) for v in _nodes(g, VENDOR)}


def reach_sets(
    dataset: DatasetLike, as_of: Date = None, *, look_through: bool = False
) -> dict[str, set[str]]:
    """{vendor id: set of company ids in its reach} (every vendor, empty when it has no JV)."""
    return _reach_sets(build_graph(dataset, as_of), look_through)


def _by_market(g: nx.MultiDiGraph, companies: set[str], market: str) -> dict[str, Any]:
    groups: dict[str, list[str]] = {}
    for c in companies:
        value = _market_of(g, c, market)
        if value is not None:
            groups.setdefault(value, []).append(c)
    return {
        name: {"companies": len(members), "revenue_usd": float(_revenue(g, members))}
        for name, members in sorted(groups.items())
    }


def _reach_doc(g: nx.MultiDiGraph, market: str, look_through: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for vendor, companies in _reach_sets(g, look_through).items():
        entry: dict[str, Any] = {
            "companies": len(companies),
            "revenue_usd": float(_revenue(g, companies)),
        }
        for name in dict.fromkeys(("sector", market)):
            entry["by_" + name] = _by_market(g, companies, name)
        out[vendor] = entry
    return out


def reach(
    dataset: DatasetLike, as_of: Date = None, market: str = "sector", *, look_through: bool = False
) -> dict[str, Any]:
    """{vendor: {companies: int, revenue_usd: float, by_sector: {sector: {companies,
    revenue_usd}}}}, plus ``by_<market>`` of the same shape when ``market`` is not
    "sector". Groups list only markets with a reached company; an empty value is left out.
    """
    g = build_graph(dataset, as_of)
    _check_market(g, market)
    return _reach_doc(g, market, look_through)


def effective_stakes(dataset: DatasetLike, as_of: Date = None) -> dict[tuple[str, str], float]:
    """{(owner, company): effective stake} for every owner (asset managers AND companies).

    The sum over every ownership walk from the owner to the company (length >= 1)
    of the product of the stakes, summed walk length by walk length until the
    terms fall below :data:`WALK_TOLERANCE`. A company in a cycle has a stake in
    itself (A -> B -> A). Restricting the owners to asset managers gives the fast
    implementation's ``E = B (I - A)^-1``. Raises ``ValueError`` where the series
    does not converge (a cycle that holds 100% of itself).
    """
    beta = _stakes(build_graph(dataset, as_of))
    step = {j: {k: float(s) for k, s in row.items()} for j, row in beta.items()}
    term = {(i, j): float(s) for i, row in beta.items() for j, s in row.items()}
    total: dict[tuple[str, str], float] = {}
    for _ in range(MAX_WALK_LENGTH):
        for key, value in term.items():
            total[key] = total.get(key, 0.0) + value
        term = _longer_walks(term, step)
        if not term:
            return dict(sorted(total.items()))
    raise ValueError("effective stakes do not converge: a cycle of companies holds 100% of itself")


def _longer_walks(
    term: dict[tuple[str, str], float], step: dict[str, dict[str, float]]
) -> dict[tuple[str, str], float]:
    """Walks one holding longer: (i -> j) then (j -> k) for company owners j."""
    out: dict[tuple[str, str], float] = {}
    for (owner, company), value in term.items():
        for held, stake in step.get(company, {}).items():
            out[(owner, held)] = out.get((owner, held), 0.0) + value * stake
    return {key: value for key, value in out.items() if value >= WALK_TOLERANCE}


# --------------------------------------------------------------------------- overlap


def _ratio(num: Fraction | int, den: Fraction | int) -> Fraction:
    return Fraction(num) / Fraction(den) if den != 0 else Fraction(0)


def _pair(g: nx.MultiDiGraph, a: str, b: str, sa: set[str], sb: set[str]) -> dict[str, Any]:
    both, either = sa & sb, sa | sb
    return {
        "a": a,
        "b": b,
        "shared": len(both),
        "jaccard": float(_ratio(len(both), len(either))),
        "overlap_coefficient": float(_ratio(len(both), min(len(sa), len(sb)))),
        "revenue_jaccard": float(_ratio(_revenue(g, both), _revenue(g, either))),
    }


def _pairs(g: nx.MultiDiGraph, sets: dict[str, set[str]], *, all_pairs: bool) -> list[Any]:
    out = []
    for a, b in combinations(sorted(sets), 2):
        if all_pairs or sets[a] & sets[b]:
            out.append(_pair(g, a, b, sets[a], sets[b]))
    return out


def _overlap_doc(g: nx.MultiDiGraph, look_through: bool) -> dict[str, list[dict[str, Any]]]:
    holders = {o: _targets(g, o, HOLDS) for o in g.nodes if _targets(g, o, HOLDS)}
    return {
        "vendors": _pairs(g, _reach_sets(g, look_through), all_pairs=True),
        "managers": _pairs(g, holders, all_pairs=False),
    }


def overlap(
    dataset: DatasetLike, as_of: Date = None, *, look_through: bool = False
) -> dict[str, list[dict[str, Any]]]:
    """{"vendors": [...every pair of vendors, of reach], "managers": [...owner pairs
    sharing a directly held company]}; each item {a, b, shared: int, jaccard,
    overlap_coefficient, revenue_jaccard} with a < b, sorted by (a, b). Owners are
    asset managers and companies with a counting holding; ``look_through`` changes
    only the vendors' reach.
    """
    return _overlap_doc(build_graph(dataset, as_of), look_through)


# --------------------------------------------------------------------------- concentration


def hhi(shares: Iterable[Fraction | float]) -> Fraction | float:
    """10,000 · Σ share² for shares given as fractions of 1."""
    return 10_000 * sum((s * s for s in shares), Fraction(0))


def cr4(shares: Iterable[Fraction | float]) -> Fraction | float:
    """The sum of the four largest shares."""
    return sum(sorted(shares, reverse=True)[:4], Fraction(0))


def classify_2023(value: float | Fraction | None) -> str | None:
    """2023 Merger Guidelines §2.1: above 1,800 is highly concentrated."""
    if value is None:
        return None
    return "highly concentrated" if value > 1800 else "not highly concentrated"


def classify_2010(value: float | Fraction | None) -> str | None:
    """2010 Horizontal Merger Guidelines §5.3: <1,500, 1,500-2,500, >2,500."""
    if value is None:
        return None
    if value < 1500:
        return "unconcentrated"
    return "moderately concentrated" if value <= 2500 else "highly concentrated"


def _empty_market() -> dict[str, Any]:
    return {
        "hhi": None,
        "cr4": None,
        "shares": {},
        "foreclosure": {"_any": 0.0},
        "classification": None,
        "classification_2010": None,
    }


def _attributed(
    g: nx.MultiDiGraph, members: set[str], reach_of: dict[str, set[str]]
) -> dict[str, Fraction]:
    """Each company c of the market reached by n_c vendors gives revenue(c)/n_c to each."""
    attributed = {v: Fraction(0) for v in reach_of}
    for c in sorted(members):
        reached_by = [v for v, companies in reach_of.items() if c in companies]
        for v in reached_by:
            attributed[v] += g.nodes[c]["revenue"] / len(reached_by)
    return attributed


def _concentration_market(
    g: nx.MultiDiGraph, members: set[str], reach_of: dict[str, set[str]]
) -> dict[str, Any]:
    attributed = _attributed(g, members, reach_of)
    total = sum(attributed.values(), Fraction(0))
    if total == 0:
        return _empty_market()
    shares = {v: a / total for v, a in attributed.items() if a > 0}
    value = hhi(shares.values())
    market_revenue = _revenue(g, members)
    foreclosure = {
        v: float(_revenue(g, members & companies) / market_revenue)
        for v, companies in reach_of.items()
        if members & companies
    }
    any_vendor = set().union(*reach_of.values()) & members
    foreclosure["_any"] = float(_revenue(g, any_vendor) / market_revenue)
    return {
        "hhi": float(value),
        "cr4": float(cr4(shares.values())),
        "shares": {v: float(s) for v, s in shares.items()},
        "foreclosure": foreclosure,
        "classification": classify_2023(value),
        "classification_2010": classify_2010(value),
    }


def _concentration_doc(g: nx.MultiDiGraph, market: str, look_through: bool) -> dict[str, Any]:
    reach_of = _reach_sets(g, look_through)
    return {
        name: _concentration_market(g, members, reach_of)
        for name, members in _markets(g, market).items()
    }


def concentration(
    dataset: DatasetLike, as_of: Date = None, market: str = "sector", *, look_through: bool = False
) -> dict[str, Any]:
    """{market: {hhi, cr4, shares: {vendor: share > 0}, foreclosure: {vendor reaching a
    company of the market: float, "_any": float}, classification, classification_2010}};
    every market value of the companies appears (empty values are left out); hhi/cr4/
    classifications are None, shares {} and foreclosure {"_any": 0.0} where nothing is
    attributed. Labels are the plain strings of :func:`classify_2023`/:func:`classify_2010`.
    """
    g = build_graph(dataset, as_of)
    _check_market(g, market)
    return _concentration_doc(g, market, look_through)


# --------------------------------------------------------------------------- common ownership


def _delta_mhhi(
    members: list[str], share: dict[str, Fraction], beta: dict[str, dict[str, Fraction]]
) -> Fraction:
    """10,000 · Σ_j Σ_{k≠j} s_j s_k (Σ_i β_ij β_ik) / (Σ_i β_ij²), literally, pair by pair."""
    total = Fraction(0)
    for j in members:
        denom = sum((row.get(j, 0) ** 2 for row in beta.values()), Fraction(0))
        if denom == 0:
            continue  # company j has no known owner
        for k in members:
            if k == j:
                continue
            cross = sum((row.get(j, 0) * row.get(k, 0) for row in beta.values()), Fraction(0))
            total += share[j] * share[k] * cross / denom
    return 10_000 * total


def _common_ownership_doc(g: nx.MultiDiGraph, market: str) -> dict[str, Any]:
    beta = _stakes(g)
    out: dict[str, Any] = {}
    for name, member_set in _markets(g, market).items():
        members = sorted(member_set)
        market_revenue = _revenue(g, members)
        if market_revenue == 0:
            out[name] = {"hhi": None, "delta_mhhi": None, "mhhi": None}
            continue
        share = {j: g.nodes[j]["revenue"] / market_revenue for j in members}
        base = hhi(share.values())
        delta = _delta_mhhi(members, share, beta)
        out[name] = {"hhi": _f(base), "delta_mhhi": _f(delta), "mhhi": _f(base + delta)}
    return out


def common_ownership(
    dataset: DatasetLike, as_of: Date = None, market: str = "sector"
) -> dict[str, Any]:
    """{market: {hhi, delta_mhhi, mhhi}} (all None where the market has no revenue).

    Firms are all companies of the market (held or not); owners are asset managers
    and companies, with direct counting holdings only (several rows summed).
    """
    g = build_graph(dataset, as_of)
    _check_market(g, market)
    return _common_ownership_doc(g, market)


# --------------------------------------------------------------------------- gatekeepers


def _without_partner(g: nx.MultiDiGraph, vendor: str, manager: str) -> nx.MultiDiGraph:
    """A copy of ``g`` where ``manager`` is no partner of any JV ``vendor`` formed."""
    h = g.copy()
    jvs = _targets(g, vendor, FORMED)
    for _, jv, key, d in list(h.out_edges(manager, keys=True, data=True)):
        if d["type"] == PARTNER_IN and jv in jvs:
            h.remove_edge(manager, jv, key)
    return h


def _gatekeepers_doc(g: nx.MultiDiGraph, look_through: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for vendor in _nodes(g, VENDOR):
        full = _reach(g, vendor, look_through)
        out[vendor] = {}
        for manager in sorted(_partners(g, vendor)):
            lost = full - _reach(_without_partner(g, vendor, manager), vendor, look_through)
            out[vendor][manager] = {
                "companies": len(lost),
                "revenue_usd": float(_revenue(g, lost)),
            }
    return out


def gatekeepers(
    dataset: DatasetLike, as_of: Date = None, *, look_through: bool = False
) -> dict[str, Any]:
    """{vendor: {partner manager: {companies: int, revenue_usd: float}}}: what the
    vendor's reach loses without that partner (every vendor; ``{}`` without partners).
    """
    return _gatekeepers_doc(build_graph(dataset, as_of), look_through)


# --------------------------------------------------------------------------- merger


def merge_vendors(dataset: DatasetLike, a: str, b: str) -> Records:
    """A copy of the records where vendor b's JVs are a's and vendor b is gone."""
    data = load_dataset(dataset)
    ids = {row["id"] for row in data["vendors"]}
    if a == b or a not in ids or b not in ids:
        raise ValueError(f"cannot merge {b!r} into {a!r}")
    out = {name: [dict(row) for row in rows] for name, rows in data.items()}
    out["vendors"] = [row for row in out["vendors"] if row["id"] != b]
    for row in out["joint_ventures"]:
        if row["vendor_id"] == b:
            row["vendor_id"] = a
    return out


def _merger_market(
    before: dict[str, Any], after: dict[str, Any], both: int, with_others: int, a: str, b: str
) -> dict[str, Any]:
    s_a, s_b = before["shares"].get(a, 0.0), before["shares"].get(b, 0.0)
    hb, ha = before["hhi"], after["hhi"]
    return {
        "hhi_before": hb,
        "hhi_after": ha,
        "delta": None if hb is None or ha is None else ha - hb,
        "share_a": s_a,
        "share_b": s_b,
        "guideline_delta": 2 * s_a * s_b * 10_000,
        "shared": both,
        "shared_with_others": with_others,
    }


def merger(
    dataset: DatasetLike,
    a: str,
    b: str,
    as_of: Date = None,
    market: str = "sector",
    *,
    look_through: bool = False,
) -> dict[str, Any]:
    """Merge vendor b into a by rebuilding the dataset, and compare per market.

    {market: {hhi_before, hhi_after, delta (after - before; None where either is None),
    share_a, share_b (pre-merger shares, 0.0 when absent), guideline_delta
    (2 · s_a · s_b · 10,000), shared (companies of the market reached by both a and b),
    shared_with_others (of those, reached by a third vendor too)}}. ``delta`` equals
    ``guideline_delta`` exactly when ``shared_with_others`` is 0.
    """
    g = build_graph(dataset, as_of)
    merged = build_graph(merge_vendors(dataset, a, b), as_of)
    before = _concentration_doc(g, market, look_through)
    after = _concentration_doc(merged, market, look_through)
    reach_of = _reach_sets(g, look_through)
    out = {}
    for name, members in _markets(g, market).items():
        both = reach_of[a] & reach_of[b] & members
        others = set().union(*(r for v, r in reach_of.items() if v not in (a, b)))
        out[name] = _merger_market(before[name], after[name], len(both), len(both & others), a, b)
    return out


# --------------------------------------------------------------------------- everything


def compute_all(
    dataset: DatasetLike,
    as_of: Date = None,
    market: str = "sector",
    *,
    look_through: bool = False,
) -> dict[str, Any]:
    """{as_of: ISO string or None, reach, overlap, concentration, common_ownership,
    gatekeepers}: exactly these keys, each as its own function returns it."""
    g = build_graph(dataset, as_of)
    _check_market(g, market)
    day = g.graph["as_of"]
    return {
        "as_of": day.isoformat() if day else None,
        "reach": _reach_doc(g, market, look_through),
        "overlap": _overlap_doc(g, look_through),
        "concentration": _concentration_doc(g, market, look_through),
        "common_ownership": _common_ownership_doc(g, market),
        "gatekeepers": _gatekeepers_doc(g, look_through),
    }
