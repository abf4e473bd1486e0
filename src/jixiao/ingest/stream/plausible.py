"""How plausible a reading of a row is, in points: what each cell earns alone, and what the cells earn together.

A cell earns points by itself (``unary``): a column that takes a value earns one (readings explain the
text with as many columns as they can), an empty one loses some, and a value shaped like its kind earns
a little more (a weight a small whole number, a rate a percentage). The cells earn points together by
their relations (``relations.Term``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from jixiao.ingest.stream.values import (
    BLANK_SET,
    DATE,
    MAX_PAIR_CHARS,
    MONEY,
    Hints,
    measure_shape,
    money_value,
    places,
    rate_value,
    to_decimal,
)
from jixiao.model.memo import memo

IMPOSSIBLE = float("-inf")
FILLED = 1.0  # a column that took a value
# A blank mark (—, /) may stand in any column: in a value's column it says the value is empty, little
# better than the column left empty; it ends many rows as their note.
BLANK_VALUE = -0.5
BLANK_FILLED = 0.5
SKIPPED = -1.2  # a column left empty
# On a weighted layout every indicator has a 分值 and a 得分: leaving them empty is a defect, leaving a
# target empty a common omission.
SKIPPED_WEIGHT = -2.5
_VALUES_IN_NOTE = re.compile(r"\d%|\d\.\d")


# --- a cell by itself ----------------------------------------------------------------------------------


def unary(kind: str, cell: str, hints: Hints, indicator_row: bool) -> float:
    """The points a cell earns by itself in a column of ``kind`` (-inf when it cannot stand there)."""
    if kind == "name":
        return _DOUBLED_END if _ends_doubled(cell) else 0.0
    if kind == "note":  # a note is rare in fused text: taking one earns nothing by itself, but
        if cell in BLANK_SET:  # a blank mark ends many rows (a note left empty)
            return BLANK_FILLED if cell else 0.0
        return _note_points(cell)
    if not cell:
        if kind in ("weight", "score") and hints.weighted and indicator_row:
            return SKIPPED_WEIGHT
        return 0.0 if kind in ("operator", "unit") else SKIPPED
    if cell in BLANK_SET:
        return BLANK_VALUE
    if kind in MONEY:
        return FILLED + _money_shape(kind, cell, hints)
    shape = _SHAPES.get(kind)
    return FILLED + shape(cell) if shape is not None else FILLED


def unary_most(kind: str) -> float:
    """The most ``unary`` gives any cell in a column of ``kind``, whatever the hints (an empty cell gives 0 at
    most, a blank mark ``BLANK_FILLED`` in a note and ``BLANK_VALUE`` elsewhere): a note of the commonest kind, a
    filled column with the best shape of its kind (money all of its 其中 total, a weight a small whole number,
    a rate a percentage, a target a qualitative word). Bounds a reading's points without its cells
    (``fit.Fitter.most``)."""
    if kind == "name":
        return 0.0
    if kind == "note":
        return _COMMON_NOTE  # BLANK_FILLED and every other note earn less
    if kind in MONEY:
        return FILLED + _ALL_OF_TOTAL  # _ODD_PLACES is no gain, part_shape at most _ALL_OF_TOTAL
    return FILLED + _SHAPE_MOST.get(kind, 0.0)


# A name that ends in a text written twice (占用耕地情况无无) likely took the target and the actual.
_DOUBLED_END = -2.0


def _ends_doubled(name: str) -> bool:
    for size in range(1, min(MAX_PAIR_CHARS, (len(name) - 1) // 2) + 1):
        end = name[-size:]
        if end == name[-2 * size:-size] and not any(char.isdigit() for char in end):
            return True
    return False


# A 其中 row that holds all of its column's total (the money had one source).
_ALL_OF_TOTAL = 1.0


def _money_shape(kind: str, cell: str, hints: Hints) -> float:
    """Money is written to at most two places, rarely more (万元 to the 元); a 其中 row holds part of the
    total, never more; often all of it (one source of money), and in the total's number of places."""
    odd = _ODD_PLACES if places(cell) > 2 else 0.0
    return odd + part_shape(kind, cell, hints)


# Money to three or four places (2103.219): written so, or a sum cut in the wrong place.
_ODD_PLACES = -1.0


def part_shape(kind: str, cell: str, hints: Hints) -> float:
    for total_kind, total in hints.totals:
        if total_kind == kind:
            value = money_value(cell)
            if value is None:
                return 0.0
            if value > total + Decimal("0.005"):
                return -3.0
            if value == total:
                return _ALL_OF_TOTAL
            return -0.5 if places(cell) != -min(total.as_tuple().exponent, 0) else 0.0
    return 0.0


@memo(4096)
def _weight_shape(cell: str) -> float:
    weight = to_decimal(cell.removesuffix("分"))
    if weight is None or weight <= 0 or weight > 100:
        return IMPOSSIBLE
    return (0.5 if weight == weight.to_integral_value() else -0.5) + (0.3 if weight <= 30 else 0.0)


@memo(4096)
def _score_shape(cell: str) -> float:
    score = to_decimal(cell.removesuffix("分"))
    return IMPOSSIBLE if score is None or score > 100 else 0.0


@memo(4096)
def _rate_shape(cell: str) -> float:
    rate = rate_value(cell)
    if rate is None:
        return IMPOSSIBLE
    return (0.5 if cell.endswith("%") else 0.0) - (1.0 if rate > Decimal("1.5") else 0.0)


def _note_points(note: str) -> float:
    """A note (偏差原因) is prose: one that holds a percentage or a decimal is likely a cut in the wrong
    place; 无 is the commonest note of all (and as likely an actual: the reading is left in doubt)."""
    if _VALUES_IN_NOTE.search(note) or note[:1] in _CUT_VALUE_STARTS or (
            len(note) <= _DEBRIS_CHARS and any(char.isdigit() for char in note)):
        return -2.0
    if DATE.search(note):  # a note may give a date, but a date is likelier a target or an actual
        return -1.0
    return _COMMON_NOTE if note in _COMMON_NOTES else 0.2


# A note this short with a number in it is the debris of values (元5), not prose.
_DEBRIS_CHARS = 3
# A note never starts inside a value: with a digit, or with the rest of a date (年6月30日前).
_CUT_VALUE_STARTS = frozenset("0123456789.%年月日")


_COMMON_NOTES = frozenset({"无", "没有", "无偏差"})
_COMMON_NOTE = 1.5


# The most each shape of ``_SHAPES`` gives: a weight a whole number of 30 at most, a rate written as a
# percentage, a target or an actual a qualitative word (``measure_shape``); a score gains nothing by its shape.
_SHAPE_MOST = {"weight": 0.8, "score": 0.0, "rate": 0.5, "target": 0.2, "actual": 0.2}

_SHAPES: dict[str, Callable[[str], float]] = {"weight": _weight_shape, "score": _score_shape, "rate": _rate_shape,
                                             "target": measure_shape, "actual": measure_shape}
