"""Every number of the antitrust-concentration report, computed once, as plain data.

The HTML, Markdown and PDF renderings print only what this module puts in
``report.json``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from jvgraph import __version__
from jvgraph.errors import UsageError
from jvgraph.metrics.access import access
from jvgraph.metrics.arrays import GraphArrays
from jvgraph.metrics.common_ownership import market_shares, owner_contributions
from jvgraph.metrics.guidelines import DELTA_2023, GUIDELINES_2023, HIGH_2023, SHARE_2023
from jvgraph.metrics.owner_matrix import owner_matrix
from jvgraph.metrics.reach import reach_matrix
from jvgraph.metrics.scenarios import Scenario, snapshot, what_if
from jvgraph.metrics.suite import MARKETS, check_market, compute_arrays
from jvgraph.model import TABLES, Dataset
from jvgraph.report.contested import contested_content
from jvgraph.report.findings import access_table, company_table, scenario_rows, summary
from jvgraph.report.profit_weights import (
    MAX_DATES,
    kappa_series_content,
    profit_weights_content,
)
from jvgraph.report.references import references

__all__ = ["build_content"]

TOP = 10
#: the owner pairs a report lists (those sharing the most companies); it counts them all
OWNER_PAIRS = 200
#: of those, the owner pairs the report's table lists by name
OWNER_PAIRS_LISTED = 10


def build_content(
    data: Dataset, *, as_of: dt.date | None, market: str, scenarios: list[str]
) -> dict[str, Any]:
    """The report's document: the metrics contract plus the report's own sections."""
    check_market(data, market)
    _check_as_of(data, as_of)
    parsed = [Scenario.parse(s) for s in scenarios] or _default_scenarios(data)
    g = GraphArrays.build(data, as_of)
    metrics = compute_arrays(g, market, owner_pairs=OWNER_PAIRS)
    doc: dict[str, Any] = dict(metrics)
    doc["jvgraph_version"] = __version__
    doc["guidelines"] = _guidelines()
    doc["provenance"] = _provenance(data, as_of)
    doc["market_definition"] = _sensitivity(g, market)
    doc["access_table"] = access_table(metrics)
    doc["company_concentration_table"] = company_table(metrics)
    doc["common_ownership_owners"], parts = _owners(g, market)
    doc["profit_weights"] = profit_weights_content(g, market, parts)
    doc["kappa_series"] = kappa_series_content(data, market, doc["profit_weights"])
    doc["listed"] = {"owner_pairs": OWNER_PAIRS_LISTED, "series_max_dates": MAX_DATES}
    start = (g, snapshot(g, market, metrics["common_ownership"]))  # MHHI computed once
    doc["scenarios"] = [_scenario(data, s, as_of, market, start) for s in parsed]
    doc["network"] = _network(data)
    doc["owner_names"] = _owner_names(g, doc["overlap"]["managers"])
    doc["owner_matrix"] = owner_matrix(g, doc["overlap"]["managers"])
    doc["contested"] = contested_content(g, market)
    doc["references"] = references(doc["provenance"]["sources"])
    doc["summary"] = summary(doc)
    return doc


#: the EU Non-Horizontal Merger Guidelines' safe-harbour figures, shown for comparison
EU_NON_HORIZONTAL = {
    "guidelines": "EU Guidelines on the assessment of non-horizontal mergers (2008/C 265/07), "
    "paragraphs 25–27",
    "market_share_below": 0.30,
    "post_merger_hhi_below": 2000.0,
}


def _guidelines() -> dict[str, Any]:
    """The thresholds the report speaks of, so that every number it prints is here."""
    return {
        "2023": {
            "guidelines": GUIDELINES_2023,
            "highly_concentrated_above": HIGH_2023,
            "presumption_delta_above": DELTA_2023,
            "presumption_share_above": SHARE_2023,
        },
        "2023_guideline_5": {
            "guidelines": "Guideline 5 of the 2023 U.S. Merger Guidelines (section 2.5)",
            "draft_foreclosure_share_above": 0.50,
            "draft": "Draft Merger Guidelines (DOJ/FTC, 19 July 2023), then-Guideline 6",
        },
        "eu_non_horizontal": EU_NON_HORIZONTAL,
    }


def _check_as_of(data: Dataset, as_of: dt.date | None) -> None:
    if as_of is None:
        return
    dates = [
        d
        for name, col in (
            ("joint_ventures", "announced"),
            ("holdings", "since"),
            ("holdings", "until"),
            ("joint_ventures", "ended"),
        )
        for d in [pc.min(data.tables[name].column(col)).as_py()]
        if d is not None
    ]
    if dates and as_of < min(dates):
        raise UsageError(
            f"as-of date {as_of.isoformat()} is before all data (the earliest date "
            f"is {min(dates).isoformat()})"
        )


def _default_scenarios(data: Dataset) -> list[Scenario]:
    vendors = sorted(data.tables["vendors"].column("id").to_pylist())
    return [Scenario("merge", (a, b)) for a, b in itertools.combinations(vendors, 2)]


class _Digest:
    """A write-only file that hashes what is written to it."""

    closed = False

    def __init__(self, digest: Any) -> None:
        self.digest = digest

    def write(self, data: Any) -> int:
        self.digest.update(data)
        return len(memoryview(data))

    def close(self) -> None:
        self.closed = True


def _dataset_hash(data: Dataset) -> str:
    """SHA-256 of each table's name and Arrow IPC stream, streamed into the hash."""
    digest = hashlib.sha256()
    for name in sorted(data.tables):
        table = data.tables[name]
        digest.update(name.encode())
        with (
            pa.PythonFile(_Digest(digest), mode="w") as sink,
            pa.ipc.new_stream(sink, table.schema) as writer,
        ):
            writer.write_table(table)
    return digest.hexdigest()


