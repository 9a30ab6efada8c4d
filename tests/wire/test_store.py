"""content/ and its manifest: the journal that makes a crash at any moment harmless,
temporaries cleaned, a renamed release found again, Status lines set."""
from __future__ import annotations

import json
import os

from wire import store as store_mod
from wire.store import JOURNAL, MANIFEST, Store, read_header, with_status

MD = "Title: T\nSlug: t\nWire-Source: a.txt\nWire-Hash: sha256:aa\n\nBody.\n"


def _stage(content, relpath, text):
    """A release written to its temporary file, as a worker leaves it."""
    folder = content / os.path.dirname(relpath)
    folder.mkdir(parents=True, exist_ok=True)
    tmp = store_mod.temp_path(folder, os.path.basename(relpath))
    store_mod.write_new(tmp, text.encode())
    return tmp


def test_each_release_is_journaled_as_it_is_placed(tmp_path):
    content = tmp_path / "content"
    s = Store.open(content)
    tmp = _stage(content, "releases/t.md", MD)
    s.commit("a.txt", "sha256:aa", "releases/t.md", tmp, store_mod.sha(MD.encode()), 1)
    # no save(): the process "dies" here. A new run knows the release.
    lines = (content / JOURNAL).read_text().splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["name"] == "a.txt"
    again = Store.open(content)
    assert again.entries["a.txt"].markdown == "releases/t.md"
    again.save()
    assert not (content / JOURNAL).exists()
    assert json.loads((content / MANIFEST).read_text())["files"]["a.txt"]["markdown"] == "releases/t.md"


def test_a_journal_line_whose_rename_never_happened_is_dropped(tmp_path):
    content = tmp_path / "content"
    s = Store.open(content)
    tmp = _stage(content, "releases/t.md", MD)
    entry = store_mod.Entry("sha256:aa", "releases/t.md", store_mod.sha(MD.encode()), 1)
    s._log("a.txt", entry)       # journaled, then killed before os.replace
    s.close()
    assert tmp.exists() and not (content / "releases/t.md").exists()
    again = Store.open(content)
    assert "a.txt" not in again.entries       # converted again by the rerun, not "deleted by hand"
    again.remove_stale_temporaries()
    assert not tmp.exists()


def test_a_rename_that_did_not_happen_over_an_old_release_keeps_the_old_entry(tmp_path):
    content = tmp_path / "content"
    s = Store.open(content)
    s.write("a.txt", "sha256:old", "releases/t.md", MD, 1)
    s.save()
    new = MD.replace("Body.", "New body.")
    s = Store.open(content)
    s._log("a.txt", store_mod.Entry("sha256:new", "releases/t.md", store_mod.sha(new.encode()), 1))
    s.close()                    # killed between journal and rename
    again = Store.open(content)
    assert again.entries["a.txt"].wire_hash == "sha256:old"    # so the rerun converts it again


def test_a_torn_last_line_is_ignored(tmp_path):
    content = tmp_path / "content"
    s = Store.open(content)
    s.write("a.txt", "sha256:aa", "releases/t.md", MD, 1)
    s.close()
    with open(content / JOURNAL, "ab") as fh:
        fh.write(b'{"name": "b.txt", "entry": {"wire_ha')
    again = Store.open(content)
    assert list(again.entries) == ["a.txt"]


def test_stale_temporaries_are_removed_in_releases_and_content(tmp_path):
    content = tmp_path / "content"
    (content / "releases").mkdir(parents=True)
    a = content / "releases" / f".abc.123{store_mod.TEMP_SUFFIX}"
    b = content / f".def.456{store_mod.TEMP_SUFFIX}"
    keep = content / "releases" / "x.md"
    for p in (a, b, keep):
        p.write_text("x")
    Store.open(content).remove_stale_temporaries()
    assert not a.exists() and not b.exists() and keep.exists()


def test_find_moved_follows_a_renamed_release(tmp_path):
    content = tmp_path / "content"
    s = Store.open(content)
    s.write("a.txt", "sha256:aa", "releases/t.md", MD, 1)
    os.rename(content / "releases/t.md", content / "releases/renamed.md")
    assert Store.open(content).find_moved("a.txt", s.entries["a.txt"]) == "releases/renamed.md"
    # another wire file with other bytes is not confused with it
    other = store_mod.Entry("sha256:bb", "releases/u.md", "x", 1)
    assert Store.open(content).find_moved("b.txt", other) is None


def test_with_status_sets_one_status_line():
    out = with_status(MD, "hidden")
    assert out.count("Status:") == 1 and "Status: hidden\n\nBody." in out
    assert with_status(out, "hidden") == out
    assert read_header_text(out)["Status"] == "hidden"


def read_header_text(text):
    import tempfile
    from pathlib import Path

    with tempfile.NamedTemporaryFile("w", suffix=".md", delete=False) as fh:
        fh.write(text)
    try:
        return read_header(Path(fh.name))
    finally:
        os.unlink(fh.name)
