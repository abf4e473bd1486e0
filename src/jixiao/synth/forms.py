"""A generated 项目支出绩效自评表 (self-evaluation form) as the cell texts of its table (``FormSpec``).

A spec holds every cell a unit writes: names, the funding rows (``FundingLine``), the goal texts, the
indicators (``IndicatorSpec``, with their 其中 parts), the 总分, and how the table is drawn where the layout
allows several ways (``Presentation``). A column the layout lacks stays empty in the spec; a value the
unit left blank is blank. ``jixiao.synth.draw.random_form`` draws one, ``jixiao.synth.table.layout_rows``
writes it as the rows of the layout's table, ``jixiao.synth.expect`` says what reading it must give back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jixiao.model import FundKind
from jixiao.synth.style import YEAR_ROW


@dataclass(frozen=True, slots=True)
class Presentation:
    """How this form's table is drawn where the layout allows several ways (no value depends on it)."""

    year_at: str = YEAR_ROW
    departments_on_one_row: bool = True
    two_row_indicator_header: bool = False  # 年度 / 指标值 wrapped onto a second header row
    spaced_section_labels: bool = False  # 绩 效 指 标, as Word tables often space a tall merged cell
    indented_fund_labels: bool = False  # ``      上年结转资金``, as the founding sample indents them
    wide_punctuation: bool = False  # 其中：… and （万元） in full-width forms
    # A row naming the goal block's part between its label and its headers (Sichuan's 1.项目年度目标完成情况).
    goal_subheader: bool = False


@dataclass(frozen=True, slots=True)
class FundingLine:
    """One row of the funding block (项目资金 / 预算执行情况): its label and each column's cell as written.

    Money is in the layout's unit (万元, or 元 on Yunnan forms); ``rate`` is the 执行率 cell; ``weight``
    and ``score`` are filled on the total row only; ``note`` is Sichuan's 原因.
    """

    label: str
    kind: FundKind
    initial_budget: str = ""
    full_year_budget: str = ""
    executed: str = ""
    rate: str = ""
    weight: str = ""
    score: str = ""
    note: str = ""

    def cell(self, name: str) -> str:
        return getattr(self, name)


@dataclass(frozen=True, slots=True)
class IndicatorSpec:
    """One 三级指标 (level-3 indicator) row as written, with its level-1/level-2 classes (in full: the
    table writes them once per merged group).

    ``target`` is the 年度指标值 cell; layouts that split it (Sichuan, Yunnan) write the sign in
    ``operator`` (指标性质) and the unit in ``unit`` (度量单位). ``parts`` are the 其中 rows under it
    (衔接资金 forms), which carry no weight or score.
    """

    level1: str
    level2: str
    name: str
    target: str
    actual: str
    weight: str = ""
    score: str = ""
    note: str = ""
    operator: str = ""
    unit: str = ""
    core: bool = False
    parts: tuple[IndicatorSpec, ...] = ()

    def cell(self, name: str) -> str:
        return getattr(self, name)


@dataclass(frozen=True, slots=True)
class FormSpec:
    """A whole form as cell texts, the layout it is drawn on, and how its table is drawn."""

    layout: str
    money_unit: str
    title: str
    year: int
    year_row: str  # （2020年度） under the title, or "" when the year stands in the title
    project_name: str
    department: str
    unit: str
    lead: str = ""  # 项目负责人及电话; "" when the layout's form has none
    unit_line: tuple[str, ...] = ()  # Hubei's 单位名称 · 填报日期 row
    categories: tuple[tuple[str, str], ...] = ()  # Hubei's 项目类别 / 项目属性 / 项目类型 rows
    funding: tuple[FundingLine, ...] = ()
    has_goal: bool = True
    goal_expected: str = ""
    goal_achieved: str = ""
    indicators: tuple[IndicatorSpec, ...] = ()
    has_total: bool = True
    total_weight: str = ""
    total_score: str = ""
    grade: str = ""
    closing: tuple[tuple[str, str], ...] = ()
    presentation: Presentation = field(default_factory=Presentation)
