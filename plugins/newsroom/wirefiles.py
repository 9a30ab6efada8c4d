"""The original wire file of each release, published beside it for download
(WIRE_FILE_SAVE_AS, "wire/{slug}.txt"; None: off).

A newsroom's readers (journalists, archivists) ask for the copy as the wire delivered it.
The bytes are published only when they are still the ones the release was made from (the
file in seeds/ hashes to the release's Wire-Hash): after an update or an editor's edit the
file may be another version's. Always under a `.txt` name, so a host serves it as
text/plain: an XML or HTML wire file never becomes a live document on the site.

Cost per build: a large archive has one wire file per release, and the check runs on every
build. A wire file whose stat is the one the ingest recorded with its sha256 (the ingest's
stat record, `hashes`, plugins/stathash.py) is not read to be checked; a copy in output/ is
read once to see that it is still the release's bytes, and the wire file is read only to
write a copy that is not.
"""
from __future__ import annotations

import hashlib
import logging
import os
import stat

import atomicfile
from wire.ingest import SEEDS as SEEDS_SPACE       # the ingest's stat record's name for seeds/
from wire.seeds import max_bytes as size_limit     # WIRE_MAX_BYTES: the ingest's own limit

log = logging.getLogger(__name__)


def source_path(seeds: str, wire_source: str, max_bytes: int) -> str | None:
    """The wire file's path inside `seeds`, or None when the name would leave the folder,
    names no regular file (a FIFO, a device, a dangling link) or a file over `max_bytes`."""
    found = _source(os.path.realpath(seeds) if seeds else "", wire_source, max_bytes)
    return found[0] if found else None


def _source(root: str, wire_source: str, max_bytes: int):
    """(path, its stat, its name in seeds/ when the path is that very entry and not a link
    elsewhere in the folder) of source_path's file, or None. `root`: seeds/ as a real path
    (made once per build: os.path.realpath costs a stat of every folder on the way)."""
    if not root or not wire_source:
        return None
    name = os.path.basename(wire_source.strip())
    if not name or name in (".", ".."):
        return None
    path = os.path.join(root, name)
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if stat.S_ISLNK(st.st_mode):
        # a link: followed only to a regular file inside seeds/ (then named by its target)
        path = os.path.realpath(path)
        if os.path.dirname(path) != root and not path.startswith(root + os.sep):
            return None
        try:
            st = os.stat(path)
        except OSError:
            return None
        name = None
    # else the entry itself: `root` is real and a base name holds no separator
    if not stat.S_ISREG(st.st_mode) or st.st_size > max_bytes:
        return None
    return path, st, name


def _read(path: str, max_bytes: int) -> bytes | None:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            return fh.read(max_bytes + 1)
    except OSError:
        return None


def _expected(wire_hash: str) -> str | None:
    """The hex digest of a release's Wire-Hash ("sha256:<hex>"), or None."""
    expected = (wire_hash or "").strip().lower()
    return expected[len("sha256:"):] if expected.startswith("sha256:") else None


def matching_bytes(path: str, wire_hash: str, max_bytes: int) -> bytes | None:
    """The file's bytes when their sha256 is the release's Wire-Hash ("sha256:<hex>") and
    they are no more than `max_bytes`."""
    expected = _expected(wire_hash)
    if expected is None:
        return None
    data = _read(path, max_bytes)
    if data is None or len(data) > max_bytes:
        return None
    return data if hashlib.sha256(data).hexdigest() == expected else None


def _matches(found, wire_hash: str, limit: int, hashes) -> tuple[bool, bool]:
    """(is the wire file `found` (_source's) the release's bytes, was it read to tell). By the
    ingest's record when it knows the file with this very stat (a hash made from the bytes,
    trusted by the stat rule), else by reading it."""
    path, st, name = found
    if hashes is not None and name is not None:
        known = hashes.known(SEEDS_SPACE, name, st)
        if known is not None:
            return _expected(known) is not None and _expected(known) == _expected(wire_hash), False
    return matching_bytes(path, wire_hash, limit) is not None, True


def attach(articles, settings, hashes=None) -> None:
    """Set article.wire_file = {"save_as", "url", "size", "path"} on every release whose
    original is still in seeds/ as it was converted; others get None. `hashes`: the ingest's
    stat record of seeds/ (a stathash.StatRecord with the space "seeds"; None: each wire
    file is read and hashed)."""
    pattern = settings.get("WIRE_FILE_SAVE_AS")
    seeds = settings.get("WIRE_SEEDS_PATH")
    root = os.path.realpath(seeds) if seeds and pattern else ""
    limit = size_limit(settings)
    checked = read = 0
    for art in articles:
        art.wire_file = None
        if not pattern:
            continue
        meta = getattr(art, "metadata", {})
        found = _source(root, meta.get("wire-source", ""), limit)
        if found is None:
            continue
        matches, was_read = _matches(found, meta.get("wire-hash", ""), limit, hashes)
        checked, read = checked + 1, read + was_read
        if not matches:
            continue
        save_as = pattern.format(slug=art.slug)
        art.wire_file = {"save_as": save_as, "url": save_as, "path": found[0],
                         "size": found[1].st_size}
    if checked:
        log.debug("wire files: %d checked, %d of them read (the rest known by the ingest's record)",
                  checked, read)


def publish(articles, output_path: str, settings) -> int:
    """Copy each attached wire file into output/ (unchanged files keep their mtime), and
    remove the copies of releases that no longer offer one (withdrawn, edited, removed)."""
    limit = size_limit(settings)
    written, kept = 0, set()
    for art in articles:
        info = getattr(art, "wire_file", None)
        if not info:
            continue
        wire_hash = art.metadata.get("wire-hash", "")
        target = os.path.join(output_path, info["save_as"])
        # the copy is the release's bytes already: nothing to read from seeds/, nothing to write
        current = matching_bytes(target, wire_hash, limit) is not None
        if not current:
            data = matching_bytes(info["path"], wire_hash, limit)
            if data is None:             # changed since the context was built: no stale copy
                log.warning("wire file %s changed during the build; not published", info["path"])
                continue
            atomicfile.write_bytes(target, data)     # the copy there (if any) is not these bytes
            written += 1
        kept.add(os.path.normpath(target))
    folders = {os.path.dirname(os.path.join(output_path, a.wire_file["save_as"]))
               for a in articles if getattr(a, "wire_file", None)}
    for folder in folders | {os.path.join(output_path, "wire")}:
        if not os.path.isdir(folder):
            continue
        for name in os.listdir(folder):
            path = os.path.normpath(os.path.join(folder, name))
            if name.endswith(".txt") and path not in kept:
                try:
                    os.remove(path)
                except OSError:
                    pass
    return written


def human_size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{round(n / 1024)} KB"
    return f"{n / 1024 / 1024:.1f} MB"
