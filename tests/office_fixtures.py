"""Office fixtures built the way units' files are, with python-docx and openpyxl (never jixiao's writers).

The forms come from the founding sample's text dump, so every fixture can be compared with it.
Each dump row is laid on a ten-column grid the way the Word original has it: the wide header and
总分 cells span columns (gridSpan / merged ranges), and the blank label cells under 项目资金,
年度总体目标, 绩效指标 and the 一级/二级指标 columns are continuations of a cell merged down.
"""

from __future__ import annotations

import io
import re
import zipfile
from itertools import pairwise
from pathlib import Path

import docx
import openpyxl
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from jixiao.ingest.readers.text import read_text_grid

SAMPLE = Path(__file__).parent / "fixtures" / "founding_sample.txt"
WIDTH = 10
# Column spans of a dump row by its number of cells (they add up to WIDTH).
SPANS = {1: [10], 2: [2, 8], 3: [2, 4, 4], 4: [2, 3, 2, 3], 8: [1, 2, 1, 1, 1, 1, 1, 2],
         9: [1, 1, 1, 1, 1, 1, 1, 1, 2], 10: [1] * 10}
# The 总分 row: label, total weight, total score, and (in three of the four forms) an empty last cell.
TOTAL_SPANS = {4: [4, 2, 2, 2], 3: [4, 2, 4]}
_NUMBER_RE = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?%?")

# A laid-out cell: text, first grid column (1-based), column span, and its place in a vertical merge
# ("restart", "continue" or None).
LaidCell = tuple[str, int, int, str | None]


def founding_forms() -> list[list[list[str]]]:
    """The four founding forms: rows of cell texts, as the text reader gives them."""
    grid = read_text_grid(SAMPLE.read_text(encoding="utf-8"), str(SAMPLE))[0]
    forms: list[list[list[str]]] = []
    for row in grid.rows:
        texts = [cell.text for cell in row]
        if len(texts) == 1 and "自评表" in texts[0]:
            forms.append([])
        forms[-1].append(texts)
    return forms


def lay_out(rows: list[list[str]]) -> list[list[LaidCell]]:
    """The form's rows on the ten-column grid, with the vertical merges Word would have."""
    laid: list[list[LaidCell]] = []
    in_indicators = False
    for texts in rows:
        spans = (TOTAL_SPANS if texts[0].strip() == "总分" else SPANS)[len(texts)]
        in_indicators = (in_indicators or texts[0].startswith("绩")) and texts[0].strip() != "总分"
        header_tail = in_indicators and "指标值" in texts
        cells, column = [], 1
        for text, span in zip(texts, spans, strict=True):
            merged_down = not text and laid and (column == 1 or header_tail or (in_indicators and column in (2, 3)))
            cells.append((text, column, span, "continue" if merged_down else None))
            column += span
        laid.append(cells)
    # A continuation's cell above starts the merge, unless it continues one itself.
    for above, below in pairwise(laid):
        continued = {column for _, column, _, merge in below if merge == "continue"}
        for index, (text, column, span, merge) in enumerate(above):
            if column in continued and merge is None:
                above[index] = (text, column, span, "restart")
    return laid


def _cell_element(text: str, span: int, merge: str | None):
    tc = OxmlElement("w:tc")
    properties = OxmlElement("w:tcPr")
    if span > 1:
        grid_span = OxmlElement("w:gridSpan")
        grid_span.set(qn("w:val"), str(span))
        properties.append(grid_span)
    if merge:
        vertical = OxmlElement("w:vMerge")
        if merge == "restart":
            vertical.set(qn("w:val"), "restart")
        properties.append(vertical)
    tc.append(properties)
    for line in text.split("\n"):  # each line of a cell is a paragraph of its own in Word
        p = OxmlElement("w:p")
        tc.append(p)
        if line:
            Paragraph(p, None).add_run(line)  # python-docx writes "\t" as <w:tab/>
    return tc


def add_table(document, laid: list[list[LaidCell]]) -> None:
    table = document.add_table(rows=0, cols=WIDTH)
    for cells in laid:
        tr = table.add_row()._tr
        for tc in tr.findall(qn("w:tc")):
            tr.remove(tc)
        for text, _, span, merge in cells:
            tr.append(_cell_element(text, span, merge))


def founding_docx(*, title_inside: bool = True, lead_tables: int = 0, forms=None) -> bytes:
    """A .docx of the founding forms. ``title_inside``: title and year rows are the table's first
    rows (as in the dump); otherwise they are paragraphs before the table, as units usually write
    them. ``lead_tables``: that many unrelated tables (a 决算 disclosure) come first."""
    document = docx.Document()
    for number in range(lead_tables):
        document.add_paragraph(f"表{number + 1}  收入支出决算总表")
        other = document.add_table(rows=3, cols=4)
        for r, row in enumerate(other.rows):
            for c, cell in enumerate(row.cells):
                cell.text = f"收入{r}-{c}"
    for rows in forms or founding_forms():
        if not title_inside:
            for line in "\n".join(row[0] for row in rows[:2]).split("\n"):
                if line:
                    document.add_paragraph(line)
            rows = rows[2:]
        document.add_paragraph("")  # an empty paragraph between tables, as Word keeps one there
        add_table(document, lay_out(rows))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _store(sheet, row: int, column: int, text: str, as_numbers: bool) -> None:
    """Numbers go in as numbers (percentages as a fraction with a % format) when ``as_numbers``;
    otherwise, and for anything else, as the text it is."""
    cell = sheet.cell(row=row, column=column)
    if as_numbers and _NUMBER_RE.fullmatch(text):
        if text.endswith("%"):
            cell.value, cell.number_format = float(text[:-1]) / 100, "0%"
        else:
            cell.value = float(text) if "." in text else int(text)
    else:
        cell.value = text
        cell.data_type = "s"  # openpyxl would take "=4个" for a formula; Excel users type '=4个


