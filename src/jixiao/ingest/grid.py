"""Grids: what every reader produces — rows of cells with their place in the file, no domain meaning."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


class Cell(NamedTuple):
    """One cell. ``row``/``column`` are 1-based grid positions; a merged cell is one origin cell with
    ``row_span``/``col_span`` > 1. ``line`` is the file line where the cell's text starts, if any.

    A named tuple rather than a frozen dataclass: just as immutable, and a file of ten thousand forms
    has millions of cells, where a frozen dataclass's slower construction shows.
    """

    text: str
    row: int
    column: int
    row_span: int = 1
    col_span: int = 1
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Grid:
    """A table (or a stream of table rows, for text dumps that do not mark where tables end)."""

    path: str
    table: int
    rows: tuple[tuple[Cell, ...], ...]
