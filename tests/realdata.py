"""Where the tests find the public ownership data shipped beside the repository."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

#: ``shared/data`` beside the checkout (``$JVGRAPH_SHARED_DATA`` overrides)
SHARED_DATA = Path(
    os.environ.get("JVGRAPH_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data")
)
AIRLINES = SHARED_DATA / "13f_airlines_bcs" / "airlines.parquet"
INVESTMENTS = SHARED_DATA / "crunchbase_2013" / "investments.csv"


def need(path: Path) -> Path:
    """``path``, or a skip when it is absent (a failure under CI, where it must be there)."""
    if not path.exists():
        message = f"{path} is not there: set JVGRAPH_SHARED_DATA to the shared data folder"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path
