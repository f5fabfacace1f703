"""Owner pairs sharing a company, found without a sparse product, against dense products."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from jvgraph.load import read_dataset
from jvgraph.metrics import overlap as ov
from jvgraph.metrics import sharing

FIELDS = ("a", "b", "shared", "jaccard", "overlap_coefficient", "revenue_jaccard")


def dense_sharing(members: sp.csr_matrix, revenue: np.ndarray[Any, Any]) -> dict[str, Any]:
    """Every pair from the dense products, keeping those that share a column."""
    every = ov.overlap_arrays(members, revenue, all_pairs=True)
    keep = every["shared"] > 0
    return {f: every[f][keep] for f in FIELDS}


def assert_same(got: dict[str, Any], want: dict[str, Any]) -> None:
    for f in FIELDS:
        np.testing.assert_array_equal(got[f], want[f], err_msg=f)


def test_hand_computed_pairs() -> None:
    # row 0 holds c0 c1 c2; row 1 c1 c2; row 2 nothing; row 3 c3 (its only holder); row 4 c0
    members = sp.csr_matrix(
        (np.ones(7), ([0, 0, 0, 1, 1, 3, 4], [0, 1, 2, 1, 2, 3, 0])), shape=(5, 4)
    )
    revenue = np.array([10.0, 20.0, 30.0, 40.0])
    got = ov.overlap_arrays(members, revenue, all_pairs=False)
    assert got["a"].tolist() == [0, 0] and got["b"].tolist() == [1, 4]
    assert got["shared"].tolist() == [2, 1]
    assert got["jaccard"].tolist() == [2 / 3, 1 / 3]
    assert got["overlap_coefficient"].tolist() == [1.0, 1.0]
    assert got["revenue_jaccard"].tolist() == [50 / 60, 10 / 60]


def test_no_shared_company_gives_no_pairs() -> None:
    members = sp.csr_matrix(np.eye(4))
    got = ov.overlap_arrays(members, np.ones(4), all_pairs=False)
    assert all(len(got[f]) == 0 for f in FIELDS)
    empty = ov.overlap_arrays(sp.csr_matrix((0, 3)), np.ones(3), all_pairs=False)
    assert len(empty["a"]) == 0


@st.composite
def matrices(draw: st.DrawFn) -> tuple[sp.csr_matrix, np.ndarray[Any, Any]]:
    rows = draw(st.integers(1, 12))
    cols = draw(st.integers(1, 10))
    cells = draw(
        st.lists(st.tuples(st.integers(0, rows - 1), st.integers(0, cols - 1)), max_size=60)
    )
    r = np.array([c[0] for c in cells], dtype=np.int64)
    c = np.array([c[1] for c in cells], dtype=np.int64)
    stakes = np.full(len(cells), 0.5)  # a repeated cell is one holding with its stakes summed
    revenue = np.array(
        draw(st.lists(st.sampled_from([0, 1, 7, 250]), min_size=cols, max_size=cols))
    )
    return sp.csr_matrix((stakes, (r, c)), shape=(rows, cols)), revenue.astype(float)


@settings(max_examples=200, deadline=None)
@given(matrices(), st.sampled_from([1, 2, 3, 5, 1 << 17]))
def test_blocks_agree_with_dense_products(
    case: tuple[sp.csr_matrix, np.ndarray[Any, Any]], block: int
) -> None:
    members, revenue = case
    original = sharing.BLOCK
    sharing.BLOCK = block  # a few listings per block: many block boundaries
    try:
        got = ov.overlap_arrays(members, revenue, all_pairs=False)
    finally:
        sharing.BLOCK = original
    assert_same(got, dense_sharing(members, revenue))


def test_blocks_of_few_rows_where_packed_keys_need_it() -> None:
    rng = np.random.default_rng(3)
    members = sp.random(300, 80, density=0.1, format="csr", random_state=rng)
    revenue = rng.integers(0, 100, 80).astype(float)
    listings = sharing.Listings.of(members)
    for size in (1, 7, 100, 10**6):
        cuts = listings.cuts(size)
        assert cuts[0] == 0 and cuts[-1] == 300 and cuts == sorted(set(cuts))
    # with room for 2**14 packed values only, a block has at most 2**14 // 300 rows
    few = listings.cuts(10**6, key_bits=14 + listings.bits)
    assert len(few) > 2 and max(b - a for a, b in itertools.pairwise(few)) <= 54
    parts = [listings.block(a, b, revenue + 1.0) for a, b in itertools.pairwise(few)]
    a, b, shared, shared_rev = (np.concatenate([p[k] for p in parts]) for k in range(4))
    want = dense_sharing(members, revenue)
    np.testing.assert_array_equal(a, want["a"])
    np.testing.assert_array_equal(b, want["b"])
    np.testing.assert_array_equal(shared, want["shared"])
    pattern = members.copy()
    pattern.data[:] = 1.0
    np.testing.assert_array_equal(
        shared_rev, (pattern.multiply(revenue) @ pattern.T).toarray()[a, b]
    )


@pytest.mark.parametrize("seed", [0, 1])
def test_a_larger_random_graph(seed: int) -> None:
    rng = np.random.default_rng(seed)
    members = sp.random(400, 300, density=0.03, format="csr", random_state=rng)
    revenue = rng.integers(0, 10**6, 300).astype(float)
    assert_same(
        ov.overlap_arrays(members, revenue, all_pairs=False), dense_sharing(members, revenue)
    )


def test_top_breaks_ties_at_the_cut_by_jaccard_then_ids() -> None:
    # rows 0-1 share 2 companies; pairs (2, 3), (4, 5) and (6, 7) share 1, with Jaccard
    # 1/3 for (2, 3), 1 for (4, 5) and 1/2 for (6, 7)
    cells = [(0, 0), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3), (3, 2), (3, 4)]
    cells += [(4, 5), (5, 5), (6, 6), (6, 7), (7, 6)]
    rows, cols = zip(*cells, strict=True)
    members = sp.csr_matrix((np.ones(len(cells)), (rows, cols)), shape=(8, 8))
    ids = np.array([f"o-{i}" for i in range(8)], dtype=object)
    pairs = ov.overlap_pairs(members, ids, np.ones(8), all_pairs=False)
    assert len(pairs) == 4
    assert [(p["a"], p["b"]) for p in pairs.top(2)] == [("o-0", "o-1"), ("o-4", "o-5")]
    assert [(p["a"], p["b"]) for p in pairs.top(3)] == [
        ("o-0", "o-1"),
        ("o-4", "o-5"),
        ("o-6", "o-7"),
    ]
    assert pairs.top(10) == pairs.top(4) and len(pairs.top(4)) == 4 and pairs.top(0) == []


@settings(max_examples=150, deadline=None)
@given(matrices(), st.sampled_from([1, 3, 1 << 17]), st.integers(0, 8), st.booleans())
def test_the_best_pairs_kept_block_by_block_are_the_top_of_all(
    case: tuple[sp.csr_matrix, np.ndarray[Any, Any]], block: int, n: int, shuffled: bool
) -> None:
    members, revenue = case
    ids = np.array([f"o-{i:02d}" for i in range(members.shape[0])], dtype=object)
    if shuffled:  # ids not in row order: pairs and ties go by the ids
        ids = ids[::-1].copy()
    original = sharing.BLOCK
    sharing.BLOCK = block
    try:
        best, total = ov.top_sharing_pairs(members, ids, revenue, n)
    finally:
        sharing.BLOCK = original
    every = ov.overlap_pairs(members, ids, revenue, all_pairs=False)
    assert total == len(every)
    assert best == every.top(n)


@pytest.mark.parametrize("block", [1, 20, 400])
def test_the_best_pairs_of_a_larger_graph(block: int) -> None:
    rng = np.random.default_rng(block)
    members = sp.random(80, 40, density=0.12, format="csr", random_state=rng)
    revenue = rng.integers(0, 5, 40).astype(float)  # many ties in Jaccard too
    ids = np.array([f"o-{i:03d}" for i in rng.permutation(80)], dtype=object)
    every = ov.overlap_pairs(members, ids, revenue, all_pairs=False)
    original = sharing.BLOCK
    sharing.BLOCK = block
    try:
        for n in (1, 7, 60, 500, 10**6):
            best, total = ov.top_sharing_pairs(members, ids, revenue, n)
            assert total == len(every) and best == every.top(n), n
    finally:
        sharing.BLOCK = original


def test_fractional_revenue_is_summed_as_the_sparse_product_sums_it() -> None:
    rng = np.random.default_rng(5)
    members = sp.random(120, 50, density=0.5, format="csr", random_state=rng)  # ~12 shared
    members.data[:] = 1.0
    revenue = rng.random(50) * 1e3 / 7  # sums that depend on the order of addition
    got = ov.overlap_arrays(members, revenue, all_pairs=False)
    a, b = got["a"], got["b"]
    count = (members @ members.T).toarray()[a, b]
    plus_one = (members.multiply(revenue + 1.0).tocsr() @ members.T).toarray()[a, b]
    weights = members @ revenue
    np.testing.assert_array_equal(
        got["revenue_jaccard"], (plus_one - count) / (weights[a] + weights[b] - (plus_one - count))
    )
    ids = np.array([f"o-{i:03d}" for i in range(120)], dtype=object)
    every = ov.overlap_pairs(members, ids, revenue, all_pairs=False)
    assert ov.top_sharing_pairs(members, ids, revenue, 40) == (every.top(40), len(every))


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_the_pair_file_holds_every_pair_as_the_records_do(tmp_path: Path, suffix: str) -> None:
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    from jvgraph.metrics.arrays import GraphArrays
    from jvgraph.synth import generate

    generate(tmp_path / "d", managers=40, companies=150, vendors=2, holdings=900, seed=4)
    data = read_dataset(tmp_path / "d")
    names = data.tables["asset_managers"].column("name").to_pylist()
    data.tables["asset_managers"] = data.tables["asset_managers"].set_column(
        1, "name", pa.array(["=HYPERLINK(1)", *names[1:]])
    )
    g = GraphArrays.build(data)
    path = tmp_path / f"pairs{suffix}"
    original = sharing.BLOCK
    sharing.BLOCK = 50  # many blocks, each written as it comes
    try:
        written = ov.write_sharing_pairs(g, path)
    finally:
        sharing.BLOCK = original
    table = pq.read_table(path) if suffix == ".parquet" else pcsv.read_csv(path)
    assert table.column_names == list(ov.PAIR_FILE_COLUMNS)
    every = ov.overlap_pairs(g.stakes, g.owner_ids, g.revenue, all_pairs=False)
    assert written == table.num_rows == len(every) > 100
    rows = table.to_pylist()
    assert sorted(rows, key=lambda r: (r["a"], r["b"])) == [
        {**p, "a_name": _name(g, p["a"], suffix), "b_name": _name(g, p["b"], suffix)} for p in every
    ]
    assert all(r["a"] < r["b"] for r in rows)
    formula = [r["a_name"] for r in rows if "HYPERLINK" in r["a_name"]]
    assert formula and set(formula) == {_name(g, rows[0]["a"], suffix)}


def _name(g: Any, owner: str, suffix: str) -> str:
    name = str(g.owner_names[list(g.owner_ids).index(owner)])
    return "'" + name if suffix == ".csv" and name.startswith("=") else name
