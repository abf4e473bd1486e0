"""Values whose cells are known but whose columns are not (空单元格丢失): fitting them to the columns.

Text separated by spaces keeps each value whole but drops the empty cells, so ``3621.64 3192.76 67%``
under 年初预算数 · 全年预算数 · 全年执行数 · 分值 · 执行率 · 得分 no longer says which columns were empty.
``fit_cells`` places the values, in order, into the columns that read them best: what each value earns
in its column and each column left empty (``plausible.unary``), and what the cells earn together (the
rate against executed ÷ budget, a score within its weight: ``relations.terms_of``). Its confidence is
that of ``fused.best_split``: lower when a placing of other values scores close to the best.

Placings are scored best-first by what the cells earn alone, and the relations are added only as far
as they can still change the order (``IRRELEVANT``): a row of five values in seven columns has at most
21 placings, and most are never scored whole. A row with a value for every column, or none, has one
placing and is scored directly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache, reduce
from itertools import combinations
from operator import add, itemgetter

from jixiao.ingest.stream.ends import accepts
from jixiao.ingest.stream.fused import (
    ALONE_CONFIDENCE,
    OCR_CONFIDENCE,
    Split,
    best_split,
    kinds_of,
    margin_confidence,
    with_ocr_glyphs,
)
from jixiao.ingest.stream.plausible import IMPOSSIBLE, unary, unary_most
from jixiao.ingest.stream.relations import terms_of
from jixiao.ingest.stream.search import IRRELEVANT
from jixiao.ingest.stream.values import BLANK_SET, MEASURES, MONEY, NO_HINTS, Hints, money_value
from jixiao.model.memo import keep


def fit_cells(values: Sequence[str], kinds: Sequence[str], hints: Hints = NO_HINTS) -> Split | None:
    """The most plausible placing of separated ``values`` (in order) into columns of ``kinds``, some
    columns left empty; None when there are more values than columns or no placing is plausible."""
    if len(values) > len(kinds):
        return None
    values = tuple(map(str.strip, values))
    if hints.totals and all(money_value(value) is None for value in values):
        # The total row's money weighs only money written in a 其中 row (``plausible.part_shape`` is 0 for a
        # value that is no amount, and nothing else reads the totals): a row of dashes and a note (- - 按进度拨付)
        # reads alike in every form, and is fitted once.
        hints = hints._replace(totals=())
    return _fit(values, kinds_of(tuple(kinds)), hints)


# The points the placer counts a row of values that fits nowhere at (``rows._Placer``): below any fit.
NO_FIT = 100.0


class Fitter:
    """``fit_cells`` and ``placing_of`` to columns of ``kinds`` with ``hints``, for a caller that places many
    rows in them (``rows._Placer``, ``rows._fit_row``): the kinds' aliases and the columns are looked up once,
    not on every call. Its fits skip the memo of fits (``_fit``; its caller remembers what it needs of them):
    a row's values are new in most forms (the placer found 0.6% of its fits there), and each split remembered
    is one more object for the cycle collector to count until a collection lets it go."""

    __slots__ = ("columns", "hints", "kinds", "most", "width")

    def __init__(self, kinds: Sequence[str], hints: Hints) -> None:
        self.kinds = kinds_of(tuple(kinds))
        self.hints = hints
        self.columns = _columns(self.kinds, hints, "target" in self.kinds)
        self.width = len(self.kinds)
        # For each count of values (0 to ``width``), the most points a fit of that many can have: no fit of that
        # many values, whichever they are, has more (``-NO_FIT`` standing for no fit). Whoever weighs fits
        # against each other can leave out one that cannot come near the others by this much.
        self.most = self.columns.most

    def fit(self, values: Sequence[str]) -> Split | None:
        """``fit_cells(values, kinds, hints)``."""
        if len(values) > self.width:
            return None
        if self.hints.totals:  # a 其中 row's hints change with its values (``fit_cells``)
            return fit_cells(values, self.kinds, self.hints)
        return _fit_anew(tuple(map(str.strip, values)), self.kinds, self.hints, self.columns)

    def place(self, values: Sequence[str]) -> Split | None:
        """``placing_of(values, kinds, hints)``."""
        if not values or len(values) != self.width:
            return self.fit(values)
        return _placed(tuple(map(str.strip, values)), self.kinds, self.hints, self.columns)


def placing_of(values: Sequence[str], kinds: Sequence[str], hints: Hints = NO_HINTS) -> Split | None:
    """``fit_cells`` for a caller that takes the placing only (the cells and the confidence, not the
    points, which are left 0 here). A value for every column can be placed one way only: the relations
    would add finite points to that one placing, and can neither make it impossible nor give it a rival,
    so they are not weighed (nor is the placing remembered)."""
    if not values or len(values) != len(kinds):
        return fit_cells(values, kinds, hints)
    kinds = kinds_of(tuple(kinds))
    return _placed(tuple(map(str.strip, values)), kinds, hints, _columns(kinds, hints, "target" in kinds))


def _placed(values: tuple[str, ...], kinds: tuple[str, ...], hints: Hints, columns: _Columns) -> Split | None:
    """``placing_of`` of a value (stripped) for every column of ``columns``."""
    # Only whether a value can stand in its column matters here, and a 其中 row's totals never tell that
    # (they weigh money that stands: ``plausible.part_shape``): the gains remembered without them tell it.
    kept, gain, plain = columns.gains, columns.gain, columns.hints
    for column, value in enumerate(values):
        found = kept[column].get(value)  # as ``_Columns.gain`` looks it up
        if (found if found is not None else gain(column, value, plain)) == IMPOSSIBLE:
            return None
    return _alone(0.0, values, " ".join(values), kinds, hints)


class _Columns:
    """What a set of columns gives every placing alike: each column's points left empty (and their
    sum), the relations between the columns (their scorers, and the most they can give), and what the
    values met so far gain in each column (``gains``)."""

    __slots__ = ("all_empty", "empty", "gains", "hints", "kept", "kinds", "money", "most", "open", "placed", "room",
                 "row", "scores", "terms")

    def __init__(self, kinds: tuple[str, ...], hints: Hints, row: bool) -> None:
        self.kinds, self.hints, self.row = kinds, hints, row
        self.empty = tuple(_own(kind, "", hints, row) for kind in kinds)
        self.all_empty = sum(self.empty)
        self.terms = [term for placed in terms_of(kinds, hints) for term in placed]
        self.scores: tuple[Callable[[tuple[str, ...]], float], ...] = tuple(term.score for term in self.terms)
        self.room = sum(term.best for term in self.terms)
        self.placed: dict[int, tuple[_Scored, ...]] = {}
        self.open: dict[tuple[int, int], tuple[_Open, ...]] = {}
        # Per column, a value's gain over the column left empty: a plain dict of strings and floats, which
        # the cycle collector never looks into (a cache keyed by the hints would be hashed on every call).
        # Columns whose kinds every value gains alike in (``_alike``) share one.
        shared: dict[str, dict[str, float]] = {}
        self.gains: tuple[dict[str, float], ...] = tuple(shared.setdefault(_alike(kind, hints), {}) for kind in kinds)
        self.kept = tuple(_GAINS_KEPT * sum(other is gains for other in self.gains) for gains in self.gains)
        self.money = tuple(kind in MONEY for kind in kinds)
        self.most = self._most()

    def _most(self) -> tuple[float, ...]:
        """For each count of values (0 to the columns'), the most points a fit of that many can have
        (``Fitter.most``): the columns left empty, each value's most gain over the columns it can stand in
        (value i in column i to i + the columns left empty, as the placings put it), added in the values'
        order as the points of a placing are (``_ranked``, ``_fit_one_way``), and the relations' most. A float
        sum is monotone in each term, so the bound holds of the very floats a fit sums; no fit counts less
        than ``-NO_FIT`` (where there is none)."""
        width = len(self.kinds)
        gains = [unary_most(kind) - empty for kind, empty in zip(self.kinds, self.empty, strict=True)]
        return tuple(max(reduce(add, [max(gains[index:index + width - count + 1]) for index in range(count)],
                                self.all_empty) + self.room, -NO_FIT) for count in range(width + 1))

    def gain(self, column: int, value: str, hints: Hints) -> float:
        """What ``value`` gains in ``column`` over the column left empty. A 其中 row's totals (``hints``
        beyond the columns' own) weigh money: such a gain is worked out, not remembered, nor taken from
        what the value gained in a row without totals (a 其中 row often holds its total row's very money)."""
        if hints.totals and self.money[column]:
            return _own(self.kinds[column], value, hints, self.row) - self.empty[column]
        gains = self.gains[column]
        gain = gains.get(value)
        if gain is None:
            gain = keep(gains, value, _own(self.kinds[column], value, self.hints, self.row) - self.empty[column],
                        self.kept[column])
        return gain

    def placings(self, count: int) -> tuple[_Scored, ...]:
        """``_placings`` of ``count`` values in these columns, each with what takes its values' gains out
        of ``_weighed``'s (in the order of the values), the scorers of the relations it can give points to
        (a relation one of whose ``needs`` the placing leaves all empty gives 0; the relations' points are
        halves and wholes, summed exactly whatever zeros are left out) and its slots (one bit each)."""
        placings = self.placed.get(count)
        if placings is None:
            width = len(self.kinds)
            placings = self.placed[count] = tuple(
                (_getter(slots), cells_of, tuple(term.score for term in self.terms
                                                 if all(not filled.isdisjoint(group) for group in term.needs)),
                 sum(1 << slot for slot in slots))
                for placing, cells_of in _placings(width, count)
                for filled, slots in ((frozenset(placing),
                                       tuple(index * width + column for index, column in enumerate(placing))),))
        return placings

    def open_placings(self, count: int, barred: int) -> tuple[_Open, ...]:
        """The placings of ``count`` values that no slot of ``barred`` (one bit each) bars, with their
        order among all of them. A row's barred slots are those of values that cannot stand in a column
        (words in the columns of figures, for one), alike in many rows: the placings left are remembered
        by count and slots, an int each (a key the cycle collector never looks into)."""
        key = (count, barred)
        found = self.open.get(key)
        if found is None:
            found = keep(self.open, key, tuple((order, gains_of, cells_of, scores)
                                               for order, (gains_of, cells_of, scores, slots)
                                               in enumerate(self.placings(count)) if not barred & slots), _OPEN_KEPT)
        return found


# Barred slots (with the count of values) whose placings left are kept per columns, at most.
_OPEN_KEPT = 512


def _getter(slots: tuple[int, ...]) -> Callable[[list[float]], tuple[float, ...]]:
    """The items of a list at ``slots``, as a tuple in their order (``itemgetter`` of one index gives the
    item alone)."""
    if len(slots) == 1:
        slot = slots[0]
        return lambda items: (items[slot],)
    return itemgetter(*slots)


# Values whose gains are kept per column (or per column sharing them), at most.
_GAINS_KEPT = 2048


def _alike(kind: str, hints: Hints) -> str:
    """Kinds a value gains alike in, told by one name: the money kinds (``ends.accepts`` reads them with one
    pattern, ``plausible.unary`` by their places alone where no 其中 totals weigh them, and each left empty
    loses as much), and target and actual (any wording, ``measure_shape``); a kind taking a blank mark at
    most is alike no other."""
    if kind in hints.blank_only:
        return kind
    return "money" if kind in MONEY else "measure" if kind in MEASURES else kind


def _columns(kinds: tuple[str, ...], hints: Hints, row: bool) -> _Columns:
    # Neither the columns left empty nor the relations weigh a 其中 row's totals (new for every such row):
    # the columns are remembered without them.
    return _columns_of(kinds, hints._replace(totals=()) if hints.totals else hints, row)


@lru_cache(maxsize=1024)
def _columns_of(kinds: tuple[str, ...], hints: Hints, row: bool) -> _Columns:
    return _Columns(kinds, hints, row)


def _fit(values: tuple[str, ...], kinds: tuple[str, ...], hints: Hints) -> Split | None:
    """``_fit_anew``, remembered. A split is kept as a plain tuple of strings and numbers, keyed by the
    values and a number standing for the columns and hints: the cycle collector stops tracking both (a
    named tuple, or a key holding the hints, it tracks for good, and a row's values are new in most
    forms: the remembered splits turn over all the time). A 其中 row's fit weighs its total row's money, new
    in every form: it is not remembered (nor would its columns and hints be met again)."""
    if hints.totals:
        return _fit_anew(values, kinds, hints)
    context = _CONTEXTS.get((kinds, hints))
    if context is None:
        if len(_CONTEXTS) >= _CONTEXTS_KEPT:
            _CONTEXTS.clear()
            _FITS.clear()
        context = _CONTEXTS[kinds, hints] = (len(_CONTEXTS), _columns(kinds, hints, "target" in kinds))
    key = (values, context[0])
    kept = _FITS.get(key, _MISSING)
    if kept is _MISSING:
        split = _fit_anew(values, kinds, hints, context[1])
        kept = keep(_FITS, key, None if split is None else tuple(split), _FITS_KEPT)
    return None if kept is None else _new(Split, kept)


_MISSING = object()
_new = tuple.__new__  # a Split from its fields in order, without the named tuple's Python-level __new__
# Splits remembered, and the columns and hints they were fitted to, at most.
_FITS_KEPT = 8192
_CONTEXTS_KEPT = 256
_FITS: dict[tuple[tuple[str, ...], int], tuple | None] = {}
# Per columns and hints, their number and their ``_Columns``.
_CONTEXTS: dict[tuple[tuple[str, ...], Hints], tuple[int, _Columns]] = {}


def _fit_anew(values: tuple[str, ...], kinds: tuple[str, ...], hints: Hints,
              columns: _Columns | None = None) -> Split | None:
    row = "target" in kinds
    if columns is None:
        columns = _columns(kinds, hints, row)
    if not values or len(values) == len(kinds):
        return _fit_one_way(values, kinds, hints, row, columns)
    ranked = _ranked(values, kinds, hints, row, columns)
    if not ranked:
        return None
    raw = " ".join(values)
    if len(ranked) == 1:
        return _alone(-ranked[0][0], ranked[0][2], raw, kinds, hints)
    ranked.sort()  # by points, then order: no two placings share an order
    return _best(ranked, values, raw, kinds, hints)


def _readings(values: tuple[str, ...], kinds: tuple[str, ...], hints: Hints, row: bool,
              columns: _Columns) -> list[tuple[float, int, tuple[str, ...]]]:
    """The placings that can matter, as (points, order, cells): every placing that no value makes
    impossible, best first by the values' own points, with the relations added while they can still
    lift a placing within ``IRRELEVANT`` of the best found."""
    return [(-negative, order, placed) for negative, order, placed in _ranked(values, kinds, hints, row, columns)]


def _ranked(values: tuple[str, ...], kinds: tuple[str, ...], hints: Hints, row: bool,
            columns: _Columns) -> list[tuple[float, int, tuple[str, ...]]]:
    """``_readings`` with the points negated, (-points, order, cells): sorted as they are, best first."""
    # A placing is impossible where a value stands in a column it cannot stand in (its gain there -inf,
    # and so its points): such a place of a value (``_Columns.placings``' slots) bars the placing, and only
    # the placings left open are weighed (``_Columns.open_placings``).
    gains, barred = _weighed(values, kinds, hints, columns)
    all_empty = columns.all_empty
    # The values' gains in their columns (taken at the placing's slots, in one call), added one after the
    # other onto the columns all left empty (``reduce``, not ``sum``: from Python 3.12 on, ``sum`` of
    # floats rounds otherwise).
    placings = [(-reduce(add, gains_of(gains), all_empty), order, cells_of, scores)
                for order, gains_of, cells_of, scores in columns.open_placings(len(values), barred)]
    placings.sort()  # by points, then order: no two placings share an order
    ranked: list[tuple[float, int, tuple[str, ...]]] = []
    floor = IMPOSSIBLE
    room = columns.room
    blank = (*values, "")
    for negative, order, cells_of, scores in placings:
        if room - negative < floor:
            break
        placed = cells_of(blank)
        points = -negative + sum([score(placed) for score in scores])
        ranked.append((-points, order, placed))
        if points - IRRELEVANT > floor:
            floor = points - IRRELEVANT
    return ranked


def _best(ranked: list[tuple[float, int, tuple[str, ...]]], values: tuple[str, ...], raw: str,
          kinds: tuple[str, ...], hints: Hints) -> Split:
    """``best_split`` of two readings or more, ranked: where every value is written (no blank mark, none
    empty), two placings never read the same values (each leaves other columns empty), and the rival is
    the second reading."""
    if "" in values or not BLANK_SET.isdisjoint(values) or hints.ocr is not None:
        return best_split([(-negative, placed, "") for negative, _, placed in ranked], raw, kinds, hints, True)
    cells = ranked[0][2]
    points = -ranked[0][0]
    return _new(Split, (cells, margin_confidence(points + ranked[1][0]), raw, "", _no_ocr(len(cells)), points))


# A placing: the columns of the values, and what makes its cells out of the values and one "" after them.
_Placing = tuple[tuple[int, ...], Callable[[tuple[str, ...]], tuple[str, ...]]]
# ``_Placing`` with what takes its values' gains out of ``_weighed``'s in place of its columns, the scorers of
# the relations that can give it points, and its slots: value i in column c is slot i × width + c, bit
# 1 << slot of an int.
_Scored = tuple[Callable[[list[float]], tuple[float, ...]], Callable[[tuple[str, ...]], tuple[str, ...]],
                tuple[Callable[[tuple[str, ...]], float], ...], int]
# A ``_Scored`` placing left open: its order among all placings, its gains' getter, its cells and scorers.
_Open = tuple[int, Callable[[list[float]], tuple[float, ...]], Callable[[tuple[str, ...]], tuple[str, ...]],
              tuple[Callable[[tuple[str, ...]], float], ...]]


@lru_cache(maxsize=128)
def _placings(width: int, count: int) -> tuple[_Placing, ...]:
    """The placings of ``count`` values in ``width`` columns, in the order of ``combinations``: the
    columns of the values, and what makes the cells out of the values followed by one ``""`` (each
    column takes its value, or the ``""`` left empty). Only rows of some values and some columns left
    empty are placed so: there are two columns or more, and ``itemgetter`` of two indices or more gives
    a tuple."""
    placings = []
    for placing in combinations(range(width), count):
        slots = [count] * width
        for index, column in enumerate(placing):
            slots[column] = index
        placings.append((placing, itemgetter(*slots)))
    return tuple(placings)


def _gains(values: tuple[str, ...], kinds: tuple[str, ...], hints: Hints, row: bool,
           columns: _Columns) -> list[list[float]]:
    """What each value gains in each column it can stand in, over the column left empty, by column.
    Value i stands in column i to i + the columns left empty (the placings of ``combinations`` never put
    it elsewhere); the other columns of its list are never read, and hold 0."""
    width = len(kinds)
    gains = _weighed(values, kinds, hints, columns)[0]
    return [gains[start:start + width] for start in range(0, len(gains), width)]


def _weighed(values: tuple[str, ...], kinds: tuple[str, ...], hints: Hints,
             columns: _Columns) -> tuple[list[float], int]:
    """``_gains`` in one list, by slot (value i in column c: i × width + c), and the slots where a value
    cannot stand (bit 1 << slot of an int)."""
    width = len(kinds)
    spare = width - len(values)
    gain, kept = columns.gain, columns.gains
    totals = bool(hints.totals)  # a 其中 row's money gains are never remembered: each goes through gain
    gains = [0.0] * (len(values) * width)
    barred = 0
    for index, value in enumerate(values):
        start = index * width
        for column in range(index, index + spare + 1):
            found = None if totals else kept[column].get(value)  # as ``_Columns.gain`` looks it up
            if found is None:
                found = gain(column, value, hints)
            gains[start + column] = found
            if found == IMPOSSIBLE:
                barred |= 1 << (start + column)
    return gains, barred


def _fit_one_way(values: tuple[str, ...], kinds: tuple[str, ...], hints: Hints, row: bool,
                 columns: _Columns) -> Split | None:
    """``_fit`` where the values can be placed one way only: a value for every column, or none. (The
    points are summed as ``_readings`` sums them, so that they compare alike.)"""
    gain, kept = columns.gain, columns.gains
    totals = bool(hints.totals)  # as in ``_weighed``
    points = columns.all_empty
    for column, value in enumerate(values):
        found = None if totals else kept[column].get(value)
        points += found if found is not None else gain(column, value, hints)
    placed = values if values else ("",) * len(kinds)
    if points != IMPOSSIBLE and values:  # with every column left empty, every relation gives 0
        points += sum([score(placed) for score in columns.scores])
    if points == IMPOSSIBLE:
        return None
    return _alone(points, placed, " ".join(values), kinds, hints)


def _alone(points: float, cells: tuple[str, ...], raw: str, kinds: tuple[str, ...], hints: Hints) -> Split:
    """The one placing that can matter, as ``best_split`` reads a reading without a rival."""
    if hints.ocr is None:
        return _new(Split, (cells, ALONE_CONFIDENCE, raw, "", _no_ocr(len(cells)), points))
    cells, ocr = with_ocr_glyphs(cells, kinds, hints.ocr)
    return Split(cells, OCR_CONFIDENCE if any(ocr) else ALONE_CONFIDENCE, raw, "", ocr, points)


def _own(kind: str, value: str, hints: Hints, row: bool) -> float:
    """What a separated value earns in a column of ``kind``; -inf where it cannot stand."""
    return unary(kind, value, hints, row) if accepts(kind, value, hints) else IMPOSSIBLE


@lru_cache(maxsize=64)
def _no_ocr(width: int) -> tuple[bool, ...]:
    """No cell read with an OCR glyph, for ``width`` cells: one tuple per width shared by every split
    (a split per row is remembered; a tuple each would be that much more for the collector to count)."""
    return (False,) * width
