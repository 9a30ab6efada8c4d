"""Headlines: tidy a stated one, or write one from the lead when the wire has none.

A generated headline is the lead's main clause: the first sentence without its
opening time phrase ("On June 28, 2018,"), its attribution ("..., Kazinform has
learnt from ..."), parentheses and relative clauses; people's job titles are
dropped before their names when the sentence is still too long; then it is cut at
a clause boundary, never inside a name or after a dangling "of"/"and".

Each of these rewrites is a named rule in `RULES`, applied in its order (see "Headline rules
and word lists" in README.md): one can be switched off by name and measured
(bench/headline_rules.py). The words the rules know are data files, data/<concept>/<lang>.txt.
"""
from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from typing import Callable, Collection

from markdown.util import Registry

from . import language, lexicon
from .results import from_table
from .vocabulary import alternation, table, used_for, word_set, words

log = logging.getLogger(__name__)

MAX_LENGTH = 100     # the ceiling
TARGET_LENGTH = 80   # what agencies' own headlines run to (8-12 words)
LEAD_CHARS = 1000    # what headline generation reads of a lead (its first sentence, with room)
# The words of the tables below are data: data/<concept>/<lang>.txt (vocabulary.py); the
# patterns are compiled from them once, on import.
_OPENERS = re.compile(
    r"^(?:(?:" + alternation(words("time_prepositions")) + r")\s+[^,]{0,60}?\d[^,]{0,30}(?:,\s*\d{4})?,\s*|"
    r"(?:" + alternation(words("opening_connectives")) + r"),\s*)",
    re.I)
# An attribution clause at the end: ", Kazinform has learnt from ...", ", according to ...",
# ", the company said", ", officials said on Monday". Matched clause by clause from the
# last commas (a single pattern anchored at the end backtracks badly).
_ATTRIBUTION_CLAUSE = re.compile(
    r"(?:[\w.'’]+\s+){0,6}(?:has|have|had)\s+learn|"
    r"(?:according to|as reported by|reports?|reported|informs?|writes|told)\b|"
    r"(?:a|the)\s+(?:[\w'’-]+\s+){0,5}(?:said|says|announced|stated|reported)\b|"
    r"(?:[\w'’.-]+\s+){0,4}(?:said|says|announced|stated|reported)(?:\s+(?:on|in|at|late|early)\s+\w+)?\s*$",
    re.I)
_ATTRIBUTION_TAIL = re.compile(r"\s+(?:said|says|announced|stated|reported)(?:\s+(?:on|in|at)\s+\w+)?\s*$", re.I)


def _strip_attribution(text: str) -> str:
    cut, tries = len(text), 0
    while tries < 2:
        cut = text.rfind(", ", 0, cut)
        if cut <= 0:
            break
        if _ATTRIBUTION_CLAUSE.match(text, cut + 2):
            return text[:cut]
        tries += 1
    return _ATTRIBUTION_TAIL.sub("", text)
_SUBORDINATE = re.compile(
    r"^(?:" + alternation(words("subordinators")) + r")\b[^,]{3,110},\s+", re.I)
_PAREN = re.compile(r"\s*\([^()]*\)|\s*\[[^\[\]]*\]")
_RELATIVE = re.compile(r",\s*(?:which|who|whose|where|while|whereas|a\s+\w+\s+that|an?\s+(?:" +
                       alternation(words("self_descriptions")) + r")\b)[^,]*(?:,|$)", re.I)
# An aside between the subject and its verb: "Acme Corp, a maker of panels, opened ...",
# "Greece, responding to ..., said", "VDO GmbH, 75 pct owned by VDO AG, said". It ends at the
# comma before the verb (a lowercase word that reads as one), not at a comma inside it
# ("a Belfast, Northern Ireland, oil company, said").
_APPOSITIVE = re.compile(
    r"^([^,]{2,60}?(?:,\s*(?:" + alternation(used_for("company_suffixes", "aside")) + r")\.?)?),\s+"
    r"(?:a|an|the|one of|[a-z]{3,}ing|[\d.]+\s+pct|[a-z]+ly\s+owned|(?:based|headquartered)\s+in|"
    r"[A-Z][\w-]*['’]s|(?:once|formerly|previously|long|now|[a-z]+ly)\s+[a-z]+(?:ed|en))\s+"
    r"(?:[^,]|,(?!\s+(?:today\s+|recently\s+)?(?:has\s+|have\s+|is\s+|will\s+)?[a-z]{3,}(?:ed|es|s)\b)){3,160}?,\s+"
    r"(?=(?:today\s+|recently\s+)?(?:[a-z]{3,}(?:ed|es|s)|said|has|have|had|is|are|was|were|will|would|can|could|"
    r"may|won|sold|bought|made|took|got|set|cut|put|led|saw|told|grew|fell|rose|paid|plans|expects)\b)")


_LEFT_DATELINE = re.compile(r"^[A-Z][\w.'’ ]{1,30}(?:,\s*[A-Z][\w.'’ ]{1,20})?,\s*[A-Z][a-z]{2,4}\.?\s+\d{1,2}\s*[-–—]+\s+")
_ACRONYM_ASIDE = re.compile(r"^(?:The\s+)?((?:[A-Z][\w'’&.-]*|of|and|for|the|on|de|&)(?:\s+(?:[A-Z][\w'’&.-]*|of|and|for|"
                            r"the|on|de|&))+),\s+([A-Z][A-Z&]{1,7}),\s+(?=[a-z])")


