"""Wirepress wire ingest: a Pelican plugin that turns raw wire files into releases.

On Pelican's `initialized` signal (before any content is read) every new or changed
wire file in WIRE_SEEDS_PATH becomes a Markdown release in WIRE_CONTENT_PATH/releases.
The work is in `wire.ingest` (files) and `wire.convert` (pure parsing); this is glue.
"""
from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger("wire")

LAST_REPORT = None   # the last IngestReport of this process (for the dev server's /_build page)


class StrictIngestError(RuntimeError):
    pass


def run_ingest(settings: dict):
    """Ingest with the paths and defaults of a Pelican settings dict."""
    global LAST_REPORT
    from .ingest import ingest_folder

    seeds = settings.get("WIRE_SEEDS_PATH")
    if not seeds:
        return None
    content = settings.get("WIRE_CONTENT_PATH") or settings["PATH"]
    report = ingest_folder(
        Path(seeds), Path(content),
        default_zone=settings.get("TIMEZONE") or "UTC",
        default_lang=settings.get("DEFAULT_LANG") or "en",
        default_year=settings.get("WIRE_DEFAULT_YEAR"),
        progress=settings.get("WIRE_PROGRESS"),
    )
    LAST_REPORT = report
    if settings.get("WIRE_STRICT") and report.rejected:
        names = ", ".join(name for name, _ in report.rejected)
        raise StrictIngestError(f"wire ingest (strict): {len(report.rejected)} file(s) rejected: {names}")
    return report


def _initialized(pelican) -> None:
    run_ingest(pelican.settings)


def _archives_by_local_date(generator) -> None:
    """Releases keep the offset of their dateline, so by the instant Pelican sorts on, a
    story filed at 23:00 in New York can sit between two stories of the next day in Asia.
    Pelican groups its year/month archives with itertools.groupby over that order and then
    writes the same month twice (FileOverwriteFailedError). Sort by the calendar date as
    each story states it (newest first as Pelican does) and group again."""
    newest_first = generator.settings.get("NEWEST_FIRST_ARCHIVES", True)
    generator.dates.sort(key=lambda a: (a.date.year, a.date.month, a.date.day, a.date),
                         reverse=newest_first)
    generator.period_archives = generator._build_period_archives(
        generator.dates, generator.articles, generator.settings)
    generator.context["dates"] = generator.dates
    generator.context["period_archives"] = generator.period_archives


def _decode_title_entities(content) -> None:
    """A wire headline may carry HTML entities ("Q&amp;A", "Acme&#8217;s"): the Markdown
    keeps the line as the wire wrote it, the site shows the text it means. Templates and
    feeds escape the title again when they write it."""
    title = getattr(content, "title", None)
    if title and "&" in title and getattr(content, "metadata", {}).get("wire-source"):
        import html

        content.title = html.unescape(title)


EDITOR_MARKUP = "Editor-Markup"
# Text metadata a wire release is shown with (Pelican sets each as an attribute too).
_TEXT_METADATA = ("title", "dateline", "source", "byline", "organisation")


def _sanitise_wire_release(content) -> None:
    """The second wall (the first is mdwriter's escaping): a release written from a wire
    file reaches the page, feeds and search only as HTML of the allow-list in
    wire.sanitise, and its text metadata only as clean text, whatever its Markdown says:
    a release written by an older converter, an escaping bug, an editor's paste.
    Hand-written releases (no Wire-Source) are the newsroom's own and left as written, and
    so is a wire release an editor marked `Editor-Markup: yes` to add links or images of
    their own (mdwriter never writes that key, and wire text cannot make a metadata line:
    only a person can set it; the wire text in it stays escaped as mdwriter wrote it)."""
    meta = getattr(content, "metadata", None)
    if not meta or not (meta.get("wire-source") or meta.get("wire-hash")):
        return
    if str(meta.get(EDITOR_MARKUP.lower(), "")).strip().lower() in ("yes", "true", "1"):
        return
    from .sanitise import clean_text, sanitise_html

    if getattr(content, "_content", None):
        content._content = sanitise_html(content._content)
    if isinstance(meta.get("summary"), str):
        meta["summary"] = sanitise_html(meta["summary"])
        content._summary = meta["summary"]
    for key in _TEXT_METADATA:
        value = meta.get(key)
        if isinstance(value, str):
            meta[key] = clean_text(value)
            setattr(content, key, meta[key])


def register():
    from pelican import signals

    signals.initialized.connect(_initialized)
    signals.content_object_init.connect(_sanitise_wire_release)
    signals.content_object_init.connect(_decode_title_entities)
    signals.article_generator_finalized.connect(_archives_by_local_date)
