"""The scoring engine: a form and a ruleset in, a ``ScoreSheet`` with every step explained out."""

from __future__ import annotations

from decimal import Decimal

from jixiao.model import Amount, Form, FundingRow
from jixiao.scoring.indicators import fmt, rounded, score_indicator
from jixiao.scoring.result import Achievement, ItemScore, Method, ScoreSheet
from jixiao.scoring.ruleset import Ruleset
from jixiao.scoring.rulesets import get_ruleset, ruleset_for_layout

# ``ruleset`` value that means: the ruleset of the form's own layout.
AUTO = "auto"


def resolve_ruleset(form: Form, ruleset: str | Ruleset | None) -> Ruleset:
    """The ruleset to score ``form`` under: the one named or given, or its layout's (None / ``auto``)."""
    if ruleset is None or ruleset == AUTO:
        return ruleset_for_layout(form.layout)
    return get_ruleset(ruleset) if isinstance(ruleset, str) else ruleset


def score(form: Form, ruleset: str | Ruleset | None = AUTO) -> ScoreSheet:
    """Score ``form`` under ``ruleset`` (a name, a ``Ruleset``, or ``auto``: the ruleset its layout
    declares — ``mof-2020`` for the national form). The form is not changed."""
    rules = resolve_ruleset(form, ruleset)
    if not rules.scorable:
        return _unscorable(form, rules)
    execution, rate = score_execution(form, rules)
    indicators = tuple(score_indicator(ind, i, form.year, rules) for i, ind in enumerate(form.indicators))
    adjustments = [adj for item in indicators for hook in rules.indicator_hooks if (adj := hook(item))]
    items = (execution, *indicators)
    subtotal = sum((item.computed for item in items if item.computed is not None), Decimal(0))
    subtotal += sum((adj.points for adj in adjustments), Decimal(0))
    for hook in rules.total_hooks:
        adjustment = hook(rate, subtotal)
        if adjustment is not None:
            adjustments.append(adjustment)
            subtotal += adjustment.points
    total = rounded(max(subtotal, Decimal(0)))
    parts = " + ".join(fmt(item.computed) for item in items if item.computed is not None)
    parts += "".join(f" {'+' if adj.points >= 0 else '−'} {fmt(abs(adj.points))}" for adj in adjustments)
    sum_text = f"{fmt(total)} = {parts or '0'}"
    return ScoreSheet(
        form_id=form.id, ruleset=rules.name, execution=execution, indicators=indicators,
        adjustments=tuple(adjustments), declared_total=form.declared_total_score.value, computed_total=total,
        grade=rules.grade_of(total), declared_grade=form.declared_grade.text or None,
        complete=all(item.computed is not None for item in items),
        explanation=f"总分 {sum_text}", explanation_en=f"total {sum_text}",
        execution_rate=rate)


def _unscorable(form: Form, rules: Ruleset) -> ScoreSheet:
    """The sheet of a form whose layout carries no weights and no scores: nothing is computed."""
    reason, reason_en = "本版式无分值、无得分，不能评分", "this layout has no weights and no scores: not scorable"
    execution = ItemScore(field="funding", label="预算执行率", method=Method.UNSCORABLE, weight=None, declared=None,
                          computed=None, explanation=reason, explanation_en=reason_en)
    budget, executed, _ = execution_basis(form)
    rate = executed / budget if budget and executed is not None and budget > 0 else None
    return ScoreSheet(form_id=form.id, ruleset=rules.name, execution=execution, indicators=(), adjustments=(),
                      declared_total=None, computed_total=Decimal(0), grade="", declared_grade=None,
                      complete=False, explanation=reason, explanation_en=reason_en, execution_rate=rate,
                      scorable=False)


def execution_basis(form: Form) -> tuple[Decimal | None, Decimal | None, str]:
    """(budget, executed, basis) for the execution rate: basis is ``full_year``, ``initial`` or ``sources``.

    The denominator is 全年预算数 (the adjusted budget); when it is blank the 年初预算数 stands in,
    and when the total row is empty the 其中 rows are added up.
    """
    total = form.funding.total
    if total is not None and total.executed.value is not None:
        if total.full_year_budget.value is not None:
            return total.full_year_budget.value, total.executed.value, "full_year"
        if total.initial_budget.value is not None:
            return total.initial_budget.value, total.executed.value, "initial"
    budget = _sum_sources(form.funding.sources, "full_year_budget") or _sum_sources(
        form.funding.sources, "initial_budget")
    executed = _sum_sources(form.funding.sources, "executed")
    return budget, executed, "sources"


def _sum_sources(rows: tuple[FundingRow, ...], name: str) -> Decimal | None:
    amounts: list[Amount] = [getattr(row, name) for row in rows]
    values = [amount.value for amount in amounts if amount.value is not None]
    return sum(values, Decimal(0)) if values else None


def score_execution(form: Form, rules: Ruleset) -> tuple[ItemScore, Decimal | None]:
    """预算执行率 (execution rate) and its score: weight × min(rate, 1)."""
    weight = form.funding.weight.value if form.funding.weight.value is not None else rules.execution_weight
    declared = form.funding.declared_score.value
    budget, executed, basis = execution_basis(form)
    base = {"field": "funding", "label": "预算执行率", "method": Method.EXECUTION, "weight": weight,
            "declared": declared}
    if budget is None or executed is None or budget <= 0:
        return ItemScore(**base, computed=None, explanation="预算数或执行数缺失（或为0），无法计算执行率",
                         explanation_en="budget or executed amount missing (or 0): no rate"), None
    rate = executed / budget
    capped = min(rate, Decimal(1))
    computed = rounded(weight * capped)
    basis_zh = {"full_year": "全年预算数", "initial": "年初预算数，因全年预算数空白", "sources": "资金来源合计"}[basis]
    basis_en = {"full_year": "full-year budget", "initial": "initial budget (full-year blank)",
                "sources": "sum of the fund sources"}[basis]
    percent, division = fmt(rounded(rate * 100)), f"{fmt(executed)} ÷ {fmt(budget)}"
    product = f"{fmt(computed)} = {fmt(weight)} × {fmt(rounded(capped * 100))}%"  # once for both languages
    explanation = f"执行率 = {division}（{basis_zh}）= {percent}%；得分 {product}"
    explanation_en = f"rate = {division} ({basis_en}) = {percent}%; score {product}"
    flags = ("denominator-initial",) if basis == "initial" else (("denominator-sources",) if basis == "sources"
                                                                  else ())
    achievement = Achievement.MET if rate >= 1 else Achievement.MISSED
    item = ItemScore(**base, computed=computed, explanation=explanation, explanation_en=explanation_en,
                     achievement=achievement, ratio=rate, flags=flags)
    return item, rate

