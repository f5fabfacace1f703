"""Shared fixtures: real stores on disk, small datasets written per test."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from jvgraph.store import GraphStore, open_store

TINY = Path(__file__).parent / "data" / "tiny"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def tiny() -> Path:
    """The tiny hand-made dataset (read-only: copy it before changing it)."""
    return TINY


@pytest.fixture
def store(tmp_path: Path) -> Iterator[GraphStore]:
    """A fresh, empty embedded store on disk."""
    with open_store(str(tmp_path / "store.db")) as opened:
        yield opened


EditFn = Callable[..., Path]


@pytest.fixture
def edited(tmp_path: Path) -> EditFn:
    """Copy the tiny dataset and replace or append lines of its files.

    ``edited(holdings={3: "m-1,c-1,1.5,,,,test"})`` replaces line 3 of
    holdings.csv; a key of ``"+"`` appends lines; ``None`` deletes the file;
    ``raw=`` gives a file's whole bytes.
    """
    counter = iter(range(1000))

    def make(**files: dict[object, str] | bytes | None) -> Path:
        out = tmp_path / f"dataset-{next(counter)}"
        shutil.copytree(TINY, out)
        for name, change in files.items():
            path = out / f"{name}.csv"
            if change is None:
                path.unlink()
            elif isinstance(change, bytes):
                path.write_bytes(change)
            else:
                lines = path.read_text(encoding="utf-8").splitlines()
                for key, text in change.items():
                    if key == "+":
                        lines.append(text)
                    else:
                        lines[int(str(key)) - 1] = text
                path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return out

    return make
