"""seeds/ -> content/releases/: convert every new or changed wire file.

The glue between the pure converter and the file system: read bytes, skip what is
unchanged, convert, pick a unique slug, write atomically, never overwrite a file a
person edited, and turn every failure into a logged rejection that names the file.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import convert, mdwriter, slugs
from .store import RELEASES, Store

log = logging.getLogger("wire")

# Bump when the converter's output changes, so untouched releases are rewritten.
CONVERTER_VERSION = 1
_IGNORED = {".gitkeep", ".DS_Store", "Thumbs.db"}


@dataclass
class IngestReport:
    converted: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)            # editor-owned Markdown, not overwritten
    rejected: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        return (f"wire ingest: {len(self.converted)} converted, {len(self.unchanged)} unchanged, "
                f"{len(self.kept)} kept (edited by hand), {len(self.rejected)} rejected "
                f"in {self.seconds:.2f} s")


def wire_files(seeds: Path) -> list[Path]:
    """Every regular file in seeds/ (any extension, or none), hidden files aside."""
    try:
        names = sorted(os.listdir(seeds))
    except FileNotFoundError:
        return []
    return [seeds / n for n in names if not n.startswith(".") and n not in _IGNORED and (seeds / n).is_file()]


def ingest_folder(seeds: Path, content: Path, force: bool = False, default_zone: str = "UTC",
                  default_lang: str = "en", default_year: int | None = None, progress=None) -> IngestReport:
    start = time.perf_counter()
    report = IngestReport()
    store = Store.open(content)
    taken = store.taken_slugs()
    files = wire_files(seeds)
    if not seeds.is_dir():
        log.warning("wire ingest: seeds folder %s does not exist; nothing to convert", seeds)
    for path in (progress(files, len(files), "ingest") if progress else files):
        name = path.name
        try:
            _ingest_one(path, store, taken, report, force, default_zone, default_lang, default_year)
        except convert.Rejected as exc:
            report.rejected.append((name, str(exc)))
            log.error("wire ingest: rejected %s: %s", path, exc)
        except Exception as exc:  # a converter bug must not stop the build: log it, go on
            report.rejected.append((name, f"internal error: {exc.__class__.__name__}: {exc}"))
            log.exception("wire ingest: could not convert %s", path)
    try:
        store.save()
    except OSError as exc:
        log.error("wire ingest: could not save the manifest in %s: %s", content, exc)
    report.seconds = time.perf_counter() - start
    log.info(report.summary())
    return report


def _ingest_one(path: Path, store: Store, taken: set[str], report: IngestReport, force: bool,
                default_zone: str, default_lang: str, default_year: int | None) -> None:
    name = path.name
    try:
        data = path.read_bytes()
        mtime = path.stat().st_mtime
    except OSError as exc:
        raise convert.Rejected(f"cannot read: {exc.strerror}") from None
    digest = convert.wire_hash(data)
    entry = store.entries.get(name)
    target_exists = entry is not None and (store.content / entry.markdown).exists()
    if entry and target_exists and store.edited(entry):
        if entry.wire_hash != digest or force:
            log.warning("wire ingest: %s changed, but %s was edited by hand: kept, not overwritten",
                        name, entry.markdown)
        report.kept.append(name)
        return
    if entry and not target_exists and entry.wire_hash == digest and not force:
        log.info("wire ingest: %s: %s was removed by hand; not re-created (use --force)", name, entry.markdown)
        report.kept.append(name)
        return
    if entry and target_exists and entry.wire_hash == digest and not force and \
            entry.converter == CONVERTER_VERSION:
        report.unchanged.append(name)
        return

    reference = dt.datetime.fromtimestamp(mtime, dt.timezone.utc)
    story = convert.convert(data, name, reference, default_zone, default_lang, default_year)
    for note in story.warnings:
        log.info("wire ingest: %s: %s", name, note)
    if entry and target_exists:
        relpath = entry.markdown                       # a re-conversion keeps its URL
        slug = Path(relpath).stem
    else:
        slug = slugs.unique(slugs.slug_for(story.headline), taken)
        relpath = f"{RELEASES}/{slug}.md"
    taken.add(slug)
    store.write(name, digest, relpath, mdwriter.render(story, slug), CONVERTER_VERSION)
    report.converted.append(name)
