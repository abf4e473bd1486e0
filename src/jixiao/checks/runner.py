"""Running the rules over forms: selection by code, isolation of a failing rule, cross-form rules."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from jixiao.checks.catalog import ALL_RULES
from jixiao.checks.registry import Rule, RuleContext, Scope
from jixiao.ingest.problems import problem
from jixiao.model import Finding, Form, Severity
from jixiao.scoring import AUTO, Ruleset, ScoreSheet, get_ruleset, resolve_ruleset, score
from jixiao.settings import DOUBTED_BELOW

# Families whose errors rest on the figures read: arithmetic (A) and recomputation (C). On a form the
# reader doubts, their errors are reported as warnings, since the figure may be the reader's mistake.
_FIGURE_FAMILIES = ("A", "C")
# Rules about weights and scores: they do not apply to a form whose layout has neither (the county
# forms of ``unweighted-county``). The funding arithmetic (A005 rate, A007 sources) still does.
_NEED_SCORES = frozenset({"A001", "A002", "A003", "A004", "A006", "A008", "C001", "C002", "C003", "C004", "C005",
                          "P001", "Q007"})
# Rules whose figure is a sum over the indicator rows (合计). Where the text lost how many rows there are
# (R006 on ``indicators``: two rows run into one, or one cut in two), a row may be missing from the sum
# while every figure read is sure: their errors are weighed as doubted.
_SUMS_OVER_ROWS = frozenset({"A001", "A002", "A003"})


def select_rules(select: Iterable[str] | None = None, ignore: Iterable[str] | None = None) -> list[Rule]:
    """Rules whose code starts with one of ``select`` (all when None) and with none of ``ignore``.

    A prefix selects a family (``A`` → every arithmetic rule); an alias selects the rule it names.
    """
    chosen = [r for r in ALL_RULES if select is None or _matches(r, select)]
    return [r for r in chosen if not ignore or not _matches(r, ignore)]


def _matches(rule: Rule, prefixes: Iterable[str]) -> bool:
    codes = (rule.code, *rule.aliases)
    return any(code.upper().startswith(prefix.strip().upper()) for prefix in prefixes for code in codes)


def check(forms: Sequence[Form], *, ruleset: str | Ruleset = AUTO,
          select: Iterable[str] | None = None, ignore: Iterable[str] | None = None,
          sheets: Sequence[ScoreSheet] | None = None) -> list[Finding]:
    """Every finding of the selected rules over ``forms`` (form rules first, then cross-form rules).

    With ``ruleset`` ``auto`` each form is checked under its own layout's ruleset (a Sichuan form's
    free 90 points and a Hubei form's 20-point execution are that layout's rules, not errors).
    """
    contexts: dict[str, RuleContext] = {}
    sheets = list(sheets) if sheets is not None else [score(form, ruleset) for form in forms]
    entries = list(zip(forms, sheets, strict=True))
    rules = select_rules(select, ignore)
    form_rules = [rule for rule in rules if rule.scope is Scope.FORM]
    findings: list[Finding] = []
    for form, sheet in entries:
        form_ids = (form.id,)
        rules_in_force = resolve_ruleset(form, ruleset)
        context = contexts.get(rules_in_force.name)
        if context is None:
            context = contexts[rules_in_force.name] = RuleContext(ruleset=rules_in_force)
        start = len(findings)
        for rule in form_rules:
            if rules_in_force.scorable or rule.code not in _NEED_SCORES:
                _run(rule, form_ids, findings, form, sheet, context)
        if form.reading.confidence < 1:  # forms read from tables are sure of every value
            findings[start:] = _weighed(findings[start:], form)
    # Cross-form rules compare amounts and texts, not scores: any form's ruleset serves them.
    batch_context = next(iter(contexts.values()), None) or RuleContext(ruleset=get_ruleset("mof-2020"))
    for rule in rules:
        if rule.scope is Scope.BATCH:
            _run(rule, (), findings, entries, batch_context)
    return findings


def _weighed(findings: list[Finding], form: Form) -> list[Finding]:
    """The findings on a form read from messy text, weighed against what the reader doubts.

    A finding about a field the text has lost is dropped: R006 already says the value could not be
    read, and "the unit left it blank" would be false. An error at a doubted cell, on a field inside a
    block the text lost (an indicator row of a block whose row count is lost), a sum over the indicator
    rows when their count is lost, or an arithmetic error on a form with doubted figures, becomes a
    warning that says why.
    """
    lost = frozenset(form.reading.unreadable)
    figures_doubted = form.reading.confidence < DOUBTED_BELOW and _figures_doubted(form)
    rows_lost = "indicators" in lost
    weighed = []
    for finding in findings:
        if finding.field and finding.field in lost:
            continue
        at_doubt = (finding.location is not None and finding.location.doubted) or _inside_lost(finding.field, lost)
        if at_doubt or (figures_doubted and finding.code.startswith(_FIGURE_FAMILIES)):
            finding = _doubted(finding, _LOW_CONFIDENCE)
        elif rows_lost and finding.code in _SUMS_OVER_ROWS:
            finding = _doubted(finding, _ROWS_UNCOUNTED)
        weighed.append(finding)
    return weighed


def _inside_lost(field: str, lost: frozenset[str]) -> bool:
    """Whether ``field`` lies inside a block the text lost (``indicators[4].weight`` inside ``indicators``)."""
    return bool(field) and any(field.startswith((path + ".", path + "[")) for path in lost)


def _figures_doubted(form: Form) -> bool:
    """Whether the reader doubts any figure of the form (an amount, weight, score, target or actual):
    a doubted project name or goal text says nothing about the arithmetic."""
    funding = form.funding
    values = [funding.weight, funding.declared_rate, funding.declared_score, form.declared_total_weight,
              form.declared_total_score]
    for row in funding.rows:
        values += (row.initial_budget, row.full_year_budget, row.executed)
    for indicator in form.indicators:
        values += (indicator.weight, indicator.declared_score, indicator.target, indicator.actual)
    return any(value.source is not None and value.source.doubted for value in values)


# Why an error on a form read from messy text is a warning, in Chinese and English.
_LOW_CONFIDENCE = ("（该表读取置信度低，数值可能是读取所致，故不作为错误）",
                   " (the form was read with low confidence: the figure may be a reading mistake, so this is not "
                   "reported as an error)")
_ROWS_UNCOUNTED = ("（该表指标行数未能读准，合计可能少算或多算一行，故不作为错误）",
                   " (the reader could not tell how many indicator rows the form has: the sum may miss a row or "
                   "count one twice, so this is not reported as an error)")


def _doubted(finding: Finding, why: tuple[str, str]) -> Finding:
    """An error on a value the reader doubts, as a warning that says ``why`` (Chinese, English)."""
    if finding.severity is not Severity.ERROR:
        return finding
    return replace(finding, severity=Severity.WARNING, message=finding.message + why[0],
                   message_en=finding.message_en + why[1])


def _run(rule: Rule, form_ids: tuple[str, ...], findings: list[Finding], *args: object) -> None:
    """Add a rule's findings to ``findings``; a rule that raises adds one R005 finding naming it instead
    (and none of the findings it made before), and the run goes on.

    The findings go straight into the run's list: this runs once per rule and form, 370,000 times over
    10,000 forms, where a list of its own each time shows.
    """
    start = len(findings)
    try:
        for found in rule.func(*args):
            findings.append(rule.finding(found, form_ids))
    except Exception as error:
        del findings[start:]
        findings.append(problem("R005", f"规则 {rule.code}（{rule.title}）运行出错：{error!r}",
                                f"rule {rule.code} ({rule.title_en}) failed: {error!r}", forms=form_ids))
