"""The dev-only build report: what the last build did, as data and as a tiny HTML page.

The page lives at output/_build/index.html. It is standalone HTML (no theme), because it
must still render when the theme itself is what broke the build.
"""
from __future__ import annotations

import html
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING

import atomicfile

if TYPE_CHECKING:
    from wire.ingest import IngestReport

REPORT_DIR = "_build"


@dataclass
class BuildReport:
    started: datetime                      # wall-clock start (UTC)
    seconds: float = 0.0                   # whole build: ingest + Pelican
    ok: bool = True
    error: str | None = None               # traceback text of a failed build
    converted: int = 0
    unchanged: int = 0
    kept: int = 0                          # editor-owned releases the ingest left alone
    converted_files: list[str] = field(default_factory=list)   # the wire files, by name
    kept_files: list[str] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)   # (wire file, reason)
    removed: list[str] = field(default_factory=list)     # wire files gone from seeds/ (releases kept or hidden)
    ingest_seconds: float | None = None
    ingest_ran: bool = False               # False: the wire plugin did not report this build
    warnings: list[str] = field(default_factory=list)  # Pelican's own warnings and errors
    undated: list[str] = field(default_factory=list)   # wire files with no date: dated at arrival
    # a story's life (wire.lifecycle): (wire file, release) pairs; conflicts: (release, incoming file)
    updated: list[tuple[str, str]] = field(default_factory=list)
    withdrawn: list[tuple[str, str]] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    conflicts: list[tuple[str, str]] = field(default_factory=list)
    skipped: bool = False                  # nothing changed: Pelican not run (nochange.py)

    def add_ingest(self, ingest: "IngestReport") -> None:
        """Copy what the wire ingest did (wire.ingest.IngestReport). Its fields are read by
        name, without defaults: a renamed field fails here (and its test), it never shows 0."""
        self.ingest_ran = True
        self.converted_files = [os.path.basename(str(n)) for n in ingest.converted]
        self.kept_files = [os.path.basename(str(n)) for n in ingest.kept]
        self.converted = len(self.converted_files)
        self.unchanged = len(ingest.unchanged)
        self.kept = len(self.kept_files)
        self.rejected = [_pair(r) for r in ingest.rejected]
        # wire files removed from seeds/ (IngestReport.withdrawn); killed stories are below
        self.removed = [str(n) for n in ingest.withdrawn]
        self.undated = [str(n) for n in ingest.undated]
        self.ingest_seconds = float(ingest.seconds)
        life = ingest.lifecycle
        self.updated = [_pair(p) for p in life.updated]
        self.withdrawn = [_pair(p) for p in life.withdrawn]
        self.duplicates = [_pair(p) for p in life.duplicates]
        # every edited release with a new version waiting, until an editor merges it
        self.conflicts = [_pair(p) for p in ingest.conflicts]

    def summary(self) -> str:
        """One terminal line."""
        state = "ok" if self.ok else "FAILED"
        if self.skipped and self.ok:
            return f"build ok in {self.seconds:.2f}s: nothing changed since the last build, output left as it is"
        counts = (f"{self.converted} converted, {self.unchanged} unchanged, {self.kept} kept, "
                  f"{len(self.rejected)} rejected" if self.ingest_ran else "no ingest report")
        return f"build {state} in {self.seconds:.2f}s: {counts}"


def _pair(item) -> tuple[str, str]:
    # Contract: (file name, reason); accept an object with .name/.reason too.
    if isinstance(item, (tuple, list)) and len(item) >= 2:
        return str(item[0]), str(item[1])
    name = getattr(item, "name", None) or getattr(item, "path", None) or item
    return os.path.basename(str(name)), str(getattr(item, "reason", ""))


