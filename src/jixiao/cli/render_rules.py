"""``jixiao rules``: the registry of check rules and the catalogue of reading problems (R codes),
listed, or one of them with its documentation (the rule's docstring sections)."""

from __future__ import annotations

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from jixiao.checks import ALL_RULES, RULES_BY_CODE, Rule
from jixiao.cli.render import TABLE_BOX, severity_text
from jixiao.i18n import t
from jixiao.ingest.problems import PROBLEMS, Problem
from jixiao.model import Severity


def render_rule_list(console: Console, lang: str) -> None:
    table = Table(title=t("rules_title", lang), title_justify="left", box=TABLE_BOX, pad_edge=False)
    for key in ("col_code", "col_severity", "col_rule_name", "col_title"):
        table.add_column(t(key, lang), no_wrap=key != "col_title", overflow="fold")
    family = None
    for rule in ALL_RULES:
        if family is not None and rule.family != family:
            table.add_section()
        family = rule.family
        table.add_row(rule.code, severity_text(rule.severity, lang), rule.name, _title(rule, lang))
    console.print(table)
    console.print()
    problems = Table(title=t("problems_title", lang), title_justify="left", box=TABLE_BOX, pad_edge=False)
    for key in ("col_code", "col_severity", "col_title"):
        problems.add_column(t(key, lang), no_wrap=key != "col_title", overflow="fold")
    for item in PROBLEMS.values():
        problems.add_row(item.code, severity_text(item.severity, lang), _title(item, lang))
    console.print(problems)
    console.print()
    console.print(t("rules_count", lang, rules=len(ALL_RULES), problems=len(PROBLEMS)))


def find(code: str) -> Rule | Problem | None:
    """The rule (by code or alias) or reading problem named by ``code``, case-insensitively."""
    key = code.strip().upper()
    return RULES_BY_CODE.get(key) or PROBLEMS.get(key)


def render_rule_doc(console: Console, item: Rule | Problem, lang: str) -> None:
    """A rule's code, name, titles, severity, scope, then its documentation section by section."""
    heading = Text(item.code, style="bold")
    if isinstance(item, Rule):
        heading.append(f"  {item.name}")
    heading.append("  ")
    heading.append_text(severity_text(item.severity, lang))
    console.print(heading)
    other = "en" if lang == "zh" else "zh"
    console.print(Text(_title(item, lang), style="bold"))
    console.print(Text(_title(item, other), style="dim"))
    console.print(_meta(item, lang))
    if isinstance(item, Rule) and item.aliases:
        console.print(t("rule_aliases", lang, aliases=", ".join(item.aliases)))
    sections = item.sections() if isinstance(item, Rule) else {"Doc": item.doc}
    for name, body in sections.items():
        console.print()
        console.print(Text(t(f"section_{name}", lang), style="bold underline"))
        console.print(Padding(Text(body), (0, 0, 0, 2)))


def _meta(item: Rule | Problem, lang: str) -> str:
    severity = Severity(item.severity).label(lang)
    if isinstance(item, Rule):
        return t("rule_meta", lang, severity=severity, family=item.family, scope=t(f"scope_{item.scope}", lang))
    return t("rule_meta", lang, severity=severity, family=t("family_reading", lang), scope=t("scope_form", lang))


def _title(item: Rule | Problem, lang: str) -> str:
    return item.title if lang == "zh" else item.title_en
