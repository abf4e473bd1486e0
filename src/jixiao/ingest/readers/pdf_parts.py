"""The parts of a PDF table: each ruled table drawn on one page (``page_parts``), and the stitching
of parts that continue one table across pages (``stitch``)."""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from pdfplumber.page import Page

# --- one page -----------------------------------------------------------------------------------------

# Points within which two edges are the same line (pdfplumber snaps ruling lines to 3 points).
_SAME_EDGE = 2.0
# Points within which two characters sit on one text line (pdfplumber's own default tolerance).
_SAME_LINE = 3.0
# A gap between characters wider than this many points is a space in the text.
_SPACE_GAP = 3.0
# Lines above a table kept as its caption, nearest last (a title, a year, a unit line).
_CAPTION_LINES = 3
# Text that is only a page number ("3", "- 3 -", "第 3 页", "第3页 共5页") does not separate a table from
# its continuation on the next page.
_PAGE_NUMBER_RE = re.compile(r"[-—\s]*(第?\s*\d+\s*页?\s*(共\s*\d+\s*页)?|\d+\s*/\s*\d+)[-—\s]*")


@dataclass(slots=True)
class Part:
    """One ruled table as drawn on one page, its rows already in the Word shape."""

    page: int
    # Each cell a list, as stitching still extends spans: [text, column, row_span, col_span, covered,
    # origin] where ``origin`` is, for a covered cell, the cell merged down over it.
    rows: list[list[list]]
    columns: tuple[float, ...]  # x of every column edge
    heights: tuple[float, ...]  # of every row
    top: float
    bottom: float
    caption: tuple[str, ...] = ()
    first_on_page: bool = False
    last_on_page: bool = False
    text_above: bool = False  # other than a page number
    text_below: bool = False


def page_parts(page: Page) -> tuple[bool, list[Part]]:
    """Whether the page has any text, and its ruled tables in reading order."""
    chars = page.chars
    if not chars:
        return False, []
    tables = sorted(page.find_tables(), key=lambda table: (table.bbox[1], table.bbox[0]))
    inside: list[list[dict]] = [[] for _ in tables]
    outside: list[dict] = []
    boxes = [table.bbox for table in tables]
    for char in chars:
        place = _table_of(char, boxes)
        (outside if place is None else inside[place]).append(char)
    lines = _lines(outside)
    parts = []
    for index, (table, table_chars) in enumerate(zip(tables, inside, strict=True)):
        above_from = boxes[index - 1][3] if index else 0.0
        above = [text for top, text in lines if above_from <= top < boxes[index][1]]
        below_to = boxes[index + 1][1] if index + 1 < len(boxes) else page.height
        below = [text for top, text in lines if boxes[index][3] <= top < below_to]
        parts.append(_part(page.page_number, table.cells, table_chars, above, below,
                           first=index == 0, last=index + 1 == len(tables)))
    return True, parts


def _table_of(char: dict, boxes: Sequence[tuple[float, float, float, float]]) -> int | None:
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    for index, (x0, top, x1, bottom) in enumerate(boxes):
        if x0 <= x < x1 and top <= y < bottom:
            return index
    return None


def _part(page: int, boxes: list[tuple[float, float, float, float]], chars: list[dict], above: list[str],
          below: list[str], *, first: bool, last: bool) -> Part:
    xs = _edges([box[0] for box in boxes] + [box[2] for box in boxes])
    ys = _edges([box[1] for box in boxes] + [box[3] for box in boxes])
    origins: dict[tuple[int, int], list] = {}
    for x0, top, x1, bottom in boxes:
        row, column = _index(ys, top), _index(xs, x0)
        origins[row, column] = ["", column + 1, max(_index(ys, bottom) - row, 1),
                                max(_index(xs, x1) - column, 1), False, None]
    texts = _cell_chars(chars, xs, ys, origins)
    for (row, column), cell in origins.items():
        cell[0] = _cell_text(texts.get((row, column), []))
    rows = _word_rows(origins, len(ys) - 1, len(xs) - 1)
    return Part(page=page, rows=rows, columns=tuple(xs), heights=tuple(b - a for a, b in itertools.pairwise(ys)),
                top=ys[0], bottom=ys[-1], caption=tuple(above[-_CAPTION_LINES:]), first_on_page=first,
                last_on_page=last, text_above=_has_text(above), text_below=_has_text(below))


def _has_text(lines: list[str]) -> bool:
    return any(not _PAGE_NUMBER_RE.fullmatch(line) for line in lines)


def _edges(values: list[float]) -> list[float]:
    """The distinct edge positions, values closer than ``_SAME_EDGE`` taken as one."""
    edges: list[float] = []
    for value in sorted(values):
        if not edges or value - edges[-1] > _SAME_EDGE:
            edges.append(value)
    return edges


def _index(edges: list[float], value: float) -> int:
    return max(bisect_right(edges, value + _SAME_EDGE) - 1, 0)


