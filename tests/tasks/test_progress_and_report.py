"""The progress helper (rich bar in a terminal, plain lines in CI) and the /_build/ report."""
from __future__ import annotations

import io
import re

import pytest

from buildreport import progress as prog
from buildreport.report import BuildReport, now, render_html
from buildreport.runner import run_build
from tasks_helpers import copy_project, wire_text
from wire.ingest import IngestReport


class Tty(io.StringIO):
    def isatty(self):
        return True


def test_small_loops_stay_quiet():
    out = io.StringIO()
    assert list(prog.progress(range(50), label="ingest", stream=out)) == list(range(50))
    assert out.getvalue() == ""


def test_plain_lines_in_ci_with_counts_and_rate(monkeypatch):
    monkeypatch.setenv("CI", "true")
    out = Tty()          # even on a terminal, CI gets plain lines
    items = list(prog.progress(iter(range(1000)), total=1000, label="ingest", stream=out))
    assert items == list(range(1000))
    lines = out.getvalue().splitlines()
    assert 5 <= len(lines) <= 12, lines            # a few lines, not one per file
    assert re.fullmatch(r"ingest: 1000/1000 \(100%\) [\d.]+/s", lines[-1])
    assert "\x1b[" not in out.getvalue()           # no terminal control codes in logs


def test_rich_bar_in_an_interactive_terminal(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    out = Tty()
    assert sum(prog.progress(range(400), total=400, label="ingest", stream=out)) == sum(range(400))
    text = out.getvalue()
    assert "ingest" in text and "400/400" in text and "/s" in text
    assert "━" in text                              # rich's bar


def _build_four_stories(tmp_path, monkeypatch, **settings):
    """run_build() of a copy of the project with four wire stories, the meters' threshold
    lowered to three, in CI's plain-line mode."""
    monkeypatch.setenv("CI", "true")
    monkeypatch.setattr(prog, "THRESHOLD", 3)
    proj = copy_project(tmp_path / "p", seeds=False)
    for i in range(4):
        (proj / "seeds" / f"story{i}.txt").write_text(
            wire_text(f"Progress story number {i} about widgets"), encoding="utf-8")
    monkeypatch.chdir(proj)
    rep = run_build(proj / "pelicanconf.py", {
        "PATH": str(proj / "content"), "OUTPUT_PATH": str(proj / "output"),
        "WIRE_SEEDS_PATH": str(proj / "seeds"), "WIRE_CONTENT_PATH": str(proj / "content"),
        "CACHE_PATH": str(tmp_path / "cache"), **settings})
    return rep, proj


def test_pelican_phases_show_progress_in_a_real_build(tmp_path, monkeypatch, capsys):
    """A real build of a small site with the threshold lowered: reading and writing are counted."""
    rep, proj = _build_four_stories(tmp_path, monkeypatch)
    err = capsys.readouterr().err
    assert rep.ok, rep.error
    assert rep.converted == 4
    assert "write releases: 4/4 (100%)" in err
    assert "read releases: 4/4 (100%)" in err
    assert "ingest: 4/4 (100%)" in err              # the wire ingest calls our progress()
    assert (proj / "output" / "_build" / "index.html").is_file()


def test_report_page_escapes_wire_file_names_and_reasons():
    rep = BuildReport(started=now(), seconds=1.5)
    rep.add_ingest(IngestReport(converted=["a", "b"], unchanged=[], kept=["c"],
                                rejected=[("<script>x.txt", "bad & <b>ugly</b>")], seconds=0.25))
    html = render_html(rep)
    assert "<script>x.txt" not in html and "&lt;script&gt;x.txt" in html
    assert "bad &amp; &lt;b&gt;ugly&lt;/b&gt;" in html
    assert "<td>2</td><td>0</td><td>1</td><td>1</td>" in html
    assert "1.50 s" in html


def test_unreadable_settings_still_write_the_report(tmp_path):
    conf = tmp_path / "broken.py"
    conf.write_text("SITENAME = (\n")
    rep = run_build(conf, report_dir=tmp_path / "out", echo=lambda s: None)
    assert not rep.ok and "SyntaxError" in rep.error
    page = (tmp_path / "out" / "_build" / "index.html").read_text()
    assert "FAILED" in page and "SyntaxError" in page


def test_the_terminal_says_a_failure_before_the_page_shows_it(tmp_path):
    """The dev server's terminal and /_build/ tell the same failure; a reader who sees the page
    (CI's dev-server test did, in the window between them) must find it said already."""
    conf = tmp_path / "broken.py"
    conf.write_text("SITENAME = (\n")
    page = tmp_path / "out" / "_build" / "index.html"
    said = []
    run_build(conf, report_dir=tmp_path / "out",
              echo=lambda s: said.append((s, page.exists())))
    assert any("SyntaxError" in s for s, _ in said)
    assert not any(existed for s, existed in said if "SyntaxError" in s)
    assert page.exists()


def test_count_reaches_total_under_zip(monkeypatch):
    """zip() never resumes the generator after the last name: the count must still end at total."""
    monkeypatch.setenv("CI", "true")
    out = io.StringIO()
    names = [f"f{i}" for i in range(300)]
    pairs = list(zip(names, prog.progress(iter(range(300)), 300, "ingest", stream=out)))
    assert len(pairs) == 300
    assert out.getvalue().splitlines()[-1].startswith("ingest: 300/300 (100%)")


def test_report_page_lists_converted_and_kept_files_in_the_sites_look():
    import re
    from pathlib import Path

    rep = BuildReport(started=now(), seconds=0.5)
    rep.add_ingest(IngestReport(converted=["seeds/a.txt", "<b>b.xml"], unchanged=[],
                                kept=["edited.txt"], rejected=[], seconds=0.1))
    html = render_html(rep)
    converted = html.split('id="converted-files"', 1)[1].split("</details>", 1)[0]
    assert "<code>a.txt</code>" in converted and "&lt;b&gt;b.xml" in converted
    assert "<b>b.xml" not in html
    assert "<code>edited.txt</code>" in html.split('id="kept-files"', 1)[1].split("</details>", 1)[0]
    # the site's palette (light and dark), inlined: the page renders when the theme is broken
    css = (Path(__file__).resolve().parents[2] / "theme" / "static" / "css" / "site.css").read_text()
    for name in ("bg", "fg", "accent", "rule", "panel"):
        for value in re.findall(rf"--{name}: (#[0-9a-f]{{6}})", css)[:2]:
            assert f"--{name}:{value}" in html, (name, value)
    assert 'class="site-header"' in html and "stylesheet" not in html


def test_a_forked_page_writer_prints_no_second_progress(tmp_path, monkeypatch, capfd):
    """fastbuild forks a second page writer (FASTBUILD_PARALLEL_MIN lowered so four releases
    do): it runs the same signals, but the meters belong to the build's own process, so the
    writing phase is counted once. (capfd: the child writes to the same file descriptor.)"""
    import os

    forks = []
    real_fork = os.fork

    def counted_fork():
        pid = real_fork()
        if pid:
            forks.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counted_fork)
    rep, _ = _build_four_stories(tmp_path, monkeypatch, FASTBUILD_PARALLEL_MIN=1, FASTBUILD_WORKERS=2)
    err = capfd.readouterr().err
    assert rep.ok, rep.error
    assert forks, "the build did not fork a second writer: the test would prove nothing"
    writes = [line for line in err.splitlines() if line.startswith("write releases:")]
    assert [line.split(" (")[0] for line in writes] == [f"write releases: {n}/4" for n in (1, 2, 3, 4)], err
