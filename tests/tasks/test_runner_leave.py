"""buildreport.runner.run_build_and_leave: `invoke build`'s build in a forked child that leaves
by os._exit (the interpreter never frees the build's objects one by one), while the caller goes
on (`invoke build publish`). Each case runs in a fresh interpreter, as invoke's does."""
from __future__ import annotations

import subprocess
import sys
import textwrap

from tasks_helpers import REPO, copy_project, wire_text

CALLER = textwrap.dedent("""
    import sys
    sys.path.insert(0, {plugins!r})
    from buildreport.runner import run_build_and_leave
    print("before the build", end="")          # buffered, not yet flushed: said once, not twice
    code = run_build_and_leave({config!r}, {overrides!r}, echo=lambda s: print(s, file=sys.stderr))
    # the caller goes on, holding none of the build: Pelican was imported by the child only
    print("\\nafter the build:", code, "pelican imported here:", "pelican" in sys.modules)
""")


def call(config, overrides=None) -> subprocess.CompletedProcess:
    script = CALLER.format(plugins=str(REPO / "plugins"), config=str(config), overrides=overrides)
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)


def test_a_build_in_a_child_that_leaves_and_the_caller_goes_on(tmp_path):
    proj = copy_project(tmp_path / "p", seeds=False)
    (proj / "seeds" / "story.txt").write_text(wire_text("Widget maker opens a plant in Oslo"),
                                             encoding="utf-8")
    paths = {"PATH": str(proj / "content"), "OUTPUT_PATH": str(proj / "output"),
             "WIRE_SEEDS_PATH": str(proj / "seeds"), "WIRE_CONTENT_PATH": str(proj / "content"),
             "CACHE_PATH": str(tmp_path / "cache")}
    done = call(proj / "pelicanconf.py", paths)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.count("before the build") == 1, done.stdout
    assert "after the build: 0 pelican imported here: False" in done.stdout, done.stdout
    assert "1 converted" in done.stderr                     # the child's report, said
    assert list((proj / "output" / "releases").glob("*.html"))   # every file written before it left
    assert (tmp_path / "cache" / "ArticlesGenerator-Readers").is_file()   # Pelican's cache too
    # the next build finds the record the child saved: nothing changed
    again = call(proj / "pelicanconf.py", paths)
    assert "after the build: 0" in again.stdout and "nothing changed" in again.stderr.lower(), again.stderr


def test_a_failed_build_is_status_1_and_the_caller_goes_on(tmp_path):
    conf = tmp_path / "broken.py"
    conf.write_text("SITENAME = (\n")
    done = call(conf)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "after the build: 1" in done.stdout
    assert "SyntaxError" in done.stderr
