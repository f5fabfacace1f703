// HHI of vendors' reach per sector (jvgraph metrics: concentration.hhi). Each company
// reached by n vendors attributes revenue/n to each; shares are attributed revenue over the
// sector's total attributed revenue; HHI = 10,000 · Σ share². Sectors no vendor reaches
// (or with no attributed revenue) have no row.
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
WITH c, vendors, coalesce(c.revenue_usd, 0.0) / size(vendors) AS part
UNWIND vendors AS vendor
WITH c.sector AS sector, vendor, sum(part) AS attributed
WITH sector, collect({vendor: vendor, attributed: attributed}) AS rows,
     sum(attributed) AS total
WHERE total > 0
UNWIND rows AS r
WITH sector, r.attributed / total AS share
RETURN sector, 10000.0 * sum(share * share) AS hhi
ORDER BY sector;
