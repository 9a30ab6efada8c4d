"""seeds/ -> content/: skipping unchanged files, keeping editors' work, unique safe slugs,
atomic writes, and a build that goes on past bad files."""
import json
import os

import pytest

from wire import ingest as ingest_mod
from wire.ingest import ingest_folder
from wire.store import MANIFEST

STORY = ("{title}\n\nNEW YORK, March 3, 2026 (Reuters) - Acme Corp bought Beta Inc for $5 million on "
         "Tuesday, the companies said, ending a year of talks.\n")


def write(seeds, name, text):
    seeds.mkdir(exist_ok=True)
    (seeds / name).write_bytes(text.encode() if isinstance(text, str) else text)


def releases(content):
    return sorted((content / "releases").glob("*.md"))


def test_convert_then_skip_unchanged(tmp_path):
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    write(seeds, "a.txt", STORY.format(title="Acme buys Beta"))
    r1 = ingest_folder(seeds, content)
    assert r1.converted == ["a.txt"]
    md = releases(content)[0]
    assert md.name == "acme-buys-beta.md"
    text = md.read_text()
    assert "Wire-Source: a.txt" in text and "Date: 2026-03-03T00:00:00-05:00" in text
    r2 = ingest_folder(seeds, content)
    assert r2.unchanged == ["a.txt"] and not r2.converted
    manifest = json.loads((content / MANIFEST).read_text())
    assert manifest["files"]["a.txt"]["markdown"] == "releases/acme-buys-beta.md"


def test_changed_wire_file_is_reconverted_at_the_same_url(tmp_path):
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    write(seeds, "a.txt", STORY.format(title="Acme buys Beta"))
    ingest_folder(seeds, content)
    write(seeds, "a.txt", STORY.format(title="Acme buys Beta for $5 million"))
    r = ingest_folder(seeds, content)
    assert r.converted == ["a.txt"]
    [md] = releases(content)
    assert md.name == "acme-buys-beta.md" and "Title: Acme buys Beta for $5 million" in md.read_text()


def test_an_edited_release_is_never_overwritten(tmp_path, caplog):
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    write(seeds, "a.txt", STORY.format(title="Acme buys Beta"))
    ingest_folder(seeds, content)
    [md] = releases(content)
    edited = md.read_text().replace("Title: Acme buys Beta", "Title: Acme Corp acquires Beta Inc")
    md.write_text(edited)
    write(seeds, "a.txt", STORY.format(title="Acme buys Beta, update"))
    r = ingest_folder(seeds, content, force=True)
    assert r.kept == ["a.txt"] and not r.converted
    assert md.read_text() == edited
    assert any("edited by hand" in rec.getMessage() and "a.txt" in rec.getMessage() for rec in caplog.records)


def test_a_file_a_person_made_is_not_overwritten_by_a_new_wire(tmp_path):
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    (content / "releases").mkdir(parents=True)
    mine = content / "releases" / "acme-buys-beta.md"
    mine.write_text("Title: Mine\nDate: 2026-01-01T00:00:00+00:00\n\nHand written.\n")
    write(seeds, "a.txt", STORY.format(title="Acme buys Beta"))
    ingest_folder(seeds, content)
    assert mine.read_text().startswith("Title: Mine")
    assert (content / "releases" / "acme-buys-beta-2.md").exists()


def test_same_headline_gets_distinct_slugs(tmp_path):
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    write(seeds, "a.txt", STORY.format(title="Acme buys Beta"))
    write(seeds, "b.txt", STORY.format(title="Acme buys Beta"))
    ingest_folder(seeds, content)
    assert [p.name for p in releases(content)] == ["acme-buys-beta-2.md", "acme-buys-beta.md"]


def test_headline_cannot_escape_the_releases_folder(tmp_path):
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    write(seeds, "evil.txt", STORY.format(title="../../etc/passwd attack"))
    write(seeds, "dots.txt", STORY.format(title="../.. ../.."))
    ingest_folder(seeds, content)
    names = [p.name for p in releases(content)]
    assert "etc-passwd-attack.md" in names and len(names) == 2
    assert all(p.resolve().parent == (content / "releases").resolve() for p in releases(content))
    assert not (tmp_path / "etc").exists()


