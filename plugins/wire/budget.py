"""A time budget on one file's conversion: the last wall behind the linear patterns.

Every pattern in the converter is meant to run in linear time on bounded input, but one
file that still finds a slow path must not stall the build (or the dev server) for
everyone: past the budget its conversion stops with `Rejected("conversion took over N s")`,
which ingest logs naming the file, and the build goes on with the next one.

The budget is CPU time, not wall time (`signal.setitimer(ITIMER_PROF)`, SIGPROF): what it
guards against is a pattern that burns the processor, and CPU time is the same on an idle
machine and on one loaded with other builds. On wall time a loaded machine rejected files
that a quiet one converts, so whether a story was published depended on the load, and a
file rejected in one run and converted in the next took its slug after stories that came
later in the drop folder (seen in the kill -9 test under load). Conversion does no waiting
(the file is read before the block starts), so on an idle core CPU time is wall time.
ITIMER_PROF counts the whole process: in a process with other busy threads (none of ours
convert there) the budget runs out sooner, never later.

The timer's signal interrupts pure-Python code and the `re` engine alike (CPython checks for
signals inside long matches). It works in the main thread of a process, which is where ingest
converts: in the build's own process or in its forked pool workers. Elsewhere (a thread, a
platform without setitimer) the conversion runs without a budget.
"""
from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager
from functools import lru_cache

from .convert import Rejected

CONVERSION_SECONDS = 5.0   # of CPU: any file up to the size limit converts in under 1 s
TIMER, SIGNAL = signal.ITIMER_PROF, signal.SIGPROF


class _OverBudget(BaseException):
    """Raised by the alarm; a BaseException so that no `except Exception` in the converter
    swallows it."""


class _Alarm:
    """The alarm of one `limit` block. It fires again every RETRY of the budget until the
    block ends, and remembers that it fired: a signal handler runs wherever the interpreter
    is at that moment, and when that is a finalizer (`__del__`, a weakref callback during
    garbage collection) Python prints the exception and drops it, so one alarm can be lost
    (the big-file test saw it once in the whole suite's long-lived process). A later alarm
    interrupts the work; the flag makes the verdict Rejected even if every one was lost."""

    RETRY = 0.1      # of the budget, between repeated alarms

    def __init__(self):
        self.fired = False

    def __call__(self, signum, frame):
        self.fired = True
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
    """Run the block within `seconds` of CPU (default CONVERSION_SECONDS), else raise Rejected."""
    seconds = CONVERSION_SECONDS if seconds is None else seconds
    if not seconds or seconds <= 0 or not hasattr(signal, "setitimer") or \
            threading.current_thread() is not threading.main_thread():
        yield
        return
    _ready()
    alarm = _Alarm()
    previous = signal.signal(SIGNAL, alarm)
    # an outer timer, if any, is restored
    outer, _ = signal.setitimer(TIMER, seconds, max(seconds * _Alarm.RETRY, 0.001))
    start = time.process_time()
    try:
        try:
            yield
        finally:
            signal.setitimer(TIMER, 0)
        if alarm.fired:      # every alarm was swallowed where it landed: still over the budget
            raise _OverBudget()
    except _OverBudget:      # also when the alarm fires just as the block ends: it is at the budget
        raise Rejected(f"conversion took over {seconds:g} s") from None
    finally:
        signal.signal(SIGNAL, previous)
        if outer:
            signal.setitimer(TIMER, max(outer - (time.process_time() - start), 0.001))
