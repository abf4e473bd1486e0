"""Rulesets: the named sets of scoring choices (weights, bands, grades, local deductions and caps).

A ruleset is data plus small functions. A province's variant is a new ``Ruleset`` value built from
another with ``dataclasses.replace``, never an edit of the engine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.scoring.result import Achievement, Adjustment, ItemScore

D = Decimal


@dataclass(frozen=True, slots=True)
class QualitativeBand:
    """A share of the weight a qualitative (定性) score may take for one level of achievement."""

    achievement: Achievement
    low: Decimal
    high: Decimal
    label: str
    label_en: str


# Hooks a ruleset may add. An indicator hook sees the scored item and may return a deduction; a
# total hook sees the execution rate and the running total and may return a cap or deduction.
IndicatorHook = Callable[[ItemScore], Adjustment | None]
TotalHook = Callable[[Decimal | None, Decimal], Adjustment | None]


@dataclass(frozen=True, slots=True)
class Ruleset:
    name: str
    title: str
    title_en: str
    execution_weight: Decimal = D(10)
    # 绩效指标 points in all: 90 on the national form, 80 on Hubei's (20 for execution).
    indicator_points: Decimal = D(90)
    # Whether each indicator has its own weight (分值); Hubei's form has only 得分 per indicator.
    weighted: bool = True
    # Whether forms under this ruleset carry scores at all (county forms without 分值/得分 do not).
    scorable: bool = True
    # Level-1 default weights (GUIDE 1.2): departures are allowed but reported as warnings.
    level1_weights: tuple[tuple[str, Decimal], ...] = (("产出", D(50)), ("效益", D(30)), ("满意度", D(10)))
    qualitative_bands: tuple[QualitativeBand, ...] = (
        QualitativeBand(Achievement.MET, D("0.8"), D(1), "达成年度指标", "target achieved"),
        QualitativeBand(Achievement.PARTIAL, D("0.6"), D("0.8"), "部分达成并具有一定效果", "partly achieved"),
        QualitativeBand(Achievement.MISSED, D(0), D("0.6"), "未达成且效果较差", "not achieved"),
    )
    # (lower bound inclusive, grade), highest first.
    grades: tuple[tuple[Decimal, str], ...] = ((D(90), "优"), (D(80), "良"), (D(60), "中"), (D(0), "差"))
    indicator_hooks: tuple[IndicatorHook, ...] = field(default=())
    total_hooks: tuple[TotalHook, ...] = field(default=())

    @property
    def total_weight(self) -> Decimal:
        """The form's points in all: execution plus indicators (100 everywhere seen so far)."""
        return self.execution_weight + self.indicator_points

    def grade_of(self, total: Decimal) -> str:
        return next((grade for bound, grade in self.grades if total >= bound), self.grades[-1][1])

    def band_for(self, achievement: Achievement) -> QualitativeBand | None:
        return next((band for band in self.qualitative_bands if band.achievement is achievement), None)
