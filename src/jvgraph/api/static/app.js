// jvgraph explorer: talks only to this server's /api; draws with the vendored vis-network.
"use strict";

const LABELS = ["Vendor", "JointVenture", "AssetManager", "PortfolioCompany"];
const COLOURS = { Vendor: "#c2410c", JointVenture: "#7c3aed", AssetManager: "#2457c5",
                  PortfolioCompany: "#6b7280" };
const LABEL_NAMES = { Vendor: "vendor", JointVenture: "joint venture", AssetManager: "asset manager",
                      PortfolioCompany: "portfolio company" };
const LABEL_PLURALS = { Vendor: "vendors", JointVenture: "joint ventures", AssetManager: "asset managers",
                        PortfolioCompany: "portfolio companies" };
const VENDOR_PALETTE = ["#059669", "#db2777", "#ca8a04", "#0891b2", "#9333ea", "#dc2626"];
// view: what the URL holds (see view.js); cuts: the capped expansions, by node and labels
const state = { nodes: new vis.DataSet(), edges: new vis.DataSet(), vendors: [], stats: null,
                metrics: null, expandLimit: 100, pending: 0, names: new Map(), cuts: new Map(),
                view: { base: "jv", expanded: [], selected: null, panel: null }, autoFit: true };
const $ = (id) => document.getElementById(id);

// a loading state while any request runs
function busy(step) {
  state.pending += step;
  const on = state.pending > 0;
  document.body.setAttribute("aria-busy", String(on));
  $("loading").hidden = !on;
}

async function api(path, options) {
  busy(1);
  try { return await request(path, options); } finally { busy(-1); }
}

async function request(path, options) {
  const response = await fetch(path, options);
  if (response.status === 401) {  // the sign-in cookie expired or was removed
    location.assign("/login?next=" + encodeURIComponent(location.pathname + location.search));
    throw new Error("sign in again");
  }
  const body = response.headers.get("content-type")?.includes("json")
    ? await response.json() : await response.text();
  if (!response.ok) throw new Error(body.message || String(body));
  return body;
}

function asOf() { return $("as-of").value; }
function withAsOf(params) {
  const p = new URLSearchParams(params);
  if (asOf()) p.set("as_of", asOf());
  return p.toString();
}
function fmt(x, digits = 0) {
  return x === null || x === undefined ? "—"
    : Number(x).toLocaleString("en-US", { maximumFractionDigits: digits,
                                          minimumFractionDigits: digits });
}
function pct(x) { return x === null || x === undefined ? "—" : (100 * x).toFixed(1) + "%"; }
function esc(s) {
  return String(s ?? "").replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;",
                                                      '"': "&quot;" }[c]));
}
function status(text, warn = false) { $("status").textContent = text;
                                       $("status").className = warn ? "warn" : ""; }
function remember(nodes) { nodes.forEach((n) => { if (n.name) state.names.set(n.id, n.name); }); }
function nameOf(id) { return state.names.get(id) || id; }
// a name, with its id in the tooltip
function named(id, name) { return `<span title="${esc(id)}">${esc(name || nameOf(id))}</span>`; }

// ---- the graph ------------------------------------------------------------------------

const network = new vis.Network($("graph"), { nodes: state.nodes, edges: state.edges }, {
  interaction: { hover: true, keyboard: { enabled: true, bindToWindow: false } },
  physics: { stabilization: { iterations: 150 } },
  edges: { arrows: { to: { enabled: true, scaleFactor: 0.5 } }, font: { size: 9 } },
  nodes: { shape: "dot", font: { size: 11 } },
});

function vendorColour(vendorId) {
  const i = state.vendors.findIndex((v) => v.id === vendorId);
  return VENDOR_PALETTE[(i < 0 ? 0 : i) % VENDOR_PALETTE.length];
}

function nodeStyle(n) {
  const p = n.properties || {};
  let colour = COLOURS[n.label] || "#999";
  const reached = n.reached_by || [];
  if (n.label === "PortfolioCompany" && reached.length) {
    colour = reached.length > 1 ? "#111827" : vendorColour(reached[0]);
  }
  const amount = n.label === "AssetManager" ? p.aum_usd : p.revenue_usd;
  const size = $("size-by").value === "none" || !amount ? 10
    : Math.max(6, Math.min(40, 4 * Math.log10(1 + amount) - 20));
  const item = { id: n.id, label: n.name || n.id, color: colour, size,
                 title: `${LABEL_NAMES[n.label] || n.label}: ${n.name || n.id}\nid: ${n.id}`,
                 raw: n, hidden: !visible(n) };
  if (n.x !== undefined) { item.x = n.x; item.y = n.y; item.physics = false; }
  return item;
}

