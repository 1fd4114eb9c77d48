// sitrep's page: map, timeline, table, event panel, corrections. Plain JS module, no build step.
// Everything that comes from an article (titles, sentences, text, names) is inserted as text nodes
// (textContent / createTextNode), never as HTML, so nothing an article holds can run in the page.

const TYPE_COLOURS = {
  "Battles": "#d7301f",
  "Explosions/Remote violence": "#ff8c00",
  "Violence against civilians": "#7a0177",
  "Protests": "#2b8cbe",
  "Riots": "#31a354",
  "Strategic developments": "#636363",
};
const FIELD_LABELS = {
  sub_event_type: "Type", actor1: "Actor 1", assoc_actor_1: "Assoc. actor 1", actor2: "Actor 2",
  assoc_actor_2: "Assoc. actor 2", place: "Place", event_date: "Date", fatalities: "Fatalities",
};
const SVG = "http://www.w3.org/2000/svg";

const state = { events: [], visible: [], brush: null, meta: null, map: null, cluster: null, selected: null };

// ---------------------------------------------------------------------------------------- helpers
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v;
    else if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function s(tag, attrs = {}) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

function colour(type) { return TYPE_COLOURS[type] || "#444"; }

function say(text, error = false) {
  const box = document.getElementById("message");
  box.textContent = text;
  box.className = error ? "error" : "";
  box.hidden = false;
  clearTimeout(say.timer);
  say.timer = setTimeout(() => { box.hidden = true; }, error ? 6000 : 2500);
}

async function api(path, options = {}) {
  const response = await fetch(path, { headers: { "Accept": "application/json", ...(options.headers || {}) }, ...options });
  let body = null;
  try { body = await response.json(); } catch (_) { body = null; }
  if (!response.ok) {
    const detail = body && body.detail ? (typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail)) : response.statusText;
    throw new Error(`${response.status}: ${detail}`);
  }
  return body;
}

async function post(path, payload) {
  const token = document.getElementById("token").value.trim();
  sessionStorage.setItem("sitrep-token", token);
  return api(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", "Authorization": `Bearer ${token}` },
    body: JSON.stringify({ ...payload, who: document.getElementById("who").value.trim() || null }),
  });
}

function safeUrl(url) { return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null; }

function fmtNumber(n) { return n === null || n === undefined ? "" : String(n); }

// ---------------------------------------------------------------------------------------- filters
function filterQuery() {
  const form = new FormData(document.getElementById("filters"));
  const q = new URLSearchParams();
  for (const [k, v] of form.entries()) if (String(v).trim()) q.set(k, String(v).trim());
  return q.toString();
}

async function loadEvents() {
  try {
    const data = await api(`/api/events?${filterQuery()}`);
    state.events = data.events;
    renderAll();
  } catch (err) { say(err.message, true); }
}

function applyBrush(events) {
  if (!state.brush) return events;
  const [a, b] = state.brush;
  return events.filter((e) => e.event_date && e.event_date >= a && e.event_date <= b);
}

function renderAll() {
  state.visible = applyBrush(state.events);
  renderTimeline();
  renderMap();
  renderTable();
  document.getElementById("count").textContent = String(state.visible.length);
  document.getElementById("brush-note").textContent = state.brush ? `(days ${state.brush[0]} to ${state.brush[1]})` : "";
  document.getElementById("clear-brush").hidden = !state.brush;
}

// ---------------------------------------------------------------------------------------- map
function initMap() {
  const map = L.map("map", { minZoom: 3, maxZoom: 14, zoomSnap: 0.5, worldCopyJump: true }).setView([35, 38.5], 6.5);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Boundaries: Natural Earth");
  state.map = map;
  state.cluster = L.markerClusterGroup({ maxClusterRadius: 40, showCoverageOnHover: false, iconCreateFunction: clusterIcon });
  map.addLayer(state.cluster);
  const basemap = api("/api/basemap").then((geo) => {
    L.geoJSON(geo, { interactive: false, style: { color: "#7d8a99", weight: 1, fillColor: "#fbfaf6", fillOpacity: 1, className: "basemap" } })
      .addTo(map).bringToBack();
  }).then(() => (state.meta.boundaries ? api("/api/boundaries") : null)).then((admin) => {
    if (admin) map.attributionControl.addAttribution("Admin boundaries: given to sitrep serve");
    if (admin) L.geoJSON(admin, { interactive: false, style: { color: "#a7b1bd", weight: 0.8, dashArray: "3 3", fill: false, className: "admin-boundary" } }).addTo(map);
  }).catch((err) => say(`basemap: ${err.message}`, true));
  const legend = document.getElementById("legend");
  for (const [type, c] of Object.entries(TYPE_COLOURS)) {
    const dot = h("i");
    dot.style.background = c;
    legend.append(h("div", {}, dot, type));
  }
  return basemap;
}

