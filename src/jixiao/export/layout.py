"""The official layout (财预〔2020〕10号) as a grid of cells, shared by the Excel and Word writers.

Both writers draw the same plan, so a form looks the same in both, and the plan can be tested without
opening either format. Rows are absolute (a form may start lower on a sheet); columns are 1..9:

    A 项目资金 / 年度总体目标 / 绩效指标 (block labels)   B..I the block's own columns

Formula cells carry the formula for Excel and the value the formula gives, computed here, for Word and
for the cached value Excel files store beside a formula.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.model import Amount, Form, FundingRow, FundKind, Indicator, TextValue
from jixiao.scoring import ScoreSheet

COLUMNS = 9
DASH = "—"
TITLE = "项目支出绩效自评表"
FUND_HEADERS = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
INDICATOR_HEADERS = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                     "偏差原因分析及改进措施")
FUND_LABELS = {FundKind.TOTAL: "年度资金总额", FundKind.APPROPRIATION: "其中：当年财政拨款",
               FundKind.CARRY_OVER: "上年结转资金", FundKind.OTHER: "其他资金"}
# The four rows of the funding block are always there, as in the printed form, even when a form
# left one out; a missing row is drawn with its standard label and no figures.
FUND_ORDER = (FundKind.TOTAL, FundKind.APPROPRIATION, FundKind.CARRY_OVER, FundKind.OTHER)


@dataclass(frozen=True, slots=True)
class Formula:
    """An Excel formula (without its ``=``) and the value it gives, None when it gives blank."""

    text: str
    value: Decimal | None


@dataclass(frozen=True, slots=True)
class Cell:
    """One origin cell of the plan. ``role`` picks the style: title, year, head, label, text, money,
    number (weights and scores), rate. ``note`` is a remark shown as a comment (Excel only)."""

    row: int
    column: int
    value: str | Decimal | Formula | None
    role: str
    rows: int = 1
    columns: int = 1
    note: str | None = None


@dataclass(slots=True)
class Plan:
    """A form's cells and where its parts landed (the tests and the print setup use the rows)."""

    top: int
    cells: list[Cell] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def bottom(self) -> int:
        return max(cell.row + cell.rows - 1 for cell in self.cells)

    def add(self, row: int, column: int, value: str | Decimal | Formula | None, role: str, *, rows: int = 1,
            columns: int = 1, note: str | None = None) -> None:
        self.cells.append(Cell(row, column, value, role, rows, columns, note))


def amount_value(amount: Amount) -> str | Decimal | None:
    """A number where the cell holds one, otherwise its text as written (``—``, ``待定``), or None."""
    if amount.value is not None:
        return amount.value
    return amount.raw.strip() or None


def plan_form(form: Form, sheet: ScoreSheet, top: int = 1) -> Plan:
    """The cells of ``form`` drawn from row ``top`` down; ``sheet`` supplies the execution weight
    the ruleset falls back on and the values behind the formulas."""
    plan = Plan(top)
    plan.add(top, 1, form.title.text or TITLE, "title", columns=COLUMNS)
    plan.add(top + 1, 1, form.year_text.text or (f"（{form.year}年度）" if form.year else None), "year",
             columns=COLUMNS)
    plan.add(top + 2, 1, "项目名称", "head", columns=2)
    plan.add(top + 2, 3, form.project_name.raw, "text", columns=7)
    plan.add(top + 3, 1, "主管部门", "head", columns=2)
    plan.add(top + 3, 3, form.competent_department.raw, "text", columns=3)
    plan.add(top + 3, 6, "实施单位", "head", columns=2)
    plan.add(top + 3, 8, form.implementing_unit.raw, "text", columns=2)
    goal_row = _plan_funding(plan, form, sheet, top + 4)
    first_indicator = _plan_goal(plan, form, goal_row)
    _plan_indicators(plan, form, first_indicator)
    _plan_total(plan, form, sheet)
    return plan


def _plan_funding(plan: Plan, form: Form, sheet: ScoreSheet, head: int) -> int:
    plan.add(head, 1, "项目资金（万元）", "head", rows=5)
    plan.add(head, 2, None, "head", columns=2)
    for offset, name in enumerate(FUND_HEADERS):
        plan.add(head, 4 + offset, name, "head")
    rows = {row.kind: row for row in form.funding.rows}
    for offset, kind in enumerate(FUND_ORDER, start=1):
        row = rows.get(kind) or FundingRow(label=TextValue(), kind=kind)
        line = head + offset
        plan.add(line, 2, row.label.text or FUND_LABELS[kind], "label", columns=2)
        for column, amount in zip((4, 5, 6), (row.initial_budget, row.full_year_budget, row.executed), strict=True):
            plan.add(line, column, amount_value(amount), "money")
        if kind is not FundKind.TOTAL:
            plan.add(line, 7, DASH, "label")
            plan.add(line, 8, None, "rate")
            plan.add(line, 9, DASH, "label")
    total = head + 1
    plan.rows["funding_total"] = total
    plan.add(total, 7, sheet.execution.weight, "number")
    plan.add(total, 8, Formula(rate_formula(total), sheet.execution_rate), "rate")
    plan.add(total, 9, Formula(f'IF(ISNUMBER(H{total}),ROUND(G{total}*MIN(H{total},1),2),"")',
                               sheet.execution.computed), "number")
    return head + len(FUND_ORDER) + 1


