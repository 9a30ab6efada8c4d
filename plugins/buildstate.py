"""The state of the build in progress, for a plugin's signal receivers: one mechanism for
every plugin that gathers something during a build and uses it at its end.

Pelican hands the Pelican object only to some signals (`initialized`, `get_generators`,
`get_writer`, `finalized`); the receivers in between get a generator, or only a path
(`content_written`). So a plugin keeps one `InProgress`, connected to its signals as
pelican-plugins/sitemap keeps one generator, and on `initialized` starts the build's state
afresh: `start(pelican, state)` makes `state` (a new object every build) the one the receivers
see, and sets it on the Pelican object as `pelican.<attr>`, where whoever ran the build (a
benchmark, a test, the build report) reads it, never through the plugin's module.

A new build replaces the state wholesale, so nothing of an earlier build, even one that failed
half-way and never reached `finalized`, reaches the next (two sites built in one process, or
`invoke watch`'s builds, one after another). One build at a time in a process (the build lock;
a forked page writer or a shard is its own process with its own copy).
"""
from __future__ import annotations

from typing import Generic, TypeVar

State = TypeVar("State")


class InProgress(Generic[State]):
    def __init__(self, attr: str):
        self.attr = attr              # the Pelican object's attribute, e.g. "feeds_build"
        self.state: State | None = None

    def start(self, pelican, state: State) -> State:
        """`state` is this build's, from now on; also `pelican.<attr>`."""
        self.state = state
        setattr(pelican, self.attr, state)
        return state

    def of(self, pelican) -> State | None:
        """The state of the build `pelican` runs (None for a build this plugin did not start:
        a receiver at `finalized` of a build whose `initialized` it never saw)."""
        return getattr(pelican, self.attr, None)
