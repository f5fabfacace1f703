// The whole graph in WebGL (sigma + graphology, vendored): positions come from the
// server (/api/graph/layout), so the page only draws.
"use strict";

const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
  "#e377c2", "#17becf", "#bcbd22", "#393b79", "#637939", "#aaaaaa", "#cccccc"];
const KIND_WORDS = { Vendor: "AI vendor", JointVenture: "joint venture",
  AssetManager: "asset manager", Company: "company" };

const state = { renderer: null, graph: null, layout: null, hovered: null };
window.bigview = state;  // read by the tests and the frame benchmark

function colour(group, groups) {
  const name = groups[group] ? groups[group].name : "";
  if (name === "other" || name.startsWith("no ")) return PALETTE[PALETTE.length - 1];
  return PALETTE[group % (PALETTE.length - 2)];
}

function setStatus(text) { document.getElementById("status").textContent = text; }

async function fetchLayout() {
  const params = new URLSearchParams({ group: document.getElementById("group-by").value });
  const vendor = new URLSearchParams(location.search).get("vendor");
  if (vendor) params.set("vendor", vendor);
  const asOf = document.getElementById("as-of").value;
  if (asOf) params.set("as_of", asOf);
  const response = await fetch("/api/graph/layout?" + params);
  if (response.status === 401) {
    location.assign("/login?next=" + encodeURIComponent(location.pathname));
    throw new Error("sign in again");
  }
  const body = await response.json();
  if (!response.ok) throw new Error(body.message || response.statusText);
  return body;
}

function buildGraph(layout) {
  const graph = new graphology.Graph({ multi: true, type: "directed" });
  const groups = layout.groups;
  for (const node of layout.nodes) {
    graph.addNode(node.id, { x: node.x, y: -node.y, size: node.size, label: node.name,
      color: colour(node.group, groups), kind: node.label, group: node.group });
  }
  const ids = layout.nodes.map((n) => n.id);
  for (const [s, t] of layout.edges) graph.addEdge(ids[s], ids[t], { size: 0.3, color: "#d4d8e0" });
  return graph;
}

function draw(layout) {
  if (state.renderer) state.renderer.kill();
  state.graph = buildGraph(layout);
  state.renderer = new Sigma(state.graph, document.getElementById("big-graph"), {
    labelRenderedSizeThreshold: 9, labelDensity: 0.5, hideEdgesOnMove: true,
    defaultEdgeType: "line", zIndex: false, labelFont: "system-ui, sans-serif",
  });
  state.renderer.on("enterNode", (event) => showTooltip(event.node));
  state.renderer.on("leaveNode", hideTooltip);
  state.layout = layout;
}

function showTooltip(id) {
  const at = state.graph.getNodeAttributes(id);
  const tip = document.getElementById("big-tooltip");
  const group = state.layout.groups[at.group];
  tip.replaceChildren();
  const name = document.createElement("strong");
  name.textContent = at.label;
  const what = document.createElement("div");
  what.textContent = (KIND_WORDS[at.kind] || at.kind) + (group ? " · " + group.name : "");
  const code = document.createElement("div");
  code.className = "id";
  code.textContent = id;
  tip.append(name, what, code);
  const pos = state.renderer.graphToViewport({ x: at.x, y: at.y });
  const box = document.getElementById("big-graph");
  tip.style.left = (box.offsetLeft + pos.x + 12) + "px";
  tip.style.top = (box.offsetTop + pos.y + 12) + "px";
  tip.hidden = false;
  state.hovered = id;
}

function hideTooltip() {
  document.getElementById("big-tooltip").hidden = true;
  state.hovered = null;
}

function drawLegend(layout) {
  const legend = document.getElementById("legend");
  legend.replaceChildren();
  layout.groups.forEach((group, i) => {
    const item = document.createElement("span");
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.background = colour(i, layout.groups);
    item.append(swatch, `${group.name} (${group.nodes.toLocaleString("en")})`);
    legend.append(item);
  });
}

async function load() {
  document.body.dataset.state = "loading";
  setStatus("Laying out the whole graph…");
  try {
    const layout = await fetchLayout();
    setStatus(`Drawing ${layout.counts.nodes.toLocaleString("en")} nodes…`);
    await new Promise((done) => requestAnimationFrame(done));
    draw(layout);
    drawLegend(layout);
    document.getElementById("sources").textContent = layout.sources
      .map((s) => (/^source/i.test(s) ? s : "Source: " + s)).join("; ");
    const whose = layout.vendor ? `${layout.vendor.name}'s network: ` : "";
    setStatus(whose + `${layout.counts.nodes.toLocaleString("en")} nodes and ` +
      `${layout.counts.edges.toLocaleString("en")} relationships, coloured by ` +
      `${layout.group} (laid out on the server in ${layout.seconds} s)`);
    document.body.dataset.state = "ready";
  } catch (error) {
    setStatus("Could not draw the graph: " + error.message);
    document.body.dataset.state = "error";
  }
}

document.getElementById("group-by").addEventListener("change", load);
document.getElementById("as-of").addEventListener("change", load);
load();
