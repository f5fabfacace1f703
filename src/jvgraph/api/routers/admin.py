"""Edits of the stored graph, for the admin role: upsert and delete rows.

Both take the rows as a JSON dataset (an object of lists of records under the contract's
file names, as ``jvgraph load`` reads a JSON file), are checked as ``jvgraph load --upsert``
and ``jvgraph delete`` check them, and change the store all or nothing; the next request
of any reader sees the edited graph.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Body
from pydantic import BaseModel

from jvgraph.api.deps import StoreDep
from jvgraph.api.schemas import ErrorPublic
from jvgraph.explore import delete_rows, load_dataset
from jvgraph.store import GraphStore

router = APIRouter(
    prefix="/admin",
    tags=["admin"],
    responses={403: {"model": ErrorPublic}, 422: {"model": ErrorPublic}},
)

Rows = Annotated[
    dict[str, list[dict[str, Any]]],
    Body(
        description="Records per file of the data contract, e.g. "
        '{"holdings": [{"owner_id": "m-1", "company_id": "c-1", "stake": 0.2}]}',
    ),
]


class EditPublic(BaseModel):
    store: str
    #: nodes per label and relationships per type after the edit
    counts: dict[str, int]


@contextmanager
def _as_file(rows: dict[str, list[dict[str, Any]]]) -> Iterator[Path]:
    """The request's rows as a JSON dataset file named ``request.json`` (for messages)."""
    with tempfile.TemporaryDirectory(prefix="jvgraph-edit-") as folder:
        path = Path(folder) / "request.json"
        path.write_text(json.dumps(rows), encoding="utf-8")
        yield path


def _edit(store: GraphStore, rows: dict[str, list[dict[str, Any]]],
          change: Callable[[GraphStore, Path], dict[str, int]]) -> EditPublic:  # fmt: skip
    with _as_file(rows) as path, store.for_writing() as writer:
        counts = change(writer, path)
    return EditPublic(store=store.location, counts=counts)


@router.post("/upsert")
def post_upsert(rows: Rows, store: StoreDep) -> EditPublic:
    """Add the rows, replacing stored rows with the same ids (nodes) or keys (holdings by
    owner, company and since; JV partners by JV and manager); any of the files may be left
    out, and references may name stored nodes."""
    return _edit(store, rows, lambda s, p: load_dataset(s, p, partial=True))


@router.post("/delete")
def post_delete(rows: Rows, store: StoreDep) -> EditPublic:
    """Delete the listed rows, given by their keys (``id`` for nodes; ``jv_id`` and
    ``manager_id``; ``owner_id``, ``company_id`` and ``since``); each must be stored, and a
    node goes only with every relationship that names it."""
    return _edit(store, rows, delete_rows)
