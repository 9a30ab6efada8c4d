"""What each headline rule is worth: wire-eval's headline_rouge with one rule switched off.

    nice .venv/bin/python bench/headline_rules.py [--corpus ../shared/wire-corpus/dev] [--only cut,said_it]

Runs ../shared/tools/wire-eval once with every rule on, then once per rule of
`wire.headline.RULES` (in their order) with WIREPRESS_HEADLINE_RULES_OFF naming it, and
prints a Markdown table: the rule, headline_rouge with it off, and the change from all on
(negative: the rule helps). About 5 s per run on an idle core; writes nothing.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from wire import headline  # noqa: E402

WIRE_EVAL = ROOT.parent / "shared" / "tools" / "wire-eval"


def rouge(off: str, corpus: str | None) -> float:
    """headline_rouge of one wire-eval run with the rules in `off` switched off."""
    cmd = [sys.executable, str(WIRE_EVAL)] + (["--corpus", corpus] if corpus else [])
    env = dict(os.environ, **{headline.OFF_VARIABLE: off})
    out = subprocess.run(cmd, cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout
    summary = next(line for line in out.splitlines() if line.startswith("summary "))
    return json.loads(summary[len("summary "):])["headline_rouge"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", help="wire-eval's --corpus (default: its dev split)")
    parser.add_argument("--only", help="comma-separated rule names (default: every rule)")
    args = parser.parse_args()
    names = [r.name for r in headline.RULES]
    chosen = args.only.split(",") if args.only else names
    unknown = [n for n in chosen if n not in names]
    if unknown:
        parser.error(f"no rule named {', '.join(unknown)} (rules: {', '.join(names)})")
    base = rouge("", args.corpus)
    print("| rule off | headline_rouge | change |\n|---|---:|---:|")
    print(f"| (none: all on) | {base:.4f} | |")
    for name in chosen:
        got = rouge(name, args.corpus)
        print(f"| `{name}` | {got:.4f} | {got - base:+.4f} |", flush=True)


if __name__ == "__main__":
    main()
