"""Pelican recomputes a release's URL (a format over its metadata, with path arithmetic) at
every use: ~26 uses per release page through the listings, the neighbours and "more from"
lists, about a fifth of the writing time at 10,000 releases. Once the context is built
(the writing phase) nothing changes a URL, so each content object keeps its own.
Only while frozen; a build's `finalized` thaws (and forgets) them."""
from __future__ import annotations

from pelican.contents import Content

_original = Content.get_url_setting
_frozen = False


def _get_url_setting(self, key: str) -> str:
    if not _frozen:
        return _original(self, key)
    cache = self.__dict__.get("_fastbuild_urls")
    if cache is None:
        cache = self.__dict__["_fastbuild_urls"] = {}
    value = cache.get(key)
    if value is None:
        value = cache[key] = _original(self, key)
    return value


def freeze() -> None:
    global _frozen
    _frozen = True
    Content.get_url_setting = _get_url_setting


def thaw() -> None:
    global _frozen
    _frozen = False
    Content.get_url_setting = _original
