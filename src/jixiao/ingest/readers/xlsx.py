"""Reader for Excel .xlsx files: each visible sheet → one ``Grid`` shaped like a Word table.

The sheet XML is read with lxml directly (openpyxl builds a styled cell object per cell, several
times slower). A number cell's text is its stored value without binary float noise (0.27, not
0.27000000000000002), a percentage when its format is one (1 → 100%), a date when its format is
one; a formula cell gives its cached value. Hidden sheets and hidden rows are left out, as a person
looking at the workbook does not see them.

``sheet_grid`` turns a sheet's values and merged ranges into the grid; the .xls reader shares it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from bisect import bisect_left, bisect_right
from decimal import Decimal
from functools import cache, lru_cache

from lxml import etree

from jixiao import settings
from jixiao.ingest.grid import Grid
from jixiao.ingest.readers.errors import ReaderError
from jixiao.ingest.readers.package import main_part, open_package, reading
from jixiao.ingest.readers.shape import CONTINUE, START, RawCell, shape_rows
from jixiao.ingest.safety import parse_xml, read_member

_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_REF_RE = re.compile(r"([A-Z]{1,3})(\d{1,7})$")
# Cell coordinates (row, column), 1-based, and merged ranges (first row, first col, last row, last col).
Position = tuple[int, int]
Range = tuple[int, int, int, int]
PLAIN, PERCENT, DATE = "plain", "percent", "date"
_BUILTIN_PERCENT = {9, 10}
_BUILTIN_DATE = {14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58}
_QUOTED_RE = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


def read_xlsx(data: bytes, path: str) -> list[Grid]:
    """One grid per visible sheet that holds any text, in workbook order."""
    with reading("Excel"):
        return _read_workbook(open_package(data), path)


def _read_workbook(archive, path: str) -> list[Grid]:
    part = main_part(archive, "officeDocument", "xl/workbook.xml")
    workbook = parse_xml(read_member(archive, part), part)
    ns = etree.QName(workbook).namespace or ""
    folder = part.rsplit("/", 1)[0] + "/" if "/" in part else ""
    targets = _relationships(archive, folder, part)
    strings = _shared_strings(archive, folder, targets)
    kinds = _style_kinds(archive, folder, targets)
    epoch = dt.date(1904, 1, 1) if _is_1904(workbook, ns) else dt.date(1899, 12, 30)
    grids: list[Grid] = []
    budget = [settings.MAX_CELLS]
    for table, sheet in enumerate(workbook.iter(f"{{{ns}}}sheet"), start=1):
        target = targets.get(sheet.get(f"{{{_R_NS}}}id", ""))
        if sheet.get("state", "visible") != "visible" or target is None:
            continue
        name = sheet.get("name", f"Sheet{table}")
        root = parse_xml(read_member(archive, target), target)
        values, merges, hidden = _sheet_contents(root, strings, kinds, epoch, budget)
        grid = sheet_grid(path, table, name, values, merges, hidden)
        if grid is not None:
            grids.append(grid)
    return grids


def _relationships(archive, folder: str, part: str) -> dict[str, str]:
    """Relationship id → member name, for the workbook part."""
    name = f"{folder}_rels/{part.rsplit('/', 1)[-1]}.rels"
    try:
        rels = parse_xml(read_member(archive, name), name)
    except ReaderError:
        return {}
    targets = {}
    for rel in rels:
        target = rel.get("Target", "")
        targets[rel.get("Id", "")] = target.lstrip("/") if target.startswith("/") else folder + target
        targets.setdefault("type:" + rel.get("Type", "").rsplit("/", 1)[-1], targets[rel.get("Id", "")])
    return targets


def _optional_part(archive, folder: str, targets: dict[str, str], kind: str,
                   default: str) -> tuple[etree._Element, str] | None:
    """A part a workbook may lack (shared strings, styles), parsed, with its namespace; None if absent."""
    name = targets.get(f"type:{kind}", folder + default)
    if name not in archive.namelist():
        return None
    root = parse_xml(read_member(archive, name), name)
    return root, etree.QName(root).namespace or ""


def _shared_strings(archive, folder: str, targets: dict[str, str]) -> list[str]:
    part = _optional_part(archive, folder, targets, "sharedStrings", "sharedStrings.xml")
    if part is None:
        return []
    root, ns = part
    return [_rich_text(item, ns) for item in root.iterchildren(f"{{{ns}}}si")]


def _rich_text(item: etree._Element, ns: str) -> str:
    """The text of a string item: its runs' w:t, leaving out phonetic guides (rPh)."""
    direct = item.find(f"{{{ns}}}t")
    if direct is not None:
        return direct.text or ""
    return "".join(run.findtext(f"{{{ns}}}t") or "" for run in item.iterchildren(f"{{{ns}}}r"))


