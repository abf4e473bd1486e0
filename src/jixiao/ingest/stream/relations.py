"""What the cells of a row earn together, in points: the relations between them (``Term``).

A 其中 row's money alike in its places, the rate near executed ÷ budget, the score within its weight and
equal to weight × rate on the funding row, target and actual in one unit.

A relation is known once the last of its columns is placed; the splitter adds it then, and bounds what
the relations still open can give (their ``best``). The rate relation can tell earlier (``hope``): once the
budgets are placed, it gives nothing unless a rate that agrees with them is still to come in the text.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache, partial
from typing import NamedTuple, Protocol

from jixiao.ingest.stream.values import (
    BLANK_SET,
    DATE,
    MONEY,
    Hints,
    money_value,
    places,
    rate_value,
    to_decimal,
    unit_of,
)
from jixiao.model.memo import keep

# The declared rate is rounded to a percent, or to two decimals of one.
RATE_TOLERANCE = Decimal("0.006")


class Lookahead(Protocol):
    """What a relation may ask of the search about the text still to come."""

    def rate_after(self, at: int, share: Decimal, nothing_spent: bool) -> bool: ...

    def rate_after_money(self, at: int, budget: Decimal) -> bool: ...


class Term(NamedTuple):
    """A relation between cells, known once its ``last`` column is placed; ``best`` is the most it gives.
    ``hope`` (when set) tells earlier, from column ``first`` on, the most it can still give. ``needs``:
    groups of columns, each of which must have a column that took a value for the relation to give
    anything (left empty, the columns of a group make its ``score`` 0)."""

    last: int
    best: float
    score: Callable[[tuple[str, ...]], float]
    hope: Callable[[Lookahead, tuple[str, ...], int], float] | None = None
    first: int = 0
    needs: tuple[tuple[int, ...], ...] = ()


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
        # Two sums written at least: every group of all the money columns but one holds one of them.
        two_written = tuple(tuple(index for index in money if index != left_out) for left_out in money)
        terms.append(Term(max(money), _SAME_PLACES, partial(_same_places, money), partial(_same_places_hope, money),
                          money[1] + 1, two_written))
    if "initial_budget" in at and "full_year_budget" in at:
        columns = (at["initial_budget"], at["full_year_budget"])
        terms.append(Term(max(columns), _INITIAL_ALIKE, partial(_initial_and_full, *columns),
                          needs=((columns[0],), (columns[1],))))
    budgets = tuple(at[kind] for kind in ("full_year_budget", "initial_budget") if kind in at)
    if budgets and "executed" in at:
        placed = max(*budgets, at["executed"])
        terms.append(Term(placed, 1.0, partial(_budget_executed, budgets, at["executed"]),
                          needs=(budgets, (at["executed"],))))
        if "rate" in at:
            agrees = partial(_rate_agrees, budgets, at["executed"], at["rate"])
            hope = partial(_rate_hope, budgets, at["executed"]) if at["rate"] > placed else None
            # Where 执行数 comes after the budgets, the hope can tell as soon as they are placed.
            first = at["executed"] if at["executed"] > max(budgets) else placed + 1
            terms.append(Term(max(placed, at["rate"]), 3.0, agrees, hope, first,
                              (budgets, (at["executed"],), (at["rate"],))))
    weight = at.get("weight")
    # A score that can only be blank (a 其中 row's) relates to nothing: its relations would give 0.
    if "score" in at and "score" not in blank_only and (weight is not None or weight_hint is not None):
        last = max(at["score"], weight) if weight is not None else at["score"]
        # Without the block's weight, the score is weighed against its 分值 only when one is written.
        limit = ((weight,),) if weight_hint is None else ()
        terms.append(Term(last, _FULL_MARKS, partial(_within_weight, at["score"], weight, weight_hint),
                          needs=((at["score"],), *limit)))
        if "rate" in at:
            terms.append(Term(max(last, at["rate"]), 2.0,
                              partial(_score_from_rate, at["score"], weight, at["rate"], weight_hint),
                              needs=((at["score"],), (at["rate"],), *limit)))
    if "target" in at and "actual" in at:
        terms.append(Term(max(at["target"], at["actual"]), 3.0, partial(_measures_at, at["target"], at["actual"]),
                          needs=((at["target"],), (at["actual"],))))
    return tuple(tuple(term for term in terms if term.last == column) for column in range(len(kinds)))


@lru_cache(maxsize=1024)
def _hopes_of(kinds: tuple[str, ...], weight_hint: Decimal | None,
              blank_only: tuple[str, ...]) -> tuple[tuple[Term, ...], ...]:
    terms = [term for placed in _terms_of(kinds, weight_hint, blank_only) for term in placed
             if term.hope is not None]
    return tuple(tuple(term for term in terms if term.first <= column <= term.last) for column in range(len(kinds) + 1))


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
    # Scored on every placing of a row with its score column: the score read first, its weight only for
    # a score written (``_filled`` and ``_limit`` spelt out).
    score_text = cells[score_at]
    if not score_text or score_text in BLANK_SET:
        return 0.0
    score = to_decimal(score_text.removesuffix("分"))
    if score is None:
        return 0.0
    limit = fixed
    if weight_at is not None:
        weight = cells[weight_at]
        if weight and weight not in BLANK_SET:
            written = to_decimal(weight.removesuffix("分"))
            if written is not None:
                limit = written
    if limit is None:
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
    """``measures_agree`` of the cells (a blank mark as nothing), spelt out: scored on every placing."""
    target, actual = cells[target_at], cells[actual_at]
    if not target or not actual or target in BLANK_SET or actual in BLANK_SET:
        return 0.0
    points = _AGREED.get((target, actual))
    return points if points is not None else keep(_AGREED, (target, actual), _agreement(target, actual), _PAIRS_KEPT)


def measures_agree(target: str, actual: str) -> float:
    """Target and actual are most often alike, and always in one unit: points for that, negative for
    two units. A quantity read against words (≥80% and 无) is doubtful: the words may as well be a note
    after an empty actual, or a name before the quantity."""
    if not target or not actual:
        return 0.0
    # Every placing of a row's values weighs its pair again: remembered by the pair.
    points = _AGREED.get((target, actual))
    return points if points is not None else keep(_AGREED, (target, actual), _agreement(target, actual), _PAIRS_KEPT)


_AGREED: dict[tuple[str, str], float] = {}
_PAIRS_KEPT = 8192


def _agreement(target: str, actual: str) -> float:
    """``measures_agree`` of a target and an actual both written."""
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
