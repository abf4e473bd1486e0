"""Policy rules (P): what 财预〔2020〕10号 asks beyond arithmetic — default weights and written explanations."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from jixiao import settings
from jixiao.checks.cells import cap, indicator_label, row_label, shown, total_row_index
from jixiao.checks.recompute import deducted_though_met
from jixiao.checks.registry import Hit, RuleContext, hit, rule
from jixiao.model import Form, Indicator, Severity
from jixiao.model.parse import fold
from jixiao.model.values import BLANK_MARKS
from jixiao.scoring import Achievement, ItemScore, Method, ScoreSheet
from jixiao.scoring.indicators import fmt, rounded

_CLASS_EN = {"产出": "outputs", "效益": "benefits", "满意度": "satisfaction"}
# From 财预〔2021〕101号 成本指标 is a level-1 class of its own; its weight came out of 产出's default 50.
_FOLDED_INTO = {"成本": "产出"}
# Deviation notes that say nothing (after dropping end punctuation).
_BOILERPLATE_NOTES = BLANK_MARKS | {"无", "暂无", "没有", "无偏差", "无偏差原因", "不适用", "无。", "已完成", "完成"}
_NOTE_END_MARKS = "。.，,；;、 "
# Words that give a cause: 原因, 由于, 因, 导致, 未能, 受……影响 and the like.
_CAUSE_WORDS = ("原因", "由于", "因", "导致", "致使", "造成", "所致", "未能", "影响")
_CAUSE_RE = re.compile(r"受[^，。；,;]{0,20}影响")
_FUNDS_WORDS = ("执行", "结余", "资金", "预算")
# In the long 实际完成情况 text 资金 is too common (资金资源有的放矢) to count as an explanation.
_FUNDS_WORDS_IN_GOAL = ("执行", "结余", "预算")


def is_empty_note(note: str) -> bool:
    return fold(note).rstrip(_NOTE_END_MARKS) in _BOILERPLATE_NOTES


def gives_cause(note: str) -> bool:
    key = fold(note)
    return any(word in key for word in _CAUSE_WORDS) or _CAUSE_RE.search(key) is not None


def points_lost(item: ItemScore) -> bool:
    """Points lost that call for a reason (a computed target met yet deducted is C002's finding)."""
    return (item.declared is not None and item.weight is not None
            and item.weight - item.declared > settings.SCORE_TOLERANCE and not deducted_though_met(item))


def _class_of(indicator: Indicator, defaults: dict[str, Decimal]) -> str | None:
    key = fold(indicator.level1.text)
    for name in (*defaults, *_FOLDED_INTO):
        if name in key:
            folded = _FOLDED_INTO.get(name, name)
            # A layout that leaves the split free (2021 on) has no default to fold 成本 into.
            return folded if folded in defaults else None
    return None


@rule("P001", "level1-weights-off-default", Severity.WARNING, "一级指标权重偏离默认值",
      "Level-1 weights differ from the default")
def level1_weights_off_default(form: Form, sheet: ScoreSheet, ctx: RuleContext) -> Iterator[Hit]:
    """Checks: 各一级指标分值之和及预算执行率分值，是否为默认的 产出 50、效益 30、满意度 10、预算执行率 10。
    Whether the level-1 classes and the execution rate carry the default weights: outputs 50, benefits 30,
    satisfaction 10, execution 10.

    Why: 财预〔2020〕10号附件：原则上预算执行率 10 分、产出 50 分、效益 30 分、满意度 10 分；特殊情况可以调整，
    但应说明理由（GUIDE 1.2）。这是提示，不是错误。
    Cai Yu [2020] No. 10 sets 10 / 50 / 30 / 10 as the default; units may adjust it in special cases but should
    say why. This is a warning, not an error.

    Example: 产出指标合计 60 分、效益指标 20 分。
    Outputs carry 60 and benefits 20.

    Fix: 按默认权重分配分值；确需调整的，在自评报告或偏差说明中写明理由。
    Use the default weights, or state the reason for the adjustment.
    """
    defaults = dict(ctx.ruleset.level1_weights)
    if not form.indicators or any(ind.weight.value is None for ind in form.indicators):
        return
    sums = dict.fromkeys(defaults, Decimal(0))
    first: dict[str, int] = {}
    for i, indicator in enumerate(form.indicators):
        name = _class_of(indicator, defaults)
        if name is not None and indicator.weight.value is not None:
            sums[name] += indicator.weight.value
            first.setdefault(name, i)
    # With no recognisable level-1 class (a layout with other names) there is nothing to compare.
    off = [name for name in defaults if sums[name] != defaults[name]] if first else []
    execution = form.funding.weight.value
    execution_off = execution is not None and execution != ctx.ruleset.execution_weight
    if not off and not execution_off:
        return
    shown_sums = {name: fmt(total) for name, total in sums.items()}  # once for both languages
    now = "、".join(f"{name} {shown_sums[name]}" for name in defaults)
    now_en = ", ".join(f"{_CLASS_EN.get(name, name)} {shown_sums[name]}" for name in defaults)
    usual = "、".join(f"{name} {fmt(weight)}" for name, weight in defaults.items())
    usual_en = " / ".join(fmt(weight) for weight in defaults.values())
    exe, exe_default = fmt(execution), fmt(ctx.ruleset.execution_weight)
    position = next((first[name] for name in off if name in first), None)
    field, at = ((f"indicators[{position}].level1", form.indicators[position].level1) if position is not None
                 else ("funding.weight", form.funding.weight))
    yield hit(f"一级指标分值为 {now}（预算执行率 {exe}），默认为 {usual}（预算执行率 {exe_default}）。"
              "调整权重是允许的，但应说明理由。",
              f"Level-1 weights are {now_en} (execution {exe}) against the default {usual_en} (execution "
              f"{exe_default}). Adjusting them is allowed, but the reason should be stated.", field=field, at=at)


@rule("P002", "deviation-note-missing", Severity.WARNING, "未达标或扣分却无偏差说明",
      "Target missed or points lost without a deviation note")
def deviation_note_missing(form: Form, sheet: ScoreSheet, ctx: RuleContext) -> Iterator[Hit]:
    """Checks: 指标未达标或被扣分时，偏差原因分析及改进措施是否空白或只有“/”“无”“暂无”“—”“无偏差”之类的套话。
    Whether a missed target or a lost point comes with a deviation note that is blank or boilerplate
    (/, 无, 暂无, —, 无偏差).

    Why: 财预〔2020〕10号要求对未完成的绩效目标分析偏差原因并提出改进措施（GUIDE 1.2）。
    Cai Yu [2020] No. 10 requires every deviation from a target, and every point lost, to be explained with
    its cause and remedy.

    Example: 得分 8（分值 10），偏差原因分析填“/”。
    Scored 8 of 10 with the deviation note “/”.

    Fix: 写明未达标或扣分的具体原因和改进措施。
    Write the actual cause of the shortfall and what will be done about it.
    """
    for i, item in enumerate(sheet.indicators):
        indicator = form.indicators[i]
        missed = item.achievement in (Achievement.MISSED, Achievement.PARTIAL) and not deducted_though_met(item)
        lost_points = points_lost(item)
        if not (missed or lost_points) or not is_empty_note(indicator.deviation_note.raw):
            continue
        zh, en = indicator_label(i, indicator)
        lost = f"得 {fmt(item.declared)} 分（分值 {fmt(item.weight)}）" if lost_points else "未达到指标值"
        lost_en = f"scores {fmt(item.declared)} of {fmt(item.weight)}" if lost_points else "missed its target"
        note = shown(indicator.deviation_note) or "空白"
        note_en = shown(indicator.deviation_note) or "blank"
        yield hit(f"{zh}{lost}，偏差原因分析及改进措施却是“{note}”：请写明原因和改进措施。",
                  f"{cap(en)} {lost_en}, but the deviation note is “{note_en}”: state the cause and the remedy.",
                  field=f"indicators[{i}].deviation_note", at=indicator.deviation_note)


@rule("P003", "far-above-target", Severity.WARNING, "远超目标却未分析", "Far above target with no analysis")
def far_above_target(form: Form, sheet: ScoreSheet, ctx: RuleContext) -> Iterator[Hit]:
    """Checks: 完成值达到指标值的 150%（settings.FAR_ABOVE_TARGET_RATIO）及以上，偏差原因分析却为空或套话。
    Whether an actual at or above 150% of its target (settings.FAR_ABOVE_TARGET_RATIO) has no analysis in its
    deviation note.

    Why: GUIDE 1.2 依据财预〔2020〕10号：大幅超额完成的，应分析原因；目标明显定低的，可以扣分。
    Under Cai Yu [2020] No. 10 (GUIDE 1.2) a target far exceeded must be analysed: it may have been set too low,
    which can cost points.

    Example: 指标值 5 次，完成 10 次（200%），偏差原因分析填“/”。
    Target 5, actual 10 (200%), deviation note “/”.

    Fix: 在偏差原因分析中说明超额的原因；目标定得过低的，下一年度据实调整。
    Explain the overrun in the deviation note; if the target was set too low, raise it next year.
    """
    for i, item in enumerate(sheet.indicators):
        indicator = form.indicators[i]
        if (item.method not in (Method.AT_LEAST, Method.EQUAL) or item.ratio is None
                or item.ratio < settings.FAR_ABOVE_TARGET_RATIO or not is_empty_note(indicator.deviation_note.raw)):
            continue
        zh, en = indicator_label(i, indicator)
        percent = fmt(rounded(item.ratio * 100))
        target, actual = shown(indicator.target), shown(indicator.actual)
        yield hit(f"{zh}完成值“{actual}”是指标值“{target}”的 {percent}%，偏差原因分析却未作分析："
                  "请说明超额原因（目标是否定得过低）。",
                  f"{cap(en)} reached {actual} against a target of {target} ({percent}%), with no analysis in "
                  "the deviation note: explain the overrun (was the target set too low?).",
                  field=f"indicators[{i}].deviation_note", at=indicator.deviation_note)


@rule("P004", "low-execution-unexplained", Severity.WARNING, "执行率偏低未说明", "Low execution rate unexplained")
def low_execution_unexplained(form: Form, sheet: ScoreSheet, ctx: RuleContext) -> Iterator[Hit]:
    """Checks: 预算执行率低于 90%（settings.LOW_EXECUTION_RATE）时，表中是否有说明：偏差原因分析提到执行、结余、
    资金或预算，或实际完成情况提到执行、结余或预算。
    Whether an execution rate below 90% (settings.LOW_EXECUTION_RATE) is explained somewhere in the form: a
    deviation note mentioning 执行/结余/资金/预算, or an achieved-goal text mentioning 执行/结余/预算.

    Why: 财预〔2020〕10号把预算执行列为评价内容；多数省份（如四川）要求执行率低于 90% 的说明原因。
    Cai Yu [2020] No. 10 evaluates budget execution, and most provinces (Sichuan's form says so) require a rate
    below 90% to be explained.

    Example: 全年预算数 50，执行 30（60%），表中没有一处提到资金结余的原因。
    Budget 50, executed 30 (60%), and nothing in the form says why money was left.

    Fix: 在偏差原因分析中说明资金未执行的原因（如项目延期、资金结余及其去向）。
    Explain in a deviation note why the money was not spent (a delayed project, a saving and where it went).
    """
    rate = sheet.execution_rate
    if rate is None or rate >= settings.LOW_EXECUTION_RATE:
        return
    notes = "".join(fold(ind.deviation_note.raw) for ind in form.indicators)
    if any(word in notes for word in _FUNDS_WORDS):
        return
    if any(word in fold(form.goal.achieved.raw) for word in _FUNDS_WORDS_IN_GOAL):
        return
    percent, floor = fmt(rounded(rate * 100)), fmt(settings.LOW_EXECUTION_RATE * 100)
    yield hit(f"预算执行率 {percent}%，低于 {floor}%，表中却没有说明资金未执行的原因。",
              f"The execution rate is {percent}%, below {floor}%, and nothing in the form explains why the "
              "money was not spent.", field="funding.declared_rate", at=form.funding.declared_rate)


@rule("P005", "full-year-budget-blank", Severity.WARNING, "全年预算数空白", "Full-year budget left blank")
def full_year_budget_blank(form: Form, sheet: ScoreSheet, ctx: RuleContext) -> Iterator[Hit]:
    """Checks: 年度资金总额行的全年预算数是否空白（执行率因此只能按年初预算数计算）。
    Whether the total row's full-year budget (全年预算数) is blank, so the rate rests on the initial budget.

    Why: 财预〔2020〕10号附件：执行率的分母是全年预算数（调整后预算）；空着它，
    年中追加或调减的预算就看不出来（GUIDE 1.2）。
    Under Cai Yu [2020] No. 10 the rate's denominator is the adjusted full-year budget; leaving it blank hides
    any change made during the year.

    Example: 年初预算数 35，全年预算数空白，全年执行数 35。
    Initial 35, full-year blank, executed 35.

    Fix: 填写全年预算数；年内没有调整的，与年初预算数相同。
    Fill in the full-year budget; if nothing changed during the year it equals the initial budget.
    """
    k = total_row_index(form)
    if k is None:
        return
    row = form.funding.rows[k]
    if not row.full_year_budget.is_blank or row.initial_budget.value is None:
        return
    zh_row, en_row = row_label(row)
    initial = fmt(row.initial_budget.value)
    yield hit(f"{zh_row}的全年预算数空白，执行率只能按年初预算数 {initial} 万元计算；"
              "请填写全年预算数（年内未调整的与年初预算数相同）。",
              f"The full-year budget on {en_row} is blank, so the rate rests on the initial budget ({initial} 万元); "
              "fill it in (equal to the initial budget if nothing changed).",
              field=f"funding.rows[{k}].full_year_budget", at=row.full_year_budget)


@rule("P006", "deviation-note-without-cause", Severity.INFO, "偏差说明只有措施没有原因",
      "Deviation note gives a remedy but no cause")
def deviation_note_without_cause(form: Form, sheet: ScoreSheet, ctx: RuleContext) -> Iterator[Hit]:
    """Checks: 扣了分的指标，偏差说明有内容，却没有说明原因（没有“原因”“由于”“因”“受……影响”“导致”“未能”等）。
    Whether a note on an indicator that lost points gives only a remedy and no cause (no 原因, 由于, 因,
    受…影响, 导致, 未能).

    Why: 财预〔2020〕10号要求“偏差原因分析及改进措施”两者兼有；只写措施，复核时无从判断扣分是否合理。
    Cai Yu [2020] No. 10 asks for both the cause of a deviation and the remedy; with the remedy alone a reviewer
    cannot judge the deduction.

    Example: 得分 9（分值 10），偏差说明只写“实施精准帮扶，”。
    Scored 9 of 10 with the note 实施精准帮扶， (a remedy only).

    Fix: 补写扣分或未达标的原因，如“由于……，导致……”。
    Add the cause, e.g. 由于……，导致…….
    """
    for i, item in enumerate(sheet.indicators):
        indicator = form.indicators[i]
        note = indicator.deviation_note.raw
        if not points_lost(item) or is_empty_note(note) or gives_cause(note):
            continue
        zh, en = indicator_label(i, indicator)
        text, lost = shown(indicator.deviation_note), item.weight - item.declared
        points = "point" if lost == 1 else "points"
        yield hit(f"{zh}扣了 {fmt(lost)} 分，偏差说明“{text}”只写了措施，没有说明原因。",
                  f"{cap(en)} lost {fmt(lost)} {points}, and its note “{text}” gives a remedy but no cause.",
                  field=f"indicators[{i}].deviation_note", at=indicator.deviation_note)
