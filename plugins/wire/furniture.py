"""Wire furniture a reader should not see, by general rules (pure functions):

- desk notes under a Markdown-style desk heading ("# Notebook", "## Note to editors",
  "## Internet links", "## Refile"): dropped with what they hold, to the next heading;
  any other "# Heading" line in text copy is its words alone (wire text stays text);
- Markdown link syntax "[text](url)" left in text: the text; a paragraph that is only
  links ("[Original/Source Press Release](url)") is dropped, since its URL is not live;
- a desk code line at the end ("dpa grj rmo": the agency's code and editors' initials);
- a machine-translation marker at the end of a headline ("*** TRANSLATED ***") and its
  disclaimer line ("*** DISCLAIMER: THIS IS AN AUTOMATED TRANSLATION ... ***").
"""
from __future__ import annotations

import re

_HEADING = re.compile(r"^\s*#{1,6}\s*(?P<text>[^#\n]*?)\s*#*\s*$")
_DESK = re.compile(r"(?i)^(?:notebook|notes?\s+to\s+(?:editors?|the\s+desk)|editor'?s?\s+notes?|"
                   r"internet\s+links?|links?|refile|desk\s+notes?|for\s+the\s+desk)$")
_LINK = re.compile(r"(?<!!)\[(?P<text>[^\]\n]{1,300})\]\((?:https?://|mailto:|www\.)[^)\s]*\)")
_LINKS_ONLY = re.compile(r"^(?:[-*•]\s*)?(?:(?<!!)\[[^\]\n]*\]\([^)\s]*\)[\s|·•,;-]*)+$")
# an agency's code and its editors' initials, lower case, alone on the last line
_DESK_CODE = re.compile(r"^(?:dpa|apa|sda|ats|afp|kna|epd|anp|ansa|efe|ap|tt|ntb|stt|ritzau|belga)"
                        r"(?:[ \t/]+[a-z]{2,4}){1,6}$")
_TRANSLATED = re.compile(r"\s*\*{2,}\s*(?:machine\s+|automated\s+)?translated\s*\*{0,}\s*$", re.I)
_DISCLAIMER = re.compile(r"^\s*\*{2,}\s*disclaimer\b.*\btranslat.*$", re.I)


def is_disclaimer(para: str) -> bool:
    return bool(_DISCLAIMER.match(para))


def headline(text: str | None) -> str | None:
    """The headline without a translation marker at its end."""
    if not text:
        return text
    return _TRANSLATED.sub("", text).strip() or text


def body(text: str) -> str:
    """Text copy without desk notes and disclaimer lines; heading marks dropped."""
    out, skipping = [], False
    for line in text.split("\n"):
        m = _HEADING.match(line) if "#" in line else None
        if m and m.group("text"):
            skipping = bool(_DESK.match(m.group("text")))
            # a desk heading of level 1 ("# Notebook") holds the sub-heads under it
            if skipping and line.lstrip().startswith("# "):
                skipping = "all"
            if not skipping:
                out.append(m.group("text"))
            continue
        if skipping == "all" or (skipping and line.strip()):
            continue
        skipping = False if not line.strip() and skipping is True else skipping
        if _DISCLAIMER.match(line):
            continue
        out.append(line)
    return "\n".join(out)


def paragraphs(paras: list[str], tables: set[int]) -> tuple[list[str], set[int]]:
    """Paragraphs with link syntax as its text, link-only paragraphs and a final desk code
    dropped; table indices renumbered."""
    out, kept = [], set()
    for i, para in enumerate(paras):
        if i in tables:
            kept.add(len(out))
            out.append(para)
            continue
        if _LINKS_ONLY.match(para.strip()) or _DISCLAIMER.match(para):
            continue
        out.append(_LINK.sub(lambda m: m.group("text"), para))
    while out and len(out) - 1 not in kept and _DESK_CODE.match(out[-1].strip()):
        out.pop()
    return out, kept
