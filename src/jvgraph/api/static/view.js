// jvgraph explorer: the view as state to share. The URL's hash holds the as-of date, the
// first drawing (the JV network or nothing), the expanded nodes with their pages, the
// selected node, the filters and the open explanation; opening it draws the same view.
"use strict";

const ALL_TYPES = LABELS.join(",");

function readView() {
  const h = new URLSearchParams(location.hash.slice(1));
  const expanded = h.getAll("x").map((x) => {  // pages:labels:id (the id may hold ':')
    const [pages, labels, ...id] = x.split(":");
    return { id: id.join(":"), labels: labels ? labels.split(",") : [], pages: Math.max(1, Number(pages) || 1) };
  }).filter((x) => x.id);
  const panel = h.get("panel") ? { topic: h.get("panel"), ids: h.getAll("pid") } : null;
  return { asOf: h.get("as_of") || "", base: h.get("base") === "none" ? "none" : "jv", expanded,
           selected: h.get("sel"), panel, types: (h.get("types") ?? ALL_TYPES).split(",").filter(Boolean),
           sector: h.get("sector") || "", vendor: h.get("vendor") || "", size: h.get("size") || "revenue" };
}

function writeView() {
  const h = new URLSearchParams();
  if (asOf()) h.set("as_of", asOf());
  if (state.view.base !== "jv") h.set("base", state.view.base);
  state.view.expanded.forEach((x) => h.append("x", `${x.pages}:${x.labels.join(",")}:${x.id}`));
  if (state.view.selected) h.set("sel", state.view.selected);
  const types = [...document.querySelectorAll("#type-filter input:checked")].map((i) => i.value).join(",");
  if (types !== ALL_TYPES) h.set("types", types);
  if ($("sector-filter").value) h.set("sector", $("sector-filter").value);
  if ($("vendor-filter").value) h.set("vendor", $("vendor-filter").value);
  if ($("size-by").value !== "revenue") h.set("size", $("size-by").value);
  if (state.view.panel) {
    h.set("panel", state.view.panel.topic);
    state.view.panel.ids.forEach((i) => h.append("pid", i));
  }
  const hash = h.toString();
  history.replaceState(null, "", hash ? `#${hash}` : location.pathname + location.search);
}

function recordExpansion(cut) {
  const at = state.view.expanded.findIndex((x) => x.id === cut.id && x.labels.join() === cut.labels.join());
  const entry = { id: cut.id, labels: cut.labels, pages: cut.pages };
  if (at < 0) state.view.expanded.push(entry); else state.view.expanded[at] = entry;
  writeView();
}

function applyFilters(v) {
  document.querySelectorAll("#type-filter input").forEach((i) => { i.checked = v.types.includes(i.value); });
  $("sector-filter").value = v.sector;
  $("vendor-filter").value = v.vendor;
  $("size-by").value = v.size;
}

// ---- the as-of slider: the distinct dates of the data (position 0: every row counts) -----

function setAsOf(day) {
  $("as-of").value = day;
  const at = state.dates.indexOf(day);
  $("as-of-slider").value = String(day ? (at < 0 ? nearestDate(day) : at + 1) : 0);
  $("as-of-shown").textContent = day || "every row";
}
function nearestDate(day) {
  let at = 0;
  state.dates.forEach((d, i) => { if (d <= day) at = i + 1; });
  return at;
}

async function loadDates() {
  state.dates = (await api("/api/dates")).dates;
  $("as-of-slider").max = String(state.dates.length);
  $("as-of-slider").disabled = !state.dates.length;
  $("as-of-slider").addEventListener("input", () => {
    const at = Number($("as-of-slider").value);
    $("as-of-shown").textContent = at ? state.dates[at - 1] : "every row";
  });
  $("as-of-slider").addEventListener("change", () => {
    const at = Number($("as-of-slider").value);
    setAsOf(at ? state.dates[at - 1] : "");
    refresh().catch(fail);
  });
}

// ---- drawing the view -----------------------------------------------------------------

function legend() {
  const types = LABELS.map((l) => `<span><span class="swatch" style="background:${COLOURS[l]}"></span>${LABEL_NAMES[l]}</span>`);
  const vendors = state.vendors.map((v) => `<span><span class="swatch" style="background:${vendorColour(v.id)}"></span>reached by ${esc(v.name)}</span>`);
  $("legend").innerHTML = types.concat(vendors, ['<span><span class="swatch" style="background:#111827"></span>reached by several vendors</span>']).join("");
}

