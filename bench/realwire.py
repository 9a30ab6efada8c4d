"""Real wire copy for benchmarks: the stories of ../shared/wire-corpus/dev (every group),
cycled to N files, each copy after the first of a story with its headline line varied so
that every file is a distinct release (its own bytes, title and slug), and with the story's
own identifiers (slugline, story number, guid) varied too, so that the lifecycle takes each
copy for a story of its own rather than a re-send of the first.

    from realwire import corpus_stories, write_wire_files
    write_wire_files(Path("seeds"), corpus_stories(), 1000)

The corpus is third-party and read-only: the benchmark copies it into its own temporary
work folder, never into the project.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "wire-corpus" / "dev"
sys.path.insert(0, str(ROOT / "plugins"))
from wire import formats  # noqa: E402  (the project's own parsers find the headline line)
from wire import convert as wire_convert, identity as wire_identity  # noqa: E402
from wire.decode import DecodeError, decode, strip_controls  # noqa: E402


def corpus_stories(corpus: Path = CORPUS) -> list[Path]:
    """Every wire file of every group, in a fixed order (group, then name); the ground-truth
    `.json` files and the `.notitle` copies (the same stories again) left out."""
    if not corpus.is_dir():
        raise FileNotFoundError(f"no wire corpus at {corpus} (../shared/wire-corpus/dev)")
    return sorted(p for p in corpus.glob("*/*")
                  if p.is_file() and p.suffix != ".json" and ".notitle" not in p.name)


def _headline_line(text: str) -> str | None:
    """The first line of the story's headline as it stands in `text` (framing aside), or None."""
    draft = formats.parse(text)
    headline = draft.headline
    if not headline:
        return None
    for line in text.split("\n"):
        clean = strip_controls(line).strip().rstrip("<").strip()
        if clean and len(clean) >= 3 and strip_controls(headline).strip().startswith(clean) \
                and clean in line:
            return clean
    return None


def identifiers(data: bytes) -> list[str]:
    """The strings in the story that name it across versions (wire.identity's keys as they
    stand in the text: slugline, story number, guid), longest first."""
    import datetime as dt

    try:
        story = wire_convert.convert(data, "x.txt", dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    except Exception:      # a story the converter rejects has no identity to vary
        return []
    ident = wire_identity.identify(story)
    found = set()
    raw = [story.guid, story.replaces, story.slugline, wire_identity.slug_of(story.slugline), story.headline]
    raw += [key.rsplit(":", 1)[-1] for key in ident.keys if key.startswith("number:")]
    text = decode(data)[0] if data else ""
    for value in raw:
        value = (value or "").strip()
        if len(value) >= 4 and value in text:
            found.add(value)
    return sorted(found, key=len, reverse=True)


def vary(data: bytes, copy: int, variant: int = 0, ids: list[str] | None = None) -> bytes:
    """The story with its headline line varied for copy number `copy` (0: the bytes as they are).

    The variation (" - take N") goes at the end of the headline's first line, inside any framing,
    so the parsers read the story as before; a story with no headline line gets the words in its
    first line of text instead (its generated title may stay the same: the slug still differs).
    Each of `ids` (see `identifiers`) gets "-x<letters of N>" appended where it stands."""
    if copy == 0 and variant == 0:
        return data
    try:
        text, encoding = decode(data)
    except DecodeError:
        return data + f"\n(take {copy + 1}{_letter(variant)})\n".encode()
    tag = f"{copy + 1}{_letter(variant)}"
    # letters only: identity reads a trailing number on a slugline as a version ("-2")
    word = "x" + "".join(chr(ord("a") + int(d)) for d in str(copy + 1)) + _letter(variant)
    values = ids if ids is not None else identifiers(data)
    for n, value in enumerate(values):      # longest first, each replaced once where it stands
        text = text.replace(value, f"\0{n}\0")
    for n, value in enumerate(values):
        text = text.replace(f"\0{n}\0", f"{value}-{word}")
    mark = f" - take {tag}"
    line = _headline_line(text)
    if line is not None:
        at = text.index(line) + len(line)
    else:
        # the end of the first line that carries words
        start = next((i for i, ln in enumerate(text.split("\n")) if any(c.isalpha() for c in ln)), 0)
        lines = text.split("\n")
        at = sum(len(ln) + 1 for ln in lines[:start]) + len(lines[start].rstrip("\r <"))
    varied = text[:at] + mark + text[at:]
    try:
        if encoding == "utf-8-sig":
            return varied.encode("utf-8-sig")
        return varied.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return varied.encode("utf-8")


def _letter(variant: int) -> str:
    return chr(ord("a") + variant - 1) if variant else ""


def variants(raw: list[bytes]) -> list[int]:
    """0 for each story, k for the k-th later story with the same bytes as an earlier one (the
    corpus holds one such pair): those are varied even in the first cycle ("take 1a"), so that
    every file is a distinct release (the feeds' entry ids come from the bytes' hash)."""
    seen: dict[bytes, int] = {}
    out = []
    for data in raw:
        out.append(seen.get(data, 0))
        seen[data] = seen.get(data, 0) + 1
    return out


def copy_name(i: int, story: Path) -> str:
    """File name of copy i: sortable, naming the corpus case, its extension kept."""
    return f"w{i:06d}-{story.parent.name}-{story.name}"


def write_wire_files(folder: Path, stories: list[Path], count: int, start: int = 0) -> list[Path]:
    """Copies start .. start+count-1 of the cycled corpus into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    raw = [p.read_bytes() for p in stories]
    var = variants(raw)
    ids: dict[int, list[str]] = {}
    paths = []
    for i in range(start, start + count):
        k = i % len(stories)
        path = folder / copy_name(i, stories[k])
        if k not in ids and (i // len(stories) or var[k]):
            ids[k] = identifiers(raw[k])
        path.write_bytes(vary(raw[k], i // len(stories), var[k], ids.get(k, [])))
        _same_time(stories[k], path)
        paths.append(path)
    return paths


def write_copy_of(folder: Path, stories: list[Path], story_index: int, copy: int, i: int) -> Path:
    """One more copy (number `copy`) of one story, named as copy i would be."""
    story = stories[story_index]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / copy_name(i, story)
    path.write_bytes(vary(story.read_bytes(), copy,
                          variants([p.read_bytes() for p in stories])[story_index]))
    _same_time(story, path)
    return path


def _same_time(story: Path, path: Path) -> None:
    # The ingest may infer a missing year from the file's time (Reuters-21578 datelines have
    # none): the corpus file's time makes every run of the benchmark date its copies alike.
    st = story.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
