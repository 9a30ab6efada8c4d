"""plugins/contentlists.py: Pelican's lists of content on its generators, named in one place.

A real build of a site with a release in each state (published, hidden, draft), a translation
and a page: every content object any list of the generators holds is one `contentlists` gives
(a list Pelican adds or renames fails here, before a plugin silently misses its releases), and
`contents` gives each object once, by state."""
from __future__ import annotations

from pathlib import Path

from pelican import Pelican, signals
from pelican.contents import Content
from pelican.settings import read_settings

import contentlists

ROOT = Path(__file__).resolve().parents[1]

RELEASES = {
    "harbour-opens.md": "Title: Harbour opens\nDate: 2024-03-02T10:00:00+00:00\nSlug: harbour-opens\n",
    "harbour-opens-ru.md": "Title: Порт открыт\nDate: 2024-03-02T10:00:00+00:00\nSlug: port-otkryt\nLang: ru\n"
                           "Translation-Of: harbour-opens\n",
    "old-version.md": "Title: Harbour opens (earlier)\nDate: 2024-03-01T10:00:00+00:00\nSlug: old-version\nStatus: hidden\n",
    "not-yet.md": "Title: Bridge plan\nDate: 2024-03-03T10:00:00+00:00\nSlug: not-yet\nStatus: draft\n",
}


def _build(tmp_path: Path) -> list:
    content = tmp_path / "content"
    (content / "releases").mkdir(parents=True)
    (content / "pages").mkdir()
    for name, head in RELEASES.items():
        (content / "releases" / name).write_text(
            head + "Source: Wirepress Desk\nCategory: News\nTags: Harbour\nSummary: A story.\n\nThe story.\n",
            encoding="utf-8")
    (content / "pages" / "about.md").write_text("Title: About us\nSlug: about\n\nWho we are.\n", encoding="utf-8")
    (tmp_path / "seeds").mkdir()
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={
        "PATH": str(content), "OUTPUT_PATH": str(tmp_path / "output"),
        "WIRE_SEEDS_PATH": str(tmp_path / "seeds"), "WIRE_CONTENT_PATH": str(content),
        "CACHE_PATH": str(tmp_path / "cache"), "LOAD_CONTENT_CACHE": False, "PAGEFIND": False})
    seen = []

    def keep(generators):
        seen.extend(g for g in generators if hasattr(g, "context"))

    signals.all_generators_finalized.connect(keep)
    try:
        Pelican(settings).run()
    finally:
        signals.all_generators_finalized.disconnect(keep)
    return seen


def test_every_content_object_of_a_real_build_is_given_once_by_state(tmp_path):
    generators = _build(tmp_path)
    held = {}          # every list of content objects a generator holds (views such as `dates` too)
    for gen in generators:
        for name, value in vars(gen).items():
            if isinstance(value, list) and value and all(isinstance(v, Content) for v in value):
                held.setdefault(name, []).extend(value)
    # the site holds one of each state and kind, so each list is seen
    assert {"articles", "translations", "hidden_articles", "drafts", "pages"} <= set(held)

    every = contentlists.contents(generators)
    assert len(every) == len({id(c) for c in every})
    missed = {name: [c.slug for c in items if id(c) not in {id(e) for e in every}] for name, items in held.items()}
    assert not any(missed.values()), f"content no state of contentlists gives: {missed}"
    slugs = lambda state: sorted(f"{c.slug}:{c.lang}" for c in contentlists.contents(generators, (state,)))
    assert slugs("published") == ["about:en", "harbour-opens:en", "port-otkryt:ru"]
    assert slugs("hidden") == ["old-version:en"]
    assert slugs("draft") == ["not-yet:en"]
    # one generator alone, and the order: state by state, each list in turn
    articles = next(g for g in generators if hasattr(g, "drafts"))
    assert [c.slug for c in contentlists.contents(articles, ("draft", "published"))] == \
        ["not-yet", "harbour-opens", "port-otkryt"]
