"""Report benchmark: the time to write the whole report for a synthetic dataset.

Loads the dataset into a fresh embedded store (not timed), then times
``jvgraph report`` (every metric, the sensitivity table, one merger scenario per
vendor pair, the charts, HTML, Markdown, JSON and PDF). Target on M: under 20 s.
As a baseline, times in the same run on the same store what the report cannot do
without: reading the store and the metrics suite alone (``jvgraph.metrics.suite``, as
``jvgraph metrics`` computes it, best of 3), and prints the report's time as a multiple
of the suite's.

    python bench/report.py [--size M]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import OUT, best_of, dataset, fresh, timer


def suite(data: Any) -> float:
    """Seconds of the metrics suite alone, as ``jvgraph metrics`` computes it (the owner
    pairs sharing most), the best of 3, as bench/metrics.py times it."""
    from jvgraph.explore import DEFAULT_OWNER_PAIRS
    from jvgraph.metrics.suite import compute_all

    return best_of(3, lambda: compute_all(data, owner_pairs=DEFAULT_OWNER_PAIRS))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="M", choices=["S", "M", "L"])
    args = parser.parse_args()
    from jvgraph.explore import load_dataset
    from jvgraph.report import write_report
    from jvgraph.store import open_store

    db = fresh(OUT / f"report-{args.size}.db")
    t: dict[str, float] = {}
    with open_store(str(db)) as store:
        with timer(t, "load"):
            counts = load_dataset(store, dataset(args.size))
        with timer(t, "report"):
            result = write_report(store, OUT / f"report-{args.size}")
        with timer(t, "report without PDF"):
            write_report(store, OUT / f"report-{args.size}-nopdf", pdf=False)
        with timer(t, "export"):
            data = store.export()
        t["suite"] = suite(data)
    print(
        f"report benchmark, size {args.size}: {counts['HOLDS']:,} holdings "
        f"(loaded in {t['load']:.1f} s, not counted)"
    )
    print(
        f"  jvgraph report: {t['report']:.1f} s for {', '.join(result['files'])} "
        f"(target < 20 s); without the PDF {t['report without PDF']:.1f} s"
    )
    print(
        f"  of which reading the store (export) {t['export']:.1f} s; the PDF, with the "
        f"first run's imports, {t['report'] - t['report without PDF']:.1f} s"
    )
    print(
        f"  report {t['report']:.1f} s = {t['report'] / t['suite']:.1f}x the metrics suite "
        f"alone ({t['suite']:.1f} s); reading the store and the suite "
        f"{t['export'] + t['suite']:.1f} s = {t['report'] / (t['export'] + t['suite']):.1f}x"
    )


if __name__ == "__main__":
    main()
