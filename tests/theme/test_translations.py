"""The theme's interface catalogs (theme/translations) and the newsroom's i18n glue
(plugins/newsroom/i18n.py): every string the templates mark is translated in every shipped
language, catalogs compile, a page renders in the language its context names, and a broken
catalog is one error line naming it while the build goes on in English."""
from __future__ import annotations

import logging
import shutil
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from jinja2 import Environment, FileSystemLoader

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "tests"))
from newsroom import i18n  # noqa: E402

TRANSLATIONS = ROOT / "theme" / "translations"
TEMPLATES = ROOT / "theme" / "templates"
SHIPPED = ["de", "en", "kk", "ru"]


def template_messages() -> set:
    """Every msgid the templates mark, as `invoke i18n` (pybabel extract, babel.cfg) finds them."""
    found = set()
    method_map = [("**.html", "jinja2")]
    options = {"**.html": {"extensions": "jinja2.ext.i18n", "trim_blocks": "True",
                           "lstrip_blocks": "True"}}
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(TEMPLATES), method_map, options_map=options):
        found.add(message if isinstance(message, str) else tuple(message[:2]))
    return found


def catalog(lang):
    with open(i18n.catalog_path(str(TRANSLATIONS), lang), "rb") as fh:
        return read_po(fh)


def test_english_kazakh_russian_and_german_are_shipped():
    assert i18n.shipped_languages(str(TRANSLATIONS)) == SHIPPED


@pytest.mark.parametrize("lang", ["de", "kk", "ru"])
def test_every_template_string_is_translated(lang):
    wanted = template_messages()
    assert len(wanted) > 50
    cat = catalog(lang)
    missing, untranslated = [], []
    for msgid in sorted(wanted, key=str):
        key = msgid[0] if isinstance(msgid, tuple) else msgid
        message = cat.get(key)
        if message is None:
            missing.append(key)
        elif message.fuzzy or not message.string or (
                isinstance(message.string, tuple) and not all(message.string)):
            untranslated.append(key)
    assert (missing, untranslated) == ([], []), "run `invoke i18n` and translate these"


def test_catalogs_compile_with_matching_placeholders():
    interface = i18n.Interface(str(TRANSLATIONS), "en")
    assert interface.errors == []
    assert sorted(interface.catalogs) == SHIPPED
    assert interface.translations("ru").ngettext("%(num)d release", "%(num)d releases", 3) == "%(num)d сообщения"
    assert interface.translations("ru").ngettext("%(num)d release", "%(num)d releases", 5) == "%(num)d сообщений"
    assert interface.translations("kk").gettext("Latest releases") == "Соңғы хабарлар"


def render(source: str, **context) -> str:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True,
                      extensions=["jinja2.ext.i18n"])
    i18n.Interface(str(TRANSLATIONS), "en").install(env)
    return env.from_string(source).render(**context)


def test_strings_follow_the_page_language_of_the_context():
    source = "{{ _('Latest') }}|{{ ngettext('%(num)d release', '%(num)d releases', n) }}|{{ page_language() }}"
    assert render(source, n=1) == "Latest|1 release|en"
    assert render(source, n=2, page_lang="ru") == "Последние|2 сообщения|ru"
    assert render(source, n=21, page_lang="kk") == "Соңғы|21 хабар|kk"
    assert render(source, n=2, page_lang="de") == "Aktuell|2 Meldungen|de"
    # a language without a catalog keeps the English strings, and its own code
    assert render(source, n=2, page_lang="it") == "Latest|2 releases|it"


def test_variables_in_translated_strings_are_escaped():
    out = render("{{ _('By %(name)s', name=who) }}", who="<script>x</script>", page_lang="ru")
    assert out == "Автор: &lt;script&gt;x&lt;/script&gt;"


def test_dates_and_months_in_the_language():
    import datetime as dt
    d = dt.datetime(2018, 6, 28, 9, 30)
    assert i18n.long_date(2018, 6, 28, "en") == "June 28, 2018"
    assert i18n.long_date(2018, 6, 28, "ru") == "28 июня 2018\u202fг."         # CLDR: narrow no-break space
    assert i18n.long_date(2018, 6, 28, "de") == "28. Juni 2018"
    assert i18n.long_date(2018, 6, 28, "xx") == "June 28, 2018"      # unknown: English
    assert render("{{ d|month_name }}", d=d, page_lang="ru") == "июнь"
    assert render("{{ d|month_name(with_year=True) }}", d=d) == "June 2018"
    assert i18n.language_name("kk") == "Қазақ тілі" and i18n.language_name("ru") == "Русский"
    assert i18n.language_name("zz-Qqqq") == "zz-Qqqq"


def test_a_mismatched_placeholder_keeps_that_catalog_out(tmp_path, caplog):
    bad = tmp_path / "ru" / "LC_MESSAGES"
    bad.mkdir(parents=True)
    (bad / "messages.po").write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\n\n'
        '#, python-format\nmsgid "By %(name)s"\nmsgstr "Автор: %(nom)s"\n', encoding="utf-8")
    with caplog.at_level(logging.ERROR):
        interface = i18n.Interface(str(tmp_path), "en")
    assert interface.errors == [str(bad / "messages.po")]
    assert [r.getMessage() for r in caplog.records if str(bad / "messages.po") in r.getMessage()]
    assert interface.translations("ru").gettext("By %(name)s") == "By %(name)s"


def test_a_broken_catalog_is_one_error_line_and_the_build_goes_on(tmp_path, caplog):
    from support import build_site, copy_seeds

    translations = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS, translations)
    broken = translations / "de" / "LC_MESSAGES" / "messages.po"
    broken.write_bytes(b'msgid "Latest"\nmsgstr "Aktuell\n\x00\xff garbage "unterminated\n')
    with caplog.at_level(logging.ERROR):
        output = build_site(tmp_path, copy_seeds(tmp_path / "seeds"),
                            extra={"I18N_PATH": str(translations)})
    lines = [r.getMessage() for r in caplog.records if str(broken) in r.getMessage()]
    assert len(lines) == 1, lines
    german = (output / "de" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="de">' in german and ">Latest</a>" in german     # English strings
    assert (output / "index.html").is_file()
