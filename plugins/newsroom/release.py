"""Release-page helpers: the wire-style dateline, the boilerplate sections set apart,
newer/older neighbours and "more from" lists. Pure functions over strings and lists."""
from __future__ import annotations

import html
import re
from collections import defaultdict

from markupsafe import Markup

# "## About Acme Corp" / "## Media contact" arrive as <h2> in article.content.
_H2 = re.compile(r"<h2\b[^>]*>(.*?)</h2>", re.S | re.I)
_TAGS = re.compile(r"<[^>]+>")
_FIRST_P = re.compile(r"^\s*<p\b[^>]*>", re.I)


def section_kind(heading_text: str) -> str | None:
    """"About Acme Corp" -> "about"; "Media contact(s)" -> "contact"; else None."""
    text = heading_text.strip().lower()
    if text.startswith("about "):
        return "about"
    if "contact" in text and len(text) < 40:
        return "contact"
    return None


def split_sections(content: str) -> tuple[str, list[tuple[str, str]]]:
    """Split release HTML into (story, [(kind, section_html), ...]): the boilerplate starts
    at the first About/contact heading; each later <h2> starts a section of its own."""
    heads = list(_H2.finditer(content))
    starts = [m for m in heads if section_kind(html.unescape(_TAGS.sub("", m.group(1))))]
    if not starts:
        return content, []
    first = starts[0].start()
    later = [m for m in heads if m.start() >= first]
    sections = []
    for i, m in enumerate(later):
        end = later[i + 1].start() if i + 1 < len(later) else len(content)
        kind = section_kind(html.unescape(_TAGS.sub("", m.group(1)))) or "other"
        sections.append((kind, content[m.start():end].strip()))
    return content[:first].rstrip(), sections


def wire_date(date, lang: str = "en") -> str:
    """"June 28, 2018" in English, "28 июня 2018 г." in Russian: CLDR's long date (Babel),
    in the language of the page (templates) or of the story (its dateline)."""
    from .i18n import long_date
    return long_date(date.year, date.month, date.day, lang or "en")


def wire_time(date) -> str:
    """"09:30 UTC+06:00" - the release's own offset, since wire times are local."""
    offset = date.utcoffset()
    if offset is None:
        return date.strftime("%H:%M")
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    zone = "UTC" if minutes == 0 else f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    return f"{date.strftime('%H:%M')} {zone}"


def secure_image(url: str) -> str:
    """A picture's address over https: a browser upgrades an http picture on an https page
    itself (mixed content), so the page asks for what it will load, and no insecure request
    is made from a newsroom served over https."""
    return "https://" + url[len("http://"):] if url.lower().startswith("http://") else url


def date_only(article) -> bool:
    """The wire stated a day but no time (`Date-Only: yes`, wire.mdwriter): its Date's
    time of day is the arrival, for ordering, and is never shown."""
    return str(getattr(article, "metadata", {}).get("date-only", "")).strip().lower() == "yes"


def iso_when(article) -> str:
    """An article's date for `<time datetime>` and JSON-LD: "2018-06-28" for a date-only
    story, else the full ISO 8601 datetime with its offset."""
    if date_only(article):
        return article.date.date().isoformat()
    return article.date.isoformat()


def shown_when(article, lang: str = "en") -> str:
    """"June 28, 2018, 09:30 UTC+06:00" (the date in the page's language), or the date
    alone for a date-only story."""
    if date_only(article):
        return wire_date(article.date, lang)
    return f"{wire_date(article.date, lang)}, {wire_time(article.date)}"


def dateline_text(place: str | None, date, source: str | None, lang: str = "en") -> str:
    """"ASTANA, June 28, 2018 (Kazinform) —", as wire copy opens a story (the date in the
    story's own language: it is part of the story's text)."""
    parts = [p for p in ((place or "").strip(), wire_date(date, lang)) if p]
    text = ", ".join(parts)
    if source:
        text += f" ({source.strip()})"
    return text + " \u2014"


def with_dateline(story_html: str, dateline: str) -> Markup:
    """Put the (escaped) dateline inside the first paragraph, or before the story."""
    span = Markup('<span class="dateline">{}</span> ').format(dateline)
    m = _FIRST_P.match(story_html)
    if m:
        return Markup(story_html[:m.end()]) + span + Markup(story_html[m.end():])
    return Markup('<p class="dateline-only">') + span + Markup("</p>") + Markup(story_html)


# The heading the wire converter gives a contact block it finds (wire.paragraphs): the
# site's own words, so shown in the page's language; a heading the wire wrote stays as written.
CONVERTER_CONTACT_HEADING = "Media contact"


def release_body(article, contact_label: str | None = None, default_lang: str = "en") -> Markup:
    """The release's HTML for the page: dateline in the lead, boilerplate set apart."""
    story, sections = split_sections(article.content or "")
    meta = getattr(article, "metadata", {})
    lang = getattr(article, "lang", None) or default_lang
    out = with_dateline(story, dateline_text(meta.get("dateline"), article.date,
                                             meta.get("source"), lang))
    for kind, chunk in sections:
        out += Markup('\n<section class="boilerplate boilerplate-{}">\n').format(kind)
        if kind == "contact" and contact_label and contact_label != CONVERTER_CONTACT_HEADING:
            chunk = _relabel(chunk, contact_label)
        out += Markup(chunk) + Markup("\n</section>")
    return out


