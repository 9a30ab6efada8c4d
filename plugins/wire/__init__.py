"""Wirepress wire ingest: a Pelican plugin that turns raw wire files into releases.

On Pelican's `initialized` signal (before any content is read) every new or changed
wire file in WIRE_SEEDS_PATH becomes a Markdown release in WIRE_CONTENT_PATH/releases.
The work is in `wire.ingest` (files) and `wire.convert` (pure parsing); this is glue.
"""
from __future__ import annotations

import functools
import logging
from pathlib import Path

from blinker import signal

import contentlists
import settingscheck    # plugins/: on the path whenever Pelican loads this plugin

from . import seeds as seeds_mod     # light: os, stat, hashlib (the converter is imported when needed)

log = logging.getLogger("wire")

SETTINGS = {        # WIRE_* (WIRE_FEED_* are the feeds plugin's, WIRE_FILE_SAVE_AS the newsroom's)
    "WIRE_SEEDS_PATH": None,         # the drop folder of wire files; None: no ingest
    "WIRE_CONTENT_PATH": None,       # the folder that gets releases/; None: PATH
    "WIRE_DEFAULT_YEAR": None,       # year for dates without one when neither the wire nor the file's time tells
    "WIRE_STRICT": False,            # True: a wire file that cannot be converted fails the build
    "WIRE_WITHDRAW_REMOVED": False,  # True: a release whose wire file left seeds/ gets Status: hidden
    "WIRE_PROGRESS": None,           # progress(iterable, total, label): the build runner's meter
    "WIRE_INGEST": True,             # False: a build reads content/ as it is (fastbuild's shards)
    # the size limit on one wire file, in bytes (2 MiB): a larger file is rejected unread, and
    # not offered for download (newsroom); raise it for a newsroom whose stories are longer
    "WIRE_MAX_BYTES": seeds_mod.DEFAULT_MAX_BYTES,
}

# Sent with the IngestReport (wire.ingest.IngestReport) as sender after every ingest, strict
# or not, before a strict failure is raised. The build runner (plugins/buildreport) listens
# by this name to put the ingest on /_build/; any other tool may too.
ingest_finished = signal("wire_ingest_finished")


class StrictIngestError(RuntimeError):
    pass


def run_ingest(settings: dict, *, force: bool = False, restore=()):
    """Ingest with the paths and defaults of a Pelican settings dict (the one mapping of
    settings to ingest options, for the plugin and `invoke ingest` alike). With WIRE_STRICT,
    any rejected file raises StrictIngestError after the others were converted."""
    from .ingest import hash_cache_file, ingest_folder

    check_settings(settings)
    seeds = settings.get("WIRE_SEEDS_PATH")
    if not seeds:
        return None
    content = settings.get("WIRE_CONTENT_PATH") or settings["PATH"]
    report = ingest_folder(
        Path(seeds), Path(content), force=force, restore=restore,
        default_zone=settings.get("TIMEZONE") or "UTC",
        default_lang=settings.get("DEFAULT_LANG") or "en",
        default_year=settings.get("WIRE_DEFAULT_YEAR"),
        progress=settings.get("WIRE_PROGRESS"),
        withdraw_removed=bool(settings.get("WIRE_WITHDRAW_REMOVED")),
        # under CACHE_PATH, never in content/: a no-change run writes nothing fastbuild reads
        hash_cache=hash_cache_file(settings.get("CACHE_PATH") or "cache", Path(seeds), Path(content)),
        max_bytes=settings["WIRE_MAX_BYTES"],
    )
    ingest_finished.send(report)
    if settings.get("WIRE_STRICT") and report.rejected:
        names = ", ".join(name for name, _ in report.rejected)
        raise StrictIngestError(f"wire ingest (strict): {len(report.rejected)} file(s) rejected: {names}")
    return report


