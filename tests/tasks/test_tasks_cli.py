"""tasks.py through the real `invoke` command line, in temp copies of the project.

Publishing goes to a local rsync folder and a local bare git repository, never a network.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from tasks_helpers import DevServer, copy_project, fetch, free_port, invoke, wait_for, wire_text

TASKS = ["ingest", "build", "rebuild", "clean", "serve", "livereload", "preview", "publish",
         "gh-pages", "bench", "test"]
SITEURL = "https://preview.wirepress.test"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("cli"))


def test_list_shows_every_task_with_a_one_line_help(project):
    out = invoke(project, "--list", check=True).stdout
    listed = dict(re.findall(r"^\s+([a-z-]+)\s+(.*\S)?\s*$", out, re.M))
    for name in TASKS:
        assert name in listed, f"`invoke --list` lacks {name}:\n{out}"
        assert listed[name], f"task {name} has no help line"


def test_livereload_and_serve_have_host_and_port_defaulting_to_loopback(project):
    import inspect

    import tasks

    for name in ("livereload", "serve"):
        out = invoke(project, "--help", name, check=True).stdout
        assert "--host" in out and "--port" in out, out
        params = inspect.signature(getattr(tasks, name).body).parameters
        assert params["host"].default == "127.0.0.1" and params["port"].default == 8000


def test_build_writes_dev_report_and_preview_writes_absolute_urls_without_it(project):
    out = project / "output"
    invoke(project, "build", check=True)
    assert (out / "_build" / "index.html").is_file()      # dev build: the report page
    index = (out / "index.html").read_text(encoding="utf-8")
    assert SITEURL not in index

    invoke(project, "preview", env={"WIREPRESS_SITEURL": SITEURL}, check=True)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert re.search(rf'href="{re.escape(SITEURL)}/releases/[^"]+\.html"', index), \
        "preview should link releases with publishconf.py's absolute SITEURL"
    assert not (out / "_build").exists(), "the /_build/ page is dev-only"


def test_clean_and_rebuild(project):
    out = project / "output"
    (out / ".gitkeep").write_text("")
    invoke(project, "clean", check=True)
    assert [p.name for p in out.iterdir()] == [".gitkeep"]
    invoke(project, "rebuild", check=True)
    assert (out / "index.html").is_file() and (out / "_build" / "index.html").is_file()


def test_failed_build_exits_nonzero_and_reports_the_error(tmp_path):
    proj = copy_project(tmp_path / "p")
    base = proj / "theme" / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8") + "{% endif %}", encoding="utf-8")
    proc = invoke(proj, "build")
    assert proc.returncode != 0
    assert "TemplateSyntaxError" in proc.stderr
    page = (proj / "output" / "_build" / "index.html").read_text(encoding="utf-8")
    assert "FAILED" in page and "TemplateSyntaxError" in page


def test_ingest_options(tmp_path):
    proj = copy_project(tmp_path / "p", seeds=False)
    seeds, content = tmp_path / "in", tmp_path / "out"
    seeds.mkdir()
    (seeds / "good.txt").write_text(wire_text("Ingest task converts a story"), encoding="utf-8")
    first = invoke(proj, "ingest", "--seeds", str(seeds), "--content", str(content), check=True)
    assert len(list((content / "releases").glob("*.md"))) == 1
    assert "1 converted" in first.stderr
    again = invoke(proj, "ingest", "--seeds", str(seeds), "--content", str(content), check=True)
    assert "0 converted, 1 unchanged" in again.stderr
    forced = invoke(proj, "ingest", "--seeds", str(seeds), "--content", str(content), "--force",
                    check=True)
    assert "1 converted" in forced.stderr
    (seeds / "bad").write_bytes(b"\x00\x00\x00")
    ok = invoke(proj, "ingest", "--seeds", str(seeds), "--content", str(content))
    assert ok.returncode == 0                      # a bad file is logged and skipped ...
    strict = invoke(proj, "ingest", "--seeds", str(seeds), "--content", str(content), "--strict")
    assert strict.returncode != 0                  # ... unless --strict


def test_serve_serves_output_on_loopback(project):
    invoke(project, "build", check=True)
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "invoke", "serve", "--port", str(port)],
                            cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        got = wait_for(lambda: fetch(f"http://127.0.0.1:{port}/", 2), 30, interval=0.2)
        assert got and got[0] == 200 and "<html" in got[1]
        assert "livereload.js" not in got[1]       # the plain server injects nothing
    finally:
        proc.terminate()
        proc.wait(10)


def test_publish_rsyncs_the_production_site_to_a_local_target(project, tmp_path):
    if not shutil.which("rsync"):
        pytest.fail("rsync is missing (apt-get install rsync; see .ci/run)")
    target = tmp_path / "www"
    target.mkdir()
    (target / "stale.html").write_text("old")
    env = {"WIREPRESS_PUBLISH_TARGET": f"{target}/", "WIREPRESS_SITEURL": SITEURL}
    invoke(project, "publish", env=env, check=True)
    index = (target / "index.html").read_text(encoding="utf-8")
    assert SITEURL in index
    assert not (target / "stale.html").exists()          # --delete: the target mirrors output/
    assert not (target / "_build").exists()
    releases = list((target / "releases").glob("*.html"))
    assert releases


def test_publish_without_a_target_says_so_and_builds_nothing(tmp_path):
    proj = copy_project(tmp_path / "p")
    env = {"WIREPRESS_PUBLISH_TARGET": "", "WIREPRESS_SSH_HOST": ""}
    proc = invoke(proj, "publish", env=env)
    assert proc.returncode != 0 and "no target" in proc.stderr
    assert not (proj / "output" / "index.html").exists()


def test_publish_default_target_is_rsync_over_ssh(monkeypatch):
    import tasks

    monkeypatch.setitem(tasks.SETTINGS, "publish_target", "")
    monkeypatch.setitem(tasks.SETTINGS, "ssh_host", "web.example.net")
    monkeypatch.setitem(tasks.SETTINGS, "ssh_port", 2222)
    monkeypatch.setitem(tasks.SETTINGS, "ssh_user", "pub")
    monkeypatch.setitem(tasks.SETTINGS, "ssh_path", "/srv/www")
    cmd = tasks._rsync_command()
    assert cmd[0] == "rsync" and "--delete" in cmd
    assert cmd[cmd.index("-e") + 1] == "ssh -p 2222"
    assert cmd[-2] == f"{tasks.SETTINGS['output']}/" and cmd[-1] == "pub@web.example.net:/srv/www/"


def test_gh_pages_commits_the_production_site_to_a_local_bare_repo(project, tmp_path):
    bare = tmp_path / "site.git"
    git_env = {"GIT_AUTHOR_NAME": "Wirepress Test", "GIT_AUTHOR_EMAIL": "test@wirepress.test",
               "GIT_COMMITTER_NAME": "Wirepress Test", "GIT_COMMITTER_EMAIL": "test@wirepress.test"}
    env = dict(os.environ, **git_env)

    def git(*args, cwd=project):
        return subprocess.run(["git", *args], cwd=cwd, env=env, check=True,
                              capture_output=True, text=True).stdout

    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    if not (project / ".git").exists():
        git("init", "-q")
    git("remote", "add", "origin", str(bare))
    invoke(project, "gh-pages", env={**git_env, "WIREPRESS_SITEURL": SITEURL}, check=True)

    files = git("ls-tree", "-r", "--name-only", "gh-pages", cwd=bare).split()
    assert "index.html" in files and ".nojekyll" in files
    assert not any(f.startswith("_build/") for f in files)
    assert SITEURL in git("show", "gh-pages:index.html", cwd=bare)
    assert "Publish site on" in git("log", "-1", "--format=%s", "gh-pages", cwd=bare)


def test_bench_runs_the_benchmark_or_fails_clearly(tmp_path):
    proj = copy_project(tmp_path / "p", seeds=False)
    shutil.rmtree(proj / "bench", ignore_errors=True)
    proc = invoke(proj, "bench")
    assert proc.returncode != 0 and "no benchmark yet" in proc.stderr   # never a fake result
    (proj / "bench").mkdir()
    (proj / "bench" / "run.py").write_text("import sys\nprint('bench ran', sys.argv[1:])\n")
    proc = invoke(proj, "bench", "--args", "--quick")
    assert proc.returncode == 0 and "bench ran ['--quick']" in proc.stdout


def test_build_strict_fails_on_a_rejected_wire_file(tmp_path):
    proj = copy_project(tmp_path / "p")
    (proj / "seeds" / "junk.bin").write_bytes(b"\x00\x01\x02\xff\xfe\x00\x00binary junk\x00")
    assert invoke(proj, "build").returncode == 0          # dev default: log, skip, build
    strict = invoke(proj, "build", "--strict")
    assert strict.returncode != 0 and "junk.bin" in strict.stderr
    page = (proj / "output" / "_build" / "index.html").read_text(encoding="utf-8")
    assert "junk.bin" in page and "FAILED" in page


def test_livereload_on_a_busy_port_fails_fast_with_a_message(project):
    import socket

    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        proc = invoke(project, "livereload", "--port", str(port), timeout=60)
    assert proc.returncode != 0
    assert f"cannot listen on 127.0.0.1:{port}" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_ingest_restore_brings_back_a_deleted_release(tmp_path):
    proj = copy_project(tmp_path / "p", seeds=False)
    (proj / "seeds" / "a.txt").write_text(wire_text("Restore brings a story back"), encoding="utf-8")
    invoke(proj, "ingest", check=True)
    [md] = (proj / "content" / "releases").glob("*.md")
    md.unlink()
    forced = invoke(proj, "ingest", "--force", check=True)
    assert not md.exists() and "deleted by hand" in forced.stderr     # --force does not undo a deletion
    restored = invoke(proj, "ingest", "--restore", "a.txt", check=True)
    assert md.exists() and "1 converted" in restored.stderr