function clusterIcon(cluster) {
  // neutral clusters (the type colours are the markers'), ringed with the commonest type's colour
  const children = cluster.getAllChildMarkers();
  const counts = {};
  for (const m of children) counts[m.options.eventType] = (counts[m.options.eventType] || 0) + 1;
  const top = Object.entries(counts).sort((a, b) => b[1] - a[1])[0];
  const n = children.length;
  const size = n < 10 ? 30 : n < 100 ? 36 : 44;
  const inner = h("div", {}, h("span", {}, String(n)));
  inner.style.borderColor = colour(top ? top[0] : null);
  return L.divIcon({ html: inner, className: "marker-cluster sitrep-cluster", iconSize: L.point(size, size) });
}

function centralBounds(events) {
  // the first view: the middle 90% of the events' coordinates, so that a few far-off geocodes do not
  // zoom the map out to the whole world
  const pts = events.filter((e) => e.latitude !== null && e.longitude !== null);
  if (!pts.length) return null;
  const q = (xs, f) => xs[Math.min(xs.length - 1, Math.max(0, Math.floor(f * (xs.length - 1))))];
  const lats = pts.map((e) => e.latitude).sort((a, b) => a - b);
  const lons = pts.map((e) => e.longitude).sort((a, b) => a - b);
  const cut = pts.length >= 20 ? 0.05 : 0;
  return L.latLngBounds([q(lats, cut), q(lons, cut)], [q(lats, 1 - cut), q(lons, 1 - cut)]);
}

function radius(e) { return 5 + Math.min(18, 2.5 * Math.sqrt(e.fatalities || 0)); }

function renderMap() {
  state.cluster.clearLayers();
  const markers = [];
  for (const e of state.visible) {
    if (e.latitude === null || e.longitude === null) continue;
    const m = L.circleMarker([e.latitude, e.longitude], {
      radius: radius(e), color: "#222", weight: 1, fillColor: colour(e.event_type), fillOpacity: 0.8,
      className: `sitrep-marker marker-${e.event_id}`, eventType: e.event_type,
    });
    const tip = h("div", {}, h("b", {}, e.sub_event_type), h("br"), `${e.event_date || "date unknown"}, ${e.location || ""}`,
      h("br"), `${e.fatalities} killed, ${e.sources} source(s)`);
    m.bindTooltip(tip);
    m.on("click", () => openEvent(e.event_id));
    markers.push(m);
  }
  state.cluster.addLayers(markers);
  const bounds = centralBounds(state.visible);
  if (!state.fitted && bounds) {
    // later filters keep the analyst's view
    state.map.fitBounds(bounds.pad(0.25), { maxZoom: 8 });
    state.fitted = true;
  }
}

// ---------------------------------------------------------------------------------------- table
function renderTable() {
  const body = document.querySelector("#events tbody");
  body.replaceChildren();
  for (const e of state.visible) {
    const sw = h("span", { class: "swatch" });
    sw.style.background = colour(e.event_type);
    const row = h("tr", { "data-event-id": e.event_id, class: e.event_id === state.selected ? "selected" : null,
      onclick: () => openEvent(e.event_id) },
    h("td", {}, e.event_date || "?"),
    h("td", {}, sw, e.sub_event_type),
    h("td", {}, [e.location, e.admin1].filter(Boolean).join(", ")),
    h("td", {}, [e.actor1, e.actor2].filter(Boolean).join(" vs ")),
    h("td", { class: "num" }, fmtNumber(e.fatalities)),
    h("td", {}, (e.grade || "").replace(/_/g, " ") + (e.conflicts ? " ⚠" : "")),
    h("td", { class: "num" }, fmtNumber(e.sources)));
    body.append(row);
  }
}

