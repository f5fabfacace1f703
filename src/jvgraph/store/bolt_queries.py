"""The Cypher the Neo4j store runs (Neo4j's dialect: labels(), type(), properties()).

Templates take label and type names from the data contract (never from user
input), filled with :meth:`str.format`; ``{rows}`` is the batch size of
``CALL { ... } IN TRANSACTIONS``.

A load that changes a stored graph marks what it does until it commits (see
:mod:`jvgraph.store.bolt_load`): nodes it created carry the label ``JvgraphStaged``,
stored nodes it changed ``JvgraphTouched`` (their previous properties are kept in a
``JvgraphUndo`` node), nodes a replace removes ``JvgraphDrop``; relationships it created
carry ``_jvgraph_load``, stored relationships it replaces or removes ``_jvgraph_drop``.
One ``JvgraphLoad`` node says which load runs and whether it has committed.
"""

from __future__ import annotations

__all__ = [
    "ANY_NODE",
    "BEGIN_LOAD",
    "CHECK_LOCK",
    "COLUMNS",
    "COMMIT_LOAD",
    "COUNT_NEIGHBOURS",
    "CREATE_HOLDINGS",
    "CREATE_NODES",
    "DELETE_LABEL",
    "DROP_NODES",
    "DROP_RELS",
    "END_LOAD",
    "EXPORT_HOLDINGS",
    "EXPORT_NODES",
    "EXPORT_PARTNERS",
    "EXPORT_PREVIOUS_NODES",
    "FINISH",
    "GET_NODE",
    "GET_NODES",
    "INTERNAL",
    "LOAD_STATE",
    "LOCK_SCHEMA",
    "MARK_HOLDING_GONE",
    "MARK_NODE_GONE",
    "MARK_PARTNER_GONE",
    "MERGE_NODES",
    "MERGE_PARTNERS",
    "NEIGHBOURS",
    "REPLACE_FORMED",
    "SEARCH",
    "STAGE_FORMED",
    "STAGE_HOLDINGS",
    "STAGE_NODES",
    "STAGE_PARTNERS",
    "STAGE_REPLACING_NODES",
    "STAMP_VERSION",
    "STORED_SIZE",
    "TAKE_LOCK",
    "UNDO",
    "UNDO_INTO_EMPTY",
    "VERSION",
    "columnar_holdings",
]

_JVGRAPH_NODE = "(n:Vendor OR n:AssetManager OR n:JointVenture OR n:PortfolioCompany)"
#: every node a load stores: the graph's and the market tables' (Market, VendorShare)
_STORED_NODE = _JVGRAPH_NODE[:-1] + " OR n:Market OR n:VendorShare)"

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

# -- into an empty store: nodes created (the uniqueness constraints refuse a duplicate id),
# holdings sent as columns (one list per property), which the server reads faster than a
# map per row; a null in a column sets no property, as ``SET r = map`` does
CREATE_NODES = "UNWIND $rows AS row CREATE (n:{label}) SET n = row"
#: the mark of a columnar statement (its batches are larger)
COLUMNS = "UNWIND range(0, size($a) - 1) AS i "


def _key(name: str) -> str:
    """A property name as a Cypher identifier (backticks doubled inside backticks)."""
    return "`" + name.replace("`", "``") + "`"


def columnar_holdings(owner: str, props: list[str]) -> str:
    """Holdings owned by ``owner`` nodes (a label of the data contract) from the columns
    ``$a``, ``$b`` and ``$p0``... (``props``, in order), counting what it wrote."""
    values = ", ".join(f"{_key(p)}: $p{i}[i]" for i, p in enumerate(props))
    return (
        COLUMNS + f"MATCH (o:{owner} {{id: $a[i]}}) MATCH (c:PortfolioCompany {{id: $b[i]}}) "
        f"CREATE (o)-[:HOLDS {{{values}}}]->(c) RETURN count(*) AS written"
    )


# -- loading in bounded transactions -------------------------------------------------------

#: properties and labels that only a load in progress uses start with this
INTERNAL = "_jvgraph"

LOCK_SCHEMA = (
    "CREATE CONSTRAINT jvgraph_load_lock IF NOT EXISTS FOR (n:JvgraphLock) REQUIRE n.name IS UNIQUE"
)
# held in a transaction that stays open for the whole load: a second load waits on it, and
# the server lets go of it when the loading process or its connection goes away
TAKE_LOCK = "MERGE (l:JvgraphLock {name: 'load'}) SET l.token = $token"
CHECK_LOCK = "MATCH (l:JvgraphLock {name: 'load'}) RETURN l.token AS token"

