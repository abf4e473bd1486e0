"""Structure rules (S): the form must say whose project it is, carry its money and fill every cell."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import product
from operator import attrgetter

from jixiao.checks.cells import (
    CellRef,
    cell_tuples,
    cell_values,
    clip,
    indicator_label,
    is_blank_text,
    row_label,
    shown,
    total_row_index,
)
from jixiao.checks.registry import Hit, RuleContext, Value, hit, rule
from jixiao.model import Form, Severity
from jixiao.model.fields import INDICATOR_COLUMNS
from jixiao.model.parse import fold
from jixiao.model.values import BLANK_MARKS
from jixiao.scoring import ScoreSheet

# The cells every indicator must fill in: target, actual, weight and score.
_SCORED_COLUMNS = INDICATOR_COLUMNS[3:7]
# County and Anhui forms number their indicators (``指标1:``); ``指标1:/`` marks a row that does not apply.
_NUMBERED_NAME_RE = re.compile(r"^指标\d{1,3}[:：]")
_scored_cells = attrgetter(*(name for name, *_ in _SCORED_COLUMNS))

# Cells of free prose, where an ellipsis may be ordinary writing rather than a template's gap.
_PROSE_FIELDS = frozenset({"expected", "achieved", "deviation_note"})

# Template text that the person filling in the form should have replaced.
_WORD_LIMIT_RE = re.compile(r"\(\d{1,4}字(?:以内|以下|左右)?\)")
_MARKERS = ("对照年度目标", "请填写", "请根据", "请按照", "填写说明", "此处填写", "请在此", "XX", "ＸＸ", "××", "○○",
            "□□")
_ELLIPSES = ("…", "⋯", "...", "。。。", "．．．")
_raw = attrgetter("raw")


def _spellings(marker: str) -> list[str]:
    """``marker`` as any text whose ``upper()`` holds it may spell it: x and ｘ are the only characters
    that upper-case to a marker's character, so ``XX`` is also ``Xx``, ``xX`` and ``xx``."""
    choices = [{"X": "Xx", "Ｘ": "Ｘｘ"}.get(ch, ch) for ch in marker]
    return ["".join(letters) for letters in product(*choices)]


# Some marker or ellipsis is in the text (marker letters in either case). Only plain words in the
# alternation, so that the regex engine can skip to the characters they start with; a test for each
# marker in turn, or the set of their characters, costs far more, as '.' and '。' are in most cells.
_CANDIDATE_RE = re.compile("|".join(re.escape(text) for text in
                                    (*(s for m in _MARKERS for s in _spellings(m)), *_ELLIPSES)))


def placeholder_in(text: str, prose: bool = False) -> str | None:
    """The template placeholder left in ``text`` (``prose``: a free-text cell such as a note), or None."""
    if "字" in text:
        match = _WORD_LIMIT_RE.search(fold(text))
        if match:
            return match.group()
    if _CANDIDATE_RE.search(text) is None:
        return None  # most cells
    upper = text.upper()
    marker = next((m for m in _MARKERS if m in upper), None)
    if marker is not None:
        return marker
    ellipsis = next((e for e in _ELLIPSES if e in text), None)
    if ellipsis is not None and prose and "".join(text.split()).strip("….。⋯．"):
        return None  # prose may use …… as writing; only a cell of nothing but dots is a placeholder
    return ellipsis


def _may_hold_placeholder(values: list[Value]) -> bool:
    """Whether any of ``values`` might hold a placeholder: one search over all their texts at once, kept
    apart by line breaks (no marker holds one). Never False where ``placeholder_in`` finds one."""
    text = "\n".join(map(_raw, values))
    return "字" in text or _CANDIDATE_RE.search(text) is not None


@rule("S001", "missing-project-name", Severity.ERROR, "未填项目名称", "Project name missing")
def missing_project_name(form: Form, sheet: ScoreSheet, ctx: RuleContext) -> Iterator[Hit]:
    """Checks: 表头的项目名称是否已填写。
    Whether the header gives the project's name (项目名称).

    Why: 财预〔2020〕10号附件的自评表以项目为单位；没有项目名称，财政部门无法把自评结果与预算项目对应。
    Under Cai Yu [2020] No. 10 each form evaluates one budget project; without its name the finance bureau
    cannot match the result to the budget.

    Example: 项目名称一栏空白。
    The 项目名称 cell is empty.

    Fix: 按预算批复填写完整的项目名称。
    Write the project's name exactly as in the approved budget.
    """
    if is_blank_text(form.project_name):
        yield hit("未填写项目名称，无法确认这张自评表评价的是哪个项目。",
                  "The project name (项目名称) is blank, so the form cannot be matched to a budget project.",
                  field="project_name", at=form.project_name)


