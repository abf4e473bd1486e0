"""A bounded memo for the small pure functions readers call on every cell (to_decimal, money_value, …).

``functools.lru_cache`` keeps each entry in a linked list whose links the cycle collector tracks: a cache of
thousands of entries that turns over as new figures come (each form brings new money values) keeps the
collector's older generations growing, and every full collection walks them all. These functions are
called with one string; their memo is a plain dict of strings and immutable results, which the collector
never looks into, emptied when it is full (the cells that repeat, ``10``, ``/``, ``100%``, come back at
once).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import update_wrapper
from typing import TypeVar

Result = TypeVar("Result")

_MISSING = object()
Key = TypeVar("Key")
Value = TypeVar("Value")


def keep(store: dict[Key, Value], key: Key, value: Value, size: int) -> Value:
    """Put ``value`` in a memo ``store`` of at most ``size`` entries, emptying it first when it is full
    (the entries that repeat come back at once); ``value`` is returned. The readers' memos are plain dicts
    rather than classes of their own: a dict of strings, numbers and tuples of them is never tracked."""
    if len(store) >= size:
        store.clear()
    store[key] = value
    return value


def memo(size: int) -> Callable[[Callable[[str], Result]], Callable[[str], Result]]:
    """Remember a function of one string in a dict of at most ``size`` entries (emptied when full).
    The function's results must be immutable and hold no object the collector tracks (numbers, strings,
    tuples of them), or they would be tracked again."""

    def remember(function: Callable[[str], Result]) -> Callable[[str], Result]:
        memory: dict[str, Result] = {}

        def remembered(text: str) -> Result:
            found = memory.get(text, _MISSING)
            if found is _MISSING:
                found = keep(memory, text, function(text), size)
            return found  # type: ignore[return-value]

        remembered.cache_clear = memory.clear  # type: ignore[attr-defined]  # as lru_cache's, for tests
        return update_wrapper(remembered, function)

    return remember
