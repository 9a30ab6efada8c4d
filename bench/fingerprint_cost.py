"""What fastbuild's page fingerprints cost, this checkout's against another version's, on the
same pages of one real build (CPU seconds of this process, and whether both give the same
fingerprint for every page).

    git show main:plugins/fastbuild/fingerprint.py > /tmp/fingerprint_old.py
    nice .venv/bin/python bench/fingerprint_cost.py SITE /tmp/fingerprint_old.py

SITE is a site folder as bench/incremental.py --keep leaves it (seeds/, content/, output/,
cache/). The build is `invoke build`'s (buildreport.runner.run_build) in one process
(FASTBUILD_WORKERS=1: every page's fingerprint is made here); each page's fingerprint is
computed by both versions, in turns (each with its own per-build Digester), and timed with
time.process_time.
"""
from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "bench"))


def main(argv: list[str]) -> int:
    site, old_file = Path(argv[0]).resolve(), argv[1]
    from build_once import ours_settings
    from buildreport.runner import run_build
    from fastbuild import fingerprint as new

    spec = importlib.util.spec_from_file_location("fingerprint_old", old_file)
    old = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(old)
    orig = new.fingerprint
    stats = {"pages": 0, "same": 0, "new": 0.0, "old": 0.0}
    olds: dict = {}

    def both(global_key, template_name, names_filters, env, localcontext, digester, shared=None):
        od = olds.setdefault(id(digester), (digester, old.Digester(digester.file_hashes)))[1]
        stats["pages"] += 1
        first_new = stats["pages"] % 2 == 0
        for which in (("new", "old") if first_new else ("old", "new")):
            t = time.process_time()
            if which == "new":
                got_new = orig(global_key, template_name, names_filters, env, localcontext, digester, shared)
            else:
                got_old = old.fingerprint(global_key, template_name, names_filters, env, localcontext, od)
            stats[which] += time.process_time() - t
        stats["same"] += got_new == got_old
        return got_new

    new.fingerprint = both
    override = dict(ours_settings(site, False), FASTBUILD_WORKERS=1)
    report = run_build(ROOT / "pelicanconf.py", override, echo=lambda line: None)
    print(f"build ok: {report.ok}; pages fingerprinted: {stats['pages']}, the same fingerprint: "
          f"{stats['same']}; CPU s: this checkout {stats['new']:.2f}, the other {stats['old']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
