"""Load benchmark: jvgraph's validated load against LadybugDB's own COPY of the same rows.

Prints, in one run on the same synthetic dataset:
- LadybugDB ``COPY`` straight from the CSV files (its own parser, no validation);
- LadybugDB ``COPY`` from the Arrow tables jvgraph parsed (the database's insert alone);
- ``jvgraph load`` (read, convert, validate every rule, then COPY in one transaction);
and the ratios of jvgraph to each. The target is at most 1.5x the first.

    python bench/load.py --size M
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import OUT, dataset, timer

CSV_NODES = [
    ("Vendor", "vendors"),
    ("AssetManager", "asset_managers"),
    ("JointVenture", "joint_ventures"),
    ("PortfolioCompany", "companies"),
]


def _date(col: str) -> str:
    return f"CAST(nullif({col}, '') AS DATE)"


def ladybug_copy_csv(db_path: Path, data: Path) -> None:
    import ladybug

    from jvgraph.config import cypher_statements

    db = ladybug.Database(str(db_path))
    conn = ladybug.Connection(db)
    for statement in cypher_statements("schema.ladybug.cypher"):
        conn.execute(statement)
    for label, name in CSV_NODES:
        conn.execute(f"COPY {label} FROM '{data / name}.csv' (header=true)")
    conn.execute(
        f"COPY FORMED FROM (LOAD FROM '{data}/joint_ventures.csv' (header=true) "
        "RETURN vendor_id, id)"
    )
    conn.execute(
        f"COPY PARTNER_IN FROM (LOAD FROM '{data}/jv_partners.csv' (header=true) "
        "RETURN manager_id, jv_id, commitment_usd, source)"
    )
    header = (
        "owner_id STRING, company_id STRING, stake DOUBLE, control BOOLEAN, "
        "since STRING, until STRING, source STRING"
    )
    for prefix, src in (("am-", "AssetManager"), ("pc-", "PortfolioCompany")):
        conn.execute(
            f"COPY HOLDS FROM (LOAD WITH HEADERS ({header}) FROM '{data}/holdings.csv' "
            f"(header=true) WHERE owner_id STARTS WITH '{prefix}' RETURN owner_id, company_id, "
            f"stake, control, {_date('since')}, {_date('until')}, source) "
            f"(from='{src}', to='PortfolioCompany')"
        )
    conn.close()
    db.close()


def ladybug_copy_arrow(db_path: Path, data: Path) -> float:
    """Seconds LadybugDB takes to COPY the parsed tables (parsing is not timed)."""
    import ladybug

    from jvgraph.config import cypher_statements
    from jvgraph.load import read_dataset
    from jvgraph.store.bulk import BulkWriter

    dataset_ = read_dataset(data)
    db = ladybug.Database(str(db_path))
    conn = ladybug.Connection(db)
    for statement in cypher_statements("schema.ladybug.cypher"):
        conn.execute(statement)

    def columns(table: str) -> list[tuple[str, str]]:
        rows = conn.execute(f"CALL table_info('{table}') RETURN name, type").get_all()
        return [(str(r[0]), str(r[1])) for r in rows]

    results: dict[str, float] = {}
    with timer(results, "copy"):
        BulkWriter(conn, columns, None).write(dataset_)
    conn.close()
    db.close()
    return results["copy"]


def jvgraph_load(db_path: Path, data: Path) -> dict[str, int]:
    from jvgraph.explore import load_dataset
    from jvgraph.store import open_store

    with open_store(str(db_path)) as store:
        return load_dataset(store, data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="M", choices=["S", "M", "L"])
    args = parser.parse_args()
    data = dataset(args.size)
    work = OUT / "load-dbs"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    t: dict[str, float] = {}
    with timer(t, "ladybug COPY from CSV"):
        ladybug_copy_csv(work / "csv.db", data)
    t["ladybug COPY from Arrow"] = ladybug_copy_arrow(work / "arrow.db", data)
    with timer(t, "jvgraph load (validated)"):
        counts = jvgraph_load(work / "jvgraph.db", data)
    print(
        f"load benchmark, size {args.size}: {counts['HOLDS']:,} holdings, "
        f"{sum(v for k, v in counts.items() if k[0].isupper() and not k.isupper()):,} nodes"
    )
    for name, seconds in t.items():
        print(f"  {name:<28} {seconds:7.2f} s  {counts['HOLDS'] / seconds:>12,.0f} holdings/s")
    base = t["ladybug COPY from CSV"]
    print(
        f"  ratio jvgraph / LadybugDB COPY from CSV:   {t['jvgraph load (validated)'] / base:.2f}x"
        " (target <= 1.5x)"
    )
    print(
        f"  ratio jvgraph / LadybugDB COPY from Arrow: "
        f"{t['jvgraph load (validated)'] / t['ladybug COPY from Arrow']:.2f}x"
    )
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
