"""The body of a story: paragraphs, tables, sign-offs, About and contact sections.

Agencies mark paragraphs three ways: blank lines, an indented first line
(Reuters-21578, ANPA), or one paragraph a line with no wrapping (many releases).
Hard-wrapped lines inside a paragraph are joined; table rows keep their lines.
"""
from __future__ import annotations

import re

from .story import Section

# Sign-offs and transmission codes at the end of copy.
_SIGNOFF = re.compile(
    r"^\s*(?:reuter|reuters|-+\s*30\s*-+|#{3,}|#\s*#\s*#|-\s*-\s*-|\(?end\)?|nnnn|zczc|"
    r"ends|endit|\+\+\+|xxx|\*{3,}|=+|ap-[a-z]{2}-\d{2}-\d{2}-\d{2}.*|[a-z]{2,4}\s*\d{6}\s*gmt.*)\s*$", re.I)
_ABOUT = re.compile(r"^\s*(?:about|à propos de|über|acerca de|om|tietoja)\s+(.{2,80}?)\s*:?\s*$", re.I)
_CONTACT = re.compile(
    r"^\s*(?:media\s+contacts?|press\s+contacts?|contacts?|media\s+inquiries|media\s+enquiries|"
    r"press\s+inquiries|investor\s+(?:relations|contacts?)|for\s+(?:more|further)\s+information"
    r"(?:\s*,?\s*(?:please\s+)?contact)?|contact\s+information|kontakt)\s*:?\s*(.*)$", re.I)
# "About Acme: Acme makes ..." in one paragraph (compiled once: each of the 25,000
# paragraphs of a 5 MB file paid re.match's cache look-up)
_INLINE_ABOUT = re.compile(r"^\s*About\s+([A-Z][^:]{1,60}?)\s*[:–—-]\s+(.{40,})$", re.S)
_IMAGE_LINE = re.compile(r"\s*!\[[^\]]*\]\([^)\s]*\)\s*$")
_INDENTED = re.compile(r"(?:\t| {2,})\S")
_SPACES = re.compile(r"[ \t]{2,}")
_SPACE_RUN = re.compile(r"  +")
_TABLE_ROW = re.compile(r"\S\s{3,}\S|\S;\S+;\S|\t\S|\.{4,}")
_BLANK_LINES = re.compile(r"\n\n\n+")


MAX_PARAGRAPHS = 50_000   # 5 MB of real copy has about 25,000; each costs some microseconds


class TooManyParagraphs(ValueError):
    """Text in more paragraphs than any story has (a million one-word lines between blank
    ones): refused before the per-paragraph work, which would take seconds."""


def split(body: str) -> tuple[list[str], set[int]]:
    """Paragraphs of plain text, and the indices of those that are tables (keep lines).
    Raises TooManyParagraphs past MAX_PARAGRAPHS."""
    # Work on the text, not its lines, wherever string methods run from C can do it: a 5 MB
    # file can be a million short lines (one list of them cost 0.1 s, and each block was
    # split, stripped and joined again three times); patterns run only on lines a cheap
    # test says they may match.
    text = _without_line_end_blanks(body)
    if "![" in text:
        text = _images_apart(text)
    # Blocks of non-blank lines: each run of blank lines one "\n\n", a block a piece of the
    # text between them (a list per group of itertools.groupby cost 3 s for 800,000
    # one-word paragraphs)
    text = _BLANK_LINES.sub("\n\n", text).strip("\n")
    pieces = text.split("\n\n") if text else []
    if len(pieces) > MAX_PARAGRAPHS:
        raise TooManyParagraphs(_too_many(len(pieces)))
    paragraphs, tables = [], set()
    for piece in pieces:
        if len(paragraphs) > MAX_PARAGRAPHS:        # a block can part into many (indents)
            raise TooManyParagraphs(_too_many(len(paragraphs)))
        if "\n" not in piece:      # one line is one paragraph: a file can be 15,000 of them
            paragraphs.append(_squeeze(piece.strip()))
            continue
        block = piece.split("\n")
        # "About Acme" / "Media Contact:" heading lines start a section, even without a blank line
        if len(block[0]) <= 90 and (_ABOUT.match(block[0]) or _CONTACT.match(block[0])):
            paragraphs.append(block[0].strip())
            if _CONTACT.match(block[0]):
                paragraphs.append("\n".join(ln.strip() for ln in block[1:]))   # keep address lines
                continue
            block = block[1:]
            piece = piece.partition("\n")[2]
        for para, is_table in _split_block(block, piece):
            if is_table:
                tables.add(len(paragraphs))
            paragraphs.append(para)
    if len(paragraphs) > MAX_PARAGRAPHS:
        raise TooManyParagraphs(_too_many(len(paragraphs)))
    return paragraphs, tables


