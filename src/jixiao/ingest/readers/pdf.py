"""Reader for PDFs with a text layer: ruled tables found by pdfplumber, in the shape of a Word table.

Each ruled table on a page becomes a part; the columns and rows come from the cells' edges, so a
cell merged across columns is one cell with its span and a position below a cell merged down is a
covered cell. A part is joined onto the part before it when it continues that table on the next page
(see ``_continues``), with a header repeated at the top of the page dropped. Words that wrap inside
a cell are joined back into one text. A PDF without any text is a scan, which is refused.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterator

import pdfplumber
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import resolve1
from pdfplumber.page import Page

from jixiao import settings
from jixiao.ingest.grid import Cell, Grid
from jixiao.ingest.readers.errors import ReaderError
from jixiao.ingest.readers.pdf_parts import Part, page_parts, stitch

__all__ = ["read_pdf"]


def read_pdf(data: bytes, path: str) -> list[Grid]:
    """Every ruled table in the PDF ``data`` as a grid, tables split over pages joined back."""
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            parts, text_seen = _read_parts(pdf)
    except ReaderError:
        raise
    except Exception as error:  # pdfminer raises anything at all on a damaged file: say it once, plainly
        raise _open_error(error) from None
    if not text_seen:
        raise ReaderError("该 PDF 没有文字层，应为扫描件；读取扫描件（文字识别）不在本工具范围内，"
                          "请提供带文字的 PDF 或原始表格文件。",
                          "the PDF has no text layer: it is a scan. Reading scans (OCR) is out of scope; "
                          "provide a PDF with text, or the original spreadsheet or document.")
    return _grids(stitch(parts), path)


def _read_parts(pdf: pdfplumber.PDF) -> tuple[list[Part], bool]:
    parts: list[Part] = []
    text_seen = False
    cells = 0
    for page in _pages(pdf):
        page_text, found = page_parts(page)
        text_seen = text_seen or page_text
        parts.extend(found)
        cells += sum(len(row) for part in found for row in part.rows)
        if cells > settings.MAX_CELLS:
            raise ReaderError(f"PDF 中的单元格超过上限 {settings.MAX_CELLS} 个。",
                              f"the PDF has more than {settings.MAX_CELLS} table cells, over the limit.")
        page.close()  # free the page's parsed objects: only its parts are kept
    return parts, text_seen


def _pages(pdf: pdfplumber.PDF) -> Iterator[Page]:
    """The pages, one at a time, after the page count passed the limit.

    The count the page tree declares is checked first, so a long PDF is refused without walking it;
    the walk itself stops one page past the limit, in case the declared count lies.
    """
    limit = settings.MAX_PDF_PAGES
    declared = resolve1(resolve1(pdf.doc.catalog.get("Pages")).get("Count", 0))
    if isinstance(declared, int) and declared > limit:
        raise _too_long(declared)
    doctop = 0.0
    for number, page_obj in enumerate(itertools.islice(PDFPage.create_pages(pdf.doc), limit + 1), start=1):
        if number > limit:
            raise _too_long(None)
        page = Page(pdf, page_obj, page_number=number, initial_doctop=doctop)
        doctop += page.height
        yield page


def _too_long(pages: int | None) -> ReaderError:
    count = f"{pages} 页" if pages else f"超过 {settings.MAX_PDF_PAGES} 页"
    count_en = f"{pages} pages" if pages else f"more than {settings.MAX_PDF_PAGES} pages"
    return ReaderError(f"PDF 共 {count}，超过上限 {settings.MAX_PDF_PAGES} 页；请只提供自评表所在的页。",
                       f"the PDF has {count_en}, over the limit of {settings.MAX_PDF_PAGES}; "
                       "provide only the pages holding the forms.")


def _open_error(error: Exception) -> ReaderError:
    inner = error.args[0] if error.args and isinstance(error.args[0], Exception) else error
    name = type(inner).__name__
    if "Password" in name or "Encrypt" in name:
        return ReaderError("PDF 已加密（设有密码），请先取消密码再读取。",
                           "the PDF is encrypted (password-protected); remove the password first.")
    return ReaderError("不是可读取的 PDF 文件（文件损坏、不完整或并非 PDF）。",
                       f"not a readable PDF (damaged, truncated or not a PDF: {name}: {inner}).")


def _grids(tables: list[list[Part]], path: str) -> list[Grid]:
    """One grid per stitched table, rows numbered through its pages, caption from its first page."""
    grids = []
    for number, parts in enumerate(tables, start=1):
        rows: list[tuple[Cell, ...]] = []
        for part in parts:
            anchor = f"第{part.page}页"
            for part_row in part.rows:
                row = len(rows) + 1
                rows.append(tuple(Cell(text, row, column, row_span, col_span, None, covered, anchor)
                                  for text, column, row_span, col_span, covered, _ in part_row))
        grids.append(Grid(path=path, table=number, rows=tuple(rows), caption=parts[0].caption))
    return grids
