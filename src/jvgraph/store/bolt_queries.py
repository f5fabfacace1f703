"""The Cypher the Neo4j store runs (Neo4j's dialect: labels(), type(), properties()).

Templates take label and type names from the data contract (never from user
input), filled with :meth:`str.format`.
"""

from __future__ import annotations

__all__ = [
    "COUNT_NEIGHBOURS",
    "CREATE_HOLDINGS",
    "DELETE_ALL",
    "EXPORT_HOLDINGS",
    "EXPORT_NODES",
    "EXPORT_PARTNERS",
    "GET_NODE",
    "GET_NODES",
    "MERGE_NODES",
    "MERGE_PARTNERS",
    "NEIGHBOURS",
    "NODE_KEYS",
    "REL_KEYS",
    "REPLACE_FORMED",
    "REPLACE_HOLDINGS",
    "SEARCH",
]

_JVGRAPH_NODE = "(n:Vendor OR n:AssetManager OR n:JointVenture OR n:PortfolioCompany)"

DELETE_ALL = "MATCH (n) DETACH DELETE n"

MERGE_NODES = "UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET n += row"
# every relationship write returns how many rows it wrote: fewer than it was given means a
# row named a node the store does not hold, and the load is undone
REPLACE_FORMED = (
    "UNWIND $rows AS row MATCH (j:JointVenture {id: row.id}) "
    "OPTIONAL MATCH (:Vendor)-[old:FORMED]->(j) DELETE old "
    "WITH DISTINCT j, row MATCH (v:Vendor {id: row.vendor_id}) CREATE (v)-[:FORMED]->(j) "
    "RETURN count(*) AS written"
)
MERGE_PARTNERS = (
    "UNWIND $rows AS row "
    "MATCH (m:AssetManager {id: row.b}), (j:JointVenture {id: row.a}) "
    "MERGE (m)-[r:PARTNER_IN]->(j) SET r = row.props RETURN count(*) AS written"
)
_OWNER = (
    "UNWIND $rows AS row "
    "OPTIONAL MATCH (m:AssetManager {id: row.a}) "
    "OPTIONAL MATCH (p:PortfolioCompany {id: row.a}) "
    "WITH row, coalesce(m, p) AS o MATCH (c:PortfolioCompany {id: row.b}) WHERE o IS NOT NULL "
)
CREATE_HOLDINGS = _OWNER + "CREATE (o)-[r:HOLDS]->(c) SET r = row.props RETURN count(*) AS written"
REPLACE_HOLDINGS = (
    _OWNER + "OPTIONAL MATCH (o)-[old:HOLDS]->(c) "
    "WHERE old.since = row.props.since OR (old.since IS NULL AND row.props.since IS NULL) "
    "DELETE old "
    "WITH DISTINCT o, c, row CREATE (o)-[r:HOLDS]->(c) SET r = row.props "
    "RETURN count(*) AS written"
)

NODE_KEYS = "MATCH (n:{label}) UNWIND keys(n) AS k RETURN DISTINCT k"
REL_KEYS = "MATCH ()-[r:{type}]->() UNWIND keys(r) AS k RETURN DISTINCT k"
EXPORT_NODES = "MATCH (n:{label}) RETURN properties(n) AS p ORDER BY n.id"
EXPORT_PARTNERS = (
    "MATCH (m:AssetManager)-[r:PARTNER_IN]->(j:JointVenture) "
    "RETURN j.id AS a, m.id AS b, properties(r) AS p ORDER BY a, b"
)
EXPORT_HOLDINGS = (
    "MATCH (o)-[r:HOLDS]->(c:PortfolioCompany) RETURN o.id AS a, c.id AS b, properties(r) AS p"
)

GET_NODE = (
    "MATCH (n:Vendor {id: $id}) RETURN n, 'Vendor' AS label UNION ALL "
    "MATCH (n:AssetManager {id: $id}) RETURN n, 'AssetManager' AS label UNION ALL "
    "MATCH (n:JointVenture {id: $id}) RETURN n, 'JointVenture' AS label UNION ALL "
    "MATCH (n:PortfolioCompany {id: $id}) RETURN n, 'PortfolioCompany' AS label"
)
GET_NODES = f"MATCH (n) WHERE n.id IN $ids AND {_JVGRAPH_NODE} RETURN n, labels(n)[0] AS label"
SEARCH = (
    f"MATCH (n) WHERE {_JVGRAPH_NODE} AND toLower(n.name) CONTAINS toLower($text) "
    "RETURN n, labels(n)[0] AS label, "
    "CASE WHEN toLower(n.name) STARTS WITH toLower($text) THEN 0 ELSE 1 END AS rank "
    "ORDER BY rank, size(n.name), n.name LIMIT $limit"
)
COUNT_NEIGHBOURS = (
    "MATCH (a)-[]-(b) WHERE a.id = $id AND "
    + _JVGRAPH_NODE.replace("n:", "a:")
    + " RETURN count(DISTINCT b)"
)
NEIGHBOURS = (
    "MATCH (a)-[r]-(b) WHERE a.id IN $ids AND "
    + _JVGRAPH_NODE.replace("n:", "a:")
    + " RETURN startNode(r).id AS source, endNode(r).id AS target, type(r) AS type, "
    "properties(r) AS props"
)
