"""Recompute rules (C): the declared indicator scores against what the scoring engine computes."""

from __future__ import annotations

from collections.abc import Iterator

from jixiao import settings
from jixiao.checks.arithmetic import out_of_range
from jixiao.checks.cells import cap, indicator_label, shown
from jixiao.checks.registry import Hit, RuleContext, hit, rule
from jixiao.model import Form, Severity
from jixiao.scoring import Achievement, ItemScore, Method, ScoreSheet
from jixiao.scoring.indicators import fmt

# Methods where the engine computes one score from the numbers (qualitative scores only have a band).
COMPUTED_METHODS = frozenset({Method.AT_LEAST, Method.AT_MOST, Method.EQUAL, Method.DEADLINE})


def deducted_though_met(item: ItemScore) -> bool:
    """A computed indicator that met its target yet lost points (an exceeded “=T” is C005's question)."""
    return (item.method in COMPUTED_METHODS and item.achievement is Achievement.MET
            and "equal-exceeded" not in item.flags and item.declared is not None and item.weight is not None
            and item.weight - item.declared > settings.SCORE_TOLERANCE)


def full_though_missed(item: ItemScore) -> bool:
    """A computed indicator that missed its target yet was given its whole weight."""
    return (item.method in COMPUTED_METHODS and item.achievement is Achievement.MISSED
            and item.declared is not None and item.weight is not None
            and abs(item.weight - item.declared) <= settings.SCORE_TOLERANCE)


def _assumed(item: ItemScore) -> tuple[str, str]:
    """A note on the comparison sign when the target did not state one."""
    if "operator-assumed" not in item.flags:
        return "", ""
    sign = "≤" if item.method is Method.AT_MOST else "≥"
    return f"（指标值未写比较符号，按“{sign}”理解）", f" (the target states no sign; read as {sign})"


@rule("C001", "score-differs", Severity.WARNING, "得分与按公式计算的不符", "Score differs from the formula")
def score_differs(form: Form, sheet: ScoreSheet, ctx: RuleContext) -> Iterator[Hit]:
    """Checks: 定量指标和时限指标的填报得分是否与按计分公式重算的得分一致（差额超过容差才报）。
    Whether the declared score of a quantitative or deadline indicator matches the score the formula gives
    (beyond a rounding tolerance).

    Why: 财预〔2020〕10号及 GUIDE 1.2 的计分规则：正向指标未达标得 分值 × 完成值 ÷ 指标值，反向指标得
    分值 × 指标值 ÷ 完成值，按时完成得满分。
    The scoring rules of Cai Yu [2020] No. 10: a ≥ target missed earns weight × actual ÷ target, a ≤ target
    weight × target ÷ actual, a deadline met full marks.

    Example: “≥10次”完成 8 次，分值 10，应得 8 分，却填 6 分。
    Target ≥10, actual 8, weight 10: the formula gives 8, the form says 6.

    Fix: 按公式改正得分；有其他扣分理由的，在偏差原因分析中写明。
    Correct the score to the formula, or give the reason for any other deduction in the deviation note.
    """
    for i, item in enumerate(sheet.indicators):
        if (item.method not in COMPUTED_METHODS or item.declared is None or item.computed is None
                or "equal-exceeded" in item.flags or out_of_range(item.declared, item.weight)
                or deducted_though_met(item) or full_though_missed(item)):
            continue  # C005, A004, C002 and C003 say it more precisely
        if abs(item.declared - item.computed) <= settings.SCORE_TOLERANCE:
            continue
        zh, en = indicator_label(i, form.indicators[i])
        yield hit(f"{zh}填报得分 {fmt(item.declared)}，按计分公式应为 {fmt(item.computed)}（{item.explanation}）。",
                  f"{cap(en)} declares {fmt(item.declared)}, but the formula gives {fmt(item.computed)} "
                  f"({item.explanation_en}).", field=f"indicators[{i}].declared_score",
                  at=form.indicators[i].declared_score)


@rule("C002", "met-but-deducted", Severity.WARNING, "已达标却扣分", "Target met but points deducted")
def met_but_deducted(form: Form, sheet: ScoreSheet, ctx: RuleContext) -> Iterator[Hit]:
    """Checks: 定量或时限指标已达到指标值，得分却低于分值。
    Whether a quantitative or deadline indicator met its target but was given less than its weight.

    Why: 财预〔2020〕10号及 GUIDE 1.2：完成指标值即得满分；达标仍扣分，要么得分填错，要么另有未说明的理由。
    Under Cai Yu [2020] No. 10 a target met earns full marks; a deduction anyway is either a slip or a reason
    left unstated.

    Example: “≥90%”完成 95%，分值 10，得分填 9。
    Target ≥90%, actual 95%, weight 10, score 9.

    Fix: 改为满分；确有扣分理由（如质量问题）的，在偏差原因分析中写明。
    Give full marks, or state the reason for the deduction (e.g. a quality problem) in the deviation note.
    """
    for i, item in enumerate(sheet.indicators):
        if not deducted_though_met(item):
            continue
        indicator = form.indicators[i]
        zh, en = indicator_label(i, indicator)
        note, note_en = _assumed(item)
        target, actual = shown(indicator.target), shown(indicator.actual)
        yield hit(f"{zh}完成值“{actual}”已达到指标值“{target}”{note}，"
                  f"却只得 {fmt(item.declared)} 分（分值 {fmt(item.weight)}）。",
                  f"{cap(en)} met its target ({actual} against {target})"
                  f"{note_en} yet scores {fmt(item.declared)} of {fmt(item.weight)}.",
                  field=f"indicators[{i}].declared_score", at=indicator.declared_score)