def write_form(sheet, rows: list[list[str]], first_row: int, *, as_numbers: bool = True) -> int:
    """Lay ``rows`` on ``sheet`` from ``first_row`` with merged ranges; the row after the form."""
    laid = lay_out(rows)
    for offset, cells in enumerate(laid):
        row = first_row + offset
        for text, column, span, merge in cells:
            if merge == "continue":
                continue
            _store(sheet, row, column, text, as_numbers)
            depth = 1
            if merge == "restart":
                while any(c[1] == column and c[3] == "continue" for c in _row(laid, offset + depth)):
                    depth += 1
            if span > 1 or depth > 1:
                sheet.merge_cells(start_row=row, start_column=column, end_row=row + depth - 1,
                                  end_column=column + span - 1)
    return first_row + len(laid)


def _row(laid: list[list[LaidCell]], index: int) -> list[LaidCell]:
    return laid[index] if index < len(laid) else []


def founding_xlsx(*, one_sheet: bool = False, as_numbers: bool = True, extras: bool = False, forms=None) -> bytes:
    """A .xlsx of the founding forms: one form per sheet, or all on one sheet with a blank row and a
    note row between them. ``extras`` adds a hidden sheet and a hidden row that must not be read."""
    workbook = openpyxl.Workbook()
    forms = forms or founding_forms()
    sheet = workbook.active
    sheet.title = "表1"
    row = 1
    for number, rows in enumerate(forms):
        if not one_sheet and number:
            sheet, row = workbook.create_sheet(f"表{number + 1}"), 1
        row = write_form(sheet, rows, row, as_numbers=as_numbers)
        if one_sheet:
            sheet.cell(row=row, column=1, value="注：本表金额单位为万元。")
            row += 2
    if extras:
        hidden = workbook.create_sheet("隐藏")
        hidden.sheet_state = "hidden"
        hidden["A1"] = "项目支出绩效自评表"
        sheet.cell(row=row + 1, column=1, value="不应读出的隐藏行")
        sheet.row_dimensions[row + 1].hidden = True
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


_XLSX_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                           'content-types"/>',
    "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                   'relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/'
                   '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                       '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                       '<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                                  'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
                                  'openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                                  'Target="worksheets/sheet1.xml"/></Relationships>',
    "xl/styles.xml": '<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                     '2006/main"><numFmts><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d'
                     '&quot;日&quot;"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="9"/><xf numFmtId="10"/>'
                     '<xf numFmtId="164"/></cellXfs></styleSheet>',
}


def raw_xlsx(rows_xml: str, *, extra: str = "", prolog: str = "") -> bytes:
    """A minimal .xlsx written by hand, for what openpyxl cannot write: cached formula values,
    float noise, inline strings, a DTD. Styles: s=1 is 0%, s=2 is 0.00%, s=3 a 年月日 date."""
    sheet = (f'<?xml version="1.0"?>{prolog}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
             f'2006/main"><sheetData>{rows_xml}</sheetData>{extra}</worksheet>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in _XLSX_PARTS.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


def zip_bomb(main_part: str, size: int = 2 * 1024**3) -> bytes:
    """A small zip whose ``main_part`` inflates to ``size`` bytes of zeros (2 GB by default),
    written in chunks so that building it needs little memory. The archive is ~2 MB per GB."""
    buffer = io.BytesIO()
    chunk = bytes(16 * 1024 * 1024)
    # Level 1: zeros pack almost as well as at level 9, several times faster.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open(main_part, "w", force_zip64=True) as stream:
            for _ in range(size // len(chunk)):
                stream.write(chunk)
    return buffer.getvalue()


def encrypted_ooxml() -> bytes:
    """A minimal OLE compound file as Office writes a password-protected .docx/.xlsx: a header and a
    directory sector with Root Entry, EncryptionInfo and EncryptedPackage entries."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    header[0x1A:0x1E] = (0x3E, 0x00, 0x03, 0x00)  # minor version 0x3E, major version 3
    header[0x1E:0x20] = (9, 0)  # sectors of 512 bytes
    directory = bytearray()
    for name, kind in (("Root Entry", 5), ("EncryptionInfo", 2), ("EncryptedPackage", 2)):
        entry = bytearray(128)
        encoded = (name + "\0").encode("utf-16-le")
        entry[:len(encoded)] = encoded
        entry[64:66] = len(encoded).to_bytes(2, "little")
        entry[66] = kind
        directory += entry
    directory += bytes(128)
    return bytes(header + directory + bytes(4096))
