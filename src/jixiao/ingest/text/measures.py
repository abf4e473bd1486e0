"""What shape detection measures on a sample of text: shares of lines and of chunks, each computed on first use.

Detection stops at the first criterion that holds, so most texts need only a count or two; every
measure is a C-level count or split, or one pass over the lines or chunks, and regexes here have a
character class in front (the engine skips ahead to it) and no backtracking.
"""

from __future__ import annotations

import re
from functools import cached_property

# Chunks at least this long are runs of cells rather than cells. A goal text between spaces is one
# such chunk too, and a long one: each long chunk weighs at most LONG_WEIGHT characters, so that one
# paragraph cannot outweigh the rows of short cells around it.
LONG_CHUNK = 24
LONG_WEIGHT = 48
# A run of digits, its points and its percent sign (ASCII or full-width digits) ...
_NUMBER = re.compile(r"[0-9０-９][0-9０-９.%]*+")
# ... and the edges of such runs that touch a space, a tab or a line break.
_SPACE_BEFORE_DIGIT = re.compile(r"[ \t\n\u3000][0-9０-９]")
_DIGIT_BEFORE_SPACE = re.compile(r"[0-9０-９%][ \t\n\u3000]")


class Sample:
    """A sample of text (see ``shapes._sample``) and the measures taken of it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.split("\n")
        if len(self.lines) > 1 and not self.lines[-1]:
            self.lines.pop()  # the final line break ends a line, it does not start one
        self.empty = self.lines.count("")
        self.filled = len(self.lines) - self.empty  # lines with any character, spaces included

    @cached_property
    def content(self) -> int:
        """Lines with more than spaces."""
        return self.filled - sum(1 for line in self.lines if line and line.isspace())

    @cached_property
    def tab_led(self) -> float:
        """Share of non-empty lines that start with a tab."""
        return _share(self.text.count("\n\t") + self.text.startswith("\t"), self.filled)

    @cached_property
    def bar_rows(self) -> float:
        """Share of non-empty lines holding two bars or more (``a | b |``, ``| a |``, ``||||``)."""
        if "|" not in self.text:
            return 0.0
        return _share(sum(1 for line in self.lines if line.count("|") >= 2), self.filled)

    @cached_property
    def bar_cells(self) -> float:
        """Share of non-empty lines that end with a bar, spaces after it aside."""
        if "|" not in self.text:
            return 0.0
        return _share(sum(1 for line in self.lines if line.rstrip().endswith("|")), self.filled)

    @cached_property
    def empty_share(self) -> float:
        """Share of lines that are empty (no character at all)."""
        return _share(self.empty, len(self.lines))

    @cached_property
    def alone(self) -> float:
        """Share of non-empty lines with an empty line, or the edge of the text, on both sides."""
        paragraphs = (piece.strip("\n") for piece in self.text.split("\n\n"))
        return _share(sum(1 for piece in paragraphs if piece and "\n" not in piece), self.filled)

    @cached_property
    def chunks(self) -> list[str]:
        """The space-separated chunks of the sample."""
        return self.text.split()

    @cached_property
    def chunks_per_line(self) -> float:
        return _share(len(self.chunks), self.content)

    @cached_property
    def mean_line(self) -> float:
        """Characters per line with content."""
        return _share(sum(map(len, self.lines)), self.content)

    @cached_property
    def numbers(self) -> int:
        """Runs of digits."""
        return len(_NUMBER.findall(self.text))

    @cached_property
    def short_share(self) -> float:
        """Share of the non-space characters that sit in chunks shorter than LONG_CHUNK (long ones weighed
        at most LONG_WEIGHT)."""
        lengths = list(map(len, self.chunks))
        short = sum(length for length in lengths if length < LONG_CHUNK)
        return _share(short, short + sum(min(length, LONG_WEIGHT) for length in lengths if length >= LONG_CHUNK))

    @cached_property
    def spaced_numbers(self) -> float:
        """Share of the edges of digit runs that touch a space, a tab or a line break."""
        edges = len(_SPACE_BEFORE_DIGIT.findall(self.text)) + len(_DIGIT_BEFORE_SPACE.findall(self.text))
        return min(1.0, _share(edges, 2 * self.numbers))


def _share(part: float, whole: int) -> float:
    return part / whole if whole else 0.0