// fit the drawing once the layout is still (until the reader moves or zooms it)
function fitWhenStill() {
  return new Promise((resolve) => {
    let timer = null;
    const done = () => { clearTimeout(timer); if (state.autoFit) network.fit({ animation: false }); resolve(); };
    if (!state.nodes.length || state.nodes.get().some((n) => n.physics === false)) { done(); return; }
    timer = setTimeout(done, 4000);
    network.once("stabilizationIterationsDone", done);
    network.stabilize(150);
  });
}
network.on("stabilized", () => { if (state.autoFit) network.fit({ animation: false }); });
window.addEventListener("resize", () => { if (state.autoFit) network.fit({ animation: false }); });

function clearGraph() {
  state.nodes.clear(); state.edges.clear(); state.cuts.clear(); showCuts();
  state.noJv = false;
}

async function drawJvNetwork() {
  const sub = await api(`/api/network?${withAsOf({})}`);
  addSubgraph(sub);
  state.noJv = !sub.nodes.some((n) => n.label === "JointVenture");
  $("graph-hint").innerHTML = state.noJv ? "<strong>No joint venture in this data</strong>" +
    (asOf() ? ` as of ${esc(asOf())}` : "") + ", so there is no JV network to draw. " +
    "Start from a search: type a company or a manager above, choose it, and expand its neighbours." : "";
  showHint();
}

async function showJvNetwork() {
  clearGraph();
  state.view = { ...state.view, base: "jv", expanded: [] };
  state.autoFit = true;
  await drawJvNetwork();
  writeView();
  await fitWhenStill();
}

// draw the view again: on a new date, or from a URL
async function replay() {
  const wanted = state.view.expanded;
  clearGraph();
  state.view.expanded = [];
  if (state.view.base === "jv") await drawJvNetwork();
  for (const x of wanted) {
    try {
      await expand(x.id, x.labels);
      for (let page = 1; page < x.pages; page += 1) await expand(x.id, x.labels, true);
    } catch (err) { /* not there on this date */ }
  }
  writeView();
}

async function restoreSelection() {
  const { selected, panel } = state.view;
  if (selected) { try { await select(selected); } catch (err) { state.view.selected = null; } }
  if (panel) { try { await explainNumber(panel.topic, panel.ids, false); } catch (err) { closeExplanation(); } }
}

async function refresh() {
  writeView();
  await Promise.all([loadMetrics(), loadKappa(), replay()]);
  await restoreSelection();
}

async function showSession() {
  const session = await api("/api/session");
  if (!session.auth) return;
  $("session-name").textContent = `${session.name} (${session.role})`;
  $("session").hidden = false;
}

function setUpControls(stats) {
  $("type-filter").insertAdjacentHTML("beforeend", LABELS.map((l) =>
    `<label><input type="checkbox" value="${l}" checked> ${esc(LABEL_PLURALS[l])}</label>`).join(" "));
  $("vendor-filter").insertAdjacentHTML("beforeend", stats.vendors.map((v) =>
    `<option value="${esc(v.id)}">${esc(v.name)}</option>`).join(""));
  const sectorOptions = (stats.sector_names || []).map((s) => `<option>${esc(s)}</option>`).join("");
  $("sector-filter").insertAdjacentHTML("beforeend", sectorOptions);
  $("kappa-sector").insertAdjacentHTML("beforeend", sectorOptions);
  $("kappa-sector").addEventListener("change", () => loadKappa().catch(fail));
  whatifFields();
  $("whatif-kind").addEventListener("change", whatifFields);
  legend();
  ["type-filter", "sector-filter", "vendor-filter", "size-by"].forEach((id) =>
    $(id).addEventListener("change", () => { restyle(); writeView(); }));
  $("vendor-filter").addEventListener("change", () => {  // a vendor chosen: its reach, drawn
    const id = $("vendor-filter").value;
    if (id) select(id).then(() => drawVendor(id)).catch(fail);
  });
  $("as-of").addEventListener("change", () => { setAsOf(asOf()); refresh().catch(fail); });
  $("show-jv").addEventListener("click", () => showJvNetwork().catch(fail));
  $("clear").addEventListener("click", () => {
    clearGraph();
    state.view = { ...state.view, base: "none", expanded: [] };
    renderTable(); writeView();
  });
}

async function start() {
  await showSession();
  state.measures = await api("/api/measures");
  const stats = await api("/api/stats");
  state.stats = stats;
  state.vendors = stats.vendors;
  stats.vendors.forEach((v) => state.names.set(v.id, v.name));
  state.expandLimit = stats.expand_limit || 100;
  setUpControls(stats);
  await loadDates();
  const wanted = readView();
  applyFilters(wanted);
  setAsOf(wanted.asOf);
  state.view = { base: wanted.base, expanded: wanted.expanded, selected: wanted.selected, panel: wanted.panel };
  await Promise.all([loadMetrics(), loadKappa(), replay()]);
  await restoreSelection();
  restyle();
  await fitWhenStill();
  writeView();
  document.body.dataset.ready = "true";
}

start().catch(fail);