function visible(n) {
  const types = [...document.querySelectorAll("#type-filter input:checked")].map((i) => i.value);
  if (!types.includes(n.label)) return false;
  const sector = $("sector-filter").value;
  if (sector && n.label === "PortfolioCompany" && n.properties.sector !== sector) return false;
  const vendor = $("vendor-filter").value;
  if (vendor && n.label === "PortfolioCompany" && !(n.reached_by || []).includes(vendor)) return false;
  return true;
}

function addSubgraph(sub) {
  const large = sub.nodes.some((n) => n.x !== undefined);
  network.setOptions({ physics: { enabled: !large } });
  remember(sub.nodes);
  state.nodes.update(sub.nodes.map(nodeStyle));
  state.edges.update(sub.edges.map((e) => ({
    id: `${e.source}|${e.type}|${e.target}`, from: e.source, to: e.target,
    label: e.type === "HOLDS" && e.properties.stake ? pct(e.properties.stake) : "",
    title: e.type, raw: e, color: { color: "#b6bdc9" } })));
  renderTable();
}

function restyle() {
  state.nodes.update(state.nodes.get().map((item) => nodeStyle(item.raw)));
  renderTable();
}

function renderTable() {
  const rows = state.nodes.get().filter((n) => !n.hidden).map((n) => {
    const r = n.raw;
    return `<tr data-id="${esc(r.id)}"><td>${named(r.id, r.name)}</td><td>${esc(LABEL_NAMES[r.label] || r.label)}</td>` +
      `<td>${esc(r.properties.sector || "")}</td><td>${esc((r.reached_by || []).map(vendorName).join(", "))}</td>` +
      `<td><button type="button" data-expand="${esc(r.id)}">expand</button></td></tr>`;
  });
  $("node-table").querySelector("tbody").innerHTML = rows.join("");
  status(`${rows.length} nodes shown, ${state.edges.length} relationships`);
  showHint();
}
// the hint of a dataset without JVs, while nothing is drawn
function showHint() { $("graph-hint").hidden = !(state.noJv && state.nodes.length === 0); }

// Expanding a node draws its neighbours that count on the date, largest stake first, then
// largest revenue (or AUM), then by name, at most expandLimit at a time; "next" draws the
// next ones in the same order.
function cutKey(id, labels) { return `${id}\u0001${(labels || []).join(",")}`; }

async function expand(id, labels = [], more = false) {
  const key = cutKey(id, labels);
  const cut = state.cuts.get(key);
  if (more && (!cut || cut.next === null)) return null;
  const offset = more ? cut.next : 0;
  // the node comes with every page: expandLimit neighbours and the node
  const query = new URLSearchParams(withAsOf({ limit: state.expandLimit + 1, offset }));
  labels.forEach((l) => query.append("labels", l));
  const sub = await api(`/api/nodes/${encodeURIComponent(id)}/neighbourhood?${query}`);
  addSubgraph(sub);
  const entry = more || !cut ? { id, labels, name: sub.nodes[0].name || id, pages: more ? cut.pages + 1 : 1,
                                 shown: offset + sub.neighbours, total: sub.neighbours_total,
                                 next: sub.next_offset, order: sub.order } : cut;
  state.cuts.set(key, entry);
  recordExpansion(entry);
  showCuts();
  return sub;
}

// every capped expansion says "N of M", offers the next ones and the type filters
function showCuts() {
  const lines = [...state.cuts.values()].filter((c) => c.next !== null || c.pages > 1).map((c) => {
    const only = c.labels.length ? ` (only ${c.labels.map((l) => LABEL_PLURALS[l]).join(", ")})` : "";
    const next = c.next === null ? "" : ` <button type="button" data-more="${esc(c.id)}" ` +
      `data-labels="${esc(c.labels.join(","))}">next ${fmt(Math.min(state.expandLimit, c.total - c.shown))}</button>`;
    const types = LABELS.map((l) => `<button type="button" data-expand="${esc(c.id)}" data-label="${l}">` +
      `${esc(LABEL_PLURALS[l])}</button>`).join(" ");
    return `<p class="warn cut" data-id="${esc(c.id)}" data-shown="${c.shown}" data-total="${c.total}">` +
      `<strong>${fmt(c.shown)} of ${fmt(c.total)}</strong> neighbours of ${named(c.id, c.name)}${only} drawn, ` +
      `${esc(c.order)}.${next} Only: ${types}</p>`;
  });
  $("cuts").innerHTML = lines.join("");
}

