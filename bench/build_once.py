"""One Pelican build in this process (the benchmark runs it as a fresh subprocess, as a user
would): `python bench/build_once.py ours|reference|plain SITE_DIR [--pagefind] [--set KEY=JSON]`.

SITE_DIR holds seeds/ (ours only), content/, output/ and cache/. `ours` is what `invoke build`
runs (buildreport.runner.run_build: wire ingest + Pelican with pelicanconf.py, the site's
paths; Pagefind only with --pagefind, as the benchmark times it); `reference` is ours without
plugins/fastbuild (what a plain full build of our site writes); `plain` is Pelican with no
plugins, its `simple` theme and its own feeds (capped at our 50 items), reading the same Markdown.
"""
from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def plain_settings(site: Path) -> dict:
    return {
        "PATH": str(site / "content"), "OUTPUT_PATH": str(site / "output"),
        "CACHE_PATH": str(site / "cache"), "THEME": "simple", "PLUGINS": [],
        "SITENAME": "Plain Pelican", "SITEURL": "", "TIMEZONE": "UTC", "DEFAULT_LANG": "en",
        "ARTICLE_PATHS": ["releases"], "PAGE_PATHS": ["pages"], "DEFAULT_PAGINATION": 20,
        "ARTICLE_URL": "releases/{slug}.html", "ARTICLE_SAVE_AS": "releases/{slug}.html",
        "FEED_ALL_ATOM": "feeds/all.atom.xml", "FEED_ALL_RSS": "feeds/all.rss.xml",
        "CATEGORY_FEED_ATOM": "feeds/category/{slug}.atom.xml",
        "TAG_FEED_ATOM": "feeds/tag/{slug}.atom.xml", "TAG_FEED_RSS": "feeds/tag/{slug}.rss.xml",
        "FEED_MAX_ITEMS": 50, "CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True,
        "SUMMARY_MAX_LENGTH": None, "WITH_FUTURE_DATES": False,
    }


def ours_settings(site: Path, pagefind: bool) -> dict:
    return {
        "PATH": str(site / "content"), "OUTPUT_PATH": str(site / "output"),
        "WIRE_SEEDS_PATH": str(site / "seeds"), "WIRE_CONTENT_PATH": str(site / "content"),
        "CACHE_PATH": str(site / "cache"), "PAGEFIND": pagefind,
    }


def main(argv: list[str]) -> int:
    # Pelican is imported by the branch that runs it: `ours` is `invoke build`'s path, which
    # does not import it when nothing changed (plugins/nochange.py)
    kind, site = argv[0], Path(argv[1]).resolve()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if "--verbose" in argv:                  # fastbuild's reasons (tests), the search shards indexed
        logging.getLogger("fastbuild").setLevel(logging.INFO)
        logging.getLogger("newsroom.search").setLevel(logging.INFO)
    extra = {}
    for i, arg in enumerate(argv):
        if arg == "--set":
            key, _, value = argv[i + 1].partition("=")
            extra[key] = json.loads(value)
    if kind in ("ours", "reference"):
        (site / "content").mkdir(parents=True, exist_ok=True)   # the ingest fills it
        override = dict(ours_settings(site, "--pagefind" in argv), **extra)
        if kind == "reference":
            from pelican.settings import read_settings

            conf = read_settings(str(ROOT / "pelicanconf.py"))
            override["PLUGINS"] = [p for p in conf["PLUGINS"] if p != "fastbuild"]
        if kind == "ours":
            # exactly the path of `invoke build` (tasks.py -> buildreport.runner)
            sys.path.insert(0, str(ROOT / "plugins"))
            from buildreport.runner import run_build_and_leave

            # run_build has printed why a build failed
            return run_build_and_leave(ROOT / "pelicanconf.py", override,
                                       echo=lambda line: print(line, file=sys.stderr))
        settings = read_settings(str(ROOT / "pelicanconf.py"), override=override)
    else:
        from pelican.settings import DEFAULT_CONFIG, configure_settings

        settings = dict(DEFAULT_CONFIG)
        settings.update(plain_settings(site))
        settings = configure_settings(settings)
    from pelican import Pelican

    Pelican(settings).run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