_DEED_VERBS = table("deed_verbs")     # the deed an announcement names -> its verb
_ANNOUNCED_DEED = re.compile(
    r"\b(announces|announce|announced)\s+(?:today\s+)?(?:the\s+|its\s+|their\s+|an?\s+)?(?:(?:official|successful|formal|"
    r"strategic|upcoming|planned)\s+)?(" + alternation(_DEED_VERBS) + r")\s+"
    r"(?:(of)\s+|(?<=expansion\s)(to|into|in)\s+|(?<=partnership\s)(with)\s+)(?=\S)")


def _deed(m: re.Match) -> str:
    verb = _DEED_VERBS[m.group(2)]
    if m.group(1) == "announces":
        verb += "es" if verb.endswith(("ch", "sh", "s", "x")) else "s"
    elif m.group(1) == "announced":
        verb += "d" if verb.endswith("e") else "ed"
    after = m.group(4) or m.group(5)          # "expands to Orlando", "partners with Infineon"
    return f"{verb} {after} " if after else f"{verb} "


def _announce(m: re.Match) -> str:
    """"Acme is pleased to announce" -> "Acme announces", "is proud to present" -> "presents";
    "X and Y are excited to announce" -> "X and Y announce"; a comma that closes an aside stays
    ("X, with Y, is proud to")."""
    comma = "," if m.group(0).startswith(",") and "," in m.string[: m.start()] else ""
    verb = m.group(2).lower()
    verb = "announce" if verb in ("share", "report") else verb          # "is pleased to share that ..."
    if m.group(1).lower() in ("are", "were"):
        return f"{comma} {verb}"
    return f"{comma} {verb}{'es' if verb.endswith(('ch', 'sh')) else 's'}"


_NAMED_APPOSITION = re.compile(r"\b([a-z]{3,}),\s+([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}),\s+(?=[a-z])")
_NOT_APPOSED = word_set("not_apposed_nouns")


# After a name, an aside may open with any lowercase word but a verb:
# "Roger Andewelt, deputy assistant attorney general for litigation, is being nominated"
_NAME_ASIDE = re.compile(
    r"^((?:[A-Z][\w.&'’-]*\s+){0,5}[A-Z][\w.&'’-]*),\s+(?!(?:said|says|announced|today|is|was|has|had|will)\b)"
    r"[a-z][\w-]*\s+"
    r"(?:[^,]|,(?!\s+(?:today\s+|recently\s+)?(?:has\s+|have\s+|is\s+|will\s+)?[a-z]{3,}(?:ed|es|s)\b)){3,160}?,\s+"
    r"(?=(?:today\s+|recently\s+)?(?:[a-z]{3,}(?:ed|es|s)|said|has|have|had|is|are|was|were|will|would|can|"
    r"could|may|won|sold|bought|made|took|got|set|cut|put|led|saw|told|grew|fell|rose|paid|plans|expects)\b)")


def _relative_gap(m: re.Match) -> str:
    """What stands where a relative clause was: nothing before the verb it split from its
    subject ("Li Peng, who led ..., died" -> "Li Peng died"), a comma before a next clause."""
    if not m.group(0).endswith(","):
        return ""
    after = re.match(r"\s*([\w'’]+)", m.string[m.end():])
    if after and after.group(1).islower() and after.group(1) not in ("and", "or", "but", "while", "whereas",
                                                                     "although", "though", "which", "who"):
        return ""
    return ","


_DANGLING = word_set("dangling_words")
_CUTS = re.compile(r",\s+|\s+(?:—|–|-)\s+|(?<=\w)—(?=\w)|;\s+|:\s+|\s+(?=(?:" +
                   alternation(words("clause_openers")) + r")\s)")
_PLEASED = re.compile(r",?\s+(is|are|was|were)\s+(?:very\s+)?(?:" + alternation(words("pleased_words")) + r")"
                      r"\s+to\s+(" + alternation(words("announcing_verbs")) + r")"
                      r"(?:\s+that)?\b", re.I)
_TICKER = re.compile(r"<([A-Z][A-Z0-9.]{0,11})>")     # <BAC>, <CKGH.HK>: a ticker, dropped
_NAME_TAG = re.compile(r"<([A-Z][^<>]{1,59})>")       # <GEORGE WESTON LTD>: a name, kept


def tidy(headline: str, body: str = "") -> str:
    """A stated headline cleaned: tickers (<BAC>) dropped, ALL CAPS set in the body's case."""
    text = _TICKER.sub(" ", headline)
    letters = [ch for ch in text if ch.isalpha()]
    all_caps = len(letters) > 12 and sum(ch.isupper() for ch in letters) > 0.8 * len(letters)
    # <GEORGE WESTON LTD> is a company's name: kept, in title case
    text = _NAME_TAG.sub(lambda m: " " + (m.group(1).title() if m.group(1).isupper() else m.group(1)) + " ", text)
    text = re.sub(r"\s+", " ", text).strip(" =+<^*")
    return recase(text, body) if all_caps else text


