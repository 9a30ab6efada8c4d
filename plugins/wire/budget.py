"""A time budget on one file's conversion: the last wall behind the linear patterns.

Every pattern in the converter is meant to run in linear time on bounded input, but one
file that still finds a slow path must not stall the build (or the dev server) for
everyone: past the budget its conversion stops with `Rejected("conversion took over N s")`,
which ingest logs naming the file, and the build goes on with the next one.

SIGALRM (`signal.setitimer`) interrupts pure-Python code and the `re` engine alike (CPython
checks for signals inside long matches). It works in the main thread of a process, which is
where ingest converts: in the build's own process or in its forked pool workers. Elsewhere
(a thread, a platform without setitimer) the conversion runs without a budget.
"""
from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager
from functools import lru_cache

from .convert import Rejected

CONVERSION_SECONDS = 5.0   # any file up to the size limit converts in about 1 s on 2 shared cores


class _OverBudget(BaseException):
    """Raised by the alarm; a BaseException so that no `except Exception` in the converter
    swallows it."""


def _on_alarm(signum, frame):
    raise _OverBudget()


@lru_cache(maxsize=1)
def _ready() -> bool:
    """Word lists, lookup tables and patterns loaded once per process, outside any budget:
    an alarm must never cut their loading short (and then charge every later file for it)."""
    from .convert import warm_up

    warm_up()
    return True


@contextmanager
def limit(seconds: float | None = None):
    """Run the block within `seconds` (default CONVERSION_SECONDS), else raise Rejected."""
    seconds = CONVERSION_SECONDS if seconds is None else seconds
    if not seconds or seconds <= 0 or not hasattr(signal, "setitimer") or \
            threading.current_thread() is not threading.main_thread():
        yield
        return
    _ready()
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    outer, _ = signal.setitimer(signal.ITIMER_REAL, seconds)     # an outer timer, if any, is restored
    start = time.monotonic()
    try:
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _OverBudget:      # also when the alarm fires just as the block ends: it is at the budget
        raise Rejected(f"conversion took over {seconds:g} s") from None
    finally:
        signal.signal(signal.SIGALRM, previous)
        if outer:
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - start), 0.001))
