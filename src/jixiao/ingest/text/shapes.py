"""The shapes published forms come in as text: which one a text has, and the text read in that shape.

A text dump of a form (a Word table dumped one cell per line behind a tab) is one shape among several:
HTML tables flattened to pipe rows or to one ``cell |`` per line, one cell per paragraph, space-separated
rows, a whole table on one line, or cells run together with no separator at all. ``detect_shape``
tells them apart from a bounded sample of the text; ``read_shaped`` strips the page chrome, detects
the shape and reads the text into grids, when the shape keeps its rows, or into a token stream, when
it does not (a layout then finds the rows in the stream).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import NamedTuple

from jixiao.ingest.collector import collector_paused
from jixiao.ingest.grid import Grid
from jixiao.ingest.readers.text import read_text_grid
from jixiao.ingest.text import split
from jixiao.ingest.text.chrome import Cleaned, strip_chrome
from jixiao.ingest.text.measures import Sample
from jixiao.ingest.text.split import Token

# Detection reads this much of the text: a form is ~3 KB, so this is a score of forms, and looking
# at more costs time without changing the answer.
SAMPLE_CHARS = 64 * 1024

# Each criterion below is a share (0..1) measured on the sample, and a shape is taken when its share
# reaches the threshold; the guess's confidence is 0.5 at the threshold and 1.0 at full strength.
# Half the lines behind a tab: the tab dump (its titles may lose their tab, never most lines).
_TAB_LED = 0.5
# Half the lines holding two bars or more: pipe rows; half the lines closed by a bar: pipe cells.
_BAR_ROWS = 0.5
_BAR_CELLS = 0.5
# One cell per paragraph puts an empty line after nearly every line: at least 30% of the lines are
# empty, most non-empty lines stand alone between empty lines, and a paragraph is one or two chunks
# of a cell's length (rows, or fused text, between empty lines have more, or longer, lines).
_EMPTY_LINES = 0.3
_ALONE_LINES = 0.5
_CHUNKS_PER_PARAGRAPH = 2.5
_PARAGRAPH_LINE = 60
# Separated text: numbers stand apart (``880 880 10``, not ``88088010``) and little of the text sits
# in long chunks; the two shares are averaged, and text under half-separated is fused. Full strength
# on either side short of the extremes: spaced forms still glue a few numbers to words (``指标1:``,
# ``(2022年度)``), and fused ones leave a few apart (at a wrapped cell's space or a line's end).
_SEPARATED = 0.5
_SEPARATED_FULL = 0.8
_MIN_NUMBERS = 5  # fewer numbers than this say nothing: only the chunk lengths count
# Space-separated lines this long on average hold a whole table, not a row of it.
_FLAT_LINE = 120
# A few lines, or a few chunks and numbers, are weak evidence whatever their shares: below these counts
# (a tenth of a form) confidence falls toward 0.5, however clear the shares.
_ENOUGH_LINES = 20
_ENOUGH_PIECES = 40


class TextShape(StrEnum):
    """The shapes of published form text (see the module's docstring)."""

    TAB_DUMP = "tab-dump"
    PIPE_ROWS = "pipe-rows"
    PIPE_CELLS = "pipe-cells"
    PARAGRAPH_CELLS = "paragraph-cells"
    SPACED_ROWS = "spaced-rows"
    SPACED_FLAT = "spaced-flat"
    FUSED = "fused"


# The shapes whose text says where rows end, and which are read into grids.
GRID_SHAPES = frozenset({TextShape.TAB_DUMP, TextShape.PIPE_ROWS})


class ShapeGuess(NamedTuple):
    """A detected ``shape``, how sure detection is (``confidence``, 0..1), and why, in a few words."""

    shape: TextShape
    confidence: float
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Stream:
    """The tokens of a text whose shape does not say where rows end, in reading order."""

    path: str
    shape: TextShape
    tokens: tuple[Token, ...]


@dataclass(frozen=True, slots=True)
class ShapedText:
    """A text read in its shape: ``grids`` for GRID_SHAPES, a ``stream`` for the others (the other is None)."""

    shape: TextShape
    guess: ShapeGuess
    cleaned: Cleaned
    grids: list[Grid] | None = None
    stream: Stream | None = None


def detect_shape(text: str) -> ShapeGuess:
    """The shape of ``text``, judged on its first SAMPLE_CHARS without page chrome."""
    return _judge(Sample(strip_chrome(_sample(text)).text))


def read_shaped(text: str, path: str, *, shape: TextShape | None = None) -> ShapedText:
    """``text`` without its chrome, read in its shape (detected, unless ``shape`` is given).

    A tab dump reads exactly as ``read_text_grid`` reads it; when chrome was removed, its cells
    still carry their original line numbers.
    """
    with collector_paused():
        return _read_shaped(text, path, shape)


def _read_shaped(text: str, path: str, shape: TextShape | None) -> ShapedText:
    cleaned = strip_chrome(text)
    sample = None
    if shape is None:
        sample = Sample(_sample(cleaned.text))
        guess = _judge(sample)
    else:
        guess = ShapeGuess(TextShape(shape), 1.0, ("shape given by the caller",))
    if guess.shape is TextShape.TAB_DUMP:
        return ShapedText(guess.shape, guess, cleaned, grids=_tab_dump(text, cleaned, path))
    if guess.shape is TextShape.PIPE_ROWS:
        return ShapedText(guess.shape, guess, cleaned, grids=split.pipe_rows(cleaned, path))
    if guess.shape in _CHUNK_SHAPES and sample is not None and len(sample.text) == len(cleaned.text):
        tokens = split.spaced_chunks(cleaned, _all_line_chunks(sample))
    else:
        tokens = _TOKENIZERS[guess.shape](cleaned)
    return ShapedText(guess.shape, guess, cleaned, stream=Stream(path, guess.shape, tokens))


_CHUNK_SHAPES = (TextShape.SPACED_ROWS, TextShape.SPACED_FLAT)


def _all_line_chunks(sample: Sample) -> list[list[str]]:
    """The chunks of every line of a sample that is the whole text, as ``text.split("\\n")`` gives the
    lines: detection split them to judge a spaced shape, and the tokens are those chunks. (A sample
    leaves out the empty line after the text's last line break.)"""
    line_chunks = sample.line_chunks
    if len(line_chunks) < sample.text.count("\n") + 1:
        line_chunks.append([])
    return line_chunks


_TOKENIZERS: dict[TextShape, Callable[[Cleaned], tuple[Token, ...]]] = {
    TextShape.PIPE_CELLS: split.pipe_cells,
    TextShape.PARAGRAPH_CELLS: split.paragraph_cells,
    TextShape.SPACED_ROWS: split.spaced_chunks,
    TextShape.SPACED_FLAT: split.spaced_chunks,
    TextShape.FUSED: split.whole_lines,
}


def _tab_dump(text: str, cleaned: Cleaned, path: str) -> list[Grid]:
    """The tab-dump reader's grids; read from the original text when nothing was cut, so that nothing changes."""
    if not cleaned.removed:
        return read_text_grid(text, path)
    return [_renumbered(grid, cleaned) for grid in read_text_grid(cleaned.text, path)]


def _renumbered(grid: Grid, cleaned: Cleaned) -> Grid:
    """``grid`` read from cleaned text, with each cell's line number that of the original text."""
    rows = tuple(tuple(cell if cell.line is None else cell._replace(line=cleaned.original_line(cell.line))
                       for cell in row) for row in grid.rows)
    return replace(grid, rows=rows)


def _sample(text: str) -> str:
    """The first SAMPLE_CHARS of ``text``, ending at a line break when one is in the second half."""
    if len(text) <= SAMPLE_CHARS:
        return text
    end = text.rfind("\n", SAMPLE_CHARS // 2, SAMPLE_CHARS)
    return text[:end] if end != -1 else text[:SAMPLE_CHARS]


def _strength(value: float, threshold: float, full: float = 1.0) -> float:
    """0.5 when ``value`` is at ``threshold``, rising to 1.0 at ``full``."""
    return round(0.5 + 0.5 * min(1.0, max(0.0, (value - threshold) / (full - threshold))), 2)


def _judge(sample: Sample) -> ShapeGuess:
    """The shape the sample's measures point to, as sure as the amount of text allows."""
    guess = _judge_shares(sample)
    if guess.shape in (TextShape.FUSED, TextShape.SPACED_ROWS, TextShape.SPACED_FLAT):
        evidence = (len(sample.chunks) + sample.numbers) / _ENOUGH_PIECES
    else:
        evidence = sample.filled / _ENOUGH_LINES
    return guess._replace(confidence=min(guess.confidence, _strength(evidence, 0.0)))


def _judge_shares(m: Sample) -> ShapeGuess:
    """The shape the shares point to; the criteria are tried from the most to the least specific marks."""
    if not m.text or m.text.isspace():
        # Nothing to read in any shape; the tab-dump reader has always read such text (to no grids).
        return ShapeGuess(TextShape.TAB_DUMP, 0.0, ("no text",))
    if m.tab_led >= _TAB_LED:
        return ShapeGuess(TextShape.TAB_DUMP, _strength(m.tab_led, _TAB_LED),
                          (f"{m.tab_led:.0%} of lines start with a tab",))
    if m.bar_rows >= _BAR_ROWS:
        return ShapeGuess(TextShape.PIPE_ROWS, _strength(m.bar_rows, _BAR_ROWS),
                          (f"{m.bar_rows:.0%} of lines hold two bars or more",))
    if m.bar_cells >= _BAR_CELLS:
        return ShapeGuess(TextShape.PIPE_CELLS, _strength(m.bar_cells, _BAR_CELLS),
                          (f"{m.bar_cells:.0%} of lines end with a bar", f"{m.bar_rows:.0%} hold two bars"))
    if (m.empty_share >= _EMPTY_LINES and m.alone >= _ALONE_LINES
            and m.chunks_per_line <= _CHUNKS_PER_PARAGRAPH and m.mean_line <= _PARAGRAPH_LINE):
        return ShapeGuess(TextShape.PARAGRAPH_CELLS,
                          min(_strength(m.empty_share, _EMPTY_LINES, 0.45), _strength(m.alone, _ALONE_LINES)),
                          (f"{m.empty_share:.0%} of lines are empty", f"{m.alone:.0%} of lines stand alone"))
    separated = _separation(m)
    reason = f"separated by spaces: {separated:.2f}"
    if separated < _SEPARATED:
        return ShapeGuess(TextShape.FUSED, _strength(1 - separated, 1 - _SEPARATED, _SEPARATED_FULL), (reason,))
    # How far the mean line length is from the limit between rows and flat text, on a log scale
    # (a quarter or four times the limit is full strength).
    distance = abs(math.log(max(m.mean_line, 1.0) / _FLAT_LINE)) / math.log(4)
    confidence = min(_strength(separated, _SEPARATED, _SEPARATED_FULL), _strength(distance, 0.0))
    length = f"{m.mean_line:.0f} characters per line"
    if m.mean_line >= _FLAT_LINE:
        return ShapeGuess(TextShape.SPACED_FLAT, confidence, (reason, length))
    return ShapeGuess(TextShape.SPACED_ROWS, confidence, (reason, length))


def _separation(m: Sample) -> float:
    """0..1: the share of number edges at a space, averaged with the share of text outside long chunks.

    Cells of a form are short and full of numbers; spaces between cells leave the numbers apart
    (``880 880 10``), while fused text runs them into each other and into the words around them
    (``年度资金总额194.9194.9100%``), and leaves long chunks.
    """
    if m.numbers < _MIN_NUMBERS:
        return m.short_share
    return (m.short_share + m.spaced_numbers) / 2
