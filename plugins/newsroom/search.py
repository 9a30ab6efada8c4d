"""Static full-text search: Pagefind indexes the release pages (those that carry
data-pagefind-body) in shards, each its own Pagefind index, merged in the browser.

Releases carry filters (source, kind, language, tag, year), a sort key (date) and the
metadata the results show (date, source, dateline) as data-pagefind-* attributes
(theme/templates/article.html). By default Pagefind splits the index by each page's
<html lang> and a search page loads only its own language's part: a newsroom's search
would then never find its Kazakh or Russian releases, and a language filter would have
nothing to choose from. PAGEFIND_ONE_INDEX (on) indexes every release in one index
(--force-language DEFAULT_LANG); the language stays a filter.

Shards (searchshards.py says which release goes where, and why): the newest shard is
output/pagefind/ (where a site of one shard has its index, as before sharding), the others
output/pagefind-shards/<id>/; output/pagefind/shards.json lists them all, newest first, for
search.js, which loads the newest and merges the others (`mergeIndex`), so the search page
itself is never re-rendered for a shard change. Each shard's folder holds its manifest
(wirepress-shard.json: its pages, each with its size, mtime and the hash of what Pagefind
reads of it, and the files Pagefind wrote). The output tree is the truth: a shard is reused
only while its manifest reads, its files are all there and its pages still hash the same; a
missing or damaged shard is rebuilt. Each shard is indexed from a folder of hard links to
its pages only (under CACHE_PATH), written beside the live shards, then moved into place file
by file with the entry file last (atomicfile.publish_tree), so a search running meanwhile never
loads half a file nor an entry naming files not there yet.

What Pagefind reads of a page: everything but the content of data-pagefind-ignore elements,
whose own data-pagefind-* elements (a tag filter in the footer, the year on the date) are
kept. The footer's newer/older links and the side column's "more from" lists change on old
pages when a new story shares a tag with them; those bytes are not searched, and a closed
shard is not re-indexed for them."""
from __future__ import annotations

import functools
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import atomicfile
from .searchshards import Page, plan, shard_id

log = logging.getLogger(__name__)

# The file that names every other file of an index: moved into place last.
ENTRY = "pagefind-entry.json"
MANIFEST = "wirepress-shard.json"
SHARD_LIST = "shards.json"
PRIMARY = "pagefind"
CLOSED = "pagefind-shards"
FORMAT = 1          # of the manifest; another number rebuilds every shard


def command(output_path: str, force_language: str | None = None,
            bundle: str | None = None) -> list[str]:
    # The pagefind wheel ships its binary; `python -m pagefind` finds and runs it.
    cmd = [sys.executable, "-m", "pagefind", "--site", output_path, "--silent"]
    if bundle:
        cmd += ["--output-path", bundle]
    if force_language:
        cmd += ["--force-language", language_code(force_language)]
    return cmd


def language_code(lang: str) -> str:
    return lang.split("-")[0].split("_")[0].lower()


def index_site(output_path: str, force_language: str | None = None) -> None:
    """The whole site in one index (what the build ran before shards; kept for a site with
    no release pages, where Pagefind indexes every page's body, and for the benchmark).
    Pagefind writes its index into a hidden staging folder in output/ (one file system, and
    no page there to index), then each file is moved into output/pagefind/ by rename, the entry
    file last (atomicfile.publish_tree): a search running during a build never loads half a
    file, nor an entry naming fragments not there yet (Pagefind writing in place did both)."""
    staging = tempfile.mkdtemp(prefix=".pagefind-", dir=output_path)
    try:
        done = subprocess.run(command(output_path, force_language, bundle=staging),
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"pagefind failed ({done.returncode}): {done.stderr[-2000:]}")
        atomicfile.publish_tree(staging, os.path.join(output_path, PRIMARY), first=(ENTRY,))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    log.info("pagefind: indexed %s", output_path)


# --- what Pagefind reads of a page ------------------------------------------------------

