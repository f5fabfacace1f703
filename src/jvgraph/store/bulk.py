"""Bulk writes of a dataset into LadybugDB inside the caller's transaction.

New nodes and relationships go in with ``COPY`` from Arrow tables (the fast
path, and the only one on an empty store). Nodes whose id is already stored
are updated in place, and relationships with the key of a stored one
replace it, so that loading the same dataset twice leaves the same graph.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from jvgraph.model import LABELS, MARKET_TABLES, NODE_TABLES, STORED_LABELS, Dataset
from jvgraph.store.base import Progress, with_row_ids

__all__ = ["BulkWriter"]

Columns = Callable[[str], list[tuple[str, str]]]

_LADYBUG_TYPES = {
    pa.string(): "STRING",
    pa.float64(): "DOUBLE",
    pa.int64(): "INT64",
    pa.bool_(): "BOOLEAN",
    pa.date32(): "DATE",
}


class BulkWriter:
    """Writes one dataset through a connection that has a transaction open."""

    def __init__(self, conn: Any, columns: Columns, progress: Progress | None) -> None:
        self._conn = conn
        self._columns = columns
        self._progress = progress or (lambda step, done, total: None)
        self._steps = 0

    def write(self, dataset: Dataset) -> None:
        total = len(NODE_TABLES) + len(MARKET_TABLES) + 3
        for name in NODE_TABLES:
            self._step(f"nodes: {LABELS[name]}", total)
            self._nodes(LABELS[name], dataset.tables[name])
        for name in MARKET_TABLES:
            self._step(f"nodes: {STORED_LABELS[name]}", total)
            if name in dataset.tables:
                self._nodes(STORED_LABELS[name], with_row_ids(name, dataset.tables[name]))
        jvs = dataset.tables["joint_ventures"]
        self._step("relationships: FORMED", total)
        formed = pa.table({"from": jvs.column("vendor_id"), "to": jvs.column("id")})
        self._rels("FORMED", formed, ["to"], [("Vendor", "JointVenture")])
        self._step("relationships: PARTNER_IN", total)
        partners = _endpoints(dataset.tables["jv_partners"], "manager_id", "jv_id")
        self._rels("PARTNER_IN", partners, ["from", "to"], [("AssetManager", "JointVenture")])
        self._step("relationships: HOLDS", total)
        holdings = _endpoints(dataset.tables["holdings"], "owner_id", "company_id")
        pairs = [("AssetManager", "PortfolioCompany"), ("PortfolioCompany", "PortfolioCompany")]
        self._rels("HOLDS", holdings, ["from", "to", "since"], pairs)
        self._step("done", total)

    def delete(self, keys: Dataset) -> None:
        """Delete the rows ``keys`` lists (:data:`~jvgraph.model.ROW_KEYS` columns; checked
        already: every row is stored and no kept relationship names a deleted node):
        relationships first, then nodes with what still attaches them (a JV's FORMED)."""
        total = len(keys.tables) + 1
        tables = keys.tables
        if "jv_partners" in tables and tables["jv_partners"].num_rows:
            self._step("deleting: PARTNER_IN", total)
            partners = _endpoints(tables["jv_partners"], "manager_id", "jv_id")
            pair = [("AssetManager", "JointVenture")]
            self._delete_rels("PARTNER_IN", pair, partners, ["from", "to"])
        if "holdings" in tables and tables["holdings"].num_rows:
            self._step("deleting: HOLDS", total)
            holdings = _endpoints(tables["holdings"], "owner_id", "company_id")
            owners = [(o, "PortfolioCompany") for o in ("AssetManager", "PortfolioCompany")]
            self._delete_rels("HOLDS", owners, holdings, ["from", "to", "since"])
        for name in (*NODE_TABLES, *MARKET_TABLES):
            rows = tables.get(name)
            if rows is None or not rows.num_rows:
                continue
            self._step(f"deleting: {STORED_LABELS[name]}", total)
            ids = rows if name in NODE_TABLES else with_row_ids(name, rows)
            found = f"LOAD FROM $keys MATCH (n:{STORED_LABELS[name]} {{id: k_id}})"
            params = {"keys": pa.table({"k_id": ids.column("id")})}
            _check_found(self._conn.execute(found + " RETURN count(n)", params), rows.num_rows)
            self._conn.execute(found + " DETACH DELETE n", params)
        self._step("done", total)

    def _delete_rels(
        self, rel: str, pairs: list[tuple[str, str]], rows: pa.Table, key: list[str]
    ) -> None:
        """Delete the relationships with the keys of ``rows``, every one of which is stored."""
        found = sum(
            self._match_rels(rel, src, dst, rows, key, "RETURN count(r)") for src, dst in pairs
        )
        _check_found(found, rows.num_rows)
        for src, dst in pairs:
            self._match_rels(rel, src, dst, rows, key, "DELETE r")

    def _step(self, step: str, total: int) -> None:
        self._progress(step, self._steps, total)
        self._steps += 1

    def _aligned(self, table_name: str, rows: pa.Table, lead: list[str]) -> pa.Table:
        """``rows`` with the stored table's columns in stored order; new columns are added."""
        stored = dict(self._columns(table_name))
        for col in rows.column_names:
            if col not in stored and col not in lead:
                kind = _LADYBUG_TYPES.get(rows.schema.field(col).type, "STRING")
                self._conn.execute(f"ALTER TABLE {table_name} ADD `{col}` {kind}")
                stored[col] = kind
        cols = {c: rows.column(c) for c in lead}
        for col in stored:
            cols[col] = rows.column(col) if col in rows.column_names else pa.nulls(rows.num_rows)
        return pa.table(cols)

    def _stored_ids(self, label: str) -> pa.Array:
        result = self._conn.execute(f"MATCH (n:{label}) RETURN n.id AS id")
        return result.get_as_arrow().column("id").combine_chunks()

    def _nodes(self, label: str, rows: pa.Table) -> None:
        if rows.num_rows == 0:
            return
        rows = self._aligned(label, rows, [])
        old = pc.is_in(rows.column("id"), value_set=self._stored_ids(label))
        fresh, seen = rows.filter(pc.invert(old)), rows.filter(old)
        if fresh.num_rows:
            self._conn.execute(f"COPY {label} FROM $rows", {"rows": fresh})
        if seen.num_rows:
            renamed = seen.rename_columns([f"c{i}" for i in range(seen.num_columns)])
            sets = ", ".join(
                f"n.`{c}` = c{i}" for i, c in enumerate(seen.column_names) if c != "id"
            )
            self._conn.execute(
                f"LOAD FROM $rows MATCH (n:{label} {{id: c0}}) SET {sets}", {"rows": renamed}
            )

    def _rels(self, rel: str, rows: pa.Table, key: list[str], pairs: list[tuple[str, str]]) -> None:
        if rows.num_rows == 0:
            return
        rows = self._aligned(rel, rows, ["from", "to"])
        for src, dst in pairs:
            part = (
                rows
                if len(pairs) == 1
                else rows.filter(pc.is_in(rows.column("from"), value_set=self._stored_ids(src)))
            )
            if part.num_rows == 0:
                continue
            self._delete_existing(rel, src, dst, part, key)
            options = f" (from='{src}', to='{dst}')" if len(pairs) > 1 else ""
            self._conn.execute(f"COPY {rel} FROM $rows{options}", {"rows": part})

    def _delete_existing(
        self, rel: str, src: str, dst: str, rows: pa.Table, key: list[str]
    ) -> None:
        """Delete stored relationships with the same key as the rows of ``rows``."""
        if self._conn.execute(f"MATCH ()-[r:{rel}]->() RETURN count(r)").get_all()[0][0] == 0:
            return
        self._match_rels(rel, src, dst, rows, key, "DELETE r")

    def _match_rels(
        self, rel: str, src: str, dst: str, rows: pa.Table, key: list[str], then: str
    ) -> int:
        """``then`` for the stored relationships with the keys of ``rows``; the count a
        ``RETURN count(r)`` gives (else 0)."""
        keys = rows.select(key).rename_columns([f"k_{k}" for k in key])
        a = f"(a:{src} {{id: k_from}})" if "from" in key else f"(a:{src})"
        where = " WHERE (r.since IS NULL AND k_since IS NULL) OR r.since = k_since"
        result = self._conn.execute(
            f"LOAD FROM $keys MATCH {a}-[r:{rel}]->(b:{dst} {{id: k_to}})"
            f"{where if 'since' in key else ''} {then}",
            {"keys": keys},
        )
        return int(result.get_all()[0][0]) if then.startswith("RETURN") else 0


def _check_found(found: Any, listed: int) -> None:
    """Raise (undoing the transaction) unless every one of ``listed`` rows was found."""
    count = found if isinstance(found, int) else int(found.get_all()[0][0])
    if count != listed:
        raise RuntimeError(f"{listed - count} row(s) to delete are not stored")


def _endpoints(table: pa.Table, source: str, target: str) -> pa.Table:
    rest = {c: table.column(c) for c in table.column_names if c not in (source, target)}
    return pa.table({"from": table.column(source), "to": table.column(target), **rest})
