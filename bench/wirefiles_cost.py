"""What checking and publishing the original wire files costs per build (newsroom/wirefiles.py:
attach + publish, run on every build for every release), this checkout's against another
version's, on the releases of one real site, in one run, in turns.

    git show HEAD~1:plugins/newsroom/wirefiles.py > /tmp/wirefiles_old.py
    .venv/bin/python bench/wirefiles_cost.py SITE /tmp/wirefiles_old.py [--runs 3]

SITE is a site folder a build left (seeds/, content/, output/, cache/: bench/incremental.py
--keep, or bench/build_once.py's). Each release's Wire-Source and Wire-Hash are read from its
Markdown header (what Pelican's reader gives the plugin); the ingest's stat record of seeds/
is loaded from cache/ as the build's ingest leaves it (wire.ingest.hash_cache_file). Both
versions publish into SITE/output/wire, where the copies are already current (the steady
state of a build); a version whose attach takes no record is given none. Times are wall
seconds of this process (the page cache warm after the first turn), medians of the turns.
"""
from __future__ import annotations

import importlib.util
import inspect
import statistics
import sys
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))


def releases(content: Path) -> list:
    from wire.store import read_header

    arts = []
    for md in sorted((content / "releases").glob("*.md")):
        head = read_header(md)
        if head.get("Wire-Source") and head.get("Wire-Hash"):
            arts.append(SimpleNamespace(slug=head.get("Slug", md.stem), metadata={
                "wire-source": head["Wire-Source"], "wire-hash": head["Wire-Hash"]}))
    return arts


def main(argv: list[str]) -> int:
    site, old_file = Path(argv[0]).resolve(), argv[1]
    runs = int(argv[argv.index("--runs") + 1]) if "--runs" in argv else 3
    import stathash
    from newsroom import wirefiles as new
    from wire.ingest import SEEDS, hash_cache_file
    from wire.store import CONTENT_SPACE

    spec = importlib.util.spec_from_file_location("wirefiles_old", old_file)
    old = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(old)
    seeds, content, output = site / "seeds", site / "content", site / "output"
    record = stathash.StatRecord.open(hash_cache_file(site / "cache", seeds, content),
                                      {SEEDS: seeds, CONTENT_SPACE: content})
    arts = releases(content)
    settings = {"WIRE_FILE_SAVE_AS": "wire/{slug}.txt", "WIRE_SEEDS_PATH": str(seeds)}
    times = {"old": [], "new": []}
    offered = {}
    for _ in range(runs):
        for label, mod in (("old", old), ("new", new)):
            takes_record = "hashes" in inspect.signature(mod.attach).parameters
            hashes = record.of_space(SEEDS) if takes_record else None     # a fresh view, as a build has
            t = time.perf_counter()
            mod.attach(arts, settings, hashes) if takes_record else mod.attach(arts, settings)
            written = mod.publish(arts, str(output), settings)
            times[label].append(time.perf_counter() - t)
            offered[label] = (sum(1 for a in arts if a.wire_file), written)
    o, n = statistics.median(times["old"]), statistics.median(times["new"])
    print(f"{len(arts)} releases; offered / written: old {offered['old']}, new {offered['new']}")
    print(f"attach + publish, median of {runs}: old {o:.2f} s, new {n:.2f} s, old/new {o / n:.1f}x")
    print("turns:", {k: [round(x, 2) for x in v] for k, v in times.items()})
    return 0 if offered["old"][0] == offered["new"][0] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
