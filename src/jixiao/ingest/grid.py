"""Grids: what every reader produces — rows of cells with their place in the file, no domain meaning."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


class Cell(NamedTuple):
    """One cell. ``row``/``column`` are 1-based grid positions; a merged cell is one origin cell with
    ``row_span``/``col_span`` > 1. ``line`` is the file line where the cell's text starts, if any;
    ``anchor`` the cell's name in its program (``Sheet1!C7``, ``第2页``), if the format has one.

    Every grid has the shape of a Word table: a row lists its cells left to right, a cell merged
    across columns appears once (with its ``col_span``), and a position covered by a cell merged
    down from a row above appears as a ``covered`` cell with empty text (Word keeps such a cell in
    every row; readers of other formats add it), so that a row's n-th cell is the same column of
    the form in every format.

    A named tuple rather than a frozen dataclass: just as immutable, and a file of ten thousand forms
    has millions of cells, where a frozen dataclass's slower construction shows.
    """

    text: str
    row: int
    column: int
    row_span: int = 1
    col_span: int = 1
    line: int | None = None
    covered: bool = False
    anchor: str | None = None


@dataclass(frozen=True, slots=True)
class Grid:
    """A table (or a stream of table rows, for text dumps that do not mark where tables end)."""

    path: str
    table: int
    rows: tuple[tuple[Cell, ...], ...]
    # The text just before the table in its document (a Word title paragraph, the lines above an
    # HTML table), nearest last: forms often carry their title and year there, outside the table.
    caption: tuple[str, ...] = ()
    # The table's name in its file, if it has one (an Excel sheet's name).
    name: str | None = None
