"""What the interpreter's exit costs a build, and what leaving by os._exit saves, on a kept site
without changing any build input (so its catalog stays valid and only the new story renders).

    .venv/bin/python bench/exit_cost.py ROOT SITE            # run_build in this process
    .venv/bin/python bench/exit_cost.py ROOT SITE --leave    # in a forked child, os._exit

ROOT: a checkout (its plugins and pelicanconf.py build the site: a worktree at the commit the
site was built with); SITE: a site folder as bench/incremental.py --keep leaves it, with one
more wire file in seeds/. `--leave` does what buildreport.runner.run_build_and_leave does, from
outside the plugins (a checkout older than it has no such function). Time it from outside
(`/usr/bin/time`): wall minus the runner's "run_build returned after" line is the exit.
"""
import logging
import os
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
override = build_once.ours_settings(site, True)
t0 = time.monotonic()


def build() -> int:
    ok = run_build(root / "pelicanconf.py", override, echo=lambda s: print(s, file=sys.stderr)).ok
    print(f"run_build returned after {time.monotonic() - t0:.2f} s", file=sys.stderr)
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
