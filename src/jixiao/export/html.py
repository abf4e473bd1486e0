"""The forms as one print-ready HTML page in the official layout, each finding marked at its cell.

The table is drawn from ``layout.plan_form``, the plan the Excel and Word writers draw, with the Word
writer's column widths and number display, so the three formats show the same cells and figures. The
page is self-contained (inline CSS, no scripts, nothing fetched) so it prints and opens offline, and it
is what ``export.pdf`` renders.

A finding names a field of a form (``indicators[3].declared_score``); ``cell_for`` turns that path into
the plan cell showing the value. The cell takes the class of its worst severity (error, warning,
info), a ``title`` with code and message, and a number pointing at the notes under the form. A
finding naming several forms is marked in each of them; one whose field has no cell is listed under
its forms without a mark, and one naming no form at the end of the page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from jixiao.export.common import DEFAULT_RULESET, scored
from jixiao.export.docx import WIDTHS_MM, display
from jixiao.export.layout import COLUMNS, FUND_ORDER, Cell, Plan, formula_value, plan_form
from jixiao.model import Finding, Form, Severity, codec

SEVERITIES = ("error", "warning", "info")  # worst first: a cell shows the worst of its findings
WORDS = {
    "zh": {"html_lang": "zh-CN", "page_title": "项目支出绩效自评表", "findings": "检查发现的问题",
           "unplaced": "未对应到单元格", "loose": "涉及全部表格的问题", "legend": "图例",
           "error": "错误", "warning": "警告", "info": "提示"},
    "en": {"html_lang": "en", "page_title": "Project self-evaluation forms (项目支出绩效自评表)",
           "findings": "Findings", "unplaced": "not at one cell", "loose": "Findings on the batch",
           "legend": "Legend", "error": "error", "warning": "warning", "info": "info"},
}
# Field → plan column, for the parts of a form that sit on one row of the plan.
INDICATOR_COLUMNS = {"level1": 2, "level2": 3, "name": 4, "target": 5, "actual": 6, "weight": 7,
                     "declared_score": 8, "deviation_note": 9}
FUND_COLUMNS = {"label": 2, "initial_budget": 4, "full_year_budget": 5, "executed": 6}
TOTAL_ROW_COLUMNS = {"weight": 7, "declared_rate": 8, "declared_score": 9}  # funding.* on the total row
FORM_CELLS = {"title": (0, 1), "year": (1, 1), "year_text": (1, 1), "project_name": (2, 3),
              "competent_department": (3, 3), "implementing_unit": (3, 8)}  # offsets from plan.top
TOTAL_COLUMNS = {"declared_total_weight": 7, "declared_total_score": 8, "declared_grade": 9}
PATH_RE = re.compile(r"(?P<part>indicators|funding\.rows)\[(?P<index>\d+)\]\.(?P<name>\w+)$")


@dataclass(slots=True)
class Note:
    """A finding as listed under a form: its number there, and whether a cell carries that number."""

    number: int
    code: str
    severity: str
    message: str
    placed: bool


@dataclass(slots=True)
class Mark:
    """What a plan cell carries: the findings placed on it."""

    notes: list[Note] = field(default_factory=list)


def write_html(forms: Sequence[Form], path: str | Path, *, findings: Sequence[Finding] = (), lang: str = "zh",
               ruleset: str = DEFAULT_RULESET) -> None:
    """Write ``forms`` as one HTML page to ``path``, with ``findings`` marked at their cells."""
    codec.save(html_text(forms, findings=findings, lang=lang, ruleset=ruleset), path)


def html_text(forms: Sequence[Form], *, findings: Sequence[Finding] = (), lang: str = "zh",
              ruleset: str = DEFAULT_RULESET) -> str:
    words = WORDS["en" if lang == "en" else "zh"]
    views = [form_view(form, plan_form(form, sheet), findings, lang) for form, sheet in scored(forms, ruleset)]
    ids = {form.id for form in forms}
    loose = [note(0, finding, lang, placed=False) for finding in findings
             if not any(name in ids for name in finding.forms)]
    total = sum(WIDTHS_MM)
    widths = [round(100 * width / total, 2) for width in WIDTHS_MM]
    return environment().get_template("forms.html.j2").render(
        forms=views, loose=loose, words=words, widths=widths, severities=SEVERITIES)


@cache
def environment() -> Environment:
    # Autoescape everywhere: every value on the page is text typed by a unit, never markup.
    return Environment(loader=PackageLoader("jixiao.export", "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def form_view(form: Form, plan: Plan, findings: Sequence[Finding], lang: str) -> dict:
    """What the template needs of one form: title, year, the table's rows of cells, the notes."""
    marks: dict[tuple[int, int], Mark] = {}
    notes: list[Note] = []
    for finding in findings:
        if form.id not in finding.forms:
            continue
        spot = cell_for(form, plan, finding.field)
        item = note(len(notes) + 1, finding, lang, placed=spot is not None)
        notes.append(item)
        if spot is not None:
            marks.setdefault(spot, Mark()).notes.append(item)
    at = {(cell.row, cell.column): cell for cell in plan.cells}
    return {"title": _text(at[(plan.top, 1)]), "year": _text(at[(plan.top + 1, 1)]),
            "rows": table_rows(plan, marks), "notes": notes}


