"""The dev server's file handler (devserver.SnapshotFileHandler): a page the build replaces
while it is being fetched is served whole, the old one or the new one."""
from __future__ import annotations

import asyncio
import http.client
import os
import sys
import threading
from pathlib import Path

from tasks_helpers import REPO, free_port

sys.path.insert(0, str(REPO / "plugins"))

from buildreport.devserver import SnapshotFileHandler  # noqa: E402


def _serve(root: Path, port: int, handler) -> tuple[threading.Thread, list]:
    """A tornado app with only `handler` on / (what livereload's Server builds), in a thread."""
    from tornado.web import Application

    loops: list = []
    started = threading.Event()

    def run():
        async def main():
            app = Application([(r"/(.*)", handler, {"path": str(root), "default_filename": "index.html"})])
            server = app.listen(port, address="127.0.0.1")
            loops.append((asyncio.get_running_loop(), stop := asyncio.Event()))
            started.set()
            await stop.wait()
            server.stop()
        asyncio.run(main())

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert started.wait(10)
    return thread, loops


def _replaced_while_fetched(tmp_path: Path, handler, fetches: int = 300) -> list[str]:
    """Fetch /_build/ while another thread swaps it, by rename as the build does, between a
    short page and a long one; what was wrong with each response."""
    site = tmp_path / "output"
    (site / "_build").mkdir(parents=True)
    page = site / "_build" / "index.html"
    versions = [b"<!doctype html><title>ok</title>" + b"s" * 3000,
                b"<!doctype html><title>failed</title>" + b"F" * 6000]
    page.write_bytes(versions[0])
    port = free_port()
    thread, loops = _serve(site, port, handler)
    done = threading.Event()

    def swap():
        n = 0
        while not done.is_set():
            tmp = page.with_name(f".index.html.{n}")
            tmp.write_bytes(versions[n % 2])
            os.replace(tmp, page)
            n += 1

    swapper = threading.Thread(target=swap, daemon=True)
    swapper.start()
    wrong = []
    try:
        for _ in range(fetches):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            try:
                conn.request("GET", "/_build/")
                resp = conn.getresponse()
                body = resp.read()
                if resp.status != 200 or body not in versions:
                    wrong.append(f"status {resp.status}, {len(body)} bytes")
            except http.client.HTTPException as exc:
                wrong.append(repr(exc))
            finally:
                conn.close()
    finally:
        done.set()
        swapper.join(10)
        loop, stop = loops[0]
        loop.call_soon_threadsafe(stop.set)
        thread.join(10)
    return wrong


def test_a_page_replaced_during_a_fetch_is_served_whole(tmp_path):
    wrong = _replaced_while_fetched(tmp_path, SnapshotFileHandler)
    assert wrong == [], f"{len(wrong)} of 300 responses were torn: {wrong[:5]}"


def test_the_race_is_real_with_the_stock_handler(tmp_path):
    # The same fetches through livereload's own handler (a stat for the length, a second open
    # for the body) do tear: what the test above guards against happens.
    from livereload.handlers import StaticFileHandler

    wrong = _replaced_while_fetched(tmp_path, StaticFileHandler, fetches=600)
    assert wrong, "livereload's handler no longer tears a page replaced mid-fetch"