@rule("S002", "missing-unit", Severity.ERROR, "未填主管部门或实施单位", "Competent department or unit missing")
def missing_unit(form: Form, sheet: ScoreSheet, ctx: RuleContext) -> Iterator[Hit]:
    """Checks: 主管部门、实施单位是否都已填写。
    Whether both the competent department (主管部门) and the implementing unit (实施单位) are given.

    Why: 财预〔2020〕10号规定单位自评由预算单位实施、主管部门汇总；两栏缺一就无法确定责任主体。
    Under Cai Yu [2020] No. 10 the unit evaluates and its department collects the results; without either
    name nobody answers for the form.

    Example: 实施单位一栏空白。
    The 实施单位 cell is empty.

    Fix: 填写主管部门和实施单位的全称。
    Write the full names of the competent department and the implementing unit.
    """
    cells = (("competent_department", form.competent_department, "主管部门", "competent department"),
             ("implementing_unit", form.implementing_unit, "实施单位", "implementing unit"))
    for field, value, zh, en in cells:
        if is_blank_text(value):
            yield hit(f"未填写{zh}，无法确定这张自评表的责任单位。",
                      f"The {en} ({zh}) is blank, so nobody is named as responsible for the form.",
                      field=field, at=value)


@rule("S003", "missing-year", Severity.WARNING, "未填评价年度", "Evaluation year missing")
def missing_year(form: Form, sheet: ScoreSheet, ctx: RuleContext) -> Iterator[Hit]:
    """Checks: 表头是否写明评价年度（如“（2020年度）”）。
    Whether the header states the year evaluated, such as （2020年度）.

    Why: 自评针对一个预算年度（财预〔2020〕10号）；没有年度，“年底前”之类的时限也无法判断。
    Self-evaluation covers one budget year (Cai Yu [2020] No. 10); without it a deadline such as 年底前
    cannot be judged either.

    Example: 标题下的“（    年度）”未填年份。
    The year line under the title has no year in it.

    Fix: 在标题下写明“（20XX年度）”。
    Write the year under the title, e.g. （2020年度）.
    """
    if form.year is None:
        yield hit("未写明评价年度（如“（2020年度）”），时限类指标无法按年份判断。",
                  "The form does not state its year (e.g. （2020年度）), so deadlines cannot be dated.",
                  field="year", at=form.year_text)


@rule("S004", "missing-funding", Severity.ERROR, "未填项目资金", "Funding figures missing")
def missing_funding(form: Form, sheet: ScoreSheet, ctx: RuleContext) -> Iterator[Hit]:
    """Checks: 项目资金部分是否有资金行，并且填了预算数和全年执行数。
    Whether the funding block has rows with a budget and an executed amount.

    Why: 预算执行率 = 全年执行数 ÷ 全年预算数，占 10 分（财预〔2020〕10号，GUIDE 1.2）；没有这些数就无法计算。
    The execution rate, worth 10 points, is executed ÷ full-year budget (Cai Yu [2020] No. 10); without the
    amounts it cannot be computed.

    Example: 年度资金总额行的年初预算数、全年预算数都空白。
    The total row has neither an initial nor a full-year budget.

    Fix: 按决算数据填写年初预算数、全年预算数和全年执行数（万元）。
    Fill in the initial budget, full-year budget and executed amount (万元) from the final accounts.
    """
    if "funding" in form.missing_sections:
        return  # the reader has reported the missing block (R003)
    rows = form.funding.rows
    if not rows:
        yield hit("项目资金部分没有任何资金行。", "The funding block has no rows at all.", field="funding")
        return
    k = total_row_index(form)
    row = rows[k] if k is not None else rows[0]
    path = f"funding.rows[{k if k is not None else 0}]"
    zh_row, en_row = row_label(row)
    if all(r.initial_budget.is_blank and r.full_year_budget.is_blank for r in rows):
        yield hit(f"{zh_row}未填预算数（年初预算数、全年预算数都空白），无法计算执行率。",
                  f"No budget on {en_row} (initial and full-year both blank): no execution rate can be computed.",
                  field=f"{path}.full_year_budget", at=row.full_year_budget)
    if all(r.executed.is_blank for r in rows):
        yield hit(f"{zh_row}未填全年执行数，无法计算执行率。",
                  f"No executed amount on {en_row}: no execution rate can be computed.",
                  field=f"{path}.executed", at=row.executed)


