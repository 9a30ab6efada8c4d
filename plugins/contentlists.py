"""The content objects a Pelican generator holds, by state: one place that names Pelican's lists.

Pelican's ArticlesGenerator and PagesGenerator keep what they read in public lists, one per
state (published, hidden, draft) and per kind (originals, translations); their names differ
between the two (`drafts_translations`, `draft_translations`). The plugins that walk every
release (wire's version links, newsroom's collisions, sitemaps and search, fastbuild's
fingerprints and embargo check) ask here, so a list Pelican adds or renames is one edit, and
tests/test_contentlists.py fails when a real build's generators hold a list not named here.
"""
from __future__ import annotations

LISTS = {
    "published": ("articles", "translations", "pages"),
    "hidden": ("hidden_articles", "hidden_translations", "hidden_pages"),
    "draft": ("drafts", "drafts_translations", "draft_pages", "draft_translations"),
}
STATES = tuple(LISTS)


def contents(generators, states=STATES) -> list:
    """Every content object of `generators` (one generator or several) in `states`, each once,
    in Pelican's order: state by state, each list in turn."""
    if not isinstance(generators, (list, tuple)):
        generators = (generators,)
    seen, out = set(), []
    for gen in generators:
        for state in states:
            for name in LISTS[state]:
                for item in getattr(gen, name, None) or ():
                    if id(item) not in seen:
                        seen.add(id(item))
                        out.append(item)
    return out
