"""GLEIF's level-2 relationship records (the golden-copy CSV) → a jvgraph dataset.

Each record links a start node (the child, the fund, the feeder) to an end node
(the parent, the manager, the umbrella, the master) by their LEIs. The rules
(``docs/gleif.md``):

- ``IS_DIRECTLY_CONSOLIDATED_BY``: the parent holds the child, with control
  (consolidation means control under IFRS 10 and US GAAP) and, where the record
  quantifies it (``ACCOUNTING_CONSOLIDATION`` in ``PERCENTAGE``), that stake;
- ``IS_ULTIMATELY_CONSOLIDATED_BY``: kept on the child as ``ultimate_parent_id``;
  a holding only where the file states no direct parent of the child (else the
  chain through the direct parents would be counted twice);
- ``IS_FUND-MANAGED_BY``: the manager holds the fund (no stake; fund management);
- ``IS_SUBFUND_OF``: the umbrella holds the sub-fund (no stake);
- ``IS_FEEDER_TO``: the feeder holds (part of) the master fund (no stake);
- ``IS_INTERNATIONAL_BRANCH_OF``: left out (a branch is part of its head office);
- the ``RELATIONSHIP_PERIOD`` gives ``since`` and ``until``; an inactive or
  retired record without an end date ends at its last update; annulled and
  duplicate records are left out.

Names, countries and categories come from the level-1 (LEI-CDF) golden copy
where given; an entity registered at Companies House (``RA000585``) gets its
``gb-co-`` id, so it joins the PSC register's node for the same company.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from jvgraph.errors import DataError, Problem
from jvgraph.importers.identifiers import (
    COMPANIES_HOUSE_RA,
    lei_id,
    lei_ok,
    uk_company_id,
    uk_company_number,
)
from jvgraph.importers.tables import Progress, Source, file_source, numbers, stream, zip_sources
from jvgraph.importers.write import ImportSummary, staged, write_into

__all__ = ["SOURCE_GLEIF", "import_gleif_rr"]

#: the ``source`` of every row (the files' names follow)
SOURCE_GLEIF = "GLEIF LEI data, golden copy (CC0 1.0)"
UNCLASSIFIED = "unclassified"
R = "Relationship."
RR_COLUMNS = (
    f"{R}StartNode.NodeID",
    f"{R}StartNode.NodeIDType",
    f"{R}EndNode.NodeID",
    f"{R}EndNode.NodeIDType",
    f"{R}RelationshipType",
    f"{R}RelationshipStatus",
    "Registration.LastUpdateDate",
    "Registration.RegistrationStatus",
)
LEVEL1_COLUMNS = (
    "LEI",
    "Entity.LegalName",
    "Entity.LegalAddress.Country",
    "Entity.LegalJurisdiction",
    "Entity.EntityCategory",
    "Entity.EntityStatus",
    "Entity.RegistrationAuthority.RegistrationAuthorityID",
    "Entity.RegistrationAuthority.RegistrationAuthorityEntityID",
)
#: relationship type → (what it means here, whether the start node is the held one)
TYPES = {
    "IS_DIRECTLY_CONSOLIDATED_BY": ("direct accounting consolidation", True),
    "IS_ULTIMATELY_CONSOLIDATED_BY": ("ultimate accounting consolidation", True),
    "IS_FUND-MANAGED_BY": ("fund management", True),
    "IS_SUBFUND_OF": ("sub-fund of an umbrella fund", True),
    "IS_FEEDER_TO": ("feeder fund investing in a master fund", False),
}
DROPPED_STATUSES = ("ANNULLED", "DUPLICATE")
ENDED_STATUSES = ("RETIRED",)


def _source(path: Path) -> Source:
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            names = [i.filename for i in archive.infolist() if i.filename.lower().endswith(".csv")]
        if len(names) != 1:
            msg = f"holds {len(names)} CSV files: expected one golden-copy file"
            raise DataError([Problem(path.name, None, None, msg)])
        return zip_sources(path, [Path(names[0]).name])[Path(names[0]).name]
    return file_source(path)


def _period_columns(header: list[str]) -> list[tuple[str, str, str]]:
    out = []
    for n in range(1, 6):
        cols = (f"{R}Period.{n}.startDate", f"{R}Period.{n}.endDate", f"{R}Period.{n}.periodType")
        if all(c in header for c in cols):
            out.append(cols)
    return out


def _quantifier_columns(header: list[str]) -> list[tuple[str, str, str]]:
    out = []
    for n in range(1, 6):
        q = f"{R}Quantifiers.{n}."
        cols = (f"{q}MeasurementMethod", f"{q}QuantifierAmount", f"{q}QuantifierUnits")
        if all(c in header for c in cols):
            out.append(cols)
    return out


def _day(value: str | None, src: Source, column: str, line: int) -> str | None:
    """The date part of an ISO 8601 timestamp (``2018-01-01T00:00:00Z`` → ``2018-01-01``)."""
    if not value:
        return None
    day = value[:10]
    try:
        return pd.Timestamp(day).date().isoformat() if len(day) == 10 and day[4] == "-" else _no()
    except ValueError:
        msg = f"'{value}' is not an ISO 8601 date"
        raise DataError([Problem(src.name, line, column, msg)]) from None


def _no() -> str:
    raise ValueError


def _read_rr(src: Source, progress: Progress | None) -> pd.DataFrame:
    header = src.header()
    periods, quants = _period_columns(header), _quantifier_columns(header)
    wanted = [*RR_COLUMNS, *(c for p in periods for c in p), *(c for q in quants for c in q)]
    parts = []
    for line, batch in stream(src, wanted, progress=progress, step=src.name):
        frame = batch.to_pandas()
        frame["line"] = np.arange(line, line + batch.num_rows)
        for _, amount, _ in quants:
            numbers(batch.column(amount), src, amount, line)  # refuses what is not a number
        parts.append(frame)
    if not parts:
        return pd.DataFrame(columns=[*wanted, "line"])
    frame = pd.concat(parts, ignore_index=True)
    frame.attrs["periods"], frame.attrs["quantifiers"] = periods, quants
    return frame


def _dates(
    row: dict[str, Any], periods: list[tuple[str, str, str]], src: Source
) -> tuple[str | None, str | None]:
    """``since`` and ``until`` from the record's ``RELATIONSHIP_PERIOD``, where it has one."""
    for start, end, kind in periods:
        if row[kind] == "RELATIONSHIP_PERIOD":
            return _day(row[start], src, start, row["line"]), _day(row[end], src, end, row["line"])
    return None, None


