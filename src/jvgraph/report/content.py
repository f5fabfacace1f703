"""Every number of the antitrust-concentration report, computed once, as plain data.

The HTML, Markdown and PDF renderings print only what this module puts in
``report.json``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections import Counter
from dataclasses import replace
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from jvgraph import __version__
from jvgraph.errors import UsageError
from jvgraph.metrics.arrays import GraphArrays
from jvgraph.metrics.common_ownership import market_shares, owner_contributions
from jvgraph.metrics.concentration import concentration
from jvgraph.metrics.guidelines import (
    DELTA_2023,
    GUIDELINES_2010,
    GUIDELINES_2023,
    HIGH_2023,
    SHARE_2023,
)
from jvgraph.metrics.scenarios import Scenario, snapshot, what_if
from jvgraph.metrics.suite import MARKETS, check_market, compute_arrays
from jvgraph.model import TABLES, Dataset
from jvgraph.report.profit_weights import profit_weights_content

__all__ = ["build_content"]

TOP = 10
#: the owner pairs a report lists (those sharing the most companies); it counts them all
OWNER_PAIRS = 200


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
    doc["concentration_table"] = _concentration_table(metrics)
    doc["common_ownership_owners"] = _owners(g, market)
    doc["profit_weights"] = profit_weights_content(g, market)
    start = (g, snapshot(g, market, metrics["common_ownership"]))  # MHHI computed once
    doc["scenarios"] = [_scenario(data, s, as_of, market, start) for s in parsed]
    doc["network"] = _network(data)
    doc["summary"] = _summary(doc)
    return doc


def _guidelines() -> dict[str, Any]:
    """The thresholds the report's labels use, so that every number it prints is here."""
    return {
        "2023": {
            "guidelines": GUIDELINES_2023,
            "highly_concentrated_above": HIGH_2023,
            "presumption_delta_above": DELTA_2023,
            "presumption_share_above": SHARE_2023,
        },
        "2010": {"guidelines": GUIDELINES_2010, "thresholds": [1500.0, 2500.0]},
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
    """HHI per market under each grouping the data allows, and sector × country submarkets."""
    groupings = [m for m in MARKETS if m in g.company.columns]
    narrow = g.company["sector"].astype(object) + " / " + g.company["country"].astype(object)
    g = replace(g, company=g.company.assign(sector_country=narrow))
    hhis = {
        grouping: {m: c["hhi"] for m, c in concentration(g, grouping).items()}
        for grouping in [*groupings, "sector_country"]
    }
    rows = []
    for sector, hhi in sorted(hhis["sector"].items()):
        subs = [
            h
            for key, h in hhis["sector_country"].items()
            if key.split(" / ")[0] == sector and h is not None
        ]
        rows.append(
            {
                "sector": sector,
                "hhi": hhi,
                "hhi_min_within_country": min(subs) if subs else None,
                "hhi_max_within_country": max(subs) if subs else None,
                "country_markets": len(subs),
            }
        )
    return {
        "grouping": market,
        "available": [*groupings, "sector_country"],
        "hhi": hhis,
        "sector_sensitivity": rows,
    }


def _concentration_table(metrics: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for name, c in metrics["concentration"].items():
        rows.append(
            {
                "market": name,
                "hhi": c["hhi"],
                "cr4": c["cr4"],
                "foreclosure_any": c["foreclosure"]["_any"],
                "label_2023": c["classification"]["label"] if c["classification"] else None,
                "label_2010": (
                    c["classification_2010"]["label"] if c["classification_2010"] else None
                ),
                "shares": c["shares"],
                "foreclosure": {k: v for k, v in c["foreclosure"].items() if k != "_any"},
            }
        )
    return sorted(rows, key=lambda r: (-(r["hhi"] if r["hhi"] is not None else -1), r["market"]))


def _owners(g: GraphArrays, market: str) -> dict[str, list[dict[str, Any]]]:
    """Per market, the owners whose common holdings contribute most to ΔMHHI."""
    names, codes, share = market_shares(g, market)
    coo = g.stakes.tocoo()
    owner, mk, part = owner_contributions(coo.row, coo.col, coo.data, share, codes)
    out: dict[str, list[dict[str, Any]]] = {}
    order = np.lexsort((-part, mk))  # by market, largest contribution first
    starts = np.searchsorted(mk[order], np.arange(len(names)))
    ends = np.searchsorted(mk[order], np.arange(len(names)), side="right")
    for m, name in enumerate(names):
        top = [i for i in order[starts[m] : ends[m]][:5] if part[i] > 0]
        out[str(name)] = [
            {"owner": str(g.owner_ids[owner[i]]), "contribution": float(part[i])} for i in top
        ]
    return out


def _scenario(
    data: Dataset,
    scenario: Scenario,
    as_of: dt.date | None,
    market: str,
    start: tuple[GraphArrays, dict[str, Any]],
) -> dict[str, Any]:
    result = what_if(data, scenario, as_of=as_of, market=market, before=start)
    rows = []
    for name, m in result["markets"].items():
        merger = m.get("merger")
        before = m["classification"]["before"]
        after = merger["classification_after"] if merger else m["classification"]["after"]
        rows.append(
            {
                "market": name,
                "hhi_before": m["hhi"]["before"],
                "hhi_after": merger["hhi_after"] if merger else m["hhi"]["after"],
                "delta_hhi": merger["delta_hhi"] if merger else m["hhi"]["change"],
                "hhi_after_recomputed": m["hhi"]["after"],
                "label_before": before["label"] if before else None,
                "label_after": after["label"] if after else None,
                "presumption": (merger or m)["presumption"]["presumed"],
            }
        )
    return {
        "scenario": str(scenario),
        "markets": rows,
        "presumed_in": [r["market"] for r in rows if r["presumption"]],
    }


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


def _kappa_summary(weights: dict[str, Any]) -> list[str]:
    """The market whose firms' profit weights κ are highest, in one sentence."""
    done = [(m, c) for m, c in weights["markets"].items() if c["computed"]]
    if not done:
        return []
    market, c = max(done, key=lambda mc: (mc[1]["summary"]["median"], mc[0]))
    owners = " and ".join(o["name"] for o in c["owners"][:2])
    by = f"; the owners adding most to it are {owners}" if owners else ""
    return [
        f"Common owners tie the firms of {market} most: their median profit weight κ is "
        f"{c['summary']['median']:.4f} over {c['summary']['pairs']:,} ordered pairs of "
        f"{c['firms']:,} firms (O'Brien & Salop, proportional control){by}."
    ]


def _summary(doc: dict[str, Any]) -> list[str]:
    """The findings that matter, as sentences built from the numbers."""
    out = []
    ranked = [r for r in doc["concentration_table"] if r["hhi"] is not None]
    if ranked:
        top = "; ".join(
            f"{r['market']} (HHI {r['hhi']:,.1f}, {r['label_2023']})" for r in ranked[:3]
        )
        out.append(
            f"The most concentrated markets by vendor reach are {top}, "
            f"labelled under the {GUIDELINES_2023}."
        )
    fore = sorted(
        ((v, r["market"], f) for r in ranked for v, f in r["foreclosure"].items()),
        key=lambda x: (-x[2], x[0], x[1]),
    )
    if fore:
        v, m, f = fore[0]
        out.append(f"The largest foreclosure share: {v} reaches {f:.1%} of {m}'s revenue.")
    pairs = sorted(doc["overlap"]["vendors"], key=lambda p: (-p["shared"], p["a"], p["b"]))
    if pairs and pairs[0]["shared"]:
        p = pairs[0]
        out.append(
            f"Vendors {p['a']} and {p['b']} overlap most: {p['shared']:,} shared "
            f"companies (Jaccard {p['jaccard']:.3f})."
        )
    for s in doc["scenarios"]:
        if s["presumed_in"]:
            out.append(
                f"Scenario {s['scenario']} would trigger the 2023 structural presumption "
                f"in {len(s['presumed_in']):,} market(s): {', '.join(s['presumed_in'])}."
            )
    out += _kappa_summary(doc["profit_weights"])
    if not ranked:
        out.append("No vendor reaches any market on this date.")
    share = doc["provenance"]["synthetic_share"]
    out.append(
        f"{share:.1%} of the rows are synthetic (source=synthetic); figures resting on them "
        "are illustrative."
        if share
        else "No row is synthetic: every figure rests on the sources listed in section 2."
    )
    return out
