"""plugins/fastbuild/shards.py: a build whose pages are rendered in shards (fresh processes,
on local cores or a Dask cluster) writes the site a normal build writes, byte for byte, every
page by exactly one shard, and a failing shard fails the build with a clear message and no
half-written file. Real builds, each in a fresh process as `invoke build` runs them
(bench/build_once.py ours = buildreport.runner.run_build), on a real two-worker
dask.distributed.LocalCluster."""
from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests" / "tasks"))
from synthwire import write_wire_files  # noqa: E402
from tasks_helpers import copy_project, invoke  # noqa: E402

from fastbuild import shards  # noqa: E402

RELEASES = 30
SMALL = ["--set", "DEFAULT_PAGINATION=5"]                       # many listing pages to share out
LOCAL3 = ["--set", "FASTBUILD_SHARDS=3", "--set", "FASTBUILD_SHARDS_MIN=1"]


def build(site: Path, *extra: str, ok: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "build_once.py"), "ours", str(site),
                           "--verbose", *SMALL, *extra], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)
    if ok:
        assert done.returncode == 0, done.stderr[-4000:]
    return done


_POOL: list[Path] = []


def new_site(work: Path, name: str) -> Path:
    """A site folder with the same wire files, mtimes included (an undated story is dated
    by its file's time)."""
    if not _POOL:
        pool = work / "pool"
        write_wire_files(pool, RELEASES, seed=11)
        _POOL.append(pool)
    site = work / name
    shutil.copytree(_POOL[0], site / "seeds")      # copy2: the files' times too
    return site


def tree(folder: Path) -> dict[str, Path]:
    """Every output file but the dev build report (/_build/ carries the build's time)."""
    return {rel: p for p in sorted(folder.rglob("*"))
            if p.is_file() and not (rel := p.relative_to(folder).as_posix()).startswith("_build/")}


def assert_same_tree(a: Path, b: Path) -> None:
    files_a, files_b = tree(a), tree(b)
    assert sorted(files_a) == sorted(files_b), (
        f"only in {a.parent.name}: {sorted(set(files_a) - set(files_b))[:10]}; "
        f"only in {b.parent.name}: {sorted(set(files_b) - set(files_a))[:10]}")
    differ = [rel for rel in files_a if not filecmp.cmp(files_a[rel], files_b[rel], shallow=False)]
    assert not differ, f"{len(differ)} files differ, e.g. {differ[:10]}"


def pages(folder: Path) -> set[str]:
    """The files Pelican's writer writes (every HTML page; /_build/ is the runner's)."""
    return {rel for rel in tree(folder) if rel.endswith(".html")}


@pytest.fixture(scope="module")
def cluster():
    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                      dashboard_address=None) as cl:
        yield cl


@pytest.fixture(scope="module")
def sites(tmp_path_factory, cluster):
    work = tmp_path_factory.mktemp("shards")
    normal, local, dask = (new_site(work, n) for n in ("normal", "local", "dask"))
    logs = {"normal": build(normal).stderr,
            "local": build(local, *LOCAL3).stderr,
            "dask": build(dask, "--set", f'FASTBUILD_SCHEDULER="{cluster.scheduler_address}"').stderr}
    return {"normal": normal, "local": local, "dask": dask, "logs": logs, "work": work}


def test_local_shards_write_the_normal_site(sites):
    assert "pages in 3 shards" in sites["logs"]["local"], sites["logs"]["local"][-3000:]
    assert "pages in" not in sites["logs"]["normal"]        # the normal build did not shard
    assert_same_tree(sites["normal"] / "output", sites["local"] / "output")


def test_dask_cluster_writes_the_normal_site(sites, cluster):
    log = sites["logs"]["dask"]
    assert "pages in 2 shards" in log and cluster.scheduler_address in log, log[-3000:]
    assert_same_tree(sites["normal"] / "output", sites["dask"] / "output")


def test_once_per_site_steps_ran_once_in_the_main_process(sites):
    out = sites["local"] / "output"
    # feeds, sitemaps and the build report: after the shards, from the main build's pages
    for rel in ("feeds/all.atom.xml", "sitemap.xml", "robots.txt", "_build/index.html"):
        assert (out / rel).is_file(), rel
    sitemap = "".join(p.read_text(encoding="utf-8") for p in [out / "sitemap.xml", *out.glob("sitemaps/*.xml")])
    # the sitemap lists the pages `content_written` named (the main build's, none rendered there)
    listed = [p for p in pages(out) if p.startswith(("category/", "releases/", "source/")) and p in sitemap]
    assert len(listed) > RELEASES, listed


