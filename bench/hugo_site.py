"""The Hugo anchor: the same releases as Hugo content (JSON front matter, the same Markdown
body) with minimal layouts of the pages we build too: release page, paginated index, tag
and category pages (paginated), the tags index, and Hugo's own RSS (50 items)."""
from __future__ import annotations

import json
from pathlib import Path

CONFIG = """baseURL = "http://localhost:8000/"
title = "Hugo anchor"
languageCode = "en"
paginate = 20
timeZone = "UTC"
[taxonomies]
tag = "tags"
category = "categories"
[services.rss]
limit = 50
[permalinks]
releases = "/releases/:slug/"
"""

LAYOUTS = {
    "_default/baseof.html": """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{{ .Title }} | {{ site.Title }}</title>
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .RelPermalink }}">{{ end }}
</head><body><header><a href="{{ "/" | relURL }}">{{ site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "_default/single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">{{ .Date.Format "January 2, 2006 15:04" }}</time>
{{ with .Params.source }} &middot; {{ . }}{{ end }}</p>
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ .Content }}
<nav>{{ with .NextInSection }}<a href="{{ .RelPermalink }}">newer</a>{{ end }}
{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">older</a>{{ end }}</nav></article>{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ $pages := .Pages }}{{ if .IsHome }}{{ $pages = site.RegularPages }}{{ end }}
{{ range (.Paginate $pages).Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<time>{{ .Date.Format "January 2, 2006" }}</time><p>{{ .Summary }}</p></article>{{ end }}
{{ template "_internal/pagination.html" . }}{{ end }}
""",
    "_default/terms.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}
</ul>{{ end }}
""",
}


def parse_release(text: str) -> tuple[dict, str]:
    """Pelican's Markdown metadata ("Key: value" lines up to the first blank one) and body."""
    head, _, body = text.partition("\n\n")
    meta = {}
    for line in head.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            meta[key.strip().lower()] = value.strip()
    return meta, body


def to_hugo(text: str) -> str:
    meta, body = parse_release(text)
    front = {"title": meta.get("title", ""), "date": meta.get("date", ""),
             "slug": meta.get("slug", ""), "summary": meta.get("summary", ""),
             "source": meta.get("source", ""),
             "categories": [meta["category"]] if meta.get("category") else [],
             "tags": [t.strip() for t in meta.get("tags", "").split(",") if t.strip()]}
    return json.dumps(front, ensure_ascii=False, indent=1) + "\n\n" + body


def write_skeleton(hugo: Path) -> None:
    hugo.mkdir(parents=True, exist_ok=True)
    (hugo / "config.toml").write_text(CONFIG, encoding="utf-8")
    for rel, text in LAYOUTS.items():
        path = hugo / "layouts" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (hugo / "content" / "releases").mkdir(parents=True, exist_ok=True)


def convert(md: Path, hugo: Path) -> Path:
    out = hugo / "content" / "releases" / md.name
    out.write_text(to_hugo(md.read_text(encoding="utf-8")), encoding="utf-8")
    return out
