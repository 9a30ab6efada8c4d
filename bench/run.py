"""Build speed at newsroom scale: ours vs plain Pelican vs Hugo on the same releases.

    .venv/bin/invoke bench --sizes 1000,10000        # or: .venv/bin/python -m bench --sizes ...
    .venv/bin/python -m bench --sizes 1000 --runs 3 --large-runs 1 --keep
    .venv/bin/python -m bench --sizes 1000 --copy synthetic   # the old synthetic stories

For each size N: N wire files are written (real copy: the stories of ../shared/wire-corpus/dev
cycled to N, each copy's headline line varied, bench/realwire.py; or synthetic ones,
bench/synthwire.py) and ingested (files/s); then each configuration builds the same releases
in a fresh process: cold (no output, no cache), nothing changed, one new wire file (a further
copy of the newest story, so it lands where a new story does: on top; its Markdown for the
anchors), one release's Markdown edited. Ours is the build a user runs (`invoke build`'s
runner, Pagefind included). Medians of --runs (--large-runs at >= 5,000); per build its peak
memory (process tree), and per configuration the output's files and bytes and how many files
each rebuild wrote. Results: a Markdown table on stdout and in bench/results/build.md (ready to
paste into bench/README.md), and bench/results/build.json (every run).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT / "plugins"))
# {relative path: (mtime_ns, size)} of every file under a folder: what a build wrote, the
# watcher's own measure (one definition)
from buildreport.watch import snapshot as output_state  # noqa: E402
from hugo_site import convert, write_skeleton  # noqa: E402
from measure import BuildFailed, BuildStopped, note, summary, timed, timed_detail  # noqa: E402
import realwire  # noqa: E402
import synthwire  # noqa: E402

PY = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").is_dir() else sys.executable
CASES = ("cold", "add_one", "edit_one", "no_change")
LABELS = {"cold": "cold build (no cache)", "add_one": "rebuild: one new wire file",
          "edit_one": "rebuild: one release edited", "no_change": "rebuild: nothing changed"}


def _clear(*dirs: Path) -> None:
    for d in dirs:
        shutil.rmtree(d, ignore_errors=True)


def ingest(pool: Path, content: Path, runs: int) -> dict:
    samples = []
    for _ in range(runs):
        _clear(content)
        samples.append(timed([str(ROOT / ".venv" / "bin" / "invoke"), "ingest", "--seeds", str(pool),
                              "--content", str(content)], cwd=ROOT))
    out = summary(samples)
    out["files"] = sum(1 for p in pool.iterdir() if p.is_file())
    out["files_per_s"] = round(out["files"] / out["median_s"], 1)
    return out


def edit_release(md: Path, n: int) -> str:
    """An editor's correction: one sentence added to the body (the same edit for every tool)."""
    text = md.read_text(encoding="utf-8").rstrip("\n")
    text += f"\n\nCorrection {n}: an earlier version of this release misstated a figure.\n"
    md.write_text(text, encoding="utf-8")
    return text


class Site:
    """One configuration's working folder and how to build it."""

    def __init__(self, kind: str, folder: Path):
        self.kind, self.folder = kind, folder
        self.content = folder / ("hugo" if kind == "hugo" else "content")

    def command(self) -> list[str]:
        if self.kind == "hugo":
            return ["hugo", "--quiet", "--source", str(self.folder / "hugo"),
                    "--destination", str(self.folder / "output")]
        extra = ["--pagefind"] if self.kind == "ours" else []    # the build a user runs
        return [PY, str(BENCH / "build_once.py"), self.kind, str(self.folder), *extra]

    def clear(self) -> None:
        _clear(self.folder / "output", self.folder / "cache", self.folder / "hugo" / "resources")

    def build(self, timeout: float | None = None) -> tuple[float, float]:
        """One build: (seconds, peak MiB); what it wrote is kept in self.last."""
        out = self.folder / "output"
        before = output_state(out)
        seconds, peak, detail = timed_detail(self.command(), cwd=ROOT, timeout=timeout)
        after = output_state(out)
        detail["files_written"] = sum(1 for rel, v in after.items() if before.get(rel) != v)
        detail["files_removed"] = sum(1 for rel in before if rel not in after)
        detail["output_files"] = len(after)
        detail["output_bytes"] = sum(size for _, size in after.values())
        self.last = detail
        return seconds, peak


