"""plugins/nochange.py: the build runner decides "nothing changed" before Pelican is imported,
and every change that must force a build still does: an edit of the settings file (and of a
file it imports), a theme edit, a plugin edit, a deleted output file, an embargo lifting, a new
wire file. Each build runs in a fresh process through buildreport.runner.run_build, as
`invoke build` does, with a settings file of the test's own (the project's, imported)."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
from synthwire import write_wire_files  # noqa: E402

RUN = """
import json, sys
sys.path[:0] = [sys.argv[1], sys.argv[1] + "/plugins"]
from buildreport.runner import run_build
rep = run_build(sys.argv[2], json.loads(sys.argv[3]), echo=lambda line: print(line, file=sys.stderr))
print(json.dumps({"ok": rep.ok, "skipped": rep.skipped, "pelican": "pelican" in sys.modules}))
"""

CONF = """import os, sys
sys.path.append(os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: F401,F403,E402 (the project's settings)
from local_settings import *  # noqa: F401,F403 (a file the settings file imports)
PLUGINS = PLUGINS + ["stamp"]
SITESUBTITLE = {subtitle!r}
"""


@dataclass
class Site:
    root: Path
    overrides: dict = field(default_factory=dict)

    def build(self) -> dict:
        done = subprocess.run([sys.executable, "-c", RUN, str(ROOT), str(self.root / "conf.py"),
                               json.dumps(self.overrides)], cwd=ROOT, capture_output=True, text=True,
                              timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]
        result = json.loads(done.stdout.strip().splitlines()[-1])
        assert result["ok"], done.stderr[-3000:]
        result["log"] = done.stderr
        return result

    def skipped_early(self) -> None:
        """The next build is the early skip: Pelican not imported, output/ untouched."""
        before = tree(self.root / "output")
        result = self.build()
        assert result["skipped"] and not result["pelican"], result["log"][-2000:]
        assert "nothing changed since the last build" in result["log"]
        assert tree(self.root / "output") == before

    def built(self) -> dict:
        result = self.build()
        assert not result["skipped"] and result["pelican"], result["log"][-2000:]
        return result

    def page(self, rel: str) -> str:
        return (self.root / "output" / rel).read_text(encoding="utf-8")


def tree(folder: Path) -> dict:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file() and "_build" not in p.parts}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("nochange")
    write_wire_files(root / "seeds", 4, seed=11)
    shutil.copytree(ROOT / "theme", root / "theme")
    (root / "plugins").mkdir()
    (root / "plugins" / "stamp.py").write_text("def register():\n    pass\n")
    (root / "conf.py").write_text(CONF.format(subtitle="Wire copy"))
    (root / "local_settings.py").write_text("SITENAME = 'Newsroom One'\n")
    (root / "content").mkdir()
    s = Site(root, {"PATH": str(root / "content"), "OUTPUT_PATH": str(root / "output"),
                    "WIRE_SEEDS_PATH": str(root / "seeds"), "WIRE_CONTENT_PATH": str(root / "content"),
                    "CACHE_PATH": str(root / "cache"), "THEME": str(root / "theme"), "PAGEFIND": False,
                    "PLUGIN_PATHS": [str(ROOT / "plugins"), str(root / "plugins")]})
    first = s.built()
    assert "4 converted" in first["log"]
    return s


def test_01_nothing_changed_is_decided_before_pelican_is_imported(site):
    site.skipped_early()
    site.skipped_early()


def test_02_settings_file_edit(site):
    (site.root / "conf.py").write_text(CONF.format(subtitle="Checked wire copy"))
    site.built()
    assert "Checked wire copy" in site.page("index.html")
    site.skipped_early()


def test_03_edit_of_a_file_the_settings_file_imports(site):
    (site.root / "local_settings.py").write_text("SITENAME = 'Newsroom Two'\n")
    site.built()
    assert "Newsroom Two" in site.page("index.html")
    site.skipped_early()


def test_04_theme_edit(site):
    base = site.root / "theme" / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace(
        "<footer class=\"site-footer\">", "<footer class=\"site-footer\" data-edited=\"yes\">"), encoding="utf-8")
    site.built()
    assert 'data-edited="yes"' in site.page("index.html")
    site.skipped_early()


def test_05_plugin_edit(site):
    (site.root / "plugins" / "stamp.py").write_text("def register():\n    pass  # edited\n")
    site.built()
    site.skipped_early()


def test_06_deleted_output_file(site):
    page = sorted((site.root / "output" / "releases").glob("*.html"))[0]
    page.unlink()
    site.built()
    assert page.exists()
    site.skipped_early()


def test_07_new_wire_file(site):
    write_wire_files(site.root / "pool", 5, seed=11)
    shutil.copy2(site.root / "pool" / "wire-00004.txt", site.root / "seeds" / "wire-00004.txt")
    assert "1 converted" in site.built()["log"]
    site.skipped_early()


def test_08_embargo_lifts(site):
    due = time.time() + 30
    (site.root / "content" / "releases" / "embargoed.md").write_text(
        "Title: Embargoed figures\nDate: " + time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(due))
        + "\nCategory: News\nSlug: embargoed\n\nEmbargoed figures. A paragraph.\n", encoding="utf-8")
    site.built()
    assert time.time() < due, "the build took longer than the embargo: this test needs a larger margin"
    assert not (site.root / "output" / "releases" / "embargoed.html").exists()
    site.skipped_early()                 # before it lifts, nothing to do
    time.sleep(max(0.0, due - time.time() + 1))
    site.built()
    assert (site.root / "output" / "releases" / "embargoed.html").exists()
    site.skipped_early()
