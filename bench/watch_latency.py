"""`invoke watch`: from a wire file's arrival in seeds/ to its page being served, at N real releases.

    .venv/bin/python bench/watch_latency.py --size 1000 --runs 5

Builds a site of N real releases (bench/realwire.py, ../shared/wire-corpus/dev cycled), starts
`invoke watch` on it as a real subprocess, serves its output/ over HTTP (http.server in a
thread), then `--runs` times drops one more real wire file the way FTP and rsync do (written
under a temporary name, then renamed into seeds/) and polls the web server until the new
release's page is served. Reports, per run and as medians: seconds from the rename to the
page served (HTTP 200), and to the end of the build (feeds, sitemaps, search index updated:
the watcher's own log line), and the watcher's peak memory (VmHWM). The work folder is a
temporary one (--keep to look at it). The corpus is copied into it, never into the project.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
import realwire  # noqa: E402

PY = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
COPY = ["pelicanconf.py", "publishconf.py", "tasks.py", "plugins", "theme"]


def make_site(folder: Path, n: int) -> None:
    folder.mkdir(parents=True)
    for item in COPY:
        src = ROOT / item
        if src.is_dir():
            shutil.copytree(src, folder / item, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, folder / item)
    shutil.copytree(ROOT / "content" / "pages", folder / "content" / "pages")
    (folder / "output").mkdir()
    realwire.write_wire_files(folder / "seeds", realwire.corpus_stories(), n)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def release_slug(content: Path, wire_name: str) -> str | None:
    for md in (content / "releases").glob("*.md"):
        try:
            head = md.read_text(encoding="utf-8", errors="replace").split("\n\n", 1)[0]
        except OSError:
            continue
        if re.search(rf"^Wire-Source:\s*{re.escape(wire_name)}\s*$", head, re.M):
            return md.stem
    return None


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            resp.read()
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


def peak_mib(pid: int) -> float:
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    args = ap.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="wirepress-watch-bench-"))
    site = work / "site"
    make_site(site, args.size)
    print(f"site of {args.size} real wire files in {site}", flush=True)
    t0 = time.monotonic()
    subprocess.run([PY, "-m", "invoke", "build"], cwd=site, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    print(f"cold `invoke build`: {time.monotonic() - t0:.1f} s", flush=True)

    log_path = work / "watch.log"
    log = open(log_path, "w")
    proc = subprocess.Popen([PY, "-m", "invoke", "watch"], cwd=site, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site / "output")))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}"

    def lines():
        return [ln for ln in log_path.read_text(errors="replace").splitlines()
                if ln.startswith("[watch] buil")]

    try:
        while not lines():
            if proc.poll() is not None:
                raise SystemExit(log_path.read_text())
            time.sleep(0.2)
        print(f"watch up; first (catch-up) build: {lines()[0][:120]}", flush=True)
        stories = realwire.corpus_stories()
        served, built = [], []
        for r in range(args.runs):
            time.sleep(2)
            n = len(lines())
            i = args.size + r
            staged = work / "incoming"
            path = realwire.write_copy_of(staged, stories, i % len(stories),
                                          copy=i // len(stories) + 1, i=i)
            tmp = site / "seeds" / f".{path.name}.Xa81Qz"      # as rsync names it while writing
            shutil.copyfile(path, tmp)
            start = time.monotonic()
            os.rename(tmp, site / "seeds" / path.name)
            page = None
            while time.monotonic() - start < 600:
                slug = release_slug(site / "content", path.name)
                if slug and status(f"{url}/releases/{slug}.html") == 200:
                    page = time.monotonic() - start
                    break
                time.sleep(0.02)
            while len(lines()) <= n and time.monotonic() - start < 600:
                time.sleep(0.02)
            done = time.monotonic() - start
            served.append(page if page is not None else float("nan"))
            built.append(done)
            print(f"run {r + 1}: page served {served[-1]:.2f} s after arrival, build done "
                  f"{done:.2f} s; {lines()[-1][:160]}", flush=True)
        med_page, med_done = statistics.median(served), statistics.median(built)
        print(f"\n| releases | runs | arrival -> page served, median s (min-max) | arrival -> build done "
              f"(feeds, search), median s | watcher peak MiB |")
        print("|---:|---:|---:|---:|---:|")
        print(f"| {args.size:,} | {args.runs} | {med_page:.2f} ({min(served):.2f}-{max(served):.2f}) | "
              f"{med_done:.2f} | {peak_mib(proc.pid):.0f} |")
        print(f"load average: {os.getloadavg()[0]:.2f}")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(120)
        httpd.shutdown()
        log.close()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