def _too_many(n: int) -> str:
    return f"{n:,} paragraphs or more: more than a wire story has (limit {MAX_PARAGRAPHS:,})"


# Every whitespace character but the line end, as a space ("\n" kept): for ASCII text
_BLANKS_AS_SPACE = bytes(ord(" ") if chr(c).isspace() and c != 10 else c for c in range(256))


def _without_line_end_blanks(body: str) -> str:
    """`"\n".join(map(str.rstrip, body.split("\n")))`, without the list of lines when no
    line ends in a blank (ASCII text, found by one C pass over its bytes)."""
    if body.isascii():
        mapped = body.encode("ascii").translate(_BLANKS_AS_SPACE)
        if b" \n" not in mapped and not mapped.endswith(b" "):
            return body
    return "\n".join(map(str.rstrip, body.split("\n")))


def _images_apart(text: str) -> str:
    """The text with blank lines around each image line ("![Photo](https://...)"): a block
    of its own. Only the lines that hold "![" are read, each once."""
    out, last = [], 0
    at = text.find("![")
    while at >= 0:
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        if _IMAGE_LINE.match(text, start, end):
            out.append(text[last:start])
            out.append("\n" + text[start:end] + "\n")
            last = end
        at = text.find("![", end)
    out.append(text[last:])
    return "".join(out)


# A line of a block (its lines end in no blank) that opens with one: the block's lines
# need stripping
_LINE_OPENS_BLANK = re.compile(r"\n[^\S\n]")


def _split_block(block: list[str], joined: str | None = None) -> list[tuple[str, bool]]:
    """Paragraphs of a block of non-blank lines (`joined`: the block's text, its lines
    joined, when the caller has it)."""
    if len(block) == 1:      # one line is one paragraph (what the steps below give it), fast:
        return [(_squeeze(block[0].strip()), False)]      # a file can be a million of them
    if joined is None:
        joined = "\n".join(block)
    # the lines stripped, and joined: the block as it is when no line opens with a blank
    if joined[:1].isspace() or _LINE_OPENS_BLANK.search(joined):
        stripped = list(map(str.strip, block))
        stripped_text = "\n".join(stripped)
    else:
        stripped, stripped_text = block, joined
    # a row anywhere in a line is a match in the joined lines too: no match, no table (the
    # lines stripped: an indent of four spaces is not a run of columns)
    if _may_be_table(stripped_text) and _is_table(stripped, stripped_text):
        return [(joined, True)]
    # a set: `i in` a list of every indented line was quadratic (a 1.7 MB indented file stalled)
    may_indent = joined[:1] in (" ", "\t") or "\n " in joined or "\n\t" in joined
    indented = {i for i, ln in enumerate(block) if ln[:1] in " \t" and _INDENTED.match(ln)} if may_indent else set()
    long_lines = sum(1 for ln in block if len(ln) > 110) if max(map(len, block)) > 110 else 0
    by_indent = len(indented) < len(block)
    by_line = long_lines >= len(block) * 0.6 and len(block) > 1
    if not by_line and not (by_indent and indented - {0}):
        return [(_join(stripped, stripped_text), False)]      # one paragraph
    out, para = [], []
    for i, line in enumerate(stripped):
        starts_new = i > 0 and (by_line or (by_indent and i in indented))
        if starts_new and para:
            out.append((_join(para), False))
            para = []
        para.append(line)
    if para:
        out.append((_join(para), False))
    return out


def _may_be_table(joined: str) -> bool:
    """Whether any line of the block can be a table row, by string tests alone: a row has
    a run of 3 spaces, a tab, a ";", "...." or (in a run of blanks) other whitespace."""
    if "   " in joined or "\t" in joined or ";" in joined or "...." in joined:
        return True
    return any(ch in joined for ch in odd_spaces(joined))


