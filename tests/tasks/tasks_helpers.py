"""Helpers for the tasks / dev-server tests (tests/tasks): a temp copy of the project, a free port,
a running `invoke livereload`, and synthetic wire files."""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"   # Debian's package; Playwright never downloads a browser here
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
COPY_ITEMS = ["pelicanconf.py", "publishconf.py", "tasks.py", "plugins", "theme", "seeds"]
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache")


def copy_project(dest: Path, seeds: bool = True) -> Path:
    """A runnable copy of the project: settings, tasks, plugins, theme, seeds, hand-made content."""
    dest.mkdir(parents=True, exist_ok=True)
    for item in COPY_ITEMS:
        src = REPO / item
        if item == "seeds" and not seeds:
            (dest / "seeds").mkdir()
        elif src.is_dir():
            shutil.copytree(src, dest / item, ignore=IGNORE)
        elif src.exists():
            shutil.copy2(src, dest / item)
    # Hand-written content (pages, images) but not the releases the ingest generates.
    content = dest / "content"
    if (REPO / "content").is_dir():
        shutil.copytree(REPO / "content", content, ignore=shutil.ignore_patterns(
            "releases", ".wire-*", "__pycache__"))
    content.mkdir(exist_ok=True)
    (dest / "output").mkdir(exist_ok=True)
    return dest


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, timeout: float = 10.0) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status, resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def wait_for(predicate, timeout: float, interval: float = 0.1):
    """Poll until predicate() returns something truthy; return it, or None on timeout."""
    end = time.monotonic() + timeout
    while True:
        try:
            value = predicate()
        except (OSError, urllib.error.URLError):
            value = None
        if value:
            return value
        if time.monotonic() >= end:
            return None
        time.sleep(interval)


def invoke(project: Path, *args: str, env: dict | None = None, timeout: float = 240,
           check: bool = False) -> subprocess.CompletedProcess:
    """Run `invoke ARGS` in `project` with the venv's Python, as a user would."""
    run_env = dict(os.environ, **(env or {}))
    proc = subprocess.run([sys.executable, "-m", "invoke", *args], cwd=project, env=run_env,
                          capture_output=True, text=True, timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(f"invoke {' '.join(args)} failed ({proc.returncode}):\n"
                             f"{proc.stdout}\n{proc.stderr}")
    return proc


def wire_text(headline: str, city: str = "SPRINGFIELD", agency: str = "Acme Newswire",
              when: datetime | None = None, body: str = "") -> str:
    """A small plain wire story: headline line, then a dateline-led lead paragraph."""
    when = when or (datetime.now(timezone.utc) - timedelta(days=1))
    date = f"{when:%B} {when.day}, {when.year}"
    body = body or ("Acme Corp said on Tuesday it would open a new widget plant, "
                    "creating 200 jobs in the region.")
    return (f"{headline}\n\n{city}, {date} ({agency}) - {body}\n\n"
            "The company said the plant would start production next year.\n")


def release_for(content: Path, wire_name: str) -> dict | None:
    """Metadata of the release the ingest wrote for `wire_name` (TEAM contract 1), if any."""
    folder = content / "releases"
    if not folder.is_dir():
        return None
    for md in folder.glob("*.md"):
        try:
            text = md.read_text(encoding="utf-8")
        except OSError:
            continue
        head = text.split("\n\n", 1)[0]
        meta = dict(m.groups() for m in re.finditer(r"^([A-Za-z-]+):\s*(.*)$", head, re.M))
        if meta.get("Wire-Source") == wire_name:
            meta["_path"] = str(md)
            return meta
    return None


class DevServer:
    """`invoke livereload --port N` in a project copy, as a real subprocess."""

    def __init__(self, project: Path, port: int | None = None):
        self.project, self.port = project, port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = project / "devserver.log"
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 120) -> "DevServer":
        self._log = open(self.log_path, "w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "invoke", "livereload", "--port", str(self.port)],
            cwd=self.project, stdout=self._log, stderr=subprocess.STDOUT,
            start_new_session=True)   # our own process group: stop() ends the build children too
        ok = wait_for(lambda: self.proc.poll() is None and fetch(self.url + "/_build/", 2)[0] == 200,
                      timeout, interval=0.3)
        if not ok:
            self.stop()
            raise AssertionError(f"dev server did not come up:\n{self.log()}")
        return self

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        if getattr(self, "_log", None):
            self._log.close()


CITIES = ["SPRINGFIELD", "SHELBYVILLE", "OGDENVILLE", "CAPITAL CITY", "BROCKWAY", "NORTH HAVERBROOK",
          "LONDON", "PARIS", "BERLIN", "MADRID", "TOKYO", "SYDNEY", "TORONTO", "NAIROBI"]
AGENCIES = ["Acme Newswire", "Springfield Shopper Wire", "Globe Business Wire", "Metro Press Service"]
SUBJECTS = ["widget plant", "solar farm", "rail depot", "data centre", "bakery chain", "river bridge",
            "hospital wing", "school campus", "port terminal", "bus fleet"]
VERBS = ["opens", "expands", "closes", "sells", "renames", "rebuilds", "funds", "inspects"]


def synthetic_seeds(folder: Path, n: int, start: datetime | None = None) -> list[Path]:
    """`n` small, distinct plain wire files: a headline line and a dateline-led lead."""
    folder.mkdir(parents=True, exist_ok=True)
    start = start or datetime(2025, 1, 1, tzinfo=timezone.utc)
    paths = []
    for i in range(n):
        city, agency = CITIES[i % len(CITIES)], AGENCIES[i % len(AGENCIES)]
        subject, verb = SUBJECTS[i % len(SUBJECTS)], VERBS[(i // len(SUBJECTS)) % len(VERBS)]
        when = start + timedelta(hours=7 * i)
        headline = f"{city.title()} company {verb} {subject} number {i}"
        body = (f"A {city.title()} company {verb} its {subject} number {i}, the firm said on "
                f"{when:%A}, citing demand from {CITIES[(i + 3) % len(CITIES)].title()}.")
        path = folder / f"syn{i:05d}.txt"
        path.write_text(wire_text(headline, city=city, agency=agency, when=when, body=body),
                        encoding="utf-8")
        paths.append(path)
    return paths
