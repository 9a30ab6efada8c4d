"""Each plugin's settings, checked once per build, as pelican-plugins/sitemap's _check_config does.

A plugin names the prefixes it owns (`FASTBUILD_`) and its settings with their defaults. Then:

- a key with one of those prefixes that the plugin does not know is a warning naming the
  closest known key: a misspelt `FASTBUILD_WORKER = 1` silently meant the default before;
- a value of the wrong kind (judged by the default's: an int for an int, a bool for a bool, a
  string or None for a string, a list or tuple for a list; a default of None takes anything) is
  an error, and the default is used instead, so one bad value never fails the build;
- missing keys get their default (`settings.setdefault`), so the plugin's code reads
  `settings[key]` and the default lives in one place.

Pure apart from the log lines and the settings dict it is given; no state of its own.
"""
from __future__ import annotations

import difflib
import logging

log = logging.getLogger("wirepress.settings")


def _accepts(default, value) -> bool:
    if default is None:
        return True
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, int):
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(default, float):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if isinstance(default, str):
        return value is None or isinstance(value, str)      # None switches a path off
    if isinstance(default, (list, tuple)):
        return isinstance(value, (list, tuple))
    if isinstance(default, dict):
        return isinstance(value, dict)
    return True


def _kind(default) -> str:
    if isinstance(default, bool):
        return "True or False"
    if isinstance(default, (int, float)):
        return "a number"
    if isinstance(default, str):
        return "a string (or None)"
    if isinstance(default, (list, tuple)):
        return "a list"
    return type(default).__name__


def check(settings: dict, plugin: str, prefixes: tuple[str, ...], defaults: dict,
          others: tuple[str, ...] = ()) -> list[str]:
    """Check `settings` against `defaults` (the plugin's settings); fill in the missing ones.
    `others`: keys or prefixes under `prefixes` that another plugin owns. Returns the
    problems found (also logged), for tests."""
    problems = []
    for key in sorted(k for k in settings if isinstance(k, str)):
        if key.startswith(prefixes) and key not in defaults and not key.startswith(others):
            near = difflib.get_close_matches(key, list(defaults), n=1, cutoff=0.75)
            hint = f" (did you mean {near[0]}?)" if near else ""
            problems.append(f"{plugin}: unknown setting {key}{hint}; it is ignored")
            log.warning(problems[-1])
    for key, default in sorted(defaults.items()):
        if key in settings and not _accepts(default, settings[key]):
            problems.append(f"{plugin}: {key} = {settings[key]!r} is not {_kind(default)}; "
                            f"using the default {default!r}")
            log.error(problems[-1])
            settings[key] = default
        else:
            settings.setdefault(key, default)
    return problems
