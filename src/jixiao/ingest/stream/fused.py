"""Cells run together (单元格粘连): splitting fused text into cells of known kinds, in column order.

Text copied out of a table often loses the boundaries between cells: ``10≥266米≥266米10`` is 分值 10,
年度指标值 ≥266米, 全年实际值 ≥266米 and 得分 10. ``split_fused`` walks the ways the text can be cut into
pieces that each read as a value of their column's kind (``values.piece_ends``), columns left empty
allowed, and scores every complete reading by how plausible it is as a row of a form
(``plausible``). The best reading wins; its confidence is lower when a reading of other values scores
close to it. ``fit_cells`` does the same for values whose boundaries are known but whose columns are not
(text separated by spaces, where empty cells left nothing).

The work is bounded. The walk adds up points as it places cells and cuts every branch that can no
longer come near the best reading; it starts with a floor just under a perfect reading, so that the
rows of a well-kept form are read in a few dozen steps; and it stops after ``MAX_NODES`` steps, the
reading then doubted. Text longer than ``MAX_RUN_CHARS`` is not one row and is not split at all.

A value read with an OCR glyph put right (``OcrGlyphs``: ``290%`` for ``≥90%`` in a text that shows
such glyphs) is doubted, whatever the split.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache
from itertools import combinations
from typing import NamedTuple

from jixiao.ingest.stream.plausible import (
    IMPOSSIBLE,
    RATE_TOLERANCE,
    hopes_of,
    plausibility,
    room_of,
    terms_of,
    unary,
)
from jixiao.ingest.stream.values import (
    ALIASES,
    BLANK_SET,
    MEASURES,
    NO_HINTS,
    NUMBER_CHARS,
    Hints,
    OcrGlyphs,
    accepts,
    pair_sizes,
    piece_ends,
    rates_from,
    takes_unit,
)

# Walk steps per split (pieces read count too): the rows of a real form need a few dozen to a few hundred,
# a long fused funding row in 元 up to ~1,500; a hostile text stops here, in under ~10 ms.
MAX_NODES = 2000
# Text longer than this is not one row of cells.
MAX_RUN_CHARS = 400
# Confidence of a fused reading, by its margin (in points) over the best reading of other values: a
# reading with no rival is as sure as fused text gets, never as sure as a cell of a table.
ALONE_CONFIDENCE = 0.9
_MARGINS = ((2.0, 0.9), (1.0, 0.78), (0.5, 0.65))
CLOSE_CONFIDENCE = 0.5
OCR_CONFIDENCE = 0.6
# Readings this far below the best neither win nor change its confidence (the widest margin in _MARGINS).
_IRRELEVANT = 2.0
# The floors of the walk's passes: the first this far under a perfect reading; each next one just under
# the best reading found, or this much lower when none was; none below the last.
_FIRST_FLOOR = 3.0
_FLOOR_STEP = 6.0
_LAST_FLOOR = -40.0
# A note that starts with a unit right after a number likely took the number's unit.
_UNIT_TAKEN = -2.5
# A reading with another name this close to the best makes the best doubtful (see _split).
_NAME_MARGIN = 3.0
# Rates ahead are looked for in a funding row's length of text: a longer text is no row, and listing every
# rate in it would cost more than the walk saves.
_RATE_LOOKAHEAD_CHARS = 64
# Readings kept per text: the best few of distinct values are all that the confidence needs.
_KEPT_READINGS = 4
# Outcomes of a walk, ordered so that max() combines them.
_DEAD, _CUT, _FOUND = 0, 1, 2


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


# A reading while it is looked for: its points, its cells, and the text left over at its end.
_Reading = tuple[float, tuple[str, ...], str]


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
    return _split(text, _kinds_of(tuple(kinds)), hints)


def fit_cells(values: Sequence[str], kinds: Sequence[str], hints: Hints = NO_HINTS) -> Split | None:
    """The most plausible placing of separated ``values`` (in order) into columns of ``kinds``, some
    columns left empty; None when there are more values than columns or no placing is plausible."""
    if len(values) > len(kinds):
        return None
    return _fit(tuple(value.strip() for value in values), _kinds_of(tuple(kinds)), hints)


@lru_cache(maxsize=256)
def _kinds_of(kinds: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(ALIASES.get(kind, kind) for kind in kinds)


@lru_cache(maxsize=8192)
def _split(text: str, kinds: tuple[str, ...], hints: Hints) -> Split | None:
    if kinds[0] != "name":
        readings, complete, _ = _readings(text, kinds, hints)
        return _best(list(readings), text, kinds, hints, complete)
    # A name has no relation to the values after it: each place it may end leaves a tail of values,
    # read (and cached) on its own — rows differ in their names far more than in their values.
    found: list[_Reading] = []
    complete = True
    spent = 0  # the walks of all the tails share one bound
    for end in piece_ends(text, 0, "name", hints):
        name, tail = text[:end], text[end:].strip()
        if not tail:
            cells = (name, *("",) * (len(kinds) - 1))
            found.append((plausibility(kinds, cells, hints), cells, ""))
            continue
        if spent > MAX_NODES:
            complete = False
            continue
        tail_readings, tail_complete, nodes = _readings(tail, kinds[1:], hints)
        spent += nodes
        complete = complete and tail_complete
        own = unary("name", name, hints, True)
        found.extend((points + own, (name, *cells), rest) for points, cells, rest in tail_readings)
    split = _best(found, text, kinds, hints, complete)
    if split is not None:
        # Where the name ends is the likeliest doubt of a fused row (a text value may as well close the
        # name): a reading with another name is a rival from further away than one with other values.
        rival = max((points for points, cells, _ in found if cells[0] != split.cells[0]), default=IMPOSSIBLE)
        margin = split.points - rival
        if margin < _NAME_MARGIN:
            split = split._replace(confidence=min(split.confidence, 0.65 if margin >= _NAME_MARGIN / 2 else 0.5))
    return split


@lru_cache(maxsize=16384)
def _readings(text: str, kinds: tuple[str, ...], hints: Hints) -> tuple[tuple[_Reading, ...], bool, int]:
    """The best readings of ``text`` as cells of ``kinds`` (of distinct values), whether the walk was
    complete, and its steps.

    The walk is made with a floor: branches that cannot reach it are not walked. The first floor is a
    little under a perfect reading (every cell and relation as good as can be), which most rows of a
    filled-in form come near, so that their walk is short. A row further from perfect is walked again
    with a lower floor, until its best reading stands far enough above the floor that every rival that
    could lower its confidence was seen.
    """
    search = _Search(text, kinds, hints)
    floor = search.room[0] - _FIRST_FLOOR
    while True:
        search.floor = floor
        search.dead.clear()  # a dead end is dead only for the readings above the floor
        search.walk(0, 0, (), 0.0)
        best = max((points for points, _, _ in search.readings), default=IMPOSSIBLE)
        if best - _IRRELEVANT >= floor or floor < _LAST_FLOOR or search.nodes > MAX_NODES:
            break
        floor = best - _IRRELEVANT if best != IMPOSSIBLE else floor - _FLOOR_STEP
        search.readings.clear()
    kept: list[_Reading] = []
    seen: set[tuple[str, ...]] = set()
    for reading in sorted(search.readings, key=lambda reading: -reading[0]):
        values = _values_of(reading[1])
        if values not in seen:
            seen.add(values)
            kept.append(reading)
            if len(kept) == _KEPT_READINGS:
                break
    return tuple(kept), search.nodes <= MAX_NODES, search.nodes


@lru_cache(maxsize=8192)
def _fit(values: tuple[str, ...], kinds: tuple[str, ...], hints: Hints) -> Split | None:
    row = "target" in kinds
    # What each value earns in each column (-inf where it cannot stand), and each column left empty.
    own = [[unary(kind, value, hints, row) if accepts(kind, value, hints) else IMPOSSIBLE for kind in kinds]
           for value in values]
    empty = [unary(kind, "", hints, row) for kind in kinds]
    all_empty = sum(empty)
    terms = [term for placed in terms_of(kinds, hints) for term in placed]
    readings: list[_Reading] = []
    for columns in combinations(range(len(kinds)), len(values)):
        points = all_empty
        for value, column in enumerate(columns):
            points += own[value][column] - empty[column]
        if points == IMPOSSIBLE:
            continue
        cells = [""] * len(kinds)
        for column, value in zip(columns, values, strict=True):
            cells[column] = value
        placed = tuple(cells)
        points += sum(term.score(placed) for term in terms)
        if points != IMPOSSIBLE:
            readings.append((points, placed, ""))
    return _best(readings, " ".join(values), kinds, hints, True)


class _Search:
    """The walk behind ``split_fused``: depth first over (position, column), bounded.

    Points are added up along the walk: a cell's own as it is placed, and each relation between cells
    as soon as its last column is placed. What the columns still open can earn is bounded (``room``,
    less what the open relations can already be seen to miss); a branch that cannot reach the floor is
    cut. A (position, column) from which no reading covers the rest of the text is remembered.
    """

    __slots__ = ("dead", "floor", "hints", "hopes", "indicator_row", "kinds", "nodes", "options", "rates", "readings",
                 "room", "terms", "text")

    def __init__(self, text: str, kinds: tuple[str, ...], hints: Hints) -> None:
        self.text, self.kinds, self.hints = text, kinds, hints
        self.nodes = 0
        self.readings: list[_Reading] = []
        self.dead: set[tuple[int, int]] = set()
        self.options: dict[tuple[int, int], list[tuple[int, tuple[str, ...], float]]] = {}
        self.floor = IMPOSSIBLE
        self.indicator_row = "target" in kinds
        self.terms = terms_of(kinds, hints)
        self.room = room_of(kinds, hints)
        self.hopes = hopes_of(kinds, hints)
        self.rates: list[tuple[Decimal, ...]] | None = None

    def walk(self, at: int, column: int, cells: tuple[str, ...], points: float) -> int:
        """Walk the readings from ``at`` and ``column`` on: FOUND if one covers the text, DEAD if none
        can, CUT if a branch was left unwalked."""
        self.nodes += 1
        if self.nodes > MAX_NODES:
            return _CUT
        if column == len(self.kinds):
            return self._finish(at, cells, points)
        key = (at, column)
        if key in self.dead:
            return _DEAD
        bound = points + self.room[column]
        for term in self.hopes[column]:  # relations still open that can be seen to fall short already
            if bound < self.floor:
                break
            bound -= term.best - term.hope(self, cells, at)
        if bound < self.floor:
            return _CUT
        outcome = _DEAD
        terms = self.terms
        for end, pieces, gain in self._options(at, column):
            placed = (*cells, *pieces)
            total = points + gain
            for term in terms[column]:
                total += term.score(placed)
            if len(pieces) == 2:
                for term in terms[column + 1]:
                    total += term.score(placed)
            if total == IMPOSSIBLE:
                outcome = max(outcome, _CUT)  # the text may be covered, but not with this cell here
                continue
            outcome = max(outcome, self.walk(end, column + len(pieces), placed, total))
        if outcome == _DEAD:
            self.dead.add(key)
        return outcome

    def _options(self, at: int, column: int) -> list[tuple[int, tuple[str, ...], float]]:
        """What ``column`` may take at ``at``: (end, its cells, their own points). A text written twice
        comes first (target and actual alike), then pieces written again right after themselves (two
        cells alike are the commonest reading: 预算数 and 执行数, 指标值 and 完成值), the empty cell last:
        a good reading found early lets the bound cut the rest."""
        key = (at, column)
        options = self.options.get(key)
        if options is not None:
            return options
        text, kinds, hints, row = self.text, self.kinds, self.hints, self.indicator_row
        kind = kinds[column]
        options = []
        if kind in MEASURES and column + 1 < len(kinds) and kinds[column + 1] in MEASURES:
            for size in pair_sizes(text, at):
                piece = text[at:at + size]
                gain = unary(kind, piece, hints, row) + unary(kinds[column + 1], piece, hints, row)
                options.append((at + 2 * size, (piece, piece), gain))
        ends = piece_ends(text, at, kind, hints)
        ends.sort(key=lambda end: not text.startswith(text[at:end], end))
        unit_taken = _UNIT_TAKEN if kind == "note" and takes_unit(text, at) else 0.0
        options.extend((end, (text[at:end],), unary(kind, text[at:end], hints, row) + unit_taken) for end in ends)
        options.append((at, ("",), unary(kind, "", hints, row)))
        self.options[key] = options
        self.nodes += len(options)  # reading the pieces is work too: a run of digits offers dozens
        return options

    def _finish(self, at: int, cells: tuple[str, ...], points: float) -> int:
        rest = self.text[at:]
        if rest and (not self.hints.rest_allowed or rest[0] in NUMBER_CHARS):
            return _DEAD  # trailing text is debris at most, and never the rest of a number
        # Debris costs a little per character, so that a reading that explains more of the text wins.
        total = points - (0.5 + 0.05 * len(rest) if rest else 0.0)
        if total >= self.floor:
            self.readings.append((total, cells, rest))
            # Readings further below this one than _IRRELEVANT can neither win nor make it doubtful:
            # the floor rises, and the rest of the walk is cut to what still matters.
            self.floor = max(self.floor, total - _IRRELEVANT)
        return _FOUND

    def rate_after(self, at: int, share: Decimal, nothing_spent: bool) -> bool:
        """Whether a rate piece starting at ``at`` or later agrees with ``share`` (executed ÷ budget)."""
        if len(self.text) > _RATE_LOOKAHEAD_CHARS:
            return True  # hoping costs nothing: the walk is only cut less
        if self.rates is None:
            self.rates = rates_from(self.text, self.hints)
        rates = self.rates[at] if at < len(self.rates) else ()
        low = bisect_left(rates, share - RATE_TOLERANCE)
        return any(rate <= share + RATE_TOLERANCE and (rate == 0) == nothing_spent for rate in rates[low:low + 3])


def _best(readings: list[_Reading], raw: str, kinds: tuple[str, ...], hints: Hints, complete: bool) -> Split | None:
    """The reading with the most points, its confidence set by the best reading of other values (and
    doubted when the walk stopped before it was complete)."""
    if not readings:
        return None
    readings.sort(key=lambda reading: -reading[0])
    points, cells, rest = readings[0]
    values = _values_of(cells)
    rival = next((other for other, other_cells, _ in readings[1:] if _values_of(other_cells) != values), None)
    confidence = ALONE_CONFIDENCE if rival is None else _confidence(points - rival)
    if not complete:
        confidence = min(confidence, CLOSE_CONFIDENCE)
    cells, ocr = _with_ocr_glyphs(cells, kinds, hints.ocr)
    if any(ocr):
        confidence = min(confidence, OCR_CONFIDENCE)
    return Split(cells, confidence, raw, rest, ocr, points)


def _values_of(cells: tuple[str, ...]) -> tuple[str, ...]:
    """A reading's values, blanks as nothing: readings that differ only in where a dash went agree."""
    return tuple("" if cell in BLANK_SET else cell for cell in cells)


def _confidence(margin: float) -> float:
    return next((confidence for floor, confidence in _MARGINS if margin >= floor), CLOSE_CONFIDENCE)


def _with_ocr_glyphs(cells: tuple[str, ...], kinds: tuple[str, ...],
                     ocr: OcrGlyphs | None) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    if ocr is None:
        return cells, (False,) * len(cells)
    read = [ocr.read(cell) if kind in MEASURES else None for kind, cell in zip(kinds, cells, strict=True)]
    return (tuple(fixed or cell for fixed, cell in zip(read, cells, strict=True)),
            tuple(fixed is not None for fixed in read))
