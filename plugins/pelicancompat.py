"""Every use of a private name of Pelican or feedgen, in one place.

Our plugins use Pelican's public API (signals, generators, readers, writers, settings) wherever
it serves. A few speedups and one fix need more than it offers; each such use is a function
here, and nowhere else in the code base is a private Pelican or feedgen name read:

- `period_archives`: Pelican's year/month grouping (`ArticlesGenerator._build_period_archives`),
  called again after wire re-sorts the releases by their local date, and wrapped by fastbuild
  to make it linear (plugins/fastbuild/membership.py);
- `wrap_translations`: Pelican's `process_translations` as `pelican.generators` calls it,
  wrapped by fastbuild to make it linear (its last step tests each release against a list of
  every release: quadratic, 2 s at 10,000 and minutes at 100,000);
- `discardable_metadata_filtered`, `content_cache_on`: what Pelican's reader does to metadata
  before its content cache keeps it (`readers._filter_discardable_metadata`), and whether that
  cache is on (`Readers._cache_data_policy`), for fastbuild's parallel pre-read;
- `release_reader_cache`: the in-memory copy of Pelican's reader cache (`FileDataCacher._cache`)
  emptied once Pelican has saved it, for fastbuild (a large build's memory);
- `CountingWriter`: Pelican's Writer with its one file-opening step
  (`Writer._open_w`, `_written_files`, `_overridden_files`) made a hook, `open_output`, for
  fastbuild's compare-then-write and sharing of pages between processes;
- `rewrite_content`: a content object's HTML and summary (`Content._content`, `_summary`;
  Pelican has no setter, its own plugins set these in `content_object_init`), for wire's
  sanitising of a release that reached Pelican without our reader (on an unknown Pelican,
  wire turns the content cache off instead, so every release is read by our reader);
- `feed_document`: feedgen's feed element without its entries (`_create_atom`/`_create_rss`),
  which the feeds plugin fills with entries it renders once and caches.

Each checks the installed version against the versions it was written and tested for
(`KNOWN`; or the environment variable WIREPRESS_PUBLIC_API_ONLY turns them all off). On another version the speedup is turned off with one warning, and the build takes
Pelican's (or feedgen's) public path: slower, the same output. tests/test_pelicancompat.py
tests each use on the installed versions and the fallback of each.
"""
from __future__ import annotations

import functools
import logging
import os
from importlib import metadata

log = logging.getLogger("pelicancompat")

# "major.minor" releases each use was written and tested for (requirements.txt pins one).
KNOWN = {"pelican": ("4.11", "4.12"), "feedgen": ("1.0",)}
_warned: set[str] = set()


@functools.lru_cache(maxsize=None)
def version(package: str) -> str:
    """The installed version (looked up once: importlib.metadata scans sys.path each time)."""
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return ""


# Set (to anything) to build with public APIs only, as on an unknown version: for an operator
# whose upgrade misbehaves, and for the test that the fallback gives the same site.
PUBLIC_ONLY_ENV = "WIREPRESS_PUBLIC_API_ONLY"


def known(package: str, installed: str | None = None) -> bool:
    """Is the installed `package` one whose private names we know? Warns once when not."""
    installed = version(package) if installed is None else installed
    ok = ".".join(installed.split(".")[:2]) in KNOWN[package] and not os.environ.get(PUBLIC_ONLY_ENV)
    if not ok and package not in _warned:
        _warned.add(package)
        log.warning("%s %s is not a version Wirepress knows (%s): its speedups that rely on %s "
                    "internals are off; the output is the same", package, installed or "(none)",
                    ", ".join(KNOWN[package]), package)
    return ok


# --- Pelican ------------------------------------------------------------------------------

def period_archives(generator):
    """Pelican's period archives of `generator.dates` (the grouping its own generate_context
    does), or None on a Pelican whose grouping we do not know."""
    build = getattr(generator, "_build_period_archives", None) if known("pelican") else None
    if build is None:
        return None
    return build(generator.dates, generator.articles, generator.settings)


def _wrap(owner, name: str, make_wrapper) -> bool:
    """Replace `owner.name` (Pelican's) by `make_wrapper(original)`, once; False (and left
    alone) when the installed Pelican is not one we know or has no such name."""
    original = getattr(owner, name, None)
    if original is None or not known("pelican"):
        return False
    if getattr(original, "wraps_pelican", None) is None:
        wrapper = make_wrapper(original)
        wrapper.wraps_pelican = original
        setattr(owner, name, wrapper)
    return True


def wrap_period_archives(make_wrapper) -> bool:
    """Replace Pelican's grouping by `make_wrapper(original)`."""
    from pelican.generators import ArticlesGenerator

    return _wrap(ArticlesGenerator, "_build_period_archives", make_wrapper)


def wrap_translations(make_wrapper) -> bool:
    """Replace `process_translations` where Pelican's generators call it (the name
    `pelican.generators` imported from `pelican.utils`) by `make_wrapper(original)`."""
    from pelican import generators

    return _wrap(generators, "process_translations", make_wrapper)