def measure_site(site: Site, runs: int, add, edit, cases=CASES, timeout: float | None = None) -> dict:
    """cold x runs, no_change x runs, add_one x runs, edit_one x runs (those of `cases`; cold
    always); add(i)/edit(i) apply a change. Each case also records (from its last run) the
    files the build wrote and the output's size. A build past `timeout` seconds is stopped:
    its case records `stopped_s` and the measures after it are not run."""
    res = {}

    def case(name, prepare):
        if name not in cases and name != "cold" or "stopped" in res:
            return
        samples, details = [], []
        for i in range(runs):
            prepare(i)
            try:
                samples.append(site.build(timeout))
            except BuildStopped as exc:
                note(f"   {site.kind}: {LABELS[name]} stopped after {exc.seconds:.0f} s")
                res[name] = {"stopped_s": round(exc.seconds, 1)}
                res["stopped"] = name
                return
            details.append(site.last)
        res[name] = summary(samples)
        res[name].update(details[-1])
        res[name]["peaks"] = details

    case("cold", lambda i: site.clear())
    case("no_change", lambda i: None)
    case("add_one", add)
    case("edit_one", edit)
    done = [k for k in CASES if k in res and "median_s" in res[k]]
    res["output_files"] = res[done[-1]]["output_files"] if done else None
    res["output_bytes"] = res[done[-1]]["output_bytes"] if done else None
    return res


def _metadata(md: Path, key: str) -> str:
    for line in md.read_text(encoding="utf-8").split("\n\n", 1)[0].splitlines():
        if line.startswith(key + ":"):
            return line.split(":", 1)[1].strip()
    return ""


def newest_release(releases: Path) -> Path:
    """The release with the latest Date (as Pelican orders them: by the instant)."""
    import datetime as dt

    def when(md):
        try:
            d = dt.datetime.fromisoformat(_metadata(md, "Date"))
        except ValueError:
            return dt.datetime.min.replace(tzinfo=dt.timezone.utc)
        return d if d.tzinfo else d.replace(tzinfo=dt.timezone.utc)
    now = dt.datetime.now(dt.timezone.utc)
    dated = [(when(md), md.name, md) for md in releases.glob("*.md")]
    return max((t, name, md) for t, name, md in dated if t <= now)[2]   # drafts (embargoes) aside


