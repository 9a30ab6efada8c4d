"""What a format parser hands on: the story text without its framing."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class Draft:
    format: str
    body: str                              # the story text, framing removed, "\n" line ends
    headline: str | None = None            # stated by the framing (None: find it in the body)
    agency: str | None = None              # named by the framing (routing header, KN# field)
    stamp: dt.datetime | None = None       # transmission time stated by the framing (naive: zone unknown)
    month_day: tuple[int, int] | None = None   # filing date without a year (ANPA header)
    byline: str | None = None
    organisation: str | None = None        # the issuer of a release (AsiaNet "Source:", ZCZC ":Org")
    keywords: list[str] = field(default_factory=list)
    preamble: list[str] = field(default_factory=list)   # lines before the headline (embargo, codes)
