"""Dev tooling around the build: the /_build/ report page, progress bars, the live-reload server.

- report.py     BuildReport and the standalone /_build/ page (dev builds only:
                WIREPRESS_BUILD_REPORT in pelicanconf.py)
- runner.py     run_build(): ingest + Pelican once, never raising; `python -m buildreport.runner`
- progress.py   progress(iterable, total, label) / Meter: rich bar in a terminal, plain lines in CI
- phases.py     the same progress for Pelican's reading and writing phases, via its signals
- devserver.py  `invoke livereload`: livereload server + batched rebuilds in a subprocess
"""


def register():
    """As a Pelican plugin (optional): progress bars for Pelican's own phases."""
    from . import phases

    phases.connect()
