"""Headlines: tidy a stated one, or write one from the lead when the wire has none.

A generated headline is the lead's main clause: the first sentence without its
opening time phrase ("On June 28, 2018,"), its attribution ("..., Kazinform has
learnt from ..."), parentheses and relative clauses; people's job titles are
dropped before their names when the sentence is still too long; then it is cut at
a clause boundary, never inside a name or after a dangling "of"/"and".
"""
from __future__ import annotations

import re

from . import lexicon

MAX_LENGTH = 100     # the ceiling
TARGET_LENGTH = 80   # what agencies' own headlines run to (8-12 words)
_OPENERS = re.compile(
    r"^(?:(?:on|in|at|by|for|during|since|as of|earlier|later|late|early)\s+[^,]{0,60}?\d[^,]{0,30}(?:,\s*\d{4})?,\s*|"
    r"(?:recently|today|yesterday|tonight|meanwhile|however|additionally|furthermore|moreover|"
    r"in addition|as a result|for immediate release|this week|last week|earlier today|earlier this week),\s*)",
    re.I)
_ATTRIBUTION = re.compile(
    r",?\s*(?:[\w\s.'’]{0,60}?\s(?:has|have|had)\s+learn[te]d?\b.*|"
    r"(?:according to|as reported by|reports?|reported|informs?|writes|told)\b.*|"
    r"(?:a|the)\s+[\w\s]{0,40}(?:said|says|announced|stated|reported)\b.*|"
    r"\s*(?:\w+\s+){0,4}(?:said|says|announced|stated|reported)(?:\s+(?:on|in|at)\s+\w+)?\s*)$", re.I)
_PAREN = re.compile(r"\s*\([^()]*\)|\s*\[[^\[\]]*\]")
_RELATIVE = re.compile(r",\s*(?:which|who|whose|where|while|whereas|a\s+\w+\s+that|an?\s+(?:leading|global|"
                       r"premier|innovative|provider|leader|company|firm)\b)[^,]*(?:,|$)", re.I)
_DANGLING = {"of", "and", "or", "the", "a", "an", "to", "in", "on", "at", "for", "with", "by", "from", "as",
             "that", "its", "their", "his", "her", "is", "are", "was", "were", "be", "has", "have", "had",
             "will", "would", "de", "la", "le", "et", "und", "der", "die", "das"}
_CUTS = re.compile(r",\s+|\s+(?:—|–|-)\s+|;\s+|:\s+|\s+(?=(?:as|after|while|amid|following|"
                   r"because|since|despite|including|in order to|which|who|but|when|where|from|through)\s)")
_PLEASED = re.compile(r"\s+(?:is|are|was|were)\s+(?:very\s+)?(?:pleased|proud|excited|delighted|thrilled|happy|"
                      r"honou?red)\s+to\s+(?:announce|share|introduce|unveil|report|welcome)(?:\s+that)?\b", re.I)
_TICKER = re.compile(r"<([A-Z][A-Z0-9.]{0,11})>")     # <BAC>, <CKGH.HK>: a ticker, dropped
_NAME_TAG = re.compile(r"<([A-Z][A-Z0-9.,&' -]{1,59})>")  # <GEORGE WESTON LTD>: a name, kept


def tidy(headline: str, body: str = "") -> str:
    """A stated headline cleaned: tickers (<BAC>) dropped, ALL CAPS set in the body's case."""
    text = _NAME_TAG.sub(r" \1 ", _TICKER.sub(" ", headline))
    text = re.sub(r"\s+", " ", text).strip(" =+<^*")
    letters = [ch for ch in text if ch.isalpha()]
    if letters and sum(ch.isupper() for ch in letters) > 0.8 * len(letters) and len(letters) > 12:
        text = recase(text, body)
    return text


def recase(text: str, body: str) -> str:
    """ALL-CAPS words in the case the body writes them (proper nouns keep capitals)."""
    seen: dict[str, str] = {}
    for m in re.finditer(r"(?<=[a-z,;] )([A-Za-z][\w'’.-]*)", body):
        word = m.group(1)
        key = word.casefold()
        if key not in seen or (word[0].isupper() and seen[key][0].islower()):
            seen[key] = word
    words = []
    for i, word in enumerate(text.split(" ")):
        core = word.strip("\"'“”‘’(),.:;!?")
        key = core.casefold()
        if key in seen:
            new = seen[key]
        elif len(core) <= 4 and core.isalpha() and key not in _DANGLING and len(core) > 1 and \
                key not in lexicon.get().common_words:
            new = core                   # short all-caps words that are not words are acronyms (SEC, GDP)
        else:
            new = core.lower()
        if i == 0:
            new = new[:1].upper() + new[1:]
        words.append(word.replace(core, new, 1) if core else word)
    return " ".join(words)


