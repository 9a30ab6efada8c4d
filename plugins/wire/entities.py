"""Tags: the people, places and organisations a story names.

No language model: capitalised spans of the text are classified with word lists.
A country is looked up in pycountry (with the spellings wires use: "U.S.", "UK");
a person is a given name followed by a capitalised surname; an organisation is a
span that ends in an organisation word ("Ministry", "Corp", "University") or an
acronym the story repeats. Tags are ranked by mentions (a surname alone counts for
its person) and by first appearance, and few are kept.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from . import dates, lexicon, vocabulary

MAX_TAGS = 8
_CONNECT = r"(?:of|for|and|the|de|du|des|der|la|le|on|&)"
_CAP = r"(?:[A-Z][\w'’.-]*[\w.]|[A-Z]\.?)"
_SPAN = re.compile(r"(?<![\w.])" + _CAP + r"(?:[ \t]+(?:" + _CONNECT + r"[ \t]+)?" + _CAP + r")*")
# A token whose full stop ends no sentence: initials ("U.S.", "S.A."), a listed abbreviation
# ("Inc.", "Gov."; data/abbreviations, shared with headline), a short capitalised word ("Mt.")
_ABBREVIATION = re.compile(r"(?:[A-Z]\.)+|(?:" + vocabulary.alternation(vocabulary.words("abbreviations")) +
                           r")\.|[A-Z][a-z]?\.")

_ORG_WORDS = vocabulary.word_set("organisation_words")
_KNOWN_ACRONYMS = vocabulary.word_set("known_acronyms")
_NOT_ACRONYMS = vocabulary.word_set("not_acronyms")
_TITLES = vocabulary.word_set("person_titles")
# Words of a job title: a tag made of these alone ("Vice President", "Chief Financial
# Officer") is nobody in particular; the heads of a title ("Vice President of Quillon Port
# Authority") are not part of the organisation's name.
_TITLE_HEADS = vocabulary.word_set("job_title_heads")
JOB_TITLE_WORDS = _TITLE_HEADS | vocabulary.word_set("job_title_words")
# Verbs of a title-case headline or heading ("Acme Announces Liquidity Locker Service
# Launch and Trust"): a span holding one is a phrase, not a name.
_HEADLINE_VERBS = vocabulary.word_set("headline_verbs")
# Legal suffixes that end one company's name: "Daewoo Group and General Motors Corp" is two
# (every company suffix: data/company_suffixes).
_LEGAL_SUFFIXES = frozenset(s.casefold() for s in vocabulary.table("company_suffixes"))
# Title words that also begin company names ("General Electric", "Premier Foods", "St. Jude").
_NAME_STARTS = vocabulary.word_set("name_starts")
_COMPASS = vocabulary.word_set("compass_words")
_PLACE_ALIASES = vocabulary.table("place_aliases")
# Canonical short names where pycountry's is formal ("Russian Federation").
_SHORT = vocabulary.table("short_country_names")


# Capitalised at a sentence start, and some are given names too ("On", "The", "Will").
_FUNCTION_WORDS = vocabulary.word_set("stop_words") | vocabulary.word_set("not_name_words")


@dataclass(frozen=True)
class Entity:
    name: str
    kind: str      # "place" | "person" | "org"


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    import pycountry

    table: dict[str, str] = {}
    for c in pycountry.countries:
        name = getattr(c, "common_name", None) or c.name
        name = _SHORT.get(name, _SHORT.get(c.name, name))
        for form in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
            if form and "," not in form:
                table.setdefault(form.casefold(), name)
    for alias, name in _PLACE_ALIASES.items():
        table[alias] = name
    return table


def country(text: str) -> str | None:
    """"U.S." -> "United States", "Kazakhstan" -> "Kazakhstan", else None."""
    return _countries().get(text.strip().casefold())


def extract(text: str, dateline_place: str | None = None, limit: int = MAX_TAGS) -> list[Entity]:
    lex = lexicon.get()
    counts: Counter[Entity] = Counter()
    first: dict[Entity, int] = {}
    surnames: dict[str, Entity] = {}

    def add(entity: Entity, at: int, weight: int = 1) -> None:
        counts[entity] += weight
        first.setdefault(entity, at)

    for span, at in _spans(text):
        tokens = span.split()
        for place, offset in _countries_in(tokens):
            add(Entity(place, "place"), at + offset)
        if len(tokens) == 1:     # most spans: one capitalised word, no person or organisation
            tok = _depossess(tokens[0].rstrip(".,"))
            if tok in surnames:
                add(surnames[tok], at)
            elif tok.isupper() and 2 <= len(tok) <= 6 and tok.isalpha() and tok not in _NOT_ACRONYMS \
                    and not _sentence_start(text, at):
                add(Entity(tok, "org"), at, 1 if tok in _KNOWN_ACRONYMS else 0)
            continue
        orgs = _orgs_in(tokens)
        inside = " ".join(orgs)
        for person in _people_in(tokens, lex):
            if person in inside:
                continue          # "New York Stock Exchange" names no "York Stock"
            e = Entity(person, "person")
            add(e, at)
            surnames[person.split()[-1]] = e
        for org in orgs:
            add(Entity(_caps_to_title(org), "org"), at)
    if dateline_place:
        city = dateline_place.split(",")[0].strip()
        if city and not country(city):
            add(Entity(_title(city), "place"), 0)

    def keep(e: Entity) -> bool:
        if not worth_following(e):
            return False
        if e.kind == "org" and e.name.isupper() and len(e.name) <= 6:
            return counts[e] >= 2 or e.name in _KNOWN_ACRONYMS and counts[e] >= 1
        return counts[e] >= 1

    ranked = sorted((e for e in counts if keep(e)), key=lambda e: (-counts[e], first[e]))
    # A balanced handful: places, people, organisations, then the rest by weight.
    chosen: list[Entity] = []
    for kind, quota in (("place", 3), ("person", 4), ("org", 2)):
        chosen += [e for e in ranked if e.kind == kind][:quota]
    chosen += [e for e in ranked if e not in chosen]
    chosen = chosen[:limit]
    seen, out = set(), []
    for e in sorted(chosen, key=lambda e: (-counts[e], first[e])):
        key = e.name.casefold()
        # "Lumen Labs" and "Lumen Labs SA" are one organisation: keep the first-ranked form
        if any(k.startswith(key + " ") or key.startswith(k + " ") for k in seen):
            continue
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


def worth_following(e: Entity) -> bool:
    """Could a reader follow this tag: a whole name, not a fragment of contact details,
    a job title or a title-case phrase?"""
    name = e.name
    if re.search(r"\d{3}|www\.|https?:|@|\.(?:com|org|net|io)\b", name, re.I):
        return False          # a phone number or a URL run together with a name
    words = [w.casefold().strip(".,") for w in name.split()]
    if all(w in JOB_TITLE_WORDS for w in words):
        return False          # "Vice President", "Chief Executive Officer"
    if e.kind != "place" and any(w in _HEADLINE_VERBS for w in words):
        return False
    return True


def _sentence_start(text: str, at: int) -> bool:
    return at == 0 or re.search(r"[.!?:\"“]\s*$|\n\s*$", text[max(0, at - 3):at]) is not None


def _depossess(word: str) -> str:
    """"Kazakhstan's" -> "Kazakhstan"."""
    return word[:-2] if word.endswith(("'s", "’s")) else word


def _spans(text: str):
    """Capitalised spans, split where a token ends a sentence ("April. About ...")."""
    for m in _SPAN.finditer(text):
        tokens, start = [], m.start()
        for tok in m.group(0).split():
            tokens.append(tok)
            if tok.endswith(".") and not _ABBREVIATION.fullmatch(tok):
                yield " ".join(tokens).rstrip("."), start
                start += len(" ".join(tokens)) + 1
                tokens = []
        if tokens:
            yield " ".join(tokens), start


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    return frozenset(name.split()[0] for name in _countries())


def _countries_in(tokens: list[str]) -> list[tuple[str, int]]:
    found, i = [], 0
    first_words = _first_words()
    while i < len(tokens):
        word = tokens[i].casefold().rstrip(",;:")
        if word not in first_words and word[:-2] not in first_words and word.rstrip(".") not in first_words:
            i += 1              # "Kazakhstan's" -> "kazakhstan"; "U.S." -> "u.s." / "u.s"
            continue
        for size in (4, 3, 2, 1):
            words = tokens[i:i + size]
            if len(words) < size:
                continue
            phrase = " ".join(words).rstrip(",;:")
            phrase = _depossess(phrase)
            name = country(phrase) or (country(phrase.rstrip(".")) if not phrase.endswith(".S.") else None)
            if name and i > 0 and tokens[i - 1] in ("New", "North", "South", "Latin", "Central", "East", "West"):
                name = None       # New Mexico, South America: not the country named after the word
            if name:
                found.append((name, 0))
                i += size
                break
        else:
            i += 1
    return found


def _people_in(tokens: list[str], lex) -> list[str]:
    people, i = [], 0
    clean = [t.strip(",;:()\"“”") for t in tokens]
    while i < len(clean) - 1:
        tok = clean[i]
        if tok.casefold() in lex.given_names and tok[:1].isupper() and not tok.isupper() \
                and tok.casefold() not in _TITLES | _FUNCTION_WORDS and not country(tok) \
                and tok.casefold() not in dates.MONTHS:
            j = i + 1
            name = [tok]
            while j < len(clean) and len(name) < 3:
                nxt = _depossess(clean[j])
                if not nxt[:1].isupper() or nxt.casefold() in _ORG_WORDS or country(nxt) or \
                        nxt.casefold() in {"of", "for", "and", "the", "de"}:
                    break
                if len(nxt) <= 2 and nxt.endswith("."):      # middle initial "A."
                    name.append(nxt)
                elif nxt.isupper() and len(nxt) > 3:          # "PAUL BYRNE" style is a byline, ok
                    name.append(nxt.title())
                else:
                    name.append(nxt)
                j += 1
                if not nxt.endswith("."):
                    break
            if len(name) >= 2 and not name[-1].endswith(".") and _surname_ok(name[-1], lex):
                people.append(" ".join(name))
                i = j
                continue
        i += 1
    return people


def _surname_ok(word: str, lex) -> bool:
    low = word.casefold()
    if country(word) or lexicon.fold(word) in lex.regions:
        return False          # "Austin Texas" is a place written without its comma
    # "Kazakh Foreign" or "Monday Night" are not surnames; "Trump" (a common word) is.
    return low not in {"street", "avenue", "road", "day", "week", "year", "month", "morning", "night",
                       "foreign", "national", "international", "general", "state", "city"}


def _orgs_in(tokens: list[str]) -> list[str]:
    """The organisations a span names: one, or two joined by "and" when the first ends in
    a legal suffix ("Daewoo Group and General Motors Corp"); "Standard and Poor's Corp"
    and "Savings and Loan Association" stay one."""
    clean = [t.strip(",;:()\"“”") for t in tokens]
    for i, tok in enumerate(clean[1:-1], 1):
        if tok in ("and", "&") and clean[i - 1].casefold() in _LEGAL_SUFFIXES:
            return [org for part in (tokens[:i], tokens[i + 1:]) if (org := _org_in(part))]
    org = _org_in(tokens)
    return [org] if org else []


# "COBANCO INC YEAR NET", "STOP AND SHOP COS INC 4TH QTR": the company a results headline opens with
_CAPS_COMPANY = re.compile(
    r"\s*<?((?:[A-Z][A-Z0-9&'.-]*\s+(?:AND\s+)?){1,4}(?:INC|CORP|CO|COS|LTD|PLC|AG|NV|SA|GROUP|HOLDINGS|"
    r"BANCORP|FUND)\b\.?)>?")


def names_in_caps(text: str) -> list[str]:
    """The company an ALL-CAPS headline opens with ("COBANCO INC YEAR NET" -> "Cobanco Inc")
    and the countries it names: in capitals no other word can be told from a name (a
    results table's headline is often the only place that names its company)."""
    m = _CAPS_COMPANY.match(text)
    companies = [_caps_to_title(m.group(1).strip())] if m else []
    return companies + [name for name, _ in _countries_in(text.split())]


def _caps_to_title(name: str) -> str:
    """"ALCAN ALUMINIUM LTD" -> "Alcan Aluminium Ltd" (acronyms of up to four letters kept)."""
    if not name.isupper() or " " not in name:
        return name
    return " ".join(w if len(w) <= 4 and w.isalpha() and w not in {"LTD", "CORP", "BANK", "INC"} else w.title()
                    for w in name.split())


# Words before an organisation's name in a span, not part of it ("Contact Media Acme
# Corp", "But Trade Union", "Vice President of Quillon Port Authority").
_ORG_LEAD_WORDS = ({"the", "of", "and", "for", "source", "about", "contact", "media"} | _TITLES | _FUNCTION_WORDS
                   | _TITLE_HEADS) - _NAME_STARTS - _COMPASS


def _org_in(tokens: list[str]) -> str | None:
    clean = [t.strip(",;:()\"“”") for t in tokens]
    for end in range(len(clean) - 1, -1, -1):
        word = _depossess(clean[end])
        if word.casefold() in _ORG_WORDS and end > 0:
            start = 0
            while start < end and clean[start].casefold() in _ORG_LEAD_WORDS:
                start += 1
            name = " ".join(clean[start:end] + [word])
            if len(name.split()) >= 2 and len(name) <= 60 and not name.casefold().startswith(("a ", "an ")):
                return name
    return None


def _title(place: str) -> str:
    return place.title() if place.isupper() else place