def recase(text: str, body: str) -> str:
    """ALL-CAPS words in the case the body writes them (proper nouns keep capitals);
    words already in mixed case (names from <NAME> tags) stay as they are."""
    seen: dict[str, str] = {}
    for m in re.finditer(r"(?<=[a-z,;] )([A-Za-z][\w'’.-]*)", body):
        word = m.group(1)
        key = word.casefold()
        if key not in seen or (word[0].isupper() and seen[key][0].islower()):
            seen[key] = word
    common = lexicon.get().common_words
    first = True

    def one(m: re.Match) -> str:
        nonlocal first
        word, key = m.group(0), m.group(0).casefold()
        at_start, first = first, False
        if not word.isupper():
            new = word
        elif key in seen:
            new = seen[key]
        elif 1 < len(word) <= 4 and word.isalpha() and key not in _DANGLING and key not in common:
            new = word                   # short all-caps words that are not words are acronyms (SEC, GDP)
        else:
            new = word.lower()
        return new[:1].upper() + new[1:] if at_start else new

    return re.sub(r"[^\W\d_][\w'’.]*", one, text)


def generate(lead: str, people: list[str] = (), max_length: int = TARGET_LENGTH,
             subjects: list[str] = (), story: list[str] = (), off: Collection[str] | None = None) -> str:
    """A short headline from the lead sentence: who did what. When the sentence names
    nobody ("Many parents dread summer"), the story's main organisation or person leads.
    `story` is the story's opening paragraphs (after the dateline), when known; `off` names
    rules of RULES not to apply (by default those in WIREPRESS_HEADLINE_RULES_OFF)."""
    off = rules_off() if off is None else frozenset(off)
    unknown = sorted(set(off) - {r.name for r in RULES})
    if unknown:
        raise ValueError(f"no headline rule named {', '.join(unknown)}")
    tabled = _opening_table(lead, [p.strip() for p in story if p.strip()])
    # A headline comes from the lead's first sentence: the patterns below only ever see its
    # first LEAD_CHARS characters, so that no lead (a 200 KB line) can make them slow.
    lead = _past_editors_note(lead, story)[:LEAD_CHARS]
    text = tabled or _generate(lead, people, max_length, off)
    lex = lexicon.get()
    first_word = re.sub(r"['’]s$", "", text.split()[0].strip(".,:;")) if text else ""
    # a first word that is a place ("Japan's", "Brazil") or not plain letters ("U.S.") names something
    proper_first = first_word and (re.search(r"[a-z,;]\s+%s\b" % re.escape(first_word), lead) is not None or
                                   not first_word.isalpha() or first_word.isupper() or
                                   lexicon.fold(first_word) in lex.regions)
    named = [w for i, w in enumerate(text.split()) if w[:1].isupper() and
             (i > 0 or proper_first or w.strip(".,:;").casefold() not in lex.common_words)]
    if text and not tabled and not named and language.reads_as_english(text) and subjects and subjects[0].casefold() not in text.casefold() and \
            len(subjects[0]) + len(text) + 2 <= MAX_LENGTH:
        text = f"{subjects[0]}: {text}"      # the case kept: "Dutch" may open the sentence
    return text


def _past_editors_note(lead: str, story: list[str]) -> str:
    """An editor's note in parentheses ("(Adds Gov. Cuomo's announcement ...)") is not the
    news: the first paragraph of prose after it is, past a byline."""
    if not (lead.strip().startswith("(") and lead.strip().endswith(")")):
        return lead
    paras = [p.strip() for p in story if p.strip()]
    after = paras[paras.index(lead.strip()) + 1:] if lead.strip() in paras else paras
    return next((p for p in after if len(p) > 60 and not p.startswith(("(", "By "))), lead)


def _opening_table(lead: str, paras: list[str]) -> str | None:
    """A results or dividend table that opens the story is its news, whatever line was taken
    as the lead: it may follow one short line saying which period it covers ("Period ended
    December 31."), and a prose note after it is not the news."""
    for i, para in enumerate(paras[:2]):
        if i == 1 and len(paras[0]) > 40:
            break
        got = from_table(para, "\n".join(paras[i + 1:]))
        if got:
            return got
    return from_table(lead) if not paras else None


_CALLED = re.compile(r",\s+(?:called|known as|dubbed|named)\s+[^,]{2,60},\s+(?=[a-z])")
_SAID_IT = re.compile(r"\s+(?:said|says|announced|reported|stated)\s+(?:(?:on|late|early)\s+\w+\s+|today\s+)?"
                      r"(?:that\s+)?(?:(?:on|late|early)\s+\w+\s+)?(?:it|they|he|she)\s+(?=\w)")
_SAID_ITS = re.compile(r"^([^,]{2,60}?)\s+(?:said|says)\s+(?:(?:on|late|early)\s+\w+\s+|today\s+)?(?:that\s+)?"
                       r"its\s+(?=[a-z])")
_SAID_THAT = re.compile(r"\s+(?:(?:has|had|have)\s+)?(?:said|says)\s+(?:on\s+\w+\s+)?that\s+")
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)
_HAS_DONE = re.compile(r"\s+(?:has|have)\s+(?=announced\b|launched\b|appointed\b|named\b)")
_TODAY = re.compile(r"\btoday\s+")


