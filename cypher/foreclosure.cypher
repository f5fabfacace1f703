// Foreclosure share per sector and vendor (jvgraph metrics: access.<sector>.vendors.<vendor>
// .foreclosure_share): the known revenue of the sector's companies in the vendor's reach over
// the sector's size, the total_revenue_usd of its Market node (markets.csv) where there is
// one, else the known revenue of its companies in the data. Vendors that reach no revenue
// in a sector, and sectors of no size, have no row.
// Parameters: $every_row and $as_of, as in reach.cypher. Runs on Neo4j and LadybugDB.
MATCH (s:PortfolioCompany)
WITH s.sector AS sector, sum(coalesce(s.revenue_usd, 0.0)) AS in_data
OPTIONAL MATCH (mk:Market)
WHERE mk.grouping = 'sector' AND mk.market = sector
WITH sector, coalesce(mk.total_revenue_usd, in_data) AS total
MATCH (v:Vendor)-[:FORMED]->(j:JointVenture)<-[:PARTNER_IN]-(m:AssetManager)
      -[h:HOLDS]->(c:PortfolioCompany)
WHERE c.sector = sector AND total > 0
  AND (c.same_as IS NULL OR c.same_as <> v.id)  // a vendor is not in its own reach
  AND ($every_row OR (
       (j.announced IS NULL OR j.announced <= $as_of)
       AND (j.ended IS NULL OR $as_of < j.ended)
       AND (h.since IS NULL OR h.since <= $as_of)
       AND (h.until IS NULL OR $as_of < h.until)))
WITH DISTINCT sector, total, v, c
WITH sector, total, v.id AS vendor, sum(coalesce(c.revenue_usd, 0.0)) AS reached
WITH sector, vendor, reached / total AS foreclosure_share
WHERE foreclosure_share > 0
RETURN sector, vendor, foreclosure_share
ORDER BY sector, vendor;
