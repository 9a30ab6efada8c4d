"""plugins/settingscheck.py: a misspelt or mistyped setting is said, once, and never fails a
build; and in a real build each plugin checks its own keys."""
from __future__ import annotations

import logging

import pelicancompat
import settingscheck
from support import build_site

DEFAULTS = {"FASTBUILD_WORKERS": 2, "FASTBUILD_SKIP_UNCHANGED": True, "FASTBUILD_PATH": "x/{slug}",
            "FASTBUILD_LIST": [], "FASTBUILD_ANY": None}


def test_a_misspelt_key_is_named_with_the_key_it_resembles(caplog):
    settings = {"FASTBUILD_WORKER": 1, "OTHER_THING": 3}
    problems = settingscheck.check(settings, "fastbuild", ("FASTBUILD_",), DEFAULTS)
    assert problems == ["fastbuild: unknown setting FASTBUILD_WORKER (did you mean FASTBUILD_WORKERS?); "
                        "it is ignored"]
    assert [r.levelname for r in caplog.records] == ["WARNING"]
    assert settings["FASTBUILD_WORKERS"] == 2            # the default filled in


def test_a_value_of_the_wrong_kind_is_an_error_and_the_default_is_used():
    settings = {"FASTBUILD_WORKERS": "2", "FASTBUILD_SKIP_UNCHANGED": 1, "FASTBUILD_PATH": None,
                "FASTBUILD_LIST": ("a",), "FASTBUILD_ANY": object()}
    problems = settingscheck.check(settings, "fastbuild", ("FASTBUILD_",), DEFAULTS)
    assert problems == ["fastbuild: FASTBUILD_SKIP_UNCHANGED = 1 is not True or False; using the default True",
                        "fastbuild: FASTBUILD_WORKERS = '2' is not a number; using the default 2"]
    assert settings["FASTBUILD_WORKERS"] == 2 and settings["FASTBUILD_SKIP_UNCHANGED"] is True
    assert settings["FASTBUILD_PATH"] is None            # None switches a path off: accepted
    assert settings["FASTBUILD_LIST"] == ("a",)


def test_keys_another_plugin_owns_are_left_to_it():
    settings = {"WIRE_FEED_MAX_ITEMS": 5, "WIRE_FILE_SAVE_AS": "w/{slug}.txt", "WIRE_STRICTT": True}
    problems = settingscheck.check(settings, "wire", ("WIRE_",), {"WIRE_STRICT": False},
                                   others=("WIRE_FEED_", "WIRE_FILE_SAVE_AS"))
    assert problems == ["wire: unknown setting WIRE_STRICTT (did you mean WIRE_STRICT?); it is ignored"]


def test_a_real_build_names_each_plugins_misspelt_and_bad_settings(tmp_path, caplog):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text("Acme opens plant\n\nWASHINGTON, March 3, 2026 (Reuters) - Acme Corp "
                                 "opened a plant in Ohio on Monday, the company said.\n")
    caplog.set_level(logging.WARNING, logger="wirepress.settings")
    # Pelican's LimitFilter drops, for the life of a process, a message it has logged before
    # (the unit tests above log the same lines); a build process says each once
    pelicancompat.reset_log_limits()
    out = build_site(tmp_path, seeds, {"FASTBUILD_WORKER": 1, "WIRE_DEFAULT_YEARS": 2018,
                                       "WIRE_FEED_MAX_ITEM": 3, "NEWS_SITEMAP_DAY": 1,
                                       "WIRE_FEED_MAX_ITEMS": "many", "SITEMAP_MAX_URLS": "lots"})
    said = sorted(r.getMessage() for r in caplog.records if r.name == "wirepress.settings")
    assert said == [
        "fastbuild: unknown setting FASTBUILD_WORKER (did you mean FASTBUILD_WORKERS?); it is ignored",
        "feeds: WIRE_FEED_MAX_ITEMS = 'many' is not a number; using the default 50",
        "feeds: unknown setting WIRE_FEED_MAX_ITEM (did you mean WIRE_FEED_MAX_ITEMS?); it is ignored",
        "newsroom: SITEMAP_MAX_URLS = 'lots' is not a number; using the default 50000",
        "newsroom: unknown setting NEWS_SITEMAP_DAY (did you mean NEWS_SITEMAP_DAYS?); it is ignored",
        "wire: unknown setting WIRE_DEFAULT_YEARS (did you mean WIRE_DEFAULT_YEAR?); it is ignored",
    ]
    assert (out / "sitemap.xml").is_file() and (out / "feeds" / "all.atom.xml").is_file()   # built all the same
