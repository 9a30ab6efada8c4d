"""seeds/ -> content/releases/: convert every new or changed wire file.

The glue between the pure converter and the file system: read bytes (seeds.py: only
regular files inside seeds/), skip what is unchanged, convert, pick a unique slug, write
atomically and journal it (store.py: a crash never leaves a release the manifest does
not know), never overwrite or re-create a file a person edited or deleted, and turn
every failure into a logged rejection that names the file.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import datetime as dt
import logging
import multiprocessing as mp
import os
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

# The converter (convert, formats, headline, paragraphs ...: most of this plugin's import time)
# is imported when a file is to be converted (_conversions), not by a run that finds nothing new.
import stathash      # plugins/: the stat rule the ingest and fastbuild share

from . import lifecycle
from . import seeds as seeds_mod
from . import store as store_mod
from .store import CONTENT_SPACE, RELEASES, Entry, Store, read_header, with_status
from .story import SLUG

log = logging.getLogger("wire")

# Bump when the converter's output changes, so untouched releases are rewritten.
CONVERTER_VERSION = 4      # 2: escaping of every Markdown block marker, clean text in every field; 3: Story-Id
# 4: Date-Only / Wire-Undated, one contact section with links, photo lines as images, furniture
RESTORE_ALL = "*"
SEEDS = "seeds"         # the stat record's name for seeds/ (store.CONTENT_SPACE: content/'s)


def hash_cache_file(cache_path: str | os.PathLike, seeds: Path, content: Path) -> Path:
    """The stat record (plugins/stathash.py) of one seeds/content pair, under CACHE_PATH:
    never in content/, whose rewrite would be a build input (fastbuild would build instead of
    skipping). Losing it, or finding one of other folders or another version, only costs
    hashing again."""
    import hashlib

    key = hashlib.blake2b(f"{os.path.abspath(seeds)}\0{os.path.abspath(content)}".encode(
        "utf-8", "surrogateescape"), digest_size=8).hexdigest()
    return Path(cache_path) / f"wire-hashes-{key}.json"


@dataclass
class IngestReport:
    converted: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)            # editor-owned Markdown, not overwritten
    rejected: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)   # hidden files, folders: by design
    withdrawn: list[str] = field(default_factory=list)       # wire files gone from seeds/
    seconds: float = 0.0
    undated: list[str] = field(default_factory=list)         # no date in the wire: dated at arrival
    lifecycle: lifecycle.LifecycleReport = field(default_factory=lifecycle.LifecycleReport)
    conflicts: list[tuple[str, str]] = field(default_factory=list)   # (release, incoming) not yet merged
    # the stat record (plugins/stathash.py) of seeds/ as this run found it: the newsroom's
    # wire-file downloads check a wire file by it instead of reading it again
    hashes: object = None

    def summary(self) -> str:
        extra = f", {len(self.withdrawn)} withdrawn from seeds/" if self.withdrawn else ""
        return (f"wire ingest: {len(self.converted)} converted, {len(self.unchanged)} unchanged, "
                f"{len(self.kept)} kept (edited by hand), {len(self.rejected)} rejected{extra} "
                f"in {self.seconds:.2f} s")


def wire_files(seeds: Path) -> list[Path]:
    """The wire files in seeds/ that will be read (see seeds.scan for the rest)."""
    return [seeds / n for n in seeds_mod.scan(seeds).files]


def ingest_folder(seeds: Path, content: Path, force: bool = False, default_zone: str = "UTC",
                  default_lang: str = "en", default_year: int | None = None, progress=None,
                  workers: int | None = None, restore=(), withdraw_removed: bool = False,
                  hash_cache: Path | None = None,
                  max_bytes: int = seeds_mod.DEFAULT_MAX_BYTES) -> IngestReport:
    """Convert what changed in `seeds` into `content`/releases and report what happened.

    Conversion is pure and runs on every core for large batches (a forked pool); the
    decisions that need the whole picture (unique slugs, editors' files, the manifest)
    stay in this process, in file-name order, so the result never depends on the pool.
    Workers get file names and read the files themselves: no process holds more than the
    file it is converting. `restore`: wire file names (or "*") whose release an editor
    deleted and that are to be converted again. `withdraw_removed`: a release whose wire
    file left seeds/ gets `Status: hidden`. `hash_cache`: the file (under CACHE_PATH) where
    the hashes of files are kept by their stat (plugins/stathash.py), so that unchanged wire
    files and releases are not read again (None: every one is read). `max_bytes`: the size
    limit on a wire file (WIRE_MAX_BYTES): a larger one is rejected by its stat, never read.
    """
    start = time.perf_counter()
    report = IngestReport()
    store = Store.open(content)          # replays the journal of a run that did not finish
    hashes = store.hashes = stathash.StatRecord.open(hash_cache, {SEEDS: seeds, CONTENT_SPACE: content})
    store.remove_stale_temporaries()     # safe: the build lock keeps other runs out
    # versions, kills, duplicates (plugins/wire/lifecycle); its records of a killed run come
    # back from the store's journal, where they were written with their releases
    life = lifecycle.Lifecycle.open(content, store.replayed_stories)
    taken = store.taken_slugs()
    restore = set(restore or ())
    if not seeds.is_dir():
        log.warning("wire ingest: seeds folder %s does not exist; nothing to convert", seeds)
    listing = seeds_mod.scan(seeds)
    for skip in listing.skipped:
        if skip.refused:
            _reject(report, seeds, skip.name, skip.reason)
        else:
            report.skipped.append((shown(skip.name), skip.reason))
            log.info("wire ingest: skipped %s: %s", seeds_mod.shown(str(seeds / skip.name)), skip.reason)
    todo: list[tuple[str, str]] = []
    for name in listing.files:
        digest = hashes.known(SEEDS, name, listing.stats.get(name))   # same stat: not read
        if digest is None:
            try:   # hashed in chunks: this process never holds a file's bytes
                digest, before, after = seeds_mod.digest_and_stat(seeds, name, max_bytes)
            except seeds_mod.Refused as exc:
                _reject(report, seeds, name, str(exc))
                continue
            hashes.learn(SEEDS, name, before, after, digest)
        restoring = RESTORE_ALL in restore or name in restore
        if _needs_no_conversion(name, digest, store, report, force, restoring, taken) or life.settled(name, digest):
            continue
        todo.append((name, digest))
    hashes.save(store_mod.atomic_write)      # before converting: a killed run's successor does not hash them again
    try:
        _withdrawn(seeds, listing, store, report, withdraw_removed)
    except OSError as exc:
        log.error("wire ingest: could not mark withdrawn releases in %s: %s", content, exc)

    options = (default_zone, default_lang, default_year, max_bytes)
    (content / RELEASES).mkdir(parents=True, exist_ok=True)
    try:
        with _conversions(todo, options, seeds, content / RELEASES, workers) as results:
            if progress:       # counts conversions as they come back from the workers
                results = progress(results, len(todo), "ingest")
            for (name, _digest), result in zip(todo, results):
                if isinstance(result, str):
                    _reject(report, seeds, name, result)
                    continue
                store.begin()      # all this wire file changes is one journal line (wire.store)
                try:
                    try:
                        _place(name, result, store, taken, life)
                    finally:
                        store.end(life.changes())
                    report.converted.append(shown(name))
                    if result.undated:
                        report.undated.append(shown(name))
                except OSError as exc:
                    _reject(report, seeds, name, f"cannot write the release: {exc}")
    finally:
        try:   # the story index first: the journal, which holds both, goes with the manifest
            life.save()
            store.save()
        except OSError as exc:
            log.error("wire ingest: could not save the manifest in %s: %s", content, exc)
        hashes.save(store_mod.atomic_write)
    report.lifecycle, report.conflicts = life.report, life.pending_conflicts()
    report.hashes = hashes.of_space(SEEDS)
    if life.report:
        log.info(life.report.summary())
    report.seconds = time.perf_counter() - start
    log.info(report.summary())
    return report


def shown(name: str) -> str:
    return seeds_mod.shown(name)


def _reject(report: IngestReport, seeds: Path, name: str, reason: str) -> None:
    report.rejected.append((shown(name), reason))
    log.error("wire ingest: rejected %s: %s", shown(str(seeds / name)), reason)


def _needs_no_conversion(name: str, digest: str, store: Store, report: IngestReport, force: bool,
             restoring: bool = False, taken: set[str] | None = None) -> bool:
    """True when this wire file needs no conversion (unchanged, or its release is a person's)."""
    entry = store.entries.get(name)
    if entry is None:
        return False
    label = shown(name)
    if not os.path.exists(os.path.join(store.content, entry.markdown)):   # (no Path: 10,000 times a run)
        moved = store.find_moved(name, entry)
        if moved:
            # Renamed by an editor: follow it (never a second file with the same slug).
            log.info("wire ingest: %s: its release %s was renamed by hand to %s: the manifest follows it",
                     label, entry.markdown, moved)
            entry = Entry(entry.wire_hash, moved, entry.markdown_hash, entry.converter, entry.withdrawn)
            store.update(name, entry)
            if taken is not None:
                taken.add(Path(moved).stem)
                taken.add(read_header(store.content / moved).get(SLUG, Path(moved).stem))
        elif restoring:
            log.info("wire ingest: %s: restoring %s, deleted by hand (asked with --restore)",
                     label, entry.markdown)
            return False
        else:
            # A newsroom deletes a release on purpose: neither a new version of its wire file
            # nor --force brings it back, only an explicit --restore.
            log.info("wire ingest: %s: %s was deleted by hand; not re-created "
                     "(invoke ingest --restore %s brings it back)", label, entry.markdown, label)
            report.kept.append(label)
            return True
    if store.edited(entry):
        if entry.wire_hash != digest and not force:
            return False    # a new version under the same name: the lifecycle keeps the edit beside it
        if force:
            log.warning("wire ingest: %s changed, but %s was edited by hand: kept, not overwritten",
                        label, entry.markdown)
        report.kept.append(label)
        return True
    if entry.withdrawn:
        return False       # its wire file is back in seeds/: converted again (and shown again)
    if entry.wire_hash == digest and not force and entry.converter == CONVERTER_VERSION:
        report.unchanged.append(label)
        return True
    return False


def _withdrawn(seeds: Path, listing, store: Store, report: IngestReport, hide: bool) -> None:
    """Releases whose wire file is no longer in seeds/: reported, and hidden when asked."""
    gone = sorted(name for name in store.entries if name not in listing.present)
    if not gone:
        return
    if not listing.present:
        # An empty or missing seeds/ is more often an unmounted share or a wrong path than a
        # newsroom withdrawing everything: say so, change nothing.
        log.warning("wire ingest: seeds/ (%s) is empty or missing: %d releases whose wire files are "
                    "not there are left as they are", seeds, len(gone))
        return
    for name in gone:
        entry = store.entries[name]
        label = shown(name)
        report.withdrawn.append(label)
        first = not entry.withdrawn
        level = logging.WARNING if first else logging.INFO
        path = store.content / entry.markdown
        if not hide or entry.withdrawn == "hidden":
            state = "hidden (Status: hidden)" if entry.withdrawn == "hidden" else \
                "still published (WIRE_WITHDRAW_REMOVED = True hides it)"
            log.log(level, "wire ingest: %s was removed from seeds/: its release %s is %s",
                    label, entry.markdown, state)
            if first:
                store.update(name, Entry(**{**vars(entry), "withdrawn": "noticed"}))
            continue
        if not path.exists():
            log.log(level, "wire ingest: %s was removed from seeds/; its release %s was deleted by hand",
                    label, entry.markdown)
            if first:
                store.update(name, Entry(**{**vars(entry), "withdrawn": "noticed"}))
            continue
        if store.edited(entry):
            log.warning("wire ingest: %s was removed from seeds/, but %s was edited by hand: left "
                        "published (set Status: hidden in it to withdraw it)", label, entry.markdown)
            continue
        text = with_status(path.read_text(encoding="utf-8"), "hidden")
        store.write(name, entry.wire_hash, entry.markdown, text, entry.converter, withdrawn="hidden")
        log.warning("wire ingest: %s was removed from seeds/: its release %s is now hidden "
                    "(Status: hidden, WIRE_WITHDRAW_REMOVED)", label, entry.markdown)


@dataclass
class Prepared:
    """A converted story, already rendered and written to a temporary file by a worker
    under the slug its headline gives; the main process only moves it into place. Small
    on purpose: it crosses a process boundary."""
    slug: str
    tmp: Path
    markdown_hash: str
    warnings: list[str]
    wire_hash: str = ""      # of the bytes the worker read (what the manifest records)
    identity: identity.Identity | None = None
    arrived: str = ""        # the wire file's mtime (ISO): the time of a version that states none
    undated: bool = False    # the wire gave no date: dated at arrival (listed on /_build/)


def _prepare(item, options, seeds: Path, folder: Path):
    """Read, convert, render and write one wire file to a temporary file: runs in a worker,
    which holds this one file's bytes only while it converts them.
    Returns a Prepared, or the reason the file cannot become a release (a string)."""
    from . import budget, convert, furniture, identity, mdwriter, slugs     # see _conversions
    name, _digest = item
    default_zone, default_lang, default_year, max_bytes = options
    try:
        data, mtime = seeds_mod.read_capped(seeds, name, max_bytes)
    except seeds_mod.Refused as exc:
        return str(exc)
    digest = convert.wire_hash(data)
    try:
        reference = dt.datetime.fromtimestamp(mtime, dt.timezone.utc)
        with budget.limit():     # past it: Rejected("conversion took over N s"), the build goes on
            story = convert.convert(data, seeds_mod.text_name(name), reference, default_zone, default_lang,
                                    default_year, max_bytes=max_bytes)
            del data
            ident = identity.identify(story)
            story.story_id = ident.story_id
            if ident.kind == identity.CORRECTION and ident.note:
                identity.move_correction_note(story, ident)   # the page's "Correction:" line, not a paragraph
            slug = slugs.slug_for(furniture.headline(story.headline))    # as the page shows it
            text = mdwriter.render(story, slug).encode("utf-8")
    except convert.Rejected as exc:
        return str(exc)
    except Exception as exc:  # a converter bug must not stop the build: it is one file's rejection
        log.debug("wire ingest: converter error on %s", shown(name), exc_info=True)
        return f"internal error: {exc.__class__.__name__}: {exc}"
    tmp = store_mod.temp_path(folder, name)
    try:
        store_mod.write_new(tmp, text)
    except OSError as exc:
        store_mod.remove_quietly(tmp)
        return f"cannot write the release: {exc}"
    return Prepared(slug, tmp, store_mod.sha(text), story.warnings, digest, ident,
                    reference.replace(microsecond=0).isoformat(), story.undated)


PARALLEL_FROM = 300       # below this, one worker: a second one's start-up costs more than it saves


@contextmanager
def _conversions(todo, options, seeds: Path, folder: Path, workers):
    """Prepared releases (or rejection reasons) for `todo`, in its order, as they are ready.

    Made in forked workers, even for one file: the converter's data (word lists, gazetteer,
    language model: about 110 MiB) is then loaded in processes that end with the ingest, not in
    the build's own, which goes on to hold the whole site and forks its page writer (at 10,000
    releases the build's process reached its pages 114 MiB larger for one converted story). A
    process with threads of its own (`invoke watch`: its watcher and web server) converts a
    small batch itself: a fork copies no other thread, so a lock one of them held (logging's)
    would be held for ever in the child; and that long-lived process keeps the data warm for
    the next file. Every worker loads the data before its first file, outside that file's time
    budget (wire.budget)."""
    if not todo:
        yield iter(())
        return
    # the converter's modules, imported here (before any fork: every worker has them) and
    # only when there is something to convert
    from . import budget, convert, furniture, identity, mdwriter, slugs  # noqa: F401
    workers = workers if workers is not None else (os.cpu_count() or 1)
    small = len(todo) < PARALLEL_FROM
    if workers <= 1 or "fork" not in mp.get_all_start_methods() or (small and threading.active_count() > 1):
        yield (_prepare(item, options, seeds, folder) for item in todo)
        return
    if small:
        workers = 1
    with mp.get_context("fork").Pool(workers, initializer=_die_with, initargs=(os.getpid(),)) as pool:
        yield pool.imap(partial(_prepare, options=options, seeds=seeds, folder=folder), todo, chunksize=16)


PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> None:
    """Pool initializer: a worker ends when the ingest that started it ends, even by kill -9
    (Linux: the kernel sends SIGKILL when the parent dies; elsewhere a check of the parent
    pid at start only). Without it the workers of a killed build kept converting and
    writing temporary files into releases/."""
    libc_name = ctypes.util.find_library("c")
    if libc_name:
        try:
            ctypes.CDLL(libc_name, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:       # the parent died before prctl took effect
        os._exit(1)


def _place(name: str, prepared: Prepared, store: Store, taken: set[str],
           life: lifecycle.Lifecycle | None = None) -> None:
    """Give the release its final, unique slug and move it into place (the only step that
    needs every file's slug, so it runs here, in file-name order). A version, copy or kill of
    a story the site has is the lifecycle's: it updates that story's release instead."""
    for note in prepared.warnings:
        log.info("wire ingest: %s: %s", shown(name), note)
    digest = prepared.wire_hash
    if life is not None and life.place(name, digest, prepared, store, taken):
        return
    _place_new(name, digest, prepared, store, taken)
    if life is not None:
        entry = store.entries[name]
        life.published(name, digest, prepared, entry.markdown, entry.markdown_hash)


def _place_new(name: str, digest: str, prepared: Prepared, store: Store, taken: set[str]) -> None:
    entry = store.entries.get(name)
    if entry and (store.content / entry.markdown).exists() and not store.edited(entry):
        relpath = entry.markdown                       # a re-conversion keeps its URL
        slug = read_header(store.content / relpath).get(SLUG) or Path(relpath).stem
    elif entry and Path(entry.markdown).stem not in taken:
        relpath = entry.markdown                       # restored: back at its old URL
        slug = Path(relpath).stem
    else:
        from . import slugs
        slug = slugs.unique(prepared.slug, taken)
        relpath = f"{RELEASES}/{slug}.md"
    taken.add(slug)
    taken.add(Path(relpath).stem)
    if slug == prepared.slug and relpath == f"{RELEASES}/{slug}.md":
        store.commit(name, digest, relpath, prepared.tmp, prepared.markdown_hash, CONVERTER_VERSION)
        return
    # taken, kept from before, or renamed by an editor: the same Markdown with its own Slug line
    try:
        text = prepared.tmp.read_text(encoding="utf-8")
    finally:
        store_mod.remove_quietly(prepared.tmp)
    text = text.replace(f"\n{SLUG}: {prepared.slug}\n", f"\n{SLUG}: {slug}\n", 1)
    store.write(name, digest, relpath, text, CONVERTER_VERSION)