def generate(lead: str, people: list[str] = (), max_length: int = TARGET_LENGTH) -> str:
    """A short headline from the lead sentence: who did what."""
    sentence = first_sentence(lead)
    text = _PAREN.sub("", sentence)
    # "Acme Corp, a maker of panels based in Denver, opened ..." -> "Acme Corp opened ..."
    text = re.sub(r"^([^,]{2,60}?),\s+(?:a|an|the|one of)\s+[^,]{3,100}?,\s+(?=[a-z])", r"\1 ", text)
    # "Acme Corp said it will ..." -> "Acme Corp will ..."; "today announced" -> "announced"
    text = re.sub(r"\s+(?:said|says|announced|reported|stated)\s+(?:(?:on|late|early)\s+\w+\s+)?"
                  r"(?:that\s+)?(?:it|they|he|she)\s+(?=\w)", " ", text, count=1)
    text = re.sub(r"\s+(?:said|says)\s+(?:on\s+\w+\s+)?that\s+", " ", text, count=1)
    text = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.I)
    text = _PLEASED.sub(" announces", text, count=1)
    text = re.sub(r"\s+(?:has|have)\s+(?=announced\b|launched\b|appointed\b|named\b)", " ", text, count=1)
    for _ in range(2):
        text = _OPENERS.sub("", text).strip()
    text = re.sub(r"\s+", " ", text).strip().rstrip(".")
    stripped = _ATTRIBUTION.sub("", text).strip()
    if len(stripped.split()) >= 4:
        text = stripped
    text = _RELATIVE.sub(lambda m: "," if m.group(0).endswith(",") else "", text).strip(" ,")
    if len(text) > max_length and people:
        text = _drop_titles(text, people)
    text = re.sub(r"\btoday\s+", "", text)
    text = re.sub(r"\s+", " ", text).strip(" ,;:-")
    if len(text) > max_length:
        text = _cut(text, max_length)
    text = text.strip(" ,;:-–—\"“”'")
    # Headline style drops articles ("Acme buys plant in Ohio", not "Acme buys a plant ...").
    text = re.sub(r"\s+(?:the|a|an)\s+(?=\w)", " ", text, flags=re.I)
    text = _trim_dangling(text)
    return text[:1].upper() + text[1:] if text else text


def first_sentence(text: str) -> str:
    """The first sentence; abbreviations ("U.S.", "Inc.", "Feb.") do not end it."""
    for m in re.finditer(r"[.!?](?=[\"”’]?\s+[A-Z\"“(]|$)", text):
        before = text[: m.start()].split()[-1] if text[: m.start()].split() else ""
        if re.fullmatch(r"(?:[A-Z]\.?){1,3}|[A-Z][a-z]{0,3}|Inc|Corp|Ltd|Co|Mr|Mrs|Ms|Dr|St|No|vs|etc|"
                        r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Gov|Sen|Rep|Gen|Lt|Col|Jr|Sr",
                        before.rstrip(".")):
            continue
        return text[: m.start() + 1]
    return text


def _drop_titles(text: str, people: list[str]) -> str:
    for person in people:
        at = text.find(person)
        if at <= 0:
            continue
        before = text[:at]
        m = re.search(r"((?:the\s+)?(?:[A-Z][\w.'’-]*\s+(?:(?:of|for|and|the)\s+)?)+)$", before)
        if m and len(m.group(1).split()) >= 1:
            text = before[: m.start()] + text[at:]
    return text


def _cut(text: str, max_length: int) -> str:
    """Cut at the last clause boundary that fits; a whole sentence up to MAX_LENGTH beats a
    cut; past that, cut between words, never between the words of a name."""
    cuts = [m.start() for m in _CUTS.finditer(text) if 40 <= m.start() <= max_length]
    if cuts:
        return _trim_dangling(text[: cuts[-1]])
    if len(text) <= MAX_LENGTH:
        return text
    words, kept = text.split(), []
    for word in words:
        if len(" ".join(kept + [word])) > MAX_LENGTH:
            break
        kept.append(word)
    while len(kept) > 3 and kept[-1][:1].isupper() and len(kept) < len(words) and words[len(kept)][:1].isupper():
        kept.pop()              # "... and Michael" | "Pompeo": drop the half name
    return _trim_dangling(" ".join(kept))


def _trim_dangling(text: str) -> str:
    words = text.rstrip(" ,;:").split()
    while len(words) > 3 and words[-1].casefold().strip(".,;:") in _DANGLING:
        words.pop()
    return " ".join(words)
