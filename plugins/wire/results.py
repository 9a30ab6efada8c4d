"""Wire-style headlines for the results and dividend tables agencies send as the story
("Qtly div 65 cts vs 65 cts prior" -> "Sets quarterly dividend", "Shr 38 cts vs 26 cts"
-> "Qtr net rises"): headline.generate asks here first. Pure functions.
"""
from __future__ import annotations

import re

from .vocabulary import table

_DIVIDEND = re.compile(r"^(?:(qtly|quarterly|annual|semi-annual|mthly|monthly|special|extra)\s+)?div(?:idend)?\s+(?:class\s+\w\s+)?"
                       r"(?:from income\s+)?((?:[\d.]+|[a-z]+)\s+(?:cts|dlrs?|ct|pence|p|stg))", re.I)
_EARNINGS = re.compile(r"^(?:oper(?:ating)?\s+)?shr\s+(?:(profit|loss)\s+)?([\w.,]+\s+(?:cts|dlrs?|ct|ds|dls))"
                       r"\s+vs\s+(?:(profit|loss)\s+)?([\w.,]+(?:\s+(?:cts|dlrs?|ct|ds|dls))?)", re.I)


def from_table(lead: str, story_text: str = "") -> str | None:
    """Wire-style headlines for the results and dividend tables agencies send as the story:
    "Qtly div 65 cts vs 65 cts prior" -> "Sets quarterly dividend";
    "Shr 38 cts vs 26 cts" -> "Qtr net rises"."""
    first = lead.strip().split("\n")[0].strip()
    m = _DIVIDEND.match(first)
    if m:
        kind = {"qtly": "quarterly", "mthly": "monthly"}.get((m.group(1) or "").lower(), (m.group(1) or "").lower())
        rest = first[m.end():]
        before = re.match(r"\s*vs\s+([\d.]+|[a-z]+)\s*(cts?|dlrs?)?", rest)
        unit = re.search(r"(cts?|dlrs?)", m.group(2))
        prior_raw = f"{before.group(1)} {before.group(2) or (unit.group(1) if unit else '')}" if before else None
        now, prior = _amount(m.group(2)), _amount(prior_raw)
        verb = "Sets" if prior is None or now is None or now == prior else ("Raises" if now > prior else "Cuts")
        return re.sub(r"\s+", " ", f"{verb} {kind} dividend").strip()
    m = _EARNINGS.match(first)
    if m:
        period = _period(story_text)
        now_loss, prior_loss = (m.group(1) or "").lower() == "loss", (m.group(3) or "").lower() == "loss"
        now, prior = _amount(m.group(2)), _amount(m.group(4))
        if now_loss and not prior_loss:
            said = "swings to loss" if period else "Results swing to loss"
        elif prior_loss and not now_loss:
            said = "returns to profit" if period else "Results return to profit"
        elif now is None or prior is None or now == prior:
            said = f"{'loss' if now_loss else 'net'}{' unchanged' if now == prior and now is not None else ''}"
        elif now_loss:
            said = f"loss {'widens' if now > prior else 'narrows'}"
        else:
            said = f"net {'rises' if now > prior else 'falls'}"
        said = f"{period} {said}".strip()
        return said[:1].upper() + said[1:]
    return None


_NUMBER_WORDS = table("number_words")


# Results tables give the quarter first, then the period to date under a header line of its own
_TO_DATE = re.compile(r"^(?:(year|12 mths|twelve mths|fiscal year|fiscal)|(nine mths|9 mths)|"
                      r"(six mths|6 mths|1st half|first half))\s*$", re.I | re.M)


def _period(rest: str) -> str:
    """Which period the first block of a results table covers, from what follows it: a
    "Year" block makes it the 4th quarter, "Nine mths" the 3rd, "Six mths" the 2nd; a note
    that the 4th quarter is not available makes it the year. Unknown: "Qtr"."""
    if re.search(r"\b(?:4th|fourth) (?:qtr|quarter) (?:not available|n\.?a\.?)\b", rest, re.I):
        return "Year"
    m = _TO_DATE.search(rest)
    if m:
        return "4th qtr" if m.group(1) else "3rd qtr" if m.group(2) else "2nd qtr"
    return ""


def _amount(raw: str | None) -> float | None:
    """"38 cts" -> 0.38, "1.19 dlrs" -> 1.19, "four cts" -> 0.04."""
    if not raw:
        return None
    m = re.match(r"([\d.,]+|[a-z]+)\s*(cts?|dlrs?|ds|dls)?", raw.strip().lower())
    if not m:
        return None
    try:
        value = float(m.group(1).replace(",", "")) if m.group(1)[0].isdigit() else _NUMBER_WORDS[m.group(1)]
    except (ValueError, KeyError):
        return None
    return value / 100 if (m.group(2) or "").startswith("ct") else value