@dataclass
class Draft:
    """What the rules share while they rewrite one lead: who it names, how long it may be,
    and whether it reads as English (set by the `english` rule; the grammar rules after it
    apply only then: "a" is a word in Spanish)."""
    people: list[str]
    max_length: int
    english: bool = False


@dataclass(frozen=True)
class Rule:
    name: str
    apply: Callable[[str, Draft], str]

    @property
    def doc(self) -> str:
        return (self.apply.__doc__ or "").strip()


# The ordered rewrites of a lead into a headline. Their order is the algorithm: each one
# sees what the ones above it left. Registered by name and priority, highest first, as
# Python-Markdown registers its inline patterns (markdown.util.Registry), so that one can
# be switched off by name (`generate(..., off={"said_it"})`, WIREPRESS_HEADLINE_RULES_OFF)
# and its worth measured (bench/headline_rules.py).
RULES: Registry[Rule] = Registry()
OFF_VARIABLE = "WIREPRESS_HEADLINE_RULES_OFF"


def _rule(name: str, priority: int):
    def register(fn: Callable[[str, Draft], str]):
        RULES.register(Rule(name, fn), name, priority)
        return fn
    return register


@_rule("first_sentence", 300)
def _first_sentence_rule(text: str, draft: Draft) -> str:
    """The lead's first sentence is the news."""
    return first_sentence(text)


@_rule("tickers", 290)
def _tickers_rule(text: str, draft: Draft) -> str:
    """<BAC> tickers go; <GEORGE WESTON LTD> name tags lose their brackets."""
    return _NAME_TAG.sub(r"\1", _TICKER.sub("", text))


@_rule("parentheses", 280)
def _parentheses_rule(text: str, draft: Draft) -> str:
    """Asides in (parentheses) and [brackets] go."""
    return _PAREN.sub("", text)


@_rule("left_dateline", 270)
def _left_dateline_rule(text: str, draft: Draft) -> str:
    """A dateline the parser left at the head of the lead: "New York, Feb 26 - American Express ..."."""
    return _LEFT_DATELINE.sub("", text)


@_rule("acronym_aside", 260)
def _acronym_aside_rule(text: str, draft: Draft) -> str:
    """"Association of International Bond Dealers, AIBD, said ...": the short form names it
    when the long one is long."""
    m = _ACRONYM_ASIDE.match(text)
    if m:
        text = (m.group(2) if len(m.group(1)) > 30 else m.group(1)) + " " + text[m.end():]
    return text


@_rule("appositive", 250)
def _appositive_rule(text: str, draft: Draft) -> str:
    """"Acme Corp, a maker of panels based in Denver, opened ..." -> "Acme Corp opened ..."."""
    return _APPOSITIVE.sub(r"\1 ", text)


@_rule("name_aside", 240)
def _name_aside_rule(text: str, draft: Draft) -> str:
    """"Greece, responding to a warning by Turkey, said ..." -> "Greece said ..."."""
    return _NAME_ASIDE.sub(r"\1 ", text)


@_rule("called", 230)
def _called_rule(text: str, draft: Draft) -> str:
    """"a group of utilities, called the Capco group, agreed" -> "a group of utilities agreed"."""
    return _CALLED.sub(" ", text, count=1)


@_rule("named_apposition", 220)
def _named_apposition_rule(text: str, draft: Draft) -> str:
    """"its subsidiary, ZenaDrone, has begun" -> "its subsidiary ZenaDrone has begun"."""
    return _NAMED_APPOSITION.sub(lambda m: m.group(0) if m.group(1) in _NOT_APPOSED else
                                 f"{m.group(1)} {m.group(2)} ", text, count=1)


@_rule("said_it", 210)
def _said_it_rule(text: str, draft: Draft) -> str:
    """"Acme Corp said it will ..." -> "Acme Corp will ..."."""
    return _SAID_IT.sub(" ", text, count=1)


@_rule("said_its", 200)
def _said_its_rule(text: str, draft: Draft) -> str:
    """"Torchmark Corp said its board authorized ..." -> "Torchmark Corp board authorized ..."
    (not before a name: "Porsche said its Porsche Cars unit" would stutter)."""
    return _SAID_ITS.sub(r"\1 ", text, count=1)


@_rule("said_that", 190)
def _said_that_rule(text: str, draft: Draft) -> str:
    """"Minister Angelino Alfano has said that the declaration is unacceptable" -> "... Alfano:
    the declaration is unacceptable" (a short subject speaks; a longer one keeps "says")."""
    return _SAID_THAT.sub(lambda m: ": " if len(m.string[: m.start()].split()) <= 6 else " says ", text, count=1)


@_rule("leading_article", 180)
def _leading_article_rule(text: str, draft: Draft) -> str:
    """No "The"/"A" opening the headline."""
    return _LEADING_ARTICLE.sub("", text)


@_rule("pleased_to_announce", 170)
def _pleased_rule(text: str, draft: Draft) -> str:
    """"Acme is pleased to announce" -> "Acme announces"."""
    return _PLEASED.sub(_announce, text, count=1)


