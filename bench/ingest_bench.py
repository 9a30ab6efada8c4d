"""Ingest speed: `invoke ingest` (a fresh process, as a user runs it) over N synthetic wire
files into an empty content folder; the median of several runs, files/s and peak memory.

    .venv/bin/python bench/ingest_bench.py                  # 1,000 files, 3 runs
    .venv/bin/python bench/ingest_bench.py --files 5000 --runs 5
    .venv/bin/python bench/ingest_bench.py --real --files 30000 --runs 1 --tree /path/to/other/checkout

--real: the real stories of ../shared/wire-corpus/dev cycled to N files (bench/realwire.py),
the bench's copy; else synthetic. --tree: also time that checkout's `invoke ingest` on the
same files, in the same run (before/after a change), with its ratio.

Writes bench/results/ingest.json and prints a Markdown table. Target: >= 1,000 files/s.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthwire import write_wire_files  # noqa: E402


def run_once(seeds: Path, content: Path, tree: Path = ROOT) -> tuple[float, int]:
    """One `invoke ingest` of `tree` (its tasks.py and plugins/, this venv) into an empty
    content folder; (seconds, peak RSS in KiB of the ingest process)."""
    shutil.rmtree(content, ignore_errors=True)
    invoke = ROOT / ".venv" / "bin" / "invoke"
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([str(invoke), "ingest", "--seeds", str(seeds), "--content", str(content)],
                                cwd=tree, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)      # this child's own peak, not every child's so far
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        if proc.returncode:
            err.seek(0)
            sys.exit(f"ingest failed:\n{err.read()[-2000:].decode(errors='replace')}")
    return seconds, usage.ru_maxrss


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--real", action="store_true", help="real corpus stories (bench/realwire.py), not synthetic")
    ap.add_argument("--tree", type=Path, help="another checkout, timed on the same files in the same run")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="wirepress-ingest-bench-"))
    trees = [("this checkout", ROOT)] + ([(str(args.tree), args.tree.resolve())] if args.tree else [])
    results = []
    try:
        seeds = work / "seeds"
        if args.real:
            import realwire
            realwire.write_wire_files(seeds, realwire.corpus_stories(), args.files)
        else:
            write_wire_files(seeds, args.files, seed=1)
        for label, tree in trees:
            times, peak = [], 0
            for _ in range(args.runs):
                seconds, kb = run_once(seeds, work / "content", tree)
                times.append(seconds)
                peak = max(peak, kb)
            median = statistics.median(times)
            results.append({"tree": label, "files": args.files, "real": args.real, "runs": args.runs,
                            "median_s": round(median, 3), "files_per_s": round(args.files / median, 1),
                            "peak_rss_mib": round(peak / 1024, 1), "cpus": os.cpu_count(),
                            "load_avg": os.getloadavg()[0]})
    finally:
        shutil.rmtree(work, ignore_errors=True)
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "ingest.json").write_text(json.dumps(results[0] if len(results) == 1 else results, indent=1))
    print("| tree | files | median wall (s) | files/s | ratio | peak RSS (MiB) | cores | load avg |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r['tree']} | {r['files']} | {r['median_s']} | {r['files_per_s']} "
              f"| {r['median_s'] / results[0]['median_s']:.2f} | {r['peak_rss_mib']} | {r['cpus']} "
              f"| {r['load_avg']:.1f} |")


if __name__ == "__main__":
    main()