def _style_kinds(archive, folder: str, targets: dict[str, str]) -> list[str]:
    """The kind (PLAIN, PERCENT, DATE) of each cell style index, from its number format."""
    part = _optional_part(archive, folder, targets, "styles", "styles.xml")
    if part is None:
        return []
    root, ns = part
    custom = {int(fmt.get("numFmtId", "0")): format_kind(fmt.get("formatCode", ""))
              for fmt in root.iter(f"{{{ns}}}numFmt") if fmt.get("numFmtId", "").isdigit()}
    cell_xfs = root.find(f"{{{ns}}}cellXfs")
    if cell_xfs is None:
        return []
    kinds = []
    for xf in cell_xfs.iterchildren(f"{{{ns}}}xf"):
        number = int(xf.get("numFmtId", "0")) if xf.get("numFmtId", "0").isdigit() else 0
        builtin = PERCENT if number in _BUILTIN_PERCENT else DATE if number in _BUILTIN_DATE else PLAIN
        kinds.append(custom.get(number, builtin))
    return kinds


def format_kind(code: str) -> str:
    """PERCENT, DATE or PLAIN for an Excel number format code (quoted text and [colors] aside)."""
    bare = _QUOTED_RE.sub("", code.split(";", 1)[0]).lower()
    if "%" in bare:
        return PERCENT
    return DATE if "y" in bare or "d" in bare or "年" in code else PLAIN


def _is_1904(workbook: etree._Element, ns: str) -> bool:
    properties = workbook.find(f"{{{ns}}}workbookPr")
    return properties is not None and properties.get("date1904", "0") in ("1", "true")


def _sheet_contents(root, strings, kinds, epoch, budget) -> tuple[dict[Position, str], list[Range], set[int]]:
    """The sheet's non-empty cell texts by position, its merged ranges, and its hidden rows."""
    ns = etree.QName(root).namespace or ""
    c_tag, v_tag, is_tag = (f"{{{ns}}}{name}" for name in ("c", "v", "is"))
    values: dict[Position, str] = {}
    hidden: set[int] = set()
    row_number = 0
    for row in root.iter(f"{{{ns}}}row"):
        row_number = _int(row.get("r"), row_number + 1)
        if row.get("hidden") in ("1", "true"):
            hidden.add(row_number)
            continue
        budget[0] -= len(row)
        if budget[0] < 0:
            raise ReaderError(f"工作簿的单元格超过上限（{settings.MAX_CELLS} 个）。",
                              f"the workbook has more than {settings.MAX_CELLS} cells, over the limit.")
        column = 0
        for cell in row.iterchildren(c_tag):
            column = _column_of(cell.get("r")) or column + 1
            if not len(cell):  # a styled empty cell (merged areas are full of them)
                continue
            kind = cell.get("t", "n")
            if kind == "inlineStr":
                item = cell.find(is_tag)
                text = _rich_text(item, ns) if item is not None else ""
            else:
                raw = cell.findtext(v_tag)
                if raw is None:
                    continue
                text = _value_text(raw, kind, cell.get("s"), strings, kinds, epoch)
            if text:
                values[(row_number, column)] = text
    merges = [rng for rng in map(_range, root.iter(f"{{{ns}}}mergeCell")) if rng is not None]
    return values, merges, hidden


def _int(text: str | None, default: int) -> int:
    return int(text) if text and text.isdigit() and len(text) < 8 else default


@lru_cache(maxsize=1 << 16)
def _column_of(ref: str | None) -> int:
    """The column of a cell reference (``C7`` → 3); 0 when there is none. Cached: the same few
    hundred references recur in every sheet of a batch."""
    match = _REF_RE.match(ref or "")
    return column_number(match.group(1)) if match else 0


@cache
def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


@cache
def column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _range(element: etree._Element) -> Range | None:
    first, _, last = element.get("ref", "").partition(":")
    start, end = _REF_RE.match(first), _REF_RE.match(last or first)
    if not start or not end:
        return None
    return (int(start.group(2)), column_number(start.group(1)), int(end.group(2)), column_number(end.group(1)))


