"""Wirepress feeds: Atom, RSS 2.0 (feedgen) and JSON Feed 1.1 for the site, each tag,
category and source, replacing Pelican's own feed writer (its FEED_* settings are None).

Glue only: Pelican signals -> catalog (which feeds), items (one per release), write.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from pelican import signals

import atomicfile
import settingscheck
from buildstate import InProgress

from . import settings as cfg

# catalog, write (feedgen, lxml) and websub are imported by the receivers that use them: a
# build fastbuild skips (nothing changed) never gets to them


@dataclass
class FeedsBuild:
    """What the feeds plugin keeps during one build; after it, `pelican.feeds_build`."""
    seconds: float = 0.0            # spent in this plugin (links in pages, writing feeds): the benchmark's
    generator: object = None        # the ArticlesGenerator, once it has read every release


_build: InProgress[FeedsBuild] = InProgress("feeds_build")


def _build_starts(pelican):
    _build.start(pelican, FeedsBuild())
    settingscheck.check(pelican.settings, "feeds", ("WIRE_FEED_", "WEBSUB_"), cfg.DEFAULTS)


def _feed_links_for_templates(generator):
    from . import catalog

    settings, build = generator.settings, _build.state

    def wire_feeds(kind=None, name=None):
        start = time.perf_counter()
        try:
            return catalog.links(settings, kind, name)
        finally:
            if build is not None:
                build.seconds += time.perf_counter() - start

    wire_feeds.reads_context = ()   # the settings and its arguments only (plugins/fastbuild/fingerprint.py)
    generator.env.globals["wire_feeds"] = wire_feeds


def _articles_read(generator):
    if _build.state is not None:
        _build.state.generator = generator


def _write_feeds(pelican):
    build = _build.of(pelican)
    if build is None or build.generator is None:
        return
    generator, build.generator = build.generator, None
    from . import websub
    from .write import write_feeds

    start = time.perf_counter()
    withdrawn = [a for a in generator.hidden_articles if getattr(a, "withdrawn", None)]
    hub = cfg.get(pelican.settings, "WEBSUB_HUB")
    changed: list | None = [] if hub else None
    # fastbuild's catalog, when it runs: unchanged feeds are not generated (write.py)
    write_feeds(generator.articles + generator.translations, pelican.settings, pelican.output_path,
                withdrawn, changed=changed, catalog=getattr(pelican, "fastbuild_catalog", None),
                tally=atomicfile.tally_of(pelican))
    build.seconds += time.perf_counter() - start
    if hub:   # after the feeds are in place: the hub fetches them as soon as it is told
        websub.ping(hub, changed)


def register():
    signals.initialized.connect(_build_starts)
    signals.generator_init.connect(_feed_links_for_templates)
    signals.article_generator_finalized.connect(_articles_read)
    signals.finalized.connect(_write_feeds)