// ---------------------------------------------------------------------------------------- timeline
function days(a, b) {
  const out = [];
  const d = new Date(`${a}T00:00:00Z`);
  const end = new Date(`${b}T00:00:00Z`);
  while (d <= end && out.length < 4000) { out.push(d.toISOString().slice(0, 10)); d.setUTCDate(d.getUTCDate() + 1); }
  return out;
}

function renderTimeline() {
  const svg = document.getElementById("timeline");
  svg.replaceChildren();
  const dated = state.events.filter((e) => e.event_date).map((e) => e.event_date).sort();
  if (!dated.length) return;
  const all = days(dated[0], dated[dated.length - 1]);
  const width = svg.clientWidth || 800, height = 140, left = 28, bottom = 18;
  const counts = new Map(all.map((d) => [d, {}]));
  for (const e of state.events) {
    if (!e.event_date || !counts.has(e.event_date)) continue;
    const c = counts.get(e.event_date);
    c[e.event_type] = (c[e.event_type] || 0) + 1;
  }
  const max = Math.max(1, ...[...counts.values()].map((c) => Object.values(c).reduce((x, y) => x + y, 0)));
  const bw = Math.min(40, (width - left) / all.length);
  const y = (n) => (height - bottom) * n / max;
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  all.forEach((d, i) => {
    let acc = 0;
    for (const type of Object.keys(TYPE_COLOURS)) {
      const n = (counts.get(d) || {})[type] || 0;
      if (!n) continue;
      const r = s("rect", { x: left + i * bw + 0.5, y: height - bottom - y(acc + n), width: Math.max(1, bw - 1), height: y(n), fill: colour(type), class: "bar" });
      const title = s("title");
      title.textContent = `${d}: ${n} ${type}`;
      r.append(title);
      svg.append(r);
      acc += n;
    }
  });
  const axis = (x, text, anchor = "start") => { const t = s("text", { x, y: height - 4, class: "axis", "text-anchor": anchor }); t.textContent = text; svg.append(t); };
  axis(left, all[0]);
  axis(width, all[all.length - 1], "end");
  const top = s("text", { x: 2, y: 10, class: "axis" });
  top.textContent = String(max);
  svg.append(top);
  const dayAt = (px) => all[Math.max(0, Math.min(all.length - 1, Math.floor((px - left) / bw)))];
  if (state.brush) {
    const i0 = all.indexOf(state.brush[0]), i1 = all.indexOf(state.brush[1]);
    if (i0 >= 0 && i1 >= 0) svg.append(s("rect", { x: left + i0 * bw, y: 0, width: (i1 - i0 + 1) * bw, height: height - bottom, class: "brush" }));
  }
  svg.onmousedown = (ev) => {
    const box = svg.getBoundingClientRect();
    const scale = width / box.width;
    const x0 = (ev.clientX - box.left) * scale;
    const sel = s("rect", { x: x0, y: 0, width: 0, height: height - bottom, class: "brush" });
    svg.append(sel);
    const move = (mv) => {
      const x = (mv.clientX - box.left) * scale;
      sel.setAttribute("x", String(Math.min(x, x0)));
      sel.setAttribute("width", String(Math.abs(x - x0)));
    };
    const up = (uv) => {
      window.removeEventListener("mousemove", move);
      window.removeEventListener("mouseup", up);
      const x1 = (uv.clientX - box.left) * scale;
      const a = dayAt(Math.min(x0, x1)), b = dayAt(Math.max(x0, x1));
      state.brush = [a, b];
      renderAll();
    };
    window.addEventListener("mousemove", move);
    window.addEventListener("mouseup", up);
  };
}

