"""The UK register of persons with significant control (Companies House's PSC snapshot) → a dataset.

The snapshot is JSON lines, one PSC entry or statement per line:
``{"company_number": "01234567", "data": {"kind": ..., "name": ...,
"natures_of_control": [...], "notified_on": ..., "ceased_on": ...}}``, as one
file or in parts, plain or zipped. The rules (``docs/uk-psc.md``):

- a corporate entity or legal person (``corporate-entity-...``,
  ``legal-person-...``, for overseas entities ``...-beneficial-owner``)
  becomes an owner of the company: a UK company registered at Companies House
  is the company node ``gb-co-NUMBER`` (so it links to its own PSC entries and
  to GLEIF), any other an asset manager of kind ``corporate PSC`` or
  ``legal person PSC``, one per registration (country and number), else per name;
- its ownership band becomes the stake band (``stake_low``, ``stake_high``;
  ``stake`` stays empty, the register gives no point value), its voting band
  ``votes_low``/``votes_high``, and ``control`` is true where the register
  states majority control (votes above 50% or the right to appoint or remove
  the board);
- ``notified_on`` is ``since`` and ``ceased_on`` is ``until``;
- individuals are left out: only their number per company is kept
  (``individual_pscs``), with the super-secure entries (``super_secure_pscs``);
  no name, birth date, nationality or address of a person is written;
- statements, exemptions and the totals line hold no owner and are counted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sys
import zipfile
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd
import pyarrow as pa

from jvgraph.config import InputLimits
from jvgraph.errors import DataError, Problem
from jvgraph.importers.crunchbase import normalise_name
from jvgraph.importers.identifiers import uk_company_id, uk_company_number
from jvgraph.importers.psc_natures import read_natures
from jvgraph.importers.tables import Progress
from jvgraph.importers.write import ImportSummary, staged, write_into
from jvgraph.safe_text import json_depth

__all__ = ["SOURCE_PSC", "import_uk_psc"]

#: the ``source`` of every row: the register, its licence and the snapshot file
SOURCE_PSC = "Companies House PSC snapshot (Open Government Licence v3.0)"
UNCLASSIFIED = "unclassified"
OWNER_KINDS = {
    "corporate-entity-person-with-significant-control": "corporate PSC",
    "legal-person-person-with-significant-control": "legal person PSC",
    "corporate-entity-beneficial-owner": "corporate beneficial owner",
    "legal-person-beneficial-owner": "legal person beneficial owner",
}
INDIVIDUAL_KINDS = ("individual-person-with-significant-control", "individual-beneficial-owner")
SECURE_KINDS = ("super-secure-person-with-significant-control", "super-secure-beneficial-owner")
#: ``country_registered`` values that mean the UK (compared without case and punctuation)
_UK_COUNTRIES = {
    "england",
    "wales",
    "scotland",
    "northern ireland",
    "england and wales",
    "england wales",
    "united kingdom",
    "uk",
    "gb",
    "great britain",
    "england uk",
    "england united kingdom",
}


def _lines(path: Path, progress: Progress | None) -> Iterator[tuple[int, bytes]]:
    """``(line number, bytes)`` of a snapshot file, or of the one text file in a ZIP."""
    if not path.is_file():
        raise DataError([Problem(str(path), None, None, "no such file")])
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            members = [i for i in archive.infolist() if not i.is_dir()]
            if len(members) != 1:
                msg = f"holds {len(members)} files: expected the one snapshot text file"
                raise DataError([Problem(path.name, None, None, msg)])
            with archive.open(members[0]) as raw:
                yield from _numbered(raw, path.name, members[0].file_size, progress)
        return
    with path.open("rb") as raw:
        yield from _numbered(raw, path.name, path.stat().st_size, progress)


def _numbered(
    raw: IO[bytes], name: str, size: int, progress: Progress | None
) -> Iterator[tuple[int, bytes]]:
    done = 0
    for number, line in enumerate(raw, start=1):
        done += len(line)
        if progress is not None and number % 50_000 == 0:
            progress(f"reading {name}", min(done, size), size)
        yield number, line


@dataclass
class _Register:
    """What the entries add up to: owners, holdings and counts per company."""

    owners: dict[str, dict[str, Any]] = field(default_factory=dict)
    named: dict[str, str] = field(default_factory=dict)  # UK company id -> name a PSC entry gives
    holdings: list[tuple[Any, ...]] = field(default_factory=list)  # HOLDING_FIELDS
    individuals: array[int] = field(default_factory=lambda: array("q"))
    secure: array[int] = field(default_factory=lambda: array("q"))
    counts: dict[str, int] = field(default_factory=dict)
    unknown_natures: dict[str, int] = field(default_factory=dict)

    def count(self, key: str, n: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + n


_TYPES = {
    "stake_low": pa.float64(),
    "stake_high": pa.float64(),
    "votes_low": pa.float64(),
    "votes_high": pa.float64(),
    "control": pa.bool_(),
    "significant_influence": pa.bool_(),
}
#: the fields of each holding the register yields, in order (tuples take less memory than dicts)
HOLDING_FIELDS = (
    "owner_id",
    "company_id",
    "stake_low",
    "stake_high",
    "control",
    "since",
    "until",
    "votes_low",
    "votes_high",
    "held_via",
    "significant_influence",
    "natures_of_control",
    "psc_kind",
)


def _interned(text: str | None) -> str | None:
    return None if text is None else sys.intern(text)


def _key(number: str) -> int:
    return int(number, 36)


def _plain(text: object) -> str:
    return " ".join(re.sub(r"[^a-z ]", " ", str(text or "").lower()).split())


def _is_uk(ident: dict[str, Any]) -> bool:
    """Registered at Companies House, as the entry's free-text place or country says."""
    place = _plain(ident.get("place_registered"))
    return (
        "companies house" in place
        or "registrar of companies" in place
        or _plain(ident.get("country_registered")) in _UK_COUNTRIES
        or place in _UK_COUNTRIES
    )


