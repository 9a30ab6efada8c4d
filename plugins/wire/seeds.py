"""What sits in seeds/, and reading one wire file from it safely.

seeds/ is a drop folder: people and scripts put anything there. Only regular files inside
the folder become releases. A symbolic link is followed only when its real path stays in
the folder (`ln -s /etc/passwd seeds/x.txt` must never publish /etc/passwd); FIFOs,
sockets and device files are never read (a FIFO would block the build forever,
`/dev/zero` would fill memory). The check is made on the open file itself (open with
O_NOFOLLOW | O_NONBLOCK, then fstat the descriptor), so nothing can be swapped in between
a check and the open. Reads stop at a size cap.

Every entry is accounted for: `scan` returns the files to convert and, for every other
entry, the reason it is not converted, so the ingest names each one in one log line.
File names are shown escaped (`shown`): a newline in a name cannot forge a log line.
"""
from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

# Files a system or a repository puts in every folder: named at INFO, never converted.
PLACEHOLDERS = {".gitkeep", ".DS_Store", "Thumbs.db"}
# What an upload in progress is called until its client renames it to the final name: FTP
# clients and servers (FileZilla, WinSCP's ".filepart", ProFTPD's HiddenStores), browsers and
# scripts. rsync and ProFTPD write under a hidden name (".name.XXXXXX"), skipped as hidden.
# Such a file is half a story: never converted (the rename to the final name brings it in).
# Wire files themselves have odd extensions (.ANPA, .001), so only these exact suffixes count.
UPLOAD_SUFFIXES = (".part", ".partial", ".filepart", ".tmp", ".temp", ".crdownload", ".download", "~")


def is_upload_temporary(name: str) -> bool:
    """True for a name an upload uses before it is complete (hidden, or a temporary suffix)."""
    return name.startswith(".") or name.lower().endswith(UPLOAD_SUFFIXES)
_CHUNK = 1 << 20
# The default of WIRE_MAX_BYTES, the one limit on a wire file's size: a larger file is no
# story (the largest real story in the corpus is 56 KB; 2 MiB is 36 times that) and is
# rejected without being read. A file at the limit converts in about 0.3 s of CPU. The
# setting flows as an argument (ingest -> read_capped / digest_and_stat / convert.convert,
# and the newsroom's downloads): nothing changes this constant.
DEFAULT_MAX_BYTES = 2 * 1024 * 1024


def max_bytes(settings) -> int:
    """The size limit of a build's settings (WIRE_MAX_BYTES, checked by the wire plugin),
    for every reader of wire files: the ingest and the newsroom's downloads."""
    value = settings.get("WIRE_MAX_BYTES")
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else DEFAULT_MAX_BYTES


