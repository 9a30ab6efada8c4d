"""Pelican recomputes a release's URL (a format over its metadata, with path arithmetic) at
every use: ~26 uses per release page through the listings, the neighbours and "more from"
lists, about a fifth of the writing time at 10,000 releases. Once the context is built
(the writing phase) nothing changes a URL, so each content object keeps its own.
Only while frozen; a build's `finalized` thaws (and forgets) them.

Before that (reading, the context, the plugins' renames), every URL is computed from scratch,
and each computation starts with the release's path relative to the content folder
(`Content.url_format` asks `get_relative_source_path`, an os.path.relpath of two abspaths):
~7 per release, 9 s of a 10,000-release profile. `install()` keeps each content object's
answer, keyed by what it is computed from (the source path asked for, the PATH setting, and
the working directory when either is relative), so it is exact at any time: always on."""
from __future__ import annotations

import os

from pelican.contents import Content

_original = Content.get_url_setting
_relative = Content.get_relative_source_path
_frozen = False


def _get_url_setting(self, key: str) -> str:
    if not _frozen:
        return _original(self, key)
    return _remembered(self, "_fastbuild_urls", key, _original, key)


def _remembered(obj, slot: str, key, compute, *args):
    """obj's answer for `key`, kept in its own dict `slot` (None is not kept: asked again)."""
    memo = obj.__dict__.get(slot)
    if memo is None:
        memo = obj.__dict__[slot] = {}
    found = memo.get(key)
    if found is None:
        found = memo[key] = compute(obj, *args)
    return found


def freeze() -> None:
    global _frozen
    _frozen = True
    Content.get_url_setting = _get_url_setting


def thaw() -> None:
    global _frozen
    _frozen = False
    Content.get_url_setting = _original


def _get_relative_source_path(self, source_path=None):
    path = source_path or self.__dict__.get("source_path")
    base = self.settings["PATH"]
    if not path or not isinstance(path, str) or not isinstance(base, str):
        return _relative(self, source_path)
    key = (path, base, None if os.path.isabs(path) and os.path.isabs(base) else os.getcwd())
    return _remembered(self, "_fastbuild_relpaths", key, _relative, source_path)


def install() -> None:
    """Content.get_relative_source_path answers once per object and input (see above)."""
    if getattr(Content.get_relative_source_path, "fastbuild_memo", False):
        return
    _get_relative_source_path.fastbuild_memo = True
    Content.get_relative_source_path = _get_relative_source_path
