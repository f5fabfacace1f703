// The direct neighbours of one node, in either direction, on Neo4j.
// (neighbourhood.ladybug.cypher is the embedded store's form: LadybugDB has label() where
// Neo4j has labels() and type().)
// Parameters: $id (a node id) and $limit (the most rows to return).
MATCH (n {id: $id})-[r]-(m)
RETURN m.id AS id, labels(m)[0] AS label, type(r) AS type, m.name AS name
ORDER BY label, id
LIMIT $limit;