def rate_formula(total: int) -> str:
    """执行率 by the rule of ``scoring.execution_basis``: executed ÷ full-year budget, the initial budget
    when the full-year one is blank, and the 其中 rows added up when the total row has no executed
    figure. IFERROR leaves the cell blank where the engine gives no rate (a budget missing or 0)."""
    d, e, f = (f"{column}{total}" for column in "DEF")
    first, last = total + 1, total + 3
    sources = (f'IF(COUNT(F{first}:F{last}),SUM(F{first}:F{last})/IF(SUM(E{first}:E{last})<>0,'
               f'SUM(E{first}:E{last}),SUM(D{first}:D{last})),"")')
    by_total = f"IF(ISNUMBER({e}),{f}/{e},{f}/{d})"
    on_total = f"AND(ISNUMBER({f}),OR(ISNUMBER({e}),ISNUMBER({d})))"
    return f'IFERROR(IF({on_total},{by_total},{sources}),"")'


def _plan_goal(plan: Plan, form: Form, row: int) -> int:
    plan.add(row, 1, "年度总体目标", "head", rows=2)
    plan.add(row, 2, "预期目标", "head", columns=4)
    plan.add(row, 6, "实际完成情况", "head", columns=4)
    plan.add(row + 1, 2, form.goal.expected.raw, "text", columns=4)
    plan.add(row + 1, 6, form.goal.achieved.raw, "text", columns=4)
    plan.rows["goal"] = row + 1
    return row + 2


def _plan_indicators(plan: Plan, form: Form, head: int) -> None:
    count = len(form.indicators)
    plan.add(head, 1, "绩效指标", "head", rows=count + 1)
    for offset, name in enumerate(INDICATOR_HEADERS):
        plan.add(head, 2 + offset, name, "head")
    first = head + 1
    plan.rows["indicator_head"], plan.rows["first_indicator"] = head, first
    for start, size in runs(form.indicators, lambda ind: ind.level1.text):
        plan.add(first + start, 2, form.indicators[start].level1.text, "label", rows=size)
    for start, size in runs(form.indicators, lambda ind: (ind.level1.text, ind.level2.text)):
        plan.add(first + start, 3, form.indicators[start].level2.text, "label", rows=size)
    for offset, indicator in enumerate(form.indicators):
        _plan_indicator(plan, indicator, first + offset)
    plan.rows["total"] = first + count


def _plan_indicator(plan: Plan, indicator: Indicator, row: int) -> None:
    plan.add(row, 4, indicator.name.raw, "text")
    plan.add(row, 5, indicator.target.raw, "text")
    plan.add(row, 6, indicator.actual.raw, "text")
    plan.add(row, 7, amount_value(indicator.weight), "number")
    plan.add(row, 8, amount_value(indicator.declared_score), "number")
    plan.add(row, 9, indicator.deviation_note.raw, "text")


def runs(indicators: tuple[Indicator, ...], key) -> Iterator[tuple[int, int]]:
    """(start, length) of each run of neighbours with the same key: the cells merged down."""
    start = 0
    for index in range(1, len(indicators) + 1):
        if index == len(indicators) or key(indicators[index]) != key(indicators[start]):
            yield start, index - start
            start = index


def _plan_total(plan: Plan, form: Form, sheet: ScoreSheet) -> None:
    row, first, funding = plan.rows["total"], plan.rows["first_indicator"], plan.rows["funding_total"]
    last = row - 1
    weights = [sheet.execution.weight, *(ind.weight.value for ind in form.indicators)]
    scores = [sheet.execution.computed, *(ind.declared_score.value for ind in form.indicators)]
    # SUM skips blank and text cells, as the engine skips scores it cannot read.
    tail = f",G{first}:G{last}" if last >= first else ""
    plan.add(row, 1, "总分", "head", columns=6)
    plan.add(row, 7, Formula(f"SUM(G{funding}{tail})", _sum(weights)), "number")
    declared, added = form.declared_total_score.value, _sum(scores)
    # The sheet adds the scores up; a different figure the unit wrote stays visible beside it.
    note = (f"表中填报总分为 {form.declared_total_score.raw.strip()}，各项得分相加为 {added}"
            if declared is not None and declared != added else None)
    plan.add(row, 8, Formula(f"SUM(I{funding}{tail.replace('G', 'H')})", added), "number", note=note)
    plan.add(row, 9, form.declared_grade.text or None, "text")


def _sum(values: list[Decimal | None]) -> Decimal:
    return sum((value for value in values if value is not None), Decimal(0))


def formula_value(cell: Cell) -> str | Decimal | None:
    """What a reader sees in a cell: a formula's value, anything else as it is."""
    return cell.value.value if isinstance(cell.value, Formula) else cell.value
