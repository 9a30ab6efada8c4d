// Search page: query the Pagefind index written next to the site (no server needed).
// Results are built with textContent; only Pagefind's <mark> highlights become elements.
// Filters (source, kind, language, tag, year) and the order are the form's fields and the
// page's query string (search.html?q=bridge&source=Kazinform&sort=newest), so a source or
// tag page can link to a search already narrowed to it.
// The index comes in shards (plugins/newsroom/search.py): pagefind/ holds the newest, and
// pagefind/shards.json, written by each build, lists them all newest first; the others are
// merged in (Pagefind's mergeIndex), each tagged with a "shard" filter of its own id.
const form = document.querySelector(".search-page-form");
const input = document.getElementById("search-q");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const box = document.getElementById("search-filters");
const sortField = document.getElementById("search-sort");
// against the page, not this script (import() would resolve a relative path against search.js)
const pagefindUrl = new URL(document.querySelector("script[data-pagefind]").dataset.pagefind,
  document.baseURI).href;
const T = JSON.parse(form.dataset.strings);
const FILTERS = ["source", "kind", "language", "tag", "year"];
const pageLang = document.documentElement.lang || "en";
const languageName = (() => {
  try { const names = new Intl.DisplayNames([pageLang], { type: "language" }); return (c) => names.of(c) || c; }
  catch { return (c) => c; }
})();
const fmt = (text, values) => text.replace(/%\((\w+)\)s/g, (_, k) => values[k] ?? "");

function excerptNodes(excerpt) {
  // Pagefind returns text with <mark> around hits; everything else is shown as text.
  const frag = document.createDocumentFragment();
  const decode = document.createElement("textarea");
  excerpt.split(/(<mark>|<\/mark>)/).reduce((inMark, part) => {
    if (part === "<mark>") return true;
    if (part === "</mark>") return false;
    decode.innerHTML = part;               // a textarea only decodes entities, never runs markup
    const text = document.createTextNode(decode.value);
    if (inMark) { const m = document.createElement("mark"); m.append(text); frag.append(m); }
    else frag.append(text);
    return inMark;
  }, false);
  return frag;
}

function card(data) {
  const li = document.createElement("li");
  li.className = "card";
  const h2 = document.createElement("h2");
  h2.className = "card-title";
  const a = document.createElement("a");
  a.href = data.url;
  a.textContent = data.meta.title || data.url;
  h2.append(a);
  li.append(h2);
  const meta = document.createElement("p");
  meta.className = "card-meta";
  const bits = [];
  if (data.meta.dateline) {
    const d = document.createElement("span");
    d.className = "card-dateline";
    d.textContent = data.meta.dateline;
    bits.push(d);
  }
  if (data.meta.date) {
    const t = document.createElement("time");
    t.textContent = data.meta.date;
    bits.push(t);
  }
  if (data.meta.source) {
    const s = document.createElement("span");
    s.className = "card-source";
    s.textContent = data.meta.source;
    bits.push(s);
  }
  bits.forEach((node, i) => { if (i) meta.append(" · "); meta.append(node); });
  if (bits.length) li.append(meta);
  const ex = document.createElement("p");
  ex.className = "card-summary";
  ex.append(excerptNodes(data.excerpt || ""));
  li.append(ex);
  return li;
}

function chosen() {
  const filters = {};
  for (const name of FILTERS) {
    const field = form.elements[name];
    if (field && field.value) filters[name] = field.value;
  }
  return filters;
}

function buildFilters(available, wanted) {
  // One <select> per filter Pagefind knows, with the count of releases for each value.
  box.replaceChildren();
  const legend = document.createElement("legend");
  legend.textContent = T.narrow;
  box.append(legend);
  for (const name of FILTERS) {
    const values = available[name];
    if (!values || !Object.keys(values).length) continue;
    const wrap = document.createElement("p");
    wrap.className = "search-filter";
    const label = document.createElement("label");
    label.htmlFor = `filter-${name}`;
    label.textContent = T.labels[name];
    const select = document.createElement("select");
    select.id = `filter-${name}`;
    select.name = name;
    const any = new Option(T.any, "");
    select.append(any);
    const keys = Object.keys(values).sort((x, y) => name === "year" ? y.localeCompare(x) : x.localeCompare(y));
    if (wanted[name] && !keys.includes(wanted[name])) keys.unshift(wanted[name]);
    for (const key of keys) {
      const shown = name === "language" ? languageName(key) : key;
      select.append(new Option(values[key] === undefined ? shown : `${shown} (${values[key]})`, key));
    }
    select.value = wanted[name] || "";
    select.addEventListener("change", () => form.requestSubmit());
    wrap.append(label, select);
    box.append(wrap);
  }
  box.hidden = box.querySelectorAll("select").length === 0;
}

let pagefind;
let shards = [];      // newest first, as shards.json lists them

