"""Arithmetic rules (A): the form's own numbers must add up — totals, weights, rates and grades."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from jixiao import settings
from jixiao.checks.cells import cap, indicator_label, row_label, total_row_index
from jixiao.checks.registry import Hit, RuleContext, hit, rule
from jixiao.model import Amount, Form, Severity
from jixiao.model.fields import MONEY_COLUMNS
from jixiao.scoring import ScoreSheet, execution_basis
from jixiao.scoring.indicators import fmt, rounded

_BASIS = {"full_year": ("全年执行数", "全年预算数", "", "executed", "full-year budget", ""),
          "initial": ("全年执行数", "年初预算数", "（全年预算数空白，按年初预算数计算）", "executed", "initial budget",
                      " (the full-year budget is blank)"),
          "sources": ("各来源执行数合计", "各来源预算数合计", "（年度资金总额行空白，按资金来源行合计）",
                      "executed over the fund sources", "budget over the fund sources", " (the total row is blank)")}
_GRADES = "优良中差"
_GRADES_EN = {"优": "excellent", "良": "good", "中": "fair", "差": "poor"}


@rule("A001", "total-score-mismatch", Severity.ERROR, "总分与各项得分之和不符",
      "Declared total differs from the sum of the scores")
def total_score_mismatch(form: Form, sheet: ScoreSheet, ctx: RuleContext) -> Iterator[Hit]:
    """Checks: 填报的总分是否等于预算执行得分与各三级指标得分之和。
    Whether the declared total equals the execution score plus the sum of the indicator scores.

    Why: 财预〔2020〕10号附件：总分为各项得分之和；合计不符说明有漏记、误记或改动。
    Under Cai Yu [2020] No. 10 the total is the sum of the item scores; a mismatch means a score was
    miscopied, left out or changed by hand.

    Example: 得分 10 + 10×5 + 14 + 15 + 10 = 99，总分却填 98.9。
    The scores add up to 99 but the total says 98.9.

    Fix: 核对各项得分，按合计改正总分（或改正填错的单项得分）。
    Recheck the item scores and correct the total (or the miscopied score).
    """
    declared_total = form.declared_total_score.value
    scores = [form.funding.declared_score.value, *(ind.declared_score.value for ind in form.indicators)]
    known = [value for value in scores if value is not None]
    if declared_total is None or not known:
        return
    added = sum(known, Decimal(0))
    if abs(added - declared_total) > settings.SCORE_TOLERANCE:
        yield hit(f"填报总分 {fmt(declared_total)}，各项得分合计为 {fmt(added)}，相差 {fmt(declared_total - added)}。",
                  f"Declared total {fmt(declared_total)}, but the scores add up to {fmt(added)} "
                  f"(difference {fmt(declared_total - added)}).",
                  field="declared_total_score", at=form.declared_total_score)


def out_of_range(score: Decimal | None, weight: Decimal | None) -> bool:
    """A declared score below 0 or above its weight (beyond rounding)."""
    if score is None:
        return False
    return score < 0 or (weight is not None and score - weight > settings.SCORE_TOLERANCE)


def weight_sum(form: Form) -> Decimal | None:
    """Execution weight plus every indicator weight, or None when any of them is unknown."""
    weights = [form.funding.weight.value, *(ind.weight.value for ind in form.indicators)]
    if not form.indicators or any(weight is None for weight in weights):
        return None
    return sum((weight for weight in weights if weight is not None), Decimal(0))


@rule("A002", "total-weight-not-100", Severity.ERROR, "总分值不是100", "Total weight is not 100")
def total_weight_not_100(form: Form, sheet: ScoreSheet, ctx: RuleContext) -> Iterator[Hit]:
    """Checks: 表的总分值（填报的总分值；未填时为各项分值之和）是否为 100。
    Whether the form's total weight (as declared, or the sum of the weights when not declared) is 100.

    Why: 财预〔2020〕10号附件：预算执行率与各绩效指标分值合计 100 分；一级指标权重可以调整，
    但合计必须仍为 100（GUIDE 1.2）。
    Under Cai Yu [2020] No. 10 the execution rate and the indicators share 100 points; level-1 weights may be
    adjusted but must still add up to 100.

    Example: 预算执行率 10 分，各指标分值合计 85，总分值填 95。
    Execution 10 and indicators 85: the total weight is 95.

    Fix: 调整各指标分值，使预算执行率分值与指标分值合计为 100。
    Rebalance the indicator weights so that execution plus indicators make 100.
    """
    full = ctx.ruleset.total_weight  # 100: 10 + 90 nationally, 20 + 80 on Hubei's form
    added = weight_sum(form)
    if added is not None and abs(added - full) <= settings.SCORE_TOLERANCE:
        return  # the weights make 100; a miscopied total weight is A003's finding
    declared = form.declared_total_weight.value
    total = declared if declared is not None else added
    if total is None or abs(total - full) <= settings.SCORE_TOLERANCE:
        return
    target = fmt(full)
    if declared is not None:
        yield hit(f"总分值为 {fmt(declared)}，应为 {target}（预算执行率分值与各指标分值合计）。",
                  f"The total weight is {fmt(declared)}; it must be {target} (execution plus indicators).",
                  field="declared_total_weight", at=form.declared_total_weight)
    else:
        yield hit(f"未填总分值；预算执行率分值与各指标分值合计为 {fmt(added)}，应为 {target}。",
                  f"No total weight is declared, and execution plus indicator weights add up to {fmt(added)}, "
                  f"not {target}.", field="declared_total_weight", at=form.declared_total_weight)


@rule("A003", "total-weight-mismatch", Severity.ERROR, "总分值与各项分值之和不符",
      "Declared total weight differs from the sum of the weights")
def total_weight_mismatch(form: Form, sheet: ScoreSheet, ctx: RuleContext) -> Iterator[Hit]:
    """Checks: 填报的总分值是否等于预算执行率分值加各三级指标分值之和。
    Whether the declared total weight equals the execution weight plus the sum of the indicator weights.

    Why: 财预〔2020〕10号附件：总分值是各项分值的合计；不符说明某项分值抄错、漏计或改过。
    Under Cai Yu [2020] No. 10 the total weight is the sum of the item weights; a mismatch means a weight was
    miscopied, left out or changed.

    Example: 总分值 100，预算执行率 10 + 各指标 85 = 95。
    Total weight 100, but 10 + 85 = 95.

    Fix: 核对每项分值，改正填错的分值或总分值。
    Recheck each weight and correct the wrong weight or the total.
    """
    declared = form.declared_total_weight.value
    added = weight_sum(form)
    if declared is None or added is None or abs(declared - added) <= settings.SCORE_TOLERANCE:
        return
    yield hit(f"填报总分值 {fmt(declared)}，而预算执行率分值 {fmt(form.funding.weight.value)} 与各指标分值"
              f"合计为 {fmt(added)}。",
              f"Declared total weight {fmt(declared)}, but execution weight {fmt(form.funding.weight.value)} "
              f"plus the indicator weights add up to {fmt(added)}.",
              field="declared_total_weight", at=form.declared_total_weight)


@rule("A004", "score-out-of-range", Severity.ERROR, "得分超出分值范围", "Score outside 0 to its weight")
def score_out_of_range(form: Form, sheet: ScoreSheet, ctx: RuleContext) -> Iterator[Hit]:
    """Checks: 每项得分（预算执行得分和各指标得分）是否在 0 与其分值之间。
    Whether every score (execution and indicators) lies between 0 and its weight.

    Why: 财预〔2020〕10号及 GUIDE 1.2：完成目标得满分，不再加分；得分不会为负。
    Under Cai Yu [2020] No. 10 a target met earns full marks and no more, and no score is negative.

    Example: 分值 10 的指标得分填 12。
    An indicator worth 10 is given 12.

    Fix: 把得分改为不超过分值的数；超额完成请在偏差原因分析中说明，而不是加分。
    Bring the score within its weight; explain an overrun in the deviation note instead of adding points.
    """
    funding = form.funding
    weight = funding.weight.value if funding.weight.value is not None else ctx.ruleset.execution_weight
    if out_of_range(funding.declared_score.value, weight):
        yield _out_of_range_hit("预算执行得分", "the execution score", funding.declared_score, weight,
                                "funding.declared_score")
    for i, indicator in enumerate(form.indicators):
        if out_of_range(indicator.declared_score.value, indicator.weight.value):
            zh, en = indicator_label(i, indicator)
            yield _out_of_range_hit(f"{zh}的得分", f"the score of {en}", indicator.declared_score,
                                    indicator.weight.value, f"indicators[{i}].declared_score")


def _out_of_range_hit(zh: str, en: str, score: Amount, weight: Decimal | None, field: str) -> Hit:
    if score.value is not None and score.value < 0:
        return hit(f"{zh}为 {fmt(score.value)}，得分不能为负数。", f"{cap(en)} is {fmt(score.value)}: "
                   f"a score cannot be negative.", field=field, at=score)
    return hit(f"{zh} {fmt(score.value)} 超过其分值 {fmt(weight)}。",
               f"{cap(en)}, {fmt(score.value)}, is above its weight {fmt(weight)}.", field=field, at=score)


def as_percent(rate: Amount) -> Decimal | None:
    """A declared rate in percent: ``95%`` and ``95`` are 95; a bare fraction such as ``0.95`` is 95 too."""
    if rate.value is None:
        return None
    if rate.unit != "%" and rate.value <= 1:
        return rate.value * 100
    return rate.value


@rule("A005", "rate-mismatch", Severity.ERROR, "执行率与执行数÷预算数不符",
      "Declared execution rate differs from executed ÷ budget")
def rate_mismatch(form: Form, sheet: ScoreSheet, ctx: RuleContext) -> Iterator[Hit]:
    """Checks: 填报的执行率是否等于全年执行数 ÷ 全年预算数（全年预算数空白时按年初预算数，与计分口径一致）。
    Whether the declared rate equals executed ÷ full-year budget (the initial budget when the full-year one is
    blank, as the scoring does).

    Why: 财预〔2020〕10号附件：执行率 = 全年执行数 ÷ 全年预算数（GUIDE 1.2）；填错的执行率会带错预算执行得分。
    Under Cai Yu [2020] No. 10 the rate is executed ÷ full-year budget; a wrong rate carries into the score.

    Example: 全年预算数 50、全年执行数 40，执行率却填 100%（应为 80%）。
    Budget 50 and executed 40, yet the rate says 100% (it is 80%).

    Fix: 按执行数 ÷ 预算数重新计算执行率；如数字填错，改正预算数或执行数。
    Recompute the rate as executed ÷ budget, or correct the amount that was miscopied.
    """
    declared = as_percent(form.funding.declared_rate)
    budget, executed, basis = execution_basis(form)
    if declared is None or budget is None or executed is None or budget <= 0:
        return
    actual = executed / budget * 100
    if abs(declared - actual) <= settings.RATE_TOLERANCE_PERCENT:
        return
    done, base, note, done_en, base_en, note_en = _BASIS[basis]
    rate = fmt(rounded(actual))
    yield hit(f"执行率填 {fmt(declared)}%，按{done} {fmt(executed)} ÷ {base} {fmt(budget)} 应为 {rate}%{note}。",
              f"The declared rate is {fmt(declared)}%, but {done_en} {fmt(executed)} ÷ {base_en} {fmt(budget)} "
              f"is {rate}%{note_en}.", field="funding.declared_rate", at=form.funding.declared_rate)


@rule("A006", "execution-score-mismatch", Severity.ERROR, "预算执行得分与分值×执行率不符",
      "Execution score differs from weight × rate")
def execution_score_mismatch(form: Form, sheet: ScoreSheet, ctx: RuleContext) -> Iterator[Hit]:
    """Checks: 预算执行得分是否等于分值 × 执行率（执行率超过 100% 按 100% 计）。
    Whether the execution score equals weight × rate, the rate counted at most 100%.

    Why: 财预〔2020〕10号附件及 GUIDE 1.2：预算执行得分 = 分值 × min(执行率, 1)，不得超过分值。
    Under Cai Yu [2020] No. 10 the execution score is weight × min(rate, 1) and never above the weight.

    Example: 分值 10，执行率 80%，得分却填 10（应为 8）。
    Weight 10 and rate 80%, yet the score says 10 (it is 8).

    Fix: 按分值 × 执行率改正得分。
    Correct the score to weight × rate.
    """
    item = sheet.execution
    declared = form.funding.declared_score.value
    if declared is None or item.computed is None or out_of_range(declared, item.weight):
        return
    if abs(declared - item.computed) <= settings.SCORE_TOLERANCE:
        return
    rate = fmt(rounded(min(sheet.execution_rate or Decimal(0), Decimal(1)) * 100))
    yield hit(f"预算执行得分填 {fmt(declared)}，按分值 {fmt(item.weight)} × 执行率 {rate}% 应为 {fmt(item.computed)}。",
              f"The execution score is {fmt(declared)}, but weight {fmt(item.weight)} × rate {rate}% is "
              f"{fmt(item.computed)}.", field="funding.declared_score", at=form.funding.declared_score)


@rule("A007", "fund-sources-mismatch", Severity.ERROR, "资金来源合计与总额不符",
      "Fund sources do not add up to the total row")
def fund_sources_mismatch(form: Form, sheet: ScoreSheet, ctx: RuleContext) -> Iterator[Hit]:
    """Checks: “其中”各资金来源行（当年财政拨款、上年结转、其他资金）之和是否等于年度资金总额行，
    包括总额行为 0 或空白而来源行有钱的情形。
    Whether the 其中 rows (appropriation, carry-over, other) add up to the total row, including a total row at 0
    or blank while a source row carries the money.

    Why: 财预〔2020〕10号附件的资金表中，年度资金总额是各来源之和，执行率按总额计算（GUIDE 1.2）；
    对不上的总额使执行率失真。
    In the funding block of Cai Yu [2020] No. 10 the total is the sum of the sources and the rate is computed on
    the total; a total that does not add up distorts the rate.

    Example: 年度资金总额的全年预算数填 0，当年财政拨款行填 50。
    The total row's full-year budget is 0 while the appropriation row holds 50.

    Fix: 让总额行等于各来源行之和；来源不分项的，来源行可以空着。
    Make the total row equal the sum of the source rows; if sources are not itemised, leave those rows blank.
    """
    sources = form.funding.sources
    k = total_row_index(form)
    for name, zh, en in MONEY_COLUMNS:
        values = [getattr(row, name).value for row in sources if getattr(row, name).value is not None]
        if not values:
            continue
        added = sum(values, Decimal(0))
        if k is None:
            yield hit(f"资金来源行填了{zh}（合计 {fmt(added)} 万元），但没有年度资金总额行。",
                      f"The source rows give a total {en} of {fmt(added)} 万元, but there is no total row.",
                      field="funding.rows")
            return
        total = getattr(form.funding.rows[k], name)
        if total.is_unreadable or (total.value is not None and abs(total.value - added) <= settings.MONEY_TOLERANCE):
            continue
        zh_row, en_row = row_label(form.funding.rows[k])
        shown = "空白" if total.value is None else f"为 {fmt(total.value)} 万元"
        shown_en = "blank" if total.value is None else f"{fmt(total.value)} 万元"
        yield hit(f"{zh_row}的{zh}{shown}，而其中各资金来源行合计 {fmt(added)} 万元。",
                  f"The {en} on {en_row} is {shown_en}, but the source rows add up to {fmt(added)} 万元.",
                  field=f"funding.rows[{k}].{name}", at=total)


@rule("A008", "grade-mismatch", Severity.ERROR, "评价等级与总分不符", "Declared grade does not match the total")
def grade_mismatch(form: Form, sheet: ScoreSheet, ctx: RuleContext) -> Iterator[Hit]:
    """Checks: 填报的评价等级是否与填报总分按规则对应的等级一致（优 ≥ 90，良 80–90，中 60–80，差 < 60）。
    Whether a declared grade is the grade of the declared total under the ruleset (优 ≥ 90, 良 80–90, 中 60–80,
    差 below 60).

    Why: 财预〔2020〕10号：评价结果按总分分为优、良、中、差四档，下限含本数（GUIDE 1.2）。
    Under Cai Yu [2020] No. 10 results fall into four grades by total score, lower bounds inclusive.

    Example: 总分 88，等级填“优”（应为“良”）。
    Total 88 but graded 优 (it is 良).

    Fix: 按总分改正等级，或核对总分是否填错。
    Correct the grade to match the total, or check whether the total is wrong.
    """
    total = form.declared_total_score.value
    declared = next((ch for ch in form.declared_grade.text if ch in _GRADES), None)
    if total is None or declared is None:
        return
    expected = ctx.ruleset.grade_of(total)
    if declared != expected:
        yield hit(f"等级填“{form.declared_grade.text}”，但总分 {fmt(total)} 对应“{expected}”。",
                  f"The grade says {_GRADES_EN[declared]} ({declared}), but a total of {fmt(total)} is "
                  f"{_GRADES_EN.get(expected, expected)} ({expected}).", field="declared_grade",
                  at=form.declared_grade)
