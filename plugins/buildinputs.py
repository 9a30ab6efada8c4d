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
import select
import struct
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


def _drop_folder_first(spaces):
    """The input folders in the order a check looks at them: seeds/ first, where news arrives
    (a new wire file is found before the 100,000 releases of content/ are stat'ed)."""
    return sorted(spaces, key=lambda item: item[0] != "seeds")


def changed_input(roots: dict[str, str], recorded: dict) -> str | None:
    """The first file under `roots` (input_roots) that is not the one recorded (by stat when
    its entry is settled, else by bytes), or None."""
    rec = stathash.StatRecord.from_data(recorded, roots)
    if not rec.matches:
        return "the set of input folders"
    for space, root in _drop_folder_first(rec.roots.items()):
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


def changed_between(snapshot: dict, recorded: dict) -> str | None:
    """changed_input's answer from a snapshot of the inputs made now (snapshot_inputs with the
    record's hashes: a file whose stat moved, or whose entry was racy, was hashed again), so
    that a build which needs the snapshot anyway walks the inputs once, not twice."""
    if not isinstance(recorded, dict) or recorded.get("version") != snapshot.get("version") \
            or recorded.get("roots") != snapshot.get("roots"):
        return "the set of input folders"
    for space, files in _drop_folder_first(snapshot["files"].items()):
        then = recorded.get("files", {}).get(space, {})
        for rel, entry in files.items():
            old = then.get(rel)
            if old is None:
                return f"{space}/{rel} (new)"
            if old.partition("|")[2] != entry.partition("|")[2]:
                return f"{space}/{rel}"
        if len(files) != len(then):
            return f"{space}: a file was removed"
    return None


def _line(rel: str, st: os.stat_result) -> str:
    return f"{rel}\0{st.st_size}\0{st.st_mtime_ns}\n"


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


def _output_parts(output: str, ignored: tuple[str, ...]) -> list:
    """`walk(output)` cut at the top of the tree, in its order: each part is either the line
    of a file at the top (bytes) or a folder at the top (its name, a str) whose lines are
    `_folder_lines`. Every path under folder D starts with "D/", so ordering the parts by
    "D/" for a folder and by the name for a file gives the order of the whole sorted walk
    (two such keys never start one another). The top is read as every folder of a walk is
    (stathash.folder_entries)."""
    if not output or not os.path.isdir(output):
        return []
    keyed = []
    for name, st in stathash.folder_entries(output):
        if st is None:
            if not (name + "/").startswith(ignored):
                keyed.append((name + "/", name))
        elif not name.startswith(ignored):
            keyed.append((name, _encode(_line(name, st))))
    keyed.sort(key=lambda kv: kv[0])
    return [part for _, part in keyed]


def _folder_lines(output: str, name: str, ignored: tuple[str, ...]) -> bytes:
    prefix = name + "/"
    return _encode("".join(_line(prefix + rel, st) for rel, st in walk(os.path.join(output, name))
                           if not (prefix + rel).startswith(ignored)))


def _digest_of(parts: list, folder_bytes) -> str:
    """The digest of the parts' lines in order; `folder_bytes(i, name)`: folder part i's."""
    h = hashlib.blake2b(digest_size=16)
    for i, part in enumerate(parts):
        h.update(part if isinstance(part, bytes) else folder_bytes(i, part))
    return h.hexdigest()


def output_digest(output: str, ignored: tuple[str, ...] = ()) -> str:
    """One digest of every output file's path, size and mtime (but those under `ignored`):
    any file added, removed, changed or touched since gives another. One digest, not the
    list: at 10,000 releases the list was 26,000 entries written to JSON every build. It is
    the digest of the lines "path\0size\0mtime_ns\n" of `walk(output)`, in its order."""
    return _digest_of(_output_parts(output, ignored), lambda _i, name: _folder_lines(output, name, ignored))


def output_snapshot(output: str) -> str:
    return output_digest(output, IGNORED_OUTPUT)


_TASK = struct.Struct("<I")           # a folder's number in the parts, through the task pipe
_RESULT = struct.Struct("<IQ")        # a folder's number and the length of its lines
MAX_TASKS = select.PIPE_BUF // _TASK.size   # every task in one atomic write into an empty pipe


