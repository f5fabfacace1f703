"""The SEC's quarterly Form 13F data sets (ZIPs of TSV tables) → a jvgraph dataset.

A holding is a filer (its CIK) holding a security (its CUSIP) at a period of
report (a quarter end). The rules, each counted in the import summary and
documented in ``docs/sec-13f.md``:

1. the filings that count are chosen per filer and period
   (:mod:`jvgraph.importers.sec13f_filings`): the latest report or
   restatement, plus the new-holdings amendments filed after it; notices hold
   nothing;
2. only share positions count: ``SSHPRNAMTTYPE`` = ``SH`` and an empty
   ``PUTCALL`` (principal amounts, i.e. bonds, and options are counted and left out);
3. rows of one filer, period and CUSIP (split by other manager or investment
   discretion, or added by an amendment) are summed;
4. ``VALUE`` is in dollars in filings made from 3 January 2023 on and in
   thousands of dollars before: ``value_usd`` is in dollars either way;
5. with a shares-outstanding file, a holding's stake is β = shares held /
   shares outstanding, and the voting-authority columns give ``sole_voting``
   (sole / outstanding) and ``sole_shared_voting`` ((sole + shared) /
   outstanding), the control weights of Backus, Conlon & Sinkinson; a CUSIP
   the file does not list gets no stake (counted), and neither do the holdings
   of a security whose stakes sum above 1 in a period (filers reporting the
   same shares; listed in ``stakes_over_1.csv``);
6. with a shares file (:mod:`jvgraph.importers.firm_revenues`), the securities it
   names get their firm's revenue, for the market shares of HHI and MHHI.

The INFOTABLE is streamed: memory holds a few numbers per kept row, never the table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from jvgraph.errors import DataError, Problem, UsageError
from jvgraph.importers.firm_revenues import add_revenues, read_firm_revenues
from jvgraph.importers.identifiers import cik_id, cusip_id, cusip_ok
from jvgraph.importers.sec13f_filings import Filings, read_filings
from jvgraph.importers.tables import Progress, Source, file_source, numbers, stream, zip_sources
from jvgraph.importers.thirteenf import next_quarter_end
from jvgraph.importers.write import ImportSummary, staged, write_into, write_review

__all__ = ["SOURCE_SEC_13F", "UNCLASSIFIED", "import_sec_13f", "read_shares_outstanding"]

#: the start of the ``source`` of every row (the data sets' file names follow)
SOURCE_SEC_13F = "SEC Form 13F data sets"
UNCLASSIFIED = "unclassified"
TABLES_NEEDED = ("SUBMISSION.tsv", "COVERPAGE.tsv", "INFOTABLE.tsv")
_NUMBERS = {
    "shares": "SSHPRNAMT",
    "value": "VALUE",
    "sole": "VOTING_AUTH_SOLE",
    "shared": "VOTING_AUTH_SHARED",
    "none": "VOTING_AUTH_NONE",
}
INFOTABLE_COLUMNS = (
    "ACCESSION_NUMBER",
    "NAMEOFISSUER",
    "TITLEOFCLASS",
    "CUSIP",
    "SSHPRNAMTTYPE",
    "PUTCALL",
    *_NUMBERS.values(),
)
#: the sums kept per row (VOTING_AUTH_NONE is checked, not kept: no measure uses it)
_KEPT = ("shares", "value", "sole", "shared")
_CHUNK = 200_000
_TOLERANCE = 1e-9

Array = np.ndarray[Any, Any]


@dataclass
class _Rows:
    """The kept INFOTABLE rows as codes and numbers, gathered batch by batch."""

    filing: list[Array] = field(default_factory=list)
    security: list[Array] = field(default_factory=list)
    sums: dict[str, list[Array]] = field(default_factory=lambda: {k: [] for k in _KEPT})
    cusips: dict[str, int] = field(default_factory=dict)
    issuer: list[str] = field(default_factory=list)
    title: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, key: str, n: int) -> None:
        self.counts[key] = self.counts.get(key, 0) + n

    def codes(self, cusip: pa.Array, issuer: pa.Array, title: pa.Array) -> Array:
        """Codes of the CUSIPs (new ones keep the issuer name and class of their first row)."""
        encoded = pc.dictionary_encode(cusip)
        words = encoded.dictionary.to_pylist()
        first = np.asarray(pc.index_in(encoded.dictionary, value_set=cusip))
        local = np.empty(len(words), dtype=np.int64)
        for i, word in enumerate(words):
            code = self.cusips.get(word)
            if code is None:
                code = self.cusips[word] = len(self.issuer)
                self.issuer.append(issuer[int(first[i])].as_py())
                self.title.append(title[int(first[i])].as_py())
            local[i] = code
        out: Array = local[np.asarray(encoded.indices)]
        return out


def _datasets(paths: Sequence[Path]) -> list[dict[str, Source]]:
    out = []
    for path in paths:
        found = zip_sources(path, TABLES_NEEDED, delimiter="\t", quoted=False)
        missing = [t for t in TABLES_NEEDED if t not in found]
        if missing:
            msg = f"is not a Form 13F data set: it lacks {', '.join(missing)}"
            raise DataError([Problem(path.name, None, None, msg)])
        out.append(found)
    return out


def _n(mask: pa.Array) -> int:
    return int(pc.sum(pc.cast(mask, pa.int64())).as_py() or 0)


def _batch(rows: _Rows, batch: pa.RecordBatch, kept: pa.Array, src: Source, line: int) -> None:
    values = {k: numbers(batch.column(c), src, c, line) for k, c in _NUMBERS.items()}
    index = pc.index_in(batch.column("ACCESSION_NUMBER"), value_set=kept)
    mine = pc.is_valid(index)
    kind = pc.utf8_upper(batch.column("SSHPRNAMTTYPE"))
    option = pc.not_equal(batch.column("PUTCALL"), "")
    share = pc.and_(pc.equal(kind, "SH"), pc.invert(option))
    rows.count("infotable_rows", batch.num_rows)
    rows.count("rows_of_filings_not_kept", batch.num_rows - _n(mine))
    rows.count("principal_amount_rows_left_out", _n(pc.and_(mine, pc.not_equal(kind, "SH"))))
    rows.count("option_rows_left_out", _n(pc.and_(mine, pc.and_(pc.equal(kind, "SH"), option))))
    take = pc.and_(mine, share)
    if not _n(take):
        return
    part = batch.filter(take)
    cusip = pc.utf8_upper(part.column("CUSIP"))
    empty = np.flatnonzero(np.asarray(pc.equal(cusip, "")))
    if empty.size:
        at = int(np.flatnonzero(np.asarray(take))[empty[0]])
        raise DataError([Problem(src.name, line + at, "CUSIP", "is empty")])
    filing = np.asarray(index.filter(take)).astype(np.int64)
    security = rows.codes(cusip, part.column("NAMEOFISSUER"), part.column("TITLEOFCLASS"))
    # rows of one filing and CUSIP in this batch (split rows, mostly adjacent) summed now
    unique, inverse = np.unique((filing << 32) | security, return_inverse=True)
    rows.count("summed_split_rows", len(filing) - len(unique))
    rows.filing.append((unique >> 32).astype(np.int32))
    rows.security.append((unique & 0xFFFFFFFF).astype(np.int32))
    for key in _KEPT:
        taken = np.asarray(pc.fill_null(values[key].filter(take), 0.0))
        rows.sums[key].append(np.bincount(inverse, weights=taken, minlength=len(unique)))


def _read_infotable(
    sets: list[dict[str, Source]], filings: Filings, progress: Progress | None
) -> _Rows:
    kept = filings.accessions()
    rows = _Rows()
    for found in sets:
        src = found["INFOTABLE.tsv"]
        for line, batch in stream(src, INFOTABLE_COLUMNS, progress=progress, step=src.name):
            _batch(rows, batch, kept, src, line)
    return rows


@dataclass
class _Holdings:
    """One row per (period, filer, security), with the summed positions."""

    period: Array  # index into the periods
    filer: Array  # index into the filers
    security: Array  # CUSIP code
    sums: dict[str, Array]


def _take(parts: list[Array], dtype: Any) -> Array:
    """The parts joined into one array; the list is emptied, so each part is freed."""
    out: Array = np.concatenate(parts) if parts else np.zeros(0, dtype)
    parts.clear()
    return out


def _aggregate(
    rows: _Rows, filings: Filings, periods: list[dt.date], filers: list[str]
) -> _Holdings:
    kept = filings.kept
    filer_of = {c: i for i, c in enumerate(filers)}
    f_filer = kept["cik"].map(filer_of).to_numpy(np.int64)
    f_period = kept["period"].map({p: i for i, p in enumerate(periods)}).to_numpy(np.int64)
    filing = _take(rows.filing, np.int32)
    n_sec = max(len(rows.issuer), 1)
    key = (f_period[filing] * len(filers) + f_filer[filing]) * n_sec
    key += _take(rows.security, np.int32)
    unique, inverse = np.unique(key, return_inverse=True)
    del key
    rows.count("summed_split_rows", int(len(inverse) - len(unique)))
    factor = kept["value_factor"].to_numpy(np.float64)
    sums = {}
    for name in _KEPT:
        values = _take(rows.sums[name], np.float64)
        if name == "value":
            values *= factor[filing]
        sums[name] = np.bincount(inverse, weights=values, minlength=len(unique))
    period = (unique // n_sec // len(filers)).astype(np.int32)
    filer = ((unique // n_sec) % len(filers)).astype(np.int32)
    return _Holdings(period, filer, (unique % n_sec).astype(np.int32), sums)


@dataclass
class Outstanding:
    """Shares outstanding per CUSIP, with the issuer's name and sector where the file gives them."""

    shares: dict[str, float]
    names: dict[str, str]
    sectors: dict[str, str]


