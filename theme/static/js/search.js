// Search page: query the Pagefind index written next to the site (no server needed).
// Results are built with textContent; only Pagefind's <mark> highlights become elements.
const form = document.querySelector(".search-page-form");
const input = document.getElementById("search-q");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const pagefindUrl = document.querySelector("script[data-pagefind]").dataset.pagefind;

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
  if (data.meta.date) {
    const p = document.createElement("p");
    p.className = "card-meta";
    const t = document.createElement("time");
    t.textContent = data.meta.date;
    p.append(t);
    li.append(p);
  }
  const ex = document.createElement("p");
  ex.className = "card-summary";
  ex.append(excerptNodes(data.excerpt || ""));
  li.append(ex);
  return li;
}

let pagefind;
async function run(q) {
  list.replaceChildren();
  if (!q.trim()) { status.textContent = "Type words to search the releases."; return; }
  status.textContent = "Searching…";
  pagefind = pagefind || await import(pagefindUrl);
  const search = await pagefind.search(q);
  const results = await Promise.all(search.results.slice(0, 30).map((r) => r.data()));
  status.textContent = results.length
    ? `${search.results.length} release${search.results.length === 1 ? "" : "s"} found for “${q}”.`
    : `No release found for “${q}”.`;
  for (const data of results) list.append(card(data));
}

const q = new URLSearchParams(location.search).get("q") || "";
input.value = q;
document.getElementById("site-search").value = q;
form.addEventListener("submit", (event) => {
  event.preventDefault();
  history.replaceState(null, "", `?q=${encodeURIComponent(input.value)}`);
  run(input.value);
});
run(q).catch((err) => { status.textContent = "Search is not available: " + err.message; });
