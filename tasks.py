"""Wirepress tasks (invoke), in the shape `pelican-quickstart` generates.

Thin: each task calls a plugin function, Pelican, rsync or ghp-import. `invoke --list` shows them.
Deployment settings below can be overridden with environment variables (WIREPRESS_*).
"""
from __future__ import annotations

import logging
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))

SETTINGS = {
    "seeds": ROOT / "seeds",
    "content": ROOT / "content",
    "output": ROOT / "output",
    "config": ROOT / "pelicanconf.py",
    "publishconf": ROOT / "publishconf.py",
    # The dev server watches these; a change rebuilds and reloads the browser.
    "watch": [ROOT / "seeds", ROOT / "content", ROOT / "theme", ROOT / "plugins",
              ROOT / "pelicanconf.py"],
    "host": "127.0.0.1",   # never 0.0.0.0 unless asked (--host)
    "port": 8000,
    # `invoke publish`: rsync over ssh to SSH_USER@SSH_HOST:SSH_PATH ...
    "ssh_host": os.environ.get("WIREPRESS_SSH_HOST", ""),   # e.g. "newsroom.example.org"
    "ssh_port": int(os.environ.get("WIREPRESS_SSH_PORT", "22")),
    "ssh_user": os.environ.get("WIREPRESS_SSH_USER", "deploy"),
    "ssh_path": os.environ.get("WIREPRESS_SSH_PATH", "/var/www/newsroom"),
    # ... or to any rsync destination (another folder, host::module) when this is set.
    "publish_target": os.environ.get("WIREPRESS_PUBLISH_TARGET", ""),
    # `invoke gh-pages`: ghp-import commits output/ to this branch and pushes it to this remote.
    "github_pages_branch": os.environ.get("WIREPRESS_GH_PAGES_BRANCH", "gh-pages"),
    "github_pages_remote": os.environ.get("WIREPRESS_GH_PAGES_REMOTE", "origin"),
    "commit_message": "Publish site on {date}",
}


def _build_or_exit(config: Path, **overrides) -> None:
    """One build (ingest + Pelican); a failed build exits non-zero after reporting why."""
    from buildreport.runner import run_build_and_leave

    # in a forked child, which leaves without freeing the build's objects one by one
    if run_build_and_leave(config, overrides or None, echo=lambda s: print(s, file=sys.stderr)):
        sys.exit(1)


@task(help={"seeds": "folder of raw wire files (default seeds/)",
            "content": "folder for the Markdown releases (default content/)",
            "force": "re-convert every wire file, even unchanged ones (editors' files are still kept, "
                     "deleted releases stay deleted)",
            "restore": "comma-separated wire file names (or '*') whose release an editor deleted: "
                       "convert them again",
            "strict": "exit non-zero when a wire file cannot be converted"})
def ingest(c, seeds=None, content=None, force=False, strict=False, restore=""):
    """Convert new or changed wire files into Markdown releases."""
    from pelican.settings import read_settings

    from buildreport.lock import DEFAULT_TIMEOUT, BuildLocked, build_lock
    from buildreport.progress import progress
    from wire import StrictIngestError, run_ingest

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    # the site's settings (time zone, language, year...), mapped to the ingest by the plugin's
    # own run_ingest: `invoke ingest` converts exactly as a build would
    settings = read_settings(str(SETTINGS["config"]), override={
        "WIRE_SEEDS_PATH": str(seeds or SETTINGS["seeds"]),
        "WIRE_CONTENT_PATH": str(content or SETTINGS["content"]),
        "WIRE_PROGRESS": progress, "WIRE_STRICT": bool(strict)})
    names = [n.strip() for n in (restore or "").split(",") if n.strip()]
    try:       # the same lock as a build: never two writers of content/ and its manifest
        with build_lock(settings.get("CACHE_PATH") or str(ROOT / ".cache" / "pelican"),
                        echo=lambda s: print(s, file=sys.stderr, flush=True),
                        timeout=settings.get("BUILD_LOCK_TIMEOUT", DEFAULT_TIMEOUT), what="ingest"):
            run_ingest(settings, force=force, restore=names)
    except (BuildLocked, StrictIngestError) as exc:
        sys.exit(str(exc))


@task(help={"strict": "fail the build when a wire file cannot be converted",
            "scheduler": "render the pages on the Dask cluster of this scheduler (tcp://HOST:8786), "
                         "whose workers see this folder at the same path; needs dask[distributed] "
                         "(README, 'Cold rebuilds in shards')"})
