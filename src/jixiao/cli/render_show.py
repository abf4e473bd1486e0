"""``jixiao show``: a form printed as the table it is — header, 项目资金 (funding), 年度总体目标
(goal), 绩效指标 (indicators), 总分 (total) — with declared and recomputed scores side by side and
the arithmetic behind every recomputed number."""

from __future__ import annotations

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from jixiao.cli.render import TABLE_BOX, computed_text, cut, number, shown
from jixiao.i18n import catalogue, t
from jixiao.model import Form, FundingRow, FundKind
from jixiao.scoring import ItemScore, ScoreSheet

_FUND_COLUMNS = ("col_initial", "col_full_year", "col_executed", "col_weight", "col_rate", "col_score",
                 "col_computed")
_INDICATOR_COLUMNS = ("col_level1", "col_level2", "col_name", "col_target", "col_actual", "col_weight",
                      "col_score", "col_computed", "col_note")
# Below this width the ten indicator columns cannot all be read; each indicator becomes a small card.
TABLE_MIN_WIDTH = 110
# Rich shrinks the widest columns first; these bounds keep names and notes readable and let a date
# (``2020年12月31日``, 14 cells) fit on one line.
_INDICATOR_WIDTHS: dict[str, dict[str, int]] = {
    "col_level2": {"max_width": 12}, "col_name": {"min_width": 16}, "col_target": {"max_width": 14},
    "col_actual": {"max_width": 14}, "col_note": {"min_width": 12},
}


def render_show(console: Console, forms: list[Form], sheets: list[ScoreSheet | None], lang: str) -> None:
    for form, sheet in zip(forms, sheets, strict=True):
        title = " ".join(part for part in (shown(form.title), shown(form.year_text)) if part)
        console.rule(Text(f"{title} · {form.id}" if title else form.id, style="bold"), align="left")
        indicators = (indicator_table if console.width >= TABLE_MIN_WIDTH else indicator_cards)(form, sheet, lang)
        for block in (header(form, lang), funding_table(form, sheet, lang), goal_table(form, lang), indicators):
            console.print(block)
            console.print()
        if sheet is not None:
            console.print(explanation_table(sheet, lang))
            console.print()
        for line in total_lines(form, sheet, lang):
            console.print(line)
        console.print()


def header(form: Form, lang: str) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for key, value in (("project", form.project_name), ("department", form.competent_department),
                       ("unit", form.implementing_unit)):
        grid.add_row(t(key, lang), shown(value, 200))
    if form.missing_sections:
        names = [t(f"block_{name}", lang) if f"block_{name}" in catalogue() else name for name in form.missing_sections]
        grid.add_row("", Text(t("missing_sections", lang, sections=t("list_sep", lang).join(names)), style="bold red"))
    return grid


def funding_table(form: Form, sheet: ScoreSheet | None, lang: str) -> Table:
    """The funding rows as written; weight, rate and scores sit on the total row, as on the form."""
    table = Table(title=t("funding_title", lang), title_justify="left", box=TABLE_BOX, pad_edge=False)
    table.add_column(t("col_fund", lang), overflow="fold")
    for key in _FUND_COLUMNS:
        table.add_column(t(key, lang), justify="right", overflow="fold")
    funding = form.funding
    rows = list(funding.rows)
    if funding.total is None:  # keep weight and score visible even when the total row is missing
        rows.insert(0, None)
    for row in rows:
        table.add_row(*_fund_cells(row), *_total_cells(form, sheet, lang, row))
    return table


def _fund_cells(row: FundingRow | None) -> list[str]:
    if row is None:
        return ["", "", "", ""]
    return [shown(row.label), shown(row.initial_budget), shown(row.full_year_budget), shown(row.executed)]


def _total_cells(form: Form, sheet: ScoreSheet | None, lang: str, row: FundingRow | None) -> list[str | Text]:
    if row is not None and row.kind is not FundKind.TOTAL:
        return ["—", "—", "—", ""]
    funding = form.funding
    computed = sheet.execution.computed if sheet is not None else None
    return [shown(funding.weight), shown(funding.declared_rate), shown(funding.declared_score),
            computed_text(funding.declared_score.value, computed, lang)]


def goal_table(form: Form, lang: str) -> Table:
    table = Table(title=t("goal_title", lang), title_justify="left", box=TABLE_BOX, show_header=False,
                  pad_edge=False, expand=True)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(ratio=1, overflow="fold")
    table.add_row(t("goal_expected", lang), form.goal.expected.text)
    table.add_row(t("goal_achieved", lang), form.goal.achieved.text)
    return table


