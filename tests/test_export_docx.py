"""The Word writer: title and year paragraphs, the table cell by cell, merges, fonts, A4, borders.

The written file is read back with python-docx and its XML, not with the writer's own code.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm
from lxml import etree

from jixiao.export import write_docx
from jixiao.model import Form
from test_export_common import fold, form_view, founding_forms, number_or_text


@pytest.fixture(scope="module")
def forms() -> tuple[Form, ...]:
    return founding_forms()



@pytest.fixture(scope="module")
def document_path(forms: list[Form], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("docx") / "forms.docx"
    write_docx(forms, path)
    return path


def origin_grid(table) -> list[list[str | None]]:
    """Each row's cells by grid column, the text at a merge's first cell only (None where a cell
    continues a merge), read from the XML: python-docx repeats a merged cell everywhere it covers."""
    grid: list[list[str | None]] = []
    for tr in table._tbl.tr_lst:
        row: list[str | None] = []
        for tc in tr.tc_lst:
            merge = tc.tcPr.find(qn("w:vMerge")) if tc.tcPr is not None else None
            continues = merge is not None and merge.get(qn("w:val")) in (None, "continue")
            row += [None if continues else tc_text(tc)] + [None] * (tc.grid_span - 1)
        grid.append(row)
    return grid


def tc_text(tc) -> str:
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p")))


def table_view(title: str, year: str, grid: list[list[str | None]]) -> dict:
    rows, level1, level2, row = [], None, None, 10
    while grid[row][0] != "总分":
        cells = grid[row]
        level1 = cells[1] if cells[1] is not None else level1
        level2 = cells[2] if cells[2] is not None else level2
        rows.append((fold(level1), fold(level2), cells[3], cells[4], cells[5], number_or_text(cells[6]),
                     number_or_text(cells[7]), cells[8]))
        row += 1
    return {"title": title, "year": year, "project": fold(grid[0][2]), "department": fold(grid[1][2]),
            "unit": fold(grid[1][7]),
            "funding": [tuple(number_or_text(grid[3 + k][c]) for c in (3, 4, 5)) for k in range(4)],
            "goal": (grid[8][1], grid[8][5]), "indicators": rows}


def test_each_form_is_a_titled_table_on_its_own_page(document_path: Path, forms: list[Form]) -> None:
    document = docx.Document(document_path)
    paragraphs = [p for p in document.paragraphs if p.text]
    assert [p.text for p in paragraphs] == ["项目支出绩效自评表", "（2020年度）"] * 4
    assert [p.paragraph_format.page_break_before for p in paragraphs[::2]] == [False, True, True, True]
    assert len(document.tables) == 4


def test_every_value_is_at_its_cell(document_path: Path, forms: list[Form]) -> None:
    document = docx.Document(document_path)
    for table, form in zip(document.tables, forms, strict=True):
        assert table_view("项目支出绩效自评表", "（2020年度）", origin_grid(table)) == form_view(form)


def test_figures_read_as_the_sheet_shows_them(document_path: Path) -> None:
    grid = origin_grid(docx.Document(document_path).tables[0])
    assert grid[3][1:] == ["年度资金总额", None, "35.00", "", "35.00", "10", "100%", "10"]
    assert grid[4][6:] == ["—", "", "—"]
    assert grid[19][0] == "总分" and grid[19][6:] == ["100", "99", ""]


def test_merges_span_columns_and_run_down(document_path: Path) -> None:
    grid = origin_grid(docx.Document(document_path).tables[0])
    assert [len(row) for row in grid] == [9] * 20
    assert grid[0][:3] == ["项目名称", None, "昌吉州脱贫攻坚调研、督促指导项目经费  "] and grid[0][3:] == [None] * 6
    assert [row[0] for row in grid[2:7]] == ["项目资金（万元）", None, None, None, None]
    assert [row[0] for row in grid[9:19]] == ["绩效指标"] + [None] * 9
    assert [row[1] for row in grid[10:19]] == ["产出指标"] + [None] * 5 + ["效益指标", None, "满意度指标"]
    assert [row[2] for row in grid[10:13]] == ["数量指标", None, None]
    assert grid[19][:6] == ["总分"] + [None] * 5


def test_fonts_name_the_chinese_face_too(document_path: Path) -> None:
    with zipfile.ZipFile(document_path) as package:
        styles = etree.fromstring(package.read("word/styles.xml"))
        body = etree.fromstring(package.read("word/document.xml"))
        table = etree.fromstring(package.read("word/fontTable.xml"))
    normal = next(s for s in styles.iter(qn("w:style")) if s.get(qn("w:styleId")) == "Normal")
    fonts = normal.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    assert {fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia")} == {"宋体"}
    run_fonts = [f.get(qn("w:eastAsia")) for f in body.iter(qn("w:rFonts"))]
    assert run_fonts.count("黑体") == 4 and run_fonts.count("仿宋") == 4
    alternatives = {f.get(qn("w:name")): f.find(qn("w:altName")).get(qn("w:val"))
                    for f in table.iter(qn("w:font")) if f.find(qn("w:altName")) is not None}
    assert alternatives == {"宋体": "SimSun", "黑体": "SimHei", "仿宋": "FangSong"}


def test_a4_portrait_with_borders(document_path: Path) -> None:
    document = docx.Document(document_path)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # stored in twips
    borders = document.tables[0]._tbl.tblPr.find(qn("w:tblBorders"))
    assert {child.get(qn("w:val")) for child in borders} == {"single"} and len(borders) == 6
    widths = [cell.width for cell in document.tables[0].rows[12].cells]
    assert sum(widths, Mm(0)) <= section.page_width - section.left_margin - section.right_margin
