"""Read (Markdown -> HTML) the releases on every core before Pelican's own loop reads them.

A cold build spends about half its time in Python-Markdown. Pelican reads one file after the
other; here a forked pool converts the files its content cache does not hold yet, and the
results are put in that cache, so Pelican's loop finds them there and builds exactly the
objects it builds from its cache on any rebuild (the same (content, metadata) pairs,
unpickled the same way)."""
from __future__ import annotations

import logging
import multiprocessing
import os

log = logging.getLogger(__name__)
_READERS = None     # the generator's Readers, inherited by the forked workers
CHUNK = 100


def _read_chunk(paths: list[str]) -> list[tuple]:
    from pelican.utils import file_suffix

    from pelicancompat import discardable_metadata_filtered

    out = []
    for path in paths:
        try:
            content, meta = _READERS.readers[file_suffix(path)].read(path)
            out.append((path, content, discardable_metadata_filtered(meta)))
        except Exception:  # noqa: BLE001 - Pelican reads it again and reports the error itself
            out.append((path, None, None))
    return out


def preread(generator, workers: int, minimum: int) -> int:
    """Convert the articles missing from the content cache in a pool; how many were."""
    global _READERS
    from pelican.utils import file_suffix

    from pelicancompat import content_cache_on

    s, readers = generator.settings, generator.readers
    if not content_cache_on(readers) or workers < 2:
        return 0                     # no content cache to hand the results over in
    todo = []
    for rel in generator.get_files(s["ARTICLE_PATHS"], exclude=s["ARTICLE_EXCLUDES"]):
        path = os.path.abspath(os.path.join(generator.path, rel))
        if file_suffix(path) in readers.readers and readers.get_cached_data(path, None) is None:
            todo.append(path)
    if len(todo) < minimum:
        return 0
    _READERS = readers
    chunks = [todo[i:i + CHUNK] for i in range(0, len(todo), CHUNK)]
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for result in pool.imap(_read_chunk, chunks):
                for path, content, meta in result:
                    if content is not None:
                        readers.cache_data(path, (content, meta))
    finally:
        _READERS = None
    log.info("fastbuild: %d releases converted on %d cores", len(todo), workers)
    return len(todo)
