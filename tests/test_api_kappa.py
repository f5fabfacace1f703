"""The κ routes over real HTTP, on the bundled airline 13F dataset."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from jvgraph.api import create_app
from jvgraph.config import bundled_dataset
from jvgraph.explore import load_dataset
from jvgraph.explore.ownership import kappa
from jvgraph.store import GraphStore
from tests.server import serving

AA, DL = "13f-firm-21020", "13f-firm-91926"


@pytest.fixture
def api(store: GraphStore) -> Iterator[httpx.Client]:
    load_dataset(store, bundled_dataset("airlines-13f"))
    with serving(create_app(store)) as url, httpx.Client(base_url=url, timeout=30) as client:
        yield client


def ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def test_kappa_route_equals_the_library(api: httpx.Client, store: GraphStore) -> None:
    import datetime as dt

    got = ok(api.get("/api/kappa", params={"name": "Airlines", "as_of": "2015-03-31"}))
    assert got == kappa(store, "Airlines", as_of=dt.date(2015, 3, 31))
    pairs = {(p["f"], p["g"]): p["kappa"] for p in got["pairs"]}
    assert round(pairs[(AA, DL)], 4) == 0.4148 and round(pairs[(DL, AA)], 4) == 0.8672
    sole = ok(api.get("/api/kappa", params={"name": "Airlines", "control": "sole"}))
    assert sole["control"] == "sole" and sole["sole_control_fallback_firms"] == 7


def test_kappa_series_route(api: httpx.Client) -> None:
    params = {"name": "Airlines", "from": "2014Q3", "to": "2015Q4", "pair": [f"{AA},{DL}"]}
    doc = ok(api.get("/api/kappa/series", params=params))
    assert [r["as_of"] for r in doc["series"]] == ["2014-09-30", "2015-03-31", "2015-12-31"]
    assert round(doc["series"][-1]["median"], 4) == 0.6942
    assert doc["names"][AA] == "American Airlines Group"
    assert any("Backus-Conlon-Sinkinson" in s for s in doc["sources"])
    by_name = dict(params, pair=["american airlines group,Delta Air Lines"])  # names, any case
    assert ok(api.get("/api/kappa/series", params=by_name)) == doc
    unknown = api.get("/api/kappa/series", params=dict(params, pair=["American,Delta"]))
    assert unknown.status_code == 404 and unknown.json()["error"] == "not_found"


@pytest.mark.parametrize(
    ("path", "params", "status", "words"),
    [
        ("/api/kappa", {"name": "Railways"}, 422, "no companies with sector = 'Railways'"),
        ("/api/kappa", {"name": "Airlines", "control": "x"}, 422, "power:A"),
        ("/api/kappa", {"name": "Airlines", "market": "colour"}, 422, "unknown market"),
        ("/api/kappa", {}, 422, "name"),
        ("/api/kappa/series", {"name": "Airlines", "from": "2015", "to": "2015Q4"}, 422, "YYYYQn"),
        (
            "/api/kappa/series",
            {"name": "Airlines", "from": "2015Q1", "to": "2015Q4", "pair": "x"},
            422,
            "FROM,TO",
        ),
    ],
)
def test_kappa_bad_requests(
    api: httpx.Client, path: str, params: dict[str, str], status: int, words: str
) -> None:
    response = api.get(path, params=params)
    assert response.status_code == status, response.text
    assert words in response.text