def size_text(n: int) -> str:
    """A byte count as a person reads it: 2 MiB, 1.5 MiB, 300 KiB, 1,000 bytes."""
    for unit, size in (("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size:
            value = n / size
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.2f} {unit}"
    return f"{n:,} bytes"


def too_large(size: int, limit: int) -> str:
    """The one message for a wire file over the size limit (seeds.TooLarge, convert.Rejected)."""
    return (f"{size:,} bytes ({size_text(size)}) is over the size limit for a wire file, "
            f"{size_text(limit)} ({limit:,} bytes, WIRE_MAX_BYTES)")


class Refused(Exception):
    """This seeds/ entry is not read; the message says why."""


def shown(name: str) -> str:
    """A file name as a log line or a report may show it: as is when every character is
    printable, else Python's escaped repr (newlines, escapes, bidi controls, the
    surrogates that stand for bytes of a name that is not UTF-8)."""
    return name if name.isprintable() else repr(name)


def text_name(name: str) -> str:
    """The name as text for a release (Wire-Source): bytes that are not UTF-8 (kept by
    os.listdir as surrogates, which no UTF-8 file can hold) become U+FFFD."""
    return os.fsencode(name).decode("utf-8", "replace")


@dataclass
class Skipped:
    name: str
    reason: str
    refused: bool       # True: a hazard or an unreadable file (a rejection); False: by design


@dataclass
class Scan:
    files: list[str] = field(default_factory=list)        # names to read and convert
    skipped: list[Skipped] = field(default_factory=list)
    present: set[str] = field(default_factory=set)        # every name in the folder
    stats: dict[str, os.stat_result] = field(default_factory=dict)   # of each file's target, at the scan


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    return "not a regular file"


def scan(seeds: Path) -> Scan:
    """Sort every entry of `seeds` into files to convert and entries skipped with a reason.
    Only lstat here: nothing is opened, no link is followed to a device."""
    out = Scan()
    try:
        names = sorted(os.listdir(seeds))
    except OSError:
        return out
    real = os.path.realpath(seeds)
    for name in names:
        out.present.add(name)
        path = os.path.join(seeds, name)
        try:
            st = os.lstat(path)
        except OSError as exc:
            out.skipped.append(Skipped(name, f"cannot stat: {exc.strerror}", True))
            continue
        if name in PLACEHOLDERS:
            out.skipped.append(Skipped(name, "placeholder file, not a wire file", False))
        elif name.startswith("."):
            what = "hidden directory" if stat.S_ISDIR(st.st_mode) else "hidden file"
            out.skipped.append(Skipped(name, f"{what}, not read (names starting with '.' are skipped)", False))
        elif stat.S_ISDIR(st.st_mode):
            out.skipped.append(Skipped(name, "a directory: seeds/ is read one level deep", False))
        elif is_upload_temporary(name):
            out.skipped.append(Skipped(name, "an upload in progress (temporary name), not read until "
                                             "it is renamed", False))
        elif stat.S_ISLNK(st.st_mode):
            reason = _link_problem(path, real)
            if reason:
                out.skipped.append(Skipped(name, reason, True))
            else:
                out.files.append(name)
                try:
                    out.stats[name] = os.stat(path)
                except OSError:
                    pass
        elif stat.S_ISREG(st.st_mode):
            out.files.append(name)
            out.stats[name] = st
        else:
            out.skipped.append(Skipped(name, f"{_kind(st.st_mode)}, never read", True))
    return out


def _inside(path: str, folder: str) -> bool:
    return os.path.commonpath([path, folder]) == folder and path != folder


def _link_problem(path: str, real_seeds: str) -> str | None:
    """Why this symbolic link is not followed, or None when it points at a regular file
    inside seeds/ (checked again on the open file by `read_capped`)."""
    target = os.path.realpath(path)
    if not _inside(target, real_seeds):
        return "symbolic link to a file outside seeds/, refused"
    try:
        st = os.stat(target)
    except OSError:
        return "dangling symbolic link (its target does not exist)"
    if not stat.S_ISREG(st.st_mode):
        return f"symbolic link to {_kind(st.st_mode)}, refused"
    return None


def _open_regular(seeds: Path, name: str) -> int:
    """A descriptor on the regular file `name` stands for, inside seeds/; raises Refused."""
    path = os.path.join(seeds, name)
    real_seeds = os.path.realpath(seeds)
    target = os.path.realpath(path)
    if not _inside(target, real_seeds):
        raise Refused("symbolic link to a file outside seeds/, refused")
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(target, flags)     # O_NONBLOCK: opening a FIFO never waits for a writer
    except OSError as exc:
        raise Refused(f"cannot open: {exc.strerror}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise Refused(f"{_kind(st.st_mode)}, never read")
        # Where the descriptor really is (a directory on the way may have been swapped for
        # a link after realpath): Linux says so for the open file itself.
        proc = f"/proc/self/fd/{fd}"
        if os.path.islink(proc) and not _inside(os.readlink(proc), real_seeds):
            raise Refused("resolves to a file outside seeds/, refused")
    except BaseException:
        os.close(fd)
        raise
    return fd


def _chunks(fd: int, limit: int):
    size = os.fstat(fd).st_size
    if size > limit:
        raise TooLarge(size, limit)
    total = 0
    while True:             # a file that grows while we read is still cut at the cap
        chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
        if not chunk:
            return
        total += len(chunk)
        if total > limit:
            raise TooLarge(total, limit)
        yield chunk


def read_capped(seeds: Path, name: str, limit: int) -> tuple[bytes, float]:
    """(bytes, mtime) of one wire file, at most `limit` bytes; raises Refused for anything
    that is not a regular file inside seeds/, TooLarge for a file over the limit (never
    read whole)."""
    fd = _open_regular(seeds, name)
    try:
        return b"".join(_chunks(fd, limit)), os.fstat(fd).st_mtime
    except OSError as exc:
        raise Refused(f"cannot read: {exc.strerror}") from None
    finally:
        os.close(fd)


def digest_capped(seeds: Path, name: str, limit: int) -> str:
    """The wire hash ("sha256:...", as convert.wire_hash) of one file, read in chunks: the
    main process decides what to convert without holding any file's bytes."""
    return digest_and_stat(seeds, name, limit)[0]


def digest_and_stat(seeds: Path, name: str, limit: int) -> tuple[str, os.stat_result, os.stat_result]:
    """(wire hash, the open file's stat before and after it was read): the stat record
    (plugins/stathash.py) trusts the hash only when the two are the same."""
    fd = _open_regular(seeds, name)
    h = hashlib.sha256()
    try:
        before = os.fstat(fd)
        for chunk in _chunks(fd, limit):
            h.update(chunk)
        after = os.fstat(fd)
    except OSError as exc:
        raise Refused(f"cannot read: {exc.strerror}") from None
    finally:
        os.close(fd)
    return "sha256:" + h.hexdigest(), before, after


class TooLarge(Refused):
    def __init__(self, size: int, limit: int):
        super().__init__(too_large(size, limit) + "; not read")
