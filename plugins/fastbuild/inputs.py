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
import stat
import sys

import atomicfile

SKIP_DIRS = {"__pycache__", ".git", ".pytest_cache"}


def files_under(root: str):
    """(relative path, os.stat_result) of every file under root, in no particular order:
    os.scandir, one stat per file (a link: of its target; a dangling link: of the link).
    Folders in SKIP_DIRS and links to folders are not entered (as os.walk does)."""
    if not root or not os.path.isdir(root):
        return
    stack = [("", os.path.normpath(root))]
    while stack:
        prefix, folder = stack.pop()
        try:
            it = os.scandir(folder)
        except OSError:
            continue
        with it:
            for entry in it:
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    is_dir = False
                if is_dir:
                    if entry.name not in SKIP_DIRS and not entry.is_symlink():
                        stack.append((prefix + entry.name + "/", entry.path))
                    continue
                try:
                    st = entry.stat()
                except OSError:      # a dangling link is an input too (the ingest reports it)
                    try:
                        st = entry.stat(follow_symlinks=False)
                    except OSError:
                        continue
                yield prefix + entry.name, st


def walk(root: str):
    """`files_under(root)`, sorted by relative path."""
    return sorted(files_under(root), key=lambda item: item[0])


def _digest(path: str) -> str:
    """A hash of a regular file's bytes, read in chunks. Anything else (a FIFO, a link to
    /dev/zero, a socket in seeds/) is named by its type and never opened for reading: a
    FIFO would block the no-change check for ever, /dev/zero would never end. An
    unreadable file is named by its error; none of them stops the build."""
    try:
        st = os.stat(path)
    except OSError as exc:
        return f"unreadable:{exc.errno}"
    if not stat.S_ISREG(st.st_mode):
        return f"special:{stat.S_IFMT(st.st_mode):o}"
    try:    # O_NONBLOCK: if a FIFO was swapped in since the stat, open does not wait
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        return f"unreadable:{exc.errno}"
    h = hashlib.blake2b(digest_size=16)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return "special"
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            h.update(chunk)
    except OSError as exc:
        return f"unreadable:{exc.errno}"
    finally:
        os.close(fd)
    return h.hexdigest()


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


def snapshot_inputs(settings: dict, previous: dict | None = None) -> dict:
    """{root: {relpath: [size, mtime_ns, ctime_ns, ino, digest]}}; digests reused from
    `previous` where the stat did not move."""
    previous = previous or {}
    out = {}
    for key, root in input_roots(settings).items():
        before = previous.get(key, {})
        files = {}
        for rel, st in walk(root):
            stat = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
            old = before.get(rel)
            files[rel] = stat + [old[4] if old and old[:4] == stat else _digest(os.path.join(root, rel))]
        out[key] = files
    return out


def changed_input(settings: dict, recorded: dict) -> str | None:
    """The first input file that is not the one recorded (stat moved and bytes differ), or None."""
    roots = input_roots(settings)
    if set(roots) != set(recorded):
        return "the set of input folders"
    for key, root in roots.items():
        files = recorded[key]
        seen = 0
        for rel, st in files_under(root):
            old = files.get(rel)
            if old is None:
                return f"{key}/{rel} (new)"
            seen += 1
            if old[:4] != [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]:
                if old[0] != st.st_size or old[4] != _digest(os.path.join(root, rel)):
                    return f"{key}/{rel}"
        if seen != len(files):
            return f"{key}: a file was removed"
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
