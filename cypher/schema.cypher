// jvgraph's public graph schema on Neo4j: one uniqueness constraint per node label.
// Labels, relationship types and property names are the same on the embedded store
// (schema.ladybug.cypher); property names equal the CSV columns of the data contract.
//
//   (:Vendor {id, name, valuation_usd, country, source, aliases, website})
//   (:AssetManager {id, name, aum_usd, kind, country, source, aliases, website,
//                   portfolio_known: boolean, portfolio_as_of: date})
//   (:JointVenture {id, name, vendor_id, size_usd, announced: date, ended: date, source,
//                   aliases, launched: date, valuation_usd, vendor_commitment_usd,
//                   partners_reported})
//   (:PortfolioCompany {id, name, sector, revenue_usd, employees, country, source, aliases,
//                       website, same_as, industry_third_party})
//   (:Vendor)-[:FORMED]->(:JointVenture)   (its source is the joint venture's)
//   (:AssetManager)-[:PARTNER_IN {commitment_usd, source, role}]->(:JointVenture)
//   (:AssetManager|PortfolioCompany)-[:HOLDS {stake, control, since: date, until: date, source,
//       stake_low, stake_high, since_precision, until_precision}]->(:PortfolioCompany)
//   (:Market {id, grouping, market, total_revenue_usd, source})          a row of markets.csv
//   (:VendorShare {id, grouping, market, vendor, share, source})         a row of vendor_shares.csv
// Market and VendorShare nodes are linked to nothing; their ``id`` is the row's key (grouping,
// market and, for a share, vendor) as a JSON list.

CREATE CONSTRAINT vendor_id IF NOT EXISTS FOR (n:Vendor) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT asset_manager_id IF NOT EXISTS FOR (n:AssetManager) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT joint_venture_id IF NOT EXISTS FOR (n:JointVenture) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT portfolio_company_id IF NOT EXISTS FOR (n:PortfolioCompany) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT market_id IF NOT EXISTS FOR (n:Market) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT vendor_share_id IF NOT EXISTS FOR (n:VendorShare) REQUIRE n.id IS UNIQUE;
