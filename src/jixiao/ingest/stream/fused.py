"""Cells run together (单元格粘连): splitting fused text into cells of known kinds, in column order.

Text copied out of a table often loses the boundaries between cells: ``10≥266米≥266米10`` is 分值 10,
年度指标值 ≥266米, 全年实际值 ≥266米 and 得分 10. ``split_fused`` finds the most plausible cutting of the
text into pieces that each read as a value of their column's kind, columns left empty allowed
(``search``: a best-first search scored by ``plausible``). Its confidence is lower when a reading of
other values scores close to it. (``fit.fit_cells`` does the same for values whose boundaries are known
but whose columns are not, and shares ``Split`` and ``best_split`` with it.)

The work is bounded (``search.MAX_NODES``); a reading found when the search stopped early is doubted.
Text longer than ``MAX_RUN_CHARS`` is not one row and is not split at all.

A value read with an OCR glyph put right (``OcrGlyphs``: ``290%`` for ``≥90%`` in a text that shows
such glyphs) is doubted, whatever the split.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from jixiao.ingest.stream.plausible import IMPOSSIBLE
from jixiao.ingest.stream.search import Reading, Search, blank_free
from jixiao.ingest.stream.values import ALIASES, MEASURES, NO_HINTS, Hints, OcrGlyphs

# Text longer than this is not one row of cells.
MAX_RUN_CHARS = 400
# Confidence of a fused reading, by its margin (in points) over the best reading of other values: a
# reading with no rival is as sure as fused text gets, never as sure as a cell of a table.
ALONE_CONFIDENCE = 0.9
_MARGINS = ((2.0, 0.9), (1.0, 0.78), (0.5, 0.65))
CLOSE_CONFIDENCE = 0.5
OCR_CONFIDENCE = 0.6
# A reading with another name this close to the best makes the best doubtful (see _split).
_NAME_MARGIN = 3.0


class Split(NamedTuple):
    """A reading: a cell per kind asked for (``""`` where the column got nothing), the ``confidence``
    of the reading, the ``raw`` text, trailing text no column took (``rest``), which cells were read
    with an OCR glyph put right (``ocr``), and the reading's plausibility ``points``."""

    cells: tuple[str, ...]
    confidence: float
    raw: str
    rest: str = ""
    ocr: tuple[bool, ...] = ()
    points: float = 0.0


def split_fused(run: str, kinds: Sequence[str], hints: Hints = NO_HINTS) -> Split | None:
    """The most plausible cutting of ``run`` into cells of ``kinds`` (field names, in column order),
    or None when no cutting reads as such cells or ``run`` is too long to be one row.

    ``kinds`` may start with ``name`` (free text before the values) and end with ``note`` (free text
    after them); the others are ``initial_budget``, ``full_year_budget`` (or ``budget``), ``executed``,
    ``weight``, ``rate``, ``score``, ``target``, ``actual``, ``operator`` and ``unit``.
    """
    text = run.strip()
    if not text or len(text) > MAX_RUN_CHARS:
        return None
    return _split(text, kinds_of(tuple(kinds)), hints)


@lru_cache(maxsize=256)
def kinds_of(kinds: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(ALIASES.get(kind, kind) for kind in kinds)


@lru_cache(maxsize=8192)
def _split(text: str, kinds: tuple[str, ...], hints: Hints) -> Split | None:
    named = kinds[0] == "name"
    # Where a name ends is the likeliest doubt of a fused row: the best reading with another name is
    # looked for too, as far as it can matter.
    readings, complete, _ = _readings(text, kinds, hints, _NAME_MARGIN if named else 0.0)
    found = list(readings)
    split = best_split(found, text, kinds, hints, complete)
    if split is not None and named:
        # Where the name ends is the likeliest doubt of a fused row (a text value may as well close the
        # name): a reading with another name is a rival from further away than one with other values.
        rival = max((points for points, cells, _ in found if cells[0] != split.cells[0]), default=IMPOSSIBLE)
        margin = split.points - rival
        if margin < _NAME_MARGIN:
            split = split._replace(confidence=min(split.confidence, 0.65 if margin >= _NAME_MARGIN / 2 else 0.5))
    return split


def _readings(text: str, kinds: tuple[str, ...], hints: Hints,
              name_margin: float = 0.0) -> tuple[tuple[Reading, ...], bool, int]:
    """The best reading of ``text`` as cells of ``kinds`` and its rivals (see ``Search.run``), whether
    the search was complete, and the work it took. (Not remembered: ``_split``, its only caller, is.)"""
    return Search(text, kinds, hints).run(name_margin)


def best_split(readings: list[Reading], raw: str, kinds: tuple[str, ...], hints: Hints, complete: bool) -> Split | None:
    """The reading with the most points, its confidence set by the best reading of other values (and
    doubted when the walk stopped before it was complete)."""
    if not readings:
        return None
    readings.sort(key=lambda reading: -reading[0])
    points, cells, rest = readings[0]
    values = blank_free(cells)
    rival = next((other for other, other_cells, _ in readings[1:] if blank_free(other_cells) != values), None)
    confidence = ALONE_CONFIDENCE if rival is None else margin_confidence(points - rival)
    if not complete:
        confidence = min(confidence, CLOSE_CONFIDENCE)
    cells, ocr = with_ocr_glyphs(cells, kinds, hints.ocr)
    if any(ocr):
        confidence = min(confidence, OCR_CONFIDENCE)
    return Split(cells, confidence, raw, rest, ocr, points)


def margin_confidence(margin: float) -> float:
    """The confidence of a reading ``margin`` points above its rival (see ``_MARGINS``)."""
    return next((confidence for floor, confidence in _MARGINS if margin >= floor), CLOSE_CONFIDENCE)


def with_ocr_glyphs(cells: tuple[str, ...], kinds: tuple[str, ...],
                     ocr: OcrGlyphs | None) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    if ocr is None:
        return cells, (False,) * len(cells)
    read = [ocr.read(cell) if kind in MEASURES else None for kind, cell in zip(kinds, cells, strict=True)]
    return (tuple(fixed or cell for fixed, cell in zip(read, cells, strict=True)),
            tuple(fixed is not None for fixed in read))