# What `\s` matches (str.isspace) besides space, tab and line end: with none of them, a
# run of three blanks is three spaces or has a tab (tests/wire/test_linear.py checks
# the list). Testing for each with `in` is a fast scan; _TABLE_ROW costs up to 60 ns a
# character of text that is not a table.
_ASCII_ODD_SPACES = "\x0b\x0c\r\x1c\x1d\x1e\x1f"
_ODD_SPACES = _ASCII_ODD_SPACES + ("\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
                                   "\u2009\u200a\u2028\u2029\u202f\u205f\u3000")


def odd_spaces(text: str) -> str:
    """The whitespace characters but space, tab and line end that `text` may hold."""
    return _ASCII_ODD_SPACES if text.isascii() else _ODD_SPACES


def _is_table(lines: list[str], text: str | None = None) -> bool:
    """Half the lines (stripped) or more, at least two, are table rows; counting stops once
    the answer is known, so a long block of prose is read only halfway. (`text`: the lines
    joined, when the caller has it.)"""
    need = max(2, len(lines) // 2)
    if len(lines) > _FEW_LINES:
        return _rows_at_least(lines, need, text)
    rows = 0
    for n, ln in enumerate(lines):
        if _TABLE_ROW.search(ln):
            rows += 1
            if rows >= need:
                return True
        elif rows + len(lines) - n - 1 < need:
            return False
    return False


_FEW_LINES = 32      # longer blocks: the pattern runs only on lines a string search finds


def _rows_at_least(lines: list[str], need: int, text: str | None = None) -> bool:
    """Whether `need` of the stripped `lines` are table rows (_TABLE_ROW finds a match in
    them), for a long block: every row holds "   ", ";", a tab, "...." or other whitespace,
    so str.find (a C scan) finds the candidate lines in the joined block and the pattern
    reads only those; each marker's next place is kept, so the block is scanned once.
    (`text`: the lines joined, when the caller has it.)"""
    text = "\n".join(lines) if text is None else text
    markers = [m for m in ("   ", ";", "\t", "....", *odd_spaces(text)) if m in text]
    # every row holds a marker: fewer markers than rows needed, no table (counted in C;
    # a block of 40,000 lines with a ";" in one of 40 was read line by line to its middle)
    if sum(text.count(m) for m in markers) < need:
        return False
    ahead: dict[str, int] = {}
    for marker in markers:
        ahead[marker] = text.find(marker)
    rows, line_no, start = 0, 0, 0         # line `line_no` of the block starts at `start`
    while ahead:
        at = min(ahead.values())
        line_no += text.count("\n", start, at)
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        if _TABLE_ROW.search(text[start:end]):
            rows += 1
            if rows >= need:
                return True
        if rows + len(lines) - line_no - 1 < need:
            return False
        line_no, start = line_no + 1, end + 1
        for marker in [m for m, at in ahead.items() if at < start]:
            at = text.find(marker, start)
            if at < 0:
                del ahead[marker]
            else:
                ahead[marker] = at
    return False


def _join(lines: list[str], text: str | None = None) -> str:
    """Lines of one paragraph as one line; a word hyphenated at a line end ("inter-" +
    "national") stays one word. Built with string methods and one pattern over the whole
    paragraph: adding each line to a growing string was quadratic. (`text`: the lines
    joined, when the caller has it.)"""
    text = "\n".join(lines) if text is None else text
    if "-\n" not in text:                                # no line ends with a hyphen: the common case
        return _squeeze(text.replace("\n", " "))
    # A line end after a hyphen goes when a lower-case letter follows and the hyphen ends a
    # word (a letter, not a space, before it) or opens the text. (A line that is "-" alone
    # keeps its line end: the one before it stayed, as the "-" after it is no lower-case
    # letter.) ASCII letters by a pattern with no callback; a callback reads only the
    # hyphens before other characters (a 5 MB file had 40,000 line-end hyphens: 0.1 s)
    text = _HYPHEN_ASCII.sub("-", text)
    if not text.isascii():
        text = _HYPHEN_OTHER.sub(_glue_other, text)
    return _squeeze(text.replace("\n", " "))


# opening with the literal "-", found by a fast scan (a pattern that opens with an
# alternation or an assertion is tried at every character)
_HYPHEN_ASCII = re.compile(r"-(?<![\n ]-)\n(?=[a-z])")
_HYPHEN_OTHER = re.compile(r"-(?<![\n ]-)\n(?=[^\x00-\x7f])")


def _glue_other(m: re.Match) -> str:
    return "-" if m.string[m.end()].islower() else "-\n"


def _squeeze(text: str) -> str:
    """Runs of spaces and tabs as one space (_SPACES). Without a tab, "  +" does it: a
    pattern that opens with a literal is found by a fast scan, three times faster."""
    if "\t" in text:
        return _SPACES.sub(" ", text)
    return _SPACE_RUN.sub(" ", text) if "  " in text else text


def strip_signoff(paragraphs: list[str], tables: set[int]) -> list[str]:
    """Drop trailing sign-offs ("Reuter", "-30-", "###") and transmission codes."""
    while paragraphs and _SIGNOFF.match(paragraphs[-1]):
        paragraphs.pop()
    # A sign-off glued to the last paragraph's end: "... said. Reuter"
    if paragraphs and len(paragraphs) - 1 not in tables:
        paragraphs[-1] = _without_glued_signoff(paragraphs[-1])
    # "###" separates the story from boilerplate in releases: drop the marker, keep the rest.
    return [p for i, p in enumerate(paragraphs) if i in tables or not _SIGNOFF.match(p)]


# The letters _ABOUT, _INLINE_ABOUT and _CONTACT can open with (about, à propos, über,
# acerca, om, tietoja; media, press, contact, investor, for, kontakt), in either case, and
# the characters re.IGNORECASE also takes for "i" and "k" (İ, ı, the Kelvin sign).
_SECTION_FIRST = frozenset("aAàÀüÜoOtTmMpPcCiIfFkK\u0130\u0131\u212a")


def _without_glued_signoff(text: str) -> str:
    r"""`re.sub(r"\s+(?:Reuter|-30-|###)\s*$", "", text)` by string methods: the pattern
    tried each space of a 5 MB paragraph (0.4 s)."""
    core = text.rstrip()
    for mark in ("Reuter", "-30-", "###"):
        if core.endswith(mark):
            before = core[: -len(mark)]
            return before.rstrip() if before[-1:].isspace() else text
    return text


def sections(paragraphs: list[str]) -> tuple[list[str], list[Section]]:
    """Set apart "About <organisation>" boilerplate and media-contact blocks."""
    body: list[str] = []
    found: list[Section] = []
    current: Section | None = None
    for para in paragraphs:
        first = para[:1] if not para[:1].isspace() else para.lstrip()[:1]
        if first not in _SECTION_FIRST:          # no heading can open it: prose, fast
            (current.paragraphs if current is not None else body).append(para)
            continue
        first_line = para.partition("\n")[0]
        about = _ABOUT.match(first_line) if len(first_line) <= 90 else None
        inline_about = _INLINE_ABOUT.match(para)
        contact = _CONTACT.match(first_line) if len(first_line) <= 140 else None
        if about and not about.group(1).endswith((".", ",")):
            current = Section(f"About {about.group(1).strip()}", [], "about")
            found.append(current)
            continue
        if inline_about:
            current = Section(f"About {inline_about.group(1).strip()}", [inline_about.group(2).strip()], "about")
            found.append(current)
            continue
        if contact and (contact.group(1) == "" or len(para) < 300) and not _is_prose(para) and \
                not _pointer(contact.group(1) + "\n" + "\n".join(para.split("\n")[1:])):
            current = Section("Media contact", [], "contact")
            found.append(current)
            rest = contact.group(1).strip(" ,;")
            if rest:
                current.paragraphs.append(rest)
            continue
        if current is not None:
            current.paragraphs.append(para)
        else:
            body.append(para)
    return body, _one_contact([s for s in found if s.paragraphs], body)


# What a contact block holds that a reader can use: an e-mail, a phone number, or a short
# line that names (a person, a company, an address), as opposed to a sentence.
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")
URL = re.compile(r"(?<![\w@/.-])(?:https?://|www\.)[^\s<>\"'()\[\]{}]+[^\s<>\"'()\[\]{}.,;:!?]", re.I)
PHONE = re.compile(r"(?<![\w+/.-])(?:\+\s?\d{1,3}[\s.-]?)?(?:\(\d{1,5}\)[\s.-]?)?\d{2,5}(?:[\s.-]\d{2,5}){1,4}"
                   r"(?:\s?(?:x|ext\.?)\s?\d{1,5})?(?![\w-])")
_ISO_DAY = re.compile(r"^(?:19|20)\d{2}-\d{2}-\d{2}$")


def phone_numbers(text: str) -> list[re.Match]:
    """Phone numbers: 7 to 15 digits in groups ("+1 310.299.1717", "(212) 555-0100"); not a
    date ("2018-06-28") or a year range."""
    # PHONE.finditer(text), with PHONE run only from just before the next place where
    # _PHONE_CORE is: no match starts farther than _CORE_REACH before its core, and the
    # look-behind sees the text before the place a search starts
    out, at = [], 0
    if text.isascii() and b"00 00" not in text.encode("ascii").translate(_CORE_MAP):
        return out             # no core: the same answer by a C pass, 10 times faster
    while True:
        core = _PHONE_CORE.search(text, at)
        if core is None:       # most lines have no number: no PHONE run
            return out
        m = PHONE.search(text, max(at, core.start() - _CORE_REACH))
        if m is None:
            return out
        digits = _NOT_DIGIT.sub("", m.group(0).split("x")[0].split("ext")[0])
        if 7 <= len(digits) <= 15 and not _ISO_DAY.match(m.group(0)):
            out.append(m)
        at = m.end()


# What every PHONE match holds: two groups of digits with a separator between ("555-0100").
# PHONE opens with a look-behind and optional groups, so the engine tries it at every
# character (85 ns each); this one is found by a charset scan (20 ns), and most lines with
# digits ("June 28, 2018", "$1.2 million") have none: 2.9 MB of About and contact lines
# of a 5 MB file cost 0.25 s in PHONE, 0.06 s here.
_PHONE_CORE = re.compile(r"\d\d[\s.-]\d\d")
# How far before its first core a PHONE match can start: "+", a space, 3 digits and a
# separator; "(", 5 digits, ")" and a separator; the first group's first 3 digits (its last
# two open the core)
_CORE_REACH = 6 + 8 + 3
# ASCII as _PHONE_CORE reads it: a digit "0", a separator " ", anything else "x" (from the
# pattern's own classes, so the two cannot disagree): in ASCII text _PHONE_CORE finds a
# match exactly where this mapping holds b"00 00"
_CORE_MAP = bytes(ord("0") if re.match(r"\d", chr(c)) else ord(" ") if re.match(r"[\s.-]", chr(c)) else ord("x")
                  for c in range(256))
_NOT_DIGIT = re.compile(r"\D")


def _detail(line: str) -> bool:
    line = line.strip()
    if ("@" in line and EMAIL.search(line)) or phone_numbers(line):
        return True
    if URL.search(line) or not line[:1].isupper() and not line[:1].isdigit():
        return False
    return len(line) <= 80 and len(line.split()) <= 8 and not line.endswith((".", "!", "?"))


def _pointer(text: str) -> bool:
    """"For more information, please visit www.example.com.": a sentence that points
    somewhere, not a contact block (no name, e-mail, phone or address in it)."""
    text = text.strip(" ,;:\n\t")
    return bool(text) and not any(_detail(ln) for ln in text.split("\n") if ln.strip())


def _one_contact(found: list[Section], body: list[str]) -> list[Section]:
    """One contact section per release: the contact blocks merged where the first one
    was; a block with nothing to reach anyone by goes back to the text before it."""
    out: list[Section] = []
    contact: Section | None = None
    seen: set[str] = set()          # the merged section's lines, kept as it grows (no re-reading)
    for section in found:
        if section.kind != "contact":
            out.append(section)
        elif not any(_detail(ln) for p in section.paragraphs for ln in p.split("\n") if ln.strip()):
            (out[-1].paragraphs if out else body).extend(section.paragraphs)
        else:
            first = contact is None
            if first:
                contact = Section(section.heading, [], "contact")
                out.append(contact)
            # a block that repeats lines already given ("Press contacts: Anna Berg") adds nothing
            kept = [p for p in section.paragraphs
                    if first or not all(ln.strip() in seen for ln in p.split("\n") if ln.strip())]
            contact.paragraphs.extend(kept)
            seen.update(ln.strip() for p in kept for ln in p.split("\n"))
    return out


def _is_prose(para: str) -> bool:
    """A sentence about contacts ("Contact lenses are ...") is not a contact block."""
    return len(para) > 200 and para.count(". ") >= 2
