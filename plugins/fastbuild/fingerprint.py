"""The fingerprint of a page: a hash of everything its template can read, so that a page
whose fingerprint is the one recorded last build (and whose file is still the one written
then) needs no rendering at all.

What a template can read: the names it takes from its context (jinja2.meta over the
template and every template it extends, includes or imports), plus what the context-reading
callables and filters it uses declare they read (`reads_context`, a tuple of context names
set on the function: the i18n helpers read `page_lang`, ...). Each value is digested by
what a template can see of it:

- str/int/float/bool/None, dates and times (with their zone) by value; a list, tuple, set
  or dict by its elements;
- a Pelican content object by its source path, its source file's hash, its url and save_as
  and every attribute a reader or plugin set (metadata, tags, neighbours, "more from",
  translations, ...): the content objects among those by the same, one level down, without
  theirs (a page shows a neighbour's title, never the neighbour's neighbour: a template
  that reads two levels down is not covered, and must not be used with this skip);
- a Tag/Category/Author/Source (URLWrapper) by class, name, slug, url and save_as;
- a page of a StablePaginator (plugins/newsroom/listings.py) by its number, its releases,
  and the paginator's shape (per page, base URL), the listing's total and number of pages on
  the newest page only: an older page of a listing keeps its fingerprint as news arrives and
  as the listing gains pages (an older page must not show the number of pages);
- Jinja's own globals (range, dict, ...) and callables that declare `reads_context` by name.

Anything else (an unknown object, a callable that may read the whole site) cannot be
digested: the page is always rendered (correct first, fast second) and a debug line names
the names that forced it.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import logging

from jinja2 import meta, nodes
from jinja2.defaults import DEFAULT_FILTERS, DEFAULT_NAMESPACE, DEFAULT_TESTS
from jinja2.utils import _PassArg
from pelican.contents import Content
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import Author, Category, Tag, URLWrapper

log = logging.getLogger("fastbuild")

MISSING = "<undefined>"
# Attributes of a content object that are not what a template sees of it, or are already
# in the fingerprint another way: the settings (the settings key), the absolute source path
# (the relative one is in), the readers; and every private one (a leading "_": Pelican's
# HTML, summary and site context, made from the source file whose hash is in, and plugins'
# own records such as fastbuild's frozen URLs): templates read none of them.
SKIP_ATTRS = frozenset({"settings", "source_path", "readers"})
_JINJA_GLOBALS = {id(v) for v in DEFAULT_NAMESPACE.values()}
# Jinja's own filters and tests: a few take the context, only to call other filters and tests
_JINJA_FILTERS = {id(v) for v in DEFAULT_FILTERS.values()} | {id(v) for v in DEFAULT_TESTS.values()}


class CannotDigest(Exception):
    """A value whose digest would not tell when what a template shows of it changed."""


def digest_text(text: str) -> str:
    return _h(text)


def _h(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _context_reader(fn) -> bool:
    return getattr(fn, "jinja_pass_arg", None) is _PassArg.context


class TemplateNames:
    """Per build: the context names each template (with everything it pulls in) reads, and
    the filters it applies. Cached by template name."""

    def __init__(self):
        self._cache: dict[tuple, tuple[frozenset, frozenset] | None] = {}
        self._envs: list = []        # keeps each environment alive, so its id stays its own
        self._parsed: dict[tuple, tuple] = {}   # (name, source) -> analysis: each generator has
                                                # its own environment over the same templates

    def _one(self, env, name: str):
        source = env.loader.get_source(env, name)[0]
        found = self._parsed.get((name, source))
        if found is None:
            ast = env.parse(source)
            names = frozenset(meta.find_undeclared_variables(ast))
            filters = frozenset({n.name for n in ast.find_all(nodes.Filter)}
                                | {n.name for n in ast.find_all(nodes.Test)})
            refs = tuple(meta.find_referenced_templates(ast))
            found = self._parsed[(name, source)] = (names, filters, refs)
        return found

    def of_template(self, env, name: str):
        """(names, filters) read by template `name` and all it references, or None when it
        references a template by a computed name (unknowable: always render)."""
        key = (id(env), name)
        if key in self._cache:
            return self._cache[key]
        if env not in self._envs:
            self._envs.append(env)
        names, filters, seen, todo = set(), set(), set(), [name]
        result = None
        try:
            while todo:
                current = todo.pop()
                if current in seen:
                    continue
                seen.add(current)
                n, f, refs = self._one(env, current)
                names |= n
                filters |= f
                if any(r is None for r in refs):
                    raise CannotDigest(f"{current} includes a template by a computed name")
                todo.extend(refs)
            result = (frozenset(names), frozenset(filters))
        except Exception as exc:  # noqa: BLE001 - an odd template: that template always renders
            log.debug("fastbuild: template %s always renders: %s", name, exc)
        self._cache[key] = result
        return result


class Digester:
    """Digests of context values for one build, each object digested once: content objects
    and URL wrappers by identity (nothing changes them while pages are written, frozen_urls.py
    relies on the same), and the lists, dicts and sets a page takes from the site's shared
    context (`shared`: the same objects for every page) by identity too; a page's
    fingerprint then combines digests already made.

    A content object is walked once per build (`_record`): its attributes sorted, those that
    hold no content object digested once for both levels it is seen at (its own page, and as
    another page's neighbour or listing entry); its two digests (level 0: its neighbours' and
    "more from" releases by their level-1 digests; level 1: those as "content") are each made
    once from that record. `prime` makes them before the page writer forks (parallel.py), so
    the forked writer inherits them instead of walking every release again. `digested`
    counts the records made (one per content object per build: tests/build checks it)."""

    def __init__(self, file_hashes: dict[str, str] | None = None):
        self.file_hashes = file_hashes or {}
        self._records: dict[int, list] = {}           # id(content) -> [base, attrs, level-1, level-0]
        self._wrappers: dict[int, str] = {}
        self._wrapper_values: dict[tuple, str] = {}   # Pelican's own Tag/Category/Author by value
        self._moments: dict[int, str] = {}            # id(datetime) -> digest
        self._types: dict[type, object] = {}          # a subclass -> its digest method (value())
        self._shared: dict[int, str] = {}             # id(shared container) -> digest
        self._templates: dict[tuple, object] = {}     # (id(env), template, names) -> names to read
        self._keep: list = []         # keeps cached objects alive, so their ids stay theirs
        self._contents_seen = 0       # counts content digests asked for: did a value hold one?
        self.digested = 0             # content objects walked (records made) this build

    def shared(self, v) -> str:
        """The digest of `v`, a value of the site's shared context (the same object for every
        page of this build): made once."""
        if not isinstance(v, (list, tuple, dict, set, frozenset)):
            return self.value(v)
        found = self._shared.get(id(v))
        if found is None:
            found = self._shared[id(v)] = self.value(v)
            self._keep.append(v)
        return found

    def prime(self, contents) -> int:
        """Both digests of every content object in `contents`, made now (before the page
        writer forks); one that cannot be digested is left to its pages (which then render)."""
        n = 0
        for c in contents:
            try:
                self.content(c, 0)
                n += 1
            except CannotDigest:
                pass
        return n

    def value(self, v, level: int = 0) -> str:
        t = type(v)
        if t is str or t is int or v is None or t is bool or t is float:
            return repr(v)
        fast = _BY_TYPE.get(t) or self._types.get(t)
        if fast is not None:
            return fast(self, v, level)
        if isinstance(v, str):
            return f"{t.__name__}:{v!r}"
        if isinstance(v, (bool, int, float)):
            return repr(v)
        if isinstance(v, Content):
            self._types[t] = Digester.content
            return self.content(v, level)
        if isinstance(v, URLWrapper):
            self._types[t] = _wrapper_of
            return self.wrapper(v)
        if isinstance(v, (list, tuple)):
            self._types[t] = Digester._sequence
            return self._sequence(v, level)
        if isinstance(v, dict):
            self._types[t] = Digester._mapping
            return self._mapping(v, level)
        if isinstance(v, (set, frozenset)):
            return self._set(v, level)
        if isinstance(v, (dt.datetime, dt.time)):
            self._types[t] = Digester._datetime
            return self._datetime(v, level)
        if isinstance(v, dt.date):
            return self._day(v)
        if isinstance(v, dt.tzinfo):
            return f"tz:{v!r}"
        if isinstance(v, Page):
            self._types[t] = Digester.page
            return self.page(v, level)
        if isinstance(v, Paginator):
            return self.paginator(v)
        if callable(v) and (id(v) in _JINJA_GLOBALS or hasattr(v, "reads_context")):
            return f"fn:{getattr(v, '__module__', '')}.{getattr(v, '__qualname__', '')}"
        raise CannotDigest(f"{type(v).__module__}.{type(v).__qualname__}")

    def _sequence(self, v, level: int) -> str:
        return f"{type(v).__name__}[" + ",".join([self.value(x, level) for x in v]) + "]"

    def _mapping(self, v, level: int) -> str:
        return "{" + ",".join([f"{self.value(k, level)}:{self.value(x, level)}"
                               for k, x in sorted(v.items(), key=lambda kv: repr(kv[0]))]) + "}"

    def _set(self, v, level: int) -> str:
        return "set{" + ",".join(sorted([self.value(x, level) for x in v])) + "}"

    @staticmethod
    def _moment(v, level: int = 0) -> str:
        return f"{type(v).__name__}:{v.isoformat()}:{v.tzinfo!r}"

    def _datetime(self, v, level: int = 0) -> str:
        """A datetime (immutable; a release's date is its metadata's too): digested once."""
        found = self._moments.get(id(v))
        if found is None:
            found = self._moments[id(v)] = self._moment(v)
            self._keep.append(v)
        return found

    @staticmethod
    def _day(v, level: int = 0) -> str:
        return f"date:{v.isoformat()}"

    def wrapper(self, w) -> str:
        found = self._wrappers.get(id(w))
        if found is None:
            key = _wrapper_key(w)
            found = self._wrapper_values.get(key) if key is not None else None
            if found is None:
                extra = {k: x for k, x in vars(w).items() if k not in ("settings", "slug", "name")
                         and not k.startswith("_") and isinstance(x, (str, int, float, bool, type(None)))}
                found = _h(self.value([type(w).__name__, w.name, w.slug, w.url, w.save_as, extra]))
                if key is not None:
                    self._wrapper_values[key] = found
            self._wrappers[id(w)] = found
            self._keep.append(w)
        return found

    def content(self, c, level: int) -> str:
        self._contents_seen += 1
        if level >= 2:                    # a neighbour's neighbour: not shown, not in
            return "content"
        rec = self._records.get(id(c))
        if rec is None:
            rec = self._record(c)
        found = rec[2 + (level == 0)]
        if found is None:
            if level == 1:
                found = rec[2] = _h("\x1f".join(rec[0] + [f"{name}={d}" for name, d, _ in rec[1]]))
            else:
                found = rec[3] = _h("\x1f".join(rec[0] + [
                    f"{name}={d if x is _PLAIN else self.value(x, 1)}" for name, d, x in rec[1]]))
        return found

    def _record(self, c) -> list:
        """[base parts, [(attribute, digest as a neighbour, value or _PLAIN)], level-1 digest,
        level-0 digest]: an attribute that holds no content object is digested once, the same
        at both levels; one that does keeps its value, digested again for level 0 only."""
        # only here: Pelican computes relative_source_path (a relpath) at every read
        rel = getattr(c, "relative_source_path", None) or ""
        base = [type(c).__name__, rel, self.file_hashes.get(rel) or _h(c.content or ""),
                repr(c.url), repr(c.save_as)]
        attrs = []
        for name, x in sorted(vars(c).items()):
            if name in SKIP_ATTRS or name.startswith("_"):
                continue
            seen = self._contents_seen
            d = self.value(x, 2)
            attrs.append((name, d, _PLAIN if seen == self._contents_seen else x))
        rec = self._records[id(c)] = [base, attrs, None, None]
        self._keep.append(c)
        self.digested += 1
        return rec

    def names_to_read(self, template_name: str, names_filters, env):
        """The context names a template's fingerprint reads (its own, gettext's, and what its
        filters declare), or None when a filter reads the whole context: once per template."""
        key = (id(env), template_name, id(names_filters))
        found = self._templates.get(key, MISSING)
        if found is MISSING:
            found = self._templates[key] = _names_to_read(template_name, names_filters, env)
            self._keep.append((env, names_filters))
        return found

    def paginator(self, p) -> str:
        """Its shape only: what a page links to; its releases are in each page's own digest.

        Pelican's own pages are numbered from the newest: every page moves with the count, so
        the count and the number of pages are in. Pages numbered from the oldest
        (`numbered_from_oldest`: newsroom/listings.py) link page(i).url for i up to their own
        number and the newest page by its fixed URL, none of which moves when the listing gains
        a page; the number of pages and the count are in the newest page's own digest (page()),
        and the URL of an older page's next newer page, which changes when a page is closed, in
        its `articles_previous_page`. A listing that gains a page so renders its newest page,
        the page closed and the one before it: not all its pages (958 to 3,737 pages at 100,000
        releases when this held the number of pages)."""
        if getattr(p, "numbered_from_oldest", False):
            return self.value([type(p).__name__, p.name, p.url, p.per_page])
        return self.value([type(p).__name__, p.name, p.url, p.per_page, p.num_pages, p.count])

    def page(self, pg, level: int) -> str:
        latest = getattr(pg, "latest", None)
        parts = ["page", pg.number, latest, self.paginator(pg.paginator),
                 self.value(list(pg.object_list), level)]
        if latest or latest is None:
            parts += [pg.paginator.count, pg.paginator.num_pages]
        return self.value(parts)


_PLAIN = object()       # a record's attribute that holds no content object
_PELICAN_WRAPPERS = (Tag, Category, Author)


def _wrapper_of(self, v, level):
    return self.wrapper(v)


def _wrapper_key(w):
    """Pelican's own Tag, Category and Author compute their url and save_as from their
    attributes and settings alone: two with the same class, settings and attributes digest
    alike (a release's Author is an object of its own). None for any other wrapper, or one
    with an attribute that is no plain value."""
    if type(w) not in _PELICAN_WRAPPERS:
        return None
    items = []
    for k, x in vars(w).items():
        if k == "settings":
            continue
        if not (x is None or type(x) in (str, int, float, bool)):
            return None
        items.append((k, x))
    items.sort()
    return (type(w), id(w.settings), tuple(items))


# Exact types met on every page, straight to their digest (value() tries isinstance in turn
# for anything else: subclasses, Pelican's objects)
_BY_TYPE = {
    list: Digester._sequence, tuple: Digester._sequence, dict: Digester._mapping,
    set: Digester._set, frozenset: Digester._set,
    dt.datetime: Digester._datetime,
    dt.date: lambda self, v, level: Digester._day(v),
}


def _names_to_read(template_name: str, names_filters, env) -> frozenset | None:
    names, filters = names_filters
    # `_()` and `{% trans %}` reach the gettext callables without a name the analysis sees
    todo = set(names) | {"_", "gettext", "ngettext"}
    for f in filters:
        fn = env.filters.get(f) or env.tests.get(f)
        reads = getattr(fn, "reads_context", None)
        if reads is not None:
            todo.update(reads)
        elif fn is not None and _context_reader(fn) and id(fn) not in _JINJA_FILTERS:
            log.debug("fastbuild: %s always renders: filter %s reads its context", template_name, f)
            return None
    return frozenset(todo)


def fingerprint(global_key: str, template_name: str, names_filters, env, localcontext: dict,
                digester: Digester, shared: dict | None = None) -> str | None:
    """The page's fingerprint, or None when it cannot be known (the page always renders).
    `shared`: the site's context the page's was made from (Writer.write_file's): a value
    that is the very object found there is digested once per build (Digester.shared)."""
    if names_filters is None:
        return None
    base = digester.names_to_read(template_name, names_filters, env)
    if base is None:
        return None
    parts = [global_key, template_name]
    done = set(base)
    todo = list(base)
    no_shared = {} if shared is None else shared
    globals_ = env.globals
    while todo:
        name = todo.pop()
        value = localcontext.get(name, MISSING)
        if value is MISSING:
            value = globals_.get(name, MISSING)
        t = type(value)
        try:
            if value is MISSING:
                digest = MISSING
            elif t is str or t is int or t is bool or value is None or t is float:
                digest = repr(value)        # what value() makes of it, and nothing it reads
            else:
                reads = getattr(value, "reads_context", None)
                if reads:
                    for r in reads:
                        if r not in done:
                            done.add(r)
                            todo.append(r)
                if no_shared.get(name, MISSING) is value:
                    digest = digester.shared(value)
                else:
                    digest = digester.value(value)
            parts.append(f"{name}={digest}")
        except CannotDigest as exc:
            log.debug("fastbuild: %s always renders: %s is a %s", localcontext.get("output_file"), name, exc)
            return None
    parts.sort()
    return _h("\x1e".join(parts))
