"""A cold rebuild (every page rendered again, as after a theme change) of N real releases:
the default writer (parallel.py: two forked processes) vs pages rendered in local shards
(plugins/fastbuild/shards.py, one process per shard) vs a two-worker Dask LocalCluster.

    .venv/bin/python bench/shards_bench.py --sizes 1000 --runs 2 [--shards 2] [--pagefind]

Each build is `invoke build`'s path (bench/build_once.py ours) in a fresh process, timed from
outside: wall seconds, and CPU seconds of every process that worked on it (the build, its
forked writer or shard processes, and for Dask the cluster's worker processes and the shard
processes they started). The site is ingested and built once first, so every timed build
starts as a theme change does: releases in content/, Pelican's content cache valid, output/
empty (and fastbuild's record gone), so every page is rendered. Pagefind is off unless
--pagefind (it runs once, in the main process, the same in every configuration).
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import realwire  # noqa: E402


def cpu_of(pids) -> float:
    import psutil

    total = 0.0
    for pid in pids:
        try:
            t = psutil.Process(pid).cpu_times()
            total += t.user + t.system + t.children_user + t.children_system
        except psutil.NoSuchProcess:
            pass
    return total


def timed_build(site: Path, extra: list[str], workers=()) -> tuple[float, float]:
    """(wall s, CPU s) of one build of `site`, its output emptied first."""
    shutil.rmtree(site / "output", ignore_errors=True)
    for state in (site / "cache").glob("fastbuild-*.json"):
        state.unlink()
    cmd = [sys.executable, str(ROOT / "bench" / "build_once.py"), "ours", str(site), *extra]
    before = cpu_of(workers)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status):
        raise RuntimeError(f"build failed:\n{err.decode(errors='replace')[-3000:]}")
    return wall, usage.ru_utime + usage.ru_stime + cpu_of(workers) - before


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000")
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--shards", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--pagefind", action="store_true")
    ap.add_argument("--only", default="default,local,dask")
    args = ap.parse_args(argv)
    from dask.distributed import LocalCluster

    rows = []
    stories = realwire.corpus_stories()
    with tempfile.TemporaryDirectory(prefix="shards-bench-") as tmp, \
            LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cl:
        import psutil

        workers = [p.pid for p in psutil.Process().children() if "python" in p.name()]
        configs = {"default": [],
                   "local": ["--set", f"FASTBUILD_SHARDS={args.shards}", "--set", "FASTBUILD_SHARDS_MIN=1"],
                   "dask": ["--set", f'FASTBUILD_SCHEDULER="{cl.scheduler_address}"']}
        configs = {k: v for k, v in configs.items() if k in args.only.split(",")}
        for n in (int(s) for s in args.sizes.split(",")):
            site = Path(tmp) / f"site{n}"
            realwire.write_wire_files(site / "seeds", stories, n)
            base = ["--pagefind"] if args.pagefind else []
            timed_build(site, base)                     # ingest + content cache
            samples = {k: [] for k in configs}
            for _ in range(args.runs):                  # interleaved: the machine's load moves
                for name, extra in configs.items():
                    samples[name].append(timed_build(site, base + extra, workers if name == "dask" else ()))
                    print(f"{n} {name}: {samples[name][-1][0]:.1f} s wall, {samples[name][-1][1]:.1f} s CPU",
                          file=sys.stderr, flush=True)
            for name, got in samples.items():
                rows.append((n, name, statistics.median(w for w, _ in got), statistics.median(c for _, c in got),
                             [round(w, 1) for w, _ in got]))
    print("| releases | configuration | wall s (median) | CPU s (median) | runs wall s |")
    print("|---:|---|---:|---:|---|")
    label = {"default": "default (forked writer, 2 processes)",
             "local": f"local shards ({args.shards} processes)",
             "dask": "Dask LocalCluster (2 workers x 1 thread)"}
    for n, name, wall, cpu, runs in rows:
        print(f"| {n:,} | {label[name]} | {wall:.1f} | {cpu:.1f} | {runs} |")
    print(f"\nload average at the end: {os.getloadavg()[0]:.2f} (2 cores: {os.cpu_count()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
