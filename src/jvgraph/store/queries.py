"""The Cypher the stores run, in one place.

Templates take label, type and property names that come from the data
contract (never from user input), filled with :meth:`str.format`.
"""

from __future__ import annotations

__all__ = [
    "COUNT_NEIGHBOURS",
    "COUNT_NODES",
    "COUNT_RELS",
    "DELETE_ALL",
    "EXPORT_HOLDINGS",
    "EXPORT_NODES",
    "EXPORT_PARTNERS",
    "GET_NODE",
    "GET_NODES",
    "NEIGHBOURS_IN",
    "NEIGHBOURS_OUT",
    "ROOT_IN",
    "ROOT_OUT",
    "SEARCH",
]

COUNT_NODES = "MATCH (n:{label}) RETURN count(n)"
COUNT_RELS = "MATCH ()-[r:{type}]->() RETURN count(r)"
DELETE_ALL = "MATCH (n) DETACH DELETE n"

EXPORT_NODES = "MATCH (n:{label}) RETURN {columns} ORDER BY n.id"
EXPORT_PARTNERS = (
    "MATCH (m:AssetManager)-[r:PARTNER_IN]->(j:JointVenture) "
    "RETURN j.id AS jv_id, m.id AS manager_id, {columns} ORDER BY jv_id, manager_id"
)
EXPORT_HOLDINGS = (
    "MATCH (o)-[r:HOLDS]->(c:PortfolioCompany) "
    "RETURN o.id AS owner_id, c.id AS company_id, {columns}"
)

# labelled matches, run once per node table, so that each uses the table's primary key
GET_NODE = "MATCH (n:{label} {{id: $id}}) RETURN n"
GET_NODES = "MATCH (n:{label}) WHERE n.id IN $ids RETURN n"
SEARCH = (
    "MATCH (n) WHERE lower(n.name) CONTAINS lower($text) "
    "RETURN n, label(n) AS label, "
    "CASE WHEN lower(n.name) = lower($text) THEN 0 WHEN n.name STARTS WITH $text THEN 1 "
    "WHEN lower(n.name) STARTS WITH lower($text) THEN 2 ELSE 3 END AS rank "
    "ORDER BY rank, size(n.name), n.name LIMIT $limit"
)
NEIGHBOURS_OUT = "MATCH (a:{label})-[r]->(b) WHERE a.id IN $ids RETURN a.id, b.id, label(r), r"
NEIGHBOURS_IN = "MATCH (b)-[r]->(a:{label}) WHERE a.id IN $ids RETURN b.id, a.id, label(r), r"
ROOT_OUT = "MATCH (a:{label} {{id: $id}})-[r]->(b) RETURN a.id, b.id, label(r), r, b, label(b) LIMIT $limit"
ROOT_IN = "MATCH (b)-[r]->(a:{label} {{id: $id}}) RETURN b.id, a.id, label(r), r, b, label(b) LIMIT $limit"
COUNT_NEIGHBOURS = "MATCH (a:{label} {{id: $id}})-[]-(b) RETURN count(DISTINCT b.id)"
