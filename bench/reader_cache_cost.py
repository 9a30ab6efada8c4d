"""The peak memory of a build with and without the in-memory copy of Pelican's reader cache,
on a kept site, without changing any build input (its catalog stays valid).

    /usr/bin/time -f "%e s %M KB" .venv/bin/python bench/reader_cache_cost.py ROOT SITE [--drop]

ROOT: a checkout whose plugins built the site (a worktree at that commit); SITE: as
bench/incremental.py --keep leaves it, with one more wire file in seeds/. `--drop` empties
`generator.readers._cache` on `article_generator_finalized`, as
pelicancompat.release_reader_cache does since 2dfa742 (from outside the plugins, so an older
checkout can be measured both ways). Prints the build process's peak (ru_maxrss).
"""
import resource
import sys
from pathlib import Path

root, site = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
sys.path.insert(0, str(root / "bench"))
sys.path.insert(0, str(root / "plugins"))
import build_once  # noqa: E402
from buildreport.runner import run_build  # noqa: E402
from pelican import signals  # noqa: E402

if "--drop" in sys.argv:
    def drop(generator):
        print(f"reader cache of {len(generator.readers._cache)} entries emptied", file=sys.stderr)
        generator.readers._cache = {}
    signals.article_generator_finalized.connect(drop)
ok = run_build(root / "pelicanconf.py", build_once.ours_settings(site, True),
               echo=lambda s: print(s, file=sys.stderr)).ok
print(f"peak of the build process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MiB",
      file=sys.stderr)
sys.exit(0 if ok else 1)
