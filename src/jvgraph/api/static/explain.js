// jvgraph explorer: every figure of the panels opens its breakdown here, from
// /api/explain/{topic}: the companies, holdings, owners and sources behind it, by name.
"use strict";

const EXPLAIN_LIMIT = 50;

// names of nodes the page has not seen yet (e.g. the managers of the overlap heatmap)
async function learnNames(ids) {
  const missing = [...new Set(ids)].filter((id) => !state.names.has(id)).slice(0, 60);
  await Promise.all(missing.map(async (id) => {
    try { remember([await api(`/api/nodes/${encodeURIComponent(id)}`)]); } catch (err) { /* not a node */ }
  }));
}

const EXPLAIN_TITLES = {
  reach: (ids) => `The companies ${vendorName(ids[0])} reaches`,
  foreclosure: (ids) => `${vendorName(ids[0])}'s share of the customers in ${ids[1]}`,
  access: (ids) => `The customers any vendor reaches in ${ids[0]}`,
  "company-hhi": (ids) => `The companies' shares in ${ids[0]}`,
  mhhi: (ids) => `The common owners adding to the MHHI in ${ids[0]}`,
  "vendor-hhi": (ids) => `The vendors' shares in ${ids[0]}`,
  overlap: (ids) => `The companies ${vendorName(ids[0])} and ${vendorName(ids[1])} share`,
};

async function explainNumber(topic, ids, scroll = true) {
  const query = new URLSearchParams(withAsOf({ limit: EXPLAIN_LIMIT }));
  if (state.metrics) query.set("market", state.metrics.market);
  ids.forEach((i) => query.append("ids", i));
  const day = asOf();
  const doc = await api(`/api/explain/${encodeURIComponent(topic)}?${query}`);
  if (day !== asOf()) return null;  // a later date was chosen meanwhile
  Object.entries(doc.names || {}).forEach(([id, name]) => state.names.set(id, name));
  state.view.panel = { topic, ids };
  writeView();
  renderExplanation(doc, ids);
  if (scroll) $("explain").scrollIntoView({ block: "nearest" });
  return doc;
}

function holdingText(h) {
  const stake = h.stake === null || h.stake === undefined ? "stake unknown" : pct(h.stake);
  return `${named(h.owner)} (${stake})`;
}

function contributionRow(c) {
  const who = c.company !== undefined ? named(c.company, c.name) : named(c.owner);
  const cells = [who];
  if ("sector" in c) cells.push(esc(c.sector ?? "—"));
  if ("revenue_usd" in c) cells.push(fmt(c.revenue_usd));
  if ("share" in c) cells.push(pct(c.share));
  if ("contribution" in c) cells.push(fmt(c.contribution, 1));
  if ("vendors" in c) cells.push(c.vendors.map((v) => named(v, vendorName(v))).join(", "));
  if ("exclusive" in c) cells.push(c.exclusive ? "only this vendor" : `${fmt(c.reached_by)} vendors`);
  if ("holdings" in c) cells.push(c.holdings.map(holdingText).join("; ") || "—");
  return `<tr>${cells.map((x) => `<td>${x}</td>`).join("")}</tr>`;
}

function contributionHead(c) {
  const heads = [c.company !== undefined ? "company" : "owner"];
  if ("sector" in c) heads.push("sector");
  if ("revenue_usd" in c) heads.push("revenue (USD)");
  if ("share" in c) heads.push("share");
  if ("contribution" in c) heads.push("adds");
  if ("vendors" in c) heads.push("reached by");
  if ("exclusive" in c) heads.push("reached by");
  if ("holdings" in c) heads.push("through (stake)");
  return `<tr>${heads.map((h) => `<th>${esc(h)}</th>`).join("")}</tr>`;
}

function sourcesOf(doc) {
  const all = (doc.contributions || []).flatMap((c) => (c.holdings || []).map((h) => h.source));
  return [...new Set(all.filter(Boolean))].sort();
}

function renderExplanation(doc, ids) {
  const rows = doc.contributions || [];
  const values = Object.entries(doc.values || {}).filter(([, v]) => typeof v === "number")
    .map(([k, v]) => `${esc(state.measures?.measures[k]?.name || k.replace(/_usd$/, " (USD)").replaceAll("_", " "))}: ` +
      `${k.includes("share") ? pct(v) : fmt(v, Number.isInteger(v) ? 0 : 1)}`).join("; ");
  const count = typeof doc.value === "number" && doc.quantity === "companies" && doc.value > rows.length
    ? ` (the first ${fmt(rows.length)} of ${fmt(doc.value)}, largest first)` : "";
  const when = doc.as_of ? ` as of ${esc(doc.as_of)}` : " (every row counts)";
  const sources = sourcesOf(doc);
  $("explain").innerHTML = `<h3 data-topic="${esc(doc.topic)}">${esc(EXPLAIN_TITLES[doc.topic](ids))}</h3>
    <p>${values}${when}${count}.</p>
    <table id="explain-table">${rows.length ? contributionHead(rows[0]) : ""}${rows.map(contributionRow).join("")}</table>
    ${rows.length ? "" : '<p class="help">Nothing contributes on this date.</p>'}
    <p class="help">Sources: ${sources.map(esc).join("; ") || "none given"}</p>
    <button type="button" id="explain-close">Close</button>`;
  $("explain").hidden = false;
}

function closeExplanation() {
  $("explain").hidden = true;
  $("explain").innerHTML = "";
  state.view.panel = null;
  writeView();
}

document.addEventListener("click", (e) => { if (e.target.id === "explain-close") closeExplanation(); });