def read_shares_outstanding(path: Path) -> Outstanding:
    """The CSV ``cusip,shares_outstanding[,name][,sector]``; a CUSIP listed twice, a number
    that is not positive and a missing column are refused with their line."""
    src = file_source(path)
    header = src.header()
    wanted = ["cusip", "shares_outstanding"] + [c for c in ("name", "sector") if c in header]
    out = Outstanding({}, {}, {})
    first: dict[str, int] = {}
    for line, batch in stream(src, wanted):
        shares = numbers(batch.column("shares_outstanding"), src, "shares_outstanding", line)
        for i, (cusip, count) in enumerate(
            zip(pc.utf8_upper(batch.column("cusip")).to_pylist(), shares.to_pylist(), strict=True)
        ):
            at = line + i
            if cusip in first:
                msg = f"CUSIP {cusip} is listed twice (first at line {first[cusip]})"
                raise DataError([Problem(src.name, at, "cusip", msg)])
            if count is None or count <= 0:
                raise DataError(
                    [Problem(src.name, at, "shares_outstanding", "must be a positive number")]
                )
            first[cusip] = at
            out.shares[cusip] = float(count)
            for column, into in (("name", out.names), ("sector", out.sectors)):
                if column in batch.schema.names and batch.column(column)[i].as_py():
                    into[cusip] = batch.column(column)[i].as_py()
    return out