@_rule("announced_deed", 160)
def _announced_deed_rule(text: str, draft: Draft) -> str:
    """"announces the launch of X" -> "launches X": the news is the deed, not its announcement."""
    return _ANNOUNCED_DEED.sub(_deed, text, count=1)


@_rule("has_done", 150)
def _has_done_rule(text: str, draft: Draft) -> str:
    """"Acme has announced" -> "Acme announced" (the tense rule then makes it "announces")."""
    return _HAS_DONE.sub(" ", text, count=1)


@_rule("openers", 140)
def _openers_rule(text: str, draft: Draft) -> str:
    """An opening time phrase or connective goes ("On June 28, 2018,", "Meanwhile,"), twice over."""
    for _ in range(2):
        text = _OPENERS.sub("", text).strip()
    return text


@_rule("subordinate", 130)
def _subordinate_rule(text: str, draft: Draft) -> str:
    """"As electric vehicles gain ground, VinFast amplifies ...": the main clause follows the comma."""
    m = _SUBORDINATE.match(text)
    if m and len(text) - m.end() > 25:
        text = text[m.end():]
    return text


@_rule("full_stop", 120)
def _full_stop_rule(text: str, draft: Draft) -> str:
    """One space between words, no full stop at the end."""
    return _SPACES.sub(" ", text).strip().rstrip(".")


@_rule("attribution", 110)
def _attribution_rule(text: str, draft: Draft) -> str:
    """", Kazinform has learnt from ...", ", the company said" at the end go (when four words stay)."""
    stripped = _strip_attribution(text).strip()
    return stripped if len(stripped.split()) >= 4 else text


@_rule("relative_clause", 100)
def _relative_clause_rule(text: str, draft: Draft) -> str:
    """", which ...", ", who ...", ", a leading provider ..." clauses go."""
    return _RELATIVE.sub(_relative_gap, text).strip(" ,")


@_rule("job_titles", 90)
def _job_titles_rule(text: str, draft: Draft) -> str:
    """A sentence still too long loses people's job titles before their names."""
    if len(text) > draft.max_length and draft.people:
        text = _drop_titles(text, draft.people)
    return text


@_rule("today", 80)
def _today_rule(text: str, draft: Draft) -> str:
    """"today" goes: a headline is of the day."""
    return _SPACES.sub(" ", _TODAY.sub("", text)).strip(" ,;:-")


@_rule("english", 70)
def _english_rule(text: str, draft: Draft) -> str:
    """Whether the sentence reads as English: articles and tenses below are English grammar."""
    draft.english = language.reads_as_english(text)
    return text


@_rule("headlinese_to_fit", 60)
def _headlinese_to_fit_rule(text: str, draft: Draft) -> str:
    """A sentence that fits MAX_LENGTH once in headline style, with no clause boundary to cut
    at, is set in headline style: better than a cut between words."""
    if draft.english and len(text) > MAX_LENGTH and len(headlinese(text)) <= MAX_LENGTH and \
            not any(40 <= m.start() <= MAX_LENGTH for m in _CUTS.finditer(text)):
        text = headlinese(text)
    return text


@_rule("cut", 50)
def _cut_rule(text: str, draft: Draft) -> str:
    """Too long: cut at a clause boundary, never inside a name (see `_cut`)."""
    if len(text) > draft.max_length:
        text = _cut(text, draft.max_length)
    return text


@_rule("edge_punctuation", 40)
def _edge_punctuation_rule(text: str, draft: Draft) -> str:
    """No punctuation or quote mark left at either end."""
    return text.strip(" ,;:-–—\"“”'")


@_rule("headline_style", 30)
def _headline_style_rule(text: str, draft: Draft) -> str:
    """English in headline style: no articles, no days, "to" for "will" (see `headlinese`)."""
    return headlinese(text) if draft.english else text


@_rule("present_tense", 20)
def _present_tense_rule(text: str, draft: Draft) -> str:
    """English in the present tense: "Acme launched" -> "Acme launches"."""
    return present_tense(text) if draft.english else text


@_rule("dangling_words", 10)
def _dangling_words_rule(text: str, draft: Draft) -> str:
    """No dangling "of", possessive without its noun or open quote at the end."""
    return _trim_dangling(text)


@_rule("capital", 0)
def _capital_rule(text: str, draft: Draft) -> str:
    """The first letter in capitals."""
    return text[:1].upper() + text[1:] if text else text


def rules_off(environ=os.environ) -> frozenset[str]:
    """The rules named in WIREPRESS_HEADLINE_RULES_OFF (comma-separated): switched off to measure
    what each is worth; an unknown name is logged and ignored."""
    names = frozenset(n.strip() for n in environ.get(OFF_VARIABLE, "").split(",") if n.strip())
    unknown = sorted(n for n in names if n not in RULES)
    if unknown:
        log.warning("wire headline: %s names no rule: %s (rules: %s)", OFF_VARIABLE, ", ".join(unknown),
                    ", ".join(r.name for r in RULES))
    return names - set(unknown)


def _generate(lead: str, people: list[str], max_length: int, off: Collection[str] = ()) -> str:
    draft, text = Draft(list(people), max_length), lead
    for rule in RULES:
        if rule.name not in off:
            text = rule.apply(text, draft)
    return text


