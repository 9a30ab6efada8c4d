"""content/ and its manifest: the journal that makes a crash at any moment harmless,
temporaries cleaned, a renamed release found again, Status lines set."""
from __future__ import annotations

import json
import os

from wire import store as store_mod
from wire.store import JOURNAL, MANIFEST, Store, read_header, saved_entries, with_status

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
    assert len(lines) == 1 and list(json.loads(lines[0])["entries"]) == ["a.txt"]
    again = Store.open(content)
    assert again.entries["a.txt"].markdown == "releases/t.md"
    again.save()
    assert not (content / JOURNAL).exists()
    assert saved_entries(content)["a.txt"].markdown == "releases/t.md"


def _killed_after_journaling(s, stories=None):
    """End the open transaction as a run killed between its journal line and its renames."""
    txn, s._txn = s._txn, None
    s._journal(txn, stories or {})
    s.close()


def test_a_journaled_transaction_whose_renames_never_happened_is_redone(tmp_path):
    content = tmp_path / "content"
    s = Store.open(content)
    s.write("old.txt", "sha256:o", "releases/gone.md", MD, 1)
    s.begin()                               # one wire file: a release, a kept version, a removal
    s.write("a.txt", "sha256:aa", "releases/t.md", MD, 1)
    s.put("versions/t--v1.md", b"v1")
    s.remove("releases/gone.md")
    _killed_after_journaling(s, {"story-1": {"release": "releases/t.md"}})
    assert not (content / "releases/t.md").exists() and (content / "releases/gone.md").exists()
    again = Store.open(content)
    assert again.entries["a.txt"].markdown == "releases/t.md"
    assert (content / "releases/t.md").read_text() == MD
    assert (content / "versions/t--v1.md").read_bytes() == b"v1"
    assert not (content / "releases/gone.md").exists()
    assert again.replayed_stories == {"story-1": {"release": "releases/t.md"}}
    again.remove_stale_temporaries()
    assert sorted(p.name for p in content.rglob("*") if p.is_file()) == [JOURNAL, MANIFEST, "t--v1.md", "t.md"]


def test_a_transaction_killed_before_its_journal_line_leaves_nothing(tmp_path):
    content = tmp_path / "content"
    s = Store.open(content)
    s.write("a.txt", "sha256:old", "releases/t.md", MD, 1)
    s.save()
    s = Store.open(content)
    s.begin()
    s.write("a.txt", "sha256:new", "releases/t.md", MD.replace("Body.", "New body."), 1)
    s.put("versions/t--v1.md", b"v1")
    s._txn = None                 # killed before end(): temporaries written, no line
    s.close()
    again = Store.open(content)
    assert again.entries["a.txt"].wire_hash == "sha256:old"    # so the rerun converts it again
    assert again.replayed_stories == {}
    again.remove_stale_temporaries()
    assert (content / "releases/t.md").read_text() == MD
    assert not (content / "versions").exists() or not any((content / "versions").iterdir())


def test_the_last_change_to_a_path_decides_it_on_replay(tmp_path):
    """A release removed by one wire file and written again by a later one is there after a
    replay of both lines (the removal is not redone over the later file)."""
    content = tmp_path / "content"
    s = Store.open(content)
    s.write("a.txt", "sha256:aa", "releases/t.md", MD, 1)
    s.remove("releases/t.md")
    s.write("b.txt", "sha256:bb", "releases/t.md", MD.replace("Body.", "B."), 1)
    s.close()
    Store.open(content)
    assert (content / "releases/t.md").read_text() == MD.replace("Body.", "B.")


def test_a_torn_last_line_is_ignored(tmp_path):
    content = tmp_path / "content"
    s = Store.open(content)
    s.write("a.txt", "sha256:aa", "releases/t.md", MD, 1)
    s.close()
    with open(content / JOURNAL, "ab") as fh:
        fh.write(b'{"entries": {"b.txt": {"wire_ha')
    again = Store.open(content)
    assert list(again.entries) == ["a.txt"]


