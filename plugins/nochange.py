"""Nothing changed? Asked by the build runner (buildreport.runner) before Pelican is imported:
a no-change `invoke build` then costs the check, not Pelican's imports, the wire ingest and
the plugins' start-up.

The check is fastbuild's (buildinputs.why_build: every input file, the embargo clock, the
output tree), on fastbuild's record of the last build. What needs Pelican is its settings key;
here a key computable without Pelican stands for it: the settings file run as Pelican runs it
(its upper-case names, so a file it imports or an environment variable it reads counts), the
overrides, the settings file's path and the working folder, and the versions of Python and
the packages that render (buildinputs.versions). After every build that succeeded the runner
records that key beside the fastbuild settings key of the record the build left; a later run
skips only when its key is the recorded one, fastbuild's record is still the one of that build,
and fastbuild's own check finds nothing changed. Any doubt (no record, a settings file that
does not run, another version) means the usual build, where fastbuild's check runs as before.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys

import atomicfile
import buildinputs

VERSION = 1
DEFAULT_CACHE = "cache"     # Pelican's CACHE_PATH when the settings name none


def _settings_module(config: str) -> dict:
    """The upper-case names of the settings file, run as pelican.settings.load_source runs it."""
    name = os.path.splitext(os.path.basename(config))[0]
    spec = importlib.util.spec_from_file_location(name, config)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return {k: v for k, v in vars(module).items() if k.isupper()}


def _absolute(config: str, path: str) -> str:
    """A path of the settings, made absolute as Pelican's read_settings does."""
    return path if os.path.isabs(path) else os.path.abspath(os.path.normpath(
        os.path.join(os.path.dirname(config), path)))


class NoChange:
    """The early check of one settings file with overrides (`of`: None when the settings file
    cannot be run; the usual build then says why)."""

    def __init__(self, config: str, overrides: dict, raw: dict):
        self.config, self.overrides = config, overrides
        merged = dict(raw, **overrides)
        self.key = hashlib.blake2b("|".join((
            f"nochange {VERSION}", config, os.getcwd(), buildinputs.stable(merged),
            buildinputs.versions())).encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()
        cache = merged.get("CACHE_PATH")
        cache = _absolute(config, cache) if cache else os.path.abspath(DEFAULT_CACHE)
        name = hashlib.blake2b(f"{config}\0{buildinputs.stable(overrides)}".encode(
            "utf-8", "surrogateescape"), digest_size=8).hexdigest()
        self.path = os.path.join(cache, f"nochange-{name}.json")

    @classmethod
    def of(cls, config, overrides: dict | None = None) -> "NoChange | None":
        config = os.path.abspath(os.fspath(config))
        try:
            return cls(config, dict(overrides or {}), _settings_module(config))
        except Exception:  # noqa: BLE001 - Pelican reads the settings next, and reports it
            return None

    def recorded(self) -> dict | None:
        """What the last successful build with this key left (None: no such build)."""
        rec = buildinputs.load(self.path)
        if not isinstance(rec, dict) or rec.get("version") != VERSION or rec.get("key") != self.key:
            return None
        return rec

    def why_build(self, rec: dict) -> str | None:
        """Why the recorded build cannot stand for this one (None: nothing changed)."""
        # the output's walk starts first, in a second process: it runs while this one loads
        # fastbuild's record (tens of MB at 100,000 releases) and walks the inputs
        beside = buildinputs.OutputDigestBeside(rec["output"])
        try:
            last = buildinputs.load(rec["fastbuild_record"])
            if not isinstance(last, dict) or last.get("settings") != rec["fastbuild_settings"]:
                return "fastbuild's record is not the one of the last build with these settings"
            try:
                roots = last["inputs"]["roots"]
            except (KeyError, TypeError):
                return "no input folders recorded"
            return buildinputs.why_build(last, rec["fastbuild_settings"], roots, rec["output"],
                                         output_digest=beside)
        finally:
            beside.cancel()

    def forget(self) -> None:
        try:
            os.remove(self.path)
        except OSError:
            pass

    def remember(self, settings: dict) -> None:
        """After a build that succeeded with `settings` (Pelican's, read from this settings file
        and overrides): the key, and fastbuild's record it left, when fastbuild may skip."""
        if ("fastbuild" not in (settings.get("PLUGINS") or ())
                or not settings.get("FASTBUILD_SKIP_UNCHANGED", True)):
            return
        again = NoChange.of(self.config, self.overrides)   # the settings file did not change meanwhile
        record = buildinputs.state_file(settings)
        last = buildinputs.load(record)
        if again is None or again.key != self.key or not isinstance(last, dict) or "settings" not in last:
            return
        data = {"version": VERSION, "key": self.key, "fastbuild_record": os.path.abspath(record),
                "fastbuild_settings": last["settings"], "output": settings["OUTPUT_PATH"],
                "cache": settings.get("CACHE_PATH") or DEFAULT_CACHE,
                "lock_timeout": settings.get("BUILD_LOCK_TIMEOUT"),
                "report": settings["OUTPUT_PATH"] if settings.get("WIREPRESS_BUILD_REPORT") else None}
        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            atomicfile.write_bytes(self.path, json.dumps(data).encode("utf-8"))
        except OSError:
            pass      # no record: the next build runs Pelican, whose fastbuild check still skips
