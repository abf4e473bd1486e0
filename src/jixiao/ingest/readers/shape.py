"""Raw rows → the Word shape every ``Grid`` has (see ``jixiao.ingest.grid``).

Each reader states its cells as ``RawCell``s — text, grid column, horizontal span, and whether the
cell starts or continues a vertical merge — and ``shape_rows`` numbers the rows, turns the covered
positions into ``covered`` cells and gives each merge's origin its ``row_span``. Word (vMerge),
Excel (merged ranges) and HTML (rowspan) all describe their merges in these terms.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from jixiao.ingest.grid import Cell

START, CONTINUE = "start", "continue"


class RawCell(NamedTuple):
    """A cell as a file states it, before rows are numbered: ``merge`` is START for the top of a
    vertical merge, CONTINUE for a position covered by one, None otherwise."""

    text: str
    column: int
    col_span: int
    merge: str | None
    anchor: str | None


def shape_rows(raw_rows: Sequence[Sequence[RawCell]]) -> tuple[tuple[Cell, ...], ...]:
    """Word-shaped grid rows from raw rows.

    Rows whose every cell is blank are dropped (as the text reader drops them, so that a form reads
    to the same grid from a dump and from its file), unless a vertical merge starts in them. A
    CONTINUE cell under an open merge becomes a ``covered`` cell and lengthens the origin's
    ``row_span``; one with no merge open above it is an ordinary cell.
    """
    rows: list[list[Cell]] = []
    spans: dict[tuple[int, int], int] = {}  # (row index, cell index) of a merge's origin → rows spanned
    open_merges: dict[int, tuple[int, int]] = {}  # grid column → origin of the merge open there
    for raw in raw_rows:
        if not any(cell.merge == START or cell.text.strip() for cell in raw):
            continue
        number = len(rows) + 1
        cells: list[Cell] = []
        for cell in raw:
            origin = open_merges.get(cell.column) if cell.merge == CONTINUE else None
            if origin is not None:
                spans[origin] += 1
                cells.append(Cell("", number, cell.column, 1, cell.col_span, None, True, cell.anchor))
                continue
            if cell.merge == START:
                open_merges[cell.column] = (number - 1, len(cells))
                spans[(number - 1, len(cells))] = 1
            else:
                open_merges.pop(cell.column, None)
            cells.append(Cell(cell.text, number, cell.column, 1, cell.col_span, None, False, cell.anchor))
        rows.append(cells)
    for (row, index), span in spans.items():
        if span > 1:
            rows[row][index] = rows[row][index]._replace(row_span=span)
    return tuple(map(tuple, rows))