# Headline style, as (pattern, replacement, flags, needle): the needle is a word the pattern
# cannot match without, so that most headlines skip most patterns cheaply ("day": every
# English day name ends in it).
_HEADLINESE = [(re.compile(pattern, flags), repl, needle) for pattern, repl, flags, needle in [
    # when: headlines leave the day out ("on Tuesday", "late Monday", "said Tuesday")
    (r"(?:(?<=\s)|^)(?:(?:on|late|early|last|this|next)\s+)?(?:" + alternation(words("weekdays")) +
     r")(?:\s+(?:night|morning|afternoon|evening))?\b", lambda m: _drop_day(m), re.I, "day"),
    (r"\s+(?:" + alternation(words("filler_phrases")) + r")\b", "", re.I, ""),
    # future and intention read "to" in headlines ("Acme to buy Beta")
    # ("have agreed to" as a whole: "have to purchase" would say something else)
    (r"(?<!\bthat)(?<!\bwhich)(?<!\bwho)(?<!\bit)(?<!\bthey)\s+(?:" + alternation(words("future_phrases")) +
     r")\s+(?=\w)", " to ", re.I, ""),
    # company-form suffixes: "Acme Corp" reads "Acme" in a headline (case-sensitive: "co" is not "Co")
    (r"(?<=\w)(?<!\band)(?<!\bAND)(?<!\bAnd)\s+(?:" + alternation(used_for("company_suffixes", "headline")) + r")\b\.?,?", "", 0, ""),
    # articles and possessive pronouns
    (r"(?:(?<=\s)|^)(?:the|a|an|its|their)\s+(?=\w)", "", re.I, ""),
    # headlines abbreviate these three
    # (not in a name: "United States Lines", "United States of America")
    (r"\bUnited States\b(?! of\b)(?!\s+(?-i:[A-Z]))\.?", "U.S.", re.I, "united"),
    (r"\bUnited Kingdom\b(?!\s+(?-i:[A-Z]))\.?", "U.K.", re.I, "united"),
    (r"\bUnited Nations\b(?!\s+(?-i:[A-Z]))\.?", "U.N.", re.I, "united"),
]]
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,;:])")
_SPACES = re.compile(r"\s+")


_KEEP_BEFORE_DAY = word_set("day_qualifiers")


def _drop_day(m: re.Match) -> str:
    """The day goes when it only says when ("said Tuesday", "on Monday"); a day that is part
    of a date or a name stays ("the first Tuesday of May", "Black Friday", "Super Tuesday")."""
    if m.group(0).split()[0].casefold() in ("on", "late", "early", "last", "this", "next"):
        return ""
    # the word before, from a short window: splitting all the text before every match was
    # quadratic (a 210 KB line of day names took 14 s)
    before = m.string[max(0, m.start() - _WORD_WINDOW): m.start()].split()
    prev = before[-1] if before else ""
    if prev and (not prev.islower() or prev in _KEEP_BEFORE_DAY):
        return m.group(0)
    return ""


def headlinese(text: str) -> str:
    """Headline style: no articles, no days, no company forms, "to" for "will", U.S. for United States."""
    low = text.casefold()
    for pattern, repl, needle in _HEADLINESE:
        if needle in low:
            text = pattern.sub(repl, text)
    return _SPACE_BEFORE_PUNCT.sub(r"\1", _SPACES.sub(" ", text)).strip(" ,")


_IRREGULAR = table("irregular_verbs")       # past -> present: "sold" -> "sells"


# "two affiliated firms", "previously owned homes": after these a participle is an adjective
_ADJECTIVE_MARKERS = word_set("adjective_markers")
# a plural head noun ("receivers", "stocks"), "they", or two common nouns joined by "and"
# ("translation and interpretation"); "Trade and Industry" is one name
_PLURAL_SUBJECT = re.compile(r"(?:^|\s)(?:they|we|[a-z][a-z-]*[^s'’\W]s|[a-z][\w-]*\s+and\s+[a-z][\w-]*)\s*$")
_OF_PHRASE = re.compile(r"\s+(?:of|in|at|for|from|on|with|under|near)\s+")


