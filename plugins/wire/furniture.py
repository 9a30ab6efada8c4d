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

# possessive quantifiers: a long heading line is read once, never backtracked into
_HEADING = re.compile(r"^[^\S\n]*+#{1,6}+(?P<text>[^#\n]*+)#*+[^\S\n]*+$")
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


# The only lines body() must read one by one: a "#" or "*" first (a heading, a disclaimer).
# Found by one pass in C over the text (no pattern crosses a line: [^\S\n] is a space that
# is not a newline), so a million one-word lines cost one scan, not a million Python steps.
# (The pattern opens with a literal "\n", which the engine scans for quickly, so body()
# reads "\n" + text.)
_MARKED = re.compile(r"\n[^\S\n]*[#*][^\n]*")
_BLANK = re.compile(r"^[^\S\n]*$", re.M)
# How many such lines are read one by one: a release has a few headings; a file of a million
# "#" lines is not one, and the lines past these are left as text (escaped as ever).
MAX_MARKED = 2_000


def body(text: str) -> str:
    """Text copy without desk notes and disclaimer lines; heading marks dropped."""
    out: list[str] = []         # kept lines, and runs of unmarked lines as one string
    skipping: bool | str = False
    at = 0                      # start of the next line not yet read
    if "#" not in text and "*" not in text:
        return text
    for n, m in enumerate(_MARKED.finditer("\n" + text)):
        if n == MAX_MARKED:     # past any release's headings: the rest is left as text
            break
        start, end = m.start(), m.end() - 1          # the line's place in text
        if start > at:          # the unmarked lines before this one
            skipping = _unmarked(text[at:start - 1], skipping, out)
        skipping = _marked(m.group(0)[1:], skipping, out)
        at = end + 1
    if at <= len(text):
        _unmarked(text[at:], skipping, out)
    return "\n".join(out)


def _unmarked(lines: str, skipping, out: list[str]):
    """Lines with no heading or disclaimer among them: kept, or dropped under a desk
    heading (a desk note of its own ends at its first blank line)."""
    if skipping == "all":
        return skipping
    if skipping:
        blank = _BLANK.search(lines)
        if blank is None:
            return skipping
        lines = lines[blank.start():]
    out.append(lines)
    return False


def _marked(line: str, skipping, out: list[str]):
    m = _HEADING.match(line) if "#" in line else None
    words = m.group("text").strip() if m else ""
    if words:
        skipping = bool(_DESK.match(words))
        # a desk heading of level 1 ("# Notebook") holds the sub-heads under it
        if skipping and line.lstrip().startswith("# "):
            skipping = "all"
        if not skipping:
            out.append(words)
        return skipping
    if skipping == "all" or (skipping and line.strip()):
        return skipping
    if not _DISCLAIMER.match(line):
        out.append(line)
    return skipping


def paragraphs(paras: list[str], tables: set[int]) -> tuple[list[str], set[int]]:
    """Paragraphs with link syntax as its text, link-only paragraphs and a final desk code
    dropped; table indices renumbered."""
    out, kept = [], set()
    for i, para in enumerate(paras):
        if i in tables:
            kept.add(len(out))
            out.append(para)
            continue
        # each pattern only where its mark is: "](" for links, "*" for a disclaimer
        if "*" in para and _DISCLAIMER.match(para):
            continue
        if "](" in para:
            if _LINKS_ONLY.match(para.strip()):
                continue
            para = _LINK.sub(lambda m: m.group("text"), para)
        out.append(para)
    while out and len(out) - 1 not in kept and _DESK_CODE.match(out[-1].strip()):
        out.pop()
    return out, kept
