"""AAP ZCZC ... NNNN: a routing header (%service codes, $, :Issuer, *X) or tagged
fields (TI#, AB#, PD#, KN#, TX#), the text, and NNNN."""
from __future__ import annotations

import re

from .. import dates
from .draft import Draft

NAME = "aap-zczc"
_SERVICES = {"MNET": "Medianet"}


def sniff(text: str) -> bool:
    return re.match(r"\s*ZCZC\b", text[:40], re.I) is not None


def parse(text: str) -> Draft:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _before_nnnn(text)
    lines = text.split("\n")
    lines = lines[1:]  # the ZCZC line
    draft = Draft(format=NAME, body="")
    if any(re.match(r"^[A-Z]{2}#", ln) for ln in lines[:15]):
        return _tagged(lines, draft)
    i = 0
    while i < len(lines) and (not lines[i].strip() or re.match(r"^\s*[%$:*]", lines[i])):
        line = lines[i].strip()
        if line.startswith("%"):
            for code, name in _SERVICES.items():
                if code in line:
                    draft.agency = name
        elif line.startswith(":") and len(line) > 1:
            draft.organisation = line[1:].strip()
        i += 1
    rest = lines[i:]
    if rest:
        draft.headline = rest[0].strip() or None
        rest = rest[1:]
    draft.body = "\n".join(rest)
    return draft


def _before_nnnn(text: str) -> str:
    r"""The text before the NNNN line and the blank lines above it, as
    `re.split(r"(?m)^\s*NNNN\s*$", text)[0]` gave it, line by line: that pattern's `\s*`
    ran from every line start across all the blank lines below it (quadratic: a ZCZC story
    over 38 KB of blank lines took 18 s)."""
    if "NNNN" not in text:
        return text
    lines = text.split("\n")
    for k, line in enumerate(lines):
        if line.strip() == "NNNN":
            while k > 0 and not lines[k - 1].strip():
                k -= 1
            return "\n".join(lines[:k]) + ("\n" if k else "")
    return text


def _tagged(lines: list[str], draft: Draft) -> Draft:
    fields, body, in_text = {}, [], False
    for line in lines:
        m = re.match(r"^([A-Z]{2})#(.*)$", line)
        if m and not in_text:
            fields[m.group(1)] = m.group(2).strip()
            in_text = m.group(1) == "TX"
            if in_text and m.group(2).strip():
                body.append(m.group(2))
        elif in_text:
            body.append(line)
    draft.headline = fields.get("TI") or None
    draft.agency = fields.get("KN") or None
    if fields.get("KY"):
        draft.keywords = fields["KY"].split()
    draft.stamp = dates.to_datetime(dates.find_date(fields.get("PD", "")))
    draft.body = "\n".join(body)
    return draft