def test_every_page_written_by_exactly_one_shard(sites, tmp_path):
    """The worker function itself, for each share of 3, into an empty folder: the shares are
    disjoint, together they are every page of the normal build, each with its bytes."""
    normal = sites["normal"]
    out = tmp_path / "output"
    overrides = {"PATH": str(normal / "content"), "OUTPUT_PATH": str(out),
                 "WIRE_SEEDS_PATH": str(normal / "seeds"), "WIRE_CONTENT_PATH": str(normal / "content"),
                 "CACHE_PATH": str(tmp_path / "cache"), "PAGEFIND": False, "DEFAULT_PAGINATION": 5}
    results = [shards.render_shard(str(ROOT / "pelicanconf.py"), overrides, i, 3) for i in range(3)]
    written = [set(r["written"]) for r in results]
    assert all(len(r["written"]) == len(w) for r, w in zip(results, written))
    assert not (written[0] & written[1] or written[0] & written[2] or written[1] & written[2])
    assert set().union(*written) == pages(normal / "output")
    assert all(r["failed"] == [] and r["pages"] == len(pages(normal / "output")) for r in results)
    for rel in set().union(*written):
        assert filecmp.cmp(out / rel, normal / "output" / rel, shallow=False), rel
    # a shard writes pages only: the feeds, sitemaps and static files are the main build's
    assert not (out / "sitemap.xml").exists() and not (out / "feeds").exists()
    assert not (out / "theme").exists()


def test_check_shares_names_missing_and_doubled_pages():
    pages_ = ["a.html", "b.html", "c.html"]
    ok = [{"written": ["a.html", "c.html"], "failed": []}, {"written": [], "failed": [["b.html", "x"]]}]
    shards.check_shares(pages_, ok)
    with pytest.raises(shards.ShardFailed, match=r"1 page\(s\) written by no shard, e\.g\. b\.html"):
        shards.check_shares(pages_, [{"written": ["a.html", "c.html"], "failed": []}])
    with pytest.raises(shards.ShardFailed, match=r"written by more than one shard, e\.g\. a\.html"):
        shards.check_shares(pages_, ok + [{"written": ["a.html"], "failed": []}])
    with pytest.raises(shards.ShardFailed, match=r"not a page of this build, e\.g\. z\.html"):
        shards.check_shares(pages_, ok + [{"written": ["z.html"], "failed": []}])


def test_plan_local_only_for_large_builds_and_more_than_two_cores(monkeypatch):
    s = {"FASTBUILD_SHARDS": 0, "FASTBUILD_SHARDS_MIN": 1000, "FASTBUILD_SCHEDULER": None}
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    assert shards.plan(s, 999) is None
    assert shards.plan(s, 1000) == ("local", 8)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert shards.plan(s, 10**6) is None              # two cores: the forked writer
    assert shards.plan(dict(s, FASTBUILD_SHARDS=3), 10**6) == ("local", 3)
    assert shards.plan(dict(s, FASTBUILD_SHARDS=1), 10**6) is None      # one shard: off
    assert shards.plan(dict(s, FASTBUILD_SCHEDULER="tcp://h:8786"), 1) == ("dask", 0)


def _theme_failing_on(work: Path, slug: str) -> Path:
    theme = work / "theme"
    shutil.copytree(ROOT / "theme", theme)
    article = theme / "templates" / "article.html"
    text = article.read_text(encoding="utf-8")
    # a template error on one release only: one shard hits it, the others write their pages
    hook = f'{{% if article.slug == "{slug}" %}}\n{{% include "no-such-partial.html" %}}\n{{% endif %}}\n'
    article.write_text(text.replace("{% block content %}\n", "{% block content %}\n" + hook, 1),
                       encoding="utf-8")
    assert hook in article.read_text(encoding="utf-8")
    return theme


def assert_nothing_half_written(out: Path, good: Path) -> None:
    leftovers = [p for p in out.rglob("*") if p.is_file() and shards.TEMP_FILE.match(p.name)]
    assert not leftovers, leftovers
    for rel, path in tree(out).items():     # every file there is whole: the good build's bytes
        if rel.endswith(".html"):
            assert filecmp.cmp(path, good / rel, shallow=False), rel


