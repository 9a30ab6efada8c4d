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
