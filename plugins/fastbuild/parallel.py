"""Both cores for the writing phase. Once Pelican has built the whole context (every
article read, every tag, category and period archive known), the process forks: the child
runs the same generators' generate_output with a writer that renders every other page, the
main process renders the rest (Pelican counts the pages in the same order in both, so the
shares never overlap and together cover every page). The main process still sends
`content_written` for every page, so the sitemap and the build report see them all; it
waits for the child before the `finalized` plugins (feeds, sitemaps, Pagefind) run. The
child's files written / unchanged come back through the same pipe as its error, and are
added to the build's tally (atomicfile.WriteTally) at the join."""
from __future__ import annotations

import json
import logging
import os
import traceback

log = logging.getLogger(__name__)


class ChildFailed(RuntimeError):
    pass


def fork_writers(pelican, generators, writer_class, child_done=None, joined=None, tally=None) -> type:
    """Fork the child writer; return the writer class for this (the main) process.
    `child_done()` runs in the child after its pages, `joined()` in the main process once the
    child has exited successfully (fastbuild's catalog: the child's fingerprints). `tally`: the
    build's WriteTally, which the child's writer counts on (its copy): what the child added
    is added to it in the main process."""
    from pelican.generators import StaticGenerator

    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:                                          # the child: write its share, exit
        os.close(read_fd)
        code = 0
        before = (tally.written, tally.unchanged) if tally is not None else (0, 0)
        try:
            child = type("ChildWriter", (writer_class,), {"share": (1, 2)})
            writer = child(pelican.output_path, settings=pelican.settings)
            for gen in generators:
                if hasattr(gen, "generate_output") and not isinstance(gen, StaticGenerator):
                    gen.generate_output(writer)
            if child_done is not None:
                child_done()
            if tally is not None:
                os.write(write_fd, json.dumps({"written": tally.written - before[0],
                                               "unchanged": tally.unchanged - before[1]}).encode())
        except BaseException:  # noqa: BLE001 - reported by the parent, never raised here
            os.write(write_fd, traceback.format_exc().encode()[-8000:])
            code = 1
        finally:
            os._exit(code)
    os.close(write_fd)
    last = generators[-1]
    original = last.generate_output

    def generate_then_join(writer):
        original(writer)
        counts = join(pid, read_fd)
        if tally is not None:
            tally.written += counts.get("written", 0)
            tally.unchanged += counts.get("unchanged", 0)
        if joined is not None:
            joined()

    last.generate_output = generate_then_join            # before any `finalized` receiver
    return type("MainWriter", (writer_class,), {"share": (0, 2)})


def join(pid: int, read_fd: int) -> dict:
    """Wait for the child; what it reported ({} or its counts), or ChildFailed with its error."""
    with os.fdopen(read_fd, "rb") as fh:
        said = fh.read().decode(errors="replace")
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise ChildFailed(f"fastbuild: the forked page writer failed:\n{said}")
    return json.loads(said) if said else {}