def test_bad_files_are_rejected_by_name_and_the_rest_goes_on(tmp_path, caplog):
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    write(seeds, "empty.txt", b"")
    write(seeds, "blank.txt", b"  \n\n ")
    write(seeds, "binary.bin", bytes(range(256)) * 50)
    write(seeds, "big.txt", b"A" * (21 * 1024 * 1024))
    write(seeds, "NOEXT", STORY.format(title="Wire file without an extension"))
    write(seeds, "good.txt", STORY.format(title="Acme buys Beta"))
    r = ingest_folder(seeds, content)
    assert sorted(r.converted) == ["NOEXT", "good.txt"]
    assert sorted(n for n, _ in r.rejected) == ["big.txt", "binary.bin", "blank.txt", "empty.txt"]
    logged = " ".join(rec.getMessage() for rec in caplog.records)
    for name in ("empty.txt", "blank.txt", "binary.bin", "big.txt"):
        assert name in logged
    assert not list(content.rglob("*.tmp"))


def test_a_converter_crash_is_a_rejection_not_a_stop(tmp_path, monkeypatch):
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    write(seeds, "a.txt", STORY.format(title="Acme buys Beta"))
    write(seeds, "b.txt", STORY.format(title="Beta buys Gamma"))
    real = ingest_mod.convert.convert

    def flaky(data, name, *args, **kw):
        if name == "a.txt":
            raise RuntimeError("boom")
        return real(data, name, *args, **kw)

    monkeypatch.setattr(ingest_mod.convert, "convert", flaky)
    r = ingest_folder(seeds, content)
    assert r.converted == ["b.txt"] and r.rejected[0][0] == "a.txt" and "boom" in r.rejected[0][1]


def test_writes_are_atomic(tmp_path, monkeypatch):
    """A failure while writing leaves the old release whole and no temp file behind."""
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    write(seeds, "a.txt", STORY.format(title="Acme buys Beta"))
    ingest_folder(seeds, content)
    [md] = releases(content)
    before = md.read_bytes()
    write(seeds, "a.txt", STORY.format(title="Acme buys Beta again"))

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    r = ingest_folder(seeds, content)
    assert r.rejected and md.read_bytes() == before
    assert not [p for p in content.rglob("*") if p.name.endswith(".tmp")]


def test_strict_mode_fails_when_a_file_is_rejected(tmp_path):
    import wire

    seeds, content = tmp_path / "seeds", tmp_path / "content"
    write(seeds, "empty.txt", b"")
    settings = {"WIRE_SEEDS_PATH": str(seeds), "WIRE_CONTENT_PATH": str(content), "PATH": str(content),
                "WIRE_STRICT": True}
    with pytest.raises(wire.StrictIngestError, match="empty.txt"):
        wire.run_ingest(settings)
    settings["WIRE_STRICT"] = False
    assert wire.run_ingest(settings).rejected == [("empty.txt", "empty file")]


def test_parallel_and_serial_ingest_write_identical_files(tmp_path):
    seeds = tmp_path / "seeds"
    for i in range(ingest_mod.PARALLEL_FROM + 20):
        # a few share a headline, so slug numbering must not depend on worker order
        write(seeds, f"{i:04d}.txt", STORY.format(title=f"Acme buys Beta unit {i % 7}"))
    a, b = tmp_path / "a", tmp_path / "b"
    ingest_folder(seeds, a, workers=1)
    ingest_folder(seeds, b, workers=2)
    files_a = {p.relative_to(a): p.read_bytes() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b): p.read_bytes() for p in b.rglob("*") if p.is_file()}
    assert files_a == files_b and len(files_a) == ingest_mod.PARALLEL_FROM + 21


def test_an_inferred_year_is_said_in_the_log(tmp_path, caplog):
    import logging

    seeds, content = tmp_path / "seeds", tmp_path / "content"
    write(seeds, "r.txt", "Harbor council approves ferry\n\n    PORT ELLIS, Feb 12 (Coastline News) - The council "
                          "approved a ferry link to the island on Thursday, officials said.\n")
    with caplog.at_level(logging.INFO, logger="wire"):
        ingest_folder(seeds, content)
    lines = [rec.getMessage() for rec in caplog.records if "r.txt" in rec.getMessage()]
    assert any("year" in line and "inferred" in line for line in lines), lines
