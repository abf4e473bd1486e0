"""Reader for Excel 97–2003 .xls (BIFF) files, through xlrd: each visible sheet → one ``Grid``.

xlrd is asked for formatting information, which is where it keeps merged ranges, hidden rows and
number formats; the cells then go through the same ``sheet_grid`` as an .xlsx sheet's, so both
formats give the same grid for the same form.
"""

from __future__ import annotations

import datetime as dt
import io

import xlrd

from jixiao import settings
from jixiao.ingest.grid import Grid
from jixiao.ingest.readers.errors import ReaderError
from jixiao.ingest.readers.xlsx import PLAIN, Position, Range, format_kind, number_text, sheet_grid

_DATE_EPOCHS = {0: (1899, 12, 30), 1: (1904, 1, 1)}


def read_xls(data: bytes, path: str) -> list[Grid]:
    """One grid per visible sheet that holds any text, in workbook order."""
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True,
                                  logfile=io.StringIO())
    except ReaderError:
        raise
    except Exception as error:  # xlrd raises many kinds (XLRDError, CompDocError, struct.error, ...)
        raise ReaderError("文件不是可读取的 Excel 97–2003 工作簿（已损坏、加密或格式不符）。",
                          f"not a readable Excel 97-2003 workbook (damaged, encrypted or not .xls: {error}).") from None
    try:
        return _read_book(book, path)
    except ReaderError:
        raise
    except Exception as error:  # a damaged sheet record surfaces only when the sheet is loaded
        raise ReaderError("Excel 工作表已损坏，无法读取。",
                          f"a worksheet is damaged and cannot be read ({error}).") from None
    finally:
        book.release_resources()


def _read_book(book: xlrd.Book, path: str) -> list[Grid]:
    budget = settings.MAX_CELLS
    grids: list[Grid] = []
    for index in range(book.nsheets):
        sheet = book.sheet_by_index(index)
        budget -= sheet.nrows * sheet.ncols
        if budget < 0:
            raise ReaderError(f"工作簿的单元格超过上限（{settings.MAX_CELLS} 个）。",
                              f"the workbook has more than {settings.MAX_CELLS} cells, over the limit.")
        if sheet.visibility == 0:
            values, hidden = _sheet_values(book, sheet)
            merges: list[Range] = [(rlo + 1, clo + 1, rhi, chi) for rlo, rhi, clo, chi in sheet.merged_cells]
            name = sheet.name
            grid = sheet_grid(path, index + 1, name, values, merges, hidden)
            if grid is not None:
                grids.append(grid)
        book.unload_sheet(index)
    return grids


def _sheet_values(book: xlrd.Book, sheet) -> tuple[dict[Position, str], set[int]]:
    """Non-empty cell texts by 1-based (row, column), and the hidden rows (1-based)."""
    hidden = {r + 1 for r, info in sheet.rowinfo_map.items() if info.hidden}
    values: dict[Position, str] = {}
    for r in range(sheet.nrows):
        if r + 1 in hidden:
            continue
        for c, cell in enumerate(sheet.row(r)):
            text = _cell_text(book, cell)
            if text:
                values[(r + 1, c + 1)] = text
    return values, hidden


def _cell_text(book: xlrd.Book, cell: xlrd.sheet.Cell) -> str:
    kind = cell.ctype
    if kind == xlrd.XL_CELL_TEXT:
        return cell.value
    if kind in (xlrd.XL_CELL_NUMBER, xlrd.XL_CELL_DATE):
        return number_text(repr(cell.value), _number_kind(book, cell.xf_index), _epoch(book))
    if kind == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if cell.value else "FALSE"
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#ERROR")
    return ""


def _number_kind(book: xlrd.Book, xf_index: int | None) -> str:
    if xf_index is None or xf_index >= len(book.xf_list):
        return PLAIN
    number_format = book.format_map.get(book.xf_list[xf_index].format_key)
    return format_kind(number_format.format_str) if number_format is not None else PLAIN


def _epoch(book: xlrd.Book) -> dt.date:
    return dt.date(*_DATE_EPOCHS.get(book.datemode, _DATE_EPOCHS[0]))
