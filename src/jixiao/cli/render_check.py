"""The report of ``jixiao check``: per file, per form a panel with its totals and findings, then the
cross-form findings, the inputs that could not be read, and a summary line."""

from __future__ import annotations

import functools
from collections import defaultdict

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from jixiao.cli.inputs import UNREADABLE_CODES, Batch
from jixiao.cli.render import findings_table, number, shown
from jixiao.i18n import t
from jixiao.model import Finding, Form, Severity
from jixiao.scoring import ScoreSheet


def render_check(console: Console, batch: Batch, lang: str) -> None:
    by_form, cross, other = group_findings(batch)
    sheets = dict(zip((form.id for form in batch.forms), batch.sheets, strict=True))
    for result in batch.results:
        if not result.readable:
            continue
        console.rule(Text(t("file_heading", lang, path=result.path, forms=t("forms_n", lang, n=len(result.forms)))),
                     align="left")
        for form in result.forms:
            console.print(form_panel(form, sheets.get(form.id), by_form.get(form.id, []), lang))
    if cross:
        single = len(batch.results) - len(batch.unreadable) == 1
        refs = functools.partial(form_refs, single_file=single, lang=lang)
        console.print(Panel(findings_table(cross, lang, form_refs=refs, with_file=not single),
                            title=t("cross_form", lang), title_align="left"))
    if other:
        console.print(Panel(findings_table(other, lang), title=t("other_findings", lang), title_align="left"))
    for line in unreadable_lines(batch, lang):
        console.print(Text(line, style="bold red"))
    console.print(summary_line(batch, lang))


def group_findings(batch: Batch) -> tuple[dict[str, list[Finding]], list[Finding], list[Finding]]:
    """Findings of one form by its id; findings naming several forms; and the rest.

    The rest are findings that name no form known to this run, except the reasons an input could
    not be read, which ``unreadable_lines`` reports.
    """
    known = {form.id for form in batch.forms}
    by_form: dict[str, list[Finding]] = defaultdict(list)
    cross: list[Finding] = []
    other: list[Finding] = []
    for finding in batch.findings:
        if len(finding.forms) == 1 and finding.forms[0] in known:
            by_form[finding.forms[0]].append(finding)
        elif len(finding.forms) > 1:
            cross.append(finding)
        elif not _reason_unreadable(finding, batch):
            other.append(finding)
    return by_form, cross, other


def form_refs(finding: Finding, *, single_file: bool, lang: str) -> str:
    """The forms a cross-form finding names: ``#1、#3`` when one file was read, else a line per file."""
    by_file: dict[str, list[str]] = defaultdict(list)
    for form_id in finding.forms:
        path, _, number = form_id.rpartition("#")
        by_file[path].append(f"#{number}")
    lines = [t("list_sep", lang).join(numbers) for numbers in by_file.values()]
    if not single_file:
        lines = [f"{path} {numbers}" for path, numbers in zip(by_file, lines, strict=True)]
    return "\n".join(lines)


def _reason_unreadable(finding: Finding, batch: Batch) -> bool:
    return finding.code in UNREADABLE_CODES and any(finding in result.findings for result in batch.unreadable)


def form_panel(form: Form, sheet: ScoreSheet | None, findings: list[Finding], lang: str) -> Panel:
    body = findings_table(findings, lang) if findings else Text(t("no_findings", lang), style="green")
    return Panel(Group(form_header(form, sheet, lang), Text(""), body),
                 title=t("form_title", lang, index=form.source.index, id=form.id), title_align="left")


def form_header(form: Form, sheet: ScoreSheet | None, lang: str) -> Table:
    """Project, unit, year, declared and recomputed totals, grade: what a reviewer looks at first."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    blank = t("blank", lang)
    year = str(form.year) if form.year is not None else (shown(form.year_text) or blank)
    rows = [
        ("project", shown(form.project_name, 200) or blank),
        ("unit", shown(form.implementing_unit, 200) or blank),
        ("year", year),
        ("layout", layout_text(form, lang)),
        ("reading", reading_text(form, lang)),
        ("declared_total", shown(form.declared_total_score) or blank),
        ("computed_total", _computed_total(sheet, lang)),
        ("grade", _grade(form, sheet, lang)),
    ]
    for key, value in rows:
        grid.add_row(t(key, lang), value)
    return grid


def layout_text(form: Form, lang: str) -> str:
    """The layout the form was read under, and whether it was detected (with what confidence) or forced."""
    reading = form.reading
    if reading.layout_forced:
        return t("layout_forced", lang, name=form.layout)
    return t("layout_detected", lang, name=form.layout, confidence=f"{reading.layout_confidence:.2f}")


def reading_text(form: Form, lang: str) -> str:
    """How the form was read: from a table, or from text of some shape with the reader's confidence."""
    reading = form.reading
    if reading.shape == "table" and reading.confidence >= 1:
        return t("reading_table", lang)
    text = t("reading_text", lang, shape=reading.shape, confidence=f"{reading.confidence:.2f}")
    if reading.low_confidence:
        text += t("reading_low", lang)
    if reading.unreadable:
        text += t("reading_lost", lang, n=len(reading.unreadable))
    return text


def _computed_total(sheet: ScoreSheet | None, lang: str) -> str:
    if sheet is None:
        return "—"
    if not sheet.scorable:
        return t("not_scorable", lang)
    return number(sheet.computed_total) + ("" if sheet.complete else " " + t("incomplete", lang))


def _grade(form: Form, sheet: ScoreSheet | None, lang: str) -> str:
    grade = sheet.grade if sheet is not None else "—"
    declared = form.declared_grade.text
    return t("grade_declared", lang, grade=grade, declared=declared) if declared else grade


def unreadable_lines(batch: Batch, lang: str) -> list[str]:
    """One line per input that could not be read at all, saying why."""
    lines = []
    for result in batch.unreadable:
        reason = next((f for f in result.findings if f.code in UNREADABLE_CODES), None)
        if reason is not None:
            lines.append(t("unreadable_line", lang, code=reason.code, message=reason.text(lang)))
    return lines


def summary_line(batch: Batch, lang: str) -> Text:
    text = t("summary", lang, files=t("files_n", lang, n=len(batch.results)),
             forms=t("forms_n", lang, n=len(batch.forms)),
             errors=t("errors_n", lang, n=batch.count(Severity.ERROR)),
             warnings=t("warnings_n", lang, n=batch.count(Severity.WARNING)),
             infos=t("infos_n", lang, n=batch.count(Severity.INFO)))
    if batch.unreadable:
        text += t("summary_unreadable", lang, unreadable=t("unreadable_n", lang, n=len(batch.unreadable)))
    return Text(text, style="bold")