class OutputDigestBeside:
    """`output_snapshot(output)`, made by forked children while this process checks the inputs.

    A no-change check walks two trees (at 100,000 releases: 200,000 input files, 1.3 s here,
    and 350,000 output files, 2.8 s), each stat'ed in a Python loop that holds the GIL. So
    the output's top-level folders are walked by `workers` forked children, each taking the
    next folder from a task pipe (a 4-byte number: pipe reads of it are atomic) until none is
    left, while this process walks the inputs: the check's wall time is the larger share, not
    the sum. The lines of each folder come back through the child's own pipe, written once
    its work is done (so a child never waits on this process while there is work), and the
    digest is made here from them in the walk's order: the same digest as output_snapshot.
    `result()` collects it (a folder no child sent is walked here: a child that failed costs
    time, never a wrong answer); `cancel()` stops the children when an input decided first.
    A child does nothing but walk and write to its pipe (no logging, no locks), then leaves
    with os._exit."""

    def __init__(self, output: str, fork: bool | None = None, workers: int | None = None):
        self.output, self.children = output, []
        self.parts: list | None = None
        cores = os.cpu_count() or 1
        if fork is None:
            fork = hasattr(os, "fork") and cores > 1
        if not fork:
            return
        try:
            self.parts = _output_parts(output, IGNORED_OUTPUT)
        except OSError:
            return      # made in result(), as output_snapshot would
        folders = [i for i, part in enumerate(self.parts) if isinstance(part, str)]
        if not folders or len(folders) > MAX_TASKS:
            return
        # the larger folders first (a folder's own size grows with its entries: a hint)
        folders.sort(key=lambda i: -_size_hint(os.path.join(output, self.parts[i])))
        tasks_r, tasks_w = os.pipe()
        try:
            os.write(tasks_w, b"".join(_TASK.pack(i) for i in folders))
        finally:
            os.close(tasks_w)     # read to its end, the pipe says: no task left
        try:
            for _ in range(max(1, min(workers or min(cores, 3), len(folders)))):
                self._fork_child(tasks_r)
        finally:
            os.close(tasks_r)

    def _fork_child(self, tasks_r: int) -> None:
        try:
            r, w = os.pipe()
        except OSError:
            return
        try:
            pid = os.fork()
        except OSError:
            os.close(r)
            os.close(w)
            return
        if pid == 0:    # the child
            code = 1
            try:
                os.close(r)
                out = []
                while len(task := os.read(tasks_r, _TASK.size)) == _TASK.size:
                    i = _TASK.unpack(task)[0]
                    lines = _folder_lines(self.output, self.parts[i], IGNORED_OUTPUT)
                    out.append(_RESULT.pack(i, len(lines)) + lines)
                data = memoryview(b"".join(out))
                while data:
                    data = data[os.write(w, data):]
                code = 0
            finally:
                os._exit(code)
        os.close(w)
        self.children.append((pid, r))

    def _reap(self) -> dict[int, bytes]:
        """The lines each child sent, by folder number; every child waited for."""
        got: dict[int, bytes] = {}
        for pid, fd in self.children:
            chunks = []
            try:
                while chunk := os.read(fd, 1 << 20):
                    chunks.append(chunk)
            except OSError:
                chunks = []
            finally:
                os.close(fd)
                _, status = os.waitpid(pid, 0)
            if os.waitstatus_to_exitcode(status) != 0:
                continue      # its folders are walked here
            data, at = b"".join(chunks), 0
            while at + _RESULT.size <= len(data):
                i, n = _RESULT.unpack_from(data, at)
                at += _RESULT.size
                got[i] = data[at:at + n]
                at += n
        self.children = []
        return got

    def result(self) -> str:
        if self.parts is None:
            return output_snapshot(self.output)
        got = self._reap()
        return _digest_of(self.parts, lambda i, name: got[i] if i in got
                          else _folder_lines(self.output, name, IGNORED_OUTPUT))

    def cancel(self) -> None:
        for pid, _fd in self.children:
            try:
                os.kill(pid, 9)
            except OSError:
                pass
        self._reap()


def _size_hint(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def why_build(recorded: dict | None, key: str, roots: dict[str, str], output: str,
              now: float | None = None, output_digest: OutputDigestBeside | None = None,
              snapshot: dict | None = None) -> str | None:
    """Why a build with settings key `key`, inputs `roots` and output folder `output` cannot be
    skipped given the record of the last one, or None when nothing changed. `output_digest`:
    the output's digest already being made beside this check (nochange.py starts it before it
    loads the record); it is collected or cancelled here, whatever the answer. `snapshot`: the
    inputs as this build found them (snapshot_inputs), compared instead of a walk."""
    try:
        return _why_build(recorded, key, roots, output, now, output_digest, snapshot)
    finally:
        if output_digest is not None:
            output_digest.cancel()      # no-op once its result was taken


def _why_build(recorded, key, roots, output, now, output_digest, snapshot=None) -> str | None:
    if not recorded or recorded.get("version") != RECORD_VERSION:
        return "no record of a previous build (or one of another version)"
    if recorded.get("settings") != key:
        return "settings, Pelican or Python changed"
    now = time.time() if now is None else now
    if now >= (recorded.get("valid_until") or float("inf")):
        return "an embargo lifted (or the news sitemap follows the clock)"
    changed = (changed_between(snapshot, recorded["inputs"]) if snapshot is not None
               else changed_input(roots, recorded["inputs"]))
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