def build(c, strict=False, scheduler=None):
    """Ingest seeds/ and build the dev site (pelicanconf.py)."""
    # The wire plugin ingests seeds/ itself on Pelican's `initialized` signal.
    overrides = {"WIRE_STRICT": True} if strict else {}
    if scheduler:
        import importlib.util

        from fastbuild.shards import DASK_REQUIREMENT

        if importlib.util.find_spec("distributed") is None:      # said before reading the site
            sys.exit(f"build --scheduler: dask.distributed is not installed; install it with: "
                     f"pip install \"{DASK_REQUIREMENT}\"")
        overrides["FASTBUILD_SCHEDULER"] = scheduler     # plugins/fastbuild/shards.py
    _build_or_exit(SETTINGS["config"], **overrides)


@task
def clean(c):
    """Remove the generated site and caches."""
    from buildreport.lock import LOCK_NAME, build_lock

    cache = ROOT / ".cache"
    # Not under a running build: wait for it. The lock file itself stays (removing it
    # would let a second build lock a new file while the first still runs).
    with build_lock(cache / "pelican", echo=lambda s: print(s, file=sys.stderr, flush=True), what="clean"):
        out = SETTINGS["output"]
        if out.is_dir():
            for child in out.iterdir():
                if child.name != ".gitkeep":
                    shutil.rmtree(child) if child.is_dir() else child.unlink()
        for dirpath, dirnames, filenames in os.walk(cache, topdown=False):
            for name in filenames:
                if not (name == LOCK_NAME and Path(dirpath) == cache / "pelican"):
                    os.unlink(os.path.join(dirpath, name))
            for name in dirnames:
                try:
                    os.rmdir(os.path.join(dirpath, name))
                except OSError:      # the folder that keeps the lock file
                    pass


@task(help={"strict": "fail the build when a wire file cannot be converted"})
def rebuild(c, strict=False):
    """Clean, then build from scratch."""
    clean(c)
    build(c, strict=strict)


@task(help={"host": "address to listen on (default 127.0.0.1)",
            "port": "port to listen on (default 8000)"})