def _relabel(section_html: str, label: str) -> str:
    """Replace the section's <h2> text with `label` when it is the converter's own heading."""
    m = _H2.match(section_html)
    if not m or html.unescape(_TAGS.sub("", m.group(1))).strip() != CONVERTER_CONTACT_HEADING:
        return section_html
    return section_html[:m.start(1)] + html.escape(str(label), quote=False) + section_html[m.end(1):]
def release_parts(article, contact_label: str | None = None, default_lang: str = "en") -> dict:
    """The release page's pieces: "story" (dateline in the lead, then any section that is
    neither About nor contact), and the "contact" and "about" sections, which the page sets
    in its side column on wide screens (and after the story on a phone). The converter's
    contact heading is shown as `contact_label` (the page's language), as in release_body."""
    story, sections = split_sections(article.content or "")
    meta = getattr(article, "metadata", {})
    lang = getattr(article, "lang", None) or default_lang
    parts = {"story": with_dateline(story, dateline_text(meta.get("dateline"), article.date,
                                                        meta.get("source"), lang)),
             "contact": [], "about": []}
    for kind, chunk in sections:
        if kind == "contact" and contact_label and contact_label != CONVERTER_CONTACT_HEADING:
            chunk = _relabel(chunk, contact_label)
        box = Markup('<section class="boilerplate boilerplate-{}">\n').format(kind) \
            + Markup(chunk) + Markup("\n</section>")
        if kind in ("contact", "about"):
            parts[kind].append(box)
        else:
            parts["story"] += Markup("\n") + box
    return parts


def sort_stamp(date) -> str:
    """A sort key for search (Pagefind sorts text): UTC, so releases of different zones
    order by the moment they were issued."""
    import datetime as dt
    if date.tzinfo is not None:
        date = date.astimezone(dt.timezone.utc)
    return date.strftime("%Y-%m-%dT%H:%M:%SZ")


def has_time(date) -> bool:
    """Whether the wire gave a time of day: a date alone is written as midnight."""
    return bool(date.hour or date.minute or date.second)


def link_neighbours(articles, per_list: int = 5) -> None:
    """Set article.newer / article.older (by date, over the whole site) and the
    "more from" lists: article.more_from_source, article.more_from_tag = (tag, [...])."""
    ordered = sorted(articles, key=lambda a: a.date, reverse=True)
    for i, art in enumerate(ordered):
        art.newer = ordered[i - 1] if i > 0 else None
        art.older = ordered[i + 1] if i + 1 < len(ordered) else None

    by_source, by_tag = defaultdict(list), defaultdict(list)
    for art in ordered:
        if art.metadata.get("source"):
            by_source[art.metadata["source"]].append(art)
        for tag in getattr(art, "tags", []) or []:
            by_tag[tag].append(art)

    # The "more from" lists are the releases just before this one (older), and the tag is
    # chosen by the releases up to this one: a release arriving on top changes no older
    # release's page (plugins/fastbuild renders only the pages whose inputs changed).
    # Each release's place in each of its groups is looked up, not searched: a scan per
    # release was quadratic in a large source or tag (35 s of a build at 10,000).
    at_source = {key: _places(group) for key, group in by_source.items()}
    at_tag = {key: _places(group) for key, group in by_tag.items()}
    position = {id(art): i for i, art in enumerate(ordered)}
    site_places = {key: [position[id(a)] for a in group] for key, group in by_tag.items()}
    for art in ordered:
        source = art.metadata.get("source")
        art.more_from_source = (_before(by_source[source], at_source[source][id(art)], per_list)
                                if source else [])
        art.more_from_tag = None
        # The most specific tag with other releases: the one with the fewest earlier ones
        # (a tag with none earlier last, then by name: the oldest release of a tag has a list too).
        tags = [t for t in (getattr(art, "tags", []) or []) if len(by_tag[t]) > 1]
        if tags:
            counts = {t: _count_older(site_places[t], position[id(art)]) for t in tags}
            tag = min(tags, key=lambda t: (counts[t] == 0, counts[t], str(t).lower()))
            art.more_from_tag = (tag, _before(by_tag[tag], at_tag[tag][id(art)], per_list))


def _places(group) -> dict:
    """id(release) -> its (first) index in `group`."""
    places: dict = {}
    for i, a in enumerate(group):
        places.setdefault(id(a), i)
    return places


def _count_older(site_places, place) -> int:
    """How many of a group's releases (their places in the site, ascending: newest first)
    come after `place` in the site: are older."""
    import bisect

    return len(site_places) - bisect.bisect_right(site_places, place)


def _before(group, i, n):
    """Up to n releases of `group` (newest first) just older than its i-th, newest first; for
    the oldest release of the group, the ones just newer (releases arriving on top enter
    that list only while the group has at most n others)."""
    older = group[i + 1:i + 1 + n]
    # the oldest of its group shows the nearest newer ones instead
    return older if older else group[max(0, i - n):i]


def _nearest(group, art, n):
    """Up to n releases of `group` (newest first) closest in time to `art`, newest first."""
    if art not in group:
        return [a for a in group[:n]]
    i = group.index(art)
    others = group[max(0, i - n):i] + group[i + 1:i + 1 + n]
    others.sort(key=lambda a: abs((a.date - art.date).total_seconds()))
    return sorted(others[:n], key=lambda a: a.date, reverse=True)


def wire_when(value, lang: str = "en") -> str:
    """A datetime or ISO 8601 text (the Embargo metadata) as "December 1, 2026, 09:00 UTC+01:00"."""
    import datetime as dt
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            return value
    return f"{wire_date(value, lang)}, {wire_time(value)}"
