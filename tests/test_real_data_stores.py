"""The bundled real datasets give the same graph, metrics and κ on both stores."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from jvgraph.config import bundled_dataset
from jvgraph.explore import load_dataset
from jvgraph.explore.ownership import kappa
from jvgraph.store import GraphStore
from tests.test_stores_agree import same_everything


@pytest.mark.parametrize(
    "name", ["airlines-13f", "crunchbase-2013", "jv-2026", "jv-2026-illustrative"]
)
def test_real_datasets_agree_across_stores(neo4j_store: GraphStore, name: str) -> None:
    same_everything(neo4j_store, bundled_dataset(name))


def test_unknown_stakes_stay_unknown_on_both_stores(contract_store: GraphStore) -> None:
    load_dataset(contract_store, bundled_dataset("crunchbase-2013"))
    stakes = contract_store.export().tables["holdings"].column("stake")
    assert stakes.null_count == len(stakes) == 2_637


def test_kappa_on_both_stores(contract_store: GraphStore) -> None:
    load_dataset(contract_store, bundled_dataset("airlines-13f"))
    doc = kappa(contract_store, "Airlines", as_of=dt.date(2015, 12, 31))
    assert round(doc["summary"]["median"], 4) == 0.6942
    assert json.dumps(doc)  # plain JSON: no NaN, no numpy types