def _owner(data: dict[str, Any], kind: str, reg: _Register) -> str:
    """The owner's node id; a UK company becomes its company node."""
    ident = data.get("identification") or {}
    name = " ".join(str(data.get("name") or "").split())
    number = uk_company_number(str(ident.get("registration_number") or ""))
    if number and _is_uk(ident):
        node = sys.intern(uk_company_id(number))
        reg.named.setdefault(node, name)
        reg.count("owners_linked_to_their_uk_company_number")
        return node
    country = " ".join(
        str(ident.get("country_registered") or ident.get("place_registered") or "").split()
    )
    registration = str(ident.get("registration_number") or "").strip()
    basis = (
        f"{country.casefold()}|{registration}"
        if registration
        else f"{normalise_name(name)}|{country.casefold()}"
    )
    node = sys.intern(f"psc-{hashlib.sha1(basis.encode('utf-8')).hexdigest()[:16]}")
    if node not in reg.owners:
        reg.owners[node] = {
            "id": node,
            "name": name or "unnamed PSC",
            "kind": OWNER_KINDS[kind],
            "country": country or None,
            "registration_number": registration or None,
            "legal_form": ident.get("legal_form"),
            "legal_authority": ident.get("legal_authority"),
            "matched_by": "registration" if registration else "name and country",
        }
    return node


def _date(data: dict[str, Any], name: str, file: str, line: int) -> str | None:
    value = data.get(name)
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value)).isoformat() if len(str(value)) == 10 else _bad()
    except ValueError:
        msg = f"'{value}' is not a date (expected YYYY-MM-DD)"
        raise DataError([Problem(file, line, f"data.{name}", msg)]) from None


def _bad() -> str:
    raise ValueError


def _entry(reg: _Register, company: str, data: dict[str, Any], file: str, line: int) -> None:
    kind = str(data.get("kind") or "")
    if kind in INDIVIDUAL_KINDS or kind in SECURE_KINDS:
        if not data.get("ceased_on"):
            (reg.individuals if kind in INDIVIDUAL_KINDS else reg.secure).append(_key(company))
        reg.count(
            "individual_entries_left_out" if kind in INDIVIDUAL_KINDS else "super_secure_entries"
        )
        return
    if kind not in OWNER_KINDS:
        reg.count("statements_and_other_lines" if kind else "lines_without_a_kind")
        return
    natures = read_natures(data.get("natures_of_control") or [])
    for text in natures.unknown:
        reg.unknown_natures[text] = reg.unknown_natures.get(text, 0) + 1
    since, until = _date(data, "notified_on", file, line), _date(data, "ceased_on", file, line)
    if since and until and since > until:
        reg.count("ceased_before_notified_since_left_empty")
        since = None
    low, high = natures.stake or (None, None)
    votes_low, votes_high = natures.votes or (None, None)
    natures_text = " ".join(data.get("natures_of_control") or []) or None
    reg.holdings.append(
        (
            _owner(data, kind, reg),
            sys.intern(uk_company_id(company)),
            low,
            high,
            natures.control,
            _interned(since),
            _interned(until),
            votes_low,
            votes_high,
            natures.via or None,
            True if natures.influence else None,
            _interned(natures_text),
            sys.intern(kind),
        )
    )
    reg.count("owner_entries")
    if natures.bands > 1:
        reg.count("entries_with_two_ownership_bands_higher_kept")


#: how deeply a register line's JSON may nest (the register's own nest 3 or 4 deep)
MAX_JSON_DEPTH = InputLimits().max_json_depth