// ---------------------------------------------------------------------------------------- event panel
function quoted(sentence, figures) {
  // the sentence as text, its figures wrapped in <mark> (spans come from the server, text stays text)
  const out = h("blockquote");
  let at = 0;
  for (const f of figures) {
    if (f.start < at || f.end > sentence.length) continue;
    out.append(document.createTextNode(sentence.slice(at, f.start)));
    out.append(h("mark", { title: `${f.value} ${f.counts}${f.subject ? ` (${f.subject})` : ""}, ${f.qualifier}` }, sentence.slice(f.start, f.end)));
    at = f.end;
  }
  out.append(document.createTextNode(sentence.slice(at)));
  return out;
}

function valueText(field, v) {
  if (v === null || v === undefined || v === "") return "—";
  if (field === "place" && typeof v === "object") {
    return [v.location, v.admin1, v.country].filter(Boolean).join(", ") + (v.latitude !== null && v.latitude !== undefined ? ` (${v.latitude}, ${v.longitude})` : "");
  }
  if (Array.isArray(v)) return v.join(", ");
  return String(v);
}

function correctionForm(ev) {
  const types = state.meta.event_types;
  const field = h("select", { name: "field" }, Object.entries(FIELD_LABELS).map(([k, label]) => h("option", { value: k }, label)));
  const holder = h("span");
  const editor = () => {
    holder.replaceChildren();
    const f = field.value;
    if (f === "sub_event_type") {
      holder.append(h("select", { name: "value" }, Object.entries(types).map(([t, subs]) =>
        h("optgroup", { label: t }, subs.map((sub) => h("option", { value: sub, selected: sub === ev.sub_event_type }, sub))))));
    } else if (f === "place") {
      holder.append(h("input", { name: "location", placeholder: "place name", value: ev.location || ev.location_raw || "" }),
        h("input", { name: "latitude", placeholder: "latitude", value: ev.latitude ?? "" }),
        h("input", { name: "longitude", placeholder: "longitude", value: ev.longitude ?? "" }),
        h("input", { name: "admin1", placeholder: "province", value: ev.admin1 || "" }));
    } else if (f === "event_date") {
      holder.append(h("input", { name: "value", type: "date", value: ev.event_date || "" }));
    } else if (f === "fatalities") {
      holder.append(h("input", { name: "value", type: "number", min: "0", step: "1", value: ev.fatalities }));
    } else {
      holder.append(h("input", { name: "value", value: ev[f] || "", maxlength: "255" }));
    }
  };
  field.addEventListener("change", editor);
  field.value = "fatalities";
  editor();
  const form = h("form", { class: "correct", id: "correct-form" }, h("label", {}, "Correct"), h("span", {}, field, holder), h("button", { type: "submit" }, "Save"));
  form.addEventListener("submit", async (submit) => {
    submit.preventDefault();
    const data = new FormData(form);
    const f = data.get("field");
    let value = data.get("value");
    if (f === "fatalities") value = value === "" ? null : Number(value);
    if (f === "place") value = { location: data.get("location"), latitude: data.get("latitude") || null, longitude: data.get("longitude") || null, admin1: data.get("admin1") || null };
    if (typeof value === "string" && f !== "event_date" && f !== "sub_event_type" && value.trim() === "") value = null;
    try {
      const out = await post(`/api/events/${ev.event_id}/corrections`, { field: f, value });
      say(`${FIELD_LABELS[f]} corrected`);
      await loadEvents();
      await openEvent(out.event_id);
    } catch (err) { say(err.message, true); }
  });
  return form;
}

function mergeSplit(ev) {
  const other = h("input", { placeholder: "other event id (SR...)", id: "merge-with", maxlength: "14" });
  const merge = h("button", { type: "button", onclick: async () => {
    try {
      const out = await post("/api/merge", { event_ids: [ev.event_id, other.value.trim()] });
      say("events merged");
      await loadEvents();
      await openEvent(out.event_id);
    } catch (err) { say(err.message, true); }
  } }, "Merge");
  const split = h("button", { type: "button", onclick: async () => {
    const ids = [...document.querySelectorAll("#panel input.split-pick:checked")].map((c) => c.value);
    try {
      const out = await post(`/api/events/${ev.event_id}/split`, { mention_ids: ids });
      say("event split");
      await loadEvents();
      await openEvent(out.event_ids[0]);
    } catch (err) { say(err.message, true); }
  } }, "Split ticked mentions off");
  return h("div", { class: "row-actions" }, other, merge, ev.mentions.length > 1 ? split : null);
}