@rule("S005", "indicator-incomplete", Severity.ERROR, "绩效指标有空项", "Indicator cell left blank")
def indicator_incomplete(form: Form, sheet: ScoreSheet, ctx: RuleContext) -> Iterator[Hit]:
    """Checks: 每个三级指标是否都填了年度指标值、实际完成值、分值和得分（每个空格一条）。
    Whether every indicator has its target, actual, weight and score (one finding per blank cell).

    Why: 财预〔2020〕10号附件要求逐项对照年度指标值评价实际完成值并打分；缺一项就无法计分或复核。
    Cai Yu [2020] No. 10 asks each indicator to be scored by comparing its actual with its target; a blank cell
    makes that impossible.

    Example: “扶贫对象满意度”的实际完成值空白。
    The actual of 扶贫对象满意度 is blank.

    Fix: 补填空白的单元格；指标确已取消的，删除整行并调整分值。
    Fill in the blank cell; if the indicator was dropped, delete the row and rebalance the weights.
    """
    for i, indicator in enumerate(form.indicators):
        cells = zip(_SCORED_COLUMNS, _scored_cells(indicator), strict=True)
        blanks = [(column, value) for column, value in cells
                  if value.is_blank and (column[0] != "weight" or ctx.ruleset.weighted)
                  and (column[0] != "declared_score" or ctx.ruleset.scorable)]
        if not blanks or (len(blanks) == len(_SCORED_COLUMNS) and indicator.name.is_blank) \
                or _not_applicable(indicator.name.text):
            continue  # all filled in (the label is only worth making for a hit), or an unused template row
        zh_ind, en_ind = indicator_label(i, indicator)
        for (name, zh, en), value in blanks:
            yield hit(f"{zh_ind}未填{zh}。", f"The {en} of {en_ind} is blank.",
                      field=f"indicators[{i}].{name}", at=value)


def _not_applicable(name: str) -> bool:
    """Whether an indicator's name says the row does not apply (``指标1:/``, ``/``, ``无``)."""
    return _NUMBERED_NAME_RE.sub("", name).strip() in BLANK_MARKS or name.strip() == "无"


@rule("S006", "template-placeholder", Severity.WARNING, "留有模板占位文字", "Template placeholder left in")
def template_placeholder(form: Form, sheet: ScoreSheet, ctx: RuleContext) -> Iterator[Hit]:
    """Checks: 单元格里是否留着模板的占位或填写说明，如“（100字以内）”“对照年度目标，说明…”“XX”“请填写”“…”。
    Whether a cell still holds the template's placeholder or instruction text, such as （100字以内）, XX, 请填写.

    Why: 自评表随决算公开（财预〔2020〕10号）；留着模板文字说明该栏其实没有填写。
    Forms are published with the final accounts (Cai Yu [2020] No. 10); template text left in means the cell
    was never really filled in.

    Example: 实际完成情况一栏写着“对照年度目标，说明目标完成情况（100字以内）”。
    The achieved-goal cell still reads 对照年度目标，说明目标完成情况（100字以内）.

    Fix: 用实际内容替换占位文字。
    Replace the placeholder with the real content.
    """
    if not _may_hold_placeholder(cell_values(form)):
        return  # most forms: then no cell needs naming
    for cell in cell_tuples(form):
        marker = placeholder_in(cell[2].raw, prose=cell[1] in _PROSE_FIELDS)
        if marker is not None:
            found = CellRef._make(cell)
            yield hit(f"{found.label}留有模板占位文字“{clip(marker)}”，该栏实际上没有填写。",
                      f"The {found.label_en} still holds template text “{clip(marker)}”: it was never filled in.",
                      field=found.path, at=found.value)


@rule("S007", "unreadable-number", Severity.ERROR, "数字无法识别", "Number cannot be read")
def unreadable_number(form: Form, sheet: ScoreSheet, ctx: RuleContext) -> Iterator[Hit]:
    """Checks: 金额、分值、得分、执行率等数字单元格是否写成了读不出数字的文字。
    Whether an amount, weight, score or rate cell holds text from which no number can be read.

    Why: 执行率、得分和总分都由这些数字计算（财预〔2020〕10号，GUIDE 1.2）；读不出的数字让计算和复核都落空。
    The rate, the scores and the total are computed from these cells (Cai Yu [2020] No. 10); a cell that is
    not a number defeats both the arithmetic and the re-check.

    Example: 得分一栏写“满分”，全年执行数写“35万元左右”。
    A score cell says 满分 and an executed cell says 35万元左右.

    Fix: 只填阿拉伯数字（金额以万元为单位，执行率可带 %），说明文字写到偏差原因分析中。
    Write a plain number (amounts in 万元, a rate may carry %); put any comment in the deviation note.
    """
    if not any(value.value is None and value.is_unreadable for value in cell_values(form, numbers_only=True)):
        return  # most forms: then no cell needs naming
    for fields in cell_tuples(form, numbers_only=True):
        value = fields[2]
        if value.value is not None or not value.is_unreadable or placeholder_in(value.raw) is not None:
            continue
        cell, text = CellRef._make(fields), shown(value)
        yield hit(f"{cell.label}填的是“{text}”，读不出数字。",
                  f"The {cell.label_en} reads “{text}”, which is not a number.", field=cell.path, at=value)
