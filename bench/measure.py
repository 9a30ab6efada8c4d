"""Time a command in a fresh process: wall seconds and its peak RSS (its own and its waited-for
children's, from wait4), and medians of several runs."""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time


class BuildFailed(RuntimeError):
    pass


def timed(cmd: list[str], cwd=None, env=None) -> tuple[float, float]:
    """(seconds, peak MiB) of one run; raises BuildFailed with the tail of stderr."""
    with open(os.devnull, "wb") as devnull:
        err = subprocess.PIPE
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=devnull, stderr=err)
        stderr = proc.stderr.read()          # drain before waiting (no pipe deadlock)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise BuildFailed(f"{' '.join(map(str, cmd))} exited {proc.returncode}:\n"
                          f"{stderr.decode(errors='replace')[-3000:]}")
    return seconds, usage.ru_maxrss / 1024    # ru_maxrss is in KiB on Linux


def summary(samples: list[tuple[float, float]]) -> dict:
    times = [s for s, _ in samples]
    return {"median_s": round(statistics.median(times), 3), "runs_s": [round(t, 3) for t in times],
            "peak_mib": round(max(m for _, m in samples), 1)}


def note(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)
