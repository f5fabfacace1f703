// Exclusive share per sector and vendor (jvgraph metrics: access.<sector>.vendors.<vendor>
// .exclusive_share): the known revenue of the sector's companies that the vendor reaches and
// no other vendor does, over the sector's size (its Market node's total_revenue_usd from
// markets.csv where there is one, else the known revenue of its companies in the data).
// Vendors with no such revenue in a sector have no row.
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
WITH sector, total, c, collect(v.id) AS vendors
WHERE size(vendors) = 1
UNWIND vendors AS vendor
WITH sector, total, vendor, sum(coalesce(c.revenue_usd, 0.0)) AS exclusive
WITH sector, vendor, exclusive / total AS exclusive_share
WHERE exclusive_share > 0
RETURN sector, vendor, exclusive_share
ORDER BY sector, vendor;
