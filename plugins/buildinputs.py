"""What a build read and what it wrote, to tell whether a rebuild can be skipped: fastbuild's
record (plugins/fastbuild) and the one check of it, asked inside Pelican (fastbuild, on
`initialized`) and before Pelican is imported (nochange.py, for the build runner). Imports
neither Pelican nor any plugin.

Inputs: every file under the content, seeds, theme and plugin folders (stathash.StatRecord:
by stat where the entry is settled, else by a hash of the bytes: the wire ingest rewrites its
manifest with the same bytes), plus the settings and the Pelican/Python versions. Output: every
file's size and mtime, so a deleted or touched output file forces a real build.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import time

import atomicfile
import stathash
from stathash import SKIP_DIRS, files_under, walk  # noqa: F401 - the walk of every input folder

RECORD_VERSION = 2      # 2: inputs are a stathash.StatRecord (racy entries compared by bytes)
IGNORED_OUTPUT = ("_build/",)   # the dev build report, written by the runner after Pelican
# what renders the pages: an upgrade means a real build
PACKAGES = ("pelican", "markdown", "jinja2", "feedgen", "pagefind", "pycountry", "nh3", "pygments")


def _new_hash():
    return hashlib.blake2b(digest_size=16)


def _digest(path: str) -> str:
    """A hash of a regular file's bytes (stathash.read_digest: a FIFO or a device is named by
    its type and never read, an unreadable file by its error)."""
    return stathash.read_digest(path, _new_hash)[0]


def stable(value, depth=0):
    """A repr of a settings value that does not change between processes."""
    if depth > 6:
        return "..."
    if isinstance(value, dict):
        return "{" + ",".join(f"{stable(k)}:{stable(v, depth + 1)}"
                              for k, v in sorted(value.items(), key=lambda kv: repr(kv[0]))) + "}"
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [stable(v, depth + 1) for v in value]
        return "[" + ",".join(sorted(items) if isinstance(value, (set, frozenset)) else items) + "]"
    if isinstance(value, (str, int, float, bool, type(None))):
        return repr(value)
    if callable(value):
        return f"<{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__name__)}>"
    return f"<{type(value).__module__}.{type(value).__qualname__}>"


def versions() -> str:
    """Python's and the rendering packages' versions, as one line: each package's first
    `NAME-VERSION.dist-info` (or .egg-info) on sys.path, as importlib.metadata finds it, by
    listing the folders (importlib.metadata itself costs ~0.1 s of imports and a search per
    package on every no-change build)."""
    found: dict[str, str] = {}
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith((".dist-info", ".egg-info")):
                package, _, version = name.rsplit(".", 1)[0].partition("-")
                found.setdefault(package.lower().replace("_", "-"), version)
    return f"python {sys.version}" + "".join(f"|{p} {found[p]}" for p in PACKAGES if p in found)


def settings_key(settings: dict) -> str:
    text = stable({k: v for k, v in settings.items() if k.isupper()}) + "|" + versions()
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def state_file(settings: dict) -> str:
    """Where fastbuild keeps the record of the last build into this OUTPUT_PATH."""
    key = hashlib.blake2b(os.path.abspath(settings["OUTPUT_PATH"]).encode(), digest_size=8).hexdigest()
    return os.path.join(settings.get("CACHE_PATH") or "cache", f"fastbuild-{key}.json")


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


def changed_input(roots: dict[str, str], recorded: dict) -> str | None:
    """The first file under `roots` (input_roots) that is not the one recorded (by stat when
    its entry is settled, else by bytes), or None."""
    rec = stathash.StatRecord.from_data(recorded, roots)
    if not rec.matches:
        return "the set of input folders"
    for space, root in rec.roots.items():
        files = rec.loaded[space]
        seen = 0
        for rel, st in files_under(root):
            if rel not in files:
                return f"{space}/{rel} (new)"
            seen += 1
            if not rec.unchanged(space, rel, st, lambda: _digest(os.path.join(root, rel))):
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


def output_snapshot(output: str) -> str:
    return output_digest(output, IGNORED_OUTPUT)


class OutputDigestBeside:
    """`output_snapshot(output)`, made in a forked child while this process checks the inputs.

    A no-change check walks two trees of about the same size (at 100,000 releases: 200,000
    input files and 350,000 output files, each stat'ed in a Python loop that holds the GIL), so
    on a machine of two cores or more the output's walk runs beside the inputs' in a second
    process: the check's wall time is the longer walk, not their sum. `result()` is the digest
    (made here when there is no fork or the child gave none); `cancel()` stops the child when
    an input already decided it. The child does nothing but walk, hash and write its 32
    characters to a pipe (no logging, no locks), then leaves with os._exit."""

    def __init__(self, output: str, fork: bool | None = None):
        self.output, self.pid, self.fd = output, None, None
        if fork is None:
            fork = hasattr(os, "fork") and (os.cpu_count() or 1) > 1
        if not fork:
            return
        try:
            r, w = os.pipe()
            pid = os.fork()
        except OSError:
            return      # no second process: the digest is made in this one
        if pid == 0:    # the child
            code = 1
            try:
                os.close(r)
                os.write(w, output_snapshot(output).encode("ascii"))
                code = 0
            finally:
                os._exit(code)
        os.close(w)
        self.pid, self.fd = pid, r

    def _reap(self) -> bytes:
        data = b""
        try:
            while chunk := os.read(self.fd, 64):
                data += chunk
        except OSError:
            data = b""
        finally:
            os.close(self.fd)
            _, status = os.waitpid(self.pid, 0)
            self.pid = self.fd = None
        return data if os.waitstatus_to_exitcode(status) == 0 else b""

    def result(self) -> str:
        if self.pid is not None:
            data = self._reap()
            if data:
                return data.decode("ascii")
        return output_snapshot(self.output)

    def cancel(self) -> None:
        if self.pid is not None:
            try:
                os.kill(self.pid, 9)
            except OSError:
                pass
            self._reap()


def why_build(recorded: dict | None, key: str, roots: dict[str, str], output: str,
              now: float | None = None, output_digest: OutputDigestBeside | None = None) -> str | None:
    """Why a build with settings key `key`, inputs `roots` and output folder `output` cannot be
    skipped given the record of the last one, or None when nothing changed. `output_digest`:
    the output's digest already being made beside this check (nochange.py starts it before it
    loads the record); it is collected or cancelled here, whatever the answer."""
    try:
        return _why_build(recorded, key, roots, output, now, output_digest)
    finally:
        if output_digest is not None:
            output_digest.cancel()      # no-op once its result was taken


def _why_build(recorded, key, roots, output, now, output_digest) -> str | None:
    if not recorded or recorded.get("version") != RECORD_VERSION:
        return "no record of a previous build (or one of another version)"
    if recorded.get("settings") != key:
        return "settings, Pelican or Python changed"
    now = time.time() if now is None else now
    if now >= (recorded.get("valid_until") or float("inf")):
        return "an embargo lifted (or the news sitemap follows the clock)"
    changed = changed_input(roots, recorded["inputs"])
    if changed:
        return f"input changed: {changed}"
    digest = output_digest.result() if output_digest is not None else output_snapshot(output)
    if digest != recorded["output"]:
        return "the output folder was changed since the last build"
    return None


def load(path: str) -> dict | None:
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return None


def save(path: str, data: dict) -> None:
    atomicfile.write_bytes(path, json.dumps(data, separators=(",", ":")).encode("utf-8"))
