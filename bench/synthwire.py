"""Synthetic raw wire files for benchmarks: deterministic (seeded), in the dateline shapes
the parser knows, 300-900 words, ~200 distinct people/places/organisations, 12 sources.

    from synthwire import write_wire_files
    write_wire_files(Path("seeds"), 1000, seed=1)
"""
from __future__ import annotations

import random
from pathlib import Path

FIRST = ("Anna Maria David Elena Omar Yuki Lars Priya Tomas Amina Carlos Sofia Ivan Mei Daniel Leila "
         "Rafael Nadia Hugo Ingrid").split()
LAST = ("Berg Okafor Lindqvist Tanaka Haddad Novak Moreau Kowalski Sato Fischer Alvarez Dosanov Brandt "
        "Costa Nakamura Petrov Larsen Mensah Quinn Rahman").split()
ORGS = [f"{a} {b}" for a in ("Northwind", "Kestrel", "Lumen", "Harbor", "Summit", "Bluefield", "Crescent",
                             "Ironwood", "Solace", "Meridian") for b in ("Solar Inc", "Maritime Ltd", "Labs SA",
                                                                            "Bank", "Group", "Holdings",
                                                                            "Ministry of Energy")][:70]
PLACES = ("Kazakhstan United States Germany Japan Brazil Kenya Norway Canada India France Australia "
          "Chile Poland Vietnam Egypt").split()
WORDS = ("the council said on Tuesday that its plan would expand services across the region while "
         "investors expect higher output next year after talks with officials and partners in the "
         "sector as demand for energy rose and prices fell in the third quarter according to "
         "figures released by the agency").split()
SHAPES = [
    ("{PLACE}. KAZINFORM - ", "Kazinform", None),
    ("{PLACE}, {DATE} /PRNewswire/ -- ", "PR Newswire", "{HEAD}"),
    ("{PLACE} (Reuters) - ", "Reuters", "{HEAD}"),
    ("{PLACE}--(BUSINESS WIRE)--", "Business Wire", "{HEAD}"),
    ("{PLACE}, {DATE} (GLOBE NEWSWIRE) -- ", "GlobeNewswire", "{HEAD}"),
    ("{PLACE} (AP) _ ", "AP", "{HEAD}"),
    ("{PLACE} (dpa) - ", "dpa", "{HEAD}"),
    ("{PLACE}, {DATE}. /TASS/. ", "TASS", "{HEAD}"),
    ("(ANSA) - {PLACE}, {DATE} - ", "ANSA", "{HEAD}"),
    ("{PLACE}, {DATE} Kyodo - ", "Kyodo", "{HEAD}"),
    ("{PLACE} /ritzau/: ", "Ritzau", "{HEAD}"),
    ("{PLACE}, {DATE} (EFE).- ", "EFE", None),
]
CITIES = ["ASTANA", "NEW YORK", "LONDON", "BERLIN", "TOKYO", "SYDNEY", "NAIROBI", "OSLO", "TORONTO",
          "MUMBAI", "PARIS", "SANTIAGO", "WARSAW", "HANOI", "CAIRO"]
MONTHS = "January February March April May June July August September October November December".split()


def _sentence(rng: random.Random, names: list[str]) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(10, 24))]
    words.insert(rng.randint(0, len(words)), rng.choice(names))
    return " ".join(words).capitalize() + "."


def wire_story(n: int, rng: random.Random) -> str:
    people = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(2)]
    org, place = rng.choice(ORGS), rng.choice(PLACES)
    names = people + [org, place]
    shape, _source, head = SHAPES[n % len(SHAPES)]
    date = f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.choice((2024, 2025, 2026))}"
    dateline = shape.format(PLACE=rng.choice(CITIES), DATE=date)
    lead = f"{org} said on {date} that {people[0]} would lead a new {rng.choice(WORDS)} program in {place}."
    target = rng.randint(300, 900)
    paragraphs, words = [], len(lead.split())
    while words < target:
        para = " ".join(_sentence(rng, names) for _ in range(rng.randint(2, 4)))
        paragraphs.append(para)
        words += len(para.split())
    headline = f"{org} names {people[0]} to lead {place} program {n}"
    text = (head.format(HEAD=headline) + "\n\n" if head else "") + dateline + lead + "\n\n" + "\n\n".join(paragraphs)
    if n % 5 == 0:
        text += f"\n\nAbout {org}\n{org} is a company based in {place}.\n\nMedia Contact:\n{people[1]}\npress@example.org\n"
    return text + "\n"


def write_wire_files(folder: Path, count: int, seed: int = 1) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for n in range(count):
        path = folder / f"wire-{n:05d}.txt"
        path.write_text(wire_story(n, rng), encoding="utf-8")
        paths.append(path)
    return paths
