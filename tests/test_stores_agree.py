"""Both stores give the same export and the same metrics JSON for the same data."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings

from jvgraph.explore import load_dataset, metrics
from jvgraph.metrics.overlap import json_default
from jvgraph.store import GraphStore, open_store
from tests.strategies import datasets, write_dataset


def same_everything(neo4j: GraphStore, path: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp, open_store(str(Path(tmp) / "e.db")) as embedded:
        load_dataset(embedded, path)
        neo4j.load(embedded.export(), replace=True)
        a, b = embedded.export(), neo4j.export()
        for name in a.tables:
            assert (
                a.tables[name].to_pylist()
                == b.tables[name].select(a.tables[name].column_names).to_pylist()
            ), name
        assert json.dumps(metrics(embedded), default=json_default) == json.dumps(
            metrics(neo4j), default=json_default
        )
        assert embedded.counts() == neo4j.counts()


def test_the_tiny_dataset(neo4j_store: GraphStore, tiny: Path) -> None:
    same_everything(neo4j_store, tiny)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(records=datasets())
def test_random_datasets(neo4j_store: GraphStore, records: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        same_everything(neo4j_store, write_dataset(records, Path(tmp) / "d"))
