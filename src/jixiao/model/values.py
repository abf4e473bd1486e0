"""Values as written and as understood: text cells, amounts and indicator measures (指标值)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

from jixiao.model.source import SourceRef


class Operator(StrEnum):
    """The comparison a target states. ``≥`` is 正向 (more is better), ``≤`` 反向 (less is better)."""

    GE = "≥"
    LE = "≤"
    EQ = "="
    GT = ">"
    LT = "<"


class MeasureKind(StrEnum):
    """What a target or actual cell holds once read."""

    EMPTY = "empty"  # nothing, or a dash / slash placeholder
    NUMBER = "number"  # 5次, ≥90%, ≤0.27万元
    DATE = "date"  # 2020年12月31日, 2020年9月30日前, 年底前
    TEXT = "text"  # qualitative (定性): 确保, 增收, 达成预期指标


class TextValue(NamedTuple):
    """A text cell: ``raw`` exactly as read, ``text`` with surrounding and repeated blanks folded."""

    raw: str = ""
    text: str = ""
    source: SourceRef | None = None

    @property
    def is_blank(self) -> bool:
        return not self.text


class Amount(NamedTuple):
    """A number cell: money (万元), a weight (分值), a score (得分) or a rate (执行率, unit ``%``).

    ``value`` is None when the cell is blank or holds no readable number; ``raw`` keeps what was
    written, and ``unit`` the unit it was written in (money written in 元 is converted to 万元 in
    ``value``; ``unit`` then still says ``元``).
    """

    raw: str = ""
    value: Decimal | None = None
    unit: str | None = None
    source: SourceRef | None = None

    @property
    def is_blank(self) -> bool:
        return self.raw.strip() in BLANK_MARKS  # "" is one of the marks

    @property
    def is_unreadable(self) -> bool:
        """Text is there but no number could be read from it."""
        return self.value is None and not self.is_blank


class Measure(NamedTuple):
    """A target (年度指标值) or actual (实际完成值), parsed.

    ``number`` and ``unit`` hold a quantitative value, ``date``/``deadline`` a time limit
    (``deadline`` is True for 前/之前/底前; ``date`` is None for ``年底前`` until the form's year
    fills it in), ``text`` the qualitative wording. ``operator`` is the comparison as written, or
    None when the cell states none.
    """

    raw: str = ""
    kind: MeasureKind = MeasureKind.EMPTY
    operator: Operator | None = None
    number: Decimal | None = None
    unit: str | None = None
    date: dt.date | None = None
    deadline: bool = False
    text: str = ""
    source: SourceRef | None = None

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"

    @property
    def is_blank(self) -> bool:
        return self.kind is MeasureKind.EMPTY


# Cells that units fill with a dash or slash to mean "nothing here".
BLANK_MARKS = frozenset({"", "—", "——", "-", "--", "－", "/", "／", "\\", "―", "─", "无数据"})
