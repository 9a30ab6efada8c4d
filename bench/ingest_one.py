"""The wire ingest alone of ONE new wire file on a site of N real releases: wall and CPU
seconds of `run_ingest` (what the build's `initialized` signal calls), in this process.

    nice -n 19 .venv/bin/python bench/ingest_one.py SITE_DIR            # a copy of SITE_DIR
    nice -n 19 .venv/bin/python bench/ingest_one.py SITE_DIR --profile  # + cProfile top 25

SITE_DIR holds seeds/ and content/ as a build left them (e.g. a copy of the 10,000-release
site of bench/incremental.py --keep). Its seeds/ and content/ are copied to a temporary
folder (SITE_DIR is never changed); one ingest first settles the copy, two more find nothing new (the
"nothing changed" figures, with the files they wrote in content/), then one more copy of a corpus story (bench/realwire.py, a
distinct release) is dropped into seeds/ and the ingest timed again.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import realwire  # noqa: E402


def timed_ingest(site: Path, profile: bool = False):
    from pelican.settings import read_settings

    from wire import run_ingest

    settings = read_settings(str(ROOT / "pelicanconf.py"), override={
        "PATH": str(site / "content"), "WIRE_SEEDS_PATH": str(site / "seeds"),
        "WIRE_CONTENT_PATH": str(site / "content"), "CACHE_PATH": str(site / "cache")})
    prof = cProfile.Profile() if profile else None
    wall, cpu = time.perf_counter(), time.process_time()
    if prof:
        prof.enable()
    report = run_ingest(settings)
    if prof:
        prof.disable()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    top = ""
    if prof:
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(25)
        top = out.getvalue()
    return wall, cpu, report, top


def _state(folder: Path) -> dict:
    return {p: (st.st_mtime_ns, st.st_size, st.st_ino) for p, st in
            ((p, p.stat()) for p in folder.rglob("*") if p.is_file())}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("site", type=Path)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="wirepress-ingest-one-"))
    try:
        site = work / "site"
        for part in ("seeds", "content"):
            shutil.copytree(args.site / part, site / part, symlinks=True)
        wall, cpu, report, _ = timed_ingest(site)
        print(f"settle (nothing new): {wall:.2f} s wall, {cpu:.2f} s CPU: {report.summary()}")
        time.sleep(2.5)      # every copied file settled (plugins/stathash.py records a file 2 s after its change)
        for _ in range(2):   # the first may still record hashes (under the cache folder)
            before = _state(site / "content")
            wall, cpu, report, _ = timed_ingest(site)
            written = sum(1 for k, v in _state(site / "content").items() if before.get(k) != v)
            print(f"nothing changed: {wall:.2f} s wall, {cpu:.2f} s CPU, {written} files in content/ "
                  f"written: {report.summary()}")
        stories = realwire.corpus_stories()
        n = len(os.listdir(site / "seeds"))
        new = realwire.write_copy_of(work / "extra", stories, n % len(stories),
                                     copy=n // len(stories) + 1, i=n)
        shutil.copy2(new, site / "seeds")
        wall, cpu, report, top = timed_ingest(site, args.profile)
        print(f"one new wire file at {n} seeds: {wall:.2f} s wall, {cpu:.2f} s CPU: {report.summary()}")
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        if top:
            print(top)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
