// Overlap of vendors' reach (jvgraph metrics: overlap.vendors) for the pairs that share at
// least one company: shared = |A ∩ B|, jaccard = |A ∩ B| / |A ∪ B|,
// overlap_coefficient = |A ∩ B| / min(|A|, |B|).
// Parameters: $every_row and $as_of, as in reach.cypher. Runs on Neo4j and LadybugDB.
MATCH (v:Vendor)-[:FORMED]->(j:JointVenture)<-[:PARTNER_IN]-(m:AssetManager)
      -[h:HOLDS]->(c:PortfolioCompany)
WHERE (c.same_as IS NULL OR c.same_as <> v.id)  // a vendor is not in its own reach
  AND ($every_row OR ((j.announced IS NULL OR j.announced <= $as_of)
       AND (j.ended IS NULL OR $as_of < j.ended)
       AND (h.since IS NULL OR h.since <= $as_of)
       AND (h.until IS NULL OR $as_of < h.until)))
WITH DISTINCT v, c
WITH c, collect(v.id) AS vendors
UNWIND vendors AS a
UNWIND vendors AS b
WITH a, b, count(c) AS n
WITH collect({a: a, b: b, n: n}) AS cells
UNWIND cells AS x
UNWIND cells AS ya
UNWIND cells AS yb
WITH x, ya, yb
WHERE x.a < x.b AND ya.a = x.a AND ya.b = x.a AND yb.a = x.b AND yb.b = x.b
RETURN x.a AS a, x.b AS b, x.n AS shared,
       1.0 * x.n / (ya.n + yb.n - x.n) AS jaccard,
       1.0 * x.n / (CASE WHEN ya.n < yb.n THEN ya.n ELSE yb.n END) AS overlap_coefficient
ORDER BY a, b;