def present_tense(text: str) -> str:
    """"Acme launched a rocket" -> "Acme launches a rocket": headlines speak in the present.
    Only the first verb within the first words (and a second one joined to it by "and":
    "received and accepted" -> "receives and accepts"), only when the stem is a known word;
    a plural subject takes the plain form ("receivers have appointed" -> "receivers appoint")."""
    common = lexicon.get().common_words
    words = text.split(" ")
    for i, word in enumerate(words[1:8], start=1):
        low = word.casefold()
        prev = words[i - 1].casefold()
        if prev in ("is", "are", "was", "were") and low.endswith("ing") and len(low) > 5:
            stem = low[:-3]
            # "making" -> "make" (consonant, vowel, consonant: the e was dropped), "seeking" -> "seek"
            cvc = len(stem) > 2 and stem[-1] not in "aeiouwxy" and stem[-2] in "aeiou" and stem[-3] not in "aeiou"
            tries = (stem + "e", stem) if cvc else (stem, stem + "e")
            verb = next((v for v in tries + (stem[:-1] if stem[-1:] == stem[-2:-1] else "",)
                         if v and v in common), None)
            if verb:                # "Venezuela is seeking" -> "Venezuela seeks"
                words[i - 1] = ""
                words[i] = verb if prev in ("are", "were") else verb + ("es" if verb.endswith(("ch", "sh", "s", "x", "z")) else "s")
                return re.sub(r"\s+", " ", " ".join(words)).strip()
        if prev in ("was", "were", "been", "be", "being", "is", "are"):
            return text            # passive: "debt was downgraded" stays
        if prev in ("at", "of", "in", "on", "for", "with", "by", "to", "from", "and", "or", "just", "once",
                    "a", "an", "the", "newly", "already", "appears", "appear", "seems", "seem", "remains",
                    "remain", "looks", "look", "became", "become", "becomes", "get", "gets", "got") or prev.endswith("ly") or prev in _ADJECTIVE_MARKERS or \
                prev[:1].isdigit():
            continue               # "talks at extended meeting", "two affiliated firms": an adjective
        nxt = words[i + 1].casefold() if i + 1 < len(words) else ""
        new = None
        if low in _IRREGULAR and not words[i - 1][:1].islower() or low in _IRREGULAR and i > 1:
            new = _IRREGULAR[low]
        elif low.endswith("ed") and len(low) > 4 and word.islower():
            new = _third_person(low, common)
        elif low == "had" and i > 0 and not nxt.endswith(("ed", "en")) and nxt not in _IRREGULAR:
            new = "has"            # "Greece had the right" -> "Greece has the right"
        if new and (nxt == "by" or low not in _SAYING and _verb_follows(words[i + 1:i + 4]) or
                    words[i - 1].endswith(",") and low.endswith("ed") and low not in _SAYING and
                    not _COMPANY_FORM.fullmatch(words[i - 1].rstrip(",."))):
            continue               # "stocks held by refineries fell", "proposed offerings were filed",
                                   # "Day, observed on ...,": a participle, the verb comes later
        if new:
            subject = " ".join(words[: i - 1] if prev in ("has", "have", "had") else words[:i])
            head = _OF_PHRASE.split(subject)[0]          # "receivers of Dick Smith": "receivers"
            if " " not in head and head.casefold() in common:
                head = head.casefold()                    # "Sales rose": a sentence's first word
            plural = prev == "have" or (prev != "has" and _PLURAL_SUBJECT.search(head) is not None)
            if prev in ("has", "have", "had"):
                words[i - 1] = ""
            words[i] = _plain(new) if plural else new
            # "received and accepted": the verb joined to it turns too
            if nxt == "and" and i + 2 < len(words) and words[i + 2].islower() and words[i + 2].endswith("ed"):
                other = _third_person(words[i + 2], common)
                if other:
                    words[i + 2] = _plain(other) if plural else other
            return re.sub(r"\s+", " ", " ".join(words)).strip()
        if low in ("has", "have", "had"):
            continue
        if word[:1].islower() and low not in ("and", "of", "&") and i >= 4:
            break                  # past the subject without a verb: leave it
    return text


_SAYING = word_set("saying_verbs")


def _verb_follows(words: list[str]) -> bool:
    """An auxiliary within the next words, before any comma or relative pronoun."""
    for word in words:
        if word.casefold() in ("was", "were", "is", "are", "has", "have", "will"):
            return True
        if word.endswith((",", ";", ":")) or word.casefold() in ("which", "that", "who", "and", "but", "to", "it",
                                                                  "they", "he", "she", "we"):
            return False
    return False


def _plain(third: str) -> str:
    """"rises" -> "rise", "carries" -> "carry", "pushes" -> "push": the form after a plural subject."""
    if third == "has":
        return "have"
    if third.endswith("ies") and len(third) > 4:
        return third[:-3] + "y"
    if third.endswith(("ches", "shes", "sses", "xes", "zes", "oes")):
        return third[:-2]
    return third[:-1] if third.endswith("s") else third


def _third_person(past: str, common) -> str | None:
    if past.endswith("ied") and past[:-3] + "y" in common:
        return past[:-3] + "ies"
    if len(past) > 5 and past[-3] == past[-4] and past[:-3] in common and past[-3] not in "ls":
        return past[:-3] + "s"                       # stopped -> stops
    stem_e, stem = past[:-1], past[:-2]
    if stem_e in common and not stem_e.endswith("ee") and (stem not in common or stem_e.endswith(
            ("ce", "ge", "ve", "se", "ze", "ue", "re", "te", "de", "me", "ne", "pe", "ke", "le"))):
        return stem_e + "s"                          # approved -> approves, issued -> issues
    if stem in common:
        return stem + ("es" if stem.endswith(("ch", "sh", "s", "x", "z")) else "s")
    return None


_ABBREVIATION = re.compile(
    r"(?!(?:" + alternation(words("short_names")) + r")$)[A-Z][a-z]{0,3}|(?:[A-Z]\.?){1,3}|(?:[A-Za-z]\.){1,3}[A-Za-z]|"
    + alternation(words("abbreviations")))


_SENTENCE_END = re.compile(r"[.!?](?=[\"”’]?\s+[A-Z\"“(]|$)")
_WORD_WINDOW = 40       # characters before a match that hold the word before it