_SORT = re.compile(rb'data-pagefind-sort="date:([^"]*)"')
_SCRIPT = re.compile(rb"<(script|style)\b[^>]*>.*?</\1\s*>", re.S | re.I)
_NAME = re.compile(rb"<([a-zA-Z][\w:.-]*)")
_VOID = {b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link",
         b"meta", b"source", b"track", b"wbr"}


@functools.lru_cache(maxsize=64)
def _tag_pattern(name: bytes) -> re.Pattern:
    """Opening and closing tags of `name` (compiled once per tag name, for every build)."""
    return re.compile(rb"<(/?)" + re.escape(name) + rb"(?=[\s>/])", re.I)


def _in_tag(html: bytes, i: int) -> tuple[int, int, bytes] | None:
    """The tag around position i (an attribute name found by bytes.find): (start, end, tag
    name), or None when i is in text (wire copy cannot hold a raw '<': it is escaped)."""
    start = html.rfind(b"<", 0, i)
    if start < 0 or html.find(b">", start, i) >= 0:
        return None
    m = _NAME.match(html, start)
    end = html.find(b">", i)
    if m is None or end < 0:
        return None
    return start, end + 1, m.group(1).lower()


def _close(html: bytes, name: bytes, tag_end: int) -> tuple[int, int]:
    """(start, end) of the tag that closes the element of `name` opened just before
    tag_end (elements of the same name nest)."""
    depth = 1
    for m in _tag_pattern(name).finditer(html, tag_end):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            end = html.find(b">", m.end())
            return m.start(), (len(html) if end < 0 else end + 1)
    return len(html), len(html)


def _element(html: bytes, i: int):
    """(tag start, tag end, content end, element end) of the element whose start tag holds
    position i, or None."""
    found = _in_tag(html, i)
    if found is None:
        return None
    start, end, name = found
    if name in _VOID or html[end - 2:end - 1] == b"/":
        return start, end, end, end
    inner, outer = _close(html, name, end)
    return start, end, inner, outer


def is_search_page(html: bytes) -> bool:
    i = html.find(b"data-pagefind-body")
    while i >= 0:
        if _in_tag(html, i) is not None:
            return True
        i = html.find(b"data-pagefind-body", i + 1)
    return False


def sort_stamp(html: bytes) -> str:
    m = _SORT.search(html)
    return m.group(1).decode("utf-8", "replace") if m else ""


def _kept(region: bytes) -> bytes:
    """Of an ignored element's content, the data-pagefind-* elements (a filter, a meta
    value), each with its content: Pagefind still reads those."""
    out, pos = [], 0
    i = region.find(b"data-pagefind-")
    while i >= 0:
        el = _element(region, i) if i >= pos else None
        if el is not None:
            out.append(region[el[0]:el[3]])
            pos = el[3]
        i = region.find(b"data-pagefind-", max(i + 1, pos))
    return b"".join(out)


def searched_bytes(html: bytes) -> bytes:
    """The page without the content of its data-pagefind-ignore elements (kept: the
    data-pagefind-* elements inside them, with their content) and without scripts and
    styles: what a change must touch to change the index. Plain byte searches: a regular
    expression over every tag took 1 ms a page, a cold build reads them all."""
    html = _SCRIPT.sub(b"", html)
    out, pos = [], 0
    i = html.find(b"data-pagefind-ignore")
    while i >= 0:
        el = _element(html, i) if i >= pos else None
        if el is not None and el[2] > el[1]:
            start, tag_end, inner, outer = el
            out.append(html[pos:tag_end])
            out.append(_kept(html[tag_end:inner]))
            out.append(html[inner:outer])
            pos = outer
        i = html.find(b"data-pagefind-ignore", max(i + 1, pos))
    out.append(html[pos:])
    return b"".join(out)


def fingerprint(html: bytes) -> str:
    import hashlib
    return hashlib.sha256(searched_bytes(html)).hexdigest()


# --- the shards on disk ---------------------------------------------------------------------

@dataclass
class Shard:
    id: str
    folder: Path
    pages: list[Page]
    files: dict[str, int]

    def same_pages(self, pages: list[Page]) -> bool:
        return [(p.path, p.sha) for p in self.pages] == [(p.path, p.sha) for p in pages]


