"""Reader for text dumps of Word tables: one cell per line behind a tab, a blank line between rows.

Lines without a leading tab are taken as a cell of their own when they open a row (dumps lose the
tab of some titles) and as a continuation of the cell above otherwise (a cell with several
paragraphs). The reader does not know where one table ends and the next begins, so the whole file
is one grid; the layout finds the forms in it.

Lines end at ``\\n``, ``\\r\\n`` or ``\\r`` only, so line numbers agree with editors and a Word soft
break (``\\v``) or page break (``\\f``) stays inside its cell. The reader makes one pass over the
lines and joins continuation lines once per cell: its time grows with the size of the text, never
with the square of a row's length or a cell's number of lines.
"""

from __future__ import annotations

from itertools import count, repeat

from jixiao.ingest.grid import Cell, Grid


def read_text_grid(text: str, path: str) -> list[Grid]:
    """Split dump text into rows of cells; an empty list when the text holds no cell at all."""
    rows: list[tuple[Cell, ...]] = []
    # The row being read: cell texts, the line each starts on, and continuation lines by cell position.
    texts: list[str] = []
    starts: list[int] = []
    more: dict[int, list[str]] = {}
    for line_number, line in enumerate(_lines(text), start=1):
        if line.startswith("\t"):
            texts.append(line[1:])
            starts.append(line_number)
        elif not line.strip() and "\t" not in line:
            if texts:
                _close_row(texts, starts, more, rows)
                texts, starts, more = [], [], {}
        elif texts:
            more.setdefault(len(texts) - 1, []).append(line)
        else:
            texts.append(line)
            starts.append(line_number)
    if texts:
        _close_row(texts, starts, more, rows)
    return [Grid(path=path, table=1, rows=tuple(rows))] if rows else []


def _lines(text: str) -> list[str]:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


def _close_row(texts: list[str], starts: list[int], more: dict[int, list[str]],
               rows: list[tuple[Cell, ...]]) -> None:
    """Add the pending cells as the next row, unless every one of them is blank."""
    for position, lines in more.items():
        texts[position] = "\n".join((texts[position], *lines))
    if not any(map(str.strip, texts)):
        return
    row = len(rows) + 1
    rows.append(tuple(map(Cell, texts, repeat(row), count(1), repeat(1), repeat(1), starts)))