async function select(id) {
  const node = await api(`/api/nodes/${encodeURIComponent(id)}`);
  remember([node]);
  state.view.selected = node.id;
  if (state.nodes.get(node.id)) network.selectNodes([node.id]);
  writeView();
  const props = Object.entries(node.properties).filter(([k, v]) => v !== null && k !== "id")
    .map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join("");
  $("node-details").innerHTML = `<h3 title="${esc(node.id)}" data-id="${esc(node.id)}">${esc(node.name || node.id)}</h3>
    <p>${esc(LABEL_NAMES[node.label] || node.label)} · ${fmt(node.degree)} relationships</p>
    <table>${props}</table><p>Sources: ${esc(node.sources.join(", ") || "none given")}</p>
    <button type="button" data-expand="${esc(node.id)}">Expand neighbours</button>
    <button type="button" data-path-from="${esc(node.id)}">Paths from here</button>
    <button type="button" data-path-to="${esc(node.id)}">Paths to here</button>
    <div id="node-profile" aria-live="polite"><p class="help">Loading what it reaches…</p></div>`;
  showProfile(node.id).catch(fail);
  return node;
}

// ---- a node's profile: a vendor's reach, a manager's portfolio, who reaches a company --

function nodeButton(n) {
  return `<button type="button" class="link" data-select="${esc(n.id)}" title="${esc(n.id)}">${esc(n.name || n.id)}</button>`;
}
function names(list) { return list.length ? list.map(nodeButton).join(", ") : "none"; }

function vendorProfile(p) {
  const r = p.reach;
  const rows = r.markets.map((m) => `<tr><td>${esc(m.market)}</td><td class="num">${fmt(m.companies)}</td>` +
    `<td class="num">${fmt(m.market_companies)}</td><td class="num">${pct(m.foreclosure_share)}</td>` +
    `<td class="num">${pct(m.foreclosure_share_by_count)}</td></tr>`).join("");
  const bound = r.lower_bound ? " at least" : "";
  return `<h4>Reach</h4>
    <p id="profile-reach">Reaches${bound} <strong>${explainLink(fmt(r.companies), "reach", [p.id])}</strong> companies in
      ${fmt(r.markets.length)} ${esc(p.market_grouping)} markets through ${fmt(p.coverage.partners)} partners.
      <span class="help">${esc(p.coverage.summary)}; ${esc(r.reason)}.</span></p>
    <table id="profile-markets"><thead><tr><th>${esc(p.market_grouping)}</th><th>companies reached</th>
      <th>companies in the data</th><th>${esc(measure("foreclosure_share"))}</th><th>by count</th></tr></thead>
      <tbody>${rows}</tbody></table>
    <h4>Partners</h4>
    <p>Portfolio known: ${names(p.partners.known)}</p>
    <p>Portfolio not in the data: ${names(p.partners.missing)}</p>
    ${p.partners.not_stated.length ? `<p>Not stated: ${names(p.partners.not_stated)}</p>` : ""}
    <p>Joint ventures: ${names(p.joint_ventures)}</p>
    <button type="button" data-draw-vendor="${esc(p.id)}">Draw this network</button>
    <a id="profile-webgl" href="/static/bigview.html?vendor=${encodeURIComponent(p.id)}">All ${fmt(r.companies)} companies it reaches, in the WebGL view</a>`;
}

function managerProfile(p) {
  const rows = p.portfolio.markets.map((m) => `<tr><td>${esc(m.market)}</td><td class="num">${fmt(m.companies)}</td></tr>`).join("");
  const jvs = p.joint_ventures.map((j) => `${nodeButton(j)} (${j.vendors.map(nodeButton).join(", ") || "no vendor"})`);
  const known = p.portfolio_known === false ? " The data does not hold this portfolio." : "";
  return `<h4>Portfolio</h4><p id="profile-portfolio">Holds <strong>${fmt(p.portfolio.companies)}</strong> companies
      in the data.${known}</p>
    <table><thead><tr><th>${esc(p.market_grouping)}</th><th>companies</th></tr></thead><tbody>${rows}</tbody></table>
    <p>Partner in: ${jvs.join("; ") || "no JV"}</p>`;
}

function companyProfile(p) {
  const lines = p.reached_by.map((v) => `<li>${nodeButton(v)} through ` +
    v.through.map((m) => `${nodeButton(m)} (${m.stake === null ? "stake unknown" : pct(m.stake)})`).join(", ") + "</li>");
  return `<h4>Reached by</h4><p>${esc(p.market_grouping)}: ${esc(p.market || "—")}; ${fmt(p.holders)} holders in the data.</p>
    <ul id="profile-reached-by">${lines.join("") || "<li>no vendor</li>"}</ul>`;
}

