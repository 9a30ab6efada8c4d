"""Progress for Pelican's own long phases (reading and writing releases), driven by its signals.

Pelican has no loop we can wrap, so a Meter is ticked from signal receivers. Reading ticks only
for files not served from Pelican's cache; the closing line says so.

The meters are one build's (a fresh PhaseMeters on each `initialized`, buildstate.py) and belong
to the process that started that build: a process forked from it to write part of the pages
(fastbuild's second writer) runs the same signals, and would print a second bar for the same
pages, so in any other process the meters stay silent.
"""
from __future__ import annotations

import os

from pelican import signals

from buildstate import InProgress

from .progress import Meter


class PhaseMeters:
    """The phase meters of one build, and the process that owns them."""

    def __init__(self):
        self.pid = os.getpid()
        self.meters: dict[str, Meter] = {}

    def start(self, name: str, total: int, label: str) -> None:
        if self.owned():
            self.meters[name] = Meter(total, label)

    def tick(self, name: str) -> None:
        if self.owned() and name in self.meters:
            self.meters[name].tick()

    def finish(self, name: str, note: str = "") -> None:
        meter = self.meters.pop(name, None) if self.owned() else None
        if meter is not None:
            meter.close(note)

    def close(self) -> None:
        for name in list(self.meters):
            self.finish(name)

    def owned(self) -> bool:
        return os.getpid() == self.pid


_build: InProgress[PhaseMeters] = InProgress("phase_meters")


def _on_initialized(pelican):
    _build.start(pelican, PhaseMeters())


def _count_files(generator) -> int:
    s = generator.settings
    try:
        return len(generator.get_files(s["ARTICLE_PATHS"], exclude=s.get("ARTICLE_EXCLUDES", [])))
    except Exception:  # a count is nice to have, never worth a failed build
        return 0


def _on_article_init(generator):
    if _build.state is not None:
        _build.state.start("read", _count_files(generator), "read releases")


def _on_preread(generator):
    if _build.state is not None:
        _build.state.tick("read")


def _on_articles_read(generator):
    meters = _build.state
    if meters is not None:
        meters.finish("read", " (the rest from cache)")
        total = len(getattr(generator, "articles", [])) + len(getattr(generator, "translations", []))
        meters.start("write", total, "write releases")


def _on_write_article(generator, content=None):
    if _build.state is not None:
        _build.state.tick("write")


def _on_articles_written(generator, writer=None):
    if _build.state is not None:
        _build.state.finish("write")


def connect() -> None:
    """Idempotent: blinker keeps one connection per receiver. Before the build's Pelican is
    made (its constructor sends `initialized`)."""
    signals.initialized.connect(_on_initialized)
    signals.article_generator_init.connect(_on_article_init)
    signals.article_generator_preread.connect(_on_preread)
    signals.article_generator_finalized.connect(_on_articles_read)
    signals.article_generator_write_article.connect(_on_write_article)
    signals.article_writer_finalized.connect(_on_articles_written)


def close() -> None:
    """After a failed build: stop any bar still on screen."""
    if _build.state is not None:
        _build.state.close()
