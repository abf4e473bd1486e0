"""Cross-form rules (X): what only shows across a batch — one project twice, one goal text everywhere.

Both rules group forms by a key in a dict, so a run over n forms costs O(n) whatever n is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from decimal import Decimal

from jixiao import settings
from jixiao.checks.cells import clip, text_key
from jixiao.checks.registry import Hit, RuleContext, Scope, hit, rule
from jixiao.model import Form, Severity
from jixiao.scoring import ScoreSheet, execution_basis
from jixiao.scoring.indicators import fmt

Entries = Sequence[tuple[Form, ScoreSheet]]
_GOAL_FIELDS = (("expected", "预期目标", "expected goal"), ("achieved", "实际完成情况", "achieved-goal"))


def form_tag(form: Form) -> str:
    """A short name for a form in a message: the file name and the form's position, ``sample.txt#3``."""
    return form.id.replace("\\", "/").rsplit("/", 1)[-1]


def _amounts(form: Form) -> tuple[Decimal | None, Decimal | None]:
    budget, executed, _ = execution_basis(form)
    return budget, executed


@rule("X001", "duplicate-project-different-amounts", Severity.WARNING, "同一项目金额不一致",
      "Same project with different amounts", scope=Scope.BATCH)
def duplicate_project_different_amounts(entries: Entries, ctx: RuleContext) -> Iterator[Hit]:
    """Checks: 同一实施单位、同一年度中，项目名称相同（去掉空格标点后）的几张表，预算数或执行数是否不同。
    Whether forms of one implementing unit and year with the same project name (folded) give different budget
    or executed amounts.

    Why: 财预〔2020〕10号要求每个项目自评一次；同名项目金额不同，说明重复填报、漏改名称或数字有误，抽查复核时会被追问。
    Cai Yu [2020] No. 10 has each project evaluated once; the same name with different money means a duplicate,
    a name not changed after copying, or a wrong figure.

    Example: 同一单位 2020 年有两张“昌吉州脱贫攻坚调研、督促指导项目经费”，预算分别为 35 万元和 20 万元。
    Two 2020 forms of one unit named 昌吉州脱贫攻坚调研、督促指导项目经费, with budgets of 35 and 20 万元.

    Fix: 确认是否为两个不同项目；是则改用各自的预算项目名称，否则合并为一张并核对金额。
    If they are different projects, give each its own budget name; otherwise merge them and check the money.
    """
    groups: dict[tuple[str, str, int | None], list[Form]] = defaultdict(list)
    for form, _sheet in entries:
        name = text_key(form.project_name.text)
        if name:
            groups[(name, text_key(form.implementing_unit.text), form.year)].append(form)
    for forms in groups.values():
        if len(forms) < 2 or len({_amounts(form) for form in forms}) < 2:
            continue
        money = "；".join(f"{form_tag(f)} 预算 {fmt(b)}、执行 {fmt(e)}" for f in forms for b, e in [_amounts(f)])
        money_en = "; ".join(f"{form_tag(f)} budget {fmt(b)}, executed {fmt(e)}" for f in forms
                             for b, e in [_amounts(f)])
        name = clip(forms[0].project_name.text)
        yield hit(f"项目“{name}”在同一单位、同一年度出现 {len(forms)} 次，金额不同（万元）：{money}。",
                  f"The project “{name}” appears {len(forms)} times for one unit and year with different amounts "
                  f"(万元): {money_en}.", field="project_name", at=forms[0].project_name,
                  forms=tuple(form.id for form in forms))


@rule("X002", "shared-goal-text", Severity.WARNING, "不同项目的年度目标文字相同",
      "Same goal text in different projects", scope=Scope.BATCH)
def shared_goal_text(entries: Entries, ctx: RuleContext) -> Iterator[Hit]:
    """Checks: 项目名称不同的几张表，年度总体目标的预期目标或实际完成情况是否是同一段文字
    （去掉空格标点后，至少 settings.MIN_SHARED_GOAL_CHARS 个字）。每组一条，列出全部相关的表。
    Whether forms of different projects share the same expected or achieved goal text (folded, at least
    settings.MIN_SHARED_GOAL_CHARS characters); one finding per group, naming every form.

    Why: 财预〔2020〕10号要求年度总体目标反映本项目的预期产出和效果；
    各项目共用一段部门职责式的文字，说明目标没有按项目设定。
    Cai Yu [2020] No. 10 asks each project's annual goal to describe that project's outputs and effects; one
    text shared by several projects is a department's mission, not a project goal.

    Example: 四个不同项目的预期目标都是同一段“贯彻执行国家、自治区、自治州脱贫攻坚战……”。
    Four different projects all give the same expected goal, 贯彻执行国家、自治区、自治州脱贫攻坚战…….

    Fix: 按各项目的预算批复重写年度目标，写明本项目要完成什么、完成了什么。
    Rewrite each goal from the project's approved budget: what this project was to achieve, and did.
    """
    for name, zh, en in _GOAL_FIELDS:
        groups: dict[str, list[Form]] = defaultdict(list)
        for form, _sheet in entries:
            key = text_key(getattr(form.goal, name).text)
            if len(key) >= settings.MIN_SHARED_GOAL_CHARS:
                groups[key].append(form)
        for key, forms in groups.items():
            projects = {text_key(form.project_name.text) for form in forms}
            if len(projects) < 2:
                continue
            tags = "、".join(form_tag(form) for form in forms)
            tags_en = ", ".join(form_tag(form) for form in forms)
            yield hit(f"{len(forms)} 张表（{len(projects)} 个不同项目）的{zh}是同一段文字（{len(key)} 字）：{tags}。"
                      "年度目标应按项目分别填写。",
                      f"{len(forms)} forms of {len(projects)} different projects share the same {en} text "
                      f"({len(key)} characters): {tags_en}. Each project needs its own goal.",
                      field=f"goal.{name}", at=getattr(forms[0].goal, name), forms=tuple(form.id for form in forms))
