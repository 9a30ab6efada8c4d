"""Which releases go into which search shard (pure functions; search.py runs Pagefind).

Pagefind holds a whole index in memory while it builds it (about 150 KB per real release:
1.8 GiB at 10,000) and rewrites all of it for any change. So the releases are indexed in
shards, each its own Pagefind index, merged in the browser (Pagefind's `mergeIndex`), and a
build re-indexes only the shards whose pages changed.

The shard rule: the releases in date order (oldest first), cut after a *boundary release*,
one whose URL hashes to 0 modulo a quarter of the shard size once a shard holds at least half
of it, or when it is full (content-defined chunking, as rsync and backup tools cut files):

- it depends only on the set of releases, never on the order they arrived, so an incremental
  build gives the shards a build from scratch gives;
- a new release (the newest, the usual case) changes only the newest shard; an edit only the
  shard holding the release; a deleted, killed or late backdated release only its own shard
  (rarely its neighbour too, where a boundary moves). Fixed-size shards counted from the
  oldest (like the listing pages) would shift every later shard after a deletion or an
  archive copied in with older dates: a re-index of most of the archive;
- a shard never holds more than its size, so Pagefind's peak memory is bounded by the shard
  size, not the archive.

Two sizes: closed shards are cut at PAGEFIND_SHARD_SIZE (few shards for the browser to merge:
each search loads a chunk from every shard), and the releases after the last closed shard
are cut again at PAGEFIND_NEW_SHARD_SIZE, so that a new story re-indexes a small shard
(about 0.4 s of Pagefind) rather than up to PAGEFIND_SHARD_SIZE releases. When the newest
releases reach a closing boundary, their small shards are compacted into one closed shard
(one larger re-index every few hundred stories). Shards are consecutive date ranges, which
the browser relies on to sort results by date across shards (search.js).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    """A release page as the index sees it: its path under output/, its sort key (the
    data-pagefind-sort date stamp) and the hash of its bytes."""
    path: str
    stamp: str
    sha: str
    size: int = 0
    mtime_ns: int = 0

    @property
    def order(self) -> tuple[str, str]:
        return (self.stamp, self.path)


def _hashes(path: str) -> tuple[int, int]:
    # Two independent numbers from the URL (not Python's hash(): it differs between runs).
    digest = hashlib.sha256(path.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big"), int.from_bytes(digest[8:16], "big")


def cut(pages: list[Page], size: int, level: int = 0) -> list[tuple[list[Page], bool]]:
    """Cut date-ordered pages into chunks of at most `size`: after a boundary page once a
    chunk holds half of `size`, or when it is full. Returns (chunk, closed) pairs; only the
    last chunk can be open (it ends at no boundary and may still grow)."""
    size = max(1, int(size))
    low, modulus = max(1, size // 2), max(1, size // 4)
    chunks, current = [], []
    for page in pages:
        current.append(page)
        if len(current) >= size or (len(current) >= low and _hashes(page.path)[level] % modulus == 0):
            chunks.append((current, True))
            current = []
    if current:
        chunks.append((current, False))
    return chunks


def plan(pages: list[Page], size: int, new_size: int) -> list[list[Page]]:
    """The shards, oldest first (the last is the newest, the one a new story changes).
    size <= 0: one index for everything (no shards)."""
    pages = sorted(pages, key=lambda p: p.order)
    if not pages:
        return []
    if size <= 0:
        return [pages]
    chunks = cut(pages, size)
    shards = [chunk for chunk, closed in chunks if closed]
    last, closed = chunks[-1]
    if not closed:
        if new_size <= 0 or new_size >= size:
            shards.append(last)
        else:
            shards.extend(chunk for chunk, _ in cut(last, new_size, level=1))
    return shards


def shard_id(pages: list[Page]) -> str:
    """A name for a shard's folder, from its pages' paths: the same pages, the same name
    (an edit keeps it; a page more or less gives another)."""
    digest = hashlib.sha256("\n".join(p.path for p in pages).encode("utf-8")).hexdigest()
    day = "".join(ch for ch in pages[0].stamp[:10] if ch.isdigit()) or "undated"
    return f"{day}-{digest[:10]}"