async function loadShards() {
  // The list is fetched afresh (a build may have replaced it); without one, one index.
  try {
    const response = await fetch(new URL("shards.json", pagefindUrl), { cache: "no-cache" });
    if (response.ok) shards = (await response.json()).shards || [];
  } catch { shards = []; }
  if (shards.length < 2) return;
  const root = new URL("../", pagefindUrl);
  await pagefind.options({ mergeFilter: { shard: shards[0].id } });
  const merged = await Promise.allSettled(shards.slice(1).map((s) =>
    pagefind.mergeIndex(new URL(s.path, root).pathname, { mergeFilter: { shard: s.id } })));
  merged.forEach((m, i) => { if (m.status === "rejected") console.warn("search shard", shards[i + 1].id, m.reason); });
}

async function sortedSearch(term, options, limit) {
  // Sorted by date, Pagefind ranks each index's results by their place in that index alone
  // and interleaves the indexes by that place. The shards are consecutive date ranges, so
  // the right order is shard by shard (newest first, or oldest), each in its own order: the
  // whole search gives the count and each shard's share of it, then only the shards that
  // hold the first `limit` results are searched alone.
  const all = await pagefind.search(term, options);
  if (shards.length < 2) return { total: all.results.length, results: all.results.slice(0, limit) };
  const counts = (all.filters && all.filters.shard) || {};
  const order = options.sort.date === "asc" ? [...shards].reverse() : shards;
  const results = [];
  for (const s of order) {
    if (results.length >= limit) break;
    if (!counts[s.id]) continue;
    const part = await pagefind.search(term, { ...options, filters: { ...options.filters, shard: s.id } });
    results.push(...part.results.slice(0, limit - results.length));
  }
  return { total: all.results.length, results };
}

async function shardsWithWords(term, filters) {
  // In an index that holds no word starting with a search word, Pagefind falls back to the
  // longest word of that index the search word starts with ("denuclearization" finds pages
  // with "den"). One index either has the word or falls back; over shards, every shard
  // without the word would add such matches to the real ones. So a shard takes part only if
  // it holds each search word itself (an exact search, one per word); when no shard holds a
  // word (one being typed, a typo), every shard takes part, as in one index. null: all shards.
  if (shards.length < 2 || !term) return null;
  let allowed = null;
  for (const word of term.split(/\s+/).map((w) => w.replace(/"/g, "")).filter(Boolean)) {
    const exact = await pagefind.search(`"${word}"`, { filters });
    const counts = (exact.filters && exact.filters.shard) || {};
    const here = shards.map((s) => s.id).filter((id) => counts[id]);
    if (!here.length) continue;
    allowed = allowed ? allowed.filter((id) => here.includes(id)) : here;
  }
  return allowed;
}

async function run(q, filters, sort) {
  list.replaceChildren();
  const narrowed = Object.keys(filters).length > 0;
  if (!q.trim() && !narrowed) { status.textContent = T.prompt; return; }
  status.textContent = T.searching;
  const options = { filters };
  // Without words there is no relevance to rank by: newest first.
  const order = sort || (q.trim() ? "" : "newest");
  if (order) options.sort = { date: order === "oldest" ? "asc" : "desc" };
  const allowed = await shardsWithWords(q.trim(), filters);
  if (allowed) options.filters = { ...filters, shard: { any: allowed } };
  let found;
  if (allowed && !allowed.length) found = { total: 0, results: [] };     // no page has every word
  else if (options.sort) found = await sortedSearch(q.trim() || null, options, 30);
  else {
    const search = await pagefind.search(q.trim() || null, options);
    found = { total: search.results.length, results: search.results.slice(0, 30) };
  }
  const results = await Promise.all(found.results.map((r) => r.data()));
  const n = found.total;
  const what = Object.entries(filters).map(([k, v]) => `${T.labels[k]}: ${k === "language" ? languageName(v) : v}`).join(", ");
  let text = n === 1 ? T.found_one : fmt(T.found_many, { n: n.toLocaleString(pageLang) });
  if (!n) text = T.none;
  if (q.trim()) text += " " + fmt(T.for_words, { q: q.trim() });
  if (what) text += " (" + what + ")";
  status.textContent = text + ".";
  for (const data of results) list.append(card(data));
}

const params = new URLSearchParams(location.search);
const q = params.get("q") || "";
const wanted = {};
for (const name of FILTERS) if (params.get(name)) wanted[name] = params.get(name);
input.value = q;
document.getElementById("site-search").value = q;
sortField.value = ["newest", "oldest"].includes(params.get("sort")) ? params.get("sort") : "";

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const filters = chosen();
  const query = new URLSearchParams();
  if (input.value) query.set("q", input.value);
  for (const [k, v] of Object.entries(filters)) query.set(k, v);
  if (sortField.value) query.set("sort", sortField.value);
  history.replaceState(null, "", `?${query}`);
  run(input.value, filters, sortField.value)
    .catch((err) => { status.textContent = T.unavailable + " " + err.message; });
});

(async () => {
  pagefind = await import(pagefindUrl);
  await loadShards();
  buildFilters(await pagefind.filters(), wanted);
  await run(q, chosen(), sortField.value);
})().catch((err) => { status.textContent = T.unavailable + " " + err.message; });