def _provenance(data: Dataset, as_of: dt.date | None) -> dict[str, Any]:
    sources: Counter[str] = Counter()  # in order of first appearance, as most_common keeps
    rows = 0
    for name in TABLES:
        column = data.tables[name].column("source")
        rows += len(column)
        counts = pc.value_counts(pc.fill_null(column.cast(pa.string()), ""))
        for value, n in zip(
            counts.field("values").to_pylist(), counts.field("counts").to_pylist(), strict=True
        ):
            sources[value or "(no source given)"] += n
    synthetic = sources.get("synthetic", 0)
    return {
        "counts": {TABLES[n].label: data.rows(n) for n in TABLES},
        "as_of": as_of.isoformat() if as_of else None,
        "sources": [{"source": s, "rows": n} for s, n in sources.most_common()],
        "rows": rows,
        "synthetic_rows": synthetic,
        "synthetic_share": synthetic / rows if rows else 0.0,
        "dataset_hash_algorithm": "SHA-256",
        "dataset_sha256": _dataset_hash(data),
        "jvgraph_version": __version__,
    }


def _sensitivity(g: GraphArrays, market: str) -> dict[str, Any]:
    """The share of each market any vendor reaches under each grouping the data allows,
    and in sector × country submarkets: all of the companies in the data (markets.csv
    sizes one grouping at most), so that the groupings compare."""
    groupings = [m for m in MARKETS if m in g.company.columns]
    narrow = g.company["sector"].astype(object) + " / " + g.company["country"].astype(object)
    g = replace(g, company=g.company.assign(sector_country=narrow), markets=None)
    matrix = reach_matrix(g)
    shares = {
        grouping: {m: a["any_vendor_share"] for m, a in access(g, grouping, reach=matrix).items()}
        for grouping in [*groupings, "sector_country"]
    }
    rows = []
    for sector, share in sorted(shares["sector"].items()):
        subs = [
            x
            for key, x in shares["sector_country"].items()
            if key.split(" / ")[0] == sector and x is not None
        ]
        rows.append(
            {
                "sector": sector,
                "any_vendor_share": share,
                "lowest_within_country": min(subs) if subs else None,
                "highest_within_country": max(subs) if subs else None,
                "country_markets": len(subs),
            }
        )
    return {
        "grouping": market,
        "available": [*groupings, "sector_country"],
        "any_vendor_share": shares,
        "sector_sensitivity": rows,
    }


