"""How much of a build the feeds take: a synthetic site of N releases (default 10,000,
~200 tags, 12 sources) built once with Pelican and the project's settings; the feeds
plugin times its own work (writing every feed + the wire_feeds() template calls).

    .venv/bin/python bench/feeds_share.py                 # 10,000 releases (a few minutes)
    .venv/bin/python bench/feeds_share.py --releases 1000

Pagefind indexing is off by default (--pagefind to include it): it would only make the
whole build longer and the feeds' share smaller. Target: feeds < 25% of the build.
"""
from __future__ import annotations

import argparse
import hashlib
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

WORDS = ("government minister company market agreement program development cooperation "
         "investment energy trade security announced percent quarter growth annual report "
         "officials said region international partnership project infrastructure services "
         "customers launch technology financial results shares board president council "
         "meeting conference export import industry national local health education").split()
DATELINES = ["ASTANA", "ALMATY", "NEW YORK", "LONDON", "BERLIN", "SYDNEY", "TOKYO", "MOSCOW",
             "BRUSSELS", "SPRINGFIELD", "TAMPA, FL", "SANTA CRUZ, Calif.", "PORT ELLIS"]
SOURCES = [("Kazinform", "News"), ("Reuters", "News"), ("AP", "News"), ("AAP", "News"),
           ("dpa", "News"), ("TASS", "News"), ("Kyodo", "News"), ("Belga", "News"),
           ("PR Newswire", "Press Releases"), ("Business Wire", "Press Releases"),
           ("GlobeNewswire", "Press Releases"), ("24-7PressRelease", "Press Releases")]


def sentence(rng, lo=8, hi=22) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(lo, hi))]
    return " ".join(words).capitalize() + "."


def release(n: int, rng: random.Random, tags: list[str], start: datetime) -> str:
    source, category = SOURCES[n % len(SOURCES)]
    # All in UTC: Pelican's month/year archives (pelicanconf) crash ("already written")
    # when releases in several offsets interleave at a month boundary; feeds don't care.
    date = start + timedelta(minutes=n * 97 + rng.randint(0, 90))
    # Zipf-like: a few tags are on many releases (a quarter carry the first), most on few.
    weights = [1 / (i + 5) for i in range(len(tags))]
    chosen = sorted(set(rng.choices(tags, weights, k=rng.randint(3, 7))))
    paragraphs = [" ".join(sentence(rng) for _ in range(rng.randint(2, 5)))
                  for _ in range(rng.randint(4, 10))]
    title = sentence(rng, 6, 14).rstrip(".")
    body = "\n\n".join(paragraphs)
    digest = hashlib.sha256(f"{n}{title}{body}".encode()).hexdigest()
    return (f"Title: {title}\nDate: {date.isoformat()}\nDateline: {rng.choice(DATELINES)}\nSource: {source}\n"
            f"Category: {category}\nTags: {', '.join(chosen)}\nSummary: {paragraphs[0][:240]}\n"
            f"Slug: release-{n:05d}\nWire-Source: {n:05d}.txt\nWire-Hash: sha256:{digest}\n"
            f"Wire-Format: plain\nWire-Encoding: utf-8\n\n{body}\n\n## Media contact\n\n"
            f"press@example.org\n")


def generate(content: Path, count: int, tag_count: int, seed: int) -> None:
    rng = random.Random(seed)
    tags = [f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS).capitalize()} {i}"
            for i in range(tag_count)]
    folder = content / "releases"
    folder.mkdir(parents=True)
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    for n in range(count):
        (folder / f"{n:05d}.md").write_text(release(n, rng, tags, start), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--releases", type=int, default=10_000)
    ap.add_argument("--tags", type=int, default=200)
    ap.add_argument("--seed", type=int, default=4)
    ap.add_argument("--pagefind", action="store_true", help="include Pagefind indexing")
    args = ap.parse_args()

    import logging

    from pelican import Pelican
    from pelican.settings import read_settings

    with tempfile.TemporaryDirectory(prefix="feeds-bench-") as tmp:
        tmp = Path(tmp)
        t0 = time.perf_counter()
        generate(tmp / "content", args.releases, args.tags, args.seed)
        (tmp / "seeds").mkdir()
        print(f"generated {args.releases} releases in {time.perf_counter() - t0:.1f} s", flush=True)
        settings = read_settings(str(ROOT / "pelicanconf.py"), override={
            "PATH": str(tmp / "content"), "OUTPUT_PATH": str(tmp / "output"),
            "WIRE_SEEDS_PATH": str(tmp / "seeds"), "WIRE_CONTENT_PATH": str(tmp / "content"),
            "CACHE_PATH": str(tmp / "cache"), "LOAD_CONTENT_CACHE": False,
            "PAGEFIND": args.pagefind})
        logging.getLogger("pelican").setLevel(logging.WARNING)
        start = time.perf_counter()
        pelican = Pelican(settings)
        pelican.run()
        whole = time.perf_counter() - start
        feed_seconds = pelican.feeds_build.seconds     # the feeds plugin's FeedsBuild
        out = tmp / "output" / "feeds"
        files = [p for p in out.rglob("*") if p.is_file()]
        size = sum(p.stat().st_size for p in files)

    share = feed_seconds / whole
    rows = [("releases", f"{args.releases:,}"), ("tags (requested)", str(args.tags)),
            ("sources", str(len(SOURCES))), ("feed files", f"{len(files):,}"),
            ("feed bytes", f"{size / 1e6:.1f} MB"), ("whole build", f"{whole:.1f} s"),
            ("feeds plugin", f"{feed_seconds:.1f} s"),
            ("feeds share", f"{share:.1%}  (target < 25%: {'OK' if share < 0.25 else 'OVER'})")]
    width = max(len(k) for k, _ in rows)
    print("-" * (width + 30))
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    print("-" * (width + 30))


if __name__ == "__main__":
    main()
