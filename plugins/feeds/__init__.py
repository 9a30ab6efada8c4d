"""Wirepress feeds: Atom, RSS 2.0 (feedgen) and JSON Feed 1.1 for the site, each tag,
category and source, replacing Pelican's own feed writer (its FEED_* settings are None).

Glue only: Pelican signals -> catalog (which feeds), items (one per release), write.
"""
from __future__ import annotations

import time

from pelican import signals

import settingscheck

from . import catalog, websub
from . import settings as cfg
from .write import write_feeds

# Seconds the last build spent in this plugin (the benchmark reads it).
LAST_SECONDS = 0.0
_PENDING: dict = {}  # id(settings) -> ArticlesGenerator of the build in progress


def _reset(pelican):
    global LAST_SECONDS
    LAST_SECONDS = 0.0  # a new build starts
    settingscheck.check(pelican.settings, "feeds", ("WIRE_FEED_", "WEBSUB_"), cfg.DEFAULTS)


def _add_jinja_global(generator):
    settings = generator.settings

    def wire_feeds(kind=None, name=None):
        global LAST_SECONDS
        start = time.perf_counter()
        try:
            return catalog.links(settings, kind, name)
        finally:
            LAST_SECONDS += time.perf_counter() - start

    wire_feeds.reads_context = ()   # the settings and its arguments only (plugins/fastbuild/fingerprint.py)
    generator.env.globals["wire_feeds"] = wire_feeds


def _remember(generator):
    _PENDING[id(generator.settings)] = generator


def _write(pelican):
    global LAST_SECONDS
    generator = _PENDING.pop(id(pelican.settings), None)
    if generator is None:
        return
    start = time.perf_counter()
    withdrawn = [a for a in generator.hidden_articles if getattr(a, "withdrawn", None)]
    hub = cfg.get(pelican.settings, "WEBSUB_HUB")
    changed: list | None = [] if hub else None
    # fastbuild's catalog, when it runs: unchanged feeds are not generated (write.py)
    write_feeds(generator.articles + generator.translations, pelican.settings, pelican.output_path,
                withdrawn, changed=changed, catalog=getattr(pelican, "fastbuild_catalog", None))
    LAST_SECONDS += time.perf_counter() - start
    if hub:   # after the feeds are in place: the hub fetches them as soon as it is told
        websub.ping(hub, changed)


def register():
    signals.initialized.connect(_reset)
    signals.generator_init.connect(_add_jinja_global)
    signals.article_generator_finalized.connect(_remember)
    signals.finalized.connect(_write)
