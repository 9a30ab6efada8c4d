"""The no-change check of `invoke build` (plugins/nochange.py) on one site, this checkout's
against other versions', in one run, in turns: each turn a fresh process (as each `invoke
build` is) that imports the check, makes its settings key, loads the records and answers.

    mkdir -p /tmp/nc_old && for f in nochange buildinputs stathash atomicfile; do
        git show OLD:plugins/$f.py > /tmp/nc_old/$f.py; done
    .venv/bin/python bench/nochange_check.py SITE /tmp/nc_old [--runs 5] [--pagefind]

SITE is a site folder as a build left it (seeds/, content/, output/, cache/: bench/build_once.py
ours SITE [--pagefind], whose overrides must be the ones given here); each DIR holds those four
modules of one version (this checkout's plugins/ is always timed, first). Every version must
answer "nothing changed" (None): the plugins/ the record was made with are this checkout's,
and the check compares them, so a version's modules are loaded from DIR, never copied into
plugins/. Wall seconds from the process's start to the answer; medians over the turns, and
each version's median over this checkout's.
"""
from __future__ import annotations

import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHECK = r"""
import sys, time
t0 = time.perf_counter()
d, site, pagefind = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
sys.path.insert(0, d)
sys.path.insert(1, {bench!r})
from pathlib import Path
import buildinputs, nochange
assert nochange.__file__.startswith(d) and buildinputs.__file__.startswith(d)
from build_once import ours_settings
nc = nochange.NoChange.of({conf!r}, ours_settings(Path(site).resolve(), pagefind))
rec = nc.recorded()
why = nc.why_build(rec) if rec else "no nochange record (run bench/build_once.py ours SITE first)"
print(f"{{time.perf_counter() - t0:.3f}}\t{{why}}")
"""


def main(argv: list[str]) -> int:
    runs = int(argv[argv.index("--runs") + 1]) if "--runs" in argv else 5
    pagefind = "--pagefind" in argv
    args = [a for i, a in enumerate(argv) if not a.startswith("--") and (i == 0 or argv[i - 1] != "--runs")]
    site, dirs = args[0], [str(ROOT / "plugins")] + [str(Path(d).resolve()) for d in args[1:]]
    code = CHECK.format(bench=str(ROOT / "bench"), conf=str(ROOT / "pelicanconf.py"))
    times: dict[str, list[float]] = {d: [] for d in dirs}
    for _ in range(runs):
        for d in dirs:
            out = subprocess.run([sys.executable, "-c", code, d, site, "1" if pagefind else "0"],
                                 capture_output=True, text=True, check=True).stdout.strip()
            seconds, why = out.split("\t", 1)
            if why != "None":
                print(f"{d}: not a no-change answer: {why}", file=sys.stderr)
                return 1
            times[d].append(float(seconds))
    base = statistics.median(times[dirs[0]])
    for d in dirs:
        med = statistics.median(times[d])
        print(f"{d}: median {med:.2f} s over {runs} turns ({', '.join(f'{t:.2f}' for t in times[d])}); "
              f"{med / base:.2f}x this checkout's")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
