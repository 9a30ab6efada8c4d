"""Measure: saving a wire file -> the page open in the browser has reloaded and shows it.

    .venv/bin/python tests/tasks/reload_latency.py                 # the project's seeds/
    .venv/bin/python tests/tasks/reload_latency.py --releases 1000  # 1,000 synthetic releases

Runs the real `invoke livereload` in a temp copy of the project and Debian's headless
Chromium on its front page; each round saves one new wire file and times until the
reloaded page shows its headline. Prints one JSON line. Not a test (no test_ prefix): it is
slow for big sites and measures, it does not assert.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tasks_helpers import (CHROMIUM, CHROMIUM_ARGS, DevServer, copy_project,  # noqa: E402
                           synthetic_seeds, wire_text)


def measure(releases: int, rounds: int) -> dict:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="wp-latency-") as tmp:
        proj = copy_project(Path(tmp) / "site", seeds=releases == 0)
        if releases:
            synthetic_seeds(proj / "seeds", releases)
        seeds_count = sum(1 for p in (proj / "seeds").iterdir() if p.is_file())
        t0 = time.monotonic()
        server = DevServer(proj).start(timeout=900)
        first_build = time.monotonic() - t0
        times = []
        try:
            with sync_playwright() as pw:
                ctx = pw.chromium.launch_persistent_context(
                    str(Path(tmp) / "profile"), executable_path=CHROMIUM, headless=True,
                    args=CHROMIUM_ARGS)
                page = ctx.new_page()
                page.goto(server.url + "/", wait_until="load")
                for i in range(rounds):
                    page.wait_for_function("() => !!window.LiveReload", timeout=30_000)
                    time.sleep(1.0)   # websocket handshake; and lets the watcher settle
                    headline = f"Latency round {i} newsroom test headline"
                    when = datetime.now(timezone.utc) - timedelta(hours=1 + i)
                    start = time.monotonic()
                    (proj / "seeds" / f"latency-{i}").write_text(
                        wire_text(headline, when=when), encoding="utf-8")
                    page.wait_for_function("(h) => document.body && document.body.innerText.includes(h)",
                                           arg=headline, timeout=300_000)
                    times.append(time.monotonic() - start)
                ctx.close()
        finally:
            server.stop()
            log = server.log()
    builds = [float(x) for x in __import__("re").findall(r"rebuild ok in ([\d.]+)s", log)]
    return {"wire_files": seeds_count, "first_build_s": round(first_build, 2),
            "save_to_reloaded_page_s": [round(t, 2) for t in times],
            "median_s": round(statistics.median(times), 2),
            "rebuild_subprocess_s": [round(b, 2) for b in builds]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--releases", type=int, default=0, help="synthetic wire files (0: the project's seeds/)")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    print(json.dumps(measure(args.releases, args.rounds)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
