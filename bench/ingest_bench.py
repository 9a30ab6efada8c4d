"""Ingest speed: `invoke ingest` (a fresh process, as a user runs it) over N synthetic wire
files into an empty content folder; the median of several runs, files/s and peak memory.

    .venv/bin/python bench/ingest_bench.py                  # 1,000 files, 3 runs
    .venv/bin/python bench/ingest_bench.py --files 5000 --runs 5

Writes bench/results/ingest.json and prints a Markdown table. Target: >= 1,000 files/s.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
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


def run_once(seeds: Path, content: Path) -> tuple[float, int]:
    shutil.rmtree(content, ignore_errors=True)
    invoke = ROOT / ".venv" / "bin" / "invoke"
    start = time.perf_counter()
    proc = subprocess.run([str(invoke), "ingest", "--seeds", str(seeds), "--content", str(content)],
                          cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode:
        sys.exit(f"ingest failed:\n{proc.stderr[-2000:]}")
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, peak_kb


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="wirepress-ingest-bench-"))
    try:
        seeds = work / "seeds"
        write_wire_files(seeds, args.files, seed=1)
        times, peak = [], 0
        for _ in range(args.runs):
            seconds, peak = run_once(seeds, work / "content")
            times.append(seconds)
        median = statistics.median(times)
        result = {"files": args.files, "runs": args.runs, "median_s": round(median, 3),
                  "files_per_s": round(args.files / median, 1), "peak_rss_mib": round(peak / 1024, 1),
                  "cpus": os.cpu_count(), "load_avg": os.getloadavg()[0]}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "ingest.json").write_text(json.dumps(result, indent=1))
    print("| files | median wall (s) | files/s | peak RSS (MiB) | cores | load avg |")
    print("|---:|---:|---:|---:|---:|---:|")
    print(f"| {result['files']} | {result['median_s']} | {result['files_per_s']} | {result['peak_rss_mib']} "
          f"| {result['cpus']} | {result['load_avg']:.1f} |")


if __name__ == "__main__":
    main()