def render_html(rep: BuildReport) -> str:
    e = html.escape
    state = "succeeded" if rep.ok else "FAILED"
    rows = "".join(f"<tr><td><code>{e(n)}</code></td><td>{e(r)}</td></tr>" for n, r in rep.rejected)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="robots" content="noindex">',
        f"<title>Build {state} - Wirepress dev build report</title>",
        f"<style>{STYLE}</style>",
        '</head><body><header class="site-header"><div class="wrap"><span class="brand">'
        '<span class="mark" aria-hidden="true">W</span> Wirepress</span> '
        '<span class="what">development build report</span></div></header><main class="wrap">',
        f'<h1>Last build <span class="{"ok" if rep.ok else "failed"}" id="state">{state}</span></h1>',
        "<dl>",
        f'<dt>Started</dt><dd><time id="started" datetime="{e(_iso(rep))}">{e(_iso(rep))}</time></dd>',
        f'<dt>Duration</dt><dd id="duration">{rep.seconds:.2f} s</dd>',
        "</dl>",
        "<h2>Wire ingest</h2>",
    ]
    if rep.ingest_ran:
        ingest_time = f" in {rep.ingest_seconds:.2f} s" if rep.ingest_seconds is not None else ""
        parts += [
            f"<p>{len(rep.rejected) and 'Some wire files were rejected' or 'All wire files ingested'}"
            f"{e(ingest_time)}.</p>",
            '<table id="counts"><tr><th>Converted</th><th>Unchanged (skipped)</th><th>Kept (edited)</th>'
            "<th>Rejected</th></tr>",
            f"<tr><td>{rep.converted}</td><td>{rep.unchanged}</td><td>{rep.kept}</td>"
            f"<td>{len(rep.rejected)}</td></tr></table>",
        ]
        for key, title, names in (("converted-files", "Converted in this build", rep.converted_files),
                                  ("kept-files", "Kept: edited by a person, not overwritten", rep.kept_files)):
            if names:
                parts += [f'<details id="{key}"><summary>{e(title)} ({len(names)})</summary><ul>']
                parts += [f"<li><code>{e(n)}</code></li>" for n in names] + ["</ul></details>"]
        if rep.rejected:
            parts += ['<h3>Rejected wire files</h3><table id="rejected">',
                      "<tr><th>File</th><th>Reason</th></tr>", rows, "</table>"]
        if rep.removed:
            parts += ["<h3>Wire files removed from seeds/</h3>",
                      "<p>Their releases stay as they are, or are hidden with WIRE_WITHDRAW_REMOVED.</p>",
                      '<ul id="removed">'] + [f"<li><code>{e(n)}</code></li>" for n in rep.removed] + ["</ul>"]
        if rep.undated:     # an editor should date these: the arrival time stands in
            parts += ["<h3>Undated wire files (dated when they arrived)</h3>", '<ul id="undated">']
            parts += [f"<li><code>{e(n)}</code></li>" for n in rep.undated] + ["</ul>"]
        parts += _lifecycle_html(rep)
    elif rep.skipped:
        parts.append('<p id="nothing-changed">Nothing changed since the last build (seeds/, content/, '
                     "the theme, the plugins, the settings, output/): nothing ingested, output/ left "
                     "as it is.</p>")
    else:
        parts.append("<p>The wire plugin did not report on this build.</p>")
    if rep.error:
        parts += ['<h2 class="failed">Error</h2>',
                  f'<p id="error-summary"><strong>{e(error_summary(rep.error))}</strong></p>',
                  f'<pre id="error">{e(rep.error)}</pre>',
                  "<p>The site in output/ is the last one that built. Save a fix to rebuild.</p>"]
    if rep.warnings:
        parts += ["<h2>Warnings</h2><ul>"] + [f"<li>{e(w)}</li>" for w in rep.warnings] + ["</ul>"]
    parts.append("</main></body></html>\n")
    return "\n".join(parts)


