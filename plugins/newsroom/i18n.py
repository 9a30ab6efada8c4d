"""The interface in the page's language: Jinja's i18n extension (`{{ _('Latest') }}`) with
Babel message catalogs, dates and month names through Babel's CLDR data, language names.

Why one Jinja environment for every language, not a sub-site per language (Pelican's
i18n_subsites): a wire newsroom has one set of releases with a few in other languages;
rendering the whole site once per language would multiply the build for a handful of
pages. Instead the gettext callables read the language of the page being rendered from its
template context (`page_lang`: set by article.html/page.html from the release, passed by the
per-language listings), so each page is rendered once, in its own language.

Catalogs are `.po` files under I18N_PATH (`<lang>/LC_MESSAGES/messages.po`), the only form
kept in the repository: each build compiles them in memory (Babel's read_po + write_mo, a
few milliseconds), so a fresh clone, `make html` and CI need no compile step and a `.mo`
can never be older than its `.po`. A catalog that cannot be read is one error line naming
the file, and that language falls back to the English strings.
"""
from __future__ import annotations

import functools
import gettext as _gettext
import io
import logging
import os

from babel import Locale
from babel.core import UnknownLocaleError
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from jinja2 import pass_context
from markupsafe import Markup

from .listings import LANGUAGE_CODE

log = logging.getLogger(__name__)

DOMAIN = "messages"


@functools.lru_cache(maxsize=256)
def is_language_code(value) -> bool:
    """BCP 47's shape ("kk", "pt-BR", "sr-Latn"): what may go into <html lang> and a folder name."""
    return bool(LANGUAGE_CODE.match(str(value)))


def catalog_path(directory: str, lang: str) -> str:
    return os.path.join(directory, lang, "LC_MESSAGES", f"{DOMAIN}.po")


def shipped_languages(directory: str) -> list[str]:
    """The languages with a catalog under `directory`, sorted."""
    if not directory or not os.path.isdir(directory):
        return []
    return sorted(d for d in os.listdir(directory)
                  if os.path.isfile(catalog_path(directory, d)))


def compile_catalog(po_path: str) -> _gettext.NullTranslations:
    """A .po file as gettext translations (compiled in memory; fuzzy entries left out)."""
    with open(po_path, "rb") as fh:
        catalog = read_po(fh, abort_invalid=True)
    for message, errors in catalog.check():
        for error in errors:
            # a msgstr whose %(name)s placeholders differ would raise at render time
            raise ValueError(f"{message.id!r}: {error}")
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return _gettext.GNUTranslations(buf)


@functools.lru_cache(maxsize=64)
def locale_for(lang: str | None) -> Locale | None:
    """Babel's Locale for a BCP 47 code ("kk", "pt-BR"), None when CLDR has none."""
    if not lang:
        return None
    try:
        return Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return None


@functools.lru_cache(maxsize=64)
def language_name(lang: str) -> str:
    """The language's own name, capitalised as a menu item: "Русский", "Қазақ тілі"."""
    loc = locale_for(lang)
    name = loc.get_display_name(loc) if loc else None
    return (name[:1].upper() + name[1:]) if name else lang


@functools.lru_cache(maxsize=8192)
def long_date(year: int, month: int, day: int, lang: str) -> str:
    """"June 28, 2018" / "28 июня 2018 г." / "2018 ж. 28 маусым" (CLDR's long date).
    Cached by day: listings show the same few hundred days thousands of times."""
    import datetime as dt
    loc = locale_for(lang) or locale_for("en")
    return format_date(dt.date(year, month, day), "long", locale=loc)


@functools.lru_cache(maxsize=1024)
def month_name(year: int, month: int, lang: str, with_year: bool = False) -> str:
    """The month as a heading says it on its own ("June", "июнь", "Маусым"; "June 2018")."""
    import datetime as dt
    loc = locale_for(lang) or locale_for("en")
    return format_date(dt.date(year, month, 1), "LLLL y" if with_year else "LLLL", locale=loc)


def reads(fn, *names):
    """Declare the context names `fn` (a template global or filter) reads besides its
    arguments; () for one that reads none (plugins/fastbuild/fingerprint.py)."""
    fn.reads_context = tuple(names)
    return fn