function fieldRow(ev, label, field, text) {
  const corrected = ev.corrections.some((c) => c.action === "set" && c.field === field);
  return [h("dt", {}, label), h("dd", { class: corrected ? "corrected" : null, "data-field": field }, text, corrected ? " (corrected)" : "")];
}

async function openEvent(eventId) {
  let ev;
  try { ev = await api(`/api/events/${encodeURIComponent(eventId)}`); } catch (err) { say(err.message, true); return; }
  state.selected = ev.event_id;
  if (location.hash !== `#event=${ev.event_id}`) history.replaceState(null, "", `#event=${ev.event_id}`);
  document.querySelectorAll("#events tbody tr").forEach((tr) => tr.classList.toggle("selected", tr.dataset.eventId === ev.event_id));
  const body = document.getElementById("panel-body");
  const fields = h("dl", { class: "fields" },
    fieldRow(ev, "Date", "event_date", `${ev.event_date || "unknown"}${ev.time_precision > 1 ? ` (precision ${ev.time_precision})` : ""}`),
    fieldRow(ev, "Type", "sub_event_type", `${ev.event_type} / ${ev.sub_event_type}`),
    fieldRow(ev, "Actor 1", "actor1", ev.actor1 || "—"),
    fieldRow(ev, "Actor 2", "actor2", ev.actor2 || "—"),
    fieldRow(ev, "Place", "place", [ev.location || ev.location_raw, ev.admin1, ev.country].filter(Boolean).join(", ") || "—"),
    fieldRow(ev, "Fatalities", "fatalities", `${ev.fatalities} (sources: ${ev.fatalities_low}–${ev.fatalities_high})`),
    [h("dt", {}, "Grade"), h("dd", {}, `${ev.grade.replace(/_/g, " ")}, ${ev.independent_sources} independent source(s)`)],
    [h("dt", {}, "Notes"), h("dd", {}, ev.notes)]);
  const mentions = ev.mentions.map((m) => h("div", { class: "mention", "data-mention-id": m.mention_id },
    quoted(m.sentence, m.figures),
    h("div", { class: "meta" },
      ev.mentions.length > 1 ? h("input", { type: "checkbox", class: "split-pick", value: m.mention_id, title: "tick to split off" }) : null,
      m.outlet || "unknown outlet", m.published ? `, ${m.published}` : "",
      m.claimed_by ? [" — claimed by ", h("span", { class: ev.conflicts.some((c) => c.values.some((v) => v.party && v.claimed_by === m.claimed_by)) ? "party" : null }, m.claimed_by)] : "",
      " · ", h("a", { href: `#article=${encodeURIComponent(m.article_id)}`, class: "article-link", onclick: (click) => { click.preventDefault(); openArticle(m.article_id); } }, m.article_title || m.article_id),
      safeUrl(m.url) ? [" · ", h("a", { href: safeUrl(m.url), target: "_blank", rel: "noopener noreferrer" }, "original")] : "")));
  const conflicts = ev.conflicts.length ? h("table", { class: "conflicts" }, ev.conflicts.map((c) => h("tr", {},
    h("th", {}, c.field),
    h("td", {}, h("div", { class: "conflict-values" }, c.values.map((v) =>
      h("span", { class: v.party ? "party" : null }, `${valueText(c.field, v.value)} — ${v.claimed_by || v.article_id}${v.party ? " (party)" : ""}`))))))) : h("p", { class: "meta" }, "The sources agree.");
  const log = ev.corrections.length ? h("table", { class: "log", id: "correction-log" },
    h("tr", {}, h("th", {}, "When"), h("th", {}, "Who"), h("th", {}, "What"), h("th", {}, "Old"), h("th", {}, "New")),
    ev.corrections.map((c) => h("tr", {}, h("td", {}, c.at.replace("T", " ").replace("+00:00", "Z")), h("td", {}, c.who),
      h("td", {}, c.action === "set" ? FIELD_LABELS[c.field] || c.field : c.action),
      h("td", {}, c.action === "set" ? valueText(c.field, c.old) : valueText(null, c.old)),
      h("td", {}, valueText(c.field, c.new))))) : h("p", { class: "meta" }, "No correction yet.");
  const fusion = ev.history.length ? h("table", { class: "log" }, ev.history.map((c) => h("tr", {},
    h("td", {}, c.at.replace("T", " ").replace("+00:00", "Z")), h("td", {}, c.action),
    h("td", {}, c.previous.length && !(c.previous.length === 1 && c.previous[0] === c.event_id) ? `from ${c.previous.join(", ")}` : ""),
    h("td", {}, `${c.mentions} mention(s)`)))) : null;
  body.replaceChildren(...[
    h("h2", {}, ev.notes),
    h("div", { class: "meta" }, `event ${ev.event_id}`),
    fields,
    state.meta.editable ? [h("h3", {}, "Correct this event"), correctionForm(ev), mergeSplit(ev)] : h("p", { class: "meta" }, "Read-only server: start `sitrep serve --token ...` to correct."),
    h("h3", {}, `Sources (${ev.mentions.length} mention(s), ${ev.sources.length} article(s))`), mentions,
    h("h3", {}, "Conflicts"), conflicts,
    h("h3", {}, "Corrections"), log,
    fusion ? [h("h3", {}, "Fusion history"), fusion] : null].flat(Infinity).filter(Boolean));
  document.getElementById("panel").hidden = false;
}

