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
import subprocess
import sys

log = logging.getLogger(__name__)


def command(output_path: str, force_language: str | None = None) -> list[str]:
    # The pagefind wheel ships its binary; `python -m pagefind` finds and runs it.
    cmd = [sys.executable, "-m", "pagefind", "--site", output_path, "--silent"]
    if force_language:
        cmd += ["--force-language", force_language.split("-")[0].split("_")[0].lower()]
    return cmd


def index_site(output_path: str, force_language: str | None = None) -> None:
    done = subprocess.run(command(output_path, force_language), capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"pagefind failed ({done.returncode}): {done.stderr[-2000:]}")
    log.info("pagefind: indexed %s", output_path)