def indicator_table(form: Form, sheet: ScoreSheet | None, lang: str) -> Table:
    """Indicators with level-1 and level-2 shown once per group, as the merged cells of the form."""
    table = Table(title=t("indicators_title", lang), title_justify="left", box=TABLE_BOX, pad_edge=False)
    table.add_column("#", justify="right", no_wrap=True)
    for key in _INDICATOR_COLUMNS:
        numeric = key in ("col_weight", "col_score", "col_computed")
        table.add_column(t(key, lang), justify="right" if numeric else "left", no_wrap=numeric, overflow="fold",
                         **_INDICATOR_WIDTHS.get(key, {}))
    previous = ("", "")
    for position, indicator in enumerate(form.indicators):
        level1, level2 = shown(indicator.level1), shown(indicator.level2)
        item = _item_at(sheet, position)
        table.add_row(
            str(position + 1), level1 if level1 != previous[0] else "",
            level2 if (level1, level2) != previous else "", shown(indicator.name), shown(indicator.target),
            shown(indicator.actual), shown(indicator.weight), shown(indicator.declared_score),
            computed_text(indicator.declared_score.value, item.computed if item else None, lang),
            shown(indicator.deviation_note),
        )
        previous = (level1, level2)
    return table


def indicator_cards(form: Form, sheet: ScoreSheet | None, lang: str) -> Table:
    """The indicators for a narrow terminal: classes and name on one line, the numbers on the next."""
    cards = Table(title=t("indicators_title", lang), title_justify="left", box=None, show_header=False,
                  pad_edge=False)
    cards.add_column("#", justify="right", no_wrap=True)
    cards.add_column(overflow="fold")
    for position, indicator in enumerate(form.indicators):
        item = _item_at(sheet, position)
        names = " / ".join(part for part in (shown(indicator.level1), shown(indicator.level2), shown(indicator.name))
                           if part)
        card = Text(names, style="bold")
        numbers = (("col_target", indicator.target), ("col_actual", indicator.actual),
                   ("col_weight", indicator.weight), ("col_score", indicator.declared_score))
        card.append("\n" + " · ".join(f"{t(key, lang)} {shown(value) or '—'}" for key, value in numbers))
        card.append(f" · {t('col_computed', lang)} ")
        card.append_text(computed_text(indicator.declared_score.value, item.computed if item else None, lang))
        card.append(f"\n{t('col_note', lang)} {shown(indicator.deviation_note) or '—'}", style="dim")
        cards.add_row(str(position + 1), card)
    return cards


def explanation_table(sheet: ScoreSheet, lang: str) -> Table:
    """Every recomputed number with its arithmetic, e.g. ``8 = 10 × 8 ÷ 10``."""
    table = Table(title=t("explanations_title", lang, ruleset=sheet.ruleset), title_justify="left",
                  box=TABLE_BOX, pad_edge=False, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column(t("col_item", lang), ratio=2, overflow="fold")
    for key in ("col_weight", "col_declared", "col_computed"):
        table.add_column(t(key, lang), justify="right", no_wrap=True)
    table.add_column(t("col_explanation", lang), ratio=5, overflow="fold")
    for position, item in enumerate(sheet.items):
        label = t("execution_item", lang) if position == 0 else cut(item.label)
        table.add_row(str(position) if position else "—", label, number(item.weight), number(item.declared),
                      computed_text(item.declared, item.computed, lang), _explanation(item, lang))
    return table


def _explanation(item: ItemScore, lang: str) -> str:
    return item.explanation if lang == "zh" else item.explanation_en


def total_lines(form: Form, sheet: ScoreSheet | None, lang: str) -> list[Text | Padding]:
    """总分 (total): weight, declared and recomputed side by side, the sum behind it, the adjustments."""
    computed = sheet.computed_total if sheet is not None else None
    grade = sheet.grade if sheet is not None else "—"
    if form.declared_grade.text:
        grade = t("grade_declared", lang, grade=grade, declared=form.declared_grade.text)
    line = Text(t("total_title", lang) + "  ", style="bold")
    line.append(t("total_line", lang, weight=shown(form.declared_total_weight) or "—",
                  declared=shown(form.declared_total_score) or "—",
                  computed=computed_text(form.declared_total_score.value, computed, lang).plain, grade=grade))
    if sheet is None:
        return [line]
    lines: list[Text | Padding] = [line, Padding(Text(_explanation(sheet, lang)), (0, 0, 0, 2))]
    lines.append(Text(t("adjustments_title", lang), style="bold"))
    if not sheet.adjustments:
        lines.append(Padding(Text(t("no_adjustments", lang, ruleset=sheet.ruleset)), (0, 0, 0, 2)))
    for adjustment in sheet.adjustments:
        reason = adjustment.explanation if lang == "zh" else adjustment.explanation_en
        points = f"{'+' if adjustment.points >= 0 else '−'}{number(abs(adjustment.points))}"
        lines.append(Padding(Text(f"{points}  {adjustment.field}  {reason}"), (0, 0, 0, 2)))
    return lines


def _item_at(sheet: ScoreSheet | None, position: int) -> ItemScore | None:
    """The sheet's item for the indicator at ``position``; None when there is no sheet or, for a form
    whose layout has no weights or scores, no item at all."""
    if sheet is None or position >= len(sheet.indicators):
        return None
    return sheet.indicators[position]