def _value_text(raw: str, kind: str, style: str | None, strings: list[str], kinds: list[str], epoch) -> str:
    if kind == "s":
        index = _int(raw, -1)
        return strings[index] if 0 <= index < len(strings) else ""
    if kind == "b":
        return "TRUE" if raw.strip() in ("1", "true") else "FALSE"
    if kind != "n":  # str (a formula's text), e (an error such as #DIV/0!), d (an ISO date)
        return raw
    index = _int(style, 0)
    return number_text(raw, kinds[index] if index < len(kinds) else PLAIN, epoch)


def number_text(raw: str, kind: str = PLAIN, epoch: dt.date = dt.date(1899, 12, 30)) -> str:
    """A stored number as a person reads it: the shortest decimal that is the same float, as a
    percentage or a date when its format says so."""
    try:
        value = float(raw)
    except ValueError:
        return raw
    if not math.isfinite(value):
        return raw
    if kind == DATE and 0 < value < 2_958_466:  # Excel's dates end at 9999-12-31
        day = epoch + dt.timedelta(days=int(value))
        return f"{day.year}年{day.month}月{day.day}日"
    number = Decimal(repr(value))
    if kind == PERCENT:
        return plain_decimal(number * 100) + "%"
    return plain_decimal(number)


def plain_decimal(number: Decimal) -> str:
    """``number`` written out without an exponent and without trailing zeros."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def sheet_grid(path: str, table: int, name: str, values: dict[Position, str], merges: list[Range],
               hidden: set[int]) -> Grid | None:
    """The sheet as a Word-shaped grid: the box around its non-blank cells, each merged range once
    (at its first visible row, with its spans; ``covered`` cells in its later visible rows). Cells
    are anchored as Excel names them, ``Sheet1!C7``."""
    filled = [position for position, text in values.items() if text.strip()]
    if not filled:
        return None
    top, bottom = min(r for r, _ in filled), max(r for r, _ in filled)
    left, right = min(c for _, c in filled), max(c for _, c in filled)
    merged = _merged_cells(values, merges, hidden, (top, left, bottom, right), filled)
    lines = sorted({r for r, _ in filled} | {r for r, _ in merged})
    if len(lines) * (right - left + 1) > settings.MAX_CELLS:
        raise ReaderError(f"工作表“{name}”的表格区域超过 {settings.MAX_CELLS} 个单元格。",
                          f"sheet {name!r} spans more than {settings.MAX_CELLS} cells, over the limit.")
    prefixes = [f"{name}!{column_letters(c)}" for c in range(left, right + 1)]
    raw_rows = []
    for r in lines:
        cells, c = [], left
        while c <= right:
            text, merge, width = merged.get((r, c)) or (values.get((r, c), ""), None, 1)
            cells.append(RawCell(text, c - left + 1, width, merge, f"{prefixes[c - left]}{r}"))
            c += width
        raw_rows.append(cells)
    return Grid(path=path, table=table, rows=shape_rows(raw_rows), name=name)


def _merged_cells(values, merges, hidden, box, filled) -> dict[Position, tuple[str, str | None, int]]:
    """(row, first column) → (text, START/CONTINUE/None, width) for each visible row of each merged
    range, clipped to ``box``. A range's text is its top-left cell's, even when that row is hidden."""
    top, left, bottom, right = box
    rows_with_text = sorted({r for r, _ in filled})
    merged: dict[Position, tuple[str, str | None, int]] = {}
    for first_row, first_col, last_row, last_col in merges:
        text = values.get((first_row, first_col), "")
        first_row, first_col = max(first_row, top), max(first_col, left)
        last_row, last_col = min(last_row, bottom), min(last_col, right)
        if first_row > last_row or first_col > last_col:
            continue
        # Only rows that hold text survive in the grid, so only those (and the origin) need a cell.
        origin = next((r for r in range(first_row, last_row + 1) if r not in hidden), None)
        if origin is None:
            continue
        inner = rows_with_text[bisect_right(rows_with_text, origin):bisect_left(rows_with_text, last_row + 1)]
        later = [r for r in inner if r not in hidden]
        width = last_col - first_col + 1
        merged[(origin, first_col)] = (text, START if later else None, width)
        for r in later:
            merged[(r, first_col)] = ("", CONTINUE, width)
    return merged