def first_sentence(text: str) -> str:
    """The first sentence; abbreviations ("U.S.", "Inc.", "Feb.") do not end it."""
    for m in _SENTENCE_END.finditer(text):
        # the word before the stop, from a short window (an abbreviation is a few letters; the
        # whole text before every stop made many "A. B." quadratic)
        words = text[max(0, m.start() - _WORD_WINDOW): m.start()].split()
        before = words[-1] if words else ""
        # short capitalised words may be abbreviations ("Alex. Brown"), months are not ("in July.")
        if _ABBREVIATION.fullmatch(before.rstrip(".").lstrip("(\"“")):
            continue
        return text[: m.start() + 1]
    return text


_COMPANY_FORM = re.compile(r"\s*(?:" + alternation(words("name_endings")) + r")\b")


def _drop_titles(text: str, people: list[str]) -> str:
    for person in people:
        at = text.find(person)
        if at <= 0:
            continue
        if _COMPANY_FORM.match(text, at + len(person)) or re.match(r"\s+[A-Z]", text[at + len(person):]):
            continue            # "VDO Werk Adolf Schindling GmbH", "New York Stock Exchange": a bigger name
        before = text[:at]
        m = re.search(r"((?:the\s+)?(?:[A-Z][\w.'’-]*\s+(?:(?:of|for|and|the)\s+)?)+)$", before)
        if m and len(m.group(1).split()) >= 1:
            text = before[: m.start()] + text[at:]
    return text


def _cut(text: str, max_length: int) -> str:
    """Cut at the last clause boundary that fits; a whole sentence up to MAX_LENGTH beats a
    cut; past that, cut between words, never between the words of a name."""
    cuts = [m.start() for m in _CUTS.finditer(text) if 40 <= m.start() <= MAX_LENGTH]
    if cuts and cuts[0] <= max_length:
        return _trim_dangling(text[: max(c for c in cuts if c <= max_length)])
    if len(text) <= MAX_LENGTH:
        return text
    if cuts:                    # a clause boundary a little past the target beats a cut between words
        return _trim_dangling(text[: cuts[0]])
    words, kept = text.split(), []
    for word in words:
        if len(" ".join(kept + [word])) > MAX_LENGTH:
            break
        kept.append(word)

    def in_name(j: int) -> bool:    # "Securities and Exchange Commission" is one name
        if words[j][:1].isupper() or re.fullmatch(r"\d+(?:st|nd|rd|th)", words[j]) and j + 1 < len(words) and \
                words[j + 1][:1].isupper():
            return True         # ("116th Street Festival" too)
        return words[j] in ("and", "of", "&", "de", "for") and 0 < j < len(words) - 1 and \
            words[j - 1][:1].isupper() and words[j + 1][:1].isupper()

    n = len(kept)
    if n < len(words) and in_name(n):
        while n > 3 and in_name(n - 1):
            n -= 1              # "... and Michael" | "Pompeo": drop the half name
    kept = kept[:n]
    if n < len(words):
        # cut between words: end before the last "and"/"or" in the second half rather than
        # leave a coordinated phrase half said ("distribute tokens and attract")
        joins = [j for j in range(len(kept) // 2, len(kept) - 1) if kept[j] in ("and", "or") and not in_name(j)
                 and _starts_clause(kept[j + 1]) and len(" ".join(kept[:j])) >= 40
                 and any(_starts_clause(w) and w.casefold() not in _DETERMINERS or w in ("announces", "announce")
                         for w in kept[1:j])]   # past the verb: "X and his father told" keeps both
        if joins:
            kept = kept[: joins[-1]]
    return _trim_dangling(" ".join(kept))


_DETERMINERS = word_set("determiners")


def _starts_clause(word: str) -> bool:
    """After "and": a verb or a new noun phrase ("and attract", "and took", "and the"), not
    the second half of a pair ("gold and copper", "1986 and 1987")."""
    low = word.casefold()
    return low in ("to", "the", "a", "an", "its", "their", "his", "her", "it", "they", "he", "she", "we",
                   "will", "would", "can", "could", "may", "might", "expects", "plans", "is", "are", "was",
                   "were", "has", "have", "had") or low in _IRREGULAR or low in _IRREGULAR.values() or \
        (low.endswith("ed") and word.islower())


def _trim_dangling(text: str) -> str:
    """No dangling "of", no possessive without its noun ("release of company's"), no quote
    left open ("wins for "Big"): those words go."""
    words = text.rstrip(" ,;:").split()
    while len(words) > 3:
        last = words[-1].casefold().strip(".,;:")
        if last.endswith(("'s", "’s")) and words[-1][:1].isupper():
            while len(words) > 3 and words[-1][:1].isupper():
                words.pop()     # "criticized Olaf Scholz's": the owner's whole name goes with it
        elif last in _DANGLING or last.endswith(("'s", "’s")) or _open_quote(" ".join(words)):
            words.pop()
        else:
            break
    return " ".join(words)


def _open_quote(text: str) -> bool:
    if text.count("“") > text.count("”"):
        return True
    return '"' in text and re.sub(r"(?<=\w)\"(?=s\b)", "", text).count('"') % 2 == 1   # Britain"s: an apostrophe
