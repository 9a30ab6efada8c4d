"""buildreport.watch.Engine on a real watcher (watchfiles): what a build wrote into the folders
it writes (the ingest's Markdown in content/) is its own and makes no build; a save there just
after a build ends, even in the clock tick of its end, is news and makes one."""
from __future__ import annotations

import os
import threading
import time

from buildreport.watch import Engine


def test_a_save_just_after_a_build_is_news_and_the_builds_own_write_is_not(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    builds: list[list[str]] = []
    second = threading.Event()

    def build(batch):
        builds.append(sorted(os.path.relpath(p, tmp_path) for p in batch.paths()))
        if len(builds) == 1:
            (content / "own.md").write_text("written by the build\n", encoding="utf-8")
            time.sleep(0.5)            # its event reaches the engine while the build runs
        else:
            second.set()
        return True

    def on_event(kind, **info):
        if kind == "built" and len(builds) == 1:       # an editor saves as the build ends
            (content / "editor.md").write_text("an editor's page\n", encoding="utf-8")

    engine = Engine([str(content)], build, root=str(tmp_path), written_by_build=[str(content)],
                    settle=0.05, on_event=on_event)
    engine.start()
    runner = threading.Thread(target=engine.run, daemon=True)
    runner.start()
    try:
        (content / "arrived.md").write_text("a change\n", encoding="utf-8")
        assert second.wait(15), f"the save after the build made no build: {builds}"
        time.sleep(1.0)                # and the build's own write makes none either
    finally:
        engine.close()
        runner.join(5)
    assert builds == [["content/arrived.md"], ["content/editor.md"]]
