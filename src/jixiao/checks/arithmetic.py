"""Arithmetic rules (A): the form's own numbers must add up — totals, weights, rates and grades."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from jixiao import settings
from jixiao.checks.registry import Hit, RuleContext, hit, rule
from jixiao.model import Form, Severity
from jixiao.scoring import ScoreSheet
from jixiao.scoring.indicators import fmt


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
