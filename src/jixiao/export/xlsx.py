"""The forms as an Excel workbook in the official layout, with live formulas and their cached values."""

from __future__ import annotations

import io
import math
import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.workbook.properties import CalcProperties
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.export.common import DEFAULT_RULESET, scored
from jixiao.export.layout import Formula, Plan, plan_form
from jixiao.export.xlsx_values import fill_cached_values
from jixiao.model import Form, codec

# Widths in Excel's character units; they add up to what fits an A4 page across at about 85%.
WIDTHS = {"A": 6, "B": 10, "C": 12, "D": 24, "E": 13, "F": 13, "G": 7, "H": 8, "I": 24}
BODY_FONT, TITLE_FONT = "宋体", "黑体"
NUMBER_FORMATS = {"money": "0.00", "rate": "0%"}
LINE_HEIGHT = 14.0  # points per line of 10-point 宋体, with leading
GAP_ROWS = 2  # blank rows between forms on one sheet
SHEET_NAME_CHARS = 31  # Excel's limit
FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def named_styles() -> dict[str, NamedStyle]:
    """One named style per role of the plan. A named style is applied by copying its index (fast),
    where setting font, border and alignment one by one hashes each object at every cell."""
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    body, bold = Font(name=BODY_FONT, size=10), Font(name=BODY_FONT, size=10, bold=True)
    styles = {
        "title": NamedStyle("jixiao-title", font=Font(name=TITLE_FONT, size=16, bold=True), alignment=center),
        "year": NamedStyle("jixiao-year", font=Font(name=BODY_FONT, size=11), alignment=center),
        "head": NamedStyle("jixiao-head", font=bold, border=border, alignment=center),
        "text": NamedStyle("jixiao-text", font=body, border=border,
                           alignment=Alignment(horizontal="left", vertical="center", wrap_text=True)),
    }
    for role in ("label", "money", "number", "rate"):
        styles[role] = NamedStyle(f"jixiao-{role}", font=body, border=border, alignment=center,
                                  number_format=NUMBER_FORMATS.get(role, "General"))
    return styles


def write_xlsx(forms: Sequence[Form], path: str | Path, *, one_sheet: bool = False,
               ruleset: str = DEFAULT_RULESET) -> None:
    """Write ``forms`` to ``path``: one sheet per form (named after the project), or all on one sheet."""
    codec.save(xlsx_bytes(forms, one_sheet=one_sheet, ruleset=ruleset), path)


def xlsx_bytes(forms: Sequence[Form], *, one_sheet: bool = False, ruleset: str = DEFAULT_RULESET) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for named in named_styles().values():
        workbook.add_named_style(named)
    cached: dict[str, dict[str, Decimal | None]] = {}
    pairs = scored(forms, ruleset)
    if one_sheet:
        sheet = workbook.create_sheet("自评表")
        top = 1
        for form, score_sheet in pairs:
            if top > 1:
                sheet.row_breaks.append(Break(id=top - 1))  # each form starts a printed page
            plan = plan_form(form, score_sheet, top)
            cached.update({sheet.title: {**cached.get(sheet.title, {}), **draw(sheet, plan)}})
            top = plan.bottom + GAP_ROWS + 1
        set_up_page(sheet, title_rows=None)
    else:
        names: set[str] = set()
        for form, score_sheet in pairs:
            sheet = workbook.create_sheet(sheet_name(form.project_name.text, names))
            cached[sheet.title] = draw(sheet, plan_form(form, score_sheet))
            set_up_page(sheet, title_rows="1:2")
    if not workbook.worksheets:
        workbook.create_sheet("自评表")
    # Excel, WPS and LibreOffice recalculate every formula when the file opens (the cached values
    # below are for programs that only read).
    workbook.calculation = CalcProperties(fullCalcOnLoad=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return fill_cached_values(buffer.getvalue(), cached)


def draw(sheet: Worksheet, plan: Plan) -> dict[str, Decimal | None]:
    """Put the plan's cells on the sheet; returns each formula cell's value by reference."""
    values: dict[str, Decimal | None] = {}
    for cell in plan.cells:
        target = sheet.cell(row=cell.row, column=cell.column)
        if isinstance(cell.value, Formula):
            target.value = "=" + cell.value.text
            values[target.coordinate] = cell.value.value
        else:
            target.value = cell.value
            if isinstance(cell.value, str) and cell.value.startswith("="):
                # A target such as "=4个" is text: openpyxl would otherwise store it as a formula.
                target.data_type = "s"
        if cell.note:
            target.comment = Comment(cell.note, "jixiao", width=240, height=60)
        last_row, last_column = cell.row + cell.rows - 1, cell.column + cell.columns - 1
        if cell.rows > 1 or cell.columns > 1:
            # Merged while the origin has no border yet, so openpyxl has no edges to copy; every
            # covered cell then gets the role's style, borders included, which draws the edges.
            sheet.merge_cells(start_row=cell.row, start_column=cell.column, end_row=last_row,
                              end_column=last_column)
        for row in range(cell.row, last_row + 1):
            for column in range(cell.column, last_column + 1):
                sheet.cell(row=row, column=column).style = f"jixiao-{cell.role}"
    fit_row_heights(sheet, plan)
    return values


def fit_row_heights(sheet: Worksheet, plan: Plan) -> None:
    """Excel does not grow a row for wrapped text in merged cells, so each row gets the height its
    longest text needs in the width it has (a CJK character is two width units)."""
    lines: dict[int, int] = {}
    for cell in plan.cells:
        if isinstance(cell.value, str) and cell.rows == 1:
            width = sum(WIDTHS[chr(64 + cell.column + k)] for k in range(cell.columns))
            lines[cell.row] = max(lines.get(cell.row, 1), text_lines(cell.value, width))
    for row, count in lines.items():
        sheet.row_dimensions[row].height = max(count, 1) * LINE_HEIGHT + 6
    sheet.row_dimensions[plan.top].height = 30  # the title


def text_lines(text: str, width: int) -> int:
    widths = [sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line) for line in text.split("\n")]
    return sum(max(1, math.ceil(size / max(width - 1, 1))) for size in widths)


def set_up_page(sheet: Worksheet, title_rows: str | None) -> None:
    for column, width in WIDTHS.items():
        sheet.column_dimensions[column].width = width
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_PORTRAIT
    # Fitted to one page across and as many pages down as the form needs.
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    if title_rows:
        sheet.print_title_rows = title_rows


def sheet_name(project: str, taken: set[str]) -> str:
    """A legal, unique sheet name from the project name: no ``[]:*?/\\``, at most 31 characters, not
    starting or ending with an apostrophe; a repeat gets ``(2)``, ``(3)`` … within the limit."""
    base = FORBIDDEN.sub("_", project).strip().strip("'") or "自评表"
    name, number = base[:SHEET_NAME_CHARS], 1
    while name.casefold() in taken or name.casefold() == "history":  # Excel compares names caselessly
        number += 1
        suffix = f"({number})"
        name = base[: SHEET_NAME_CHARS - len(suffix)] + suffix
    taken.add(name.casefold())
    return name