def _read(paths: Sequence[Path], progress: Progress | None) -> _Register:
    reg = _Register()
    for path in paths:
        for line, raw in _lines(path, progress):
            if not raw.strip():
                continue
            brackets = raw.count(b"{") + raw.count(b"[")  # at least the depth; quick
            depth = json_depth(raw) if brackets > MAX_JSON_DEPTH else 0
            if depth > MAX_JSON_DEPTH:
                msg = f"JSON nested {depth:,} deep; the limit is {MAX_JSON_DEPTH}"
                raise DataError([Problem(path.name, line, None, msg)])
            try:
                record = json.loads(raw)
            except (ValueError, UnicodeDecodeError, RecursionError) as err:
                raise DataError([Problem(path.name, line, None, f"is not JSON: {err}")]) from None
            if not isinstance(record, dict) or not isinstance(record.get("data"), dict):
                raise DataError([Problem(path.name, line, "data", "is missing or not an object")])
            data = record["data"]
            if str(data.get("kind", "")).startswith("totals#"):
                reg.count("totals_lines")
                continue
            number = uk_company_number(str(record.get("company_number") or ""))
            if number is None:
                msg = f"'{record.get('company_number')}' is not a company number"
                raise DataError([Problem(path.name, line, "company_number", msg)])
            reg.count("lines")
            _entry(reg, number, data, path.name, line)
    return reg


def _holdings(reg: _Register, source: str, summary: ImportSummary) -> pa.Table:
    """One holding per owner, company and start (the entry still active, else the last to
    cease), as a table; the register's list is emptied as it goes."""
    rows = reg.holdings
    before = len(rows)
    rows[:] = [r for r in rows if r[0] != r[1]]
    summary.cleanups["entries_naming_the_company_itself_left_out"] = before - len(rows)
    rows.sort(key=lambda r: (r[0], r[1], r[5] or "", r[6] is None, r[6] or ""))
    kept = [
        r
        for i, r in enumerate(rows)
        if i + 1 == len(rows) or rows[i + 1][:2] + rows[i + 1][5:6] != r[:2] + r[5:6]
    ]
    summary.cleanups["duplicate_entries_merged"] = len(rows) - len(kept)
    rows.clear()
    columns = (
        {
            name: list(values)
            for name, values in zip(HOLDING_FIELDS, zip(*kept, strict=True), strict=True)
        }
        if kept
        else {name: [] for name in HOLDING_FIELDS}
    )
    del kept
    table = pa.table(
        {name: pa.array(values, _TYPES.get(name, pa.string())) for name, values in columns.items()}
    )
    n = table.num_rows
    table = table.append_column("stake", pa.nulls(n, pa.float64()))
    return table.append_column(
        "source", pa.array([source], pa.string()).take(pa.array(np.zeros(n, np.int64)))
    )


def _counts(found: array[int], keys: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """How often each of ``keys`` occurs in ``found``."""
    values, n = np.unique(np.frombuffer(found, dtype=np.int64), return_counts=True)
    if not len(values):
        return np.zeros(len(keys), dtype=np.int64)
    at = np.minimum(np.searchsorted(values, keys), len(values) - 1)
    out: np.ndarray[Any, Any] = np.where(values[at] == keys, n[at], 0)
    return out


def _companies(reg: _Register, holdings: pa.Table, source: str) -> pd.DataFrame:
    ids = set(holdings.column("company_id").to_pylist())
    ids |= {o for o in set(holdings.column("owner_id").to_pylist()) if o.startswith("gb-co-")}
    ordered = sorted(ids)
    numbers = [i.removeprefix("gb-co-") for i in ordered]
    keys = np.array([_key(n) for n in numbers], dtype=np.int64)
    counts = [_counts(found, keys) for found in (reg.individuals, reg.secure)]
    return pd.DataFrame(
        {
            "id": ordered,
            "name": [
                reg.named.get(i) or f"UK company {n}" for i, n in zip(ordered, numbers, strict=True)
            ],
            "sector": UNCLASSIFIED,
            "country": "GB",
            "source": source,
            "uk_company_number": numbers,
            "individual_pscs": counts[0].astype(str),
            "super_secure_pscs": counts[1].astype(str),
        }
    )


def import_uk_psc(
    paths: Sequence[Path], out: Path, *, progress: Progress | None = None
) -> ImportSummary:
    """Import the PSC snapshot file(s) at ``paths`` (JSON lines, plain or zipped) into the
    new dataset folder ``out``; see the module doc for the rules."""
    source = f"{SOURCE_PSC}: {', '.join(p.name for p in paths)}"
    summary = ImportSummary(source=", ".join(str(p) for p in paths), out=str(out))
    with staged(out) as stage:
        reg = _read(paths, progress)
        summary.cleanups.update(reg.counts)
        summary.cleanups["unknown_natures_of_control"] = dict(sorted(reg.unknown_natures.items()))
        holdings = _holdings(reg, source, summary)
        companies = _companies(reg, holdings, source)
        managers = pd.DataFrame(list(reg.owners.values()))
        if len(managers):
            managers = managers.assign(source=source).sort_values("id")
        write_into(
            stage,
            {"companies": companies, "asset_managers": managers, "holdings": holdings},
            summary,
        )
    return summary
