"""Static full-text search: Pagefind indexes the built site (pages that carry
data-pagefind-body, i.e. the releases) into output/pagefind/."""
from __future__ import annotations

import logging
import subprocess
import sys

log = logging.getLogger(__name__)


def index_site(output_path: str) -> None:
    # The pagefind wheel ships its binary; `python -m pagefind` finds and runs it.
    cmd = [sys.executable, "-m", "pagefind", "--site", output_path, "--silent"]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"pagefind failed ({done.returncode}): {done.stderr[-2000:]}")
    log.info("pagefind: indexed %s", output_path)