def _stake(row: dict[str, Any], quants: list[tuple[str, str, str]]) -> float | None:
    for method, amount, units in quants:
        if row[method] == "ACCOUNTING_CONSOLIDATION" and row[units] == "PERCENTAGE" and row[amount]:
            value = float(row[amount]) / 100
            return value if 0 < value <= 1 else None
    return None


def _holdings(
    frame: pd.DataFrame, src: Source, summary: ImportSummary
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Holdings (start and end as LEIs) and each child's ultimate parent (LEI)."""
    periods, quants = frame.attrs.get("periods", []), frame.attrs.get("quantifiers", [])
    c = summary.cleanups
    records = frame.to_dict("records")
    direct = {
        r[f"{R}StartNode.NodeID"]
        for r in records
        if r[f"{R}RelationshipType"] == "IS_DIRECTLY_CONSOLIDATED_BY"
        and r["Registration.RegistrationStatus"] not in DROPPED_STATUSES
    }
    out: list[dict[str, Any]] = []
    ultimate: dict[str, str] = {}
    for row in records:
        kind, status = row[f"{R}RelationshipType"], row["Registration.RegistrationStatus"]
        start, end = row[f"{R}StartNode.NodeID"], row[f"{R}EndNode.NodeID"]
        if status in DROPPED_STATUSES:
            c[f"{status.lower()}_records_left_out"] = (
                c.get(f"{status.lower()}_records_left_out", 0) + 1
            )
            continue
        if kind not in TYPES:
            key = f"{kind.lower()}_records_left_out"
            c[key] = c.get(key, 0) + 1
            continue
        if row[f"{R}StartNode.NodeIDType"] != "LEI" or row[f"{R}EndNode.NodeIDType"] != "LEI":
            c["records_not_between_two_leis_left_out"] = (
                c.get("records_not_between_two_leis_left_out", 0) + 1
            )
            continue
        since, until = _dates(row, periods, src)
        active = row[f"{R}RelationshipStatus"] == "ACTIVE" and status not in ENDED_STATUSES
        if kind == "IS_ULTIMATELY_CONSOLIDATED_BY":
            if active:
                ultimate[start] = end
            if start in direct:
                c["ultimate_parents_kept_on_the_child"] = (
                    c.get("ultimate_parents_kept_on_the_child", 0) + 1
                )
                continue
        meaning, start_held = TYPES[kind]
        ended_at_update = not active and until is None
        if ended_at_update:
            until = _day(
                row["Registration.LastUpdateDate"], src, "Registration.LastUpdateDate", row["line"]
            )
            c["ended_records_ending_at_their_last_update"] = (
                c.get("ended_records_ending_at_their_last_update", 0) + 1
            )
        if since and until and since > until:
            since = None
        consolidated = kind.endswith("CONSOLIDATED_BY")
        out.append(
            {
                "owner": end if start_held else start,
                "held": start if start_held else end,
                "stake": _stake(row, quants) if consolidated else None,
                "control": True if consolidated else None,
                "since": since,
                "until": until,
                "relationship": meaning
                + (" (no direct parent stated)" if kind == "IS_ULTIMATELY_CONSOLIDATED_BY" else ""),
                "relationship_type": kind,
                "relationship_status": row[f"{R}RelationshipStatus"],
                "registration_status": status,
                "until_from": "last update of the record" if ended_at_update else None,
            }
        )
    return out, ultimate


def _count(summary: ImportSummary, key: str, n: int = 1) -> None:
    summary.cleanups[key] = summary.cleanups.get(key, 0) + n


def _read_level1(
    path: Path, leis: set[str], progress: Progress | None
) -> dict[str, dict[str, str]]:
    """Level-1 facts of the LEIs in ``leis`` (the file is streamed; the rest is skipped)."""
    src = _source(path)
    wanted = pa.array(sorted(leis), pa.string())
    out: dict[str, dict[str, str]] = {}
    for _, batch in stream(src, LEVEL1_COLUMNS, progress=progress, step=src.name):
        mine = batch.filter(pc.is_in(batch.column("LEI"), value_set=wanted))
        for row in mine.to_pylist():
            out[row["LEI"]] = row
    return out


def _node_ids(leis: set[str], level1: dict[str, dict[str, str]]) -> dict[str, str]:
    ids = {}
    for lei in leis:
        row = level1.get(lei, {})
        number = None
        if row.get("Entity.RegistrationAuthority.RegistrationAuthorityID") == COMPANIES_HOUSE_RA:
            number = uk_company_number(
                row.get("Entity.RegistrationAuthority.RegistrationAuthorityEntityID") or ""
            )
        ids[lei] = uk_company_id(number) if number else lei_id(lei)
    return ids


def _companies(
    ids: dict[str, str],
    level1: dict[str, dict[str, str]],
    ultimate: dict[str, str],
    everyone: dict[str, str],
    source: str,
) -> pd.DataFrame:
    leis = sorted(ids, key=lambda lei: (ids[lei], lei))
    first: dict[str, str] = {}
    for code in leis:  # one row per node: two LEIs at one UK company number give one
        first.setdefault(ids[code], code)
    leis = list(first.values())
    rows = [level1.get(lei, {}) for lei in leis]
    return pd.DataFrame(
        {
            "id": [ids[lei] for lei in leis],
            "name": [
                r.get("Entity.LegalName") or f"LEI {lei}" for r, lei in zip(rows, leis, strict=True)
            ],
            "sector": UNCLASSIFIED,
            "country": [r.get("Entity.LegalAddress.Country") or None for r in rows],
            "source": source,
            "lei": leis,
            "lei_check_digits": ["valid" if lei_ok(lei) else "invalid" for lei in leis],
            "entity_category": [r.get("Entity.EntityCategory") or None for r in rows],
            "entity_status": [r.get("Entity.EntityStatus") or None for r in rows],
            "jurisdiction": [r.get("Entity.LegalJurisdiction") or None for r in rows],
            "uk_company_number": [
                ids[lei].removeprefix("gb-co-") if ids[lei].startswith("gb-co-") else None
                for lei in leis
            ],
            "ultimate_parent_id": [everyone.get(ultimate.get(lei, "")) for lei in leis],
        }
    )


def _holding_frame(
    held: list[dict[str, Any]], ids: dict[str, str], source: str, summary: ImportSummary
) -> pd.DataFrame:
    frame = pd.DataFrame(held)
    if frame.empty:
        return frame
    frame = frame.assign(
        owner_id=frame["owner"].map(ids), company_id=frame["held"].map(ids), source=source
    )
    frame = frame.drop(columns=["owner", "held"])
    itself = frame["owner_id"] == frame["company_id"]
    _count(summary, "records_linking_an_entity_to_itself_left_out", int(itself.sum()))
    frame = frame[~itself]
    key = ["owner_id", "company_id", "since"]
    dup = frame.duplicated(key, keep="first")
    _count(summary, "records_repeating_a_relationship_left_out", int(dup.sum()))
    frame = frame[~dup]
    total = frame.groupby("company_id")["stake"].transform("sum")
    over = total > 1 + 1e-9
    _count(summary, "stakes_left_empty_where_a_child_sums_above_1", int(over.sum()))
    frame.loc[over, "stake"] = None
    return frame.reset_index(drop=True)


def import_gleif_rr(
    path: Path,
    out: Path,
    *,
    level1: Path | None = None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import GLEIF's relationship-record golden copy at ``path`` (CSV, or the ZIP GLEIF
    ships), with names from the ``level1`` golden copy, into the new dataset folder ``out``."""
    files = [path.name] + ([level1.name] if level1 else [])
    source = f"{SOURCE_GLEIF}: {', '.join(files)}"
    summary = ImportSummary(
        source=", ".join(str(p) for p in [path, *([level1] if level1 else [])]), out=str(out)
    )
    with staged(out) as stage:
        src = _source(path)
        frame = _read_rr(src, progress)
        summary.cleanups["records"] = len(frame)
        held, ultimate = _holdings(frame, src, summary)
        leis = (
            {h["owner"] for h in held}
            | {h["held"] for h in held}
            | set(ultimate)
            | set(ultimate.values())
        )
        facts = _read_level1(level1, leis, progress) if level1 else {}
        summary.cleanups["entities_without_level1_record"] = (
            len(leis - set(facts)) if level1 else len(leis)
        )
        ids = _node_ids(leis, facts)
        summary.cleanups["entities_linked_to_their_uk_company_number"] = sum(
            i.startswith("gb-co-") for i in ids.values()
        )
        holdings = _holding_frame(held, ids, source, summary)
        used = set(holdings["owner_id"]) | set(holdings["company_id"]) if len(holdings) else set()
        kept = {lei: node for lei, node in ids.items() if node in used}
        companies = _companies(kept, facts, ultimate, ids, source)
        write_into(stage, {"companies": companies, "holdings": holdings}, summary)
    return summary
