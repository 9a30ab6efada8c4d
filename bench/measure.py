"""Time a command in a fresh process: wall seconds and its peak memory, and medians of
several runs.

Peak memory is measured three ways: `wait4`'s ru_maxrss (the largest single process of the
tree: the build, its forked page writer, Pagefind), and, sampled every 50 ms from /proc, the
sum of the whole process tree's RSS and the sum of its PSS (the forked writer and Pagefind run
beside the build, so the machine needs their sum). The table reports the larger of ru_maxrss
(when it is above the bench process's own peak RSS, the high-water mark a fork before exec inherits) and the PSS sum: the forked writer shares the build's pages copy-on-write, and a sum of RSS
counts each shared page once per process, more than the machine holds (PSS splits a shared
page between the processes that share it). The RSS sum stays in the JSON (`tree_rss_mib`)."""
from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import threading
import time

PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024 if hasattr(os, "sysconf") else 4


class BuildFailed(RuntimeError):
    pass


class BuildStopped(RuntimeError):
    """The command ran past its time limit and was stopped (its whole process group)."""

    def __init__(self, seconds: float):
        super().__init__(f"stopped after {seconds:.0f} s")
        self.seconds = seconds


def _children(pid: int) -> list[int]:
    out = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children", encoding="ascii") as fh:
                out.extend(int(c) for c in fh.read().split())
    except (OSError, ValueError):
        pass
    return out


def _pss_kib(p: int) -> int:
    with open(f"/proc/{p}/smaps_rollup", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("Pss:"):
                return int(line.split()[1])
    raise ValueError("no Pss line")


def tree_kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of `pid` and all its descendants now, in KiB ((0, 0) once it is gone)."""
    rss = pss = 0
    todo, seen = [pid], set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            with open(f"/proc/{p}/statm", encoding="ascii") as fh:
                resident = int(fh.read().split()[1]) * PAGE_KIB
            try:
                proportional = _pss_kib(p)
            except (OSError, ValueError):      # no smaps_rollup (old kernel): RSS stands in
                proportional = resident
        except (OSError, ValueError, IndexError):
            continue
        rss, pss = rss + resident, pss + proportional
        todo.extend(_children(p))
    return rss, pss


def tree_rss_kib(pid: int) -> int:
    """RSS of `pid` and all its descendants now, in KiB (0 once it is gone)."""
    return tree_kib(pid)[0]


class _Sampler(threading.Thread):
    def __init__(self, pid: int, every: float = 0.05):
        super().__init__(daemon=True)
        self.pid, self.every, self.peak_kib, self.peak_pss_kib = pid, every, 0, 0
        self.stop = threading.Event()

    def run(self):
        while not self.stop.is_set():
            rss, pss = tree_kib(self.pid)
            self.peak_kib = max(self.peak_kib, rss)
            self.peak_pss_kib = max(self.peak_pss_kib, pss)
            self.stop.wait(self.every)


def timed(cmd: list[str], cwd=None, env=None) -> tuple[float, float]:
    """(seconds, peak MiB) of one run; raises BuildFailed with the tail of stderr."""
    sec, peak, _ = timed_detail(cmd, cwd, env)
    return sec, peak


def timed_detail(cmd: list[str], cwd=None, env=None,
                 timeout: float | None = None) -> tuple[float, float, dict]:
    """(seconds, peak MiB, {"maxrss_mib": wait4's, "tree_mib": the sampled PSS sum,
    "tree_rss_mib": the sampled RSS sum, "cpu_s"}). Past `timeout` seconds the command's
    process group is killed and BuildStopped raised (an anchor's build at 100,000 releases
    must not hold the whole run hostage)."""
    # this process's peak RSS: a fork copies its high-water mark, which ru_maxrss then reports
    floor_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with open(os.devnull, "wb") as devnull:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=devnull, stderr=subprocess.PIPE,
                                start_new_session=timeout is not None)
        sampler = _Sampler(proc.pid)
        sampler.start()
        stopper, fired = None, threading.Event()
        if timeout is not None:
            stopper = threading.Timer(timeout, _kill_group, (proc.pid, fired))
            stopper.start()
        stderr = proc.stderr.read()          # drain before waiting (no pipe deadlock)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        if stopper is not None:
            stopper.cancel()
        sampler.stop.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
    if fired.is_set():
        raise BuildStopped(seconds)
    if proc.returncode:
        raise BuildFailed(f"{' '.join(map(str, cmd))} exited {proc.returncode}:\n"
                          f"{stderr.decode(errors='replace')[-3000:]}")
    detail = {"maxrss_mib": round(usage.ru_maxrss / 1024, 1),     # KiB on Linux
              "tree_mib": round(sampler.peak_pss_kib / 1024, 1)}
    # ru_maxrss counts the fork of this (the bench's) process before it execs the command: at
    # or under that RSS it says nothing of the command (every small build read "282 MiB")
    real_max = usage.ru_maxrss > floor_kib * 1.05
    peak = max(detail["tree_mib"], detail["maxrss_mib"] if real_max else 0)
    detail["tree_rss_mib"] = round(sampler.peak_kib / 1024, 1)
    # CPU seconds of the tree (user + system): what a loaded, shared machine does not inflate
    detail["cpu_s"] = round(usage.ru_utime + usage.ru_stime, 3)
    return seconds, peak, detail


def _kill_group(pid: int, fired: threading.Event) -> None:
    fired.set()
    try:
        os.killpg(pid, 9)
    except OSError:       # already gone
        pass


def summary(samples: list[tuple[float, float]]) -> dict:
    times = [s for s, _ in samples]
    return {"median_s": round(statistics.median(times), 3), "runs_s": [round(t, 3) for t in times],
            "peak_mib": round(max(m for _, m in samples), 1)}


def note(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)
