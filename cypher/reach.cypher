// Reach per vendor and sector: the portfolio companies held by the asset managers that
// partner in the vendor's joint ventures (jvgraph metrics: reach, by_sector).
// Parameters: $every_row (true: every row counts) and $as_of (a date; used when $every_row is false:
// JVs announced by then and not ended, holdings with since <= as_of < until).
// Runs unchanged on Neo4j and on the embedded LadybugDB store.
MATCH (v:Vendor)-[:FORMED]->(j:JointVenture)<-[:PARTNER_IN]-(m:AssetManager)
      -[h:HOLDS]->(c:PortfolioCompany)
WHERE (c.same_as IS NULL OR c.same_as <> v.id)  // a vendor is not in its own reach
  AND ($every_row OR ((j.announced IS NULL OR j.announced <= $as_of)
       AND (j.ended IS NULL OR $as_of < j.ended)
       AND (h.since IS NULL OR h.since <= $as_of)
       AND (h.until IS NULL OR $as_of < h.until)))
WITH DISTINCT v, c
RETURN v.id AS vendor, c.sector AS sector, count(c) AS companies,
       sum(coalesce(c.revenue_usd, 0.0)) AS revenue_usd
ORDER BY vendor, sector;
