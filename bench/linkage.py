"""Linking firms across sources by name: splink (DuckDB) against exact keys, on a labelled sample.

The sample: the 1,671 13F filers of ``graph/airlines-13f`` against the 1,523
Crunchbase investors of ``graph/crunchbase-2013`` — two bundled real sources
that share no identifier (13F filers have CIKs, Crunchbase investors only
names), which is exactly where name matching would be needed. Every pair any
method proposes was labelled by hand in ``bench/data/linkage_labels.csv``
(``same firm``, ``same group``, ``different``, ``unsure``; the note says why),
from the names and what is publicly known of the firms. Precision is over the
pairs a method proposes; recall is pooled (over the same-firm pairs any method
found), so it is an upper bound.

    python bench/linkage.py        # needs splink: pip install '.[linkage]'
"""

from __future__ import annotations

import re
import sys
import time
import unicodedata
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
LABELS = Path(__file__).resolve().parent / "data" / "linkage_labels.csv"
_SUFFIXES = re.compile(
    r"\b(inc|incorporated|llc|l l c|lp|l p|llp|ltd|limited|co|corp|corporation|company|plc|"
    r"group|holdings?|the|na|n a|sa|ag|nv|se|gmbh|trust)\b"
)


def firm_key(name: str) -> str:
    """A name without case, accents, punctuation and legal-form words ("Goldman Sachs Group
    Inc" → "goldman sachs")."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9 ]", " ", text.replace("&", " and "))
    return " ".join(_SUFFIXES.sub(" ", text).split())


def _plain(name: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", str(name).upper())


def _sides() -> tuple[pd.DataFrame, pd.DataFrame]:
    filers = pd.read_csv(ROOT / "graph/airlines-13f/asset_managers.csv")[["id", "name"]]
    investors = pd.read_csv(ROOT / "graph/crunchbase-2013/asset_managers.csv")[["id", "name"]]
    for side in (filers, investors):
        side["firm"] = side["name"].map(firm_key)
        side["first"] = side["firm"].str.split().str[0]
        side["unique_id"] = side["id"]
    return filers, investors


def exact(filers: pd.DataFrame, investors: pd.DataFrame, column: str) -> pd.DataFrame:
    pairs = filers.merge(investors, on=column, suffixes=("_l", "_r"))
    return pairs[["name_l", "name_r"]]


def splink_pairs(filers: pd.DataFrame, investors: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """splink 4+/5 (Fellegi–Sunter), link-only, DuckDB: Jaro-Winkler on the firm key with
    term-frequency adjustment, blocked on its first word; u by random sampling, m by EM."""
    import splink.comparison_library as cl
    from splink import Linker, SettingsCreator, block_on
    from splink.backends.duckdb import DuckDBAPI

    db = DuckDBAPI()
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("firm", [0.95, 0.88]).configure(
                term_frequency_adjustments=True
            )
        ],
        blocking_rules_to_generate_predictions=[block_on("first")],
        additional_columns_to_retain=["name"],
    )
    linker = Linker([db.register(filers), db.register(investors)], settings, log_level=40)
    linker.training.estimate_probability_two_random_records_match([block_on("firm")], recall=0.8)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("first"))
    found = linker.inference.predict(threshold_match_probability=threshold).as_pandas_dataframe()
    found = found[found["match_probability"] >= threshold]
    return found[["name_l", "name_r"]]


def score(pairs: pd.DataFrame, labels: pd.DataFrame, positives: int) -> str:
    keyed = pairs.assign(key=pairs["name_l"].map(_plain) + "|" + pairs["name_r"])
    label = keyed["key"].map(labels.set_index("key")["label"]).fillna("unlabelled")
    judged = label[label != "unsure"]
    if (judged == "unlabelled").any():
        missing = keyed[label == "unlabelled"][["name_l", "name_r"]].to_string()
        raise SystemExit(f"pairs without a label (add them to {LABELS.name}):\n{missing}")
    same = int((judged == "same firm").sum())
    group = int((judged == "same group").sum())
    n = len(judged)
    precision = same / n if n else float("nan")
    loose = (same + group) / n if n else float("nan")
    return (
        f"{n:4d} pairs  precision {precision:5.2f} (same firm), {loose:5.2f} (same group too)"
        f"  pooled recall {same / positives:5.2f}"
    )


def main() -> None:
    labels = pd.read_csv(LABELS, dtype=str, keep_default_na=False)
    labels["key"] = labels["filer_name"].map(_plain) + "|" + labels["investor_name"]
    positives = int((labels["label"] == "same firm").sum())
    filers, investors = _sides()
    print(
        f"{len(filers):,} 13F filers × {len(investors):,} Crunchbase investors; "
        f"{len(labels)} labelled pairs, {positives} the same firm"
    )
    print("  identifier join             0 pairs  (the sources share no identifier)")
    filers["plain"] = filers["name"].str.casefold().str.split().str.join(" ")
    investors["plain"] = investors["name"].str.casefold().str.split().str.join(" ")
    print(
        f"  exact name                {score(exact(filers, investors, 'plain'), labels, positives)}"
    )
    print(
        f"  exact firm key            {score(exact(filers, investors, 'firm'), labels, positives)}"
    )
    try:
        import splink  # noqa: F401
    except ImportError:
        print("  splink: not installed (pip install '.[linkage]')")
        return
    for threshold in (0.002, 0.04, 0.09):
        started = time.perf_counter()
        pairs = splink_pairs(filers, investors, threshold)
        took = time.perf_counter() - started
        print(
            f"  splink p ≥ {threshold:<5}        {score(pairs, labels, positives)}  ({took:.1f} s)"
        )


if __name__ == "__main__":
    sys.exit(main())
