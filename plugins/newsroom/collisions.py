"""Names and slugs that collide: one value must never fail the whole build.

Wire copy spells one agency, place or desk several ways ("North Region", "North region",
"NORTH REGION"); they slug alike, so Pelican (and our source pages and feeds) would write
one page per spelling to the same file and stop with FileOverwriteFailedError. Two
hand-written releases whose titles or Slug lines agree do the same to releases/<slug>.html.

On `article_generator_pretaxonomy` (every release read, before Pelican groups tags and
categories, before the source pages and the feeds) this module

- merges tags, categories and sources that slug alike into one, named with the spelling
  most releases use (ties: the first spelling in code-point order, so "North Region"
  before "North region": the result never depends on the order files are read);
- gives releases whose pages would land on one file distinct URLs: the oldest release
  keeps the URL (it is the one already published and linked), each later one gets
  `<slug>-2`, `<slug>-3`, ... and a warning naming both files.

Everything here works on the generator passed in and on the content objects it holds.
"""
from __future__ import annotations

import logging
from collections import Counter, defaultdict

from pelican.urlwrappers import Category, Tag
from pelican.utils import order_content

import contentlists

log = logging.getLogger(__name__)


def _original(art) -> dict:
    """The release's own spellings and slug, as read from its file. Kept on the object the
    first time (Pelican's content cache stores it with them), so every build merges from
    what the files say, never from the last build's merge: a cached build and a cold one
    give the same site."""
    kept = getattr(art, "_newsroom_original", None)
    if kept is None:
        kept = {
            "tags": [str(t) for t in getattr(art, "tags", None) or ()],
            "category": str(art.category) if getattr(art, "category", None) else None,
            "source": (art.metadata.get("source") or "").strip(),
            "slug": art.slug,
        }
        art._newsroom_original = kept
    return kept


def canonical_names(spellings: Counter, slug_of) -> dict[str, str]:
    """{spelling: the name shown for its slug}: the most frequent spelling of each slug;
    ties go to the first in code-point order."""
    by_slug: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for name, count in spellings.items():
        by_slug[slug_of(name)].append((-count, name))
    chosen = {slug: min(names)[1] for slug, names in by_slug.items()}
    return {name: chosen[slug_of(name)] for name in spellings}


def _memo(fn):
    """fn, remembering its result per argument (for one call of _unify_taxonomy)."""
    done: dict = {}

    def once(arg):
        found = done.get(arg)
        if found is None:
            found = done[arg] = fn(arg)
        return found
    return once


def _unify_taxonomy(items: list, settings: dict) -> None:
    """One Tag / Category object per slug, named by canonical_names, on every release."""
    tag_count = Counter(t for a in items for t in _original(a)["tags"])
    cat_count = Counter(_original(a)["category"] for a in items if _original(a)["category"])
    # Pelican's own slug rule, once per name (slugify is slow; a name repeats on many releases)
    tag_slug = _memo(lambda name: Tag(name, settings).slug)
    cat_slug = _memo(lambda name: Category(name, settings).slug)
    tag_name = canonical_names(tag_count, tag_slug)
    cat_name = canonical_names(cat_count, cat_slug)
    tags: dict[str, Tag] = {}
    cats: dict[str, Category] = {}
    merged: dict[tuple[str, str], set[str]] = defaultdict(set)
    for art in items:
        own = _original(art)
        if own["tags"]:
            unified = []
            for spelled in own["tags"]:
                name = tag_name[spelled]
                if name != spelled:
                    merged[("tag", name)].add(spelled)
                slug = tag_slug(name)
                obj = tags.get(slug)
                if obj is None:
                    obj = tags[slug] = Tag(name, settings)
                if obj not in unified:          # "Ferry" and "ferry" on one release: one tag
                    unified.append(obj)
            art.tags = unified
            art.metadata["tags"] = unified
        if own["category"]:
            name = cat_name[own["category"]]
            if name != own["category"]:
                merged[("category", name)].add(own["category"])
            slug = cat_slug(name)
            if slug not in cats:
                cats[slug] = Category(name, settings)
            art.category = cats[slug]
            art.metadata["category"] = art.category
    for (kind, name), others in sorted(merged.items()):
        log.info("newsroom: %s %r also spelled %s: one page, shown as %r", kind, name,
                 ", ".join(repr(o) for o in sorted(others)), name)


def _unify_sources(items: list) -> None:
    """Sources (the wire's agency or distributor) that slug alike: one spelling, so one
    source page and one source feed."""
    from .sources import slug_for

    count = Counter(_original(a)["source"] for a in items)
    count.pop("", None)
    names = canonical_names(count, slug_for)
    merged: dict[str, set[str]] = defaultdict(set)
    for art in items:
        raw = _original(art)["source"]
        if raw and names[raw] != art.metadata.get("source"):
            if names[raw] != raw:
                merged[names[raw]].add(raw)
            art.metadata["source"] = names[raw]
            art.source = names[raw]
    for name, others in sorted(merged.items()):
        log.info("newsroom: source %r also spelled %s: one page, shown as %r", name,
                 ", ".join(repr(o) for o in sorted(others)), name)


def _distinct_urls(generator, items: list) -> None:
    """No two releases write one file: later ones (by date, then file) get a numbered slug."""
    by_file: dict[str, list] = defaultdict(list)
    for art in items:
        if art.slug != _original(art)["slug"]:      # numbered by an earlier build (cached): anew
            art.slug = art.metadata["slug"] = _original(art)["slug"]
        by_file[art.save_as].append(art)
    clashes = {save_as: arts for save_as, arts in by_file.items() if len(arts) > 1}
    if not clashes:
        return
    taken = {a.slug for a in items}
    renamed = set()
    for save_as, arts in sorted(clashes.items()):
        arts.sort(key=lambda a: (a.date, a.source_path))
        first = arts[0]
        for art in arts[1:]:
            n = 2
            while f"{art.slug}-{n}" in taken:
                n += 1
            old_url, new = art.url, f"{art.slug}-{n}"
            taken.add(new)
            art.slug = new
            art.metadata["slug"] = new
            renamed.add(id(art))
            log.warning("newsroom: %s and %s both make %s: %s is published at %s instead",
                        _rel(generator, first), _rel(generator, art), old_url, _rel(generator, art), art.url)
    # They were paired as translations of one another by their shared slug: they are not.
    for art in items:
        if getattr(art, "translations", None):
            art.translations = [t for t in art.translations
                                if t.slug == art.slug and id(t) not in renamed and id(art) not in renamed]
    for name in ("translations", "hidden_translations", "drafts_translations"):
        rest = getattr(generator, name, None)
        if rest:
            home = {"translations": "articles", "hidden_translations": "hidden_articles",
                    "drafts_translations": "drafts"}[name]
            moved = [t for t in rest if id(t) in renamed]
            setattr(generator, name, [t for t in rest if id(t) not in renamed])
            getattr(generator, home).extend(moved)       # an original now, with its own page
            if moved and home == "articles":
                generator.articles = order_content(generator.articles, generator.settings["ARTICLE_ORDER_BY"])


def _rel(generator, art) -> str:
    return getattr(art, "relative_source_path", None) or art.source_path


def unify(generator) -> None:
    """The `article_generator_pretaxonomy` hook."""
    items = contentlists.contents(generator)   # published, hidden and drafts, translations too
    _unify_taxonomy(items, generator.settings)
    _unify_sources(items)
    _distinct_urls(generator, items)