def check_settings(settings: dict) -> list[str]:
    """The wire plugin's settings checked and filled in (settingscheck), and WIRE_MAX_BYTES a
    positive number of bytes (else the default, with an error naming the value)."""
    problems = settingscheck.check(settings, "wire", ("WIRE_",), SETTINGS,
                                   others=("WIRE_FEED_", "WIRE_FILE_SAVE_AS"))
    if settings["WIRE_MAX_BYTES"] <= 0:
        default = SETTINGS["WIRE_MAX_BYTES"]
        problems.append(f"wire: WIRE_MAX_BYTES = {settings['WIRE_MAX_BYTES']!r} is not a positive number of "
                        f"bytes; using the default {default} ({seeds_mod.size_text(default)})")
        log.error(problems[-1])
        settings["WIRE_MAX_BYTES"] = default
    return problems


def _initialized(pelican) -> None:
    # WIRE_INGEST False: the build reads content/ as it is (a fastbuild shard, whose main
    # build ingested seeds/; WIRE_SEEDS_PATH stays set for the wire files offered for download)
    # this build's IngestReport (None: no ingest) on the Pelican object, for the plugins after
    # this one in PLUGINS (the newsroom checks wire files by its stat record)
    pelican.wire_ingest = None
    if pelican.settings.get("WIRE_INGEST", SETTINGS["WIRE_INGEST"]):
        pelican.wire_ingest = run_ingest(pelican.settings)
    else:
        check_settings(pelican.settings)     # WIRE_MAX_BYTES, for the newsroom's downloads
    import pelicancompat

    if not pelicancompat.known("pelican"):
        # _wire_release_init could not re-sanitise a cached release on this Pelican: read
        # every release again, through our reader (slower, the same site)
        pelican.settings["LOAD_CONTENT_CACHE"] = False


def _archives_by_local_date(generator) -> None:
    """Releases keep the offset of their dateline, so by the instant Pelican sorts on, a
    story filed at 23:00 in New York can sit between two stories of the next day in Asia.
    Pelican groups its year/month archives with itertools.groupby over that order and then
    writes the same month twice (FileOverwriteFailedError). Sort by the calendar date as
    each story states it (newest first as Pelican does) and group again."""
    newest_first = generator.settings.get("NEWEST_FIRST_ARCHIVES", True)
    generator.dates.sort(key=lambda a: (a.date.year, a.date.month, a.date.day, a.date),
                         reverse=newest_first)
    import pelicancompat    # plugins/: on the path whenever Pelican loads this plugin

    generator.context["dates"] = generator.dates
    archives = pelicancompat.period_archives(generator)
    if archives is None:
        log.warning("wire: period archives left as Pelican grouped them (unknown Pelican version)")
        return
    generator.period_archives = archives
    generator.context["period_archives"] = archives


EDITOR_MARKUP = "editor-markup"
# Set by the reader on what it sanitised (and kept with it in Pelican's content cache);
# its value changes with the sanitiser, so a cache entry of an older one is done again.
SANITISED = "wire-sanitised"
# Text metadata a wire release is shown with (Pelican sets each as an attribute too).
_TEXT_METADATA = ("title", "dateline", "source", "byline", "organisation")


@functools.lru_cache(maxsize=1)
def _sanitiser_stamp() -> str:
    from importlib import metadata

    from .sanitise import RULES_VERSION
    return f"{RULES_VERSION}/nh3-{metadata.version('nh3')}"


def _is_wire(meta) -> bool:
    return bool(meta) and bool(meta.get("wire-source") or meta.get("wire-hash"))