def test_a_template_error_in_one_shard_fails_the_build(sites):
    normal = sites["normal"]
    slug = sorted((normal / "output" / "releases").glob("*.html"))[7].stem
    site = new_site(sites["work"], "failing")
    theme = _theme_failing_on(sites["work"], slug)
    done = build(site, *LOCAL3, "--set", f'THEME="{theme}"', ok=False)
    assert done.returncode == 1
    err = done.stderr
    assert "1 of 3 shards failed" in err and "TemplateNotFound" in err and "no-such-partial.html" in err, err[-4000:]
    assert "build FAILED" in err
    out = site / "output"
    assert not (out / "sitemap.xml").exists() and not (out / "feeds").exists()   # no once-per-site step
    assert not (out / "releases" / f"{slug}.html").exists()
    assert len(pages(out)) > 10                 # the other shards' pages are there, whole
    assert_nothing_half_written(out, normal / "output")
    again = build(site, *LOCAL3, "--set", f'THEME="{theme}"', ok=False)   # no record: not skipped
    assert "nothing changed" not in again.stderr and again.returncode == 1


KILLER = '''"""Test plugin: a shard process kills itself (SIGKILL, as the OOM killer does) mid-build."""
import os
import signal

from pelican import signals


def _written(path, context=None):
    if context is not None and context.get("FASTBUILD_SHARD") == [1, 2]:
        os.kill(os.getpid(), signal.SIGKILL)


def register():
    signals.content_written.connect(_written)
'''


def test_a_killed_shard_on_the_cluster_fails_the_build(sites, cluster, tmp_path):
    plugins = tmp_path / "testplugins"
    plugins.mkdir()
    (plugins / "shardkiller.py").write_text(KILLER, encoding="utf-8")
    site = new_site(tmp_path, "killed")
    paths = f'["{ROOT / "plugins"}", "{plugins}"]'
    done = build(site, "--set", f'FASTBUILD_SCHEDULER="{cluster.scheduler_address}"',
                 "--set", f"PLUGIN_PATHS={paths}",
                 "--set", '["wire", "feeds", "newsroom", "shardkiller", "fastbuild"]'.join(["PLUGINS=", ""]),
                 ok=False)
    assert done.returncode == 1
    assert "1 of 2 shards failed" in done.stderr and "shard 2 of 2" in done.stderr \
        and "was killed (SIGKILL)" in done.stderr, done.stderr[-4000:]
    out = site / "output"
    assert not (out / "sitemap.xml").exists()
    assert_nothing_half_written(out, sites["normal"] / "output")
    assert cluster.scheduler_info["workers"], "the cluster lost its workers"


def test_invoke_build_scheduler_as_the_user_runs_it(tmp_path, cluster):
    plain, clustered = copy_project(tmp_path / "plain"), copy_project(tmp_path / "clustered")
    invoke(plain, "build", check=True)
    done = invoke(clustered, "build", "--scheduler", cluster.scheduler_address, check=True)
    assert "build ok" in done.stderr
    # the search index is built once, by the main process, after the shards (Pagefind's own
    # files carry random-looking hashes: compared by presence, the pages byte for byte)
    assert (clustered / "output" / "pagefind").is_dir()
    a = {r: p for r, p in tree(plain / "output").items() if not r.startswith("pagefind/")}
    b = {r: p for r, p in tree(clustered / "output").items() if not r.startswith("pagefind/")}
    assert sorted(a) == sorted(b)
    assert [r for r in a if not filecmp.cmp(a[r], b[r], shallow=False)] == []


def test_scheduler_without_dask_is_one_clear_error(tmp_path):
    """dask.distributed is imported only for --scheduler; missing, the build says how to
    install it (a stand-in package that fails to import, as a missing one does)."""
    shim = tmp_path / "shim" / "distributed"
    shim.mkdir(parents=True)
    (shim / "__init__.py").write_text("raise ImportError('No module named distributed')\n")
    (shim.parent / "dask").mkdir()
    (shim.parent / "dask" / "__init__.py").write_text("raise ImportError('No module named dask')\n")
    project = copy_project(tmp_path / "project")
    done = invoke(project, "build", "--scheduler", "tcp://127.0.0.1:9",
                  env={"PYTHONPATH": str(shim.parent)})
    assert done.returncode == 1
    assert 'needs dask.distributed' in done.stderr and 'pip install "dask[distributed]==' in done.stderr, \
        done.stderr[-3000:]


def test_temporary_files_of_a_killed_shard_are_removed(tmp_path):
    """What atomicfile leaves when a process dies between writing its temporary file and the
    rename (the name atomicfile's mkstemp gives), and only that, is removed."""
    import tempfile

    folder = tmp_path / "releases"
    folder.mkdir()
    fd, left = tempfile.mkstemp(dir=folder, prefix=".story.html.", suffix=".tmp")
    os.close(fd)
    keep = [folder / "story.html", folder / ".htaccess", folder / "notes.tmp"]
    for path in keep:
        path.write_text("x")
    assert shards.remove_temp_files(str(tmp_path)) == 1
    assert not os.path.exists(left) and all(p.exists() for p in keep)
