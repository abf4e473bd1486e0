"""The 项目支出绩效自评表 (project self-evaluation form) as plain immutable data."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from jixiao.model.values import Amount, Measure, TextValue
from jixiao.settings import LOW_FORM_CONFIDENCE


class FundKind(StrEnum):
    """Which row of the 项目资金 (funding) block a row is."""

    TOTAL = "total"  # 年度资金总额
    APPROPRIATION = "appropriation"  # 其中：当年财政拨款
    CARRY_OVER = "carry_over"  # 上年结转资金
    OTHER = "other"  # 其他资金


@dataclass(frozen=True, slots=True)
class FundingRow:
    """One row of the funding block: 年初预算数 / 全年预算数 / 全年执行数 (万元)."""

    label: TextValue
    kind: FundKind
    initial_budget: Amount = Amount()
    full_year_budget: Amount = Amount()
    executed: Amount = Amount()


@dataclass(frozen=True, slots=True)
class Funding:
    """项目资金 (funding): the rows, and the weight, rate and score declared on the total row."""

    rows: tuple[FundingRow, ...] = ()
    weight: Amount = Amount()
    declared_rate: Amount = Amount()
    declared_score: Amount = Amount()

    @property
    def total(self) -> FundingRow | None:
        return next((row for row in self.rows if row.kind is FundKind.TOTAL), None)

    @property
    def sources(self) -> tuple[FundingRow, ...]:
        """The 其中 rows (appropriation, carry-over, other) under the total."""
        return tuple(row for row in self.rows if row.kind is not FundKind.TOTAL)


@dataclass(frozen=True, slots=True)
class Goal:
    """年度总体目标 (annual goal): 预期目标 (expected) and 实际完成情况 (achieved)."""

    expected: TextValue = TextValue()
    achieved: TextValue = TextValue()


@dataclass(frozen=True, slots=True)
class Indicator:
    """One 三级指标 (level-3 indicator) row with its 一级/二级 classes filled down from merged cells."""

    level1: TextValue
    level2: TextValue
    name: TextValue
    target: Measure
    actual: Measure
    weight: Amount
    declared_score: Amount
    deviation_note: TextValue
    # ★ marks a 核心指标 (core indicator) on 衔接资金 forms.
    core: bool = False
    # 其中 rows under the indicator (衔接资金 forms): parts of it that carry no weight of their own and
    # are neither scored nor summed.
    parts: tuple[Indicator, ...] = ()


@dataclass(frozen=True, slots=True)
class FormSource:
    """Where the form sits: the file, its 1-based position in the file, and the lines it spans."""

    path: str
    index: int
    first_line: int | None = None
    last_line: int | None = None


@dataclass(frozen=True, slots=True)
class Reading:
    """How a form was read (读取情况): the text shape, the layout and the reader's confidence.

    ``shape`` is ``table`` for a form read from a real table (office, web, PDF, a tab dump) and the
    text shape otherwise (``pipe-cells``, ``fused`` …). ``confidence`` is the reader's confidence in the
    form as a whole (its weakest part); each value's own is in its ``SourceRef``. ``unreadable`` lists
    the fields (by path, as in ``jixiao.model.edit``) the text has lost: they are blank in the form
    because nothing could be read, not because the unit left them empty.
    """

    shape: str = "table"
    layout_confidence: float = 1.0
    layout_forced: bool = False
    confidence: float = 1.0
    unreadable: tuple[str, ...] = ()

    @property
    def low_confidence(self) -> bool:
        return self.confidence < LOW_FORM_CONFIDENCE


@dataclass(frozen=True, slots=True)
class Form:
    """A 项目支出绩效自评表 as read. Nothing here is computed; scoring lives in ``jixiao.scoring``."""

    id: str
    source: FormSource
    layout: str
    title: TextValue = TextValue()
    year: int | None = None
    year_text: TextValue = TextValue()
    project_name: TextValue = TextValue()
    competent_department: TextValue = TextValue()
    implementing_unit: TextValue = TextValue()
    funding: Funding = Funding()
    goal: Goal = Goal()
    indicators: tuple[Indicator, ...] = ()
    declared_total_weight: Amount = Amount()
    declared_total_score: Amount = Amount()
    declared_grade: TextValue = TextValue()
    # Parts of the form the reader could not find at all (e.g. a form cut off halfway).
    missing_sections: tuple[str, ...] = field(default=())
    reading: Reading = Reading()
