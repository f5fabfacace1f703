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

CREATE CONSTRAINT vendor_id IF NOT EXISTS FOR (n:Vendor) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT asset_manager_id IF NOT EXISTS FOR (n:AssetManager) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT joint_venture_id IF NOT EXISTS FOR (n:JointVenture) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT portfolio_company_id IF NOT EXISTS FOR (n:PortfolioCompany) REQUIRE n.id IS UNIQUE;