function jvProfile(p) {
  return `<h4>Joint venture</h4><p>Formed by ${names(p.vendors)}</p><p>Partners: ${names(p.partners)}</p>`;
}

async function showProfile(id) {
  const p = await api(`/api/nodes/${encodeURIComponent(id)}/profile?${withAsOf({})}`);
  const render = { vendor: vendorProfile, manager: managerProfile, company: companyProfile,
                   joint_venture: jvProfile }[p.kind];
  $("node-profile").innerHTML = render(p);
  return p;
}

async function drawVendor(id) {
  const sub = await expand(id, ["JointVenture"]);
  for (const n of sub.nodes.filter((x) => x.label === "JointVenture")) await expand(n.id, ["AssetManager"]);
  network.fit();
  status(`${state.nodes.length} nodes shown: the vendor, its JVs and their partners; expand a partner to see its companies`);
}

async function show(id) {
  await select(id);
  await expand(state.view.selected);
  network.selectNodes([state.view.selected]);
  state.autoFit = false;
  network.focus(state.view.selected, { animation: false });
}

network.on("click", (e) => { if (e.nodes.length) select(e.nodes[0]).catch(fail); });
network.on("doubleClick", (e) => { if (e.nodes.length) expand(e.nodes[0]).catch(fail); });
network.on("dragStart", () => { state.autoFit = false; });
network.on("zoom", () => { state.autoFit = false; });
document.addEventListener("click", (e) => {
  const data = e.target.closest("button, td, a")?.dataset || {};
  if (data.expand) expand(data.expand, data.label ? [data.label] : []).catch(fail);
  if (data.more) expand(data.more, data.labels ? data.labels.split(",") : [], true).catch(fail);
  if (data.explain) explainNumber(data.explain, JSON.parse(data.ids)).catch(fail);
  if (data.select) show(data.select).catch(fail);
  if (data.drawVendor) drawVendor(data.drawVendor).catch(fail);
});

function fail(err) { status(String(err.message || err), true); }

// ---- search -------------------------------------------------------------------------

let searchTimer = null;
$("search").addEventListener("input", () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(async () => {
    const q = $("search").value.trim();
    if (!q) { $("results").innerHTML = ""; return; }
    const found = await api(`/api/search?${new URLSearchParams({ q, limit: 10 })}`);
    $("results").innerHTML = found.map((n, i) =>
      `<li role="option" tabindex="-1" data-id="${esc(n.id)}" aria-selected="${i === 0}">` +
      `${esc(n.name)} <span class="help">${esc(LABEL_NAMES[n.label] || n.label)}</span></li>`).join("");
  }, 150);
});
$("search").addEventListener("keydown", (e) => {
  const items = [...$("results").children];
  const at = items.findIndex((li) => li.getAttribute("aria-selected") === "true");
  if (e.key === "ArrowDown" || e.key === "ArrowUp") {
    e.preventDefault();
    const next = Math.max(0, Math.min(items.length - 1, at + (e.key === "ArrowDown" ? 1 : -1)));
    items.forEach((li, i) => li.setAttribute("aria-selected", String(i === next)));
  }
});
$("search-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const li = $("results").querySelector('[aria-selected="true"]');
  if (li) { $("results").innerHTML = ""; show(li.dataset.id).catch(fail); }
});
$("results").addEventListener("click", (e) => {
  const li = e.target.closest("li");
  if (li) { $("results").innerHTML = ""; show(li.dataset.id).catch(fail); }
});

// ---- metric panels --------------------------------------------------------------------
// The measures' names and the denominators' meanings come from /api/measures, the names the
// CLI and the report print as well.

const NO_VENDOR = "<tr><td>No vendor in the data: reach and customer access do not apply.</td></tr>";
const POTENTIAL = "Reach is potential access through ownership, not evidence that a company buys " +
  "from the vendor, of exclusivity, or of an ability or incentive to foreclose rivals " +
  "(2023 Merger Guidelines, Guideline 5).";

function measure(key) { return state.measures ? state.measures.measures[key].name : key; }
function vendorName(id) {
  const v = state.vendors.find((x) => x.id === id);
  return v ? v.name : id;
}
function denominator(entry) {
  const text = state.measures ? state.measures.denominators[entry.denominator] : entry.denominator;
  return entry.market_revenue_source ? `${text} (source: ${entry.market_revenue_source})` : text;
}
function label(l) { return l.label ? l.label : `no label: ${l.reason}`; }
// a figure that opens its breakdown (/api/explain/topic?ids=…) in the explanation panel
function explainLink(text, topic, ids) {
  if (text === "—") return text;
  return `<button type="button" class="link figure" data-explain="${esc(topic)}" ` +
    `data-ids="${esc(JSON.stringify(ids))}" title="what makes this number">${esc(text)}</button>`;
}