@dataclass
class ShardReport:
    """What one indexing did: the ids of the shards it (re)built, kept and moved, the
    folders it removed, and the pages in all."""
    built: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    pages: int = 0
    seconds: float = 0.0


def _config(force_language: str | None) -> dict:
    return {"format": FORMAT, "pagefind": _pagefind_version(),
            "force_language": language_code(force_language) if force_language else None}


def _pagefind_version() -> str:
    from importlib import metadata
    try:
        return metadata.version("pagefind")
    except metadata.PackageNotFoundError:
        return "unknown"


def read_shard(folder: Path, config: dict) -> Shard | None:
    """The shard in `folder`, or None when it is not a whole shard of this configuration
    (no or unreadable manifest, another Pagefind or language, a file missing or cut short)."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if data.get("config") != config:
            return None
        pages = [Page(path, stamp, sha, size, mtime) for path, stamp, sha, size, mtime in data["pages"]]
        files = {str(k): int(v) for k, v in data["files"].items()}
        shard = Shard(str(data["id"]), folder, pages, files)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not pages or shard.id != shard_id(pages):
        return None
    # Names for the many small files (fragments, chunks), sizes for the entry files.
    seen: dict[str, int | None] = {}
    for base, dirs, names in os.walk(folder):
        rel = os.path.relpath(base, folder)
        for name in names:
            key = name if rel == "." else f"{rel}/{name}"
            seen[key] = os.path.getsize(os.path.join(base, name)) if rel == "." else None
    for key, size in files.items():
        if key not in seen or (seen[key] is not None and seen[key] != size):
            return None
    return shard


def _write_manifest(folder: Path, shard_id_: str, pages: list[Page], config: dict,
                    files: dict[str, int] | None = None) -> None:
    if files is None:
        files = {}
        for base, _, names in os.walk(folder):
            for name in names:
                full = os.path.join(base, name)
                rel = os.path.relpath(full, folder).replace(os.sep, "/")
                if rel not in (MANIFEST, SHARD_LIST):
                    files[rel] = os.path.getsize(full)
    data = {"id": shard_id_, "config": config, "files": files,
            "pages": [[p.path, p.stamp, p.sha, p.size, p.mtime_ns] for p in pages]}
    atomicfile.write_text(folder / MANIFEST, json.dumps(data, separators=(",", ":")))


def existing_shards(out: Path, config: dict) -> tuple[dict[str, Shard], list[Path]]:
    """The whole shards under `out` by id, and the folders that hold no whole shard."""
    shards, broken = {}, []
    folders = [out / PRIMARY] + (sorted(p for p in (out / CLOSED).iterdir() if p.is_dir())
                                 if (out / CLOSED).is_dir() else [])
    for folder in folders:
        if not folder.exists():
            continue
        if folder.name.startswith("."):      # a build's leftover temporary folder
            broken.append(folder)
            continue
        shard = read_shard(folder, config)
        if shard is None or shard.id in shards:
            broken.append(folder)
        else:
            shards[shard.id] = shard
    return shards, broken


def scan_pages(out: Path, candidates, known: dict[str, Page]) -> list[Page]:
    """The search pages among `candidates` (paths under out: the releases of this build; a
    deleted release's page may stay on disk, Pelican never removes it, but it leaves the
    index). A page whose size and mtime are those of its manifest entry is not read again."""
    pages = []
    for rel in sorted(set(candidates)):
        path = out / rel
        try:
            st = path.stat()
        except OSError:
            continue                     # deleted: it leaves its shard
        old = known.get(rel)
        if old is not None and old.size == st.st_size and old.mtime_ns == st.st_mtime_ns:
            pages.append(old)
            continue
        try:
            html = path.read_bytes()
        except OSError as exc:
            log.warning("search: cannot read %s (%s); left out of the index", rel, exc)
            continue
        if is_search_page(html):
            pages.append(Page(rel, sort_stamp(html), fingerprint(html), st.st_size, st.st_mtime_ns))
    return pages


def _stage(out: Path, pages: list[Page], stage_root: Path) -> Path:
    """A folder holding only these pages, at their paths (hard links; copies across file
    systems), for Pagefind to index: it walks and parses nothing else of the site."""
    stage_root.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix="pagefind-stage-", dir=stage_root))
    for page in pages:
        target = stage / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(out / page.path, target)
        except OSError:
            shutil.copy2(out / page.path, target)
    return stage


def _pagefind_binary() -> list[str]:
    try:
        from pagefind.service import get_executable
        binary = get_executable()
        if binary is not None:
            return [str(binary)]
    except ImportError:
        pass
    return [sys.executable, "-m", "pagefind"]


def _run_pagefind(site: Path, dest: Path, force_language: str | None) -> None:
    cmd = _pagefind_binary() + ["--site", str(site), "--output-path", str(dest), "--silent"]
    if force_language:
        cmd += ["--force-language", language_code(force_language)]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"pagefind failed ({done.returncode}): {(done.stderr or done.stdout)[-2000:]}")


def _index_one(out: Path, sid: str, group: list[Page], config, stage_root: Path,
               force_language: str | None) -> Path:
    """One shard indexed into its `.new-` folder, with its manifest: the folder."""
    new = out / CLOSED / f".new-{sid}"
    shutil.rmtree(new, ignore_errors=True)
    stage = _stage(out, group, stage_root)
    try:
        began = time.perf_counter()
        _run_pagefind(stage, new, force_language)
        log.info("pagefind: shard %s, %d pages, indexed in %.2f s", sid, len(group), time.perf_counter() - began)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    _write_manifest(new, sid, group, config)
    return new


def index_shards(output_path: str, candidates, *, shard_size: int, new_shard_size: int,
                 force_language: str | None = None, stage_root: str | None = None,
                 workers: int = 1) -> ShardReport:
    """Bring output/pagefind/ and output/pagefind-shards/ up to date with the search pages
    among `candidates` (paths under output_path: the releases of this build); only shards
    whose pages changed are indexed again, `workers` Pagefind processes at a time (one
    Pagefind keeps about 1.5 of 2 cores busy on a shard: two at a time index 1.33x as fast,
    each one using about 100 MiB)."""
    started = time.perf_counter()
    out = Path(output_path)
    config = _config(force_language)
    report = ShardReport()
    shards, broken = existing_shards(out, config)
    known = {p.path: p for shard in shards.values() for p in shard.pages}
    pages = scan_pages(out, candidates, known)
    report.pages = len(pages)
    planned = plan(pages, shard_size, new_shard_size)
    if not planned:
        _remove_all(out, report)
        index_site(str(out), force_language)       # no release pages: every page's body
        report.seconds = time.perf_counter() - started
        return report
    (out / CLOSED).mkdir(exist_ok=True)
    stage_root = Path(stage_root) if stage_root else out.parent / ".pagefind-stage"
    ready: list[tuple[str, list[Page], Path]] = []   # (id, pages, folder holding the shard now)
    try:
        todo = []                                    # (its place in `ready`, id, pages)
        for group in planned:
            sid = shard_id(group)
            old = shards.get(sid)
            if old is not None and old.same_pages(group):
                if [(p.size, p.mtime_ns) for p in old.pages] != [(p.size, p.mtime_ns) for p in group]:
                    _write_manifest(old.folder, sid, group, config, old.files)   # fresher stats
                ready.append((sid, group, old.folder))
                continue
            todo.append((len(ready), sid, group))
            ready.append((sid, group, None))
        # the shards to index, `workers` at a time (threads: each waits on its Pagefind process);
        # any failure is raised once all have ended, so no Pagefind is left running
        with ThreadPoolExecutor(max_workers=max(1, min(workers, len(todo) or 1))) as pool:
            futures = [(at, sid, group, pool.submit(_index_one, out, sid, group, config, stage_root,
                                                    force_language)) for at, sid, group in todo]
        for at, sid, group, future in futures:
            ready[at] = (sid, group, future.result())
            report.built.append(sid)
        _commit(out, ready, shards, broken, report)
    finally:
        for leftover in [*(out / CLOSED).glob(".new-*"), *(out / CLOSED).glob(".move-*")]:
            shutil.rmtree(leftover, ignore_errors=True)
    _write_list(out, ready)
    if not any((out / CLOSED).iterdir()):
        (out / CLOSED).rmdir()          # a site of one shard: output/pagefind/ only, as before
    report.seconds = time.perf_counter() - started
    log.info("pagefind: %d pages in %d shards; %d indexed again (%s), %d kept, %d moved, %.2f s",
             report.pages, len(ready), len(report.built), ", ".join(report.built) or "none",
             len(report.kept), len(report.moved), report.seconds)
    return report


def _linked_copy(folder: Path, dest: Path) -> Path:
    """A copy of a shard's folder made of hard links (instant, no bytes copied), to publish
    elsewhere while the folder it leaves keeps serving until replaced."""
    shutil.rmtree(dest, ignore_errors=True)
    for base, _, names in os.walk(folder):
        rel = os.path.relpath(base, folder)
        os.makedirs(dest / rel, exist_ok=True)
        for name in names:
            if rel == "." and name == SHARD_LIST:
                continue
            try:
                os.link(os.path.join(base, name), dest / rel / name)
            except OSError:
                shutil.copy2(os.path.join(base, name), dest / rel / name)
    return dest


def _commit(out: Path, ready, shards: dict[str, Shard], broken: list[Path], report: ShardReport) -> None:
    """Put each shard at its place (the newest at output/pagefind/), then remove the rest.
    Each file is moved into place by rename, the entry file and the manifest last, files with
    the same bytes left alone (atomicfile.publish_tree): a search running during a build never
    loads half a file, nor an entry naming fragments not there yet. Oldest first, so a shard
    leaving output/pagefind/ is copied out before the new newest is published there."""
    places = {sid: (out / PRIMARY if i == len(ready) - 1 else out / CLOSED / sid)
              for i, (sid, _, _) in enumerate(ready)}
    for sid, _, folder in ready:
        target = places[sid]
        if folder == target:
            report.kept.append(sid)
            continue
        if folder.name.startswith(".new-"):
            staged = folder
        else:
            staged = _linked_copy(folder, out / CLOSED / f".move-{sid}")
            report.moved.append(sid)
            report.kept.append(sid)
        atomicfile.publish_tree(staged, target, first=(ENTRY, MANIFEST))
        if target != out / PRIMARY:
            (target / SHARD_LIST).unlink(missing_ok=True)   # the list lives with the newest
    targets = set(places.values())
    wanted = set(places)
    for sid, shard in shards.items():
        if shard.folder.exists() and shard.folder not in targets:
            shutil.rmtree(shard.folder, ignore_errors=True)      # left, or moved away
            if sid not in wanted:
                report.removed.append(sid)
    for folder in broken:
        if folder.exists() and folder not in targets:
            shutil.rmtree(folder, ignore_errors=True)
            report.removed.append(folder.name)


def _write_list(out: Path, ready) -> None:
    """output/pagefind/shards.json, newest first: what search.js merges."""
    shards = []
    for i, (sid, group, _) in enumerate(reversed(ready)):
        shards.append({"id": sid, "path": f"{PRIMARY}/" if i == 0 else f"{CLOSED}/{sid}/",
                       "pages": len(group), "first": group[0].stamp, "last": group[-1].stamp})
    atomicfile.write_text(out / PRIMARY / SHARD_LIST,
                          json.dumps({"shards": shards}, indent=1, ensure_ascii=False) + "\n",
                          if_changed=True)


def _remove_all(out: Path, report: ShardReport) -> None:
    if (out / CLOSED).is_dir():
        shutil.rmtree(out / CLOSED, ignore_errors=True)
        report.removed.append(CLOSED)
    if (out / PRIMARY / MANIFEST).exists():
        shutil.rmtree(out / PRIMARY, ignore_errors=True)
        report.removed.append(PRIMARY)
