"""What a build read and what it wrote, to tell whether a rebuild can be skipped.

Inputs: every file under the content, seeds, theme and plugin folders (by stat, and by a
hash of the bytes when the stat moved: the wire ingest rewrites its manifest with the same
bytes on every build), plus the settings and the Pelican/Python versions. Output: every
file's size and mtime, so a deleted or touched output file forces a real build.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys

import atomicfile
import stathash
from stathash import SKIP_DIRS, files_under, walk  # noqa: F401 - the walk of every input folder

RECORD_VERSION = 2      # 2: inputs are a stathash.StatRecord (racy entries compared by bytes)


def _new_hash():
    return hashlib.blake2b(digest_size=16)


def _digest(path: str) -> str:
    """A hash of a regular file's bytes (stathash.read_digest: a FIFO or a device is named by
    its type and never read, an unreadable file by its error)."""
    return stathash.read_digest(path, _new_hash)[0]


def _stable(value, depth=0):
    """A repr of a settings value that does not change between processes."""
    if depth > 6:
        return "..."
    if isinstance(value, dict):
        return "{" + ",".join(f"{_stable(k)}:{_stable(v, depth + 1)}"
                              for k, v in sorted(value.items(), key=lambda kv: repr(kv[0]))) + "}"
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_stable(v, depth + 1) for v in value]
        return "[" + ",".join(sorted(items) if isinstance(value, (set, frozenset)) else items) + "]"
    if isinstance(value, (str, int, float, bool, type(None))):
        return repr(value)
    if callable(value):
        return f"<{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__name__)}>"
    return f"<{type(value).__module__}.{type(value).__qualname__}>"


def settings_key(settings: dict) -> str:
    from importlib import metadata

    text = _stable({k: v for k, v in settings.items() if k.isupper()})
    text += f"|python {sys.version}"
    for package in ("pelican", "markdown", "jinja2", "feedgen", "pagefind", "pycountry", "nh3", "pygments"):
        try:                          # what renders the pages: an upgrade means a real build
            text += f"|{package} {metadata.version(package)}"
        except metadata.PackageNotFoundError:
            pass
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def input_roots(settings: dict) -> dict[str, str]:
    roots = {"content": settings.get("PATH"), "theme": settings.get("THEME"),
             "seeds": settings.get("WIRE_SEEDS_PATH")}
    for i, path in enumerate(settings.get("PLUGIN_PATHS") or []):
        roots[f"plugins{i}"] = path
    return {k: os.path.abspath(v) for k, v in roots.items() if v}


def snapshot_inputs(settings: dict, previous: dict | None = None, now: float | None = None) -> dict:
    """The record (stathash.StatRecord's data) of every input file: hashes reused from
    `previous` where the stat did not move and the entry was settled; a file hashed now that
    is not settled (the ingest of this build just wrote it) is kept, marked racy: the next
    check compares its bytes, not its stat."""
    rec = stathash.StatRecord.from_data(previous, input_roots(settings))
    for space, root in rec.roots.items():
        for rel, st in walk(root):
            if rec.known(space, rel, st) is None:
                digest, before, after = stathash.read_digest(os.path.join(root, rel), _new_hash)
                rec.learn(space, rel, before, after or st, digest, now)
    return rec.data()


def digests(snapshot: dict, space: str) -> dict[str, str]:
    """{relative path: hash} of one input folder of a snapshot."""
    return {rel: rec.partition("|")[2] for rel, rec in snapshot["files"].get(space, {}).items()}


def changed_input(settings: dict, recorded: dict) -> str | None:
    """The first input file that is not the one recorded (by stat when its entry is settled,
    else by bytes), or None."""
    rec = stathash.StatRecord.from_data(recorded, input_roots(settings))
    if not rec.matches:
        return "the set of input folders"
    for space, root in rec.roots.items():
        files = rec.loaded[space]
        seen = 0
        for rel, st in files_under(root):
            if rel not in files:
                return f"{space}/{rel} (new)"
            seen += 1
            path = os.path.join(root, rel)
            if not rec.unchanged(space, rel, st, lambda: _digest(path)):
                return f"{space}/{rel}"
        if seen != len(files):
            return f"{space}: a file was removed"
    return None


def output_digest(output: str, ignored: tuple[str, ...] = ()) -> str:
    """One digest of every output file's path, size and mtime (but those under `ignored`):
    any file added, removed, changed or touched since gives another. One digest, not the
    list: at 10,000 releases the list was 26,000 entries written to JSON every build."""
    lines = "".join(f"{rel}\0{st.st_size}\0{st.st_mtime_ns}\n" for rel, st in walk(output)
                    if not rel.startswith(ignored))
    # one update of the lines joined: the same digest as one update per line
    return hashlib.blake2b(lines.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


def load(path: str) -> dict | None:
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return None


def save(path: str, data: dict) -> None:
    atomicfile.write_bytes(path, json.dumps(data, separators=(",", ":")).encode("utf-8"))
