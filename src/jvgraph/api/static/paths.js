// jvgraph explorer: how one node reaches another (/api/path): every path, shortest first,
// each hop with its relationship and stake, the effective stake of its holding chain, and
// the paths drawn on the graph.
"use strict";

const ARROWS = { FORMED: "formed", PARTNER_IN: "partner in", HOLDS: "holds" };

function hopText(hop) {
  const stake = hop.stake === undefined || hop.stake === null ? "" : ` ${pct(hop.stake)}`;
  const what = `${ARROWS[hop.type] || hop.type}${stake}`;
  return hop.forward ? ` —${what}→ ` : ` ←${what}— `;
}

function pathItem(p, i) {
  const parts = p.nodes.map((n, k) => named(n.id, n.name) + (k < p.hops.length ? esc(hopText(p.hops[k])) : ""));
  const sources = [...new Set(p.hops.map((h) => h.source).filter(Boolean))];
  const effective = p.effective_stake === null ? "" : ` · effective stake ${pct(p.effective_stake)}`;
  return `<li data-path="${i}"><span class="help">${p.length} hops${effective}</span><br>${parts.join("")}` +
    (sources.length ? `<br><span class="help">Sources: ${esc(sources.join("; "))}</span>` : "") + "</li>";
}

async function findPaths(from, to) {
  const query = new URLSearchParams({ from, to, limit: 10 });
  const doc = await api(`/api/path?${query}`);
  state.paths = doc;
  const head = doc.paths.length
    ? `${doc.paths.length}${doc.truncated ? " (the first)" : ""} path${doc.paths.length > 1 ? "s" : ""} from ` +
      `${named(doc.from.id, doc.from.name)} to ${named(doc.to.id, doc.to.name)}, shortest first`
    : `No path of at most ${doc.max_hops} hops from ${named(doc.from.id, doc.from.name)} to ${named(doc.to.id, doc.to.name)}`;
  $("path-result").innerHTML = `<p>${head}</p><ol>${doc.paths.map(pathItem).join("")}</ol>` +
    (doc.paths.length ? '<button type="button" id="draw-paths">Draw these paths</button>' : "");
}

function drawPaths() {
  const doc = state.paths;
  if (!doc) return;
  addSubgraph(doc.graph);
  const ids = doc.graph.nodes.map((n) => n.id);
  network.selectNodes(ids.filter((id) => state.nodes.get(id)));
  network.fit({ nodes: ids, animation: false });
  status(`${doc.paths.length} paths drawn from ${doc.from.name} to ${doc.to.name}`);
}

let pathTimer = null;
["path-from", "path-to"].forEach((id) => $(id).addEventListener("input", () => {
  clearTimeout(pathTimer);
  pathTimer = setTimeout(async () => {
    const q = $(id).value.trim();
    if (q.length < 2) return;
    const found = await api(`/api/search?${new URLSearchParams({ q, limit: 10 })}`);
    $("path-names").innerHTML = found.map((n) => `<option value="${esc(n.name || n.id)}">` +
      `${esc(LABEL_NAMES[n.label] || n.label)}</option>`).join("");
  }, 150);
}));
$("path-form").addEventListener("submit", (e) => {
  e.preventDefault();
  findPaths($("path-from").value.trim(), $("path-to").value.trim()).catch(fail);
});
document.addEventListener("click", (e) => {
  const button = e.target.closest("button");
  if (!button) return;
  if (button.id === "draw-paths") drawPaths();
  const data = button.dataset;
  if (data.pathFrom) $("path-from").value = nameOf(data.pathFrom);
  if (data.pathTo) $("path-to").value = nameOf(data.pathTo);
  if (data.pathFrom || data.pathTo) $("paths").scrollIntoView({ block: "nearest" });
});
