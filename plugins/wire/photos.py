"""Photo lines in text copy: the pictures a release points at, as figures, not raw URLs.

Distributors list a release's pictures as lines of their own: "Photo - http://.../a.jpg",
"Photo: Caption text https://.../b.png", "Logo - ...", a Markdown image "![Caption](url)"
or link "[Photo](url)". Each such line whose URL is an image file on a public host
becomes an Image (caption: the words the line gives besides its label and URL) and leaves
the text; a line that points at a QR code is furniture and goes too. Pure functions.
"""
from __future__ import annotations

import re

from .formats._xml import public_url
from .story import Image

_LABEL = r"(?:photos?|images?|pictures?|logos?|fotos?|bilde|bild|multimedia|infographics?|graphics?)"
# "Photo - url", "Photo 2: caption url", "(Photo: url)"
# (rest: greedy to the end; a closing ")" is taken off it in read_line, never backtracked for)
_LABELLED = re.compile(r"^\(?\s*(?P<label>" + _LABEL + r")(?:\s*#?\d+)?\s*(?:[-–—:|]\s*|\s+)(?P<rest>.*)$",
                       re.I)
_MD_IMAGE = re.compile(r"^!\[(?P<text>[^\]]*)\]\((?P<url>[^)\s]+)(?:\s+\"[^\"]*\")?\)\s*$")
_MD_LINK = re.compile(r"^\[(?P<text>[^\]]*)\]\((?P<url>[^)\s]+)\)\s*$")
_URL = re.compile(r"https?://[^\s<>\"'()\[\]]+[^\s<>\"'()\[\].,;:!?]", re.I)
_IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif)$", re.I)
_QR = re.compile(r"(?i)\bqr\b|qr[-_ ]?code")


def _is_image_url(url: str) -> bool:
    path = re.split(r"[?#]", url, maxsplit=1)[0]
    return bool(_IMAGE_FILE.search(path)) and public_url(url) is not None


def read_line(line: str) -> tuple[str, Image | None] | None:
    """None when `line` is no photo line; ("drop", None) for a QR code; ("image", Image)."""
    line = line.strip()
    m = _MD_IMAGE.match(line)
    if m:
        url, caption = m.group("url"), m.group("text").strip()
    else:
        m = _MD_LINK.match(line)
        if m and re.fullmatch(_LABEL + r"(?:\s*#?\d+)?", m.group("text").strip(), re.I):
            url, caption = m.group("url"), ""
        else:
            m = _LABELLED.match(line)
            rest = m.group("rest") if m else ""
            rest = rest[:-1] if rest.endswith(")") else rest
            urls = _URL.findall(rest) if m else []
            if len(urls) != 1:
                return None
            url = urls[0]
            caption = rest.replace(url, " ").strip(" -–—:|()")
            caption = re.sub(r"\s+", " ", caption)
    if _QR.search(caption) or _QR.search(url):
        return "drop", None
    if not _is_image_url(url):
        return None
    return "image", Image(url, caption)


# A photo line is a short line of its own that opens with a label, "(", "[" or "![" and
# holds a URL: only such lines are read, found by one pass in C (the pattern opens with a
# literal "\n", which the engine scans for quickly, and never crosses a line), and only up
# to MAX_LINE characters, so a file of a million lines or one giant line costs one scan.
_CANDIDATE = re.compile(r"\n[^\S\n]*+(?:!?\[|\(|" + _LABEL + r")[^\n]*?http[^\n]*", re.I)
MAX_LINE = 2000
# How many such lines are read: a release lists a few pictures; in a file of a million
# link lines, the lines past these stay text.
MAX_READ = 1_000


def extract(body: str) -> tuple[str, list[Image]]:
    """The body without its photo lines (each leaves a paragraph break), and the pictures
    in the order given, photos before logos (the first is the lead picture). Read line by
    line, before paragraphs are joined: a photo line is a line of its own on the wire."""
    out, at, photos, logos = [], 0, [], []
    if "http" not in body:
        return body, []
    for n, m in enumerate(_CANDIDATE.finditer("\n" + body)):
        if n == MAX_READ:
            break
        start, end = m.start(), m.end() - 1          # the line's place in body
        found = read_line(m.group(0)[1:]) if end - start <= MAX_LINE else None
        if found is None:
            continue
        out.append(body[at:start])      # the line's text goes, its line break stays
        at = end
        if found[1] is not None:
            (logos if re.match(r"\(?\s*logo", m.group(0)[1:].strip(), re.I) else photos).append(found[1])
    out.append(body[at:])
    return "".join(out), photos + logos
