"""What shape detection measures on a sample of text: shares of lines and of chunks, each computed on first use.

Detection stops at the first criterion that holds, so most texts need only a count or two; every
measure is a C-level count or split, or one pass over the lines or chunks, and regexes here have a
character class in front (the engine skips ahead to it) and no backtracking.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import repeat
from typing import Generic, TypeVar

# Chunks at least this long are runs of cells rather than cells. A goal text between spaces is one
# such chunk too, and a long one: each long chunk weighs at most LONG_WEIGHT characters, so that one
# paragraph cannot outweigh the rows of short cells around it.
LONG_CHUNK = 24
LONG_WEIGHT = 48
_LONG = LONG_CHUNK  # its ``__le__`` tells a long chunk's length
# A run of digits, its points and its percent sign (ASCII or full-width digits) ...
_NUMBER = re.compile(r"[0-9０-９][0-9０-９.%]*+")
# ... and the edges of such runs that touch a space, a tab or a line break.
_SPACE_BEFORE_DIGIT = re.compile(r"[ \t\n\u3000][0-9０-９]")
_DIGIT_BEFORE_SPACE = re.compile(r"[0-9０-９%][ \t\n\u3000]")
# The same counts from the text's UTF-8 bytes, when it holds no full-width digit and no ideographic space
# (the only non-ASCII characters the patterns above name): every other character then counts as a letter,
# and a multi-byte character is letters alone (its bytes are all over 0x7f), so mapping each byte to its
# class (``0`` a digit, ``.`` a point, ``%``, a space, ``a`` anything else) keeps every run and every edge;
# a few C-level counts then stand for three passes of the regex engine.
_FULL_WIDTH = tuple("０１２３４５６７８９\u3000")
_CLASSES = bytes(48 if 48 <= byte <= 57 else 32 if byte in b" \t\n" else byte if byte in b".%" else 97
                 for byte in range(256))
# Digits, and anything else (a space too) a blank: the classes runs of digits are counted in.
_DIGIT_CLASSES = bytes(48 if 48 <= byte <= 57 else 32 for byte in range(256))


Measure = TypeVar("Measure")


class _measure(Generic[Measure]):  # a decorator, lower-case as functools.cached_property is
    """A measure computed on first use and kept on the sample: ``functools.cached_property`` without its
    lock (a sample is measured in one thread, and the lock costs more than several measures do)."""

    def __init__(self, function: Callable[[Sample], Measure]) -> None:
        self.function = function
        self.name = function.__name__
        self.__doc__ = function.__doc__

    def __get__(self, sample: Sample | None, owner: type | None = None) -> Measure:
        if sample is None:
            return self  # type: ignore[return-value]  # the descriptor itself, looked up on the class
        # Kept in the instance's dict, which a non-data descriptor gives way to: the next use is a plain lookup.
        value = sample.__dict__[self.name] = self.function(sample)
        return value


class Sample:
    """A sample of text (see ``shapes._sample``) and the measures taken of it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.split("\n")
        if len(self.lines) > 1 and not self.lines[-1]:
            self.lines.pop()  # the final line break ends a line, it does not start one
        self.empty = self.lines.count("")
        self.filled = len(self.lines) - self.empty  # lines with any character, spaces included

    @_measure
    def content(self) -> int:
        """Lines with more than spaces."""
        return self.filled - sum(1 for line in self.lines if line and line.isspace())

    @_measure
    def tab_led(self) -> float:
        """Share of non-empty lines that start with a tab."""
        return _share(self.text.count("\n\t") + self.text.startswith("\t"), self.filled)

    @_measure
    def bar_rows(self) -> float:
        """Share of non-empty lines holding two bars or more (``a | b |``, ``| a |``, ``||||``)."""
        if "|" not in self.text:
            return 0.0
        return _share(sum(1 for line in self.lines if line.count("|") >= 2), self.filled)

    @_measure
    def bar_cells(self) -> float:
        """Share of non-empty lines that end with a bar, spaces after it aside."""
        if "|" not in self.text:
            return 0.0
        return _share(sum(1 for line in self.lines if line.rstrip().endswith("|")), self.filled)

    @_measure
    def empty_share(self) -> float:
        """Share of lines that are empty (no character at all)."""
        return _share(self.empty, len(self.lines))

    @_measure
    def alone(self) -> float:
        """Share of non-empty lines with an empty line, or the edge of the text, on both sides."""
        paragraphs = (piece.strip("\n") for piece in self.text.split("\n\n"))
        return _share(sum(1 for piece in paragraphs if piece and "\n" not in piece), self.filled)

    @_measure
    def chunks(self) -> list[str]:
        """The space-separated chunks of the sample."""
        return self.text.split()

    @_measure
    def line_chunks(self) -> list[list[str]]:
        """The space-separated chunks of each line (the spaced shapes' tokens, see ``split.spaced_chunks``):
        a sample of one line has its chunks already."""
        if len(self.lines) == 1:
            return [self.chunks]
        return list(map(str.split, self.lines))

    @_measure
    def chunks_per_line(self) -> float:
        return _share(len(self.chunks), self.content)

    @_measure
    def mean_line(self) -> float:
        """Characters per line with content."""
        return _share(sum(map(len, self.lines)), self.content)

    @_measure
    def numbers(self) -> int:
        """Runs of digits."""
        encoded = self._encoded
        if encoded is None:
            return len(_NUMBER.findall(self.text))
        # A run is a stretch of digits, points and percent signs that holds a digit (it starts at its first
        # digit): with points and percent signs left out, and all else a blank, a stretch of digits.
        return len(encoded.translate(_DIGIT_CLASSES, b".%").split())

    @_measure
    def _encoded(self) -> bytes | None:
        """The text in UTF-8, or None when it holds a full-width digit or an ideographic space (see
        _CLASSES)."""
        text = self.text
        if not text.isascii() and any(char in text for char in _FULL_WIDTH):
            return None
        return text.encode()

    @_measure
    def short_share(self) -> float:
        """Share of the non-space characters that sit in chunks shorter than LONG_CHUNK (long ones weighed
        at most LONG_WEIGHT)."""
        lengths = list(map(len, self.chunks))
        # Summed in C: all the lengths less the long ones (few, if any), each long one weighed at most LONG_WEIGHT.
        long = list(filter(_LONG.__le__, lengths))
        short = sum(lengths) - sum(long)
        return _share(short, short + sum(map(min, long, repeat(LONG_WEIGHT))))

    @_measure
    def spaced_numbers(self) -> float:
        """Share of the edges of digit runs that touch a space, a tab or a line break."""
        encoded = self._encoded
        if encoded is None:
            edges = len(_SPACE_BEFORE_DIGIT.findall(self.text)) + len(_DIGIT_BEFORE_SPACE.findall(self.text))
        else:  # none of the three pairs can overlap itself (a space is never a digit nor a percent sign)
            classes = encoded.translate(_CLASSES)
            edges = classes.count(b" 0") + classes.count(b"0 ") + classes.count(b"% ")
        return min(1.0, _share(edges, 2 * self.numbers))


def _share(part: float, whole: int) -> float:
    return part / whole if whole else 0.0
