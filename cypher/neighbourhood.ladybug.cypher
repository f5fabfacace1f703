// The direct neighbours of one node, in either direction, on the embedded LadybugDB store.
// (LadybugDB names a node's label with label(n) and a relationship's type with label(r);
// neighbourhood.cypher is the Neo4j form.)
// Parameters: $id (a node id) and $limit (the most rows to return).
MATCH (n)-[r]-(m)
WHERE n.id = $id
RETURN m.id AS id, label(m) AS label, label(r) AS type, m.name AS name
ORDER BY label, id
LIMIT $limit;
