"""The use cases the CLI, the API and the report share.

Each function takes a store it is given and returns plain data; printing
and HTTP belong to the adapters.

>>> import tempfile, os
>>> from jvgraph.config import bundled_dataset
>>> from jvgraph.store import open_store
>>> with tempfile.TemporaryDirectory() as tmp:
...     with open_store(os.path.join(tmp, "g.db")) as store:
...         counts = load_dataset(store, bundled_dataset("jv-2026"))
...         print(summary(store)["vendors"][0]["name"])
Anthropic
"""

from __future__ import annotations

from jvgraph.explore.analysis import (
    DEFAULT_OWNER_PAIRS,
    MetricsCache,
    betweenness,
    capped,
    explain,
    metrics,
    owner_overlap,
    reached_by,
    what_if,
    write_owner_pairs,
)
from jvgraph.explore.data import (
    delete_rows,
    existing,
    load_dataset,
    summary,
    validate_dataset,
)

__all__ = [
    "DEFAULT_OWNER_PAIRS",
    "MetricsCache",
    "betweenness",
    "capped",
    "delete_rows",
    "existing",
    "explain",
    "load_dataset",
    "metrics",
    "owner_overlap",
    "reached_by",
    "summary",
    "validate_dataset",
    "what_if",
    "write_owner_pairs",
]
