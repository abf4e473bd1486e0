"""The places of a form as the rules name them: every cell with its field path and a Chinese and
English label, and the short labels (``第3项指标“走访…”``) messages use."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from operator import attrgetter
from typing import NamedTuple

from jixiao import settings
from jixiao.checks.registry import Value
from jixiao.model import Form, FundingRow, FundKind, Indicator, TextValue
from jixiao.model.fields import FUNDING_CELLS, HEADER_CELLS, INDICATOR_COLUMNS, MONEY_COLUMNS, TOTAL_CELLS
from jixiao.model.parse import fold
from jixiao.model.values import BLANK_MARKS

_KIND_EN = {FundKind.TOTAL: "total row", FundKind.APPROPRIATION: "appropriation row",
            FundKind.CARRY_OVER: "carry-over row", FundKind.OTHER: "other-funds row"}
_NUMBER_COLUMNS = INDICATOR_COLUMNS[5:7]
_MERGED = ("level1", "level2")
_NON_WORD_RE = re.compile(r"[\W_]+")
_FULL_WIDTH_RE = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF5B)}

class CellRef(NamedTuple):
    """One cell of a form: where it is (``prefix`` + ``name`` make its field path), its value, and what a
    preparer calls it (the column, and the row or indicator it belongs to)."""

    prefix: str
    name: str
    value: Value
    column: str
    column_en: str
    owner: str = ""
    owner_en: str = ""

    @property
    def path(self) -> str:
        return f"{self.prefix}.{self.name}" if self.prefix else self.name

    @property
    def label(self) -> str:
        return f"{self.owner}的{self.column}" if self.owner else self.column

    @property
    def label_en(self) -> str:
        return f"{self.column_en} of {self.owner_en}" if self.owner_en else self.column_en


def text_key(text: str) -> str:
    """Text folded for comparing and grouping: letters and digits only, lower case, full-width → ASCII.

    Cheaper than NFKC on long prose, and enough to see that two cells hold the same words.
    """
    return _text_key_short(text) if len(text) <= _CACHED_KEY_CHARS else _text_key(text)


def _text_key(text: str) -> str:
    key = _NON_WORD_RE.sub("", text).lower()
    return key.translate(_FULL_WIDTH) if _FULL_WIDTH_RE.search(key) else key


# Names (of indicators, projects, units) repeat across the forms of a batch: their keys are kept.
_CACHED_KEY_CHARS = 64
_text_key_short = lru_cache(maxsize=8192)(_text_key)


def clip(text: str) -> str:
    """Cell text as a message quotes it: long cells are cut (the finding's location has the rest)."""
    limit = settings.DISPLAY_CELL_CHARS
    return text if len(text) <= limit else text[:limit] + "…"


def cap(text: str) -> str:
    """An English label at the start of a sentence."""
    return text[:1].upper() + text[1:]


def shown(value: Value) -> str:
    """A cell's text as written, for quoting in a message."""
    return clip(" ".join(value.raw.split()))


def indicator_label(position: int, indicator: Indicator) -> tuple[str, str]:
    """``第3项指标“走访…”`` / ``indicator 3 “走访…”`` (1-based, as a preparer counts rows)."""
    name = clip(indicator.name.text)
    if not name:
        return f"第{position + 1}项指标", f"indicator {position + 1}"
    return f"第{position + 1}项指标“{name}”", f"indicator {position + 1} “{name}”"


def row_label(row: FundingRow) -> tuple[str, str]:
    """``“年度资金总额”行`` / ``the total row``."""
    return f"“{clip(row.label.text) or '资金'}”行", f"the {_KIND_EN[row.kind]}"


def total_row_index(form: Form) -> int | None:
    return next((k for k, row in enumerate(form.funding.rows) if row.kind is FundKind.TOTAL), None)


def is_blank_text(value: TextValue) -> bool:
    return fold(value.raw) in BLANK_MARKS


def form_cells(form: Form) -> Iterator[CellRef]:
    """Every cell the form was read from, once each (merged level-1/2 cells are listed once)."""
    return (CellRef._make(cell) for cell in cell_tuples(form))


def cell_tuples(form: Form, *, numbers_only: bool = False) -> Iterator[tuple]:
    """The fields of ``CellRef`` as plain tuples, so rules over every cell of many forms stay cheap.

    ``numbers_only`` keeps the number cells (amounts, weights, scores, the rate): all ``Amount``s.
    """
    if not numbers_only:
        for name, zh, en in HEADER_CELLS:
            yield "", name, getattr(form, name), zh, en, "", ""
    for k, row in enumerate(form.funding.rows):
        prefix, (zh_row, en_row) = f"funding.rows[{k}]", row_label(row)
        if not numbers_only:
            yield prefix, "label", row.label, "标签", "label", zh_row, en_row
        for name, zh, en in MONEY_COLUMNS:
            yield prefix, name, getattr(row, name), zh, en, zh_row, en_row
    for name, zh, en in FUNDING_CELLS:
        yield "funding", name, getattr(form.funding, name), zh, en, "", ""
    if not numbers_only:
        yield "goal", "expected", form.goal.expected, "年度总体目标·预期目标", "expected goal", "", ""
        yield "goal", "achieved", form.goal.achieved, "年度总体目标·实际完成情况", "achieved goal", "", ""
    previous: Indicator | None = None
    for i, indicator in enumerate(form.indicators):
        prefix, (zh_ind, en_ind) = f"indicators[{i}]", indicator_label(i, indicator)
        for name, zh, en in _NUMBER_COLUMNS if numbers_only else INDICATOR_COLUMNS:
            value = getattr(indicator, name)
            if previous is not None and name in _MERGED and _same_cell(value, getattr(previous, name)):
                continue  # a merged level-1/level-2 cell filled down from the row above
            yield prefix, name, value, zh, en, zh_ind, en_ind
        previous = indicator
    for name, zh, en in TOTAL_CELLS[:2] if numbers_only else TOTAL_CELLS:
        yield "", name, getattr(form, name), zh, en, "", ""


# The values of each part of a form, in one C call per part (see ``cell_values``).
_HEADER_VALUES = attrgetter(*(name for name, *_ in HEADER_CELLS))
_ROW_VALUES = attrgetter("label", *(name for name, *_ in MONEY_COLUMNS))
_ROW_NUMBERS = attrgetter(*(name for name, *_ in MONEY_COLUMNS))
_FUNDING_VALUES = attrgetter(*(name for name, *_ in FUNDING_CELLS))
_INDICATOR_VALUES = attrgetter(*(name for name, *_ in INDICATOR_COLUMNS))
_INDICATOR_NUMBERS = attrgetter(*(name for name, *_ in _NUMBER_COLUMNS))
_TOTAL_VALUES = attrgetter(*(name for name, *_ in TOTAL_CELLS))
_TOTAL_NUMBERS = attrgetter(*(name for name, *_ in TOTAL_CELLS[:2]))


def cell_values(form: Form, *, numbers_only: bool = False) -> list[Value]:
    """The values of ``cell_tuples`` without their names and in another order; a merged cell may repeat.

    For a quick look over the whole form before the walk that names each cell: most forms have nothing
    to report, and naming the cells (labels, paths) costs several times more than looking at them.
    """
    if numbers_only:
        values = [*_FUNDING_VALUES(form.funding), *_TOTAL_NUMBERS(form)]
        for row in form.funding.rows:
            values.extend(_ROW_NUMBERS(row))
        for indicator in form.indicators:
            values.extend(_INDICATOR_NUMBERS(indicator))
        return values
    values = [*_HEADER_VALUES(form), *_FUNDING_VALUES(form.funding), form.goal.expected, form.goal.achieved,
              *_TOTAL_VALUES(form)]
    for row in form.funding.rows:
        values.extend(_ROW_VALUES(row))
    for indicator in form.indicators:
        values.extend(_INDICATOR_VALUES(indicator))
    return values


def _same_cell(value: Value, other: Value) -> bool:
    return value is other or (value.source is not None and value.source == other.source)
