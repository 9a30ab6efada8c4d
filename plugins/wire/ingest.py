"""seeds/ -> content/releases/: convert every new or changed wire file.

The glue between the pure converter and the file system: read bytes, skip what is
unchanged, convert, pick a unique slug, write atomically, never overwrite a file a
person edited, and turn every failure into a logged rejection that names the file.
"""
from __future__ import annotations

import datetime as dt
import logging
import multiprocessing as mp
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from . import budget, convert, mdwriter, slugs
from . import store as store_mod
from .store import RELEASES, Store
from .story import SLUG

log = logging.getLogger("wire")

# Bump when the converter's output changes, so untouched releases are rewritten.
CONVERTER_VERSION = 2      # 2: escaping of every Markdown block marker, clean text in every field
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
                  default_lang: str = "en", default_year: int | None = None, progress=None,
                  workers: int | None = None) -> IngestReport:
    """Convert what changed in `seeds` into `content`/releases and report what happened.

    Conversion is pure and runs on every core for large batches (a forked pool); the
    decisions that need the whole picture (unique slugs, editors' files, the manifest)
    stay in this process, in file-name order, so the result never depends on the pool.
    """
    start = time.perf_counter()
    report = IngestReport()
    store = Store.open(content)
    taken = store.taken_slugs()
    if not seeds.is_dir():
        log.warning("wire ingest: seeds folder %s does not exist; nothing to convert", seeds)
    todo: list[tuple[Path, bytes, str]] = []
    for path in wire_files(seeds):
        try:
            data = path.read_bytes()
        except OSError as exc:
            _reject(report, path, f"cannot read: {exc.strerror}")
            continue
        digest = convert.wire_hash(data)
        if _settled(path.name, digest, store, report, force):
            continue
        todo.append((path, data, digest))

    options = (default_zone, default_lang, default_year)
    store.remove_stale_temporaries()
    (content / RELEASES).mkdir(parents=True, exist_ok=True)
    with _conversions(todo, options, content / RELEASES, workers) as results:
        if progress:       # counts conversions as they come back from the workers
            results = progress(results, len(todo), "ingest")
        for (path, _data, digest), result in zip(todo, results):
            if isinstance(result, str):
                _reject(report, path, result)
                continue
            try:
                _place(path.name, digest, result, store, taken)
                report.converted.append(path.name)
            except OSError as exc:
                _reject(report, path, f"cannot write the release: {exc}")
    try:
        store.save()
    except OSError as exc:
        log.error("wire ingest: could not save the manifest in %s: %s", content, exc)
    report.seconds = time.perf_counter() - start
    log.info(report.summary())
    return report


def _reject(report: IngestReport, path: Path, reason: str) -> None:
    report.rejected.append((path.name, reason))
    log.error("wire ingest: rejected %s: %s", path, reason)


def _settled(name: str, digest: str, store: Store, report: IngestReport, force: bool) -> bool:
    """True when this wire file needs no conversion (unchanged, or its release is a person's)."""
    entry = store.entries.get(name)
    if entry is None:
        return False
    target_exists = (store.content / entry.markdown).exists()
    if target_exists and store.edited(entry):
        if entry.wire_hash != digest or force:
            log.warning("wire ingest: %s changed, but %s was edited by hand: kept, not overwritten",
                        name, entry.markdown)
        report.kept.append(name)
        return True
    if not target_exists and entry.wire_hash == digest and not force:
        log.info("wire ingest: %s: %s was removed by hand; not re-created (use --force)", name, entry.markdown)
        report.kept.append(name)
        return True
    if target_exists and entry.wire_hash == digest and not force and entry.converter == CONVERTER_VERSION:
        report.unchanged.append(name)
        return True
    return False


@dataclass
class Prepared:
    """A converted story, already rendered and written to a temporary file by a worker
    under the slug its headline gives; the main process only moves it into place. Small
    on purpose: it crosses a process boundary."""
    slug: str
    tmp: Path
    markdown_hash: str
    warnings: list[str]


def _prepare(item, options, folder: Path):
    """Convert, render and write one wire file to a temporary file: runs in a worker.
    Returns a Prepared, or the reason the file cannot become a release (a string)."""
    path, data, _digest = item
    default_zone, default_lang, default_year = options
    try:
        reference = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.timezone.utc)
        with budget.limit():     # past it: Rejected("conversion took over N s"), the build goes on
            story = convert.convert(data, path.name, reference, default_zone, default_lang, default_year)
            slug = slugs.slug_for(story.headline)
            text = mdwriter.render(story, slug).encode("utf-8")
    except convert.Rejected as exc:
        return str(exc)
    except Exception as exc:  # a converter bug must not stop the build: it is one file's rejection
        log.debug("wire ingest: converter error on %s", path, exc_info=True)
        return f"internal error: {exc.__class__.__name__}: {exc}"
    tmp = store_mod.temp_path(folder, path.name)
    try:
        store_mod.write_new(tmp, text)
    except OSError as exc:
        store_mod.remove_quietly(tmp)
        return f"cannot write the release: {exc}"
    return Prepared(slug, tmp, store_mod.sha(text), story.warnings)


PARALLEL_FROM = 300       # below this, starting workers costs more than it saves


@contextmanager
def _conversions(todo, options, folder: Path, workers):
    """Prepared releases (or rejection reasons) for `todo`, in its order, as they are ready."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers <= 1 or len(todo) < PARALLEL_FROM or "fork" not in mp.get_all_start_methods():
        yield (_prepare(item, options, folder) for item in todo)
        return
    convert.warm_up()        # word lists, tables and compiled patterns, shared by every worker
    with mp.get_context("fork").Pool(workers) as pool:
        yield pool.imap(partial(_prepare, options=options, folder=folder), todo, chunksize=16)


def _place(name: str, digest: str, prepared: Prepared, store: Store, taken: set[str]) -> None:
    """Give the release its final, unique slug and move it into place (the only step that
    needs every file's slug, so it runs here, in file-name order)."""
    for note in prepared.warnings:
        log.info("wire ingest: %s: %s", name, note)
    entry = store.entries.get(name)
    if entry and (store.content / entry.markdown).exists():
        relpath = entry.markdown                       # a re-conversion keeps its URL
        slug = Path(relpath).stem
    else:
        slug = slugs.unique(prepared.slug, taken)
        relpath = f"{RELEASES}/{slug}.md"
    taken.add(slug)
    if slug == prepared.slug:
        store.commit(name, digest, relpath, prepared.tmp, prepared.markdown_hash, CONVERTER_VERSION)
        return
    # taken, or kept from before: the same Markdown with its own Slug line
    try:
        text = prepared.tmp.read_text(encoding="utf-8")
    finally:
        store_mod.remove_quietly(prepared.tmp)
    text = text.replace(f"\n{SLUG}: {prepared.slug}\n", f"\n{SLUG}: {slug}\n", 1)
    store.write(name, digest, relpath, text, CONVERTER_VERSION)
