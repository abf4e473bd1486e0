"""The Excel writer: every value at its cell, merges, formulas with cached values, print setup, names.

The written files are read back with openpyxl directly, not with the writer's own code.
"""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from lxml import etree
from openpyxl.worksheet.worksheet import Worksheet

import jixiao
from jixiao.export import write_xlsx
from jixiao.export import xlsx as xlsx_module
from jixiao.export.xlsx import sheet_name
from jixiao.model import Form
from test_export_common import fold, form_view, founding_forms, number_or_text, with_funding


@pytest.fixture(scope="module")
def forms() -> tuple[Form, ...]:
    return founding_forms()


MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
NAMES = ["昌吉州脱贫攻坚调研、督促指导项目经费", "扶贫指导项目经费", "昌吉州脱贫攻坚调研、督促指导项目经费(2)",
         "昌吉州脱贫攻坚专项培训、督查经费"]


@pytest.fixture(scope="module")
def book(forms: list[Form], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("xlsx") / "forms.xlsx"
    write_xlsx(forms, path)
    return path


def sheet_view(sheet: Worksheet, top: int = 1) -> dict:
    """What the sheet shows, gathered the way a reader would: merged level cells filled down."""
    value = lambda row, column: sheet.cell(row=row, column=column).value  # noqa: E731
    rows, level1, level2 = [], None, None
    row = top + 12
    while value(row, 1) != "总分":
        level1 = value(row, 2) or level1  # merged cells hold their text in the first row only
        level2 = value(row, 3) if value(row, 3) is not None else (level2 if value(row, 2) is None else None)
        rows.append((fold(level1), fold(level2), value(row, 4), value(row, 5), value(row, 6),
                     number_or_text(value(row, 7)), number_or_text(value(row, 8)), value(row, 9)))
        row += 1
    return {
        "title": value(top, 1), "year": value(top + 1, 1), "project": fold(value(top + 2, 3)),
        "department": fold(value(top + 3, 3)), "unit": fold(value(top + 3, 8)),
        "funding": [tuple(number_or_text(value(top + 5 + k, column)) for column in (4, 5, 6)) for k in range(4)],
        "goal": (value(top + 10, 2), value(top + 10, 6)), "indicators": rows,
    }


def test_sheets_are_named_after_the_projects(book: Path) -> None:
    assert openpyxl.load_workbook(book).sheetnames == NAMES


def test_every_value_is_at_its_cell(book: Path, forms: list[Form]) -> None:
    workbook = openpyxl.load_workbook(book)
    for sheet, form in zip(workbook.worksheets, forms, strict=True):
        assert sheet_view(sheet) == form_view(form)


def test_the_first_form_cell_by_cell(book: Path) -> None:
    sheet = openpyxl.load_workbook(book).worksheets[0]
    expected = {"A1": "项目支出绩效自评表", "A2": "（2020年度）", "A3": "项目名称", "A4": "主管部门", "F4": "实施单位",
                "A5": "项目资金（万元）", "D5": "年初预算数", "E5": "全年预算数", "F5": "全年执行数", "G5": "分值",
                "H5": "执行率", "I5": "得分", "B6": "年度资金总额", "D6": 35, "E6": None, "F6": 35, "G6": 10,
                "B7": "其中：当年财政拨款", "G7": "—", "I9": "—", "A10": "年度总体目标", "B10": "预期目标",
                "F10": "实际完成情况", "A12": "绩效指标", "E12": "年度指标值", "I12": "偏差原因分析及改进措施",
                "B13": "产出指标", "C13": "数量指标", "D13": "指导县市开展工作", "E13": "5次", "F13": "10次",
                "G13": 10, "H13": 10, "I13": "/", "C16": "质量指标", "B19": "效益指标", "H20": 9,
                "I20": "实施精准帮扶，", "B21": "满意度指标", "A22": "总分"}
    assert {ref: sheet[ref].value for ref in expected} == expected


def test_headers_and_level_cells_are_merged(book: Path) -> None:
    first, fourth = (openpyxl.load_workbook(book).worksheets[k] for k in (0, 3))
    merged = {str(cell_range) for cell_range in first.merged_cells.ranges}
    assert {"A1:I1", "A2:I2", "A3:B3", "C3:I3", "A5:A9", "B6:C6", "A10:A11", "B11:E11", "F11:I11",
            "A12:A21", "B13:B18", "C13:C15", "B19:B20", "A22:F22"} <= merged
    assert not any(name.startswith(("B21", "C16", "C21")) for name in merged)  # single rows stay single
    assert {"A12:A20", "B13:B17", "C15:C16", "B18:B19", "A21:F21"} <= {str(r) for r in fourth.merged_cells.ranges}


def test_rate_execution_score_and_total_are_formulas(book: Path) -> None:
    sheet = openpyxl.load_workbook(book).worksheets[0]
    rate = sheet["H6"].value
    assert rate.startswith("=IFERROR(IF(AND(ISNUMBER(F6),OR(ISNUMBER(E6),ISNUMBER(D6))),IF(ISNUMBER(E6),F6/E6,F6/D6)")
    assert "SUM(F7:F9)/IF(SUM(E7:E9)<>0,SUM(E7:E9),SUM(D7:D9))" in rate
    assert sheet["I6"].value == '=IF(ISNUMBER(H6),ROUND(G6*MIN(H6,1),2),"")'
    assert sheet["G22"].value == "=SUM(G6,G13:G21)"
    assert sheet["H22"].value == "=SUM(I6,H13:H21)"


def test_formulas_have_cached_values(book: Path) -> None:
    workbook = openpyxl.load_workbook(book, data_only=True)
    shown = [(s["H6"].value, s["I6"].value, s.cell(row=s.max_row, column=7).value,
              s.cell(row=s.max_row, column=8).value) for s in workbook.worksheets]
    assert shown == [(1, 10, 100, 99), (1, 10, 100, 99), (1, 10, 100, 98), (1, 10, 100, 99)]


def test_a_declared_total_that_differs_is_noted(book: Path) -> None:
    sheet = openpyxl.load_workbook(book).worksheets[3]
    assert "98.9" in sheet["H21"].comment.text
    assert openpyxl.load_workbook(book).worksheets[0]["H22"].comment is None


@pytest.mark.parametrize(("figures", "rate", "score"), [
    ({"initial_budget": "10", "full_year_budget": "", "executed": "8"}, Decimal("0.8"), 8),
    ({"initial_budget": "10", "full_year_budget": "12", "executed": "9"}, Decimal("0.75"), Decimal("7.5")),
    ({"initial_budget": "10", "full_year_budget": "", "executed": "12"}, Decimal("1.2"), 10),
])
def test_cached_values_follow_the_engine(forms: list[Form], tmp_path: Path, figures: dict, rate: Decimal,
                                         score: Decimal) -> None:
    form = with_funding(forms[0], **figures)
    sheet_score = jixiao.score(form)
    assert (sheet_score.execution_rate, sheet_score.execution.computed) == (rate, score)
    write_xlsx([form], tmp_path / "one.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "one.xlsx", data_only=True).active
    assert (sheet["H6"].value, sheet["I6"].value) == (float(rate), float(score))
    assert sheet["H22"].value == float(score + 89)  # the indicators' declared scores add up to 89


def test_no_budget_leaves_the_rate_blank_as_a_string_result(forms: list[Form], tmp_path: Path) -> None:
    write_xlsx([with_funding(forms[0], initial_budget="", executed="")], tmp_path / "blank.xlsx")
    with zipfile.ZipFile(tmp_path / "blank.xlsx") as package:
        root = etree.fromstring(package.read("xl/worksheets/sheet1.xml"))
    cell = next(c for c in root.iter(f"{MAIN}c") if c.get("r") == "H6")
    assert cell.get("t") == "str" and cell.find(f"{MAIN}v").text is None
    assert cell.find(f"{MAIN}f") is not None


def test_the_workbook_recalculates_on_load(book: Path) -> None:
    with zipfile.ZipFile(book) as package:
        calc = etree.fromstring(package.read("xl/workbook.xml")).find(f"{MAIN}calcPr")
    assert calc.get("fullCalcOnLoad") == "1"


def test_print_setup_and_styles(book: Path) -> None:
    sheet = openpyxl.load_workbook(book).worksheets[0]
    setup = sheet.page_setup
    assert (setup.paperSize, setup.orientation, setup.fitToWidth, setup.fitToHeight) == (9, "portrait", 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.print_title_rows == "$1:$2"
    assert (sheet["D6"].number_format, sheet["H6"].number_format) == ("0.00", "0%")
    assert sheet["D13"].alignment.wrap_text and sheet["D13"].border.left.style == "thin"
    assert sheet["C13"].border.bottom.style == "thin"  # an edge of a merged range keeps its border
    assert (sheet["A1"].font.name, sheet["D13"].font.name) == ("黑体", "宋体")
    assert sheet.column_dimensions["D"].width == 24
    assert sheet.row_dimensions[11].height > 60  # the goal texts need many lines


def test_one_sheet_stacks_the_forms(forms: list[Form], tmp_path: Path) -> None:
    write_xlsx(forms, tmp_path / "one.xlsx", one_sheet=True)
    sheet = openpyxl.load_workbook(tmp_path / "one.xlsx").active
    assert openpyxl.load_workbook(tmp_path / "one.xlsx").sheetnames == ["自评表"]
    tops = [cell.row for cell in sheet["A"] if cell.value == "项目支出绩效自评表"]
    assert tops == [1, 25, 49, 72]  # 22, 22, 21 rows per form, two blank rows between
    for top, form in zip(tops, forms, strict=True):
        assert sheet_view(sheet, top) == form_view(form)
    assert sheet["H30"].value.startswith("=IFERROR(IF(AND(ISNUMBER(F30)")  # each form's formulas are its own
    assert sheet["H46"].value == "=SUM(I30,H37:H45)"
    assert [brk.id for brk in sheet.row_breaks.brk] == [24, 48, 71]


def test_sheet_names_are_legal_and_unique() -> None:
    taken: set[str] = set()
    assert sheet_name("a/b:c*d?e[f]g\\h", taken) == "a_b_c_d_e_f_g_h"
    long = "很长的项目名称" * 6
    assert sheet_name(long, taken) == long[:31]
    assert sheet_name(long, taken) == long[:28] + "(2)"
    assert sheet_name("Sheet", taken) == "Sheet" and sheet_name("SHEET", taken) == "SHEET(2)"
    assert sheet_name("  ", taken) == "自评表" and sheet_name("'x'", taken) == "x"
    assert sheet_name("History", taken) == "History(2)"


def test_a_failed_write_leaves_the_old_file(forms: list[Form], tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "kept.xlsx"
    target.write_bytes(b"old")
    monkeypatch.setattr(xlsx_module, "fill_cached_values", lambda *args: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        write_xlsx(forms, target)
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["kept.xlsx"]