def make_wire_release_safe(html_text, meta: dict):
    """The second wall (the first is mdwriter's escaping): a release written from a wire
    file reaches the page, feeds and search only as HTML of the allow-list in
    wire.sanitise, and its text metadata only as clean text, whatever its Markdown says
    (a release written by an older converter, an escaping bug, an editor's paste).
    Edits `meta` (Pelican's metadata of the release) and returns the HTML.

    The title first has its entities decoded: a wire headline may carry them ("Q&amp;A",
    "Acme&#8217;s"), the Markdown keeps the line as the wire wrote it and the site shows
    the text it means (templates and feeds escape it again); "&#8238;" must not come back
    as a bidi control. A machine-translation marker the wire puts at the end of a
    headline ("*** TRANSLATED ***") is dropped too (wire.furniture). Hand-written releases (no Wire-Source) are the newsroom's own and
    not touched. A wire release an editor marked `Editor-Markup: yes` keeps the editor's
    links and images: mdwriter never writes that key, and wire text cannot make a
    metadata line, so only a person can set it (its wire text stays escaped as mdwriter
    wrote it, and its text metadata is still cleaned)."""
    import html

    from .sanitise import clean_text, sanitise_html

    from .furniture import headline as without_marker

    title = meta.get("title")
    if isinstance(title, str) and "&" in title:
        meta["title"] = html.unescape(title)
    if isinstance(meta.get("title"), str):       # "...*** TRANSLATED ***": the wire's, not the page's
        meta["title"] = without_marker(meta["title"])
    for key in _TEXT_METADATA:
        if isinstance(meta.get(key), str):
            meta[key] = clean_text(meta[key])
    tags = meta.get("tags")
    if isinstance(tags, list):     # Pelican's Tag objects: rebuilt only when a name was unclean
        meta["tags"] = [t if clean_text(str(t)) == str(t) else type(t)(clean_text(str(t)), t.settings)
                        for t in tags]
    if str(meta.get(EDITOR_MARKUP, "")).strip().lower() not in ("yes", "true", "1"):
        if html_text:
            html_text = sanitise_html(html_text)
        if isinstance(meta.get("summary"), str):
            meta["summary"] = sanitise_html(meta["summary"])
    meta[SANITISED] = _sanitiser_stamp()
    return html_text


def _readers_init(readers) -> None:
    """Markdown releases are read by a reader that makes wire releases safe as it reads
    them: the result is what Pelican caches (and what fastbuild's pool reads on every
    core), so a build sanitises only the releases it converts anew."""
    from pelican.readers import MarkdownReader

    for ext, cls in list(readers.reader_classes.items()):
        if cls is MarkdownReader:
            readers.reader_classes[ext] = _wire_markdown_reader()


def _wire_release_init(content) -> None:
    """Any wire release the reader did not make safe with today's rules (a cache entry
    of an older build, another reader): made safe here, as Pelican creates it."""
    meta = getattr(content, "metadata", None)
    if not _is_wire(meta) or meta.get(SANITISED) == _sanitiser_stamp():
        return
    import pelicancompat

    if not pelicancompat.rewrite_content(content, lambda html_text: make_wire_release_safe(html_text, meta)):
        # an unknown Pelican (its cache is off, see _initialized) and a reader not ours:
        # nothing of the wire may reach a page unsanitised. Pelican's reading loop logs
        # this with the file's name and leaves the release out (every status is rendered)
        raise ValueError("a wire release read without the wire sanitiser on a Pelican "
                         "version Wirepress does not know: not published")
    for key in _TEXT_METADATA + ("tags",):
        if meta.get(key) is not None:
            setattr(content, key, meta[key])


@functools.lru_cache(maxsize=1)
def _wire_markdown_reader():
    from pelican.readers import MarkdownReader

    class WireMarkdownReader(MarkdownReader):
        """Pelican's Markdown reader; wire releases leave it safe (make_wire_release_safe)."""

        def read(self, source_path):
            content, metadata = super().read(source_path)
            if _is_wire(metadata):
                content = make_wire_release_safe(content, metadata)
            return content, metadata

    return WireMarkdownReader


def _link_versions(generator) -> None:
    """A release replaced in place by a newer version (wire.lifecycle) keeps its earlier
    versions as hidden articles with `Version-Of: <slug>`: give each release the list, oldest
    first, for its page, and each version its release."""
    by_slug = {a.slug: a for a in contentlists.contents(generator, ("published", "hidden"))}
    versions: dict[str, list] = {}
    for art in contentlists.contents(generator, ("hidden",)):
        parent = art.metadata.get("version-of")
        if parent:
            versions.setdefault(parent, []).append(art)
            art.version_of = parent            # "version-of" is no name a template can use
            art.current_version = by_slug.get(parent)
    for slug, arts in versions.items():
        if slug in by_slug:
            by_slug[slug].earlier_versions = sorted(arts, key=lambda a: _number(a.metadata.get("version")))


def _number(value) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        return 0


def register():
    from pelican import signals

    signals.initialized.connect(_initialized)
    signals.readers_init.connect(_readers_init)
    signals.content_object_init.connect(_wire_release_init)
    signals.article_generator_finalized.connect(_archives_by_local_date)
    signals.article_generator_finalized.connect(_link_versions)
