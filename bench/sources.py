"""Register imports at full size: a 3-million-row 13F INFOTABLE and a 1-million-line PSC file.

Writes, once, a Form 13F data set ZIP (all seven tables; INFOTABLE with 3
million rows from 9,000 filers, about a quarter's size) and a PSC snapshot of 1
million lines, both in the registers' published formats with generated
content, then times each import and its peak memory (each in its own
process) against reading the same file with pyarrow alone, the floor: its
streaming CSV reader over the INFOTABLE (every column as text) and its
streaming JSON reader over the snapshot.

    python bench/sources.py            # full size
    python bench/sources.py --small    # 30,000 rows and 10,000 lines: a check that it runs
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import OUT, fresh
from tests.registers import COLUMNS_13F

FILERS = 9_000
SECURITIES = 25_000


def _tsv(table: pa.Table, header: bool = True) -> bytes:
    """The table as the SEC writes it: tab-separated, nothing quoted, the header included."""
    sink = pa.BufferOutputStream()
    options = pcsv.WriteOptions(delimiter="\t", quoting_style="none", include_header=False)
    pcsv.write_csv(table, sink, options)
    head = ("\t".join(table.column_names) + "\n").encode() if header else b""
    return head + sink.getvalue().to_pybytes()


def _filings(rng: np.random.Generator) -> dict[str, pa.Table]:
    ciks = np.arange(1_000_000, 1_000_000 + FILERS)
    acc = pa.array([f"{c:010d}-24-000001" for c in ciks])
    n = len(ciks)
    text = lambda value: pa.array([value] * n)  # noqa: E731
    tables = {
        "SUBMISSION": pa.table(
            {
                "ACCESSION_NUMBER": acc,
                "FILING_DATE": text("14-FEB-2024"),
                "SUBMISSIONTYPE": text("13F-HR"),
                "CIK": pa.array([f"{c:010d}" for c in ciks]),
                "PERIODOFREPORT": text("31-DEC-2023"),
            }
        ),
        "COVERPAGE": pa.table(
            {c: text("") for c in COLUMNS_13F["COVERPAGE"]}
            | {
                "ACCESSION_NUMBER": acc,
                "REPORTCALENDARORQUARTER": text("31-DEC-2023"),
                "FILINGMANAGER_NAME": pa.array([f"GENERATED FILER {c} LLC" for c in ciks]),
                "FILINGMANAGER_CITY": text("NEW YORK"),
                "FILINGMANAGER_STATEORCOUNTRY": text("NY"),
                "REPORTTYPE": text("13F HOLDINGS REPORT"),
                "PROVIDEINFOFORINSTRUCTION5": text("N"),
            }
        ),
    }
    for name in ("OTHERMANAGER", "SIGNATURE", "SUMMARYPAGE", "OTHERMANAGER2"):
        tables[name] = pa.table({c: pa.array([], pa.string()) for c in COLUMNS_13F[name]})
    tables["_acc"] = pa.table({"acc": acc})
    return tables


def _infotable(rows: int, acc: pa.Array, rng: np.random.Generator, start: int) -> pa.Table:
    filer = np.sort(rng.integers(0, len(acc), rows))
    sec = rng.zipf(1.3, rows) % SECURITIES
    cusips = pa.array([f"{i:08d}0" for i in range(SECURITIES)])
    shares = rng.integers(1, 2_000_000, rows)
    kind = np.where(rng.random(rows) < 0.01, "PRN", "SH")
    putcall = np.where(rng.random(rows) < 0.01, "Put", "")
    sole = (shares * rng.random(rows)).astype(np.int64)
    return pa.table(
        {
            "ACCESSION_NUMBER": acc.take(pa.array(filer)),
            "INFOTABLE_SK": pa.array(np.arange(start, start + rows)),
            "NAMEOFISSUER": pc.binary_join_element_wise(
                "GENERATED ISSUER ", pa.array(sec.astype(str)), ""
            ),
            "TITLEOFCLASS": pa.array(["COM"] * rows),
            "CUSIP": cusips.take(pa.array(sec)),
            "FIGI": pa.array([""] * rows),
            "VALUE": pa.array(shares * 37),
            "SSHPRNAMT": pa.array(shares),
            "SSHPRNAMTTYPE": pa.array(kind),
            "PUTCALL": pa.array(putcall),
            "INVESTMENTDISCRETION": pa.array(np.where(rng.random(rows) < 0.2, "DFND", "SOLE")),
            "OTHERMANAGER": pa.array([""] * rows),
            "VOTING_AUTH_SOLE": pa.array(sole),
            "VOTING_AUTH_SHARED": pa.array(np.zeros(rows, np.int64)),
            "VOTING_AUTH_NONE": pa.array(shares - sole),
        }
    )


def write_13f(path: Path, rows: int) -> Path:
    if path.exists():
        return path
    rng = np.random.default_rng(15)
    tables = _filings(rng)
    acc = tables.pop("_acc").column("acc").combine_chunks()
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, table in tables.items():
            archive.writestr(f"{name}.tsv", _tsv(table))
        with archive.open("INFOTABLE.tsv", "w", force_zip64=True) as member:
            step = 500_000
            for start in range(0, rows, step):
                part = _infotable(min(step, rows - start), acc, rng, start)
                member.write(_tsv(part, header=start == 0))
    tmp.rename(path)
    shares = path.with_name(path.stem + "-shares.csv")
    cusips = [f"{i:08d}0" for i in range(SECURITIES)]
    shares.write_text(
        "cusip,shares_outstanding\n" + "".join(f"{c},{10**12}\n" for c in cusips), encoding="utf-8"
    )
    return path


def write_psc(path: Path, lines: int) -> Path:
    if path.exists():
        return path
    rng = np.random.default_rng(16)
    kinds = rng.choice(5, lines, p=[0.70, 0.20, 0.05, 0.04, 0.01])
    companies = rng.integers(1, 8_000_000, lines)
    bands = ["25-to-50", "50-to-75", "75-to-100"]
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as out:
        for i in range(lines):
            number = f"{companies[i]:08d}"
            kind = int(kinds[i])
            band = bands[i % 3]
            natures = [f"ownership-of-shares-{band}-percent", f"voting-rights-{band}-percent"]
            data: dict[str, object] = {"etag": f"{i:040d}", "notified_on": "2016-04-06"}
            if kind == 0:
                data |= {
                    "kind": "individual-person-with-significant-control",
                    "name": f"Generated Person {i}",
                    "date_of_birth": {"month": 1 + i % 12, "year": 1950 + i % 50},
                    "nationality": "British",
                    "natures_of_control": natures,
                    "address": {"address_line_1": f"{i} Generated Road", "locality": "London"},
                }
            elif kind in (1, 2):
                uk = kind == 1
                data |= {
                    "kind": "corporate-entity-person-with-significant-control",
                    "name": f"GENERATED OWNER {i % 50_000} LIMITED",
                    "natures_of_control": natures,
                    "identification": {
                        "country_registered": "England" if uk else "Germany",
                        "place_registered": "Companies House" if uk else "Amtsgericht",
                        "registration_number": f"{(i * 7919) % 9_000_000:08d}"
                        if uk
                        else f"HRB {i % 9000}",
                        "legal_form": "Private Limited Company",
                    },
                }
            elif kind == 3:
                data |= {
                    "kind": "persons-with-significant-control-statement",
                    "statement": "no-individual-or-entity-with-signficant-control",
                }
            else:
                data |= {
                    "kind": "legal-person-person-with-significant-control",
                    "name": "The Secretary of State for Generated Affairs",
                    "natures_of_control": ["significant-influence-or-control"],
                    "identification": {"legal_form": "Government", "legal_authority": "Act"},
                }
            if i % 9 == 0:
                data["ceased_on"] = "2021-01-31"
            out.write(json.dumps({"company_number": number, "data": data}) + "\n")
    tmp.rename(path)
    return path


# -- the measured work, each run in a child process ------------------------------------------


def _floor_13f(path: str) -> None:
    from jvgraph.importers.tables import BLOCK_SIZE

    with zipfile.ZipFile(path) as archive, archive.open("INFOTABLE.tsv") as raw:
        reader = pcsv.open_csv(
            raw,
            read_options=pcsv.ReadOptions(block_size=BLOCK_SIZE),
            parse_options=pcsv.ParseOptions(delimiter="\t", quote_char=False),
            convert_options=pcsv.ConvertOptions(
                column_types={c: pa.string() for c in COLUMNS_13F["INFOTABLE"]}
            ),
        )
        sum(batch.num_rows for batch in reader)


def _import_13f(path: str) -> None:
    import datetime as dt

    from jvgraph.importers import import_sec_13f

    shares = Path(path).with_name(Path(path).stem + "-shares.csv")
    out = fresh(OUT / "sources-13f")
    import_sec_13f([Path(path)], out, [dt.date(2023, 12, 31)], shares_outstanding=shares)


def _floor_psc(path: str) -> None:
    import pyarrow.json as pjson

    reader = pjson.open_json(
        path,
        read_options=pjson.ReadOptions(block_size=8 << 20),
        parse_options=pjson.ParseOptions(unexpected_field_behavior="ignore"),
    )
    sum(batch.num_rows for batch in reader)


def _import_psc(path: str) -> None:
    from jvgraph.importers import import_uk_psc

    import_uk_psc([Path(path)], fresh(OUT / "sources-psc"))


CHILDREN = {
    "floor-13f": _floor_13f,
    "import-13f": _import_13f,
    "floor-psc": _floor_psc,
    "import-psc": _import_psc,
}


def _child(name: str, path: str) -> None:
    import jvgraph.importers  # noqa: F401  (imported before the clock starts, as pyarrow is)

    started = time.perf_counter()
    CHILDREN[name](path)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    print(json.dumps({"seconds": seconds, "peak_mb": peak}))


def _measure(name: str, path: Path) -> dict[str, float]:
    script = Path(__file__).resolve()
    done = subprocess.run(
        [sys.executable, str(script), "--child", name, str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _row(label: str, m: dict[str, float], floor: dict[str, float] | None, size_mb: float) -> str:
    text = f"  {label:<22} {m['seconds']:8.2f} s {m['peak_mb']:9.0f} MB"
    if floor is None:
        return text + "   (the floor)"
    return (
        text
        + f"   {m['seconds'] / floor['seconds']:.1f}x the floor's time,"
        + f" {m['peak_mb'] / floor['peak_mb']:.1f}x its memory,"
        + f" peak {m['peak_mb'] / size_mb:.2f}x the file's size"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="30,000 rows and 10,000 lines")
    parser.add_argument("--child", nargs=2, metavar=("WORK", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return
    rows, lines = (30_000, 10_000) if args.small else (3_000_000, 1_000_000)
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    zip_path = write_13f(OUT / f"form13f-{rows}.zip", rows)
    psc_path = write_psc(OUT / f"psc-{lines}.txt", lines)
    with zipfile.ZipFile(zip_path) as archive:
        tsv_mb = archive.getinfo("INFOTABLE.tsv").file_size / 2**20
    psc_mb = psc_path.stat().st_size / 2**20
    print(f"files ready in {time.perf_counter() - started:.0f} s")
    print(f"13F: INFOTABLE.tsv of {rows:,} rows ({tsv_mb:,.0f} MB of TSV, {FILERS:,} filers)")
    floor = _measure("floor-13f", zip_path)
    print(_row("pyarrow streaming read", floor, None, tsv_mb))
    print(_row("import sec-13f", _measure("import-13f", zip_path), floor, tsv_mb))
    print(f"PSC: snapshot of {lines:,} lines ({psc_mb:,.0f} MB of JSON lines)")
    floor = _measure("floor-psc", psc_path)
    print(_row("pyarrow streaming read", floor, None, psc_mb))
    print(_row("import uk-psc", _measure("import-psc", psc_path), floor, psc_mb))


if __name__ == "__main__":
    main()
