"""Peak memory of an ingest of many large wire files (issue 12, item 11).

    .venv/bin/python bench/ingest_memory.py --files 300 --mb 4 [--tree DIR] [--kind nul|text]

Writes FILES wire files of MB megabytes into a temporary folder and runs one ingest of
them in a fresh process under `/usr/bin/time -v`, printing its wall time and peak RSS
(the largest of the process and of its pool workers, as time(1) reports for the
process; the workers' own peaks are printed too). `--tree` runs another checkout's
plugins (e.g. an export of main, to compare before/after). `--kind nul`: a story then NUL
bytes, rejected as binary at once, so the run measures reading and holding, not
converting; `--kind text`: real sentences (synthwire), fully converted (slow: about 1.5 s
per 4 MB file and core).
"""
from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from synthwire import wire_story  # noqa: E402

CHILD = r"""
import resource, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from wire.ingest import ingest_folder
r = ingest_folder(Path(sys.argv[2]), Path(sys.argv[3]))
print(r.summary(), file=sys.stderr)
print("children peak RSS kB:", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
"""


def write_files(folder: Path, files: int, mb: float, kind: str) -> None:
    rng = random.Random(11)
    size = int(mb * 1_000_000)
    folder.mkdir(parents=True)
    for i in range(files):
        head = wire_story(i, rng).encode()
        if kind == "nul":
            data = head + b"\x00" * (size - len(head))
        else:
            parts, total = [head], len(head)
            while total < size:
                para = wire_story(i * 1000 + total, rng).split("\n\n", 1)[-1].encode()
                parts.append(b"\n\n" + para)
                total += len(para) + 2
            data = b"".join(parts)[:size]
        (folder / f"big-{i:04d}.txt").write_bytes(data)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--files", type=int, default=300)
    ap.add_argument("--mb", type=float, default=4.0)
    ap.add_argument("--kind", choices=["nul", "text"], default="nul")
    ap.add_argument("--tree", type=Path, default=HERE.parent, help="checkout whose plugins/ to run")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ingest-memory-"))
    try:
        write_files(work / "seeds", args.files, args.mb, args.kind)
        done = subprocess.run(["/usr/bin/time", "-v", sys.executable, "-c", CHILD, str(args.tree / "plugins"),
                               str(work / "seeds"), str(work / "content")],
                              capture_output=True, text=True)
        err = done.stderr
        summary = next((ln for ln in err.splitlines() if ln.startswith("wire ingest:") and " converted, " in ln), "(no summary)")
        peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
        wall = re.search(r"Elapsed \(wall clock\) time.*: (\S+)", err)
        kids = re.search(r"children peak RSS kB: (\d+)", err)
        print(f"{args.files} files x {args.mb} MB ({args.kind}), plugins from {args.tree}")
        print(f"  {summary}")
        print(f"  wall {wall.group(1) if wall else '?'}; peak RSS {int(peak.group(1)) / 1024:.0f} MB (time -v)"
              + (f"; pool workers' peak {int(kids.group(1)) / 1024:.0f} MB" if kids else ""))
        if done.returncode:
            print(err[-2000:])
        return done.returncode
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
