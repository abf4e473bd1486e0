"""Pausing Python's cycle collector while input is read (shared by the loader and the text readers)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector while a file or text is read.

    Reading builds hundreds of thousands of small immutable objects and no reference cycles, so the
    collector has nothing to free; left running, it rescans the growing heap again and again and
    costs a third to a half of the reading time. It is switched back on (if it was on) even on error,
    and pausing inside a pause is harmless.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
