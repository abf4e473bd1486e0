"""Spans of indicator rows flattened column-first, read again as a whole.

A spreadsheet flattened to text sometimes reads a few rows column-first (all their targets, then the
rest of each row): a row then holds more values than columns while the rows before it hold fewer. Such a
span is read again as a whole (``_recover_span``) in the few orders a flattening produces; when exactly
one order gives plausible rows, they are read in it, doubted, and otherwise their values are lost.
"""

from __future__ import annotations

from jixiao.ingest.stream.fit import fit_cells
from jixiao.ingest.stream.rowparts import (
    SCRAMBLED_CONFIDENCE,
    Cell,
    Draft,
    Row,
    lost_columns,
    name_cell,
    number_of,
    numeric_columns,
)
from jixiao.ingest.stream.values import Hints


def recover_spans(drafts: list[Draft], rows: list[Row | None], columns: tuple[str, ...],
                  hints: Hints) -> list[Row]:
    """Rows whose values do not fit, read again as one span with the rows just before them that hold
    too few values: a span of rows flattened column-first."""
    numeric = len(numeric_columns(columns))
    kept: list[tuple[int, Row]] = []
    index = 0
    while index < len(rows):
        row = rows[index]
        if row is not None:
            kept.append((index, row))
            index += 1
            continue
        start = index
        while kept and kept[-1][0] == start - 1 and len(drafts[start - 1].glued) < numeric:
            kept.pop()
            start -= 1
        end = index
        while end + 1 < len(rows) and rows[end + 1] is None:
            end += 1
        kept.extend((end, recovered) for recovered in _recover_span(drafts[start:end + 1], columns, hints))
        index = end + 1
    return [row for _, row in kept]


def _recover_span(drafts: list[Draft], columns: tuple[str, ...], hints: Hints) -> list[Row]:
    """The rows of a scrambled span: its named rows and the rows its numbering skips (指标2 … 指标5
    holds 3 and 4, whose names are lost), their values read in the one order that fits, or lost."""
    numeric = numeric_columns(columns)
    names = _span_names(drafts)
    pool = [cell for draft in drafts for cell in draft.glued]
    orders = _orders(len(names), len(numeric)) if len(pool) == len(names) * len(numeric) else []
    fitting = []
    for order in orders:
        cells = [[pool[at] for at in row] for row in order]
        fits = [fit_cells(tuple(cell.text for cell in row), numeric, hints) for row in cells]
        if all(fit is not None and all(fit.cells) for fit in fits):
            fitting.append(cells)
    rows: list[Row] = []
    for position, (name, name_lost) in enumerate(names):
        if len(fitting) == 1:
            values = {column: Cell(cell.text, cell.item, min(cell.confidence, SCRAMBLED_CONFIDENCE))
                      for column, cell in zip(numeric, fitting[0][position], strict=True)}
            rows.append(Row(name, values, (), name_lost))
        else:
            rows.append(Row(name, {}, lost_columns(columns), name_lost))
    return rows


def _span_names(drafts: list[Draft]) -> list[tuple[Cell, bool]]:
    """The names of a span's rows in order (and whether each was lost), with a lost name for each
    number the span skips."""
    names: list[tuple[Cell, bool]] = []
    previous = None
    for draft in drafts:
        cell = name_cell(draft)
        number = number_of(cell.text)
        if previous is not None and number is not None and previous < number - 1:
            names.extend((Cell("", None, 0.0), True) for _ in range(number - previous - 1))
        names.append((cell, not cell.text))
        previous = number if number is not None else previous
    return names


def _orders(rows: int, width: int) -> list[list[list[int]]]:
    """The orders a grid of ``rows`` × ``width`` values may have been flattened in: row by row; the
    first column down, then the rest row by row; column by column (positions in the flat list)."""
    by_row = [[r * width + c for c in range(width)] for r in range(rows)]
    first_down = [[r] + [rows + r * (width - 1) + c for c in range(width - 1)] for r in range(rows)]
    by_column = [[c * rows + r for c in range(width)] for r in range(rows)]
    unique: list[list[list[int]]] = []
    for order in (by_row, first_down, by_column):
        if order not in unique:
            unique.append(order)
    return unique
