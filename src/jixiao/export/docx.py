"""The forms as a Word document in the official layout: title and year above each table, A4, 宋体."""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

from jixiao.export.common import DEFAULT_RULESET, rewrite_package, scored
from jixiao.export.layout import COLUMNS, Cell, Plan, formula_value, plan_form
from jixiao.model import Form, codec

TABLE_FONT, TITLE_FONT, YEAR_FONT = "宋体", "黑体", "仿宋"
# What Word and LibreOffice use when the Chinese name is not installed: the fonts' Windows names,
# then a font that every CJK Linux desktop has. Declared in the font table (w:altName).
FALLBACK = {"宋体": "SimSun", "黑体": "SimHei", "仿宋": "FangSong"}
GB2312_CHARSET = "86"
TABLE_SIZE, TITLE_SIZE, YEAR_SIZE = Pt(10.5), Pt(18), Pt(14)  # 五号, 小二, 四号 as official documents use
WIDTHS_MM = (12, 18, 20, 34, 20, 20, 11, 11, 23)  # 169 mm: inside A4 less 20 mm margins either side


def write_docx(forms: Sequence[Form], path: str | Path, *, ruleset: str = DEFAULT_RULESET) -> None:
    """Write ``forms`` to ``path``, one form per page (a long form runs on)."""
    codec.save(docx_bytes(forms, ruleset=ruleset), path)


def docx_bytes(forms: Sequence[Form], *, ruleset: str = DEFAULT_RULESET) -> bytes:
    document = docx.Document()
    set_up_page(document)
    for number, (form, sheet) in enumerate(scored(forms, ruleset)):
        plan = plan_form(form, sheet)
        title = heading(document, str(formula_value(plan.cells[0]) or ""), TITLE_FONT, TITLE_SIZE, bold=True)
        title.paragraph_format.page_break_before = number > 0
        heading(document, str(formula_value(plan.cells[1]) or ""), YEAR_FONT, YEAR_SIZE)
        draw_table(document, plan)
    # Word always keeps a paragraph after a table that ends the document; without one, Word repairs
    # the file and LibreOffice's .doc export flattens that last table into text.
    document.add_paragraph()
    buffer = io.BytesIO()
    document.save(buffer)
    return rewrite_package(buffer.getvalue(), {"word/fontTable.xml": declare_fallbacks})


def set_up_page(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(20)
    normal = document.styles["Normal"]
    normal.font.size = TABLE_SIZE
    set_fonts(normal.element.get_or_add_rPr(), TABLE_FONT)


def set_fonts(rpr, name: str) -> None:
    """Name the font for Latin (ascii, hAnsi) and for Chinese (eastAsia): Word picks the eastAsia font
    for CJK characters, so setting only ``font.name`` would leave them in the theme's font."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), name)


def heading(document, text: str, font: str, size: Pt, *, bold: bool = False):
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.font.size, run.font.bold = size, bold
    set_fonts(run._r.get_or_add_rPr(), font)
    return paragraph


def draw_table(document, plan: Plan) -> None:
    """The plan's rows below the year line as one table, built as XML: a wide cell is one ``w:tc`` with
    a ``gridSpan``, a tall one a ``vMerge`` restart followed by continuation cells. (python-docx's
    ``cell().merge()`` walks the whole table at every call: 100× slower on a form this size.)"""
    first = plan.top + 2  # title and year are paragraphs above the table
    table = document.add_table(rows=0, cols=COLUMNS)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    set_borders(table)
    for column, width in zip(table.columns, WIDTHS_MM, strict=True):
        column.width = Mm(width)
    covering: dict[tuple[int, int], tuple[Cell, bool]] = {}
    for cell in plan.cells:
        for down in range(cell.rows):
            covering[(cell.row + down, cell.column)] = (cell, down == 0)
    for row in range(first, plan.bottom + 1):
        tr = OxmlElement("w:tr")
        column = 1
        while column <= COLUMNS:
            cell, origin = covering.get((row, column), (Cell(row, column, None, "text"), True))
            tr.append(table_cell(cell, origin))
            column += cell.columns
        table._tbl.append(tr)


def table_cell(cell: Cell, origin: bool):
    """One ``w:tc``: width, span, vertical merge, centred vertically; the text only at a merge's origin."""
    tc = OxmlElement("w:tc")
    properties = _child(tc, "w:tcPr")
    width = sum(WIDTHS_MM[cell.column - 1: cell.column - 1 + cell.columns])
    _child(properties, "w:tcW", w=str(round(Mm(width).twips)), type="dxa")
    if cell.columns > 1:
        _child(properties, "w:gridSpan", val=str(cell.columns))
    if cell.rows > 1:
        _child(properties, "w:vMerge", **({"val": "restart"} if origin else {}))
    _child(properties, "w:vAlign", val="center")
    paragraph = _child(tc, "w:p")
    _child(_child(paragraph, "w:pPr"), "w:jc", val="left" if cell.role == "text" else "center")
    text = display(cell) if origin else ""
    if text:
        run = _child(paragraph, "w:r")
        if cell.role == "head":
            _child(_child(run, "w:rPr"), "w:b")
        for number, line in enumerate(text.split("\n")):
            if number:
                _child(run, "w:br")
            _child(run, "w:t", space="preserve").text = line
    return tc


def _child(parent, tag: str, **attributes: str):
    element = OxmlElement(tag)
    for key, value in attributes.items():
        element.set("{http://www.w3.org/XML/1998/namespace}space" if key == "space" else qn(f"w:{key}"), value)
    parent.append(element)
    return element


def display(cell: Cell) -> str:
    """A cell's text as the Excel sheet shows it: money to two decimals, rates as whole percents."""
    value = formula_value(cell)
    if value is None:
        return ""
    if not isinstance(value, Decimal):
        return value
    if cell.role == "money":
        return f"{value:.2f}"
    if cell.role == "rate":
        return f"{(value * 100).quantize(Decimal(1))}%"
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def set_borders(table) -> None:
    """Thin single lines all round and inside, set on the table itself rather than through a style
    that another program might not carry over."""
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        for key, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "000000")):
            line.set(qn(f"w:{key}"), value)
        borders.append(line)
    table._tbl.tblPr.append(borders)


def declare_fallbacks(data: bytes) -> bytes:
    """Add the Chinese fonts to the font table with their alternative names and the GB2312 charset."""
    root = etree.fromstring(data)
    for name, alternative in FALLBACK.items():
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        etree.SubElement(font, qn("w:altName")).set(qn("w:val"), alternative)
        etree.SubElement(font, qn("w:charset")).set(qn("w:val"), GB2312_CHARSET)
        etree.SubElement(font, qn("w:family")).set(qn("w:val"), "auto")
        etree.SubElement(font, qn("w:pitch")).set(qn("w:val"), "variable")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