LOAD_STATE = "MATCH (l:JvgraphLoad) RETURN l.token AS token, l.mode AS mode, l.state AS state"
BEGIN_LOAD = "CREATE (:JvgraphLoad {token: $token, mode: $mode, state: 'writing'})"
# the commit also stamps the graph's version, so that caches see every committed load
COMMIT_LOAD = (
    "MATCH (l:JvgraphLoad {token: $token}) SET l.state = 'committed' WITH count(l) AS n "
    "MERGE (v:JvgraphVersion {name: 'graph'}) SET v.stamp = $token RETURN n"
)
# the last committed load's stamp and the server's node and relationship counts (both
# read from its count store): one cheap round trip that changes with every load
VERSION = (
    "OPTIONAL MATCH (v:JvgraphVersion {name: 'graph'}) WITH v.stamp AS stamp "
    "CALL { MATCH (n) RETURN count(n) AS nodes } "
    "CALL { MATCH ()-[r]->() RETURN count(r) AS rels } "
    "RETURN stamp, nodes, rels"
)
END_LOAD = "MATCH (l:JvgraphLoad) DELETE l"
# a load small enough for one transaction: the stored graph's size (from the count store),
# its deletion by label, and the version stamp its commit sets
STORED_SIZE = (
    "CALL { MATCH (n) RETURN count(n) AS nodes } CALL { MATCH ()-[r]->() RETURN count(r) AS rels } "
    "RETURN nodes, rels"
)
DELETE_LABEL = "MATCH (n:{label}) DETACH DELETE n"
STAMP_VERSION = "MERGE (v:JvgraphVersion {name: 'graph'}) SET v.stamp = $token"
ANY_NODE = f"RETURN EXISTS {{ MATCH (n) WHERE {_STORED_NODE} }} AS found"

# a stored node gets its previous properties saved once, then the row's
_STAGE_NODES = (
    "UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) ON CREATE SET n:JvgraphStaged "
    "WITH n, row CALL {{ WITH n WITH n WHERE NOT n:JvgraphStaged AND NOT n:JvgraphTouched "
    "CREATE (u:JvgraphUndo) SET u = properties(n), u._jvgraph_label = '{label}' "
    "SET n:JvgraphTouched }} "
)
STAGE_NODES = _STAGE_NODES + "SET n += row"
STAGE_REPLACING_NODES = _STAGE_NODES + "SET n = row REMOVE n:JvgraphDrop"
# relationships of a load never attach to a node a replace removes (one not in the dataset)
STAGE_FORMED = (
    "UNWIND $rows AS row MATCH (j:JointVenture {id: row.id}) WHERE NOT j:JvgraphDrop "
    "CALL { WITH j OPTIONAL MATCH (:Vendor)-[old:FORMED]->(j) WHERE old._jvgraph_load IS NULL "
    "SET old._jvgraph_drop = $token } "
    "WITH j, row MATCH (v:Vendor {id: row.vendor_id}) WHERE NOT v:JvgraphDrop "
    "CREATE (v)-[:FORMED {_jvgraph_load: $token}]->(j) RETURN count(*) AS written"
)
STAGE_PARTNERS = (
    "UNWIND $rows AS row "
    "MATCH (m:AssetManager {id: row.b}), (j:JointVenture {id: row.a}) "
    "WHERE NOT m:JvgraphDrop AND NOT j:JvgraphDrop "
    "CALL { WITH m, j OPTIONAL MATCH (m)-[old:PARTNER_IN]->(j) WHERE old._jvgraph_load IS NULL "
    "SET old._jvgraph_drop = $token } "
    "MERGE (m)-[r:PARTNER_IN {_jvgraph_load: $token}]->(j) "
    "SET r = row.props, r._jvgraph_load = $token RETURN count(*) AS written"
)
STAGE_HOLDINGS = (
    _OWNER + "AND NOT o:JvgraphDrop AND NOT c:JvgraphDrop "
    "CALL { WITH o, c, row OPTIONAL MATCH (o)-[old:HOLDS]->(c) "
    "WHERE old._jvgraph_load IS NULL AND (old.since = row.props.since "
    "OR (old.since IS NULL AND row.props.since IS NULL)) SET old._jvgraph_drop = $token } "
    "CREATE (o)-[r:HOLDS]->(c) SET r = row.props, r._jvgraph_load = $token "
    "RETURN count(*) AS written"
)

# a deletion marks what it removes, as --replace does; each returns how many rows it marked
MARK_NODE_GONE = (
    "UNWIND $rows AS row MATCH (n:{label} {{id: row.id}}) WHERE NOT n:JvgraphDrop "
    "SET n:JvgraphDrop RETURN count(*) AS written"
)
MARK_PARTNER_GONE = (
    "UNWIND $rows AS row "
    "MATCH (m:AssetManager {id: row.b})-[r:PARTNER_IN]->(j:JointVenture {id: row.a}) "
    "WHERE r._jvgraph_drop IS NULL SET r._jvgraph_drop = $token RETURN count(*) AS written"
)
MARK_HOLDING_GONE = (
    _OWNER + "MATCH (o)-[r:HOLDS]->(c) WHERE r._jvgraph_drop IS NULL "
    "AND (r.since = row.props.since OR (r.since IS NULL AND row.props.since IS NULL)) "
    "SET r._jvgraph_drop = $token RETURN count(*) AS written"
)

