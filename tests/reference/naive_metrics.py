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
- a company's revenue is *known* when its cell is not empty; unknown revenue counts
  in no sum (so a 0 in the data is a known 0);
- a market's size is the ``total_revenue_usd`` of its ``markets.csv`` row (grouping
  empty = ``sector``) or else the known revenue of its companies in the data;
- the access measures (:mod:`tests.reference.naive_markets`) list every vendor
  reaching at least one company of the market, even when that company's revenue is
  0 or unknown;
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
    "MARKET_TABLES",
    "TABLES",
    "build_graph",
    "common_ownership",
    "company_shares",
    "compute_all",
    "cr4",
    "effective_stakes",
    "gatekeepers",
    "hhi",
    "load_dataset",
    "market_size",
    "merge_vendors",
    "overlap",
    "reach",
    "reach_sets",
]

TABLES = ("vendors", "asset_managers", "joint_ventures", "jv_partners", "companies", "holdings")
#: optional tables: a missing file or key is an empty table
MARKET_TABLES = ("markets", "vendor_shares")

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
    """The eight tables as lists of row dicts; empty cells become ``None``.

    ``source`` is a folder of the contract's CSV files or a mapping
    ``{"vendors": [row, ...], ...}`` (a missing table counts as empty).
    """
    if isinstance(source, str | Path):
        folder = Path(source)
        return {
            name: _read_csv(folder / f"{name}.csv")
            if name in TABLES or (folder / f"{name}.csv").is_file()
            else []
            for name in (*TABLES, *MARKET_TABLES)
        }
    names = (*TABLES, *MARKET_TABLES)
    return {name: [_clean_row(row) for row in source.get(name, ())] for name in names}


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
    g = nx.MultiDiGraph(
        as_of=day,
        markets=[{**r, "grouping": r.get("grouping") or "sector"} for r in data["markets"]],
        vendor_shares=[
            {**r, "grouping": r.get("grouping") or "sector"} for r in data["vendor_shares"]
        ],
    )
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


def _known(g: nx.MultiDiGraph, company: str) -> bool:
    """The company's revenue cell is not empty."""
    return g.nodes[company]["props"].get("revenue_usd") is not None


def market_size(
    g: nx.MultiDiGraph, market: str, name: str, members: Iterable[str]
) -> tuple[Fraction, bool, str | None]:
    """(size, whether markets.csv gives it, its source) of market ``name``."""
    for row in g.graph["markets"]:
        if row["grouping"] == market and row["market"] == name:
            return _number(row["total_revenue_usd"]), True, row.get("source")
    return _revenue(g, [c for c in members if _known(g, c)]), False, None


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


def _reached(g: nx.MultiDiGraph, members: Iterable[str]) -> dict[str, Any]:
    """companies, revenue_usd (the known revenue; None when none is known) and
    companies_without_revenue of a set of reached companies."""
    members = list(members)
    unknown = [c for c in members if not _known(g, c)]
    revenue = None if members and len(unknown) == len(members) else float(_revenue(g, members))
    return {
        "companies": len(members),
        "revenue_usd": revenue,
        "companies_without_revenue": len(unknown),
    }


def _by_market(g: nx.MultiDiGraph, companies: set[str], market: str) -> dict[str, Any]:
    groups: dict[str, list[str]] = {}
    for c in companies:
        value = _market_of(g, c, market)
        if value is not None:
            groups.setdefault(value, []).append(c)
    return {name: _reached(g, members) for name, members in sorted(groups.items())}


