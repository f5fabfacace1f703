"""Stakes known only as a band (``stake_low``, ``stake_high``), through the stake-based measures.

Registers state many stakes as bands: the UK PSC register says "25 to 50 percent", not
31.2%. A holding with a stated ``stake`` keeps it; a holding with a band and no stated
stake takes a point of its band where a measure needs one number: its low end, its
midpoint or its high end (``point``, ``mid`` by default, and always said with the
number). The common-ownership index is also computed with every such stake at its low
end and at its high end, and both are given (``delta_mhhi_range``, ``mhhi_range``).

These are the index at the two ends of the bands, not bounds on it: ΔMHHI is a ratio of
sums of stakes (O'Brien & Salop 2000) and need not move in one direction as stakes grow,
so a value inside the bands can fall outside the two. The company HHI does not depend on
stakes and is the same at every point.

>>> import pyarrow as pa
>>> h = pa.table({"stake": [0.1, None], "stake_low": [None, 0.25], "stake_high": [None, 0.5]})
>>> point_stakes(h, "mid").column("stake").to_pylist()
[0.1, 0.375]
>>> banded_only(h)
1
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from jvgraph.errors import UsageError
from jvgraph.model import Dataset

__all__ = ["POINTS", "banded_only", "point_dataset", "point_stakes", "stake_ranges"]

#: where in its band a stake known only as a band is taken
POINTS = ("low", "mid", "high")


def _band_only(holdings: pa.Table) -> pa.ChunkedArray | None:
    """Per holding: whether its stake is known only as a band (``None``: no bands)."""
    if "stake_low" not in holdings.column_names:
        return None
    stated = pc.is_valid(holdings.column("stake"))
    return pc.and_(pc.invert(stated), pc.is_valid(holdings.column("stake_low")))


def banded_only(holdings: pa.Table) -> int:
    """How many holdings state a band and no stake."""
    mask = _band_only(holdings)
    return 0 if mask is None else int(pc.sum(mask).as_py() or 0)


def point_stakes(holdings: pa.Table, point: str) -> pa.Table:
    """``holdings`` with each stake known only as a band set to its band's ``point``."""
    if point not in POINTS:
        raise UsageError(f"unknown stake point {point!r}: use one of {', '.join(POINTS)}")
    mask = _band_only(holdings)
    if mask is None:
        return holdings
    low, high = holdings.column("stake_low"), holdings.column("stake_high")
    value = {
        "low": low,
        "high": high,
        "mid": pc.divide(pc.add(low, high), 2.0),
    }[point]
    stake = pc.if_else(mask, value, holdings.column("stake"))
    at = holdings.column_names.index("stake")
    return holdings.set_column(at, "stake", stake.cast(holdings.schema.field("stake").type))


def point_dataset(dataset: Dataset, point: str) -> Dataset:
    """``dataset`` with its banded stakes at ``point`` (itself where no stake is banded)."""
    holdings = dataset.tables["holdings"]
    if not banded_only(holdings):
        if point not in POINTS:
            raise UsageError(f"unknown stake point {point!r}: use one of {', '.join(POINTS)}")
        return dataset
    return replace(dataset, tables={**dataset.tables, "holdings": point_stakes(holdings, point)})


def stake_ranges(
    dataset: Dataset, as_of: dt.date | None, market: str, *, combine_controlled: bool = False
) -> dict[str, dict[str, Any]]:
    """Per market: ``delta_mhhi_range`` and ``mhhi_range``, [at the bands' low ends, at
    their high ends] (``None`` where the index is not computed)."""
    from jvgraph.metrics.arrays import GraphArrays
    from jvgraph.metrics.common_ownership import common_ownership
    from jvgraph.metrics.firms import combined_common_ownership

    ends = []
    for point in ("low", "high"):
        g = GraphArrays.build(point_dataset(dataset, point), as_of)
        ends.append(
            combined_common_ownership(g, market)
            if combine_controlled
            else common_ownership(g, market)
        )
    low, high = ends
    return {
        m: {
            f"{key}_range": None
            if low[m][key] is None or high[m][key] is None
            else [low[m][key], high[m][key]]
            for key in ("delta_mhhi", "mhhi")
        }
        for m in low
    }