# --replace: the stored graph is marked for removal when the load commits
DROP_NODES = "MATCH (n:{label}) CALL {{ WITH n SET n:JvgraphDrop }} IN TRANSACTIONS OF {rows} ROWS"
DROP_RELS = (
    "MATCH ()-[r:{type}]->() CALL {{ WITH r SET r._jvgraph_drop = $token }} "
    "IN TRANSACTIONS OF {rows} ROWS"
)

# undoing a load that did not commit, each step bounded and safe to run again
UNDO = (
    "MATCH ()-[r:{type}]->() WHERE r._jvgraph_load IS NOT NULL "
    "CALL {{ WITH r DELETE r }} IN TRANSACTIONS OF {rows} ROWS",
    "MATCH ()-[r:{type}]->() WHERE r._jvgraph_drop IS NOT NULL "
    "CALL {{ WITH r REMOVE r._jvgraph_drop }} IN TRANSACTIONS OF {rows} ROWS",
    "MATCH (n:JvgraphStaged) CALL {{ WITH n DETACH DELETE n }} IN TRANSACTIONS OF {rows} ROWS",
    "MATCH (u:JvgraphUndo {{_jvgraph_label: '{label}'}}) MATCH (n:{label} {{id: u.id}}) "
    "CALL {{ WITH u, n SET n = properties(u) REMOVE n._jvgraph_label, n:JvgraphTouched "
    "DELETE u }} IN TRANSACTIONS OF {rows} ROWS",
    "MATCH (n:JvgraphDrop) CALL {{ WITH n REMOVE n:JvgraphDrop }} IN TRANSACTIONS OF {rows} ROWS",
)
# undoing a load into an empty store: everything goes
UNDO_INTO_EMPTY = (
    "MATCH ()-[r:{type}]->() CALL {{ WITH r DELETE r }} IN TRANSACTIONS OF {rows} ROWS",
    "MATCH (n:{label}) CALL {{ WITH n DETACH DELETE n }} IN TRANSACTIONS OF {rows} ROWS",
)
# finishing a committed load: what it replaced goes, its marks go
FINISH = (
    "MATCH ()-[r:{type}]->() WHERE r._jvgraph_drop IS NOT NULL "
    "CALL {{ WITH r DELETE r }} IN TRANSACTIONS OF {rows} ROWS",
    "MATCH (n:JvgraphDrop) CALL {{ WITH n DETACH DELETE n }} IN TRANSACTIONS OF {rows} ROWS",
    "MATCH (u:JvgraphUndo) CALL {{ WITH u DELETE u }} IN TRANSACTIONS OF {rows} ROWS",
    "MATCH (n:JvgraphTouched) CALL {{ WITH n REMOVE n:JvgraphTouched }} "
    "IN TRANSACTIONS OF {rows} ROWS",
    "MATCH (n:JvgraphStaged) CALL {{ WITH n REMOVE n:JvgraphStaged }} "
    "IN TRANSACTIONS OF {rows} ROWS",
    "MATCH ()-[r:{type}]->() WHERE r._jvgraph_load IS NOT NULL "
    "CALL {{ WITH r REMOVE r._jvgraph_load }} IN TRANSACTIONS OF {rows} ROWS",
)

# -- exporting: the committed graph, also while a load runs -----------------------------------

# ``{hide}`` is the mark of relationships that are not part of the graph exported:
# ``_jvgraph_load`` (a load's new ones) before it commits, ``_jvgraph_drop`` after
EXPORT_NODES = "MATCH (n:{label}) WHERE NOT n:JvgraphDrop RETURN properties(n) AS p"
EXPORT_PREVIOUS_NODES = (
    "MATCH (n:{label}) WHERE NOT n:JvgraphStaged AND NOT n:JvgraphTouched "
    "RETURN properties(n) AS p UNION ALL "
    "MATCH (u:JvgraphUndo {{_jvgraph_label: '{label}'}}) RETURN properties(u) AS p"
)
EXPORT_PARTNERS = (
    "MATCH (m:AssetManager)-[r:PARTNER_IN]->(j:JointVenture) WHERE r.{hide} IS NULL "
    "RETURN j.id AS a, m.id AS b, properties(r) AS p"
)
EXPORT_HOLDINGS = (
    "MATCH (o)-[r:HOLDS]->(c:PortfolioCompany) WHERE r.{hide} IS NULL "
    "RETURN o.id AS a, c.id AS b, properties(r) AS p"
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
    "CASE WHEN toLower(n.name) = toLower($text) THEN 0 WHEN n.name STARTS WITH $text THEN 1 "
    "WHEN toLower(n.name) STARTS WITH toLower($text) THEN 2 ELSE 3 END AS rank "
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