def _reach_doc(g: nx.MultiDiGraph, market: str, look_through: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for vendor, companies in _reach_sets(g, look_through).items():
        entry: dict[str, Any] = _reached(g, companies)
        for name in dict.fromkeys(("sector", market)):
            entry["by_" + name] = _by_market(g, companies, name)
        out[vendor] = entry
    return out


def reach(
    dataset: DatasetLike, as_of: Date = None, market: str = "sector", *, look_through: bool = False
) -> dict[str, Any]:
    """{vendor: {companies: int, revenue_usd: float | None, companies_without_revenue:
    int, by_sector: {sector: {the same three}}}}, plus ``by_<market>`` of the same shape
    when ``market`` is not "sector". Groups list only markets with a reached company; an
    empty value is left out. ``revenue_usd`` is None where no company has a revenue.
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


# --------------------------------------------------------------------------- indexes


def hhi(shares: Iterable[Fraction | float]) -> Fraction | float:
    """10,000 · Σ share² for shares given as fractions of 1."""
    return 10_000 * sum((s * s for s in shares), Fraction(0))


def cr4(shares: Iterable[Fraction | float]) -> Fraction | float:
    """The sum of the four largest shares."""
    return sum(sorted(shares, reverse=True)[:4], Fraction(0))


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


def company_shares(
    g: nx.MultiDiGraph, market: str, name: str, members: Iterable[str]
) -> dict[str, Fraction] | None:
    """Each company's share of the market's size (0 where its revenue is unknown);
    None where the market has no size."""
    members = sorted(members)
    size, _, _ = market_size(g, market, name, members)
    if size == 0:
        return None
    return {j: (g.nodes[j]["revenue"] / size if _known(g, j) else Fraction(0)) for j in members}


def _common_ownership_doc(g: nx.MultiDiGraph, market: str) -> dict[str, Any]:
    beta = _stakes(g)
    out: dict[str, Any] = {}
    for name, member_set in _markets(g, market).items():
        members = sorted(member_set)
        size, supplied, _ = market_size(g, market, name, members)
        known = _revenue(g, [c for c in members if _known(g, c)])
        bounds = {
            "denominator": "market_total" if supplied else "companies_in_data",
            "lower_bounds": supplied and size > known,
        }
        share = company_shares(g, market, name, members)
        if share is None:
            out[name] = {"company_hhi": None, "delta_mhhi": None, "mhhi": None, **bounds}
            continue
        base = hhi(share.values())
        delta = _delta_mhhi(members, share, beta)
        out[name] = {
            "company_hhi": _f(base),
            "delta_mhhi": _f(delta),
            "mhhi": _f(base + delta),
            **bounds,
        }
    return out


def common_ownership(
    dataset: DatasetLike, as_of: Date = None, market: str = "sector"
) -> dict[str, Any]:
    """{market: {company_hhi, delta_mhhi, mhhi, denominator, lower_bounds}} (the indexes
    None where the market has no size).

    Firms are all companies of the market (held or not), with shares of the market's
    size; owners are asset managers and companies, with direct counting holdings only
    (several rows summed). ``lower_bounds``: a markets.csv total above the companies'
    known revenue (the unlisted part can only add to each index).
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


# --------------------------------------------------------------------------- everything


def compute_all(
    dataset: DatasetLike,
    as_of: Date = None,
    market: str = "sector",
    *,
    look_through: bool = False,
) -> dict[str, Any]:
    """{as_of: ISO string or None, reach, overlap, concentration, common_ownership,
    gatekeepers, access, vendor_market}: exactly these keys, each as its own function
    returns it (``concentration``, ``access`` and ``vendor_market`` are in
    :mod:`tests.reference.naive_markets`)."""
    from tests.reference import naive_markets as markets

    g = build_graph(dataset, as_of)
    _check_market(g, market)
    day = g.graph["as_of"]
    return {
        "as_of": day.isoformat() if day else None,
        "reach": _reach_doc(g, market, look_through),
        "overlap": _overlap_doc(g, look_through),
        "concentration": markets.concentration_doc(g, market),
        "common_ownership": _common_ownership_doc(g, market),
        "gatekeepers": _gatekeepers_doc(g, look_through),
        "access": markets.access_doc(g, market, look_through),
        "vendor_market": markets.vendor_market_doc(g, market),
    }
