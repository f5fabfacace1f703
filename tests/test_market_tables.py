"""The optional market files, markets.csv and vendor_shares.csv: checks and both stores."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from jvgraph.errors import DataError
from jvgraph.explore import load_dataset, metrics
from jvgraph.load import read_dataset
from jvgraph.store import GraphStore

Edit = Callable[..., Path]

# tiny: Logistics c-1 100, c-2 300, c-5 40 (440 in the data); Healthcare c-3 50, c-4 150
MARKETS = b"market,total_revenue_usd,source\nLogistics,1000,test\nHealthcare,400,test\n"
SHARES = (
    b"market,vendor,share,source\n"
    b"Logistics,v-a,0.5,test\nLogistics,v-b,0.2,test\nLogistics,Other AI,0.1,test\n"
)


def problems(path: Path) -> list[str]:
    with pytest.raises(DataError) as err:
        read_dataset(path)
    return err.value.lines()


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "markets",
            b"market,total_revenue_usd,source\nNowhere,10,test\n",
            "markets.csv:2: market: unknown market: no company has sector 'Nowhere'",
        ),
        (
            "markets",
            b"market,total_revenue_usd,source\nLogistics,-5,test\n",
            "markets.csv:2: total_revenue_usd: -5 is negative",
        ),
        (
            "markets",
            b"market,total_revenue_usd,source\nLogistics,lots,test\n",
            "markets.csv:2: total_revenue_usd: 'lots' is not a number",
        ),
        (
            "markets",
            b"market,total_revenue_usd,source\nLogistics,400,test\n",
            "markets.csv:2: total_revenue_usd: 400 is below the revenue of the companies of "
            "sector 'Logistics' in the data (440): the total is the whole market's",
        ),
        (
            "markets",
            b"market,total_revenue_usd,source\nLogistics,1000,a\nLogistics,2000,b\n",
            "markets.csv:3: market: sector 'Logistics' is listed twice (first at line 2)",
        ),
        (
            "markets",
            b"grouping,market,total_revenue_usd,source\ncontinent,Europe,10,test\n",
            "markets.csv:2: grouping: 'continent' is not a company column that defines "
            "markets (use one of country, sector)",
        ),
        (
            "markets",
            b"market,source\nLogistics,test\n",
            "markets.csv:1: total_revenue_usd: required column is missing",
        ),
        (
            "vendor_shares",
            b"market,vendor,share,source\nLogistics,v-a,1.2,test\n",
            "vendor_shares.csv:2: share: 1.2 is outside [0, 1]: a share is a fraction",
        ),
        (
            "vendor_shares",
            b"market,vendor,share,source\nLogistics,v-a,-0.1,test\n",
            "vendor_shares.csv:2: share: -0.1 is outside [0, 1]: a share is a fraction",
        ),
        (
            "vendor_shares",
            b"market,vendor,share,source\nLogistics,v-a,0.7,test\nLogistics,Other,0.4,test\n",
            "vendor_shares.csv:3: share: the vendor shares of sector 'Logistics' sum to 1.1, "
            "more than 1",
        ),
        (
            "vendor_shares",
            b"market,vendor,share,source\nLogistics,v-a,0.2,a\nLogistics,v-a,0.3,b\n",
            "vendor_shares.csv:3: vendor: vendor 'v-a' is listed twice for sector 'Logistics' "
            "(first at line 2)",
        ),
        (
            "vendor_shares",
            b"market,vendor,share,source\nRetail,v-a,0.2,test\n",
            "vendor_shares.csv:2: market: unknown market: no company has sector 'Retail'",
        ),
    ],
)
def test_bad_market_files_are_refused_with_file_line_and_column(
    edited: Edit, name: str, text: bytes, expected: str
) -> None:
    assert problems(edited(**{name: text})) == [expected]


def test_both_files_are_optional_and_a_grouping_other_than_sector_works(edited: Edit) -> None:
    assert read_dataset(edited()).rows("markets") == 0
    data = read_dataset(
        edited(markets=b"grouping,market,total_revenue_usd,source\ncountry,DE,900,test\n")
    )
    assert data.tables["markets"].to_pylist() == [
        {"grouping": "country", "market": "DE", "total_revenue_usd": 900.0, "source": "test"}
    ]


def test_a_refused_load_leaves_the_store_as_it_was(
    contract_store: GraphStore, edited: Edit
) -> None:
    load_dataset(contract_store, edited(markets=MARKETS, vendor_shares=SHARES))
    before = contract_store.export()
    # v-b's share raised: with the stored 0.5 (v-a) and 0.1 (Other AI) the shares sum to 1.2
    bad = edited(
        markets=MARKETS, vendor_shares=b"market,vendor,share,source\nLogistics,v-b,0.6,x\n"
    )
    with pytest.raises(DataError, match=r"sum to 1\.2 with the shares stored before"):
        load_dataset(contract_store, bad)
    # a company that pushes Logistics above its stored total of 1,000
    richer = edited(companies={"+": "c-6,Zeta Freight,Logistics,600,,US,test"})
    with pytest.raises(DataError, match=r"companies.csv:7: revenue_usd: .* above the market's"):
        load_dataset(contract_store, richer)
    after = contract_store.export()
    assert {n: t.to_pylist() for n, t in before.tables.items()} == {
        n: t.to_pylist() for n, t in after.tables.items()
    }


def test_both_stores_store_export_and_replace_market_rows(
    contract_store: GraphStore, edited: Edit
) -> None:
    path = edited(markets=MARKETS, vendor_shares=SHARES)
    load_dataset(contract_store, path)
    want = read_dataset(path)
    got = contract_store.export()
    for name in ("markets", "vendor_shares"):
        assert (
            got.tables[name].to_pylist()
            == want.tables[name]
            .sort_by(
                [
                    (k, "ascending")
                    for k in ("grouping", "market", "vendor")
                    if k in want.tables[name].column_names
                ]
            )
            .to_pylist()
        )
    # a row with a stored key replaces it; the others stay
    load_dataset(
        contract_store,
        edited(markets=b"market,total_revenue_usd,source\nLogistics,2000,newer\n"),
    )
    rows = {r["market"]: r for r in contract_store.export().tables["markets"].to_pylist()}
    assert (rows["Logistics"]["total_revenue_usd"], rows["Logistics"]["source"]) == (
        2000.0,
        "newer",
    )
    assert rows["Healthcare"]["total_revenue_usd"] == 400.0
    # the metrics computed from the store see them
    doc = metrics(contract_store)
    assert doc["access"]["Logistics"]["market_revenue_usd"] == 2000.0
    assert doc["vendor_market"]["Logistics"]["shares"] == {"v-a": 0.5, "v-b": 0.2, "Other AI": 0.1}
    load_dataset(contract_store, edited(), replace=True)
    assert contract_store.export().tables["markets"].num_rows == 0
    assert contract_store.export().tables["vendor_shares"].num_rows == 0
