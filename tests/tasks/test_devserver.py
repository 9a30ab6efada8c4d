"""`invoke livereload` in a temp copy of the project: new wire files appear, errors never kill it."""
from __future__ import annotations

import os
import time

from tasks_helpers import fetch, release_for, wait_for, wire_text

LIVE_TIMEOUT = 10.0   # the bound: saved wire file -> release page served


def _served_release(server, project, wire_name, headline):
    """URL of the release page for `wire_name` once the server serves it with its headline."""
    meta = release_for(project / "content", wire_name)
    if not meta:
        return None
    url = f"{server.url}/releases/{meta['Slug']}.html"
    status, body = fetch(url, 2)
    return url if status == 200 and headline in body else None


def test_pages_carry_the_livereload_script(dev_server):
    status, body = fetch(dev_server.url + "/")
    assert status == 200
    assert "livereload.js" in body   # injected by the server: the browser reloads by itself


def test_new_wire_file_without_extension_is_served_within_10s(dev_server, dev_project):
    headline = "Acme opens widget plant in Springfield"
    name = "acme-plant-0001"      # wire files often have no extension at all
    t0 = time.monotonic()
    (dev_project / "seeds" / name).write_text(wire_text(headline), encoding="utf-8")
    url = wait_for(lambda: _served_release(dev_server, dev_project, name, headline), LIVE_TIMEOUT)
    elapsed = time.monotonic() - t0
    assert url, f"release for {name} not served within {LIVE_TIMEOUT}s\n{dev_server.log()[-3000:]}"
    print(f"\nsaved wire file -> release page served: {elapsed:.2f}s")
    # The release page is written before the index: the same build puts it on the front page.
    assert wait_for(lambda: headline in fetch(dev_server.url + "/", 2)[1], LIVE_TIMEOUT)


def _rejected_table(page: str) -> str:
    return page.split('id="rejected"', 1)[1].split("</table>", 1)[0] if 'id="rejected"' in page else ""


def test_broken_wire_files_are_named_on_build_page_and_server_keeps_serving(dev_server, dev_project):
    seeds = dev_project / "seeds"
    (seeds / "garbled.bin").write_bytes(b"\x00\x01\x02\xff\xfe\x00\x00binary junk\x00")
    (seeds / "EMPTY01").write_bytes(b"")
    page = wait_for(lambda: (lambda r: r[1] if r[0] == 200 and "garbled.bin" in r[1]
                             and "EMPTY01" in r[1] else None)(fetch(dev_server.url + "/_build/", 2)),
                    LIVE_TIMEOUT)
    assert page, f"/_build/ does not name the broken files\n{dev_server.log()[-3000:]}"
    assert 'id="rejected"' in page
    assert dev_server.alive()
    status, _ = fetch(dev_server.url + "/")
    assert status == 200
    # Reported in the terminal too.
    assert "garbled.bin" in dev_server.log()

    # The next good save recovers: the same file, now a proper story.
    headline = "Garbled feed resent as a proper story"
    (seeds / "garbled.bin").write_text(wire_text(headline, city="SHELBYVILLE"), encoding="utf-8")
    url = wait_for(lambda: _served_release(dev_server, dev_project, "garbled.bin", headline),
                   LIVE_TIMEOUT)
    assert url, f"fixed wire file not served\n{dev_server.log()[-3000:]}"
    # /_build/ is written when the build ends, just after the release page.
    # (the page lists the files converted too: the rejected table is what must drop it)
    page = wait_for(lambda: (lambda p: p if 'id="rejected"' in p and "garbled.bin" not in _rejected_table(p)
                             else None)(fetch(dev_server.url + "/_build/", 2)[1]), LIVE_TIMEOUT)
    assert page and "EMPTY01" in _rejected_table(page)
    assert "garbled.bin" in page.split('id="converted-files"', 1)[1].split("</details>", 1)[0]


def test_template_error_is_reported_and_next_good_save_recovers(dev_server, dev_project):
    base = dev_project / "theme" / "templates" / "base.html"
    good = base.read_text(encoding="utf-8")
    try:
        base.write_text(good.replace("</head>", "{% if %}</head>", 1) if "</head>" in good
                        else good + "{% if %}", encoding="utf-8")
        page = wait_for(lambda: (lambda r: r[1] if 'id="error"' in r[1] else None)(
            fetch(dev_server.url + "/_build/", 2)), LIVE_TIMEOUT)
        assert page, f"/_build/ shows no template error\n{dev_server.log()[-3000:]}"
        assert "FAILED" in page and "TemplateSyntaxError" in page
        assert dev_server.alive()
        assert fetch(dev_server.url + "/")[0] == 200          # the last good site is still served
        assert "TemplateSyntaxError" in dev_server.log()      # and the terminal says why
    finally:
        base.write_text(good, encoding="utf-8")
    page = wait_for(lambda: (lambda r: r[1] if 'id="state">succeeded' in r[1] else None)(
        fetch(dev_server.url + "/_build/", 2)), LIVE_TIMEOUT)
    assert page, f"no recovery after the template was fixed\n{dev_server.log()[-3000:]}"
    assert 'id="error"' not in page


def test_build_does_not_retrigger_itself(dev_server, dev_project):
    """The ingest writes content/: that must not start build after build."""
    time.sleep(3)    # let any build from an earlier test finish
    before = dev_server.log().count("-> rebuilding")
    time.sleep(4)    # five polls of the watcher
    assert dev_server.log().count("-> rebuilding") == before


def test_every_watched_place_triggers_a_rebuild(dev_server, dev_project):
    places = ["plugins/wire/__init__.py", "pelicanconf.py", "theme/templates/base.html",
              "content/pages/about-dev-test.md"]
    for rel in places:
        done = dev_server.log().count("; reloading browsers")
        path = dev_project / rel
        if rel.startswith("content/"):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("Title: About the dev test\n\nA page.\n", encoding="utf-8")
        else:
            path.write_bytes(path.read_bytes())      # a save without changes still rebuilds
            os.utime(path, None)
        assert wait_for(lambda: f"changed: {rel}" in dev_server.log(), LIVE_TIMEOUT), \
            f"no rebuild after saving {rel}\n{dev_server.log()[-2000:]}"
        # One build at a time: let this one finish before the next save.
        assert wait_for(lambda: dev_server.log().count("; reloading browsers") > done, LIVE_TIMEOUT)


def test_a_crashing_build_process_is_reported_and_does_not_stop_the_server(dev_server, dev_project):
    conf = dev_project / "pelicanconf.py"
    good = conf.read_text(encoding="utf-8")
    try:
        conf.write_text(good + "\nimport os as _os\n_os._exit(3)   # dies without a traceback\n",
                        encoding="utf-8")
        page = wait_for(lambda: (lambda r: r[1] if "exited with status 3" in r[1] else None)(
            fetch(dev_server.url + "/_build/", 2)), LIVE_TIMEOUT)
        assert page, f"/_build/ does not report the crash\n{dev_server.log()[-2000:]}"
        assert dev_server.alive() and fetch(dev_server.url + "/")[0] == 200
    finally:
        conf.write_text(good, encoding="utf-8")
    assert wait_for(lambda: 'id="state">succeeded' in fetch(dev_server.url + "/_build/", 2)[1],
                    LIVE_TIMEOUT)