def test_a_run_after_a_torn_line_journals_on_a_line_of_its_own(tmp_path):
    """kill -9 can tear a journal line (a write() of more than a page stops at a page when a
    fatal signal is pending): the next run's first line must not be glued to the fragment, or a
    third run loses that whole transaction (its release on disk, unknown to the manifest, is
    converted again as a `-2` copy)."""
    content = tmp_path / "content"
    s = Store.open(content)
    s.write("a.txt", "sha256:aa", "releases/t.md", MD, 1)
    s.close()
    with open(content / JOURNAL, "ab") as fh:
        fh.write(b'{"entries": {"b.txt": {"wire_ha')      # killed in the middle of this line
    rerun = Store.open(content)                           # replays a.txt, ignores the fragment
    rerun.write("c.txt", "sha256:cc", "releases/u.md", MD.replace("Body.", "C."), 1)
    rerun.close()                                         # killed again, before its save
    third = Store.open(content)
    assert sorted(third.entries) == ["a.txt", "c.txt"]
    assert (content / "releases/u.md").exists()
    third.save()
    assert sorted(saved_entries(content)) == ["a.txt", "c.txt"]


def test_a_journal_written_before_transactions_is_still_read(tmp_path):
    """An upgrade after a crash: the old one-release lines hold where their rename happened."""
    content = tmp_path / "content"
    (content / "releases").mkdir(parents=True)
    (content / "releases/t.md").write_text(MD)
    entry = {"wire_hash": "sha256:aa", "markdown": "releases/t.md", "markdown_hash": store_mod.sha(MD.encode()),
             "converter": 1, "withdrawn": ""}
    never = {**entry, "markdown": "releases/u.md"}
    (content / JOURNAL).write_text(json.dumps({"name": "a.txt", "entry": entry}) + "\n"
                                   + json.dumps({"name": "b.txt", "entry": never}) + "\n")
    assert sorted(Store.open(content).entries) == ["a.txt"]


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


def test_the_json_manifest_of_an_earlier_version_is_taken_in_and_removed_at_save(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    entry = {"wire_hash": "sha256:aa", "markdown": "releases/t.md", "markdown_hash": "h", "converter": 3,
             "withdrawn": ""}
    (content / store_mod.LEGACY_MANIFEST).write_text(json.dumps({"files": {"a.txt": entry, "caf\udce9.txt": entry}}))
    s = Store.open(content)
    assert s.entries["a.txt"] == store_mod.Entry(**entry) and "caf\udce9.txt" in s.entries
    s.save()
    assert not (content / store_mod.LEGACY_MANIFEST).exists()
    assert saved_entries(content) == {"a.txt": store_mod.Entry(**entry), "caf\udce9.txt": store_mod.Entry(**entry)}
    assert Store.open(content).entries == saved_entries(content)      # read from the table from now on


def test_an_unreadable_manifest_table_is_set_aside_and_the_run_goes_on(tmp_path, caplog):
    content = tmp_path / "content"
    content.mkdir()
    (content / MANIFEST).write_bytes(b"not a database at all" * 100)
    s = Store.open(content)
    assert s.entries == {}
    s.write("a.txt", "sha256:aa", "releases/t.md", MD, 1)
    s.save()
    assert list(saved_entries(content)) == ["a.txt"]
    assert (content / (MANIFEST + ".unreadable")).exists() and "unreadable" in caplog.text


def test_names_for_a_release_are_the_tables_as_this_run_changed_them(tmp_path):
    content = tmp_path / "content"
    s = Store.open(content)
    for name in ("a.txt", "b.txt", "c.txt"):
        s.write(name, "sha256:" + name, "releases/t.md", MD, 1)
    s.save()
    s = Store.open(content)
    assert s.names_for("releases/t.md") == ["a.txt", "b.txt", "c.txt"]
    s.update("b.txt", store_mod.Entry("sha256:b", "releases/u.md", "h", 1))
    s.write("d.txt", "sha256:d", "releases/t.md", MD, 1)
    assert s.names_for("releases/t.md") == ["a.txt", "c.txt", "d.txt"]
    assert s.names_for("releases/u.md") == ["b.txt"]
    s.save()
    assert Store.open(content).names_for("releases/t.md") == ["a.txt", "c.txt", "d.txt"]
