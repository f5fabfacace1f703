// Gatekeepers (jvgraph metrics: gatekeepers): for each vendor and JV partner, the companies
// of the vendor's reach that this partner alone holds, i.e. what the vendor would lose
// without it. Partners whose loss is empty have no row.
// Parameters: $every_row and $as_of, as in reach.cypher. Runs on Neo4j and LadybugDB.
MATCH (v:Vendor)-[:FORMED]->(j:JointVenture)<-[:PARTNER_IN]-(m:AssetManager)
      -[h:HOLDS]->(c:PortfolioCompany)
WHERE (c.same_as IS NULL OR c.same_as <> v.id)  // a vendor is not in its own reach
  AND ($every_row OR ((j.announced IS NULL OR j.announced <= $as_of)
       AND (j.ended IS NULL OR $as_of < j.ended)
       AND (h.since IS NULL OR h.since <= $as_of)
       AND (h.until IS NULL OR $as_of < h.until)))
WITH DISTINCT v, m, c
WITH v, c, collect(m.id) AS holders
WHERE size(holders) = 1
UNWIND holders AS manager
RETURN v.id AS vendor, manager, count(c) AS companies,
       sum(coalesce(c.revenue_usd, 0.0)) AS revenue_usd
ORDER BY vendor, manager;
