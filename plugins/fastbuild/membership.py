"""Four list scans in Pelican's ArticlesGenerator are quadratic at newsroom scale (~6 s of a
10,000-release build, in each process, and 15 s more for authors): every tag, category and
author page filters all releases with `article in <that tag's list>` (for authors even when
AUTHOR_SAVE_AS is empty and no page is written: every release's byline or agency is an
author), and every period archive filters all releases with `a in <that period's list>`.
Releases have no __eq__, so `in` is identity: the same test through a set of ids gives the
same lists, in the same order.

The fourth is `process_translations` (pelican.utils), which ends by testing every release
against the list of every original: 2 s at 10,000 releases, minutes at 100,000. It is called
here once per translation group (the releases sharing a translation key, a handful at most),
which gives the same two lists in the same order, with no line of Pelican's copied."""
from __future__ import annotations

from itertools import groupby
from operator import attrgetter

import pelicancompat


class _IdList(list):
    """A tag's (category's) releases, with `in` by identity in O(1)."""

    def __init__(self, items):
        super().__init__(items)
        self._ids = {id(x) for x in items}

    def __contains__(self, item):
        return id(item) in self._ids


def fast_membership(generator) -> None:
    """Before writing: the lists generate_tags/generate_categories test membership in."""
    generator.tags = {tag: _IdList(arts) for tag, arts in generator.tags.items()}
    generator.categories = [(cat, _IdList(arts)) for cat, arts in generator.categories]
    generator.authors = [(aut, _IdList(arts)) for aut, arts in generator.authors]


def _linear(original):
    def linear_period_archives(self, sorted_articles, articles, settings):
        # Pelican's own grouping with no articles to scan, then the same filter by identity.
        archives = original(self, sorted_articles, [], settings)
        for groups in archives.values():
            for archive in groups:
                ids = {id(d) for d in archive["dates"]}
                archive["articles"] = [a for a in articles if id(a) in ids]
        return archives
    return linear_period_archives


def _per_group(original):
    def process_translations(content_list, translation_id=None):
        if not translation_id:
            return original(content_list, translation_id)
        ids = (translation_id,) if isinstance(translation_id, str) else tuple(translation_id)
        key = attrgetter(*ids)
        try:
            content_list.sort(key=key)        # as Pelican sorts it (callers see the list sorted)
        except (TypeError, AttributeError):
            return original(content_list, translation_id)     # Pelican's own error for it
        # Pelican's lists are its groups' originals, then every release not among them, both
        # in this sorted order: one group at a time gives the same, each group's scan small.
        index, translations = [], []
        for _, group in groupby(content_list, key):
            originals, others = original(list(group), translation_id)
            index.extend(originals)
            translations.extend(others)
        return index, translations
    return process_translations


def install() -> None:
    pelicancompat.wrap_period_archives(_linear)
    pelicancompat.wrap_translations(_per_group)
