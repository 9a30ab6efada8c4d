"""Build speed at newsroom scale: ours vs plain Pelican vs Hugo on the same releases.

    .venv/bin/invoke bench --sizes 1000,10000        # or: .venv/bin/python -m bench --sizes ...
    .venv/bin/python -m bench --sizes 1000 --runs 3 --large-runs 1 --keep

For each size N: N synthetic wire files (bench/synthwire.py, seed 1) are ingested (files/s);
then each configuration builds the same releases in a fresh process: cold (no output, no
cache), nothing changed, one new wire file (its Markdown for the anchors), one release's
Markdown edited. Medians of --runs (--large-runs at >= 5,000), peak RSS per build.
Pagefind indexing is off in the timed builds and timed apart. Results: a Markdown table on
stdout and in bench/results/build.md, and bench/results/build.json.
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
from hugo_site import convert, write_skeleton  # noqa: E402
from measure import BuildFailed, note, summary, timed  # noqa: E402
from synthwire import write_wire_files  # noqa: E402

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
        return [PY, str(BENCH / "build_once.py"), self.kind, str(self.folder)]

    def clear(self) -> None:
        _clear(self.folder / "output", self.folder / "cache", self.folder / "hugo" / "resources")

    def build(self) -> tuple[float, float]:
        return timed(self.command(), cwd=ROOT)


def measure_site(site: Site, runs: int, add, edit) -> dict:
    """cold x runs, no_change x runs, add_one x runs, edit_one x runs; add(i)/edit(i) apply a change."""
    res = {}
    samples = []
    for _ in range(runs):
        site.clear()
        samples.append(site.build())
    res["cold"] = summary(samples)
    res["no_change"] = summary([site.build() for _ in range(runs)])
    samples = []
    for i in range(runs):
        add(i)
        samples.append(site.build())
    res["add_one"] = summary(samples)
    samples = []
    for i in range(runs):
        edit(i)
        samples.append(site.build())
    res["edit_one"] = summary(samples)
    res["output_files"] = sum(len(f) for _, _, f in os.walk(site.folder / "output"))
    return res


def run_size(n: int, runs: int, work: Path) -> dict:
    note(f"== {n:,} releases, {runs} run(s) per measure")
    pool, extra = work / "pool", work / "extra"
    write_wire_files(pool, n + runs, seed=1)
    extra.mkdir()
    for path in sorted(pool.iterdir())[n:]:          # kept back: the "one new wire file" of each run
        path.rename(extra / path.name)
    ours = Site("ours", work / "ours")
    result = {"releases": n, "runs": runs}
    result["ingest"] = ingest(pool, ours.folder / "content", runs)
    note(f"   ingest: {result['ingest']['files_per_s']} files/s")
    pool.rename(ours.folder / "seeds")
    releases = ours.folder / "content" / "releases"
    names = sorted(p.name for p in releases.glob("*.md"))
    edited = [names[(i * 7919) % len(names)] for i in range(runs)]   # spread over the archive

    def ours_add(i):
        shutil.copy2(extra / sorted(os.listdir(extra))[i], ours.folder / "seeds")

    def ours_edit(i):
        edit_release(releases / edited[i], i)

    # Snapshot the releases as ingested, for the anchors (the same Markdown, before any change).
    plain = Site("plain", work / "plain")
    shutil.copytree(releases, plain.content / "releases")
    hugo = Site("hugo", work / "hugo")
    write_skeleton(hugo.folder / "hugo")
    for md in sorted(releases.glob("*.md")):
        convert(md, hugo.folder / "hugo")

    note("   ours ...")
    result["ours"] = measure_site(ours, runs, ours_add, ours_edit)
    # The Markdown our ingest wrote for the added wire files, in order, for the anchors.
    snapshot = set(names)
    new_md = sorted((p for p in releases.glob("*.md") if p.name not in snapshot),
                    key=lambda p: p.read_text(encoding="utf-8").split("Wire-Source: ")[1].split("\n")[0])
    t0 = time.perf_counter()
    subprocess.run([PY, "-m", "pagefind", "--site", str(ours.folder / "output"), "--silent"],
                   check=True, cwd=ROOT)
    result["pagefind_s"] = round(time.perf_counter() - t0, 3)
    note(f"   ours: {json.dumps({k: result['ours'][k]['median_s'] for k in CASES})}, "
         f"pagefind {result['pagefind_s']} s")

    def plain_add(i):
        shutil.copy2(new_md[i], plain.content / "releases")

    def plain_edit(i):
        edit_release(plain.content / "releases" / edited[i], i)

    note("   plain Pelican ...")
    result["plain"] = measure_site(plain, runs, plain_add, plain_edit)
    note(f"   plain: {json.dumps({k: result['plain'][k]['median_s'] for k in CASES})}")

    hugo_content = hugo.folder / "hugo"

    def hugo_add(i):
        convert(new_md[i], hugo_content)

    def hugo_edit(i):
        src = hugo.folder / "edit.md"
        shutil.copy2(plain.content / "releases" / edited[i], src)   # already edited (plain ran first)
        convert(src, hugo_content).rename(hugo_content / "content" / "releases" / edited[i])
        src.unlink()

    note("   hugo ...")
    result["hugo"] = measure_site(hugo, runs, hugo_add, hugo_edit)
    note(f"   hugo: {json.dumps({k: result['hugo'][k]['median_s'] for k in CASES})}")
    for anchor in ("plain", "hugo"):
        result[f"ours_over_{anchor}"] = {
            k: round(result["ours"][k]["median_s"] / result[anchor][k]["median_s"], 2) for k in CASES}
    return result


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
    return {"cpu": model, "cores": os.cpu_count(), "memory": mem, "python": platform.python_version(),
            "pelican": pelican, "hugo": hugo, "commit": commit, "load_avg_start": os.getloadavg()}


def table(results: list[dict], info: dict) -> str:
    lines = ["| releases | measure | ours s | plain Pelican s | Hugo s | ours/Pelican | ours/Hugo "
             "| peak MiB ours / Pelican / Hugo |",
             "|---:|---|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        for k in CASES:
            o, p, h = r["ours"][k], r["plain"][k], r["hugo"][k]
            lines.append(f"| {r['releases']:,} | {LABELS[k]} | {o['median_s']:.2f} | {p['median_s']:.2f} "
                         f"| {h['median_s']:.2f} | {r['ours_over_plain'][k]:.2f} | {r['ours_over_hugo'][k]:.2f} "
                         f"| {o['peak_mib']:.0f} / {p['peak_mib']:.0f} / {h['peak_mib']:.0f} |")
    lines.append("")
    lines.append("| releases | runs | ingest files/s (peak MiB) | Pagefind indexing s (not in the builds) "
                 "| output files ours / Pelican / Hugo |")
    lines.append("|---:|---:|---:|---:|---:|")
    for r in results:
        lines.append(f"| {r['releases']:,} | {r['runs']} | {r['ingest']['files_per_s']:,.0f} "
                     f"({r['ingest']['peak_mib']:.0f}) | {r['pagefind_s']:.1f} | {r['ours']['output_files']:,} / "
                     f"{r['plain']['output_files']:,} / {r['hugo']['output_files']:,} |")
    lines.append("")
    lines.append(f"Machine: {info['cpu']}, {info['cores']} cores, {info['memory']}; Python {info['python']}, "
                 f"Pelican {info['pelican']}, {info['hugo'].split(' BuildDate')[0]}; commit {info['commit']}; "
                 f"load average {info['load_avg_start'][0]:.2f} at start, {info['load_avg_end'][0]:.2f} at end.")
    return "\n".join(lines) + "\n"


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000,10000", help="comma-separated release counts")
    ap.add_argument("--runs", type=int, default=3, help="runs per measure (median)")
    ap.add_argument("--large-runs", type=int, default=1, help="runs per measure at >= 5,000 releases")
    ap.add_argument("--keep", action="store_true", help="keep the work folders (printed)")
    args = ap.parse_args(argv)
    if not shutil.which("hugo"):
        sys.exit("bench: no `hugo` (apt-get install -y --no-install-recommends hugo)")
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    info = machine()
    results = []
    for n in sizes:
        work = Path(tempfile.mkdtemp(prefix=f"wirepress-bench-{n}-"))
        try:
            results.append(run_size(n, args.large_runs if n >= 5000 else args.runs, work))
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
