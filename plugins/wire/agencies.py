"""Who sent the story: news agencies and press-release distributors we know by name.

The dateline grammar finds *where* an agency is named (in parentheses, between
slashes, after the place); this table only turns the spelling found there into one
canonical name, says whether it is an agency or a distributor (the site's category),
and gives its home time zone for stories whose text names none. An agency that is
not listed still comes through, as written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import vocabulary

AGENCY, DISTRIBUTOR = "News", "Press Releases"


@dataclass(frozen=True)
class Agency:
    name: str
    kind: str
    timezone: str | None = None


# canonical name, kind, home time zone, spellings found in wire copy (besides the name):
# data/agencies.json, in its order (the first agency to claim a spelling keeps it)
_TABLE = [(row["name"], AGENCY if row["kind"] == "agency" else DISTRIBUTOR, row["timezone"], row["spellings"])
          for row in vocabulary.data("agencies")["agencies"]]


def _key(s: str) -> str:
    return re.sub(r"[\W_]+", "", s.casefold())


_BY_KEY: dict[str, Agency] = {}
for _name, _kind, _tz, _aliases in _TABLE:
    for _alias in [_name, *_aliases]:
        _BY_KEY.setdefault(_key(_alias), Agency(_name, _kind, _tz))

# Distributor names long enough to be searched for in running text (the boilerplate
# "Distributed by ..." or a bare "--News Direct--" line); short ones like "AP" are not.
SEARCHABLE = sorted(
    {(alias, _BY_KEY[_key(alias)]) for _n, _k, _t, aliases in _TABLE for alias in [_n, *aliases] if len(_key(alias)) >= 6},
    key=lambda pair: -len(pair[0]),
)


def lookup(raw: str) -> Agency | None:
    """The known agency behind a spelling, or None."""
    return _BY_KEY.get(_key(raw))


def canonical(raw: str) -> Agency:
    """A known agency, or one made from the spelling found (tidied) when unknown.

    Several agencies may be named together ("ats afp", "tca/dpa"): each part is
    canonicalized and the parts joined with "/"; the first one decides the kind.
    """
    raw = raw.strip(" .:-–—/()[]")
    known = lookup(raw)
    if known:
        return known
    parts = [p for p in re.split(r"\s*[/+]\s*|\s+(?=[a-z]{2,4}$)", raw) if p]
    if len(parts) > 1:
        found = [lookup(p) or Agency(_tidy(p), AGENCY) for p in parts]
        first = found[0]
        return Agency("/".join(a.name for a in found), first.kind, first.timezone)
    return Agency(_tidy(raw), AGENCY)


# A company suffix at the end of an agency's name ("Interfax Ltd", "STT Oy"): any of
# data/company_suffixes, in any case and spacing
_CORPORATE = re.compile(r"[\s,]+(?:" + "|".join(re.escape(e).replace(r"\ ", r"\s+") for e in
                                                vocabulary.table("company_suffixes"))
                        + r")\s*$", re.I)


def _spellings(raw: str) -> list[str]:
    """A name as structured items state it, and the shorter forms to look it up by:
    a host ("www.itar-tass.com", a uri) without www. and its top-level domain, a
    company without "LLC"/"GmbH", and the first of names joined by a dash ("STT–AFP")."""
    raw = raw.strip()
    out = [raw]
    host = re.match(r"^(?:https?://)?(?:www\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)*)\.[a-z]{2,6}(?:[/:?#].*)?$", raw, re.I)
    if host and " " not in raw:
        out.append(host.group(1).split(".")[-1])
    trimmed = raw
    while _CORPORATE.search(trimmed):
        trimmed = _CORPORATE.sub("", trimmed).strip()
    if trimmed and trimmed != raw:
        out.append(trimmed)
    parts = [p for p in re.split(r"\s*[–—]\s*", raw) if p.strip(" .:-")]
    if len(parts) > 1:
        out.append("/".join(parts))
    elif len(parts) == 1 and parts[0] != raw:
        out.append(parts[0])
    return out


def from_stated(names: list[str], credit: str | None = None) -> Agency | None:
    """The agency a structured item names. Its credit line (what the agency asks to be
    credited as) decides when there is one, known or not; else the first of `names`
    (original provider, copyright holder, provider, sender, most telling first) that we
    know, in any of its spellings; else the first name as written."""
    credit = (credit or "").strip(" .:-–—/()[]")
    if credit:
        spelled = _spellings(credit)
        for spelling in spelled:
            if "/" not in spelling and lookup(spelling):
                return lookup(spelling)
        return canonical(spelled[-1])
    names = [n for n in names if n and n.strip(" .:-–—/()[]")]
    for name in names:
        for spelling in _spellings(name):
            known = lookup(spelling)
            if known:
                return known
    if not names:
        return None
    spelled = _spellings(names[0])
    return canonical(spelled[-1])


def _tidy(raw: str) -> str:
    raw = re.sub(r"\s+", " ", raw)
    # "GLOBE NEWSWIRE" -> "Globe Newswire"; short all-caps names (EFE, NTB) are acronyms.
    if raw.isupper() and len(raw) > 5 and " " in raw:
        return raw.title()
    return raw


# Lines that say where a release was picked up or syndicated: those sites did not send it.
_PICKUP = re.compile(r"(?im)^[ \t>*-]*(?:pick(?:ed)?[ -]?up(?: by)?|syndicated (?:to|by|on)|"
                     r"also (?:published|available|seen) (?:on|at)|republished (?:by|on)|"
                     r"as seen on)\b[^\n]*$")
# "[Original/Source Press Release](https://...)": the link to the sender's own copy.
_ORIGIN_LINK = re.compile(r"(?i)\[[^\]\n]{0,40}\b(?:original|source)\b[^\]\n]{0,40}\]\((https?://[^)\s]{1,300})\)")


def credited(text: str) -> Agency | None:
    """The agency or distributor a text credits: the release's link to its original, a
    sign-off line at the end ("AAP RTV", "==Kyodo"), a name in the tail ("appeared first
    on citybiz"), then in the head. Sites that picked the release up ("Pickup - ...")
    are not its sender, and are left out of the search."""
    origin = _ORIGIN_LINK.search(text[-3000:])
    if origin:
        found = _in_links(origin.group(1))
        if found:
            return found
    head, text = _without_pickups(text)
    tail_lines = [ln.strip(" =-_*#\t") for ln in text[-800:].splitlines() if ln.strip(" =-_*#\t")]
    for line in reversed(tail_lines[-4:]):
        words = line.split()
        if 1 <= len(words) <= 3:
            known = lookup(words[0]) or lookup(line)
            if known:
                return known
    return (find_in_text(text[-1500:]) or _in_links(text[-1500:]) or find_in_text(head[:1500])
            or _short_name_in(head[:1500]))


_PICKUP_SPAN = 16_000     # characters of each end that the pickup lines are removed from


def _without_pickups(text: str) -> tuple[str, str]:
    """(head, tail) of `_PICKUP.sub("", text)`, the only parts `credited` reads (1,500
    characters each). A pickup line never spans a line end, so the head and tail of a long
    text, cut just after a line end, lose the same lines as the whole text would: a 5 MB
    file is not scanned whole for them."""
    if len(text) > 4 * _PICKUP_SPAN:
        a = text.find("\n", _PICKUP_SPAN) + 1
        b = text.rfind("\n", 0, len(text) - _PICKUP_SPAN) + 1
        if 0 < a <= b:
            head, tail = _PICKUP.sub("", text[:a]), _PICKUP.sub("", text[b:])
            if len(head) >= 1500 and len(tail) >= 1500:
                return head, tail
    whole = _PICKUP.sub("", text)
    return whole, whole


def _in_links(text: str) -> Agency | None:
    """A distributor's own site linked at the end ("[Source Press Release](https://boostifypr.com/...)")."""
    for url in reversed(re.findall(r"https?://([^\s)\]]+)", text)):
        host_and_path = _key(url.split("?")[0])
        for alias, agency in SEARCHABLE:
            if agency.kind == DISTRIBUTOR and _key(alias) in host_and_path:
                return agency
    return None


def _short_name_in(text: str) -> Agency | None:
    """Last resort: an agency's short name as it writes it ("AFP", "dpa") in the head."""
    for name, kind, tz, _aliases in _TABLE:
        if len(name) <= 5 and re.search(r"(?<![\w.-])%s(?![\w-])" % re.escape(name), text):
            return Agency(name, kind, tz)
    return None


def find_in_text(text: str) -> Agency | None:
    """A distributor named in running text (head or tail of a release), or None."""
    low = text.casefold()
    best = None
    for alias, agency in SEARCHABLE:
        at = low.find(alias.casefold())
        if at >= 0 and (best is None or at < best[0]):
            if _word_bounded(low, at, len(alias)):
                best = (at, agency)
    return best[1] if best else None


def _word_bounded(text: str, at: int, length: int) -> bool:
    before = text[at - 1] if at > 0 else " "
    after = text[at + length] if at + length < len(text) else " "
    return not before.isalnum() and not after.isalnum()