function accessTable(m) {
  const vendors = state.vendors.map((v) => v.id).filter((id) => id in m.reach);
  const rows = Object.entries(m.access).sort((a, b) => (b[1].any_vendor_share ?? -1) - (a[1].any_vendor_share ?? -1));
  const bases = new Set(rows.map(([, a]) => denominator(a)));
  const one = bases.size === 1;
  $("access-basis").textContent = one ? `Every share is ${[...bases][0]}.` : "";
  return `<tr><th>${esc(m.market)}</th><th>${esc(measure("any_vendor_share"))}</th>` +
    vendors.map((v) => `<th>${esc(vendorName(v))}: ${esc(measure("foreclosure_share"))} (${esc(measure("exclusive_share"))})</th>`).join("") +
    `<th>companies (without revenue)</th>${one ? "" : "<th>shares</th>"}</tr>` +
    rows.map(([s, a]) => `<tr><td>${esc(s)}</td><td class="num">${explainLink(pct(a.any_vendor_share), "access", [s])}</td>` +
      vendors.map((v) => {
        const x = a.vendors[v];
        return `<td class="num">${x ? `${explainLink(pct(x.foreclosure_share), "foreclosure", [v, s])} (${pct(x.exclusive_share)})` : "—"}</td>`;
      }).join("") +
      `<td class="num">${fmt(a.companies)} (${fmt(a.companies_without_revenue)})</td>${one ? "" : `<td>${esc(denominator(a))}</td>`}</tr>`).join("");
}

function concentrationTable(m) {
  const entries = Object.entries(m.concentration);
  const inData = entries.every(([, c]) => c.denominator === "companies_in_data");
  $("concentration-note").textContent = inData
    ? "No 2023 Guidelines label: every market's shares are of the companies in the data, not of the " +
      "whole market (markets.csv gives a market's total revenue)." : "";
  return `<tr><th>${esc(m.market)}</th><th>${esc(measure("company_hhi"))}</th><th>${esc(measure("company_cr4"))}</th>` +
    `<th>2023 label of the ${esc(measure("company_hhi"))}</th></tr>` +
    entries.map(([s, c]) => `<tr><td>${esc(s)}</td><td class="num">${explainLink(fmt(c.company_hhi, 1), "company-hhi", [s])}</td>` +
      `<td class="num">${pct(c.company_cr4)}</td><td>${inData ? "—" : esc(label(c.guidelines_2023))}</td></tr>`).join("");
}

function vendorMarket(m) {
  const entries = Object.entries(m.vendor_market);
  if (!entries.length) {
    $("vendor-market-note").textContent = `No vendor_shares.csv: the graph shows which customers ` +
      `a vendor can reach, not the AI vendors' shares of any market, so no ${measure("hhi")} is computed.`;
    $("vendor-market-table").innerHTML = "";
    return;
  }
  $("vendor-market-note").textContent = "From vendor_shares.csv; where vendors are unlisted the HHI is a lower bound.";
  $("vendor-market-table").innerHTML = `<tr><th>${esc(m.market)}</th><th>${esc(measure("hhi"))}</th><th>at most</th>` +
    `<th>${esc(measure("cr4"))}</th><th>2023 label of the ${esc(measure("hhi"))}</th></tr>` +
    entries.map(([s, v]) => `<tr><td>${esc(s)}</td><td class="num">${explainLink(fmt(v.hhi, 1), "vendor-hhi", [s])}</td><td class="num">${fmt(v.hhi_max, 1)}</td>` +
      `<td class="num">${pct(v.cr4)}</td><td>${esc(label(v.guidelines_2023))}</td></tr>`).join("");
}

