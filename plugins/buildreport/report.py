"""The dev-only build report: what the last build did, as data and as a tiny HTML page.

The page lives at output/_build/index.html. It is standalone HTML (no theme), because it
must still render when the theme itself is what broke the build.
"""
from __future__ import annotations

import html
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone

import atomicfile

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

    def add_ingest(self, ingest) -> None:
        """Copy counts from a wire IngestReport (TEAM contract 4); tolerant of its exact types."""
        if ingest is None:
            return
        self.ingest_ran = True
        self.converted = len(getattr(ingest, "converted", ()) or ())
        self.unchanged = len(getattr(ingest, "unchanged", ()) or ())
        self.kept = len(getattr(ingest, "kept", ()) or ())
        self.rejected = [_pair(r) for r in (getattr(ingest, "rejected", ()) or ())]
        # wire files removed from seeds/ (IngestReport.withdrawn); killed stories are below
        self.removed = [str(n) for n in (getattr(ingest, "withdrawn", ()) or ())]
        self.undated = [str(n) for n in (getattr(ingest, "undated", ()) or ())]
        secs = getattr(ingest, "seconds", None)
        self.ingest_seconds = float(secs) if secs is not None else None
        life = getattr(ingest, "lifecycle", None)
        if life is not None:
            self.updated = [_pair(p) for p in getattr(life, "updated", ())]
            self.withdrawn = [_pair(p) for p in getattr(life, "withdrawn", ())]
            self.duplicates = [_pair(p) for p in getattr(life, "duplicates", ())]
        # every edited release with a new version waiting, until an editor merges it
        self.conflicts = [_pair(p) for p in (getattr(ingest, "conflicts", ()) or ())]

    def summary(self) -> str:
        """One terminal line."""
        state = "ok" if self.ok else "FAILED"
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
        "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
        "color:#1a1a1a}table{border-collapse:collapse}td,th{border:1px solid #999;padding:.25rem .5rem;"
        "text-align:left}pre{background:#f4f4f4;padding:1rem;overflow:auto;white-space:pre-wrap}"
        ".failed{color:#a00000}.ok{color:#00602a}</style>",
        "</head><body><main>",
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