async function openArticle(articleId) {
  let a;
  try { a = await api(`/api/article?id=${encodeURIComponent(articleId)}`); } catch (err) { say(err.message, true); return; }
  document.getElementById("article-body").replaceChildren(
    h("h2", {}, a.title || a.id),
    h("div", { class: "meta" }, [a.outlet, a.published, a.id].filter(Boolean).join(" · "),
      safeUrl(a.url) ? [" · ", h("a", { href: safeUrl(a.url), target: "_blank", rel: "noopener noreferrer" }, "original")] : ""),
    h("div", { class: "text" }, a.text));
  document.getElementById("article").hidden = false;
}

// ---------------------------------------------------------------------------------------- start
async function start() {
  state.meta = await api("/api/meta");
  const typeSelect = document.querySelector("#filters select[name=type]");
  for (const [t, subs] of Object.entries(state.meta.event_types)) {
    typeSelect.append(h("option", { value: t }, t));
    for (const sub of subs) typeSelect.append(h("option", { value: sub }, `  ${sub}`));
  }
  const gradeSelect = document.querySelector("#filters select[name=grade]");
  for (const g of state.meta.grades) gradeSelect.append(h("option", { value: g }, g.replace(/_/g, " ")));
  document.getElementById("analyst").hidden = !state.meta.editable;
  document.getElementById("token").value = sessionStorage.getItem("sitrep-token") || "";
  const who = document.getElementById("who");
  who.value = localStorage.getItem("sitrep-who") || "";
  who.addEventListener("change", () => localStorage.setItem("sitrep-who", who.value.trim()));
  const form = document.getElementById("filters");
  form.addEventListener("submit", (ev) => { ev.preventDefault(); loadEvents(); });
  form.addEventListener("reset", () => setTimeout(loadEvents, 0));
  document.getElementById("clear-brush").addEventListener("click", () => { state.brush = null; renderAll(); });
  document.getElementById("close-panel").addEventListener("click", () => {
    document.getElementById("panel").hidden = true; state.selected = null; history.replaceState(null, "", location.pathname);
  });
  document.getElementById("close-article").addEventListener("click", () => { document.getElementById("article").hidden = true; });
  window.addEventListener("resize", () => renderTimeline());
  const basemap = initMap();
  await loadEvents();
  await basemap;
  const m = /^#event=(SR[0-9a-f]{12})$/.exec(location.hash);
  if (m) await openEvent(m[1]);
  document.body.dataset.ready = "true";
}

window.addEventListener("DOMContentLoaded", () => { start().catch((err) => { console.error(err); say(String(err.message || err), true); }); });