async function loadMetrics() {
  const day = asOf();
  const m = await api(`/api/metrics?${withAsOf({})}`);
  if (day !== asOf()) return;  // a later date was chosen meanwhile
  state.metrics = m;
  const vendors = Object.keys(m.reach).length > 0;
  $("reach-table").innerHTML = !vendors ? NO_VENDOR :
    "<tr><th>vendor</th><th>companies</th><th>revenue (USD)</th><th>sectors</th></tr>" +
    Object.entries(m.reach).map(([v, r]) => `<tr data-id="${esc(v)}"><td>${named(v, vendorName(v))}</td>` +
      `<td class="num">${explainLink(fmt(r.companies), "reach", [v])}</td>` +
      `<td class="num">${explainLink(fmt(r.revenue_usd), "reach", [v])}</td><td class="num">${Object.keys(r.by_sector).length}</td></tr>`).join("");
  $("access-note").textContent = POTENTIAL;
  $("access-table").innerHTML = !vendors ? NO_VENDOR : accessTable(m);
  $("concentration-table").innerHTML = concentrationTable(m);
  vendorMarket(m);
  $("co-table").innerHTML = `<tr><th>${esc(m.market)}</th><th>${esc(measure("company_hhi"))}</th><th>${esc(measure("delta_mhhi"))}</th><th>${esc(measure("mhhi"))}</th></tr>` +
    Object.entries(m.common_ownership).map(([s, c]) => `<tr><td>${esc(s)}</td>` +
      `<td class="num">${explainLink(fmt(c.company_hhi, 1), "company-hhi", [s])}</td>` +
      `<td class="num">${explainLink(fmt(c.delta_mhhi, 1), "mhhi", [s])}</td>` +
      `<td class="num">${explainLink(fmt(c.mhhi, 1), "mhhi", [s])}</td></tr>`).join("");
  heatmap("vendor-heatmap", vendorMatrix(m), "vendors", "Companies the vendors' reach shares.");
  await ownerHeatmap();
}

// profit weights κ between the companies of one sector (O'Brien & Salop), on demand
async function loadKappa() {
  const sector = $("kappa-sector").value;
  if (!sector) { $("kappa-table").innerHTML = ""; $("kappa-status").textContent = ""; return; }
  let doc;
  const day = asOf();
  try {
    doc = await api(`/api/kappa?${withAsOf({ name: sector, max_pairs: 50 })}`);
    if (day !== asOf() || sector !== $("kappa-sector").value) return;
  } catch (err) {
    $("kappa-table").innerHTML = "";
    $("kappa-status").textContent = `No κ for ${sector}: ${err.message}`;
    return;
  }
  const names = Object.fromEntries(doc.firms.map((f) => [f.id, f.name]));
  const s = doc.summary;
  $("kappa-status").textContent = `${doc.firms.length} firms, ${fmt(s.pairs)} ordered pairs: ` +
    `median κ ${fmt(s.median, 4)}, mean ${fmt(s.mean, 4)}; most added by ` +
    (doc.owners.slice(0, 3).map((o) => o.name).join(", ") || "no owner");
  $("kappa-table").innerHTML = "<tr><th>κ(f → g)</th><th>f</th><th>g</th></tr>" +
    doc.pairs.map((p) => `<tr><td class="num">${explainLink(fmt(p.kappa, 4), "mhhi", [sector])}</td>` +
      `<td>${named(p.f, names[p.f])}</td><td>${named(p.g, names[p.g])}</td></tr>`).join("");
}

// a heatmap of companies shared: every cell of the drawn owners (or vendors) has its value
function heatmap(id, matrix, kind, title) {
  const { ids, shared, jaccard } = matrix;
  if (ids.length < 2) { $(id).innerHTML = '<p class="help">No pairs share a company.</p>'; return; }
  const shown = (x) => named(x, kind === "vendors" ? vendorName(x) : nameOf(x));
  const rows = ids.map((a, i) => `<tr><th>${shown(a)}</th>` + ids.map((b, j) => {
    const same = i === j;
    const jac = same ? 0 : jaccard[i][j];
    const bg = same ? "#eef0f4" : `rgba(36, 87, 197, ${jac})`;
    return `<td class="num" style="background:${bg};color:${jac > 0.5 ? "#fff" : "inherit"}" tabindex="0" ` +
      `data-kind="${kind}" data-a="${esc(a)}" data-b="${esc(b)}" ` +
      `title="${same ? "" : `Jaccard ${jac.toFixed(3)}`}">${same ? "" : fmt(shared[i][j])}</td>`;
  }).join("") + "</tr>");
  $(id).innerHTML = `<p class="help">${esc(title)}</p>` +
    `<table><tr><th></th>${ids.map((b) => `<th>${shown(b)}</th>`).join("")}</tr>${rows.join("")}</table>` +
    '<p class="help">cells: companies both hold; shade: Jaccard; click a cell for the companies</p>';
}

// the vendors' pairs as a matrix (a pair the metrics do not list shares nothing)
function vendorMatrix(m) {
  const ids = Object.keys(m.reach).sort((a, b) => vendorName(a).localeCompare(vendorName(b)));
  const at = (a, b) => m.overlap.vendors.find((p) => (p.a === a && p.b === b) || (p.a === b && p.b === a));
  const value = (key) => ids.map((a) => ids.map((b) => { const p = a === b ? null : at(a, b); return p ? p[key] : 0; }));
  return { ids, shared: value("shared"), jaccard: value("jaccard") };
}

