"""One build of a kept site by a given checkout, varied from outside its plugins, so that no
build input changes (the site's catalog stays valid and only what is new renders):

    /usr/bin/time -f "%e s %M KB" .venv/bin/python bench/kept_site_build.py ROOT SITE [--leave] [--drop-reader-cache]

ROOT: the checkout whose plugins and pelicanconf.py built SITE (a worktree at that commit);
SITE: a site folder as bench/incremental.py --keep leaves it, with one more wire file in seeds/.
The build is the checkout's `run_build` in this process, or with

- `--leave`: in a forked child that leaves by os._exit, as buildreport.runner.run_build_and_leave
  does since 91b71d9: wall time minus the "run_build returned after" line is the exit's cost;
- `--drop-reader-cache`: with `generator.readers._cache` emptied on `article_generator_finalized`,
  as pelicancompat.release_reader_cache does since 2dfa742.

Prints the build process's peak (ru_maxrss) and when run_build returned.
"""
import logging
import os
import resource
import sys
import time
from pathlib import Path

root, site = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
sys.path.insert(0, str(root / "bench"))
sys.path.insert(0, str(root / "plugins"))
import build_once  # noqa: E402
from buildreport.runner import run_build  # noqa: E402

logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
logging.getLogger("fastbuild").setLevel(logging.INFO)
t0 = time.monotonic()

if "--drop-reader-cache" in sys.argv:
    from pelican import signals

    def drop(generator):
        print(f"reader cache of {len(generator.readers._cache)} entries emptied", file=sys.stderr)
        generator.readers._cache = {}
    signals.article_generator_finalized.connect(drop)


def build() -> int:
    ok = run_build(root / "pelicanconf.py", build_once.ours_settings(site, True),
                   echo=lambda s: print(s, file=sys.stderr)).ok
    print(f"run_build returned after {time.monotonic() - t0:.2f} s; peak of the build process "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MiB", file=sys.stderr)
    return 0 if ok else 1


if "--leave" not in sys.argv:
    sys.exit(build())
sys.stdout.flush()
sys.stderr.flush()
pid = os.fork()
if pid == 0:
    code = 1
    try:
        code = build()
    finally:
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
sys.exit(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
