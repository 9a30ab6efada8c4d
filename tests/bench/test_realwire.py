"""bench/realwire.py: the benchmark's real copy. Cycled corpus stories are distinct releases
(own bytes, slug, and for stories with a headline line, own title), and the variation leaves
the story readable as before (nothing rejected, same source and dateline)."""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "plugins"))
from support import need_corpus  # noqa: E402


def meta(md: Path) -> dict:
    head = md.read_text(encoding="utf-8").split("\n\n", 1)[0]
    return dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)


def test_two_cycles_are_distinct_releases(tmp_path):
    corpus = need_corpus()
    import realwire
    from wire.ingest import ingest_folder

    stories = realwire.corpus_stories(corpus)
    groups = {p.parent.name for p in stories}
    assert len(groups) == len([d for d in corpus.iterdir() if d.is_dir()])     # every group
    assert not any(p.suffix == ".json" or ".notitle" in p.name for p in stories)
    paths = realwire.write_wire_files(tmp_path / "seeds", stories, 2 * len(stories))
    assert len({p.read_bytes() for p in paths}) == len(paths)                   # all distinct bytes
    report = ingest_folder(tmp_path / "seeds", tmp_path / "content")
    assert not report.rejected, report.rejected[:5]
    mds = sorted((tmp_path / "content" / "releases").glob("*.md"))
    # every copy is a release of its own, but for the few the lifecycle still takes for a
    # re-send of the first (same slugline and text): those leave their Markdown in received/
    received = sorted((tmp_path / "content" / "received").glob("*.md"))
    assert len(mds) + len(received) == len(paths)
    assert len(received) <= 0.01 * len(paths), [meta(md)["Wire-Source"] for md in received]
    by_source = {}
    for md in mds:
        m = meta(md)
        by_source.setdefault(m["Wire-Source"], m)
    varied = 0
    for i, story in enumerate(stories):
        first = by_source[realwire.copy_name(i, story)]
        second = by_source.get(realwire.copy_name(i + len(stories), story))
        if second is None:
            continue
        assert first["Slug"] != second["Slug"]
        # the copy is the same story: same source and dateline
        assert first.get("Source") == second.get("Source")
        assert first.get("Dateline") == second.get("Dateline")
        varied += second["Title"] != first["Title"] and bool(re.search(r"take 2", second["Title"]))
    assert varied >= 0.95 * len(stories), varied        # the headline line carries the variation