def write_pool(copy: str, pool: Path, extra: Path, n: int, runs: int):
    """N wire files in `pool`; returns a function that writes the i-th new wire file into `extra`
    once the pool has been ingested (it may need the ingested releases: the newest story)."""
    if copy == "synthetic":
        synthwire.write_wire_files(pool, n + runs, seed=1)
        extra.mkdir()
        kept = sorted(pool.iterdir())[n:]          # kept back: the "one new wire file" of each run
        for path in kept:
            path.rename(extra / path.name)
        return lambda releases: None
    stories = realwire.corpus_stories()
    realwire.write_wire_files(pool, stories, n)
    extra.mkdir()

    def newest_copies(releases: Path) -> None:
        # A new story arrives on top: further copies of the newest story (distinct headlines).
        source = _metadata(newest_release(releases), "Wire-Source")
        k = int(source[1:7]) % len(stories)
        for r in range(runs):
            realwire.write_copy_of(extra, stories, k, copy=n // len(stories) + 1 + r, i=n + r)
    return newest_copies


def run_size(n: int, runs: int, work: Path, copy: str = "real", anchor_cases=CASES,
             pagefind_alone: bool = True, anchor_timeout: float | None = None,
             partial: Path | None = None) -> dict:
    note(f"== {n:,} releases ({copy} copy), {runs} run(s) per measure")
    pool, extra = work / "pool", work / "extra"
    make_extra = write_pool(copy, pool, extra, n, runs)
    ours = Site("ours", work / "ours")
    result = {"releases": n, "runs": runs, "copy": copy}
    result["ingest"] = ingest(pool, ours.folder / "content", runs)
    note(f"   ingest: {result['ingest']['files_per_s']} files/s")
    pool.rename(ours.folder / "seeds")
    releases = ours.folder / "content" / "releases"
    make_extra(releases)
    names = sorted(p.name for p in releases.glob("*.md"))
    edited = [names[(i * 7919) % len(names)] for i in range(runs)]   # spread over the archive

    def ours_add(i):
        # copied without its time: it arrives now, as a wire file delivered now does (undated
        # copy is dated by it). With the corpus file's time it tied with ~400 undated copies
        # of the archive and sorted into their middle by slug, shifting older listing pages.
        shutil.copy(extra / sorted(os.listdir(extra))[i], ours.folder / "seeds")

    def ours_edit(i):
        edit_release(releases / edited[i], i)

    # Snapshot the releases as ingested, for the anchors (the same Markdown, before any change).
    plain = Site("plain", work / "plain")
    shutil.copytree(releases, plain.content / "releases")
    hugo = Site("hugo", work / "hugo")
    write_skeleton(hugo.folder / "hugo")
    for md in sorted(releases.glob("*.md")):
        convert(md, hugo.folder / "hugo")

    note("   ours (invoke build, Pagefind included) ...")
    result["ours"] = measure_site(ours, runs, ours_add, ours_edit)
    # The Markdown our ingest wrote for the added wire files, in order, for the anchors.
    snapshot = set(names)
    new_md = sorted((p for p in releases.glob("*.md") if p.name not in snapshot),
                    key=lambda p: p.read_text(encoding="utf-8").split("Wire-Source: ")[1].split("\n")[0])
    # Pagefind alone on the whole final output, one index (what every build ran before search
    # shards; bench/search_shards.py times the shards), written beside the site, not into it.
    if pagefind_alone:
        result["pagefind_s"], result["pagefind_mib"] = timed(
            [PY, "-m", "pagefind", "--site", str(ours.folder / "output"), "--silent",
             "--force-language", "en", "--output-path", str(work / "pagefind-whole")], cwd=ROOT)
        result["pagefind_s"] = round(result["pagefind_s"], 3)
    else:
        result["pagefind_s"] = result["pagefind_mib"] = None
    note(f"   ours: {json.dumps({k: result['ours'][k]['median_s'] for k in CASES})}, "
         f"pagefind {result['pagefind_s']} s")
    _save_partial(partial, result)

    def plain_add(i):
        shutil.copy2(new_md[i], plain.content / "releases")

    def plain_edit(i):
        edit_release(plain.content / "releases" / edited[i], i)

    note("   plain Pelican ...")
    result["plain"] = measure_site(plain, runs, plain_add, plain_edit, anchor_cases, anchor_timeout)
    note(f"   plain: {json.dumps({k: result['plain'][k] for k in CASES if k in result['plain']})[:400]}")
    _save_partial(partial, result)

    hugo_content = hugo.folder / "hugo"

    def hugo_add(i):
        convert(new_md[i], hugo_content)

    def hugo_edit(i):
        src = hugo.folder / "edit.md"
        shutil.copy2(plain.content / "releases" / edited[i], src)   # already edited (plain ran first)
        convert(src, hugo_content).rename(hugo_content / "content" / "releases" / edited[i])
        src.unlink()

    note("   hugo ...")
    result["hugo"] = measure_site(hugo, runs, hugo_add, hugo_edit, anchor_cases, anchor_timeout)
    note(f"   hugo: {json.dumps({k: result['hugo'][k] for k in CASES if k in result['hugo']})[:400]}")
    for anchor in ("plain", "hugo"):
        # against a stopped anchor the ratio is an upper bound: ours / the time it was stopped at
        result[f"ours_over_{anchor}"] = {
            k: (round(result["ours"][k]["median_s"] / result[anchor][k]["median_s"], 2)
                if "median_s" in result[anchor][k]
                else f"< {result['ours'][k]['median_s'] / result[anchor][k]['stopped_s']:.2f}")
            for k in CASES if k in result[anchor]}
    _save_partial(partial, result)
    return result


def _save_partial(path: Path | None, result: dict) -> None:
    """What one size has measured so far: a long run stopped later still leaves its figures."""
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(result, indent=1))


