"""A Pelican Writer that (1) leaves a file alone when the bytes it would write are the ones
already there, so an rsync publish and mtime-based tools see only real changes, and (2) can
render a share of the pages only (`share = (index, count)`): the forked worker renders the
pages with k % count == index, the main process the others (see parallel.py)."""
from __future__ import annotations

import io
import logging

from jinja2 import TemplateNotFound, TemplateSyntaxError
from atomicfile import write_bytes
from pelicancompat import CountingWriter

STATS = {"written": 0, "unchanged": 0}
log = logging.getLogger("fastbuild")


def write_if_changed(path: str, data: bytes) -> bool:
    """Write `data` to `path` unless it already holds exactly these bytes. True if written.
    Atomically (plugins/atomicfile.py): a reader (a web server) never sees half a page."""
    if not write_bytes(path, data, if_changed=True):
        STATS["unchanged"] += 1
        return False
    STATS["written"] += 1
    return True


class _CompareFile(io.StringIO):
    """What Pelican's Writer writes a page into; on close, written only if the bytes changed."""

    def __init__(self, path: str, encoding: str):
        super().__init__()
        self.path, self.charset = path, encoding

    def close(self):
        if not self.closed:
            write_if_changed(self.path, self.getvalue().encode(self.charset))
        super().close()


class _Sink(io.StringIO):
    """A page another process renders and writes: nothing to do here."""


class _Share:
    """Wraps a template: renders only this process's pages (counted in call order, which is
    the same in every process since they all run the same generators on the same context)."""

    def __init__(self, template, writer):
        self.template, self.writer = template, writer

    def render(self, *args, **kwargs):
        index, count = self.writer.share
        k = self.writer.page_counter
        self.writer.page_counter += 1
        self.writer.skip_next = k % count != index
        if self.writer.skip_next:
            return ""
        return self.template.render(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.template, name)


class FastWriter(CountingWriter):
    share = (0, 1)

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.page_counter = 0
        self.skip_next = False
        self.failed: list[tuple[str, str]] = []     # (page, reason) of pages that could not be written

    def write_file(self, name, template, context, *args, **kwargs):
        if self.share[1] > 1:
            template = _Share(template, self)
        try:
            return super().write_file(name, template, context, *args, **kwargs)
        except (TemplateSyntaxError, TemplateNotFound):
            raise       # a broken theme breaks every page: the build fails and says so, as before
        except Exception as exc:  # noqa: BLE001 - one page's error is that page's, not the build's
            # A template error on one odd value, two pages on one file, a name the file system
            # refuses: reported for that page (name and reason), and the rest of the site is written.
            self.failed.append((name, f"{exc.__class__.__name__}: {exc}"))
            log.error("page %s not written: %s: %s", name, exc.__class__.__name__, exc)
            return None

    def open_output(self, filename, encoding):
        skip, self.skip_next = self.skip_next, False
        if skip:
            return _Sink()
        return _CompareFile(filename, encoding)

    def discard(self):
        return _Sink()
