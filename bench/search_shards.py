"""Search indexing alone: Pagefind over the whole site (one index, as before shards) against
the sharded index (plugins/newsroom/search.py), on an N-release site of real copy.

    .venv/bin/python bench/search_shards.py --releases 1000 [--work DIR] [--keep]

Builds the site as `invoke build` does without Pagefind (bench/realwire.py copy, ingest,
Pelican; bench/build_once.py), then times each indexing in a fresh process, with the peak
memory of its process tree and its CPU seconds (bench/measure.py):

1. the whole site in one index (`python -m pagefind --site output --force-language en`, what
   every build ran before shards; written beside the site, not into it);
2. the sharded index from nothing (a cold build's indexing), one Pagefind at a time and then
   PAGEFIND_WORKERS (--workers) at a time;
3. the sharded index after one new wire file (a further copy of the newest story, as
   `invoke bench` adds one) and a build that rendered it: only the shard that holds it;
4. the same after one release edited (a sentence in its first paragraph);
5. the sharded index with nothing changed.

Shard sizes are pelicanconf.py's (PAGEFIND_SHARD_SIZE, PAGEFIND_NEW_SHARD_SIZE) unless
--shard-size / --new-shard-size say otherwise. Prints a Markdown table.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
sys.path.insert(0, str(BENCH))
from measure import note, timed_detail  # noqa: E402

PY = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").is_dir() else sys.executable


def index_once(out: str, size: int, new_size: int, stage: str, workers: int = 1) -> None:
    """The indexing step of a build, alone (this process is the one measured)."""
    import logging
    sys.path.insert(0, str(ROOT / "plugins"))
    from newsroom import search
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    pages = [f"releases/{name}" for name in sorted(os.listdir(os.path.join(out, "releases")))
             if name.endswith(".html")]
    report = search.index_shards(out, pages, shard_size=size, new_shard_size=new_size,
                                 force_language="en", stage_root=stage, workers=workers)
    sizes = {e["id"]: e["pages"] for e in
             json.loads((Path(out) / "pagefind" / "shards.json").read_text())["shards"]}
    (Path(stage) / "last.json").write_text(json.dumps(
        {"built": [sizes.get(sid) for sid in report.built], "shards": len(sizes)}))


def edit_body(md: Path, n: int) -> None:
    """An editor's correction in the story's first paragraph (`invoke bench` appends one at the
    end, which the converter may file under the boilerplate, in the side column: not searched)."""
    head, _, body = md.read_text(encoding="utf-8").partition("\n\n")
    first, sep, rest = body.partition("\n\n")
    md.write_text(f"{head}\n\n{first} (Corrected {n}: a figure was misstated.){sep}{rest}", encoding="utf-8")


def build(site: Path) -> None:
    seconds, _, _ = timed_detail([PY, str(BENCH / "build_once.py"), "ours", str(site)], cwd=ROOT)
    note(f"   build (no search) {seconds:.1f} s")


def measure(label: str, cmd: list[str], rows: list, stage: Path | None = None) -> dict:
    # /usr/bin/time's %M: the largest process of the tree it waited for (Pagefind is a child of
    # the indexing process); wait4 from this (large) process would count the RSS it forked with.
    report = Path(tempfile.mktemp(prefix="time-"))
    seconds, _, detail = timed_detail(["/usr/bin/time", "-f", "%M", "-o", str(report), *cmd], cwd=ROOT)
    maxrss_mib = int(report.read_text().split()[-1]) / 1024
    report.unlink()
    row = {"measure": label, "s": round(seconds, 2), "cpu_s": detail["cpu_s"],
           "peak_mib": round(max(maxrss_mib, detail["tree_mib"]), 1)}
    if stage is not None and (stage / "last.json").is_file():
        last = json.loads((stage / "last.json").read_text())
        row["measure"] += f" ({len(last['built'])} of {last['shards']} shards indexed" + (
            f": {', '.join(map(str, last['built']))} pages)" if last["built"] else ")")
    rows.append(row)
    note(f"   {label}: {row}")
    return row


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--releases", type=int, default=1000)
    ap.add_argument("--work", type=Path, help="a folder to keep the site in (reused if built)")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--shard-size", type=int)
    ap.add_argument("--new-shard-size", type=int)
    ap.add_argument("--workers", type=int, help="Pagefind processes at a time (PAGEFIND_WORKERS)")
    args = ap.parse_args(argv)
    if args.shard_size is None or args.new_shard_size is None or args.workers is None:
        from pelican.settings import read_settings
        conf = read_settings(str(ROOT / "pelicanconf.py"))
        args.shard_size = conf.get("PAGEFIND_SHARD_SIZE", 1000) if args.shard_size is None else args.shard_size
        args.new_shard_size = (conf.get("PAGEFIND_NEW_SHARD_SIZE", 100)
                               if args.new_shard_size is None else args.new_shard_size)
        args.workers = conf.get("PAGEFIND_WORKERS", 1) if args.workers is None else args.workers
    import realwire
    from run import _metadata, newest_release
    work = args.work or Path(tempfile.mkdtemp(prefix="wirepress-search-bench-"))
    site, out = work / "site", work / "site" / "output"
    stories = realwire.corpus_stories()
    if not (out / "index.html").is_file():
        note(f"== building a {args.releases:,}-release site of real copy in {site}")
        realwire.write_wire_files(site / "seeds", stories, args.releases)
        build(site)
    index = [PY, str(BENCH / "search_shards.py"), "--index", str(out), str(args.shard_size),
             str(args.new_shard_size), str(work / "stage"), str(args.workers)]
    rows: list[dict] = []
    shutil.rmtree(work / "whole", ignore_errors=True)
    measure("whole site, one index (before shards)",
            [PY, "-m", "pagefind", "--site", str(out), "--output-path", str(work / "whole"),
             "--force-language", "en", "--silent"], rows)
    for name in ("pagefind", "pagefind-shards"):
        shutil.rmtree(out / name, ignore_errors=True)
    if args.workers != 1:              # the same, one Pagefind at a time (as before PAGEFIND_WORKERS)
        measure("shards, from nothing (cold), one Pagefind at a time", index[:-1] + ["1"], rows, work / "stage")
        for name in ("pagefind", "pagefind-shards"):
            shutil.rmtree(out / name, ignore_errors=True)
    measure(f"shards, from nothing (cold), {args.workers} at a time", index, rows, work / "stage")
    measure("shards, nothing changed", index, rows, work / "stage")
    # one new wire file: a further copy of the newest story, rendered by a build, then indexed
    newest = _metadata(newest_release(site / "content" / "releases"), "Wire-Source")
    k = int(newest[1:7]) % len(stories)
    seen = len(list((site / "seeds").iterdir()))        # a copy no earlier run added
    copy = realwire.write_copy_of(work / "extra", stories, k, copy=100 + seen, i=10 * args.releases + seen)
    shutil.move(str(copy), site / "seeds" / copy.name)
    build(site)
    measure("shards, one new wire file", index, rows, work / "stage")
    releases = sorted((site / "content" / "releases").glob("*.md"))
    edit_body(releases[7919 % len(releases)], seen)
    build(site)
    measure("shards, one release edited", index, rows, work / "stage")
    shards = json.loads((out / "pagefind" / "shards.json").read_text())["shards"]
    print(f"\n{args.releases:,} releases of real copy; {len(shards)} shards "
          f"(PAGEFIND_SHARD_SIZE={args.shard_size}, PAGEFIND_NEW_SHARD_SIZE={args.new_shard_size}, "
          f"PAGEFIND_WORKERS={args.workers}; "
          f"sizes {sorted(s['pages'] for s in shards)})\n")
    print("| indexing | wall s | CPU s | peak MiB |\n|---|---:|---:|---:|")
    for row in rows:
        print(f"| {row['measure']} | {row['s']:.2f} | {row['cpu_s']:.2f} | {row['peak_mib']:.0f} |")
    print(f"\nload average at the end: {os.getloadavg()[0]:.2f}")
    if not args.keep and not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--index":
        index_once(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5],
                   int(sys.argv[6]) if len(sys.argv) > 6 else 1)
        sys.exit(0)
    sys.exit(main())
