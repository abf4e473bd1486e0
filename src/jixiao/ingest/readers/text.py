"""Reader for text dumps of Word tables: one cell per line behind a tab, a blank line between rows.

Lines without a leading tab are taken as a cell of their own when they open a row (dumps lose the
tab of some titles) and as a continuation of the cell above otherwise (a cell with several
paragraphs). The reader does not know where one table ends and the next begins, so the whole file
is one grid; the layout finds the forms in it.
"""

from __future__ import annotations

from jixiao.ingest.grid import Cell, Grid


def read_text_grid(text: str, path: str) -> list[Grid]:
    """Split dump text into rows of cells; an empty list when the text holds no cell at all."""
    rows: list[tuple[Cell, ...]] = []
    current: list[Cell] = []

    def close_row() -> None:
        if current and any(cell.text.strip() for cell in current):
            rows.append(tuple(current))
        current.clear()

    for line_number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() and "\t" not in line:
            close_row()
            continue
        if line.startswith("\t"):
            current.append(Cell(line[1:], len(rows) + 1, len(current) + 1, line=line_number))
        elif current:
            last = current[-1]
            current[-1] = Cell(f"{last.text}\n{line}", last.row, last.column, line=last.line)
        else:
            current.append(Cell(line, len(rows) + 1, 1, line=line_number))
    close_row()
    return [Grid(path=path, table=1, rows=tuple(rows))] if rows else []