def machine() -> dict:
    model = ""
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        mem = open("/proc/meminfo", encoding="utf-8").readline().split(":", 1)[1].strip()
    except OSError:
        pass
    hugo = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.strip()
    pelican = subprocess.run([PY, "-c", "import pelican; print(pelican.__version__)"],
                             capture_output=True, text=True).stdout.strip()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    dirty = bool(subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                                capture_output=True, text=True).stdout.strip())
    return {"cpu": model, "cores": os.cpu_count(), "memory": mem, "python": platform.python_version(),
            "pelican": pelican, "hugo": hugo, "commit": commit, "dirty": dirty,
            "load_avg_start": os.getloadavg(),
            "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}


def _mib(b: int | None) -> str:
    return "stopped" if b is None else f"{b / 2**20:,.0f}"


def _count(n: int | None) -> str:
    return "stopped" if n is None else f"{n:,}"


def table(results: list[dict], info: dict) -> str:
    lines = ["| releases | measure | ours s | plain Pelican s | Hugo s | ours/Pelican | ours/Hugo "
             "| peak MiB ours / Pelican / Hugo | files written ours / Pelican / Hugo |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
    def cell(r, tool, k, fmt, stopped="stopped"):
        found = r[tool].get(k)
        if found is None:
            return "not run"
        if isinstance(found, str):                         # a ratio to a stopped anchor
            return found
        if isinstance(found, dict) and "stopped_s" in found:
            return stopped.format(**found)
        return fmt(found)

    two = lambda x: f"{x:.2f}"                              # noqa: E731
    for r in results:
        for k in CASES:
            sec = [cell(r, t, k, lambda c: two(c["median_s"]), "> {stopped_s:.0f} (stopped)")
                   for t in ("ours", "plain", "hugo")]
            peak = [cell(r, t, k, lambda c: f"{c['peak_mib']:.0f}") for t in ("ours", "plain", "hugo")]
            wrote = [cell(r, t, k, lambda c: f"{c['files_written']:,}") for t in ("ours", "plain", "hugo")]
            lines.append(f"| {r['releases']:,} | {LABELS[k]} | {' | '.join(sec)} "
                         f"| {cell(r, 'ours_over_plain', k, two)} | {cell(r, 'ours_over_hugo', k, two)} "
                         f"| {' / '.join(peak)} | {' / '.join(wrote)} |")
    lines.append("")
    lines.append("| releases | copy | runs | ingest files/s (peak MiB) | Pagefind alone s (peak MiB) "
                 "| output files ours / Pelican / Hugo | output MiB ours / Pelican / Hugo |")
    lines.append("|---:|---|---:|---:|---:|---:|---:|")
    for r in results:
        lines.append(f"| {r['releases']:,} | {r.get('copy', 'synthetic')} | {r['runs']} "
                     f"| {r['ingest']['files_per_s']:,.0f} ({r['ingest']['peak_mib']:.0f}) "
                     + ("| not run " if r['pagefind_s'] is None else
                        f"| {r['pagefind_s']:.1f} ({r.get('pagefind_mib', 0):.0f}) ") +
                     f"| {' / '.join(_count(r[t]['output_files']) for t in ('ours', 'plain', 'hugo'))} "
                     f"| {' / '.join(_mib(r[t]['output_bytes']) for t in ('ours', 'plain', 'hugo'))} |")
    lines.append("")
    lines.append(f"Machine: {info['cpu']}, {info['cores']} cores, {info['memory']}; Python {info['python']}, "
                 f"Pelican {info['pelican']}, {info['hugo'].split(' BuildDate')[0]}; commit {info['commit']}"
                 f"{' (with uncommitted changes)' if info.get('dirty') else ''}; "
                 f"load average {info['load_avg_start'][0]:.2f} at start, {info['load_avg_end'][0]:.2f} at end; "
                 f"{info.get('started', '')}.")
    lines.append("Wall seconds from process start to exit (medians); peak MiB: the process tree's "
                 "(build, forked writer, Pagefind); files written: files created or changed by the "
                 "build (last run).")
    return "\n".join(lines) + "\n"


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000,10000", help="comma-separated release counts")
    ap.add_argument("--runs", type=int, default=3, help="runs per measure (median)")
    ap.add_argument("--large-runs", type=int, default=1, help="runs per measure at >= 5,000 releases")
    ap.add_argument("--keep", action="store_true", help="keep the work folders (printed)")
    ap.add_argument("--anchor-cases", default=",".join(CASES),
                    help="the measures plain Pelican and Hugo run (cold always), e.g. cold at "
                         "100,000, where each of their rebuilds is a full build of a quarter hour")
    ap.add_argument("--anchor-timeout", type=float, default=None,
                    help="stop a plain Pelican or Hugo build after this many seconds (its cell "
                         "reads '> S (stopped)', the ratio an upper bound)")
    ap.add_argument("--no-pagefind-alone", action="store_true",
                    help="leave out Pagefind alone on the whole output (ours' builds keep search)")
    ap.add_argument("--copy", choices=("real", "synthetic"), default="real",
                    help="real: ../shared/wire-corpus/dev cycled (default); synthetic: bench/synthwire.py")
    args = ap.parse_args(argv)
    if args.copy == "real" and not realwire.CORPUS.is_dir():
        sys.exit(f"bench: no wire corpus at {realwire.CORPUS} (or pass --copy synthetic)")
    if not shutil.which("hugo"):
        sys.exit("bench: no `hugo` (apt-get install -y --no-install-recommends hugo)")
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    anchor_cases = tuple(k.strip() for k in args.anchor_cases.split(",") if k.strip())
    if set(anchor_cases) - set(CASES):
        sys.exit(f"bench: --anchor-cases takes {', '.join(CASES)}")
    info = machine()
    results = []
    for n in sizes:
        work = Path(tempfile.mkdtemp(prefix=f"wirepress-bench-{n}-"))
        try:
            results.append(run_size(n, args.large_runs if n >= 5000 else args.runs, work, args.copy,
                                    anchor_cases, not args.no_pagefind_alone, args.anchor_timeout,
                                    BENCH / "results" / f"partial-{n}.json"))
        except BuildFailed as exc:
            sys.exit(f"bench: a build failed at {n} releases: {exc}")
        finally:
            if args.keep:
                note(f"   kept {work}")
            else:
                shutil.rmtree(work, ignore_errors=True)
    info["load_avg_end"] = os.getloadavg()
    text = table(results, info)
    out = BENCH / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "build.json").write_text(json.dumps({"machine": info, "results": results}, indent=1))
    (out / "build.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
