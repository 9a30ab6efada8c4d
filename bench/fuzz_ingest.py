"""Fuzz the converter: a seeded generator of hostile and unlucky wire files, run through the
real `convert.convert` + `mdwriter.render` (and, for a sample, the real `ingest_folder`),
counting uncaught exceptions (anything but `convert.Rejected`), inputs over 1 s (wall and
CPU time) and the whole run's time; and a sample built into a real Pelican site (`--site`),
whose pages, feeds and sitemaps are scanned for wire-derived markup outside the sanitiser's
allow-list (tests/wire/hostile.py `site_problems`, the scan of tests/wire/test_pelican_build.py).

    .venv/bin/python bench/fuzz_ingest.py                       # 100,000 inputs, seed 12, both cores
    .venv/bin/python bench/fuzz_ingest.py --count 5000 --seed 3 --workers 2 --site 50
    .venv/bin/python bench/fuzz_ingest.py --count 2000 --locate # where slow inputs spend their time

Input i of seed s is a pure function of (s, i) (`generate`), so any finding is replayed with
`--only i`. The workers go in rounds: each generates its chunk of inputs, all wait for each
other, then each times its conversions, and all wait again: no input is generated (one at
the size limit takes seconds) while another is timed, so an input's wall time is its conversion beside
the other workers' conversions and whatever else runs on the machine (the load average is
reported before, at most during, and after the run). Both wall and CPU seconds per input are
reported; the limit is on wall. After the run, every input over 1 s of wall is timed again
alone (this process, the workers gone): `over_1s_alone` tells an input's own cost from a
stall of the scheduler (two workers on two virtual cores). Kinds: random bytes and text, mutations and truncations of the real corpus stories
(../shared/wire-corpus/dev), re-encodings (cp1251, UTF-16 with and without BOM, Latin-1),
absurd dates and offsets, control characters, HTML, long runs of one shape (spaces, asterisks,
punctuation, repeated day names and words, giant lines, deep indents, many short lines) and a few
files near the size limit (convert's default, WIRE_MAX_BYTES's: 2 MiB), some just over it.
tests/wire/test_fuzz.py runs a seeded slice of it in CI.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import multiprocessing as mp
import os
import random
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "wire-corpus" / "dev"
if str(ROOT / "plugins") not in sys.path:
    sys.path.insert(0, str(ROOT / "plugins"))

from wire import convert, ingest, mdwriter, store  # noqa: E402

REF = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.timezone.utc)
SLOW = 1.0              # seconds: an input slower than this is a finding
HANG_GUARD = 30.0       # seconds: the harness stops waiting for one input (counted as slow)
MAX = convert.DEFAULT_MAX_BYTES      # the size limit convert applies by default (WIRE_MAX_BYTES's default)

_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_WORDS = ("the company said on Tuesday it would buy a stake in Acme Corp of New York for "
          "million dollars , . ; : - -- ( ) \" ' about media contact Reuter ### said has have "
          "announced today which who , called <BAC> Inc Ltd GmbH shr vs cts dlrs qtr").split()

# Dates no calendar has, offsets no zone uses, historical local mean time.
ABSURD_DATES = [
    "Feb 30", "February 30, 2026", "30 Feb 2026", "April 31, 2025", "13/45/2026", "2026-13-01",
    "2026-02-30", "month 13", "Jan 0, 2026", "Dec 32 2026", "March 3, 0", "March 3, 0000",
    "March 3, 99999", "June 1, 10000", "00:00 GMT+30", "10:00 UTC+25", "12:00 GMT-25", "09:00 +2500",
    "99:99 GMT", "25:00 CET", "12:61 EST", "2026-06-01T10:00:00+00:09:21", "1900-01-01T00:00:00+00:09:21",
    "Sat, 01 Jan 1900 00:00:00 +0009", "2026-06-01T10:00:00+24:00", "2026-06-01T10:00:00-99:00",
    "11:17, 30 Qańtar 2026 | GMT +30", "Tue 31 September 2015", "Feb 29, 2025", "Feb 29, 1900",
]
EMBARGOES = [
    "EMBARGOED UNTIL 09:00 GMT+30, 1 December 2026", "EMBARGOED UNTIL 25:00 CET, 31 June 2026",
    "HOLD FOR RELEASE UNTIL 10:00 UTC+25 Feb 30, 2026", "EMBARGO: 2026-13-40T99:00:00+99:00",
    "EMBARGOED UNTIL 00:00 +00:09:21, 1 January 1900", "EMBARGOED UNTIL March 3, 99999",
    "Embargoed until 12:00 UTC-26 on Feb 31",
]
HTML = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(document.domain)>", "<iframe src=//x>",
    "<a href=\"javascript:alert(1)\">x</a>", "<svg onload=alert(1)>", "&lt;b&gt;", "&#x3C;script&#x3E;",
    "]]><!--", "<style>*{}</style>", "{{ 7*7 }}", "{% raw %}", "<?xml version='1.0'?>", "</textarea>",
]
CONTROLS = "\x00\x01\x02\x03\x04\x07\x08\x0b\x0c\x0e\x10\x16\x1b\x1f\x7f\x85\x9b\u200b\u202e\u2028\u2029\ufeff\ufffe"


def _size(rng: random.Random, low: int, high: int) -> int:
    """Log-uniform: most shapes small, some very long."""
    return int(round(low * (high / low) ** rng.random()))


# Shapes that made patterns backtrack: (name, builder of text about n characters long).
SHAPES = {
    "word-spaces": lambda r, n: r.choice(_WORDS) + " " * n + r.choice(["x", "", "<", "=", "a b"]),
    "spaces-markers": lambda r, n: "hello" + "".join(r.choice(" \t<=+") for _ in range(n)) + r.choice(["x", ""]),
    "asterisks": lambda r, n: r.choice(["", "Acme ", "**", "* "]) + "*" * n + r.choice(["", "x", " *", "\n"]),
    "asterisk-words": lambda r, n: "** " + "word * " * (n // 7) + r.choice(["", "**"]),
    "punctuation": lambda r, n: "".join(r.choice(".,;:-–—=_#*+<>()[]\"'!?/") for _ in range(n)),
    "one-punct": lambda r, n: r.choice(".,;:-=_#+<>([\"'!/") * n,
    "days": lambda r, n: " ".join(r.choice(_DAYS + ["morning", "night", "on", "said", ","]) for _ in range(n // 7)),
    "day-lead": lambda r, n: ("WASHINGTON, March 3 (Reuters) - Acme said on "
                              + " ".join(r.choice(_DAYS) + r.choice(["", " morning"]) for _ in range(n // 9))),
    "repeated-word": lambda r, n: (r.choice(_WORDS) + r.choice([" ", ", ", "  ", "\t"])) * (n // 6),
    "giant-line": lambda r, n: "Acme Corp said " + " ".join(r.choice(_WORDS) for _ in range(n // 5)),
    "giant-token": lambda r, n: "Acme said " + r.choice("aA1.-") * n,
    "indented": lambda r, n: ("    " + " ".join(r.choice(_WORDS) for _ in range(8)) + "\n") * (n // 50),
    "deep-indent": lambda r, n: "\n".join(" " * (i % 4000) + r.choice(_WORDS) for i in range(n // 60)),
    "short-lines": lambda r, n: "".join(r.choice(_WORDS) + "\n" for _ in range(n // 5)),
    "blank-lines": lambda r, n: "Acme said.\n" + "\n" * n + "More.",
    "spaces-lines": lambda r, n: (" " * r.randint(1, 200) + "\n") * (n // 100) + "Acme said.",
    "table": lambda r, n: "\n".join("Net   " + " " * r.randint(3, 40) + "12.3   vs   4.5" for _ in range(n // 40)),
    "commas": lambda r, n: "Acme" + ", a" * (n // 3) + ", said",
    "names": lambda r, n: " ".join(r.choice(["John", "Smith", "Acme", "Of", "The", "Inc", "and"]) for _ in range(n // 5)),
    "parens": lambda r, n: "(" * (n // 2) + "x" + ")" * r.randint(0, n // 2),
    "brackets": lambda r, n: "![" * (n // 4) + "](" * (n // 4),
    "links": lambda r, n: "https://" + "a" * n + " " + "[x](" * (n // 8),
    "about": lambda r, n: "About " + "Acme " * (n // 5) + ":",
    "contact": lambda r, n: "Media contact: " + " ".join(r.choice(_WORDS) for _ in range(n // 5)),
    "tickers": lambda r, n: "<" + "A" * n + ">" + " <BAC" * (n // 5),
    "datelines": lambda r, n: "WASHINGTON, " * (n // 12) + "March 3 - x",
    "hyphens": lambda r, n: "well-" * (n // 5) + "known",
    "said": lambda r, n: "Acme said on Monday that " * (n // 25),
    "quotes": lambda r, n: '"' * n + "'s" * (n // 2),
    "mixed-space": lambda r, n: "".join(r.choice([" ", "\t", "\u00a0", "\u2003", "\u3000", "a"]) for _ in range(n)),
    "cr": lambda r, n: "Acme said\r" * (n // 10) + "\r\n" * (n // 4),
    "digits": lambda r, n: " ".join(str(r.randint(0, 10 ** r.randint(1, 12))) for _ in range(n // 6)),
    "shr-vs": lambda r, n: "shr " + "1.2 cts vs " * (n // 11) + "x",
}


def _corpus() -> list[bytes]:
    """The real stories (headline and no-headline versions), or a few written ones without it."""
    files = sorted(CORPUS.glob("*/*.txt")) if CORPUS.is_dir() else []
    files += sorted((ROOT / "seeds").glob("*"))
    stories = [p.read_bytes() for p in files if p.is_file()]
    return stories or [b"ACME BUYS BETA\n\nNEW YORK, June 28, 2018 (Reuters) - Acme Corp said it bought Beta.\n"]


_REAL: list[bytes] = []


def _real() -> list[bytes]:
    if not _REAL:
        _REAL.extend(_corpus())
    return _REAL


def _story(rng: random.Random) -> str:
    return rng.choice(_real()).decode("utf-8", errors="replace")


def _insert(rng: random.Random, text: str, piece: str) -> str:
    """`piece` at a line start, a word boundary or anywhere."""
    where = rng.random()
    if where < 0.4:
        lines = text.split("\n")
        at = rng.randint(0, len(lines))
        lines.insert(at, piece)
        return "\n".join(lines)
    at = rng.randint(0, len(text))
    if where < 0.7:
        at = text.rfind(" ", 0, at) + 1
    return text[:at] + piece + text[at:]


def _mutate(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 12)):
        op = rng.random()
        at = rng.randint(0, len(out))
        if op < 0.3:
            del out[at:at + rng.randint(1, 200)]
        elif op < 0.5:
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 30)))
        elif op < 0.7 and out:
            a = rng.randint(0, len(out) - 1)
            out[at:at] = out[a:a + rng.randint(1, 500)] * rng.randint(1, 20)   # duplicate a chunk
        elif op < 0.85 and out:
            out[rng.randint(0, len(out) - 1)] ^= 1 << rng.randrange(8)
        else:
            out = out[: rng.randint(0, len(out))]                               # truncation
    return bytes(out)


def _encode(rng: random.Random, text: str) -> bytes:
    enc = rng.choice(["cp1251", "utf-16", "utf-16-le", "utf-16-be", "latin-1", "cp1252", "utf-8-sig", "utf-8"])
    if enc == "cp1251" and rng.random() < 0.7:      # Cyrillic text, as Russian and Kazakh wires send it
        text = _insert(rng, text, "Президент Казахстана заявил в понедельник, что " * rng.randint(1, 20))
    data = text.encode(enc, errors="replace")
    if rng.random() < 0.2:                          # two encodings in one file
        data += _story(rng).encode(rng.choice(["cp1251", "latin-1", "utf-8"]), errors="replace")
    return data


def _random_text(rng: random.Random, n: int) -> str:
    ranges = [(0x20, 0x7e), (0x00, 0x1f), (0xa0, 0x24f), (0x400, 0x4ff), (0x590, 0x6ff), (0x2000, 0x206f),
              (0x3000, 0x30ff), (0x4e00, 0x4fff), (0xd800, 0xdfff), (0xe000, 0xe0ff), (0x1f300, 0x1f6ff)]
    out = []
    while len(out) < n:
        lo, hi = rng.choice(ranges)
        out.extend(chr(rng.randint(lo, hi)) for _ in range(rng.randint(1, 40)))
        if rng.random() < 0.3:
            out.append(rng.choice([" ", "\n", "\n\n", "    ", ", ", ". "]))
    return "".join(out)


def _big(rng: random.Random) -> bytes:
    """A file near the size limit: real stories run together, or one shape repeated."""
    target = rng.randint(MAX // 2, MAX)
    if rng.random() < 0.5:
        parts, size = [], 0
        while size < target:
            parts.append(rng.choice(_real()))
            size += len(parts[-1]) + 2
        data = b"\n\n".join(parts)
    else:
        name = rng.choice(sorted(SHAPES))
        chunk = SHAPES[name](rng, rng.randint(1000, 200_000)).encode("utf-8", errors="replace") + b"\n"
        data = chunk * (target // len(chunk) + 1)
    return data[:target] if rng.random() < 0.9 else data[:MAX + rng.randint(1, 1000)]


def _shape(rng: random.Random) -> str:
    name = rng.choice(sorted(SHAPES))
    text = SHAPES[name](rng, _size(rng, 50, 400_000))
    placement = rng.random()
    if placement < 0.4:
        return text
    story = _story(rng)
    if placement < 0.6:
        return text + "\n\n" + story          # as a first line: the headline and preamble code sees it
    if placement < 0.8:
        return _insert(rng, story, text)
    return story + "\n" + text


def _dates(rng: random.Random) -> str:
    story = _story(rng)
    for _ in range(rng.randint(1, 4)):
        piece = rng.choice(ABSURD_DATES + EMBARGOES)
        r = rng.random()
        if r < 0.3:       # as the dateline's date
            piece = f"WASHINGTON, {piece} (Reuters) - "
            lines = story.split("\n")
            at = next((i for i, ln in enumerate(lines) if len(ln) > 60), 0)
            lines[at] = piece + lines[at]
            story = "\n".join(lines)
        elif r < 0.5:     # as a timestamp or embargo line on top
            story = piece + "\n" + story
        else:
            story = _insert(rng, story, piece)
    return story


KINDS = [   # (weight, name)
    (10, "bytes"), (10, "text"), (20, "mutation"), (10, "encoding"), (12, "dates"),
    (8, "controls"), (8, "html"), (21, "shape"), (1, "big"),
]


def generate(seed: int, i: int) -> tuple[str, bytes]:
    """Input i of the run with `seed`: (kind, bytes). Pure: the same (seed, i) gives the same bytes."""
    rng = random.Random(f"{seed}:{i}")
    pick = rng.uniform(0, sum(w for w, _ in KINDS))
    for weight, kind in KINDS:
        pick -= weight
        if pick <= 0:
            break
    if kind == "big" and rng.random() > 0.25:    # 1 in 400 near the limit: they cost most of the run
        kind = "mutation"
    if kind == "bytes":
        data = bytes(rng.randrange(256) for _ in range(_size(rng, 1, 20_000)))
    elif kind == "text":
        data = _random_text(rng, _size(rng, 1, 20_000)).encode("utf-8", errors="surrogatepass")
    elif kind == "mutation":
        data = _mutate(rng, rng.choice(_real()))
    elif kind == "encoding":
        data = _encode(rng, _story(rng))
    elif kind == "dates":
        data = _encode(rng, _dates(rng)) if rng.random() < 0.2 else _dates(rng).encode()
    elif kind == "controls":
        text = _story(rng)
        for _ in range(rng.randint(1, 30)):
            text = _insert(rng, text, "".join(rng.choice(CONTROLS) for _ in range(rng.randint(1, 5))))
        data = text.encode("utf-8", errors="surrogatepass")
    elif kind == "html":
        text = _story(rng)
        for _ in range(rng.randint(1, 6)):
            text = _insert(rng, text, rng.choice(["", ": ", "> ", "| ", "    ", "# "]) + rng.choice(HTML))
        data = text.encode()
    elif kind == "shape":
        data = _shape(rng).encode("utf-8", errors="surrogatepass")
    else:
        data = _big(rng)
    return kind, data


class _Hang(Exception):
    pass


def _on_alarm(signum, frame):
    raise _Hang()


def check(seed: int, i: int, guard: float = HANG_GUARD) -> dict:
    """Run input i through the real converter and writer; what happened, and how long it took."""
    kind, data = generate(seed, i)
    return timed(seed, i, kind, data, guard)


def timed(seed: int, i: int, kind: str, data: bytes, guard: float = HANG_GUARD) -> dict:
    """Input i (already generated: its generation is not timed) through the real converter
    and writer: the outcome, its wall and CPU seconds."""
    signal.signal(signal.SIGALRM, _on_alarm)
    start, cpu = time.perf_counter(), time.process_time()
    outcome, detail = "ok", ""
    signal.setitimer(signal.ITIMER_REAL, guard)
    try:
        story = convert.convert(data, f"fuzz-{seed}-{i}.txt", REF)
        mdwriter.render(story, "fuzz")
    except convert.Rejected as exc:
        outcome, detail = "rejected", str(exc)[:200]
    except _Hang:
        outcome, detail = "hang", _where(sys.exc_info()[2])
    except Exception as exc:  # noqa: BLE001 - an uncaught exception is what we count
        outcome, detail = "exception", f"{exc.__class__.__name__}: {exc}"[:300] + " @ " + _where(exc.__traceback__)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return {"i": i, "kind": kind, "bytes": len(data), "seconds": time.perf_counter() - start,
            "cpu": time.process_time() - cpu, "outcome": outcome, "detail": detail}


def _where(tb) -> str:
    """The innermost frames in the converter: where a slow input was."""
    frames = [f for f in traceback.extract_tb(tb) if "/plugins/" in f.filename]
    return " < ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(frames[-3:]))


def _rounds(count: int, workers: int, chunk: int) -> list[list[list[int]]]:
    """The inputs in rounds: round r gives each worker one chunk (the last round may leave
    some workers without one)."""
    chunks = [list(range(a, min(a + chunk, count))) for a in range(0, count, chunk)]
    return [chunks[r:r + workers] for r in range(0, len(chunks), workers)]


def _worker(seed: int, guard: float, rounds: list[list[list[int]]], me: int, phase, results) -> None:
    """One worker's share, round by round: generate its chunk, wait until every worker has
    generated its own, convert (timed), wait until every worker is done converting. So no
    generation (an input at the size limit takes seconds to make) runs beside a timed conversion: on two
    cores with two workers, what runs beside one is the other conversion, and whatever
    else the machine runs (the load is reported)."""
    try:
        for chunks in rounds:
            inputs = [(i, *generate(seed, i)) for i in (chunks[me] if me < len(chunks) else [])]
            phase.wait()
            results.put([timed(seed, i, kind, data, guard) for i, kind, data in inputs])
            phase.wait()
    except Exception as exc:  # noqa: BLE001 - the parent reports it; the barrier is broken
        phase.abort()
        results.put(exc)


def _convert_all(count: int, seed: int, workers: int, guard: float, chunk: int, progress: bool,
                 start: float):
    """Every input's result dict, in the order they finished."""
    rounds = _rounds(count, workers, chunk)
    _real()                                  # read the corpus once, before forking
    convert.warm_up()                        # word lists and patterns, as ingest does: untimed
    if workers <= 1:
        for chunks in rounds:
            for indices in chunks:
                inputs = [(i, *generate(seed, i)) for i in indices]     # generated, then timed
                yield from (timed(seed, i, kind, data, guard) for i, kind, data in inputs)
        return
    ctx = mp.get_context("fork")
    phase = ctx.Barrier(workers, timeout=max(600.0, 20 * guard))
    results = ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(seed, guard, rounds, me, phase, results), daemon=True)
             for me in range(workers)]
    for proc in procs:
        proc.start()
    try:
        batches = sum(len(chunks) for chunks in rounds)
        for n in range(1, batches + 1):
            batch = results.get(timeout=max(1200.0, 40 * guard))
            if isinstance(batch, Exception):
                raise RuntimeError(f"a fuzz worker failed: {batch!r}")
            yield from batch
            if progress and n % 100 == 0:
                print(f"  {n * chunk}/{count} in {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
    finally:
        for proc in procs:
            proc.join(timeout=5)
            if proc.is_alive():
                proc.terminate()
                proc.join()


def ingest_sample(seed: int, indices: list[int], workers: int) -> dict:
    """A sample through the real ingest (`ingest_folder`: files in a seeds folder, a manifest,
    Markdown written): every file converted or rejected, none with an internal error."""
    with tempfile.TemporaryDirectory(prefix="fuzz-ingest-") as tmp:
        seeds, content = Path(tmp) / "seeds", Path(tmp) / "content"
        seeds.mkdir()
        for i in indices:
            (seeds / f"fuzz-{i:06d}.txt").write_bytes(generate(seed, i)[1])
        start = time.perf_counter()
        report = ingest.ingest_folder(seeds, content, workers=workers)
        seconds = time.perf_counter() - start
        internal = [(n, r) for n, r in report.rejected if r.startswith("internal error")]
        over = [(n, r) for n, r in report.rejected if "conversion took over" in r]
        # every converted wire file leaves a Markdown file naming it: its release, or (a copy of
        # another input, a version of another story) its file in received/ or versions/
        written = len({store.read_header(md).get("Wire-Source") for md in content.rglob("*.md")})
    return {"files": len(indices), "converted": len(report.converted), "rejected": len(report.rejected),
            "internal_errors": internal, "over_budget": over, "markdown_files": written,
            "seconds": round(seconds, 2)}


def site_indices(count: int, site: int) -> list[int]:
    """`site` inputs spread evenly over the run (every kind in its share)."""
    step = max(1, count // site)
    return list(range(step // 2, count, step))[:site]


def site_sample(seed: int, indices: list[int]) -> dict:
    """A sample built into a real site: the files in a seeds folder, `Pelican(...).run()`
    with the project's settings (the wire plugin ingests them, the theme, feeds and
    newsroom plugins write pages, feeds and sitemaps), then every page, feed and sitemap
    scanned by tests/wire/hostile.py's `site_problems` (the scan of
    tests/wire/test_pelican_build.py): no wire-derived element, attribute or class outside
    the sanitiser's allow-list, nothing live, no control characters, feeds and sitemaps XML."""
    from pelican import Pelican
    from pelican.settings import read_settings

    if str(ROOT / "tests" / "wire") not in sys.path:
        sys.path.insert(0, str(ROOT / "tests" / "wire"))
    from hostile import site_problems

    with tempfile.TemporaryDirectory(prefix="fuzz-site-") as tmp:
        tmp = Path(tmp)
        seeds, content, output = tmp / "seeds", tmp / "content", tmp / "output"
        seeds.mkdir()
        content.mkdir()
        for i in indices:
            (seeds / f"fuzz-{i:06d}.txt").write_bytes(generate(seed, i)[1])
        start = time.perf_counter()
        errors = _Errors()
        logging.getLogger().addHandler(errors)
        try:
            Pelican(read_settings(str(ROOT / "pelicanconf.py"), override={
                "PATH": str(content), "OUTPUT_PATH": str(output), "WIRE_SEEDS_PATH": str(seeds),
                "WIRE_CONTENT_PATH": str(content), "CACHE_PATH": str(tmp / "cache"),
                "LOAD_CONTENT_CACHE": False, "PAGEFIND": False,
                "NEWS_SITEMAP_DAYS": 3650})).run()       # the sample's dates span years
        finally:
            logging.getLogger().removeHandler(errors)
        build_seconds = time.perf_counter() - start
        # a wire file the converter refused is logged and left out, as it should be; any
        # other error (a release written but not published, a page that failed) is a finding
        rejected = [m for m in errors.messages if m.startswith("wire ingest: rejected")]
        other_errors = [m for m in errors.messages if not m.startswith("wire ingest: rejected")]
        # every converted wire file names itself in a Markdown file (its release, or received/
        # for a copy of another input); the releases are what Pelican publishes
        markdown = len({store.read_header(md).get("Wire-Source") for md in content.rglob("*.md")})
        releases = len(list((content / "releases").glob("*.md")))
        pages = len(list((output / "releases").glob("*.html")))
        problems = site_problems(output)
        scanned = {"pages": len(list(output.rglob("*.html"))),
                   "feeds": len(list((output / "feeds").rglob("*.xml"))) + len(list((output / "feeds").rglob("*.json")))}
    problems += [f"build error: {m}" for m in other_errors]
    return {"files": len(indices), "rejected": len(rejected), "markdown_files": markdown,
            "release_files": releases, "release_pages": pages,
            "scanned": scanned, "problems": len(problems), "first_problems": problems[:20],
            "build_seconds": round(build_seconds, 1), "seconds": round(time.perf_counter() - start, 1)}


class _Errors(logging.Handler):
    """The build's error lines (Pelican's, the plugins')."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage()[:300])


def run(count: int, seed: int, workers: int, guard: float = HANG_GUARD, chunk: int = 100,
        sample: int = 0, site: int = 0, progress: bool = False) -> dict:
    start = time.perf_counter()
    load_before = os.getloadavg()
    results: list[dict] = []
    load_max = 0.0
    for r in _convert_all(count, seed, workers, guard, chunk, progress, start):
        results.append(r)
        if len(results) % 1000 == 0:
            load_max = max(load_max, os.getloadavg()[0])
    convert_seconds = time.perf_counter() - start
    load_max = max(load_max, os.getloadavg()[0])
    counts: dict[str, int] = {}
    kinds: dict[str, int] = {}
    kind_cpu: dict[str, float] = {}
    for r in results:
        counts[r["outcome"]] = counts.get(r["outcome"], 0) + 1
        kinds[r["kind"]] = kinds.get(r["kind"], 0) + 1
        kind_cpu[r["kind"]] = kind_cpu.get(r["kind"], 0.0) + r["cpu"]
    # Wall time counts what a user waits for, CPU time what the input costs whatever else
    # runs on the machine (other builds share these two cores): both are reported.
    slow = sorted((r for r in results if r["seconds"] > SLOW or r["outcome"] == "hang"),
                  key=lambda r: -r["seconds"])
    slow_cpu = sorted((r for r in results if r["cpu"] > SLOW or r["outcome"] == "hang"),
                      key=lambda r: -r["cpu"])
    alone = timed_alone(seed, slow, guard)
    slow_alone = [r for r in alone if r["seconds"] > SLOW or r["outcome"] == "hang"]
    summary = {
        "seed": seed, "inputs": count, "workers": workers, "outcomes": counts, "kinds": kinds,
        "uncaught_exceptions": counts.get("exception", 0), "over_1s": len(slow), "over_1s_cpu": len(slow_cpu),
        # the inputs over 1 s of wall in the run, timed again one by one with nothing beside
        # them (the workers gone): over 1 s alone is the input's own cost, not a stall
        "over_1s_alone": len(slow_alone),
        "max_seconds_alone": round(max((r["seconds"] for r in alone), default=0), 3),
        "max_seconds": round(max((r["seconds"] for r in results), default=0), 3),
        "max_cpu_seconds": round(max((r["cpu"] for r in results), default=0), 3),
        "total_bytes": sum(r["bytes"] for r in results),
        # CPU seconds the conversions took (all workers): divided by the cores, the run's
        # length on an otherwise idle machine
        "cpu_seconds": round(sum(kind_cpu.values()), 1),
        "cpu_seconds_by_kind": {k: round(v, 1) for k, v in sorted(kind_cpu.items())},
        # per input: wall (the limit) and CPU, at the 99th percentile and the slowest ten by
        # wall with their CPU (wall well above CPU: something else had the core)
        "p99_seconds": round(_percentile([r["seconds"] for r in results], 0.99), 3),
        "p99_cpu_seconds": round(_percentile([r["cpu"] for r in results], 0.99), 3),
        "slowest": [{k: (round(v, 3) if isinstance(v, float) else v) for k, v in r.items() if k != "detail"}
                    for r in sorted(results, key=lambda r: -r["seconds"])[:10]],
        "seconds": round(convert_seconds, 1), "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_max_1min": round(load_max, 2),
        "exceptions": [r for r in results if r["outcome"] == "exception"][:50],
        "slow": slow[:50],
        "slow_cpu": slow_cpu[:50],      # by CPU seconds: replay one with --only i
        # each input of "slow" timed again alone: its wall and CPU then, and in the run
        "slow_alone": [{"i": r["i"], "kind": r["kind"], "bytes": r["bytes"], "outcome": r["outcome"],
                        "seconds": round(r["seconds"], 3), "cpu": round(r["cpu"], 3),
                        "run_seconds": round(run["seconds"], 3), "run_cpu": round(run["cpu"], 3)}
                       for r, run in zip(alone, slow)][:50],
    }
    if sample:
        step = max(1, count // sample)
        summary["ingest_sample"] = ingest_sample(seed, list(range(0, count, step))[:sample], workers)
    if site:
        summary["site_sample"] = site_sample(seed, site_indices(count, site))
    summary["seconds_total"] = round(time.perf_counter() - start, 1)
    summary["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
    return summary


def timed_alone(seed: int, slow: list[dict], guard: float = HANG_GUARD) -> list[dict]:
    """Each input of `slow` generated again and timed in this process, one at a time, after
    the run (no worker of the harness runs beside it): its own cost, told from a stall."""
    return [timed(seed, r["i"], *generate(seed, r["i"]), guard) for r in slow]


def _percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else 0.0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--sample", type=int, default=1000, help="inputs also run through the real ingest_folder")
    ap.add_argument("--site", type=int, default=300,
                    help="inputs also built into a real Pelican site, whose pages and feeds are scanned")
    ap.add_argument("--locate", action="store_true", help=f"stop each input at {SLOW} s and say where it was")
    ap.add_argument("--only", type=int, nargs="*", help="replay these inputs (one process) and print them")
    ap.add_argument("--json", type=Path, help="write the summary here")
    args = ap.parse_args(argv)
    if args.only:
        convert.warm_up()
        for i in args.only:
            print(json.dumps(check(args.seed, i)))
        return 0
    summary = run(args.count, args.seed, args.workers, guard=SLOW if args.locate else HANG_GUARD,
                  sample=0 if args.locate else args.sample, site=0 if args.locate else args.site,
                  progress=True)
    text = json.dumps(summary, indent=1)
    if args.json:
        args.json.write_text(text)
    print(text)
    bad = summary["uncaught_exceptions"] or summary["over_1s"] or \
        (summary.get("ingest_sample") or {}).get("internal_errors") or \
        (summary.get("site_sample") or {}).get("problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
