"""What every block reader of a table works on: the layout's words (``Vocabulary``), the rows of one form
(``Row``, with their folded texts) and the ``FormReader`` that says where each value came from and
collects the reading problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from jixiao.ingest.grid import Cell
from jixiao.layouts import DEFAULT_LAYOUT, Layout, get_layout
from jixiao.model import Finding, SourceRef, TextValue
from jixiao.model.parse import fold, text_value

_new = tuple.__new__  # see ref()


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """A layout's words, folded and grouped the way the reader looks them up (built once per layout)."""

    layout: Layout
    project_name: tuple[str, ...]
    department: tuple[str, ...]
    unit: tuple[str, ...]
    department_or_unit: frozenset[str]
    funding: tuple[str, ...]
    goal: tuple[str, ...]
    indicators: tuple[str, ...]
    total: frozenset[str]
    sections: tuple[str, ...]
    core_mark: str
    sub_rows: tuple[str, ...]


@cache
def vocabulary(name: str = DEFAULT_LAYOUT) -> Vocabulary:
    layout = get_layout(name)
    department, unit = layout.label_words("competent_department"), layout.label_words("implementing_unit")
    funding, goal = layout.section_words("funding"), layout.section_words("goal")
    indicators, total = layout.section_words("indicators"), layout.section_words("total")
    return Vocabulary(
        layout=layout, project_name=layout.label_words("project_name"), department=department, unit=unit,
        department_or_unit=frozenset((*department, *unit)), funding=funding, goal=goal, indicators=indicators,
        total=frozenset(total), sections=(*funding, *goal, *indicators, *total, *layout.label_words("project_name")),
        core_mark=layout.core_mark, sub_rows=layout.sub_row_marks)


@dataclass(slots=True)
class Row:
    """A grid row inside one form, with the position of the row within that form.

    ``keys`` (the folded cell texts) are computed once, when first asked for: most rows are only
    ever looked at through their first non-blank key.
    """

    number: int
    cells: tuple[Cell, ...]
    _keys: list[str] | None = None
    _first_key: str | None = None

    @property
    def keys(self) -> list[str]:
        if self._keys is None:
            self._keys = [fold(cell.text) if cell.text else "" for cell in self.cells]
        return self._keys

    @property
    def first_key(self) -> str:
        if self._first_key is None:
            self._first_key = first_key_of(self.cells)
        return self._first_key


# Row labels (the title, 项目名称, 项目资金, 年度总体目标, 绩效指标, 总分, the funding rows) stand in the
# row's first two cells; text further right is a value, even when it reads like a label (an indicator
# named 合计 must not end the indicator block).
_LABEL_CELLS = 2


def first_key_of(cells: tuple[Cell, ...]) -> str:
    """The folded text of the row's first non-blank cell when it is one of the first two ("" else)."""
    for cell in cells[:_LABEL_CELLS]:
        if cell.text:  # most blank cells are empty, and fold("") is ""
            key = fold(cell.text)
            if key:
                return key
    return ""


def is_title(row: Row) -> bool:
    return is_title_key(row.first_key)


def is_title_key(key: str) -> bool:
    return "自评表" in key and len(key) <= 40


def cell_at(row: Row, index: int | None) -> Cell | None:
    return row.cells[index] if index is not None and index < len(row.cells) else None


@dataclass(slots=True)
class FormReader:
    """Reads the rows of one form; collects the values and the reading problems."""

    path: str
    index: int
    table: int
    rows: list[Row]
    vocab: Vocabulary
    form_id: str = ""
    findings: list[Finding] = field(default_factory=list)

    def ref(self, row: Row, cell: Cell | None) -> SourceRef:
        # All eight fields in order, through tuple.__new__: three times faster than by keyword, and a
        # form has some ninety cells. A value read from a table's cell carries no confidence (None).
        if cell is None:
            return _new(SourceRef, (self.path, self.index, self.table, row.number, None, None, None, None))
        return _new(SourceRef, (self.path, self.index, self.table, row.number, cell.column, cell.line,
                                cell.anchor, None))

    def text_at(self, row: Row, cell: Cell | None) -> TextValue:
        return text_value(cell.text if cell else "", self.ref(row, cell))
