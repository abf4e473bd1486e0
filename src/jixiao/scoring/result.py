"""Score sheets: every number the engine computes, with the arithmetic that produced it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Method(StrEnum):
    """How an item was scored."""

    EXECUTION = "execution"  # 预算执行率: weight × min(rate, 1)
    AT_LEAST = "at_least"  # ≥ T (正向)
    AT_MOST = "at_most"  # ≤ T (反向)
    EQUAL = "equal"  # = T
    DEADLINE = "deadline"  # a date target
    QUALITATIVE = "qualitative"  # 定性: a band of the weight
    DECLARED = "declared"  # could not be computed; the declared score is carried
    UNSCORABLE = "unscorable"  # nothing to compute from and nothing declared


class Achievement(StrEnum):
    """Whether an indicator's actual meets its target, as far as the engine can tell."""

    MET = "met"
    PARTIAL = "partial"  # qualitative 部分达成
    MISSED = "missed"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class ItemScore:
    """One scored item: the execution block or one indicator (``field`` is its path in the form).

    ``computed`` is the engine's score (None when it cannot say); ``band`` the allowed range of a
    qualitative score; ``ratio`` actual ÷ target for quantitative items; ``flags`` name the
    assumptions made (e.g. ``operator-assumed``) so that checks and readers can see them.
    """

    field: str
    label: str
    method: Method
    weight: Decimal | None
    declared: Decimal | None
    computed: Decimal | None
    explanation: str
    explanation_en: str
    achievement: Achievement = Achievement.UNKNOWN
    ratio: Decimal | None = None
    band: tuple[Decimal, Decimal] | None = None
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Adjustment:
    """A ruleset's change to the total (a deduction or a cap), with its reason."""

    field: str
    points: Decimal
    explanation: str
    explanation_en: str


@dataclass(frozen=True, slots=True)
class ScoreSheet:
    """A form scored under one ruleset. ``complete`` is False when some item could not be computed."""

    form_id: str
    ruleset: str
    execution: ItemScore
    indicators: tuple[ItemScore, ...]
    adjustments: tuple[Adjustment, ...]
    declared_total: Decimal | None
    computed_total: Decimal
    grade: str
    declared_grade: str | None
    complete: bool
    explanation: str
    explanation_en: str
    execution_rate: Decimal | None = None  # executed ÷ budget, as a fraction (1 = 100%)
    # False for a form whose layout has no weights or scores (the totals then mean nothing).
    scorable: bool = True

    @property
    def items(self) -> tuple[ItemScore, ...]:
        return (self.execution, *self.indicators)
