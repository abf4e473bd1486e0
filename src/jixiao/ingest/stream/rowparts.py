"""What indicator rows are made of, in every shape of text: a value (``Cell``, with the item it came
from and the confidence it was read with), a row (``Row``), a row being gathered out of chunks
(``Draft``), and the marks and confidences they are read with."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from jixiao.ingest.stream.lexer import Item
from jixiao.ingest.stream.values import UNIT_WORDS
from jixiao.model.memo import keep

# Confidence of values placed by reading a scrambled span again: their order was inferred, not read.
SCRAMBLED_CONFIDENCE = 0.6
# Confidence of a value or a name made of chunks joined (``不少于12`` and ``种``).
GLUED_CONFIDENCE = 0.85
# Columns that hold a row's numbers (a row is complete once they are filled).
NUMERIC = frozenset({"target", "actual", "weight", "score"})

NUMBERED = re.compile(r"指标\s*(\d{1,3})\s*[:：.、]")
# ``_new(Cell, (text, item, confidence))`` makes a named tuple from all its fields in order, without the
# Python-level ``__new__`` a NamedTuple has: a form has a hundred cells and a dozen rows.
_new = tuple.__new__


class Cell(NamedTuple):
    """A value of a row: its text, the item it came from, and the confidence it was read with."""

    text: str
    item: Item | None
    confidence: float


class Row(NamedTuple):
    """An indicator row: its ``name``, its ``cells`` by column (an empty cell is there only when the
    reader doubts that the column is empty), the columns whose values the text lost (``lost``: blank,
    to be reported), whether its name was lost (a row known by its number only), and whether where it
    starts or ends is a guess (``guessed``: fused text, where a row ran into the next one)."""

    name: Cell
    cells: dict[str, Cell]
    lost: tuple[str, ...] = ()
    name_lost: bool = False
    guessed: bool = False


def number_of(name: str) -> int | None:
    """The N of a ``指标N:`` name, or None."""
    match = NUMBERED.match(name)
    return int(match.group(1)) if match else None


def numeric_columns(columns: Sequence[str]) -> tuple[str, ...]:
    if type(columns) is tuple:  # the rows of a block share their columns: worked out once per columns
        found = _NUMERIC_OF.get(columns)
        if found is None:
            found = keep(_NUMERIC_OF, columns, tuple(column for column in columns if column in NUMERIC), 256)
        return found
    return tuple(column for column in columns if column in NUMERIC)


_NUMERIC_OF: dict[tuple[str, ...], tuple[str, ...]] = {}


def lost_columns(columns: Sequence[str]) -> tuple[str, ...]:
    """The fields of a row whose values are lost (a sign or a unit column is part of the target)."""
    return tuple(column for column in columns if column not in ("operator", "unit"))


class Draft(NamedTuple):
    """A row being gathered: the chunks of its name, its value chunks, and (once gathered) its values
    as cells (``glued``: a unit after a space joined back to its number, where units have no column).
    ``doubt``: where the row starts could not be told for sure (a note, or the next row's name?)."""

    name: list[Item]
    values: list[Item]
    glued: list[Cell]
    doubt: bool = False

    def values_as_cells(self, *, glue: bool) -> list[Cell]:
        if glue:
            return _glued(self.values)
        return [_new(Cell, (item.text, item, item.confidence)) for item in self.values]


def _glued(values: list[Item]) -> list[Cell]:
    """The values of a row, a unit chunk joined to the number before it."""
    cells: list[Cell] = []
    for item in values:
        if cells and item.soft and item.text in UNIT_WORDS and cells[-1].text[-1:].isdigit():
            last = cells[-1]
            cells[-1] = Cell(f"{last.text} {item.text}", last.item, min(last.confidence, GLUED_CONFIDENCE))
        else:
            cells.append(_new(Cell, (item.text, item, item.confidence)))
    return cells


def name_cell(draft: Draft) -> Cell:
    """A draft's name as one cell: its chunks joined, with a lower confidence where there are several."""
    names = draft.name
    if not names:
        return _new(Cell, ("", None, 0.0))
    first = names[0]
    if len(names) == 1:
        return _new(Cell, (first.text, first, first.confidence))
    return _new(Cell, (" ".join([item.text for item in names]), first, min(first.confidence, GLUED_CONFIDENCE)))