def serve(c, host=SETTINGS["host"], port=SETTINGS["port"]):
    """Serve output/ as it is (no rebuilds; see `livereload`)."""
    from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer

    class Handler(ComplexHTTPRequestHandler):
        base_path = str(SETTINGS["output"])

    server = RootedHTTPServer(str(SETTINGS["output"]), (host, int(port)), Handler)
    print(f"Serving {SETTINGS['output']} on http://{host}:{port}/ (Ctrl-C to stop)", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()


@task(help={"host": "address to listen on (default 127.0.0.1)",
            "port": "port to listen on (default 8000)"})
def livereload(c, host=SETTINGS["host"], port=SETTINGS["port"]):
    """Serve on 127.0.0.1:8000; rebuild and reload on every change."""
    from buildreport.devserver import serve as dev_serve

    dev_serve(ROOT, SETTINGS["config"], SETTINGS["output"], SETTINGS["watch"], host=host,
              port=int(port), written_by_build=[SETTINGS["content"]])


@task(help={"config": "settings file (default pelicanconf.py; production: publishconf.py)",
            "strict": "fail a build when a wire file cannot be converted (the watcher goes on)"})
def watch(c, config="", strict=False):
    """Watch seeds/ (and content/, theme/, the settings) and rebuild on every change, in one
    long-lived process: the production drop folder (see README, "Running it in production")."""
    import signal
    import threading

    from buildreport.watch import RESTART, serve_forever

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    stop, terminated = threading.Event(), threading.Event()

    def _stop(signum, frame):      # systemd's SIGTERM (or Ctrl-C): finish the build, then exit 0
        print(f"[watch] {signal.Signals(signum).name}: stopping after the build under way",
              file=sys.stderr, flush=True)
        terminated.set()
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    settings_file = Path(config).resolve() if config else SETTINGS["config"]
    # output/ is what the web server serves: never emptied before a build (publishconf.py's
    # DELETE_OUTPUT_DIRECTORY would take the whole site down for the length of each build),
    # and Pelican's content cache is used (publishconf.py turns it off for one-off builds).
    overrides = {"DELETE_OUTPUT_DIRECTORY": False, "LOAD_CONTENT_CACHE": True}
    if strict:
        overrides["WIRE_STRICT"] = True
    status = serve_forever(ROOT, settings_file, overrides=overrides, stop=stop,
                           echo=lambda s: print(s, file=sys.stderr, flush=True))
    if status == RESTART and not terminated.is_set():      # a settings file changed: start afresh
        os.execv(sys.executable, [sys.executable, "-m", "invoke", *sys.argv[1:]])
    sys.exit(0 if status == RESTART else status)


@task
def preview(c):
    """Build the production site (publishconf.py, absolute URLs)."""
    _build_or_exit(SETTINGS["publishconf"])


def _rsync_command(dry_run: bool = False) -> list[str]:
    out = f"{SETTINGS['output']}/"
    cmd = ["rsync", "--delete", "--exclude", ".DS_Store", "-pthrvz", "-c"]
    if dry_run:
        cmd.append("--dry-run")
    if SETTINGS["publish_target"]:
        return cmd + [out, SETTINGS["publish_target"]]
    dest = f"{SETTINGS['ssh_user']}@{SETTINGS['ssh_host']}:{SETTINGS['ssh_path'].rstrip('/')}/"
    return cmd + ["-e", f"ssh -p {SETTINGS['ssh_port']}", out, dest]


@task(help={"dry_run": "show what rsync would change, change nothing"})
def publish(c, dry_run=False):
    """Build for production and rsync output/ over ssh (see SETTINGS)."""
    if not (SETTINGS["publish_target"] or SETTINGS["ssh_host"]):
        sys.exit("publish: no target. Set WIREPRESS_SSH_HOST (and WIREPRESS_SSH_USER, "
                 "WIREPRESS_SSH_PATH) or WIREPRESS_PUBLISH_TARGET, or SETTINGS in tasks.py")
    preview(c)
    cmd = _rsync_command(dry_run)
    print("+ " + shlex.join(cmd), file=sys.stderr)
    sys.exit(subprocess.run(cmd).returncode)


@task(name="gh-pages", help={"push": "push the branch to the remote (default: yes)"})
def gh_pages(c, push=True):
    """Build for production and push it to gh-pages with ghp-import."""
    from datetime import datetime, timezone

    preview(c)
    msg = SETTINGS["commit_message"].format(date=datetime.now(timezone.utc).isoformat(timespec="seconds"))
    cmd = [sys.executable, "-m", "ghp_import", "-n", "-b", SETTINGS["github_pages_branch"],
           "-m", msg]
    if push:
        cmd += ["-p", "-r", SETTINGS["github_pages_remote"]]
    cmd.append(str(SETTINGS["output"]))
    print("+ " + shlex.join(cmd), file=sys.stderr)
    sys.exit(subprocess.run(cmd, cwd=ROOT).returncode)


@task(help={"args": "arguments passed on to the benchmark",
            "sizes": "release counts, e.g. 1000,10000 (passed on as --sizes)"})
def bench(c, args="", sizes=None):
    """Run the benchmark in bench/ (ingest and build timings)."""
    extra = shlex.split(args)
    if sizes:
        extra += ["--sizes", str(sizes)]
    if (ROOT / "bench" / "__main__.py").is_file():
        cmd = [sys.executable, "-m", "bench", *extra]
    elif (ROOT / "bench" / "run.py").is_file():
        cmd = [sys.executable, str(ROOT / "bench" / "run.py"), *extra]
    else:
        sys.exit("bench: no benchmark yet (expected bench/__main__.py or bench/run.py); "
                 "nothing was measured")
    sys.exit(subprocess.run(cmd, cwd=ROOT).returncode)


@task(help={"lang": "also start a catalog for this language code (e.g. fr)"})
def i18n(c, lang=""):
    """Extract the theme's interface strings into theme/translations/messages.pot and merge
    them into every catalog (new strings arrive untranslated; builds compile the .po files)."""
    translations = ROOT / "theme" / "translations"
    pybabel = [sys.executable, "-m", "babel.messages.frontend"]
    subprocess.run(pybabel + ["extract", "-F", str(ROOT / "babel.cfg"), "-o",
                              str(translations / "messages.pot"), "--no-location",
                              "--omit-header", "--sort-output", str(ROOT)], check=True, cwd=ROOT)
    if lang:
        subprocess.run(pybabel + ["init", "-i", str(translations / "messages.pot"), "-d",
                                  str(translations), "-l", lang], check=True)
    subprocess.run(pybabel + ["update", "-i", str(translations / "messages.pot"), "-d",
                              str(translations), "--width", "100", "--no-fuzzy-matching",
                              "--ignore-obsolete"], check=True)


@task(help={"k": "only tests matching this expression (pytest -k)"})
def test(c, k=None):
    """Run the whole test suite."""
    args = [sys.executable, "-m", "pytest", "-q"]
    if k:
        args += ["-k", k]
    os.execv(sys.executable, args)
