"""Progress for long loops: a rich bar in a terminal, plain lines in CI and logs.

    from buildreport.progress import progress
    for path in progress(paths, total=len(paths), label="ingest"):
        ...

Below THRESHOLD items nothing is shown (small sites stay quiet). Plain mode prints about ten
lines per loop, so CI logs stay short.
"""
from __future__ import annotations

import os
import sys
import time
from typing import Iterable, Iterator, TextIO, TypeVar

T = TypeVar("T")
THRESHOLD = 300   # "more than a few hundred files"


def interactive(stream: TextIO | None = None) -> bool:
    """A person is watching: a TTY, not CI, not a dumb terminal."""
    stream = stream or sys.stderr
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


def progress(iterable: Iterable[T], total: int | None = None, label: str = "working", *,
             threshold: int | None = None, stream: TextIO | None = None,
             force_plain: bool = False) -> Iterator[T]:
    """Yield every item of `iterable` unchanged, showing progress on `stream` (stderr)."""
    if total is None:
        try:
            total = len(iterable)  # type: ignore[arg-type]
        except TypeError:
            total = 0
    with Meter(total, label, threshold=threshold, stream=stream, force_plain=force_plain) as meter:
        for item in iterable:
            # Count when handed out: a consumer such as zip(names, progress(...)) never asks
            # again after the last item, so a count after the yield would stop one short.
            meter.tick()
            yield item


class Meter:
    """Push-style progress (tick() per item), for work driven by callbacks such as Pelican signals."""

    def __init__(self, total: int, label: str, *, threshold: int | None = None,
                 stream: TextIO | None = None, force_plain: bool = False):
        self.total, self.label, self.n = total, label, 0
        self.stream = stream or sys.stderr
        threshold = THRESHOLD if threshold is None else threshold   # read late: tests lower it
        self.mode = "off" if total <= 0 or total < threshold else (
            "rich" if interactive(self.stream) and not force_plain else "plain")
        self.step = max(1, total // 10)
        self.start = time.monotonic()
        self._bar = self._task = None
        if self.mode == "rich":
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                       TimeElapsedColumn, TimeRemainingColumn)
            self._bar = Progress(TextColumn("[bold]{task.description}"), BarColumn(),
                                 MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
                                 TimeElapsedColumn(), TimeRemainingColumn(),
                                 console=Console(file=self.stream))
            self._task = self._bar.add_task(label, total=total, rate="")
            self._bar.start()

    def _rate(self) -> float:
        elapsed = time.monotonic() - self.start
        return self.n / elapsed if elapsed > 0 else 0.0

    def tick(self, n: int = 1) -> None:
        self.n += n
        if self.mode == "rich":
            self._bar.update(self._task, completed=self.n, rate=f"{self._rate():7.1f}/s")
        elif self.mode == "plain" and (self.n % self.step == 0 or self.n == self.total):
            print(f"{self.label}: {self.n}/{self.total} ({100 * self.n // self.total}%) "
                  f"{self._rate():.1f}/s", file=self.stream, flush=True)

    def close(self, note: str = "") -> None:
        if self.mode == "rich":
            self._bar.stop()
        elif self.mode == "plain" and self.n != self.total and (self.n % self.step or not self.n):
            print(f"{self.label}: {self.n}/{self.total} done{note}", file=self.stream, flush=True)
        self.mode = "off"

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