def content_cache_on(readers) -> bool:
    """Does Pelican's content cache keep what its readers read (so a pre-read can fill it)?"""
    return known("pelican") and bool(getattr(readers, "_cache_data_policy", False))


def release_reader_cache(readers) -> bool:
    """Empty the in-memory copy of Pelican's reader cache (`FileDataCacher._cache`: every
    release's HTML and metadata, unpickled whole at start-up) once its generator has saved it
    to disk, which `ArticlesGenerator.generate_context` does before `article_generator_finalized`.
    The releases keep what they share with it; its dicts and tuples go (about 190 MiB of a
    100,000-release build's peak of 2.6 GiB). False, with the cache left alone, on a Pelican we do not know."""
    if not known("pelican") or not isinstance(getattr(readers, "_cache", None), dict):
        return False
    readers._cache = {}
    return True


def discardable_metadata_filtered(metadata_dict: dict) -> dict:
    """Metadata as Pelican's reader keeps it in its content cache (its discardable keys out)."""
    from pelican import readers

    return readers._filter_discardable_metadata(metadata_dict)


def rewrite_content(content, rewrite) -> bool:
    """Replace a Pelican content object's HTML by `rewrite(its HTML)` and its summary by the
    `summary` the rewrite left in its metadata (if any); False, with the object untouched, on
    a Pelican whose content objects we do not know."""
    if not known("pelican") or not hasattr(content, "_content"):
        return False
    content._content = rewrite(content._content)
    if "summary" in content.metadata:
        content._summary = content.metadata["summary"]
    return True


def counting_writer_supported() -> bool:
    from pelican.writers import Writer

    return known("pelican") and hasattr(Writer, "_open_w")


def _writer_base():
    from pelican.writers import FileOverwriteFailedError, Writer

    class CountingWriter(Writer):
        """Pelican's Writer, with the step that opens an output file a hook: `open_output(
        filename, encoding)` returns the file object Pelican writes the page into. Pelican's
        bookkeeping (a file written twice fails, unless one write overrides) is kept. On a
        Pelican we do not know, Pelican's own step runs and the hook is never called."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.hooked = counting_writer_supported()

        def open_output(self, filename, encoding):         # the hook; what Pelican opens by default
            return open(filename, "w", encoding=encoding)

        def discard(self):
            """The file object for a second write that Pelican's bookkeeping drops."""
            import io

            return io.StringIO()

        def _open_w(self, filename, encoding, override=False):
            if not self.hooked:
                return super()._open_w(filename, encoding, override)
            if filename in self._overridden_files:
                if override:
                    raise FileOverwriteFailedError(
                        f'Failed to overwrite "{filename}" a second time (was previously overwritten)')
                return self.discard()
            if filename in self._written_files and not override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" as Pelican has already written to it previously '
                    "(set `override=True` if intended)")
            if override:
                self._overridden_files.add(filename)
            self._written_files.add(filename)
            return self.open_output(filename, encoding)

    return CountingWriter


CountingWriter = _writer_base()


# --- feedgen ------------------------------------------------------------------------------

def feed_document(fg, fmt: str):
    """(root, document) of feedgen's feed with no entries, as lxml elements, for `fmt` "atom"
    or "rss". On a feedgen we do not know, the same from its public serialisation."""
    if known("feedgen") and hasattr(fg, "_create_atom"):
        return fg._create_atom() if fmt == "atom" else fg._create_rss()
    from lxml import etree

    data = fg.atom_str(pretty=False) if fmt == "atom" else fg.rss_str(pretty=False)
    doc = etree.ElementTree(etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True)))
    return doc.getroot(), doc


# --- a long-lived process (`invoke watch`) and atomic static files ------------------------

def reset_log_limits() -> bool:
    """Pelican's LimitFilter drops a warning it has logged before, for the life of the process
    (its sets are class attributes): in `invoke watch` the second build would say nothing of a
    bad file the first one named. Cleared before each build; False on a Pelican we do not know."""
    from pelican.log import LimitFilter

    if not known("pelican") or not hasattr(LimitFilter, "_raised_messages"):
        return False
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
    return True


def atomic_static_copies() -> bool:
    """Pelican copies static files (content/images, the theme's static/) with
    shutil.copyfile over the old file: a web server reading output/ meanwhile can serve half an
    image or stylesheet. pelican.utils.copy_file, through which every one of those copies goes
    (StaticGenerator and utils.copy), is replaced by an atomic copy that also leaves a file with
    the same bytes alone. False (Pelican's own copy) on a version we do not know."""
    from pelican import utils

    if not known("pelican") or not hasattr(utils, "copy_file"):
        return False
    if getattr(utils.copy_file, "wraps_pelican", None) is None:
        original = utils.copy_file

        def copy_file(source: str, destination: str) -> None:
            import atomicfile

            try:
                atomicfile.copy_file(source, destination)
            except OSError as e:      # Pelican's own copy_file logs and goes on: the same here
                log.warning("A problem occurred copying file %s to %s; %s", source, destination, e)

        copy_file.wraps_pelican = original
        utils.copy_file = copy_file
    return True
