"""Static full-text search: Pagefind indexes the built site (pages that carry
data-pagefind-body, i.e. the releases) into output/pagefind/.

Releases carry filters (source, kind, language, tag, year), a sort key (date) and the
metadata the results show (date, source, dateline) as data-pagefind-* attributes
(theme/templates/article.html). By default Pagefind splits the index by each page's
<html lang> and a search page loads only its own language's part: a newsroom's search
would then never find its Kazakh or Russian releases, and a language filter would have
nothing to choose from. PAGEFIND_ONE_INDEX (on) indexes every release in one index
(--force-language DEFAULT_LANG); the language stays a filter."""
from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile

import atomicfile

log = logging.getLogger(__name__)


# The file that names every other file of the index: moved into output/pagefind/ last.
ENTRY = "pagefind-entry.json"


def command(output_path: str, force_language: str | None = None,
            bundle: str | None = None) -> list[str]:
    # The pagefind wheel ships its binary; `python -m pagefind` finds and runs it.
    cmd = [sys.executable, "-m", "pagefind", "--site", output_path, "--silent"]
    if bundle:
        cmd += ["--output-path", bundle]
    if force_language:
        cmd += ["--force-language", force_language.split("-")[0].split("_")[0].lower()]
    return cmd


def index_site(output_path: str, force_language: str | None = None) -> None:
    """Pagefind writes its index into a hidden staging folder in output/ (one file system, and
    no page there to index), then each file is moved into output/pagefind/ by rename, the entry
    file last (atomicfile.publish_tree): a search running during a build never loads half a
    file, nor an entry naming fragments not there yet (Pagefind writing in place did both)."""
    staging = tempfile.mkdtemp(prefix=".pagefind-", dir=output_path)
    try:
        done = subprocess.run(command(output_path, force_language, bundle=staging),
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"pagefind failed ({done.returncode}): {done.stderr[-2000:]}")
        atomicfile.publish_tree(staging, os.path.join(output_path, "pagefind"), first=(ENTRY,))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    log.info("pagefind: indexed %s", output_path)
