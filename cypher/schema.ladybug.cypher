// jvgraph's public graph schema, as LadybugDB DDL (the embedded store runs this file).
// The same labels, relationship types and property names hold on Neo4j (see schema.cypher).
// Property names equal the CSV columns of the data contract; extra CSV columns
// become extra STRING properties.
//
//   (:Vendor)-[:FORMED]->(:JointVenture)   (its source is the joint venture's)
//   (:AssetManager)-[:PARTNER_IN {commitment_usd, source, role}]->(:JointVenture)
//   (:AssetManager|PortfolioCompany)-[:HOLDS {stake, control, since, until, source,
//       stake_low, stake_high, since_precision, until_precision}]->(:PortfolioCompany)
//
// The optional market files are nodes linked to nothing: (:Market) holds a row of
// markets.csv, (:VendorShare) one of vendor_shares.csv; ``id`` is the row's key (its
// grouping, market and, for a share, vendor) as a JSON list.

CREATE NODE TABLE IF NOT EXISTS Vendor(
    id STRING PRIMARY KEY, name STRING, valuation_usd DOUBLE, country STRING, source STRING,
    aliases STRING, website STRING);

CREATE NODE TABLE IF NOT EXISTS AssetManager(
    id STRING PRIMARY KEY, name STRING, aum_usd DOUBLE, kind STRING, country STRING, source STRING,
    aliases STRING, website STRING, portfolio_known BOOLEAN, portfolio_as_of DATE);

CREATE NODE TABLE IF NOT EXISTS JointVenture(
    id STRING PRIMARY KEY, name STRING, vendor_id STRING, size_usd DOUBLE,
    announced DATE, ended DATE, source STRING, aliases STRING, launched DATE,
    valuation_usd DOUBLE, vendor_commitment_usd DOUBLE, partners_reported INT64);

CREATE NODE TABLE IF NOT EXISTS PortfolioCompany(
    id STRING PRIMARY KEY, name STRING, sector STRING, revenue_usd DOUBLE, employees INT64,
    country STRING, source STRING, aliases STRING, website STRING, same_as STRING,
    industry_third_party STRING);

CREATE REL TABLE IF NOT EXISTS FORMED(FROM Vendor TO JointVenture);

CREATE REL TABLE IF NOT EXISTS PARTNER_IN(
    FROM AssetManager TO JointVenture, commitment_usd DOUBLE, source STRING, role STRING);

CREATE REL TABLE IF NOT EXISTS HOLDS(
    FROM AssetManager TO PortfolioCompany, FROM PortfolioCompany TO PortfolioCompany,
    stake DOUBLE, control BOOLEAN, since DATE, until DATE, source STRING,
    stake_low DOUBLE, stake_high DOUBLE, since_precision STRING, until_precision STRING);

CREATE NODE TABLE IF NOT EXISTS Market(
    id STRING PRIMARY KEY, grouping STRING, market STRING, total_revenue_usd DOUBLE,
    source STRING);

CREATE NODE TABLE IF NOT EXISTS VendorShare(
    id STRING PRIMARY KEY, grouping STRING, market STRING, vendor STRING, share DOUBLE,
    source STRING);
