"""Slugs: ASCII, transliterated, one safe path segment, unique."""
import pytest

from wire.slugs import slug_for, unique


@pytest.mark.parametrize("text,slug", [
    ("Qyrǵyzstanda jer silkindi", "qyrgyzstanda-jer-silkindi"),          # Kazakh, Latin script
    ("Минфин Казахстана сообщил о росте", "minfin-kazakhstana-soobshchil-o-roste"),
    ("Décès de Naomi Musenga: l'opératrice du Samu", "deces-de-naomi-musenga-l-operatrice-du-samu"),
    ("../../etc/passwd", "etc-passwd"),
    ("<script>alert(1)</script>", "script-alert-1-script"),
    ("", "release"),
    ("!!!", "release"),
])
def test_slug_for(text, slug):
    assert slug_for(text) == slug
    assert slug.isascii() and "/" not in slug and ".." not in slug


def test_slugs_are_short_and_cut_at_a_word():
    slug = slug_for("Northwind Solar opens a 400-megawatt panel plant in Tucson that will employ 650 "
                    "people by the end of the year, the company said")
    assert len(slug) <= 80 and not slug.endswith("-")
    assert "northwind-solar-opens" in slug


def test_unique():
    assert unique("a", set()) == "a"
    assert unique("a", {"a", "a-2"}) == "a-3"


@pytest.mark.parametrize("text,slug", [
    ("2026-02-30 Acme opens a plant", "20260230-acme-opens-a-plant"),
    ("2026-13-01 Acme", "20261301-acme"),
    ("0000-00-00", "00000000"),
    ("2026-02-28 Acme opens a plant", "2026-02-28-acme-opens-a-plant"),     # a real date stays
    ("2026-02-301 units sold", "202602301-units-sold"),      # Pelican reads "2026-02-30" there too
])
def test_a_slug_never_opens_with_a_date_pelican_cannot_read(text, slug):
    """Pelican takes a file name's opening YYYY-MM-DD as the date (FILENAME_METADATA) and
    drops the file when that date does not exist."""
    import re

    from pelican.settings import DEFAULT_CONFIG
    from pelican.utils import get_date

    assert slug_for(text) == slug
    opening = re.match(DEFAULT_CONFIG["FILENAME_METADATA"], slug)
    if opening:
        get_date(opening.group("date"))            # raises for a date that does not exist
