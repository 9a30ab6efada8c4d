"""What the HTML allow-list (wire.sanitise) costs next to Markdown, per release.

    .venv/bin/python bench/sanitise_cost.py [--files 500]

Converts up to --files stories of the shared corpus (or bench/synthwire's synthetic ones
when ../shared is absent), renders each with Pelican's MARKDOWN settings, then times
sanitise_html over the HTML and Markdown over the same Markdown. The reader sanitises
only the releases it reads anew (the result is kept in Pelican's content cache)."""
from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))


def main() -> None:
    import markdown
    from pelican.settings import DEFAULT_CONFIG

    from wire import mdwriter
    from wire.convert import Rejected, convert
    from wire.sanitise import sanitise_html

    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=500)
    args = ap.parse_args()
    corpus = ROOT.parent / "shared" / "wire-corpus" / "dev"
    files = sorted(corpus.glob("*/*.txt"))[: args.files] if corpus.is_dir() else []
    if not files:
        sys.exit("no corpus at ../shared/wire-corpus/dev")
    config = dict(DEFAULT_CONFIG["MARKDOWN"])
    config["extensions"] = list(config["extension_configs"])
    ref = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    docs = []
    for f in files:
        try:
            docs.append(mdwriter.render(convert(f.read_bytes(), f.name, ref), "x"))
        except Rejected:
            continue
    t = time.perf_counter()
    htmls = [markdown.Markdown(**config).convert(d) for d in docs]
    md_s = time.perf_counter() - t
    t = time.perf_counter()
    for h in htmls:
        sanitise_html(h)
    san_s = time.perf_counter() - t
    n = len(htmls)
    print(f"{n} releases, {sum(map(len, htmls)) / n:.0f} HTML characters each: Markdown "
          f"{md_s / n * 1e3:.2f} ms, sanitise {san_s / n * 1e3:.2f} ms per release "
          f"({san_s / md_s:.1%} of Markdown)")


if __name__ == "__main__":
    main()