def _cell_chars(chars: list[dict], xs: list[float], ys: list[float],
                origins: dict[tuple[int, int], list]) -> dict[tuple[int, int], list[dict]]:
    """The characters of each cell, by the grid place of the cell's origin (one pass over the chars)."""
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    for (row, column), cell in origins.items():
        for place in itertools.product(range(row, row + cell[2]), range(column, column + cell[3])):
            owner.setdefault(place, (row, column))
    found: dict[tuple[int, int], list[dict]] = {}
    for char in chars:
        place = (bisect_right(ys, (char["top"] + char["bottom"]) / 2) - 1,
                 bisect_right(xs, (char["x0"] + char["x1"]) / 2) - 1)
        if place in owner:
            found.setdefault(owner[place], []).append(char)
    return found


def _lines(chars: list[dict]) -> list[tuple[float, str]]:
    """Text lines (top, text) top to bottom: characters within ``_SAME_LINE`` of a line's top join it."""
    lines: list[tuple[float, list[dict]]] = []
    for char in sorted(chars, key=lambda char: char["top"]):
        if lines and char["top"] - lines[-1][0] <= _SAME_LINE:
            lines[-1][1].append(char)
        else:
            lines.append((char["top"], [char]))
    result = []
    for top, members in lines:
        members.sort(key=lambda char: char["x0"])
        pieces = [members[0]["text"]]
        for before, char in itertools.pairwise(members):
            pieces.append((" " if char["x0"] - before["x1"] > _SPACE_GAP else "") + char["text"])
        text = " ".join("".join(pieces).split())
        if text:
            result.append((top, text))
    return result


def _cell_text(chars: list[dict]) -> str:
    """A cell's text with its wrapped lines joined: no space is put between CJK characters (or any
    other), except between two Latin letters, where the wrap replaced a space."""
    text = ""
    for _, line in _lines(chars):
        if text[-1:].isascii() and text[-1:].isalpha() and line[:1].isascii() and line[:1].isalpha():
            text += " "
        text += line
    return text


def _word_rows(origins: dict[tuple[int, int], list], rows: int, columns: int) -> list[list[list]]:
    """Rows left to right as Word lists them: each cell once at its origin, a covered cell where a
    cell merged down from above passes."""
    covered: dict[tuple[int, int], list] = {}
    for (row, column), cell in origins.items():
        for below in range(row + 1, row + cell[2]):
            covered[below, column] = cell
    result = []
    for row in range(rows):
        cells: list[list] = []
        column = 0
        while column < columns:
            if (row, column) in origins:
                cells.append(origins[row, column])
                column += cells[-1][3]
            elif (row, column) in covered:
                origin = covered[row, column]
                cells.append(["", column + 1, 1, origin[3], True, origin])
                column += origin[3]
            else:  # a place no ruled cell starts at (a missing line): the cell on its left reaches over it
                if cells and not cells[-1][4]:
                    cells[-1][3] += 1
                else:
                    cells.append(["", column + 1, 1, 1, False, None])
                column += 1
        result.append(cells)
    return result


# --- across pages -----------------------------------------------------------------------------------


def stitch(parts: list[Part]) -> list[list[Part]]:
    """The parts grouped into tables: a part that continues the table before it joins that table."""
    # The lowest a table reaches on any page stands for the foot of the page's text area: a table
    # broken by the page ends within one row of it.
    foot = max((part.bottom for part in parts), default=0.0)
    tables: list[list[Part]] = []
    for part in parts:
        if tables:
            repeated = _repeated_rows(tables[-1][0], part)
            if _continues(tables[-1][-1], part, repeated, foot):
                del part.rows[:repeated]
                part.heights = part.heights[repeated:]
                _carry_merges(tables[-1][-1], part)
                tables[-1].append(part)
                continue
        tables.append([part])
    return tables


def _continues(before: Part, part: Part, repeated: int, foot: float) -> bool:
    """Whether ``part`` goes on with the table ``before`` ends: the next page, nothing but a page
    number between them, the same columns, and ``before`` ending where the next row could not fit."""
    if part.page != before.page + 1 or not (before.last_on_page and part.first_on_page):
        return False
    if before.text_below or part.text_above or len(before.columns) != len(part.columns):
        return False
    if any(abs(a - b) > _SAME_EDGE for a, b in zip(before.columns, part.columns, strict=True)):
        return False
    next_height = part.heights[repeated] if repeated < len(part.heights) else 0.0
    return foot - before.bottom < next_height + _SAME_EDGE


def _repeated_rows(first: Part, part: Part) -> int:
    """How many of ``part``'s leading rows repeat the table's leading rows (a header on every page)."""
    count = 0
    for mine, theirs in zip(part.rows[:-1], first.rows, strict=False):
        if _row_key(mine) != _row_key(theirs) or not any(cell[0] for cell in mine):
            break
        count += 1
    return count


def _row_key(row: list[list]) -> list[tuple]:
    return [(cell[0], cell[1], cell[3], cell[4]) for cell in row]


def _carry_merges(before: Part, part: Part) -> None:
    """A cell merged down across the page break is drawn again, empty, at the top of the next page:
    make that blank a covered cell of the cell above it."""
    if not before.rows or not part.rows:
        return
    first = {cell[1]: cell for cell in part.rows[0]}
    for cell in before.rows[-1]:
        origin = cell[5] if cell[4] else cell
        blank = first.get(cell[1])
        merged_down = cell[4] or cell[2] > 1
        if merged_down and blank and not blank[0] and not blank[4] and blank[3] == cell[3]:
            origin[2] += blank[2]
            blank[4], blank[5], blank[2] = True, origin, 1