async function ownerHeatmap() {
  const day = asOf();
  const doc = await api(`/api/overlap/owners?${withAsOf({ k: 12 })}`);
  if (day !== asOf()) return;
  doc.owners.forEach((o, i) => state.names.set(o, doc.names[i]));
  heatmap("manager-heatmap", { ids: doc.owners, shared: doc.shared, jaccard: doc.jaccard }, "managers",
    `Every pair among the ${doc.owners.length} owners of the ${fmt(doc.pairs)} owner pairs sharing most companies.`);
}

async function sharedCompanies(kind, a, b) {
  if (kind === "vendors") {
    const query = new URLSearchParams(withAsOf({}));
    query.append("ids", a); query.append("ids", b);
    const doc = await api(`/api/explain/overlap?${query}`);
    return doc.contributions.map((c) => c.name);
  }
  const doc = await api("/api/query", { method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ cypher: "MATCH (a)-[:HOLDS]->(c:PortfolioCompany)<-[:HOLDS]-(b) " +
      "WHERE a.id = $a AND b.id = $b RETURN c.name AS name ORDER BY name", params: { a, b } }) });
  return doc.rows.map((r) => r[0]);
}

async function onCell(e) {
  const td = e.target.closest("td[data-kind]");
  if (!td || td.dataset.a === td.dataset.b) return;
  const names = await sharedCompanies(td.dataset.kind, td.dataset.a, td.dataset.b);
  const who = (id) => named(id, td.dataset.kind === "vendors" ? vendorName(id) : nameOf(id));
  $("overlap-detail").innerHTML = `<h3>${who(td.dataset.a)} & ${who(td.dataset.b)} share ${names.length}</h3>` +
    `<ul>${names.map((n) => `<li>${esc(n)}</li>`).join("")}</ul>`;
}
["vendor-heatmap", "manager-heatmap"].forEach((id) => {
  $(id).addEventListener("click", (e) => onCell(e).catch(fail));
  $(id).addEventListener("keydown", (e) => { if (e.key === "Enter") onCell(e).catch(fail); });
});

// ---- what if, Cypher, export ------------------------------------------------------------

function change(c, digits = 1) {
  const step = c.change === null || c.change === undefined ? "—" : `${c.change >= 0 ? "+" : ""}${(100 * c.change).toFixed(digits)} pt`;
  return `${pct(c.before)} → ${pct(c.after)} (${step})`;
}

function presumption(m) {
  const deal = m.merger;
  if (!deal) return m.vendor_market ? "—" : "";
  if (!deal.presumption_2023) return `none: needs ${deal.needs}`;
  const p = deal.presumption_2023;
  return `${{ true: "yes", false: "no", null: "undetermined" }[String(p.presumed)]} (${p.reasons.join("; ")})`;
}

// the what-if fields say what they take, and suggest names of that kind (the API resolves
// names and aliases; a manager is typed, as there may be thousands)
function whatifFields() {
  const merge = $("whatif-kind").value === "merge";
  $("whatif-a-label").textContent = merge ? "Vendor" : "Joint venture";
  $("whatif-b-label").textContent = merge ? "and vendor" : "Manager";
  const options = (names) => names.map((n) => `<option value="${esc(n)}">`).join("");
  const vendors = state.vendors.map((v) => v.name);
  $("ids-a").innerHTML = options(merge ? vendors : state.vendors.flatMap((v) => v.joint_ventures));
  $("ids-b").innerHTML = merge ? options(vendors) : "";
  $("whatif-b").placeholder = merge ? "" : "a manager's name, e.g. TPG";
}

$("whatif-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const scenario = `${$("whatif-kind").value}:${$("whatif-a").value.trim()},${$("whatif-b").value.trim()}`;
  try {
    const doc = await api(`/api/whatif?${withAsOf({ scenario })}`);
    const markets = Object.entries(doc.markets);
    const vendors = [...new Set(markets.flatMap(([, m]) => Object.keys(m.access.vendors)))];
    const given = markets.some(([, m]) => m.vendor_market);
    const merging = doc.scenario.startsWith("merge:");
    const note = given ? "" : merging
      ? ` No vendor_shares.csv: a 2023 presumption needs ${markets[0][1].merger.needs}.`
      : " No vendor_shares.csv: no vendor-market HHI.";
    $("whatif-table").innerHTML = `<caption>${esc(doc.scenario)}: before → after (change).${esc(note)}</caption>` +
      `<tr><th>${esc(doc.market)}</th><th>${esc(measure("any_vendor_share"))}</th>` +
      vendors.map((v) => `<th>${esc(vendorName(v))}: ${esc(measure("foreclosure_share"))}</th>`).join("") +
      `<th>${esc(measure("mhhi"))} change</th>` +
      (given ? `<th>${esc(measure("hhi"))}</th><th>2023 presumption (vendor market)</th>` : "") + "</tr>" +
      markets.map(([s, m]) => {
        const vm = m.vendor_market ? `${fmt(m.vendor_market.hhi.before, 1)} → ${fmt(m.vendor_market.hhi.after, 1)}` : "not given";
        return `<tr><td>${esc(s)}</td><td class="num">${change(m.access.any_vendor_share)}</td>` +
          vendors.map((v) => `<td class="num">${m.access.vendors[v] ? change(m.access.vendors[v].foreclosure_share) : "—"}</td>`).join("") +
          `<td class="num">${fmt(m.common_ownership.mhhi.change, 1)}</td>` +
          (given ? `<td>${esc(vm)}</td><td>${esc(presumption(m))}</td>` : "") + "</tr>";
      }).join("");
  } catch (err) { $("whatif-table").innerHTML = `<caption class="warn">${esc(err.message)}</caption>`; }
});

