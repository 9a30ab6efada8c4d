"""The original wire file of each release, published beside it for download
(WIRE_FILE_SAVE_AS, "wire/{slug}.txt"; None: off).

A newsroom's readers (journalists, archivists) ask for the copy as the wire delivered it.
The bytes are published only when they are still the ones the release was made from (the
file in seeds/ hashes to the release's Wire-Hash): after an update or an editor's edit the
file may be another version's. Always under a `.txt` name, so a host serves it as
text/plain: an XML or HTML wire file never becomes a live document on the site.
"""
from __future__ import annotations

import hashlib
import logging
import os
import stat

import atomicfile
from wire.seeds import max_bytes as size_limit     # WIRE_MAX_BYTES: the ingest's own limit

log = logging.getLogger(__name__)


def source_path(seeds: str, wire_source: str, max_bytes: int) -> str | None:
    """The wire file's path inside `seeds`, or None when the name would leave the folder,
    names no regular file (a FIFO, a device, a dangling link) or a file over `max_bytes`."""
    if not seeds or not wire_source:
        return None
    name = os.path.basename(wire_source.strip())
    if not name or name in (".", ".."):
        return None
    root = os.path.realpath(seeds)
    path = os.path.realpath(os.path.join(root, name))
    if os.path.dirname(path) != root and not path.startswith(root + os.sep):
        return None
    try:
        st = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode) or st.st_size > max_bytes:
        return None
    return path


def _read(path: str, max_bytes: int) -> bytes | None:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            return fh.read(max_bytes + 1)
    except OSError:
        return None


def matching_bytes(path: str, wire_hash: str, max_bytes: int) -> bytes | None:
    """The file's bytes when their sha256 is the release's Wire-Hash ("sha256:<hex>") and
    they are no more than `max_bytes`."""
    data = _read(path, max_bytes)
    if data is None or len(data) > max_bytes:
        return None
    expected = (wire_hash or "").strip().lower()
    if not expected.startswith("sha256:"):
        return None
    return data if hashlib.sha256(data).hexdigest() == expected[len("sha256:"):] else None


def attach(articles, settings) -> None:
    """Set article.wire_file = {"save_as", "url", "size", "path"} on every release whose
    original is still in seeds/ as it was converted; others get None."""
    pattern = settings.get("WIRE_FILE_SAVE_AS")
    seeds = settings.get("WIRE_SEEDS_PATH")
    limit = size_limit(settings)
    for art in articles:
        art.wire_file = None
        if not pattern:
            continue
        meta = getattr(art, "metadata", {})
        path = source_path(seeds, meta.get("wire-source", ""), limit)
        if path is None or matching_bytes(path, meta.get("wire-hash", ""), limit) is None:
            continue
        save_as = pattern.format(slug=art.slug)
        art.wire_file = {"save_as": save_as, "url": save_as, "path": path,
                         "size": os.path.getsize(path)}


def publish(articles, output_path: str, settings) -> int:
    """Copy each attached wire file into output/ (unchanged files keep their mtime), and
    remove the copies of releases that no longer offer one (withdrawn, edited, removed)."""
    limit = size_limit(settings)
    written, kept = 0, set()
    for art in articles:
        info = getattr(art, "wire_file", None)
        if not info:
            continue
        data = matching_bytes(info["path"], art.metadata.get("wire-hash", ""), limit)
        if data is None:             # changed since the context was built: no stale copy
            log.warning("wire file %s changed during the build; not published", info["path"])
            continue
        target = os.path.join(output_path, info["save_as"])
        kept.add(os.path.normpath(target))
        if atomicfile.write_bytes(target, data, if_changed=True):
            written += 1
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