class Interface:
    """The catalogs of one build, and the page-language-aware callables the theme uses."""

    def __init__(self, directory: str, default_lang: str, listing_url: str = "{lang}/"):
        self.directory = directory
        self.default = default_lang or "en"
        self.listing_url = listing_url
        self.catalogs: dict[str, _gettext.NullTranslations] = {}
        self.errors: list[str] = []
        for lang in shipped_languages(directory):
            path = catalog_path(directory, lang)
            try:
                self.catalogs[lang] = compile_catalog(path)
            except Exception as exc:  # bad catalog: that language shows English, build goes on
                self.errors.append(path)
                log.error("newsroom i18n: catalog %s not used: %s", path, exc)
        self._null = _gettext.NullTranslations()
        self._switches: dict = {}     # the language switch of each (language, story) seen

    def lang_of(self, context) -> str:
        """The page's language: `page_lang` in its template context (a release's `Lang:`),
        else DEFAULT_LANG; a value that is no language code (a typo) is DEFAULT_LANG too."""
        lang = context.get("page_lang")
        return lang if lang and is_language_code(lang) else self.default

    def translations(self, lang: str) -> _gettext.NullTranslations:
        found = self.catalogs.get(lang)
        if found is None and lang and "-" in lang:          # "pt-BR" falls back to "pt"
            found = self.catalogs.get(lang.split("-")[0])
        return found or self._null

    def install(self, env) -> None:
        """Put `_`, gettext, ngettext and the language helpers into a Jinja environment that
        loaded jinja2.ext.i18n. The callables keep the contract of the extension's "newstyle"
        gettext (`_('By %(name)s', name=x)`: the translation is markup, the variables are
        escaped into it, `%%` is a percent sign) but are called directly: Jinja's own wrappers
        add three calls per string, and a 1,000-release build looks up about 58,000 strings."""
        lookups = {}                  # lang -> (gettext, ngettext) of its catalog

        def functions(context):
            lang = self.lang_of(context)
            found = lookups.get(lang)
            if found is None:
                catalog = self.translations(lang)
                found = lookups[lang] = (catalog.gettext, catalog.ngettext)
            return found

        @pass_context
        def gettext(context, message, **variables):
            rv = functions(context)[0](message)
            if context.eval_ctx.autoescape:
                rv = Markup(rv)
            return rv % variables

        @pass_context
        def ngettext(context, singular, plural, num, **variables):
            variables.setdefault("num", num)
            rv = functions(context)[1](singular, plural, num)
            if context.eval_ctx.autoescape:
                rv = Markup(rv)
            return rv % variables

        # What each callable reads from the page's context besides its arguments: a page's
        # fingerprint (plugins/fastbuild/fingerprint.py) takes those values in.
        gettext.reads_context = ngettext.reads_context = ("page_lang",)
        if hasattr(env, "install_gettext_callables"):
            # the extension's own set-up ({% trans %} compiles for newstyle callables), then ours
            env.install_gettext_callables(gettext, ngettext, newstyle=True)
        env.globals.update(_=gettext, gettext=gettext, ngettext=ngettext)
        own = ("article", "page")
        env.globals["page_language"] = reads(pass_context(lambda ctx: self.lang_of(ctx)), "page_lang")
        env.globals["language_switch"] = reads(pass_context(lambda ctx: self.switch(ctx)),
                                               "SITE_LANGUAGES", "page_lang", "page_translations", *own)
        env.globals["language_alternates"] = reads(pass_context(lambda ctx: self.alternates(ctx)),
                                                   "page_lang", "page_translations", *own)
        env.globals["language_home"] = reads(pass_context(lambda ctx: self.home(self.lang_of(ctx))), "page_lang")
        env.globals["language_name"] = reads(lambda lang: language_name(lang))
        env.filters["month_name"] = reads(pass_context(
            lambda ctx, d, with_year=False: month_name(d.year, d.month, self.lang_of(ctx), with_year)), "page_lang")

    def home(self, lang: str) -> str:
        """The listing of a language, relative to the site root ("" is the home page)."""
        if not lang or lang == self.default:
            return ""
        return self.listing_url.format(lang=lang)

    @staticmethod
    def _story_versions(context) -> dict:
        """{lang: url} of the page's own story in each language it is published in."""
        found = {}
        for item in context.get("page_translations") or ():
            if getattr(item, "lang", None) and getattr(item, "url", None):
                found.setdefault(item.lang, item.url)
        return found

    def alternates(self, context) -> list[dict]:
        """hreflang alternates of a release that has translations: itself and each of them."""
        others = self._story_versions(context)
        if not others:
            return []
        own = context.get("article") or context.get("page")
        lang = self.lang_of(context)
        links = dict(others)
        if own is not None and getattr(own, "url", None):
            links[lang] = own.url
        return [{"code": code, "url": url} for code, url in sorted(links.items())]

    def switch(self, context) -> list[dict]:
        """The header's language switch, when the site has more than one language: each of the
        site's languages, linking to this story's translation when there is one, else to that
        language's listing. [] on a one-language site."""
        languages = tuple(context.get("SITE_LANGUAGES") or ())
        if len(languages) < 2:
            return []
        current = self.lang_of(context)
        story = self._story_versions(context)
        own = context.get("article") or context.get("page")
        if story and own is not None:
            story[current] = own.url
        key = (languages, current, tuple(sorted(story.items())))
        cached = self._switches.get(key)     # every listing page of a language has the same
        if cached is not None:
            return cached
        out = self._switches[key] = []
        for code in languages:
            same = code in story
            out.append({"code": code, "name": language_name(code), "current": code == current,
                        "url": story[code] if same else self.home(code), "same_story": same})
        return out