def _owners(
    g: GraphArrays, market: str
) -> tuple[dict[str, list[dict[str, Any]]], Callable[[str], dict[str, float]]]:
    """Per market, the owners whose common holdings contribute most to ΔMHHI; and a
    lookup of every owner's contribution in one market."""
    names, codes, share = market_shares(g, market)
    coo = g.stakes.tocoo()
    owner, mk, part = owner_contributions(coo.row, coo.col, coo.data, share, codes)
    position = {str(n): m for m, n in enumerate(names)}

    def every(name: str) -> dict[str, float]:
        rows = np.flatnonzero(mk == position.get(name, -1))
        return {str(g.owner_ids[owner[i]]): float(part[i]) for i in rows}

    out: dict[str, list[dict[str, Any]]] = {}
    owner_names = g.owner_names  # built on each access: once here
    order = np.lexsort((-part, mk))  # by market, largest contribution first
    starts = np.searchsorted(mk[order], np.arange(len(names)))
    ends = np.searchsorted(mk[order], np.arange(len(names)), side="right")
    for m, name in enumerate(names):
        top = [i for i in order[starts[m] : ends[m]][:5] if part[i] > 0]
        out[str(name)] = [
            {
                "owner": str(g.owner_ids[owner[i]]),
                "name": str(owner_names[owner[i]]),
                "contribution": float(part[i]),
            }
            for i in top
        ]
    return out, every


def _scenario(
    data: Dataset,
    scenario: Scenario,
    as_of: dt.date | None,
    market: str,
    start: tuple[GraphArrays, dict[str, Any]],
) -> dict[str, Any]:
    result = what_if(data, scenario, as_of=as_of, market=market, before=start)
    rows = scenario_rows(result)
    return {
        "scenario": str(scenario),
        "label": scenario_label(scenario, data),
        "markets": rows,
        "presumed_in": [r["market"] for r in rows if r["presumed"] is True],
        "vendor_shares_given": [r["market"] for r in rows if r["vendor_hhi_before"] is not None],
    }


def _owner_names(g: GraphArrays, pairs: list[dict[str, Any]]) -> dict[str, str]:
    """The names of the owners in the owner pairs the report lists (ids are for JSON)."""
    listed = {p["a"] for p in pairs} | {p["b"] for p in pairs}
    ids, names = g.owner_ids.astype(str), g.owner_names.astype(str)
    return {str(i): str(n) for i, n in zip(ids, names, strict=True) if i in listed}


def scenario_label(scenario: Scenario, data: Dataset) -> str:
    """The scenario in words, with names: "Anthropic and OpenAI merge"."""
    wanted = pa.array([str(x) for x in scenario.args])
    names: dict[str, str] = {}
    for table in ("vendors", "asset_managers", "joint_ventures", "companies"):
        t = data.tables[table].select(["id", "name"])
        t = t.filter(pc.is_in(t.column("id"), value_set=wanted))
        names.update(zip(t.column("id").to_pylist(), t.column("name").to_pylist(), strict=True))
    a = [names.get(x) or x for x in scenario.args]
    if scenario.kind == "merge":
        return f"{a[0]} and {a[1]} merge"
    if scenario.kind == "add-partner":
        return f"{a[1]} joins {a[0]}"
    if scenario.kind == "remove-partner":
        return f"{a[1]} leaves {a[0]}"
    if scenario.kind == "add-holding":
        return f"{a[0]} takes a stake of {float(scenario.args[2]):.1%} in {a[1]}"
    return f"{a[0]} sells its holding in {a[1]}"


def _network(data: Dataset) -> dict[str, Any]:
    t = data.tables
    return {
        "vendors": t["vendors"].select(["id", "name"]).to_pylist(),
        "joint_ventures": t["joint_ventures"].select(["id", "name", "vendor_id"]).to_pylist(),
        "partners": t["jv_partners"].select(["jv_id", "manager_id"]).to_pylist(),
        "managers": {
            r["id"]: r["name"] for r in t["asset_managers"].select(["id", "name"]).to_pylist()
        },
    }