# The site's look (theme/static/css/site.css: palette, system fonts, the header rule), inlined:
# the page must render even when the theme is what broke the build.
STYLE = (
    ":root{--bg:#fff;--fg:#1b1b1b;--muted:#595959;--accent:#0a4a82;--rule:#d9d9d6;--panel:#f4f3ef;"
    "--bad:#a00000;--good:#00602a;color-scheme:light dark}"
    "@media (prefers-color-scheme:dark){:root{--bg:#141618;--fg:#e9e7e3;--muted:#b0aea9;--accent:#8ec5ff;"
    "--rule:#34383c;--panel:#1d2023;--bad:#ff9c9c;--good:#8fe3a8}}"
    "body{margin:0;background:var(--bg);color:var(--fg);"
    "font:1rem/1.55 system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif}"
    ".wrap{max-width:70rem;margin:0 auto;padding:0 1rem}"
    ".site-header{border-bottom:3px solid var(--fg);padding:.9rem 0 .6rem}"
    ".brand{font-weight:800;font-size:1.35rem;letter-spacing:-.02em}"
    ".mark{display:inline-block;width:1.6rem;height:1.6rem;line-height:1.6rem;text-align:center;"
    "border-radius:4px;background:var(--accent);color:var(--bg)}"
    ".what{color:var(--muted);margin-left:.5rem}"
    "main{padding-bottom:3rem}h1,h2,h3{line-height:1.2;margin:1.4em 0 .5em}h1{font-size:2rem}"
    "a{color:var(--accent)}dl{display:grid;grid-template-columns:auto 1fr;gap:.2rem 1rem}dd{margin:0}"
    "table{border-collapse:collapse;margin:.5rem 0}td,th{border-bottom:1px solid var(--rule);"
    "padding:.35rem .7rem;text-align:left}th{font-size:.85rem;text-transform:uppercase;"
    "letter-spacing:.05em;color:var(--muted)}"
    "pre{background:var(--panel);padding:1rem;overflow:auto;white-space:pre-wrap}"
    "details{margin:.5rem 0}summary{cursor:pointer}code{overflow-wrap:anywhere}"
    ".failed{color:var(--bad)}.ok{color:var(--good)}"
)


def error_summary(error: str) -> str:
    """The exception line and the last place it points at (a template's file and line)."""
    lines = [ln.strip() for ln in error.strip().splitlines() if ln.strip()]
    if not lines:
        return ""
    where = next((ln for ln in reversed(lines) if ln.startswith('File "')), "")
    return f"{lines[-1]}  ({where})" if where else lines[-1]


def _lifecycle_html(rep: BuildReport) -> list[str]:
    e = html.escape
    parts = []
    if rep.conflicts:
        parts += ['<h3 class="failed">Conflicts: edited releases with a new version</h3>',
                  "<p>The edit is kept; merge the new version by hand, then delete it.</p>",
                  '<table id="conflicts"><tr><th>Edited release</th><th>New version waiting</th></tr>']
        parts += [f"<tr><td><code>{e(r)}</code></td><td><code>{e(i)}</code></td></tr>" for r, i in rep.conflicts]
        parts.append("</table>")
    for key, title, head in (("withdrawn", "Withdrawn by the agency", "Kill / canceled item"),
                             ("updated", "Updated in place", "New version"),
                             ("duplicates", "Duplicates (one release)", "Copy")):
        pairs = getattr(rep, key)
        if pairs:
            parts += [f'<h3>{title}</h3><table id="{key}"><tr><th>{head}</th><th>Release</th></tr>']
            parts += [f"<tr><td><code>{e(w)}</code></td><td><code>{e(r)}</code></td></tr>" for w, r in pairs]
            parts.append("</table>")
    return parts


def _iso(rep: BuildReport) -> str:
    return rep.started.astimezone(timezone.utc).isoformat(timespec="seconds")


def write_report(output_path: str | os.PathLike, rep: BuildReport) -> str:
    """Write output/_build/index.html atomically (a reload never sees half a page)."""
    target = os.path.join(os.fspath(output_path), REPORT_DIR, "index.html")
    atomicfile.write_bytes(target, render_html(rep).encode("utf-8"))
    return target


def now() -> datetime:
    return datetime.now(timezone.utc)
