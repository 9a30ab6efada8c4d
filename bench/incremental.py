"""What one new wire file costs at N real releases: files rendered, files written, by kind.

    nice .venv/bin/python -m bench.incremental --size 1000            # ours, this checkout
    nice .venv/bin/python -m bench.incremental --size 1000 --keep     # keep the work folder

Builds a site of N real-copy wire files (bench/realwire.py, as `python -m bench` does) cold
with `bench/build_once.py ours` (no Pagefind: it is not what this measures), then adds one
further copy of the newest story (it arrives on top, as news does) and builds again. Prints
the seconds of each build, fastbuild's own count of pages rendered and skipped (its log
line), and the files the second build created or changed (mtime or size), grouped by kind
(the first folder of the path; a release's page, its wire file, a feed, a listing ...).
"""
from __future__ import annotations

import argparse
import collections
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
sys.path.insert(0, str(BENCH))
import realwire  # noqa: E402
from run import PY, _metadata, newest_release, output_state  # noqa: E402


def kind(rel: str) -> str:
    parts = rel.split("/")
    if len(parts) == 1:
        return parts[0]
    if parts[0] == "feeds":
        return "feeds/" + (parts[1] if len(parts) > 2 else "(site)")
    if "page" in parts[1:-1]:
        return parts[0] + "/…/page/N (older listing page)"
    if len(parts[0]) <= 3 and parts[0] not in ("tag",):   # <lang>/index.html
        return "<lang>/…"
    return parts[0] + "/"


def build(site: Path) -> tuple[float, str]:
    t0 = time.monotonic()
    proc = subprocess.run([PY, str(BENCH / "build_once.py"), "ours", str(site), "--verbose"],
                          cwd=ROOT, capture_output=True, text=True)
    if proc.returncode:
        sys.stderr.write(proc.stderr[-4000:])
        raise SystemExit("build failed")
    return time.monotonic() - t0, proc.stderr


def main(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=1000)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--list", action="store_true", help="name every file written, not just the counts")
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="wirepress-incr-"))
    try:
        site = work / "site"
        stories = realwire.corpus_stories()
        realwire.write_wire_files(site / "seeds", stories, args.size)
        cold, _ = build(site)
        print(f"cold build of {args.size} releases: {cold:.1f} s")
        source = _metadata(newest_release(site / "content" / "releases"), "Wire-Source")
        k = int(source[1:7]) % len(stories)
        extra = work / "extra"
        extra.mkdir()
        new = realwire.write_copy_of(extra, stories, k, copy=args.size // len(stories) + 1, i=args.size)
        if args.keep:          # the catalog as the cold build left it, to compare with the next
            for cat in (site / "cache").glob("catalog-*.sqlite"):
                shutil.copy2(cat, work / f"cold-{cat.name}")
        before = output_state(site / "output")
        shutil.copy(new, site / "seeds")     # it arrives now (its time is now: see run.py ours_add)
        seconds, log = build(site)
        after = output_state(site / "output")
        written = sorted(rel for rel, v in after.items() if before.get(rel) != v)
        removed = sorted(rel for rel in before if rel not in after)
        print(f"one new wire file: {seconds:.1f} s")
        for line in log.splitlines():
            if re.search(r"fastbuild.*(rendered|written|full build|incremental)", line):
                print("  " + line)
        print(f"files written: {len(written)} of {len(after)} (removed {len(removed)})")
        for name, n in collections.Counter(map(kind, written)).most_common():
            print(f"  {n:5d}  {name}")
        if args.list:
            for rel in written:
                print(f"  written: {rel}")
    finally:
        if args.keep:
            print(f"work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
