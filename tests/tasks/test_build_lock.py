"""Two builds at once on one project (an editor's `invoke build` while the dev server's
rebuild runs, in either order) must both succeed, one after the other, and leave content/,
the manifest, Pelican's cache and output/ as one build leaves them. Real processes."""
from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import subprocess
import sys
import time

import feedparser
import pytest

from tasks_helpers import copy_project, wire_text

LOCK = os.path.join(".cache", "pelican", "build.lock")


def _start(project, kind):
    if kind == "invoke build":
        cmd = [sys.executable, "-m", "invoke", "build"]
    else:       # what the dev server runs for every rebuild (buildreport.devserver)
        cmd = [sys.executable, "-m", "buildreport.runner", "pelicanconf.py", "--report-dir", "output"]
    env = dict(os.environ, PYTHONPATH=str(project / "plugins"))
    return subprocess.Popen(cmd, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def _locked(project) -> bool:
    """Is the build lock held right now (by someone else)?"""
    path = project / LOCK
    if not path.exists():
        return False
    with open(path) as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(fh, fcntl.LOCK_UN)
        return False


def _parent_of(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as fh:
            return next(int(line.split()[1]) for line in fh if line.startswith("PPid:"))
    except (OSError, StopIteration):
        return None


@pytest.fixture
def project(tmp_path):
    proj = copy_project(tmp_path / "p", seeds=False)
    for i in range(40):
        (proj / "seeds" / f"w{i:02d}.txt").write_text(wire_text(f"Harbor story number {i} for the lock"),
                                                     encoding="utf-8")
    return proj


@pytest.mark.parametrize("first,second", [("invoke build", "dev server rebuild"),
                                          ("dev server rebuild", "invoke build")])
def test_a_second_build_waits_for_the_first_and_both_succeed(project, first, second):
    a = _start(project, first)
    deadline = time.monotonic() + 120
    while not _locked(project) and a.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert _locked(project), "the first build never took the lock"
    # the lock names the process that holds it: the first one's own, or (`invoke build`:
    # buildreport.runner.run_build_and_leave) the child it forked to build in
    holder = None
    while holder is None and time.monotonic() < deadline:     # written just after the flock
        text = (project / LOCK).read_text().split()
        holder = int(text[0]) if text else time.sleep(0.01)
    assert holder == a.pid or _parent_of(holder) == a.pid, (holder, a.pid)
    b = _start(project, second)
    out_a, err_a = a.communicate(timeout=300)
    out_b, err_b = b.communicate(timeout=300)
    assert a.returncode == 0, err_a[-3000:]
    assert b.returncode == 0, err_b[-3000:]
    assert f"another build is running (pid {holder})" in err_b and "waiting" in err_b
    assert "another build" not in err_a

    releases = sorted(p.name for p in (project / "content" / "releases").glob("*.md"))
    assert len(releases) == 40 and not [n for n in releases if n.endswith("-2.md")]
    manifest = sqlite3.connect(project / "content" / ".wire-manifest.sqlite")
    assert manifest.execute("SELECT count(*) FROM files").fetchone()[0] == 40
    assert not (project / "content" / ".wire-manifest.journal").exists()
    leftovers = [p for p in project.rglob("*") if p.name.endswith(".tmp") and ".venv" not in p.parts]
    assert not leftovers, leftovers
    feed = feedparser.parse((project / "output" / "feeds" / "all.atom.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) == 40
    assert len(list((project / "output" / "releases").glob("*.html"))) == 40


def test_a_build_that_cannot_get_the_lock_in_time_fails_clearly(project):
    path = project / LOCK
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        fh.write("4242\n")
        fh.flush()
        with open(project / "pelicanconf.py", "a") as conf:
            conf.write("\nBUILD_LOCK_TIMEOUT = 1\n")
        done = subprocess.run([sys.executable, "-m", "invoke", "build"], cwd=project, capture_output=True,
                              text=True, timeout=120)
    assert done.returncode == 1
    assert "another build is running (pid 4242), waiting" in done.stderr
    assert "is still running after 1 s; not building" in done.stderr
    assert not (project / "content" / "releases").exists()


def test_the_lock_is_released_when_a_build_is_killed(project):
    """flock dies with its process: a kill -9 leaves no stale lock."""
    a = _start(project, "invoke build")
    deadline = time.monotonic() + 120
    while not _locked(project) and time.monotonic() < deadline:
        time.sleep(0.02)
    a.kill()
    a.communicate()
    time.sleep(0.5)
    assert not _locked(project)
