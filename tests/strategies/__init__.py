"""Hypothesis strategies: small random datasets that pass validation."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from jvgraph.model import TABLES

__all__ = ["datasets", "write_dataset"]

SECTORS = ["Logistics", "Healthcare", "Retail"]
DATES = [None, "2019-01-01", "2021-06-30", "2024-01-01", "2026-04-27"]


@st.composite
def datasets(
    draw: st.DrawFn, max_companies: int = 8, *, markets: bool = True
) -> dict[str, list[dict[str, Any]]]:
    """A dataset as records: vendors, JVs with partners, companies (some with an empty
    revenue) and holdings; with ``markets``, sometimes markets.csv and vendor_shares.csv
    rows for some sectors."""
    n_v = draw(st.integers(1, 4))
    n_m = draw(st.integers(1, 6))
    n_c = draw(st.integers(1, max_companies))
    vendors = [{"id": f"v{i}", "name": f"V{i}", "source": "synthetic"} for i in range(n_v)]
    managers = [{"id": f"m{i}", "name": f"M{i}", "source": "synthetic"} for i in range(n_m)]
    revenue = st.sampled_from([0, 1, 2, 5, 10, 40, 100, 250, None])
    companies = [
        {
            "id": f"c{i}",
            "name": f"C{i}",
            "sector": draw(st.sampled_from(SECTORS)),
            "country": draw(st.sampled_from(["US", "DE", ""])),
            "revenue_usd": draw(revenue),
            "source": "synthetic",
        }
        for i in range(n_c)
    ]
    jvs, partners = [], []
    for v in range(n_v):
        for k in range(draw(st.integers(0, 2))):
            jv = f"jv{v}-{k}"
            announced = draw(st.sampled_from(DATES))
            ended = draw(st.sampled_from([None, None, "2025-01-01"]))
            if announced and ended and ended < announced:
                ended = None
            jvs.append(
                {
                    "id": jv,
                    "name": jv,
                    "vendor_id": f"v{v}",
                    "announced": announced,
                    "ended": ended,
                    "source": "synthetic",
                }
            )
            chosen = draw(st.sets(st.integers(0, n_m - 1), min_size=1, max_size=n_m))
            partners += [{"jv_id": jv, "manager_id": f"m{m}"} for m in sorted(chosen)]
    holdings = draw(_holdings(n_m, n_c))
    records = {
        "vendors": vendors,
        "asset_managers": managers,
        "joint_ventures": jvs,
        "jv_partners": partners,
        "companies": companies,
        "holdings": holdings,
    }
    if markets:
        records["markets"] = draw(_markets(companies))
        records["vendor_shares"] = draw(_vendor_shares(companies, n_v))
    return records


@st.composite
def _markets(draw: st.DrawFn, companies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A total for some sectors: the companies' revenue plus some outside the data."""
    rows = []
    for sector in sorted({c["sector"] for c in companies}):
        if draw(st.booleans()):
            known = sum(c["revenue_usd"] or 0 for c in companies if c["sector"] == sector)
            extra = draw(st.sampled_from([0, 0, 10, 100, 1000]))
            rows.append({"market": sector, "total_revenue_usd": known + extra, "source": "test"})
    return rows


@st.composite
def _vendor_shares(draw: st.DrawFn, companies: list[dict[str, Any]], n_v: int) -> list[Any]:
    """Shares of some sectors for some vendors of the graph and one outside it, in
    hundredths summing to at most 1."""
    rows = []
    for sector in sorted({c["sector"] for c in companies}):
        if not draw(st.booleans()):
            continue
        names = [f"v{i}" for i in range(n_v)] + ["Outside AI"]
        chosen = draw(st.lists(st.sampled_from(names), unique=True, min_size=1))
        left = 100
        for vendor in chosen:
            part = draw(st.integers(0, left))
            left -= part
            rows.append({"market": sector, "vendor": vendor, "share": part / 100, "source": "test"})
    return rows


@st.composite
def _holdings(draw: st.DrawFn, n_m: int, n_c: int) -> list[dict[str, Any]]:
    rows = []
    for c in range(n_c):
        owners = draw(st.lists(st.integers(0, n_m + n_c - 1), unique=True, max_size=4))
        owners = [o for o in owners if o != n_m + c]
        if not owners:
            continue
        weights = [draw(st.integers(1, 10)) for _ in owners]
        scale = max(sum(weights), draw(st.sampled_from([10, 20, 40])))
        for o, w in zip(owners, weights, strict=True):
            owner = f"m{o}" if o < n_m else f"c{o - n_m}"
            since = draw(st.sampled_from(DATES))
            until = draw(st.sampled_from([None, None, "2025-01-01", "2027-01-01"]))
            if since and until and until < since:
                until = None
            rows.append(
                {
                    "owner_id": owner,
                    "company_id": f"c{c}",
                    "stake": w / scale,
                    "since": since,
                    "until": until,
                    "source": "synthetic",
                }
            )
    return rows


def write_dataset(records: dict[str, list[dict[str, Any]]], folder: Path) -> Path:
    """Write records as the CSV files of the contract."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, spec in TABLES.items():
        out = io.StringIO()
        writer = csv.DictWriter(
            out, fieldnames=list(spec.names), extrasaction="ignore", lineterminator="\n"
        )
        writer.writeheader()
        for row in records.get(name, []):
            writer.writerow({k: ("" if v is None else v) for k, v in row.items()})
        (folder / spec.file).write_text(out.getvalue(), encoding="utf-8")
    return folder
