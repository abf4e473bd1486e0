"""A block's column headers: where they stand under the block's label, and their texts joined by column
where a header spans two rows, for the layout's column matchers to read."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from jixiao.ingest.layouts.table.reading import FormReader, Row
from jixiao.layouts import Layout

# Rows of a funding or goal block's header looked at below the block's label (Sichuan puts the
# column names one row under 预算执行情况, with 年度预算数(万元) between).
HEADER_ROWS = 3


def first_row_where(reader: FormReader, start: int, test: Callable[[Row], bool]) -> int:
    """The position of the first row from ``start`` (within ``HEADER_ROWS``) that passes ``test``;
    ``start`` when none does."""
    for position in range(start, min(start + HEADER_ROWS, len(reader.rows))):
        if test(reader.rows[position]):
            return position
    return start


def header_keys(header_rows: Sequence[Row]) -> list[str]:
    """The folded header text of each column, the header rows' texts joined.

    A header that spans two rows (年度 / 指标值; 年度预算数 over 年初预算 · 调整后预算数) is joined by
    column. The row with the most cells sets the columns; a row with merged cells (fewer cells) is
    lined up with it by grid column.
    """
    widest = max(header_rows, key=lambda row: len(row.cells))
    if len(header_rows) == 1:
        return list(widest.keys)
    starts = [cell.column for cell in widest.cells]
    keys = [""] * len(starts)
    for row in header_rows:
        if len(row.cells) == len(starts):  # the usual case: one cell per column, join by index
            keys = [a + b for a, b in zip(keys, row.keys, strict=True)]
            continue
        for cell, key in zip(row.cells, row.keys, strict=True):
            if key:
                at = _index_of_column(starts, cell.column)
                if at is not None:
                    keys[at] += key
    return keys


def _index_of_column(starts: Sequence[int], column: int) -> int | None:
    """The index of the data cell whose grid column range holds ``column``."""
    found = None
    for index, start in enumerate(starts):
        if start <= column:
            found = index
        else:
            break
    return found


def is_header_continuation(row: Row, layout: Layout) -> bool:
    """Whether the row carries the wrapped second halves of the indicator headers (年度 / 指标值,
    全年 / 实际值): every text in it ends one of the layout's column words."""
    keys = [key for key in row.keys if key]
    words = [word for _, synonyms in layout.indicator_columns.synonyms for word in synonyms]
    return bool(keys) and all(len(key) <= 6 and any(word.endswith(key) for word in words) for key in keys)
