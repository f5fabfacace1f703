"""Stake bands in the data contract: both ends or none, low ≤ high, a stake inside its band."""

from __future__ import annotations

from pathlib import Path

import pytest

from jvgraph.errors import DataError
from jvgraph.explore import validate_dataset

HEADER = "owner_id,company_id,stake,stake_low,stake_high,control,since,until,source"


def _holdings(edited: object, *rows: str) -> Path:
    text = "\n".join([HEADER, *rows]) + "\n"
    return edited(holdings=text.encode())  # type: ignore[operator, no-any-return]


def test_bands_are_read_and_checked(edited: object) -> None:
    good = _holdings(edited, "m-1,c-1,,0.25,0.5,,2020-01-01,,test", "m-2,c-1,0.3,0.25,0.5,,,,test")
    held = validate_dataset(good).tables["holdings"]
    assert held.column("stake_low").to_pylist()[:2] == [0.25, 0.25]
    assert held.column("stake_high").to_pylist()[:2] == [0.5, 0.5]
    bad = _holdings(
        edited,
        "m-1,c-1,,0.25,,,2020-01-01,,test",
        "m-2,c-1,,0.75,0.5,,2021-06-30,,test",
        "m-1,c-2,0.9,0.25,0.5,,2022-01-01,,test",
        "m-2,c-2,,0,0.5,,,,test",
    )
    with pytest.raises(DataError) as caught:
        validate_dataset(bad)
    assert caught.value.lines() == [
        "holdings.csv:2: stake_high: stake_low is given but stake_high is empty: a band needs both ends",
        "holdings.csv:3: stake_low: stake_low 0.75 is above stake_high 0.5",
        "holdings.csv:4: stake: stake 0.9 is outside its band [0.25, 0.5]",
        "holdings.csv:5: stake_low: 0 is outside (0, 1]: a stake is a fraction",
    ]