@dataclass
class _Stakes:
    stake: Array  # nan: unknown
    sole: Array
    sole_shared: Array
    over: pd.DataFrame  # period, cusip, sum, holdings


def _stakes(
    h: _Holdings,
    rows: _Rows,
    outstanding: Outstanding | None,
    periods: list[dt.date],
    summary: ImportSummary,
) -> _Stakes:
    cusips = np.array(rows.issuer and list(rows.cusips), dtype=object)
    n = len(h.security)
    if outstanding is None:
        nan = np.full(n, np.nan)
        summary.cleanups["holdings_without_shares_outstanding"] = n
        return _Stakes(nan, nan, nan, pd.DataFrame(columns=["period", "cusip", "sum", "holdings"]))
    per_sec = np.array([outstanding.shares.get(c, np.nan) for c in cusips], dtype=np.float64)
    so = per_sec[h.security] if n else np.zeros(0)
    beta = h.sums["shares"] / so
    summary.cleanups["holdings_without_shares_outstanding"] = int(np.isnan(so).sum())
    group = h.period * max(len(cusips), 1) + h.security
    total = np.bincount(group, weights=np.nan_to_num(beta))
    over = total[group] > 1 + _TOLERANCE
    bad = np.unique(group[over])
    listing = pd.DataFrame(
        {
            "period": [periods[int(g) // len(cusips)].isoformat() for g in bad],
            "cusip": [cusips[int(g) % len(cusips)] for g in bad],
            "sum": total[bad],
            "holdings": np.bincount(group[over])[bad] if over.any() else [],
        }
    )
    summary.cleanups["security_periods_with_stakes_over_1"] = len(bad)
    summary.cleanups["holdings_left_without_stake_there"] = int(over.sum())
    beta = np.where(over, np.nan, beta)
    unknown = np.isnan(beta)
    sole = np.where(unknown, np.nan, h.sums["sole"] / so)
    both = np.where(unknown, np.nan, (h.sums["sole"] + h.sums["shared"]) / so)
    return _Stakes(beta, sole, both, listing)


def _managers(filings: Filings, filers: list[str], used: Array, source: str) -> pa.Table:
    latest = filings.kept.sort_values(["filed", "amendment_no", "accession"]).groupby("cik").last()
    ciks = [filers[int(i)] for i in used]
    info = latest.reindex(ciks)
    return pa.table(
        {
            "id": [cik_id(c) for c in ciks],
            "name": [
                n if isinstance(n, str) and n else f"13F filer {c}"
                for n, c in zip(info["name"], ciks, strict=True)
            ],
            "kind": ["13F filer"] * len(ciks),
            "source": [source] * len(ciks),
            "cik": ciks,
            "form13f_file_number": info["file_number"].tolist(),
            "city": info["city"].tolist(),
            "state_or_country": info["state"].tolist(),
        }
    )


def _companies(rows: _Rows, used: Array, outstanding: Outstanding | None, source: str) -> pa.Table:
    cusips = list(rows.cusips)
    own = outstanding or Outstanding({}, {}, {})
    listed = [cusips[int(i)] for i in used]
    named = [c in own.names for c in listed]
    return pa.table(
        {
            "id": [cusip_id(c) for c in listed],
            "name": [
                own.names.get(c) or rows.issuer[int(i)] or f"CUSIP {c}"
                for c, i in zip(listed, used, strict=True)
            ],
            "sector": [own.sectors.get(c, UNCLASSIFIED) for c in listed],
            "source": [source] * len(listed),
            "cusip": listed,
            "cusip_check_digit": ["valid" if cusip_ok(c) else "invalid" for c in listed],
            "title_of_class": [rows.title[int(i)] for i in used],
            "name_from": [
                "shares-outstanding file" if n else "NAMEOFISSUER as filed" for n in named
            ],
        }
    )


def _holding_chunks(
    h: _Holdings,
    s: _Stakes,
    keep: Array,
    ids: tuple[pa.Array, pa.Array],
    periods: list[dt.date],
    prov: dict[tuple[int, int], str],
    source: str,
) -> Iterator[pa.Table]:
    owners, companies = ids
    rows = np.flatnonzero(keep)
    since = pa.array(periods, pa.date32())
    until = pa.array([next_quarter_end(p) for p in periods], pa.date32())
    # the filings behind each (period, filer), looked up by a table of indices
    texts = pa.array(list(prov.values()), pa.string())
    where = np.full((len(periods), max(len(owners), 1)), -1, dtype=np.int64)
    for i, (f, p) in enumerate(prov):
        where[p, f] = i
    sources = pa.array([source], pa.string())
    for start in range(0, len(rows), _CHUNK):
        at = rows[start : start + _CHUNK]
        period, filer = h.period[at], h.filer[at]
        yield pa.table(
            {
                "owner_id": owners.take(pa.array(filer)),
                "company_id": companies.take(pa.array(h.security[at])),
                "stake": pa.array(s.stake[at], pa.float64(), from_pandas=True),
                "since": since.take(pa.array(period)),
                "until": until.take(pa.array(period)),
                "source": sources.take(pa.array(np.zeros(len(at), np.int64))),
                "shares": pa.array(h.sums["shares"][at].astype(np.int64)),
                "value_usd": pa.array(h.sums["value"][at].astype(np.int64)),
                "sole_voting": pa.array(s.sole[at], pa.float64(), from_pandas=True),
                "sole_shared_voting": pa.array(s.sole_shared[at], pa.float64(), from_pandas=True),
                "accessions": texts.take(pa.array(where[period, filer])),
            }
        )


def _check_periods(filings: Filings, periods: list[dt.date], paths: Sequence[Path]) -> None:
    have = set(filings.kept["period"])
    absent = [p for p in periods if p not in have]
    if absent:
        names = ", ".join(p.name for p in paths)
        shown = ", ".join(p.isoformat() for p in absent)
        raise UsageError(
            f"{names} hold no 13F holdings report for the period {shown}: a data set lists "
            "the filings made in its months, mostly for the quarter before"
        )


def import_sec_13f(
    paths: Sequence[Path],
    out: Path,
    quarters: Sequence[dt.date],
    *,
    shares_outstanding: Path | None = None,
    shares: Path | None = None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import the 13F holdings of ``quarters`` (quarter ends) from the data set ZIPs at
    ``paths`` into the new dataset folder ``out``; see the module doc for the rules.
    ``shares`` is a shares file of the firms' revenues."""
    if not quarters:
        raise UsageError("name at least one quarter, e.g. --quarter 2024Q1")
    periods = sorted(set(quarters))
    sets = _datasets(paths)
    source = f"{SOURCE_SEC_13F} {', '.join(p.name for p in paths)}"
    summary = ImportSummary(source=", ".join(str(p) for p in paths), out=str(out))
    with staged(out) as stage:
        outstanding = read_shares_outstanding(shares_outstanding) if shares_outstanding else None
        revenues = read_firm_revenues(shares) if shares else None
        filings = read_filings([(s["SUBMISSION.tsv"], s["COVERPAGE.tsv"]) for s in sets], periods)
        _check_periods(filings, periods, paths)
        summary.cleanups["periods"] = [p.isoformat() for p in periods]
        summary.cleanups.update(filings.counts)
        rows = _read_infotable(sets, filings, progress)
        filers = sorted(set(filings.kept["cik"]))
        h = _aggregate(rows, filings, periods, filers)
        summary.cleanups.update(rows.counts)
        keep = h.sums["shares"] > 0
        summary.cleanups["positions_of_no_shares_left_out"] = int((~keep).sum())
        stakes = _stakes(h, rows, outstanding, periods, summary)
        used_filers = np.unique(h.filer[keep])
        used_secs = np.unique(h.security[keep])
        managers = _managers(filings, filers, used_filers, source)
        companies = _companies(rows, used_secs, outstanding, source)
        if shares and revenues:
            companies = add_revenues(companies, revenues, shares.name, summary)
        owner_ids = np.full(len(filers), None, dtype=object)
        owner_ids[used_filers] = managers.column("id").to_pylist()
        company_ids = np.full(max(len(rows.issuer), 1), None, dtype=object)
        company_ids[used_secs] = companies.column("id").to_pylist()
        prov = _provenance(filings, filers, periods)
        ids = (pa.array(owner_ids, pa.string()), pa.array(company_ids, pa.string()))
        chunks = _holding_chunks(h, stakes, keep, ids, periods, prov, source)
        tables = {"asset_managers": managers, "companies": companies, "holdings": chunks}
        write_into(stage, tables, summary)
        write_review(stakes.over, stage / "stakes_over_1.csv")
    return summary


def _provenance(
    filings: Filings, filers: list[str], periods: list[dt.date]
) -> dict[tuple[int, int], str]:
    """The accession numbers behind each (filer, period), space-separated."""
    filer_of = {c: i for i, c in enumerate(filers)}
    period_of = {p: i for i, p in enumerate(periods)}
    groups = filings.kept.groupby(["cik", "period"])["accession"].agg(lambda s: " ".join(sorted(s)))
    return {(filer_of[c], period_of[p]): text for (c, p), text in groups.items()}
