"""Wirepress tasks (invoke). Thin: each task calls a plugin function or Pelican."""
from __future__ import annotations

import logging
import os
import shutil
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
}


def _pelican(config: Path, **overrides):
    """Run Pelican once with a settings file (the same thing `pelican -s FILE` does)."""
    from pelican import Pelican
    from pelican.settings import read_settings

    settings = read_settings(str(config), override=overrides or None)
    Pelican(settings).run()


@task(help={"seeds": "folder of raw wire files (default seeds/)",
            "content": "folder for the Markdown releases (default content/)",
            "force": "re-convert every wire file, even unchanged ones (editors' files are still kept)",
            "strict": "exit non-zero when a wire file cannot be converted"})
def ingest(c, seeds=None, content=None, force=False, strict=False):
    """Convert new or changed wire files into Markdown releases."""
    from wire.ingest import ingest_folder

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    report = ingest_folder(Path(seeds or SETTINGS["seeds"]), Path(content or SETTINGS["content"]),
                           force=force)
    if strict and report.rejected:
        sys.exit(f"ingest: {len(report.rejected)} wire file(s) rejected (--strict)")


@task(help={"strict": "fail the build when a wire file cannot be converted"})
def build(c, strict=False):
    """Ingest seeds/, then build the site into output/ with pelicanconf.py."""
    # The wire plugin ingests seeds/ itself on Pelican's `initialized` signal.
    overrides = {"WIRE_STRICT": True} if strict else {}
    _pelican(SETTINGS["config"], **overrides)


@task
def clean(c):
    """Remove the generated site and caches."""
    out = SETTINGS["output"]
    if out.is_dir():
        for child in out.iterdir():
            if child.name != ".gitkeep":
                shutil.rmtree(child) if child.is_dir() else child.unlink()
    shutil.rmtree(ROOT / ".cache", ignore_errors=True)


@task(help={"k": "only tests matching this expression (pytest -k)"})
def test(c, k=None):
    """Run the whole test suite."""
    args = [sys.executable, "-m", "pytest", "-q"]
    if k:
        args += ["-k", k]
    os.execv(sys.executable, args)
