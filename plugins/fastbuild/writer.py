"""A Pelican Writer that (1) leaves a file alone when the bytes it would write are the ones
already there, so an rsync publish and mtime-based tools see only real changes, and (2) can
render a share of the pages only (`share = (index, count)`): the forked worker renders the
pages with k % count == index, the main process the others (see parallel.py), and (3) with a
catalog (catalog.py) skips rendering a page whose inputs did not change (fingerprint.py).
Each page is written with atomicfile.write_if_changed and counted on the build's WriteTally
(`tally`, atomicfile.tally_of(pelican)), with the feeds and sitemaps."""
from __future__ import annotations

import io
import logging
import os

from jinja2 import TemplateNotFound, TemplateSyntaxError
from atomicfile import write_if_changed
from pelicancompat import CountingWriter

from . import fingerprint

log = logging.getLogger("fastbuild")


class _CompareFile(io.StringIO):
    """What Pelican's Writer writes a page into; on close, written only if the bytes changed,
    and noted in the catalog under the fingerprint the page was rendered for."""

    def __init__(self, path: str, encoding: str, catalog=None, fp=None, tally=None):
        super().__init__()
        self.path, self.charset = path, encoding
        self.catalog, self.fp, self.tally = catalog, fp, tally

    def close(self):
        if not self.closed:
            data = self.getvalue().encode(self.charset)
            write_if_changed(self.path, data, self.tally)   # atomically: never half a page
            if self.catalog is not None:
                self.catalog.note(self.path, self.fp, data)
        super().close()


class _Sink(io.StringIO):
    """A page another process renders and writes: nothing to do here."""


class _Page:
    """Wraps a template for one write_file call. (1) With a share (parallel.py): renders only
    this process's pages (counted in call order, which is the same in every process since they
    all run the same generators on the same context). (2) With a catalog: renders nothing when
    the page's fingerprint (fingerprint.py) is the one its file was written for last build.
    Either way Pelican goes on as for a rendered page (its bookkeeping, `content_written` with
    the page's context: the sitemap and the build report see every page); open_output then
    hands it a file that writes nothing."""

    def __init__(self, template, writer):
        self.template, self.writer = template, writer

    def render(self, *args, **kwargs):
        w = self.writer
        w.skip_next, w.pending_fp = False, None
        index, count = w.share
        if count > 1:
            k = w.page_counter
            w.page_counter += 1
            if k % count != index:
                w.skip_next = True
                return ""
        cat = w.catalog
        if cat is not None:
            localcontext = args[0] if args else kwargs
            path = os.path.abspath(os.path.join(w.output_path, str(localcontext.get("output_file", ""))))
            env = self.template.environment
            fp = fingerprint.fingerprint(cat.global_key, self.template.name,
                                         cat.names.of_template(env, self.template.name), env,
                                         localcontext, cat.digester, w.shared_context)
            if cat.unchanged(path, fp):
                cat.keep(path)
                cat.skipped += 1
                w.skip_next = True
                return ""
            cat.rendered += 1
            w.pending_fp = fp
        return self.template.render(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.template, name)


class FastWriter(CountingWriter):
    share = (0, 1)
    catalog = None      # this build's catalog.Catalog (fastbuild sets it on a subclass), or None
    tally = None        # the build's atomicfile.WriteTally (set on a subclass), or None: not counted

    @classmethod
    def for_build(cls, tally, catalog=None) -> type:
        """This writer for one build: its pages counted on `tally`, skipped by `catalog`."""
        return type(cls.__name__, (cls,), {"tally": tally, "catalog": catalog})

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.page_counter = 0
        self.skip_next = False
        self.pending_fp = None
        self.failed: list[tuple[str, str]] = []     # (page, reason) of pages that could not be written

    shared_context = None   # the site's context of the write_file call under way (fingerprint.py)

    def write_file(self, name, template, context, *args, **kwargs):
        self.shared_context = context
        if self.share[1] > 1 or (self.catalog is not None and self.hooked):
            template = _Page(template, self)
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
        fp, self.pending_fp = self.pending_fp, None
        if skip:
            return _Sink()
        return _CompareFile(filename, encoding, self.catalog, fp, self.tally)

    def discard(self):
        return _Sink()
