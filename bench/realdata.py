"""Real-data benchmark: 13F airlines and Crunchbase, from the files to the report.

For each dataset, in one run: the import (against reading the source file with
pandas alone, the floor), the load into a fresh embedded store (against
validating the same dataset without loading it), the metric suite, κ (airlines),
the report (against the metric suite it starts from), and for Crunchbase the
explorer's use cases: type-ahead search for "Sequoia" and expanding it.

    python bench/realdata.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import OUT, best_of, fresh, timer

ROOT = Path(__file__).resolve().parents[1]


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.1f}x" if b > 0 else "n/a"


def _load_and_report(name: str, data: Path, t: dict[str, float], as_of: dt.date | None) -> None:
    from jvgraph.explore import load_dataset, metrics, validate_dataset
    from jvgraph.report import write_report
    from jvgraph.store import open_store

    with timer(t, "validate"):
        validate_dataset(data)
    with open_store(str(fresh(OUT / f"{name}.db"))) as store:
        with timer(t, "load"):
            counts = load_dataset(store, data)
        t["metrics"] = best_of(2, lambda: metrics(store, as_of=as_of))
        with timer(t, "report"):
            write_report(store, fresh(OUT / f"{name}-report"), as_of=as_of, pdf=False)
        if name == "crunchbase":
            _explorer(store, t)
    print(f"{name}: {counts['HOLDS']:,} holdings, {sum(counts.values()):,} nodes and edges")


def _explorer(store: Any, t: dict[str, float]) -> None:
    """What the explorer asks for: type-ahead search, then the node's neighbourhood."""
    from jvgraph.explore.browse import neighbourhood_view

    t["search"] = best_of(3, lambda: store.search("Sequoia"))
    node = next(n for n in store.search("Sequoia") if n.properties.get("name") == "Sequoia Capital")
    t["expand"] = best_of(3, lambda: neighbourhood_view(store, node.id, limit=200))


def _print(name: str, t: dict[str, float]) -> None:
    print(
        f"  import        {t['import']:6.2f} s  ({_ratio(t['import'], t['read'])} reading the file alone)"
    )
    print(
        f"  load          {t['load']:6.2f} s  ({_ratio(t['load'], t['validate'])} validating alone)"
    )
    print(f"  metrics       {t['metrics']:6.2f} s")
    if "kappa" in t:
        print(
            f"  kappa         {t['kappa']:6.2f} s  (one quarter); series 1999-2017 {t['series']:.2f} s"
        )
    print(
        f"  report        {t['report']:6.2f} s  ({_ratio(t['report'], t['metrics'])} the metrics; no PDF)"
    )
    if "search" in t:
        print(
            f"  search        {t['search'] * 1000:6.1f} ms for 'Sequoia'; expand {t['expand'] * 1000:.1f} ms"
        )


def airlines(data: Path) -> None:
    import pandas as pd

    from jvgraph.explore.ownership import kappa, kappa_series
    from jvgraph.importers import import_13f, parse_quarter, quarter_ends
    from jvgraph.store import open_store

    source = data / "13f_airlines_bcs" / "airlines.parquet"
    days = quarter_ends(parse_quarter("1999Q1"), parse_quarter("2017Q3"))
    t: dict[str, float] = {"read": best_of(3, lambda: pd.read_parquet(source))}
    with timer(t, "import"):
        import_13f(source, fresh(OUT / "airlines-data"), days)
    _load_and_report("airlines", OUT / "airlines-data", t, dt.date(2015, 3, 31))
    with open_store(str(OUT / "airlines.db")) as store:
        t["kappa"] = best_of(3, lambda: kappa(store, "Airlines", as_of=dt.date(2015, 3, 31)))
        with timer(t, "series"):
            kappa_series(store, "Airlines", days)
    print("  (all 75 quarters, 1999Q1-2017Q3; metrics and report as of 2015-03-31)")
    _print("airlines", t)


def crunchbase(data: Path) -> None:
    import pandas as pd

    from jvgraph.importers import import_crunchbase

    source = data / "crunchbase_2013" / "investments.csv"
    t: dict[str, float] = {"read": best_of(3, lambda: pd.read_csv(source))}
    with timer(t, "import"):
        import_crunchbase(source, fresh(OUT / "crunchbase-data"))
    _load_and_report("crunchbase", OUT / "crunchbase-data", t, None)
    _print("crunchbase", t)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    airlines(args.data)
    crunchbase(args.data)


if __name__ == "__main__":
    main()
