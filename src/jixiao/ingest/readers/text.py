"""Reader for text dumps of Word tables: one cell per line behind a tab, a blank line between rows.

Lines without a leading tab are taken as a cell of their own when they open a row (dumps lose the
tab of some titles) and as a continuation of the cell above otherwise (a cell with several
paragraphs). A line that is blank and holds no tab ends a row. The reader does not know where one
table ends and the next begins, so the whole file is one grid; the layout finds the forms in it.

Lines end at ``\\n``, ``\\r\\n`` or ``\\r`` only, so line numbers agree with editors and a Word soft
break (``\\v``) or page break (``\\f``) stays inside its cell. Time grows with the size of the text,
never with the square of a row's length or of a cell's number of lines.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import count, repeat

from jixiao.ingest.grid import Cell, Grid


def read_text_grid(text: str, path: str) -> list[Grid]:
    """Split dump text into rows of cells; an empty list when the text holds no cell at all."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    rows: list[tuple[Cell, ...]] = []
    line = 1
    # An empty line always ends a row, so the text falls into independent blocks at "\n\n". Most
    # blocks are one row of tab-led lines and are split into cells at "\n\t" in one go; the others
    # (lines without their tab, blank lines of spaces, runs of empty lines) go line by line.
    for block in text.split("\n\n"):
        newlines = block.count("\n")
        if block.startswith("\t") and block.count("\n\t") == newlines:
            _add_row(block[1:].split("\n\t"), range(line, line + newlines + 1), rows)
        else:
            _read_lines(block.split("\n"), line, rows)
        line += newlines + 2
    return [Grid(path=path, table=1, rows=tuple(rows))] if rows else []


def _read_lines(lines: list[str], first_line: int, rows: list[tuple[Cell, ...]]) -> None:
    """The rows in ``lines`` (which start at ``first_line``), one line at a time."""
    texts: list[str] = []
    starts: list[int] = []
    more: dict[int, list[str]] = {}  # continuation lines by cell position
    for line_number, line in enumerate(lines, start=first_line):
        if line.startswith("\t"):
            texts.append(line[1:])
            starts.append(line_number)
        elif not line.strip() and "\t" not in line:
            if texts:
                _add_row(_joined(texts, more), starts, rows)
                texts, starts, more = [], [], {}
        elif texts:
            more.setdefault(len(texts) - 1, []).append(line)
        else:
            texts.append(line)
            starts.append(line_number)
    if texts:
        _add_row(_joined(texts, more), starts, rows)


def _joined(texts: list[str], more: dict[int, list[str]]) -> list[str]:
    """``texts`` with each cell's continuation lines (``more``, by cell position) joined on."""
    for position, lines in more.items():
        texts[position] = "\n".join((texts[position], *lines))
    return texts


def _add_row(texts: list[str], starts: Iterable[int], rows: list[tuple[Cell, ...]]) -> None:
    """Add the cells, which start at lines ``starts``, as the next row, unless every one of them is blank."""
    if not any(map(str.strip, texts)):
        return
    row = len(rows) + 1
    # What ``Cell._make`` does, without a Python call per cell: a dump of 10,000 forms has 1.8
    # million cells. Each zipped tuple holds exactly Cell's eight fields, in order.
    fields = zip(texts, repeat(row), count(1), repeat(1), repeat(1), starts, repeat(False), repeat(None))
    rows.append(tuple(map(tuple.__new__, repeat(Cell), fields)))
