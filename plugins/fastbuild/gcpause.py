"""Python's cyclic garbage collector, paused while Pelican makes a large site's context and
kept off that context afterwards.

A build of N releases makes millions of long-lived objects (the releases, their metadata,
URLs, tags, neighbours) and few reference cycles. The collector does not know they are
long-lived: each full collection walks every one of them, and full collections come each time
the heap has grown by a quarter while the context is made, then again while pages are
rendered. At 100,000 real releases that was about a third of one new wire file's build
(120.2 s against 84.2 s with this module; peak memory 2.53 against 2.49 GiB: the cycles it
would have found are few; bench/README.md, stop 17).

So: `pause()` when a build that is not skipped starts (collector off); `freeze()` once every
generator's context is made (gc.freeze: every object alive then goes to the permanent
generation, which collections never walk; the collector back on for what rendering makes);
`resume()` at the start of the next build in the same process (gc.unfreeze: a long-lived
`invoke watch` collects the previous build's cycles from then on). A build that fails before
`freeze()` leaves the collector off until the next build starts, which turns it back on first.
A one-shot `invoke build` exits with the context still frozen, which also spares the exit a
last walk of it. FASTBUILD_GC_PAUSE = False leaves the collector alone.
"""
from __future__ import annotations

import gc
from dataclasses import dataclass


@dataclass
class GcPause:
    """The collector's state as this module found it, and what it did since (one per process:
    the collector is the process's)."""
    was_enabled: bool | None = None     # None: nothing paused now
    frozen: bool = False

    def pause(self) -> None:
        self.resume()
        self.was_enabled = gc.isenabled()
        gc.disable()

    def freeze(self) -> None:
        if self.was_enabled is None:
            return
        gc.freeze()
        self.frozen = True
        if self.was_enabled:
            gc.enable()
        self.was_enabled = None

    def resume(self) -> None:
        if self.frozen:
            gc.unfreeze()
            self.frozen = False
        if self.was_enabled is not None:
            if self.was_enabled:
                gc.enable()
            self.was_enabled = None


PROCESS = GcPause()     # the collector is one per process, and so is this record of it