def note(number: int, finding: Finding, lang: str, *, placed: bool) -> Note:
    return Note(number, finding.code, Severity(finding.severity).value, finding.text(lang), placed)


def cell_for(form: Form, plan: Plan, path: str) -> tuple[int, int] | None:
    """The (row, column) of the plan cell showing the field ``path`` of ``form``, or None.

    Level-1 and level-2 classes are merged down, so their path resolves to the origin of the merged
    cell covering the indicator's row (the cell the reader sees)."""
    rows, top = plan.rows, plan.top
    if path in FORM_CELLS:
        offset, column = FORM_CELLS[path]
        return top + offset, column
    if path in TOTAL_COLUMNS:
        return rows["total"], TOTAL_COLUMNS[path]
    if path.startswith("goal."):
        column = {"goal.expected": 2, "goal.achieved": 6}.get(path)
        return (rows["goal"], column) if column else None
    if path in ("funding", "funding.rows"):
        return rows["funding_total"] - 1, 1  # the 项目资金 block label
    if path.startswith("funding.") and path[len("funding."):] in TOTAL_ROW_COLUMNS:
        return rows["funding_total"], TOTAL_ROW_COLUMNS[path[len("funding."):]]
    match = PATH_RE.match(path)
    if match is None:
        return None
    index, name = int(match["index"]), match["name"]
    if match["part"] == "indicators":
        if index >= len(form.indicators) or name not in INDICATOR_COLUMNS:
            return None
        return origin(plan, rows["first_indicator"] + index, INDICATOR_COLUMNS[name])
    if index >= len(form.funding.rows) or name not in FUND_COLUMNS:
        return None
    return rows["funding_total"] + FUND_ORDER.index(form.funding.rows[index].kind), FUND_COLUMNS[name]


def origin(plan: Plan, row: int, column: int) -> tuple[int, int] | None:
    """The origin of the plan cell covering (row, column)."""
    for cell in plan.cells:
        if cell.column == column and cell.row <= row < cell.row + cell.rows:
            return cell.row, cell.column
    return None


def table_rows(plan: Plan, marks: dict[tuple[int, int], Mark]) -> list[list[dict]]:
    """The table below the title and year, row by row. A place no cell covers (none in the official
    layout, but a plan may leave one) gets an empty cell so every row spans the nine columns."""
    covered: dict[tuple[int, int], Cell] = {}
    for cell in plan.cells:
        for down in range(cell.rows):
            for across in range(cell.columns):
                covered[(cell.row + down, cell.column + across)] = cell
    rows: list[list[dict]] = []
    for row in range(plan.top + 2, plan.bottom + 1):
        cells = []
        for column in range(1, COLUMNS + 1):
            cell = covered.get((row, column), Cell(row, column, None, "text"))
            if (cell.row, cell.column) == (row, column):
                cells.append(cell_view(cell, marks.get((row, column))))
        rows.append(cells)
    return rows


def cell_view(cell: Cell, mark: Mark | None) -> dict:
    classes, tip, number = [cell.role], [], ""
    if cell.note:
        tip.append(cell.note)  # the plan's remark (e.g. a declared total that differs), as in Excel
    if mark is not None:
        classes.append(min((item.severity for item in mark.notes), key=SEVERITIES.index))
        tip += [f"{item.code} {item.message}" for item in mark.notes]
        number = ",".join(str(item.number) for item in mark.notes)
    return {"classes": " ".join(classes), "rows": cell.rows, "columns": cell.columns,
            "lines": _text(cell).split("\n"), "tip": "\n".join(tip), "mark": number}


def _text(cell: Cell) -> str:
    return display(cell) if formula_value(cell) is not None else ""
