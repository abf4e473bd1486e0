"""How plausible a reading of a row is, in points: what each cell earns alone, and what the cells earn together.

A cell earns points by itself (``unary``): a column that takes a value earns one (readings explain the
text with as many columns as they can), an empty one loses some, and a value shaped like its kind earns
a little more (a weight a small whole number, a rate a percentage). The cells earn points together by
their relations (``Term``): a 其中 row's money alike in its places, the rate near executed ÷ budget, the
score within its weight and equal to weight × rate on the funding row, target and actual in one unit.

A relation is known once the last of its columns is placed; the splitter adds it then, and bounds what
the relations still open can give (``room``). The rate relation can tell earlier (``hope``): once the
budgets are placed, it gives nothing unless a rate that agrees with them is still to come in the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import lru_cache, partial
from typing import NamedTuple, Protocol

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
    unit_of,
)

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
# The declared rate is rounded to a percent, or to two decimals of one.
RATE_TOLERANCE = Decimal("0.006")
_VALUES_IN_NOTE = re.compile(r"\d%|\d\.\d")


class Lookahead(Protocol):
    """What a relation may ask of the search about the text still to come."""

    def rate_after(self, at: int, share: Decimal, nothing_spent: bool) -> bool: ...

    def rate_after_money(self, at: int, budget: Decimal) -> bool: ...


class Term(NamedTuple):
    """A relation between cells, known once its ``last`` column is placed; ``best`` is the most it gives.
    ``hope`` (when set) tells earlier, from column ``first`` on, the most it can still give."""

    last: int
    best: float
    score: Callable[[tuple[str, ...]], float]
    hope: Callable[[Lookahead, tuple[str, ...], int], float] | None = None
    first: int = 0


def plausibility(kinds: Sequence[str], cells: Sequence[str], hints: Hints) -> float:
    """How plausible ``cells`` are as a row with columns ``kinds``: points, or -inf when impossible."""
    kinds, cells = tuple(kinds), tuple(cells)
    indicator_row = "target" in kinds
    points = sum(unary(kind, cell, hints, indicator_row) for kind, cell in zip(kinds, cells, strict=True))
    if points == IMPOSSIBLE:
        return IMPOSSIBLE
    return points + sum(term.score(cells) for placed in terms_of(kinds, hints) for term in placed)


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
    return odd + _part_shape(kind, cell, hints)


# Money to three or four places (2103.219): written so, or a sum cut in the wrong place.
_ODD_PLACES = -1.0


def _part_shape(kind: str, cell: str, hints: Hints) -> float:
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


@lru_cache(maxsize=4096)
def _weight_shape(cell: str) -> float:
    weight = to_decimal(cell.removesuffix("分"))
    if weight is None or weight <= 0 or weight > 100:
        return IMPOSSIBLE
    return (0.5 if weight == weight.to_integral_value() else -0.5) + (0.3 if weight <= 30 else 0.0)


@lru_cache(maxsize=4096)
def _score_shape(cell: str) -> float:
    score = to_decimal(cell.removesuffix("分"))
    return IMPOSSIBLE if score is None or score > 100 else 0.0


@lru_cache(maxsize=4096)
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
    return 1.5 if note in _COMMON_NOTES else 0.2


# A note this short with a number in it is the debris of values (元5), not prose.
_DEBRIS_CHARS = 3
# A note never starts inside a value: with a digit, or with the rest of a date (年6月30日前).
_CUT_VALUE_STARTS = frozenset("0123456789.%年月日")


_COMMON_NOTES = frozenset({"无", "没有", "无偏差"})


_SHAPES: dict[str, Callable[[str], float]] = {"weight": _weight_shape, "score": _score_shape, "rate": _rate_shape,
                                             "target": measure_shape, "actual": measure_shape}
# The most a column's cell earns by itself (the fill and the best shape), for the search's bound.
# The most a column that takes a blank mark at most can earn (the mark, or nothing: SKIPPED is less).
_BLANK_BEST = BLANK_VALUE
_UNARY_BEST = {"name": 0.0, "note": 1.5, "weight": FILLED + 0.8, "rate": FILLED + 0.5, "target": FILLED + 0.2,
               "actual": FILLED + 0.2}


# --- cells together ---------------------------------------------------------------------------------


def terms_of(kinds: tuple[str, ...], hints: Hints) -> tuple[tuple[Term, ...], ...]:
    """The relations between the columns ``kinds``, listed under the column that completes each.

    They depend on two of the hints only (a 其中 row's total money does not change them): remembered by
    those, not by the whole hints, which are new for every 其中 row."""
    return _terms_of(kinds, hints.weight, hints.blank_only)


def hopes_of(kinds: tuple[str, ...], hints: Hints) -> tuple[tuple[Term, ...], ...]:
    """For each column, the relations still open there that can already tell how they will end."""
    return _hopes_of(kinds, hints.weight, hints.blank_only)


@lru_cache(maxsize=1024)
def _terms_of(kinds: tuple[str, ...], weight_hint: Decimal | None,
              blank_only: tuple[str, ...]) -> tuple[tuple[Term, ...], ...]:
    at: dict[str, int] = {}
    for index, kind in enumerate(kinds):
        at.setdefault(kind, index)
    terms: list[Term] = []
    money = tuple(index for index, kind in enumerate(kinds) if kind in MONEY)
    if len(money) >= 2:
        terms.append(Term(max(money), _SAME_PLACES, partial(_same_places, money), partial(_same_places_hope, money),
                          money[1] + 1))
    if "initial_budget" in at and "full_year_budget" in at:
        columns = (at["initial_budget"], at["full_year_budget"])
        terms.append(Term(max(columns), _INITIAL_ALIKE, partial(_initial_and_full, *columns)))
    budgets = tuple(at[kind] for kind in ("full_year_budget", "initial_budget") if kind in at)
    if budgets and "executed" in at:
        placed = max(*budgets, at["executed"])
        terms.append(Term(placed, 1.0, partial(_budget_executed, budgets, at["executed"])))
        if "rate" in at:
            agrees = partial(_rate_agrees, budgets, at["executed"], at["rate"])
            hope = partial(_rate_hope, budgets, at["executed"]) if at["rate"] > placed else None
            # Where 执行数 comes after the budgets, the hope can tell as soon as they are placed.
            first = at["executed"] if at["executed"] > max(budgets) else placed + 1
            terms.append(Term(max(placed, at["rate"]), 3.0, agrees, hope, first))
    weight = at.get("weight")
    # A score that can only be blank (a 其中 row's) relates to nothing: its relations would give 0.
    if "score" in at and "score" not in blank_only and (weight is not None or weight_hint is not None):
        last = max(at["score"], weight) if weight is not None else at["score"]
        terms.append(Term(last, _FULL_MARKS, partial(_within_weight, at["score"], weight, weight_hint)))
        if "rate" in at:
            terms.append(Term(max(last, at["rate"]), 2.0,
                              partial(_score_from_rate, at["score"], weight, at["rate"], weight_hint)))
    if "target" in at and "actual" in at:
        terms.append(Term(max(at["target"], at["actual"]), 3.0, partial(_measures_at, at["target"], at["actual"])))
    return tuple(tuple(term for term in terms if term.last == column) for column in range(len(kinds)))


@lru_cache(maxsize=1024)
def _hopes_of(kinds: tuple[str, ...], weight_hint: Decimal | None,
              blank_only: tuple[str, ...]) -> tuple[tuple[Term, ...], ...]:
    terms = [term for placed in _terms_of(kinds, weight_hint, blank_only) for term in placed
             if term.hope is not None]
    return tuple(tuple(term for term in terms if term.first <= column <= term.last) for column in range(len(kinds) + 1))


@lru_cache(maxsize=1024)
def room_of(kinds: tuple[str, ...], hints: Hints) -> tuple[float, ...]:
    """For each column, the most the columns from it on can still earn: their best cells and the
    relations they complete."""
    terms = terms_of(kinds, hints)
    totals = {kind for kind, _ in hints.totals}
    return tuple(sum(_unary_best(kind, hints, totals) for kind in kinds[column:])
                 + sum(term.best for placed in terms[column:] for term in placed)
                 for column in range(len(kinds) + 1))


def _unary_best(kind: str, hints: Hints, totals: set[str]) -> float:
    if kind in hints.blank_only:
        return _BLANK_BEST
    if kind in totals:
        return FILLED + _ALL_OF_TOTAL
    return _UNARY_BEST.get(kind, FILLED)


def _filled(cells: tuple[str, ...], index: int) -> str:
    cell = cells[index]
    return "" if cell in BLANK_SET else cell


def _money(cells: tuple[str, ...], index: int) -> Decimal | None:
    cell = cells[index]
    return money_value(cell) if cell and cell not in BLANK_SET else None


def _budget(cells: tuple[str, ...], budgets: tuple[int, ...]) -> Decimal | None:
    """The budget a rate is taken against: 全年预算数 when written, else 年初预算数."""
    return next((value for value in (_money(cells, index) for index in budgets) if value is not None), None)


# A form writes its money to one number of places: 3 | 298.823 | 298.82 is 3298.82 cut in the wrong place.
_SAME_PLACES = 1.0


def _same_places(columns: tuple[int, ...], cells: tuple[str, ...]) -> float:
    """A form writes its money to one number of places."""
    written = [cell for cell in (_filled(cells, index) for index in columns) if cell]
    if len(written) < 2:
        return 0.0
    return _places_points(len({places(cell) for cell in written}))


def _places_points(kinds_of_places: int) -> float:
    """One number of places earns; each other number of places costs (3 | 298.823 | 298.82 has three)."""
    return _SAME_PLACES if kinds_of_places == 1 else -_SAME_PLACES * (kinds_of_places - 1)


def _same_places_hope(columns: tuple[int, ...], search: Lookahead, cells: tuple[str, ...], at: int) -> float:
    """Sums written to different places already lose the relation, whatever follows."""
    written = {places(cell) for cell in (_filled(cells, index) for index in columns if index < len(cells)) if cell}
    return _places_points(len(written)) if len(written) > 1 else _SAME_PLACES


# 年初预算数 and 全年预算数 are most often equal, and never far apart: 4 | 103.25 is 4103.25 cut in the wrong place.
_INITIAL_ALIKE = 0.5
_INITIAL_APART = -1.5
_FAR_APART = Decimal(2)


def _initial_and_full(initial_at: int, full_at: int, cells: tuple[str, ...]) -> float:
    """年初预算数 alike 全年预算数 earns a little; one over the other, or far under it (less than half), costs."""
    initial, full = _money(cells, initial_at), _money(cells, full_at)
    if initial is None or full is None:
        return 0.0
    if initial == full:
        return _INITIAL_ALIKE
    # A budget cut in the year is rarer than one added to: 年初 over 全年 is doubted as 1383.51 | 869.61 is.
    return _INITIAL_APART if not full / _FAR_APART <= initial <= full else 0.0


def _budget_executed(budgets: tuple[int, ...], executed: int, cells: tuple[str, ...]) -> float:
    budget, spent = _budget(cells, budgets), _money(cells, executed)
    if budget is None or spent is None:
        return 0.0
    return 1.0 if spent == budget else (-1.0 if spent > budget * Decimal("1.5") else 0.0)


def _rate_agrees(budgets: tuple[int, ...], executed: int, rate_at: int, cells: tuple[str, ...]) -> float:
    """The declared rate is executed ÷ budget, rounded; a rate of 0 says nothing was spent, whatever
    the rounding."""
    rate_text = _filled(cells, rate_at)
    budget, spent = _budget(cells, budgets), _money(cells, executed)
    rate = rate_value(rate_text) if rate_text else None
    if rate is None or not budget or spent is None:
        return 0.0
    agrees = abs(spent / budget - rate) <= RATE_TOLERANCE and (rate == 0) == (spent == 0)
    return 3.0 if agrees else -2.5


def _rate_hope(budgets: tuple[int, ...], executed: int, search: Lookahead, cells: tuple[str, ...], at: int) -> float:
    """The budgets are placed: the rate can agree with them only if such a rate is still to come (after
    the executed sum still to come, when it is not placed yet)."""
    budget = _budget(cells, budgets)
    if not budget:
        return 0.0
    if len(cells) <= executed:
        return 3.0 if search.rate_after_money(at, budget) else 0.0
    spent = _money(cells, executed)
    if spent is None:
        return 0.0
    return 3.0 if search.rate_after(at, spent / budget, spent == 0) else 0.0


def _limit(cells: tuple[str, ...], weight_at: int | None, fixed: Decimal | None) -> Decimal | None:
    weight = _filled(cells, weight_at) if weight_at is not None else ""
    value = to_decimal(weight.removesuffix("分")) if weight else None
    return value if value is not None else fixed


def _within_weight(score_at: int, weight_at: int | None, fixed: Decimal | None, cells: tuple[str, ...]) -> float:
    score_text, limit = _filled(cells, score_at), _limit(cells, weight_at, fixed)
    score = to_decimal(score_text.removesuffix("分")) if score_text else None
    if score is None or limit is None:
        return 0.0
    if score > limit:
        return -4.0
    # Full marks are the commonest score of all (a weight of 30 scored 30, not 3 scored 0).
    return _FULL_MARKS if score == limit else 1.0


_FULL_MARKS = 1.5


def _score_from_rate(score_at: int, weight_at: int | None, rate_at: int, fixed: Decimal | None,
                     cells: tuple[str, ...]) -> float:
    """预算执行率得分 = 分值 × 执行率 (capped at the weight) on the MoF form and its variants."""
    score_text, rate_text = _filled(cells, score_at), _filled(cells, rate_at)
    limit = _limit(cells, weight_at, fixed)
    score = to_decimal(score_text.removesuffix("分")) if score_text else None
    rate = rate_value(rate_text) if rate_text else None
    if score is None or rate is None or limit is None:
        return 0.0
    return 2.0 if abs(limit * min(rate, Decimal(1)) - score) <= Decimal("0.05") else -1.0


def _measures_at(target_at: int, actual_at: int, cells: tuple[str, ...]) -> float:
    return measures_agree(_filled(cells, target_at), _filled(cells, actual_at))


def measures_agree(target: str, actual: str) -> float:
    """Target and actual are most often alike, and always in one unit: points for that, negative for
    two units. A quantity read against words (≥80% and 无) is doubtful: the words may as well be a note
    after an empty actual, or a name before the quantity."""
    if not target or not actual:
        return 0.0
    dates = DATE.fullmatch(target) is not None, DATE.fullmatch(actual) is not None
    if any(dates):  # a date against a date (12月底前, 2022年11月28日) is alike; against anything else not
        return 1.5 if all(dates) else -1.5
    points = 1.5 if target == actual else 0.0
    units = unit_of(target), unit_of(actual)
    if None not in units:
        # One unit written twice says they belong together; two bare numbers say less (3 | 0 may be the
        # figures of other columns cut small).
        points += (1.5 if units[0] else 0.5) if units[0] == units[1] else -2.5
    elif (units[0] is not None and not any(char.isdigit() for char in actual)) or (
            units[1] is not None and not any(char.isdigit() for char in target)):
        points -= 1.5
    return points
