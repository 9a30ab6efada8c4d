"""Progress for Pelican's own long phases (reading and writing releases), driven by its signals.

Pelican has no loop we can wrap, so a Meter is ticked from signal receivers. Reading ticks only
for files not served from Pelican's cache; the closing line says so.
"""
from __future__ import annotations

from pelican import signals

from .progress import Meter

_meters: dict[str, Meter] = {}


def _count_files(generator) -> int:
    s = generator.settings
    try:
        return len(generator.get_files(s["ARTICLE_PATHS"], exclude=s.get("ARTICLE_EXCLUDES", [])))
    except Exception:  # a count is nice to have, never worth a failed build
        return 0


def _on_article_init(generator):
    _meters["read"] = Meter(_count_files(generator), "read releases")


def _on_preread(generator):
    if "read" in _meters:
        _meters["read"].tick()


def _on_articles_read(generator):
    _finish("read", " (the rest from cache)")
    total = len(getattr(generator, "articles", [])) + len(getattr(generator, "translations", []))
    _meters["write"] = Meter(total, "write releases")


def _on_write_article(generator, content=None):
    if "write" in _meters:
        _meters["write"].tick()


def _on_articles_written(generator, writer=None):
    _finish("write")


def _finish(name: str, note: str = "") -> None:
    meter = _meters.pop(name, None)
    if meter is not None:
        meter.close(note)


def connect() -> None:
    """Idempotent: blinker keeps one connection per receiver."""
    signals.article_generator_init.connect(_on_article_init)
    signals.article_generator_preread.connect(_on_preread)
    signals.article_generator_finalized.connect(_on_articles_read)
    signals.article_generator_write_article.connect(_on_write_article)
    signals.article_writer_finalized.connect(_on_articles_written)


def close() -> None:
    """After a failed build: stop any bar still on screen."""
    for name in list(_meters):
        _finish(name)