$("query-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  try {
    const doc = await api("/api/query", { method: "POST", headers: { "content-type": "application/json" },
                                          body: JSON.stringify({ cypher: $("cypher").value }) });
    const cell = (v) => esc(v && typeof v === "object" ? (v.name || v.id || JSON.stringify(v)) : v);
    $("query-table").innerHTML = `<tr>${doc.columns.map((c) => `<th>${esc(c)}</th>`).join("")}</tr>` +
      doc.rows.map((r) => `<tr>${r.map((v) => `<td>${cell(v)}</td>`).join("")}</tr>`).join("");
    const cuts = [];
    if (doc.truncated) cuts.push("the rows are cut at the row limit");
    if (doc.graph && doc.graph.truncated) {
      cuts.push(`the graph draws ${fmt(doc.graph.shown)} of the ${fmt(doc.graph.total)} nodes the ` +
                "query returned (the table lists every row)");
    }
    $("query-status").textContent = `${fmt(doc.rows.length)} rows` + (cuts.length ? `; ${cuts.join("; ")}` : "");
    $("query-status").className = cuts.length ? "warn" : "";
    if (doc.graph) addSubgraph(doc.graph);
  } catch (err) { $("query-status").textContent = err.message; $("query-status").className = "warn"; }
});

function download(name, href) {
  const a = document.createElement("a");
  a.href = href; a.download = name; document.body.appendChild(a); a.click(); a.remove();
}
function shownSubgraph() {
  return { nodes: state.nodes.get().filter((n) => !n.hidden).map((n) => n.raw),
           edges: state.edges.get().map((e) => e.raw) };
}
async function exportAs(format, name) {
  const text = await api(`/api/export?format=${format}`, { method: "POST",
    headers: { "content-type": "application/json" }, body: JSON.stringify(shownSubgraph()) });
  const body = typeof text === "string" ? text : JSON.stringify(text);
  download(name, URL.createObjectURL(new Blob([body])));
}
$("export-csv").addEventListener("click", () => exportAs("csv-nodes", "jvgraph-nodes.csv").catch(fail));
$("export-graphml").addEventListener("click", () => exportAs("graphml", "jvgraph.graphml").catch(fail));
$("export-png").addEventListener("click", () => {
  download("jvgraph.png", $("graph").querySelector("canvas").toDataURL("image/png"));
});
$("export-svg").addEventListener("click", () => {
  const pos = network.getPositions();
  const xs = Object.values(pos).map((p) => p.x), ys = Object.values(pos).map((p) => p.y);
  const [x0, y0] = [Math.min(...xs) - 40, Math.min(...ys) - 40];
  const w = Math.max(...xs) - x0 + 40, h = Math.max(...ys) - y0 + 40;
  const lines = state.edges.get().map((e) => pos[e.from] && pos[e.to]
    ? `<line x1="${pos[e.from].x - x0}" y1="${pos[e.from].y - y0}" x2="${pos[e.to].x - x0}" y2="${pos[e.to].y - y0}" stroke="#b6bdc9"/>` : "");
  const dots = state.nodes.get().filter((n) => !n.hidden && pos[n.id]).map((n) =>
    `<circle cx="${pos[n.id].x - x0}" cy="${pos[n.id].y - y0}" r="${n.size / 2}" fill="${n.color}"><title>${esc(n.label)}</title></circle>` +
    `<text x="${pos[n.id].x - x0 + 8}" y="${pos[n.id].y - y0 + 4}" font-size="10">${esc(n.label)}</text>`);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">${lines.join("")}${dots.join("")}</svg>`;
  download("jvgraph.svg", URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" })));
});

// the view (the URL, the as-of slider, the start) is in view.js; explanations in explain.js
