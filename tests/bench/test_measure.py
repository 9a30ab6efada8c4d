"""bench/measure.py and bench/run.py's table: a build past its time limit is stopped, children
and all, and the table says so instead of losing the run."""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "plugins"))


def test_a_command_past_its_timeout_is_stopped_with_its_children(tmp_path):
    from measure import BuildStopped, timed_detail

    pidfile = tmp_path / "child.pid"
    # a shell whose child would outlive a kill of the shell alone
    cmd = ["sh", "-c", f"sleep 60 & echo $! > {pidfile}; wait"]
    t0 = time.monotonic()
    with pytest.raises(BuildStopped) as stopped:
        timed_detail(cmd, timeout=1.0)
    assert time.monotonic() - t0 < 10
    assert stopped.value.seconds >= 1.0
    child = int(pidfile.read_text())
    time.sleep(0.2)
    with pytest.raises(ProcessLookupError):    # gone (a zombie reaped by init would be gone too)
        for _ in range(50):
            os.kill(child, 0)
            time.sleep(0.1)


def test_a_command_within_its_timeout_is_timed_as_before():
    from measure import timed_detail

    seconds, _, detail = timed_detail(["sh", "-c", "sleep 0.2"], timeout=30)
    assert 0.2 <= seconds < 5 and "cpu_s" in detail


def test_the_table_shows_a_stopped_anchor_and_a_bounded_ratio():
    import run

    done = {"median_s": 10.0, "peak_mib": 100, "files_written": 5, "output_files": 7, "output_bytes": 2**20}
    ours = {k: dict(done) for k in run.CASES} | {"output_files": 7, "output_bytes": 2**20}
    plain = {"cold": {"stopped_s": 1500.0}, "stopped": "cold", "output_files": None, "output_bytes": None}
    hugo = {"cold": dict(done), "output_files": 7, "output_bytes": 2**20}
    result = {"releases": 100000, "runs": 1, "copy": "real", "ours": ours, "plain": plain, "hugo": hugo,
              "ingest": {"files_per_s": 170.0, "peak_mib": 600}, "pagefind_s": None,
              "ours_over_plain": {"cold": "< 0.01"}, "ours_over_hugo": {"cold": 1.0}}
    info = {"cpu": "x", "cores": 2, "memory": "1", "python": "3", "pelican": "4", "hugo": "hugo v0",
            "commit": "abc", "load_avg_start": (0.1,), "load_avg_end": (0.2,)}
    text = run.table([result], info)
    cold = next(line for line in text.splitlines() if "cold build" in line)
    assert "> 1500 (stopped)" in cold and "< 0.01" in cold and "| 1.00 |" in cold
    assert "100 / stopped / 100" in cold
    assert "7 / stopped / 7" in text
