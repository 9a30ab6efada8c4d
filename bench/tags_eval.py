"""Tags measured on the real corpus: do they name what the story is about, and nothing else?

    .venv/bin/python bench/tags_eval.py [--corpus ../shared/wire-corpus] [--sample 60] [--seed 1]

- Recall on the Reuters-21578 stories, whose annotators state the places and people each
  story is about: the share of stated countries found among our tags (a country's name
  through pycountry), and of stated people (Reuters writes a surname, "volcker", or a whole
  name, "hisham-nazer": a person tag ending in that surname counts).
- Tags that cannot be a person, place or organisation a reader follows, over every dev
  story: a digit run, a URL, an e-mail address, a job title alone, two names joined by
  "and". Counted by rule, so the count is a floor.
- A seeded random sample of tags, printed with their kind, to read by hand.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from wire import convert, entities  # noqa: E402

REF = dt.datetime(1987, 3, 1, tzinfo=dt.timezone.utc)
_REUTERS_PLACES = {"usa": "United States", "uk": "United Kingdom", "west-germany": "Germany",
                   "ussr": "Russia", "south-korea": "South Korea", "taiwan": "Taiwan"}


def _country(code: str) -> str | None:
    return _REUTERS_PLACES.get(code) or entities.country(code.replace("-", " "))


def suspect(tag: str) -> str | None:
    """Why `tag` cannot be a person, place or organisation, or None."""
    if re.search(r"\d{3}", tag):
        return "digit run"
    if re.search(r"(?i)www\.|https?:|\.(?:com|org|net|io)\b", tag):
        return "url"
    if "@" in tag:
        return "e-mail"
    if re.search(r"\s(?:and|&)\s", tag) and not re.search(r"(?i)\b(?:ministry|department|university|"
                                                          r"bank|council|commission|institute|company|co)\b", tag):
        return "two names"
    if all(w.casefold().strip(".") in entities.JOB_TITLE_WORDS for w in tag.split()):
        return "job title"
    return None


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "wire-corpus")
    ap.add_argument("--sample", type=int, default=60)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    places_stated = places_found = people_stated = people_found = 0
    all_tags: list[tuple[str, str, str]] = []
    stories = 0
    for truth in sorted((args.corpus / "dev").glob("*/*.json")):
        text = truth.with_suffix(".txt")
        if not text.exists():
            continue
        try:
            story = convert.convert(text.read_bytes(), text.name, REF)
        except convert.Rejected:
            continue
        stories += 1
        kinds = {e.name: e.kind for e in entities.extract(
            "\n".join([story.headline] + story.paragraphs)[:convert.TAG_TEXT_LENGTH], story.dateline)}
        all_tags += [(truth.stem, tag, kinds.get(tag, "?")) for tag in story.tags]
        if truth.parent.name != "reuters21578":
            continue
        data = json.loads(truth.read_text(encoding="utf-8"))
        tags = {t.casefold() for t in story.tags}
        for code in data.get("places") or []:
            name = _country(code)
            if name:
                places_stated += 1
                places_found += name.casefold() in tags
        for person in data.get("people") or []:
            surname = person.split("-")[-1].casefold()
            people_stated += 1
            people_found += any(t.split()[-1].casefold() == surname for t in tags)
    bad = [(case, tag, why) for case, tag, _ in all_tags if (why := suspect(tag))]
    print(f"{stories} stories, {len(all_tags)} tags ({len(set(t for _, t, _ in all_tags))} distinct)")
    print(f"Reuters: stated countries among tags {places_found}/{places_stated} = "
          f"{places_found / max(places_stated, 1):.3f}; stated people {people_found}/{people_stated} = "
          f"{people_found / max(people_stated, 1):.3f}")
    print(f"tags that are no person, place or organisation (by rule): {len(bad)} = "
          f"{len(bad) / max(len(all_tags), 1):.3%}")
    for case, tag, why in bad[:40]:
        print(f"   {why:10} {tag!r:50} {case}")
    rng = random.Random(args.seed)
    print(f"\nsample of {args.sample} tags to read by hand (seed {args.seed}):")
    for case, tag, kind in rng.sample(all_tags, min(args.sample, len(all_tags))):
        print(f"   {kind:6} {tag!r:45} {case}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