@rule("C003", "missed-but-full", Severity.WARNING, "未达标却得满分", "Target missed but full marks")
def missed_but_full(form: Form, sheet: ScoreSheet, ctx: RuleContext) -> Iterator[Hit]:
    """Checks: 定量或时限指标未达到指标值，得分却等于分值（满分）。
    Whether a quantitative or deadline indicator missed its target but was given its whole weight.

    Why: 财预〔2020〕10号及 GUIDE 1.2：未达标按完成比例计分（逾期为 0）；未达标得满分会虚增总分。
    Under Cai Yu [2020] No. 10 a missed target scores in proportion (0 when late); full marks inflate the total.

    Example: “≥10次”只完成 5 次，分值 10，得分却填 10（应为 5）。
    Target ≥10 but 5 done, weight 10, score 10 (the formula gives 5).

    Fix: 按公式改正得分，并在偏差原因分析中说明未达标的原因。
    Correct the score to the formula and explain the shortfall in the deviation note.
    """
    for i, item in enumerate(sheet.indicators):
        if not full_though_missed(item):
            continue
        indicator = form.indicators[i]
        zh, en = indicator_label(i, indicator)
        note, note_en = _assumed(item)
        target, actual = shown(indicator.target), shown(indicator.actual)
        yield hit(f"{zh}完成值“{actual}”未达到指标值“{target}”{note}，"
                  f"却得满分 {fmt(item.declared)}；按公式应为 {fmt(item.computed)}。",
                  f"{cap(en)} missed its target ({actual} against {target})"
                  f"{note_en} yet has full marks {fmt(item.declared)}; the formula gives {fmt(item.computed)}.",
                  field=f"indicators[{i}].declared_score", at=indicator.declared_score)


@rule("C004", "qualitative-outside-band", Severity.WARNING, "定性指标得分不在档次区间内",
      "Qualitative score outside its band")
def qualitative_outside_band(form: Form, sheet: ScoreSheet, ctx: RuleContext) -> Iterator[Hit]:
    """Checks: 定性指标的得分是否落在其完成情况对应的档次区间内。
    Whether a qualitative indicator's score lies inside the band its achievement implies.

    Why: 财预〔2020〕10号及 GUIDE 1.2：定性指标分三档——达成年度指标 80%–100%，部分达成 60%–80%，
    未达成 0–60%（占分值的比例）。
    Under Cai Yu [2020] No. 10 qualitative scores fall in three bands of the weight: achieved 80–100%, partly
    achieved 60–80%, not achieved 0–60%.

    Example: 完成值写“基本完成”（部分达成，10 分的指标应得 6–8 分），得分却填 10。
    The actual says 基本完成 (partly achieved: 6–8 of 10), yet the score is 10.

    Fix: 在对应档次内给分；若确已完全达成，把完成值写清楚。
    Score inside the band, or state the actual plainly if the target was in fact fully achieved.
    """
    for i, item in enumerate(sheet.indicators):
        if item.method is not Method.QUALITATIVE or "outside-band" not in item.flags or item.band is None:
            continue
        band = ctx.ruleset.band_for(item.achievement)
        label, label_en = (band.label, band.label_en) if band else ("", "")
        low, high = item.band
        zh, en = indicator_label(i, form.indicators[i])
        yield hit(f"{zh}是定性指标，完成情况属“{label}”，得分应在 {fmt(low)}–{fmt(high)} 分之间，"
                  f"填报 {fmt(item.declared)} 分不在其内。",
                  f"{cap(en)} is qualitative ({label_en}): its score must lie within {fmt(low)}–{fmt(high)}, "
                  f"but {fmt(item.declared)} is declared.", field=f"indicators[{i}].declared_score",
                  at=form.indicators[i].declared_score)


@rule("C005", "equal-target-exceeded", Severity.INFO, "“=”目标被超额完成", "An “=” target was exceeded")
def equal_target_exceeded(form: Form, sheet: ScoreSheet, ctx: RuleContext) -> Iterator[Hit]:
    """Checks: 写成“=T”的指标，完成值是否超过了指标值。
    Whether an indicator whose target is written “=T” was exceeded.

    Why: GUIDE 1.2 依据财预〔2020〕10号的计分规则：“=T”的指标超额完成时是否得满分要看指标本身，不能机械计算。
    Under the scoring rules of Cai Yu [2020] No. 10 (GUIDE 1.2) an exceeded “=T” target is judged by the
    indicator itself, not by formula.

    Example: “=4个”完成 6 个。
    Target =4, actual 6.

    Fix: 判断超额是否符合目标（如恰好数量才合理则应扣分），并在偏差原因分析中说明；
    若其实是“≥”目标，改正指标值的符号。
    Judge whether the overrun serves the target and explain it in the deviation note; if the target really
    meant ≥, correct its sign.
    """
    for i, item in enumerate(sheet.indicators):
        if "equal-exceeded" not in item.flags:
            continue
        indicator = form.indicators[i]
        zh, en = indicator_label(i, indicator)
        target, actual = shown(indicator.target), shown(indicator.actual)
        yield hit(f"{zh}的指标值是“{target}”，完成值“{actual}”超出；"
                  "超额是否得满分取决于指标本身，请人工判断。",
                  f"{cap(en)} targets {target} and reached {actual}: "
                  "whether an overrun earns full marks depends on the indicator; judge it by hand.",
                  field=f"indicators[{i}].actual", at=indicator.actual)
