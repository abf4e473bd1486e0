"""Pausing Python's cycle collector while input is read (shared by the loader and the text readers)."""

from __future__ import annotations

import gc
from types import TracebackType


class collector_paused:  # lower-case: used as a function: ``with collector_paused():``
    """Pause the cycle collector while a file or text is read.

    Reading builds hundreds of thousands of small immutable objects and no reference cycles, so the
    collector has nothing to free; left running, it rescans the growing heap again and again and
    costs a third to a half of the reading time. It is switched back on (if it was on) even on error,
    and pausing inside a pause is harmless.

    A class rather than a ``contextlib.contextmanager`` generator: a text of one form is read in about a
    millisecond, and it is paused twice (the loader, the shape reader), at a few microseconds a time.
    """

    __slots__ = ("was_enabled",)

    def __enter__(self) -> None:
        self.was_enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self.was_enabled:
            gc.enable()
