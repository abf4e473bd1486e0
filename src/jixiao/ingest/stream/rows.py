"""Indicator rows (三级指标) out of the values between two labels, in each shape of text.

The values between two level labels hold one or more rows, each a name and its values in column
order. Where every token is a cell, a row is a name and the next cells, one per column. Where tokens
are chunks between spaces, a ``指标N:`` prefix, a new line of a spaced-rows text, or a name after a row's
values starts the next row, and the values are fitted to the columns (empty cells left no chunk). Where
the text is fused, a row ends where a run of values meets text again and the text so far reads as a
whole row; each row is then split into its name and its cells.

A spreadsheet flattened to text sometimes reads a few rows column-first (all their targets, then the
rest of each row): a row then holds more values than columns while the rows before it hold fewer. Such a
span is read again as a whole (``_recover_span``) in the few orders a flattening produces; when exactly
one order gives plausible rows, they are read in it, doubted, and otherwise their values are lost.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from jixiao.ingest.stream.fused import OCR_CONFIDENCE, Split, fit_cells, split_fused
from jixiao.ingest.stream.lexer import Item
from jixiao.ingest.stream.plausible import measures_agree
from jixiao.ingest.stream.values import (
    BLANK_SET,
    BLANKS,
    DATE,
    OPERATOR_GLYPHS,
    QUALITATIVE,
    QUALITATIVE_WORD,
    UNIT_WORDS,
    VALUE_RUN,
    Hints,
)
from jixiao.model.parse import parse_measure
from jixiao.model.values import MeasureKind
from jixiao.settings import DOUBTED_BELOW

# Confidence of values placed by reading a scrambled span again: their order was inferred, not read.
SCRAMBLED_CONFIDENCE = 0.6
# Confidence of a value or a name made of chunks joined (``不少于12`` and ``种``).
GLUED_CONFIDENCE = 0.85
# Confidence of the name of the row a text was cut off in: the name may be cut too.
CUT_OFF_CONFIDENCE = 0.5
# A value with a sign or a percentage, which names do not hold.
_VALUE_IN_NAME = re.compile(rf"[{OPERATOR_GLYPHS}]\d|\d%")
# A 其中 row's start.
_SUB_ROW = re.compile(r"其中\s*[:：]")
# Marks of a core indicator (核心指标) written before its name.
_CORE_MARKS = "★☆*"
# Ends looked at for the row after a text pair (its values are in its first few runs).
_ROW_LOOKAHEAD = 4
# Rows cut out of one run of text at values inside its name, at most.
_MAX_UNRUNS = 4
# A fused row is taken to end where the next starts only when it reads with at least this confidence.
BOUNDARY_CONFIDENCE = 0.5
# Columns that hold a row's numbers (a row is complete once they are filled).
NUMERIC = frozenset({"target", "actual", "weight", "score"})

_NUMBERED = re.compile(r"指标\s*(\d{1,3})\s*[:：.、]")
_PLACEHOLDER = re.compile(r"[.…。·]{2,}|…")
_PLACEHOLDER_STARTS = frozenset(".…。·")
# A unit at the end of a run of values that is also a common first character of a name (项目…, 人口…).
_TRAILING_UNIT = re.compile(r"(?<=[0-9])[项个人户次件台名本期场类条张所家部块段道间口头只年月日天](?!.)")
_WRAP_SPACE = re.compile(r"(?<=[\u3400-\u9fff、，。：；（）()%])\s+(?=[\u3400-\u9fff、，。：；（）()])")


class Cell(NamedTuple):
    """A value of a row: its text, the item it came from, and the confidence it was read with."""

    text: str
    item: Item | None
    confidence: float


class Row(NamedTuple):
    """An indicator row: its ``name``, its ``cells`` by column (an empty cell is there only when the
    reader doubts that the column is empty), the columns whose values the text lost (``lost``: blank,
    to be reported), and whether its name was lost (a row known by its number only)."""

    name: Cell
    cells: dict[str, Cell]
    lost: tuple[str, ...] = ()
    name_lost: bool = False


def number_of(name: str) -> int | None:
    """The N of a ``指标N:`` name, or None."""
    match = _NUMBERED.match(name)
    return int(match.group(1)) if match else None


def dewrap(text: str) -> str:
    """``text`` without the spaces a wrapped cell left between Chinese characters (``成 品粮`` → ``成品粮``)."""
    return _WRAP_SPACE.sub("", text)


def _numeric(columns: Sequence[str]) -> tuple[str, ...]:
    return tuple(column for column in columns if column in NUMERIC)


def _lost(columns: Sequence[str]) -> tuple[str, ...]:
    """The fields of a row whose values are lost (a sign or a unit column is part of the target)."""
    return tuple(column for column in columns if column not in ("operator", "unit"))


def _cut_off(row: Row, columns: Sequence[str]) -> Row:
    """The last row of a text cut off inside it: its values are lost, its name doubted."""
    name = row.name._replace(confidence=min(row.name.confidence, CUT_OFF_CONFIDENCE))
    return row._replace(name=name, lost=_lost(columns))


# --- cells: a row is a name and one cell per column ---------------------------------------------------


def cell_rows(items: Sequence[Item], columns: Sequence[str]) -> list[Row]:
    """Rows of whole cells: a name, then one cell per column (a short last row keeps what it has).

    Empty cells before a row's name are the cells a table left for merged columns (绩效指标, the levels
    above the name): they are passed over. Should the cell after them be a value, the name was empty and
    is the last of them."""
    rows: list[Row] = []
    width = len(columns) + 1
    start = 0
    while start < len(items):
        skipped = start
        while start < len(items) and not items[start].text:
            start += 1
        if start == len(items):
            break
        if start > skipped and is_value(items[start].text):
            start -= 1  # the name cell is empty: the row starts there
        chunk = items[start:start + width]
        cells = {column: Cell(item.text, item, item.confidence)
                 for column, item in zip(columns, chunk[1:], strict=False)}  # a last row may be short
        if not _is_empty_row(chunk[0].text, cells):
            rows.append(Row(Cell(chunk[0].text, chunk[0], chunk[0].confidence), cells))
        start += width
    return rows


def _is_empty_row(name: str, cells: dict[str, Cell]) -> bool:
    """A placeholder row of cells: ``……`` or a bare ``指标2:``, every cell after it empty (or ``……``)."""
    name = name.strip()
    placeholder = bool(_PLACEHOLDER.fullmatch(name)) or _NUMBERED.fullmatch(name) is not None
    return placeholder and all(not cell.text.strip() or _PLACEHOLDER.fullmatch(cell.text.strip())
                               for cell in cells.values())


# --- chunks: values between spaces --------------------------------------------------------------------


class _Draft(NamedTuple):
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
        return [Cell(item.text, item, item.confidence) for item in self.values]


def chunk_rows(items: Sequence[Item], columns: Sequence[str], hints: Hints, *, rows_by_line: bool,
               cut_off: bool) -> list[Row]:
    """Rows of chunks. ``rows_by_line``: each line of the text is a row of the table (spaced rows);
    ``cut_off``: the text ends inside these rows (a last row without values lost them)."""
    columns = tuple(columns)
    # Where the layout splits the target (指标性质 · 指标值 · 度量单位), a sign and a unit are cells of
    # their own; elsewhere a unit after a space belongs to the number before it.
    split_target = "unit" in columns or "operator" in columns
    placer = _Placer(items, columns, hints, rows_by_line, split_target)
    drafts = [draft._replace(glued=draft.values_as_cells(glue=not split_target))
              for draft in placer.run() if not _is_placeholder(draft)]
    rows = _recover_spans(drafts, [_fit_row(draft, columns, hints) for draft in drafts], columns, hints)
    if cut_off and rows and not drafts[-1].values:
        rows[-1] = _cut_off(rows[-1], columns)
    return rows


class _Placer:
    """Puts chunks into the rows they belong to, starting a new row where one starts.

    Words right after a name are its text values (定性: 及时, 显著提升), but for a lone character left by
    a wrapped name (``报告`` ``数``). Words after values may go on with the row or start the next one
    (see ``_after_values``). In spaced rows a new line starts a new row.
    """

    def __init__(self, items: Sequence[Item], columns: tuple[str, ...], hints: Hints, rows_by_line: bool,
                 split_target: bool) -> None:
        self.items, self.columns, self.hints = items, columns, hints
        self.numeric = len(_numeric(columns))
        self.rows_by_line, self.split_target = rows_by_line, split_target
        self.drafts: list[_Draft] = []

    def value(self, text: str) -> bool:
        if is_value(text):
            return True
        return self.split_target and (text in OPERATOR_GLYPHS or text in UNIT_WORDS)

    def run(self) -> list[_Draft]:
        at = 0
        while at < len(self.items):
            at = self._place(at)
        return self.drafts

    def _place(self, at: int) -> int:
        """Place the chunk at ``at`` (and, where words run on after a row, the words); the next place."""
        item = self.items[at]
        text = item.text
        drafts = self.drafts
        current = drafts[-1] if drafts else None
        if text[:1] in _PLACEHOLDER_STARTS and _PLACEHOLDER.fullmatch(text):
            drafts.append(_Draft([item], [], []))  # a ``……`` row, dropped with the placeholders
        elif _NUMBERED.match(text) or current is None or (self.rows_by_line and not item.soft):
            drafts.append(_Draft([], [item], []) if self.value(text) else _Draft([item], [], []))
        elif self.value(text):
            current.values.append(item)
        elif item.soft and text in UNIT_WORDS and current.values and current.values[-1].text[-1:].isdigit():
            current.values.append(item)  # the unit of the value before it, after a space (``不少于12 种``)
        elif not current.values and _wraps_name(text):
            current.name.append(item)
        elif current.values:
            return self._after_values(at, current)
        else:
            current.values.append(item)  # a text value right after the name
        return at + 1

    def _after_values(self, at: int, current: _Draft) -> int:
        """Words after a row's values: the row keeps the first k of them (text values, its note), and
        the rest start new rows, each at a name (a run of words may hold a whole row of text values and
        the next row's name). Every way is fitted to the columns, with the values after the words; the
        best is taken, doubted where another is close to it. Only the row's own words are placed here:
        the next row's are placed, the same way, when the walk reaches them."""
        end = at + 1
        while end < len(self.items) and self._goes_on(end) and end - at < _MAX_WORDS:
            end += 1
        words = list(self.items[at:end])
        after = self._values_from(end)
        rows_from = self._rows_from(words, after)
        readings = {kept: self._fit(current.values + words[:kept] + (after if kept == len(words) else []))
                    + (rows_from[kept] if kept < len(words) else 0.0) for kept in range(len(words) + 1)}
        ranked = sorted(readings, key=lambda kept: -readings[kept])
        kept = ranked[0]
        doubt = len(ranked) > 1 and readings[kept] - readings[ranked[1]] < _CLOSE_FIT
        current.values.extend(words[:kept])
        if kept < len(words):
            self.drafts.append(_Draft([words[kept]], [], [], doubt))
            end = at + kept + 1  # the new row's words are placed from here on
        if doubt:
            index = self.drafts.index(current)
            self.drafts[index] = self.drafts[index]._replace(doubt=True)
        return end

    def _rows_from(self, words: list[Item], after: list[Item]) -> list[float]:
        """For each word, the best points of the rows that start there and take the words (and the
        values) after it: a word starts a row, its values run to the next row's name or to the end."""
        best = [0.0] * (len(words) + 1)
        for start in range(len(words) - 1, -1, -1):
            options = [self._fit(words[start + 1:stop] + (after if stop == len(words) else []))
                       + (best[stop] if stop < len(words) else 0.0) for stop in range(start + 1, len(words) + 1)]
            best[start] = max(options) + _name_points(words[start].text)
        return best

    def _goes_on(self, at: int) -> bool:
        """Whether the chunk at ``at`` may belong with the words before it: not a value, not a ``指标N:``
        name, and (in spaced rows) on the same line."""
        item = self.items[at]
        return (not self.value(item.text) and not _NUMBERED.match(item.text)
                and not (self.rows_by_line and not item.soft))

    def _values_from(self, at: int) -> list[Item]:
        end = at
        while end < len(self.items) and self.value(self.items[end].text):
            end += 1
        return list(self.items[at:end])

    def _fit(self, values: list[Item]) -> float:
        split = fit_cells(tuple(item.text for item in values), self.columns, self.hints)
        return split.points if split is not None else -_NO_FIT


# Two readings of words after a row closer than this (in points) are a doubt; a reading that does not
# fit at all counts as this far below any that does. Words looked at together at most.
_CLOSE_FIT = 1.0
_NO_FIT = 100.0
_MAX_WORDS = 10


def _name_points(text: str) -> float:
    """How likely words are an indicator's name: not a qualitative value or a blank mark (无, 达标, —),
    nor a sentence (a note: 部分农户未按期申报，已督促整改。)."""
    if text in QUALITATIVE or text in BLANK_SET or len(text) == 1:
        return -2.0
    return -2.0 if text.endswith(("。", "；", ";")) or "，" in text else 0.0


def _wraps_name(text: str) -> bool:
    """A lone character that is no value (``数``): the end of a name a space cut."""
    return len(text) == 1 and text not in QUALITATIVE and not text.isdigit() and text not in OPERATOR_GLYPHS


@lru_cache(maxsize=16384)
def is_value(text: str) -> bool:
    """Whether a chunk is a value (a number, a date, a blank mark) rather than words."""
    if text in BLANK_SET:
        return True
    if not any(char.isdigit() for char in text):
        return False
    return parse_measure(text).kind in (MeasureKind.NUMBER, MeasureKind.DATE) and number_of(text) is None


def _is_placeholder(draft: _Draft) -> bool:
    """A ``……`` row, or a ``指标2:`` row with neither a name after the number nor values."""
    if draft.values:
        return False
    text = "".join(item.text for item in draft.name)
    return bool(_PLACEHOLDER.fullmatch(text)) or _NUMBERED.fullmatch(text) is not None


def _glued(values: list[Item]) -> list[Cell]:
    """The values of a row, a unit chunk joined to the number before it."""
    cells: list[Cell] = []
    for item in values:
        if cells and item.soft and item.text in UNIT_WORDS and cells[-1].text[-1:].isdigit():
            last = cells[-1]
            cells[-1] = Cell(f"{last.text} {item.text}", last.item, min(last.confidence, GLUED_CONFIDENCE))
        else:
            cells.append(Cell(item.text, item, item.confidence))
    return cells


def _name_cell(draft: _Draft) -> Cell:
    if not draft.name:
        return Cell("", None, 0.0)
    first = draft.name[0]
    confidence = first.confidence if len(draft.name) == 1 else min(first.confidence, GLUED_CONFIDENCE)
    return Cell(" ".join(item.text for item in draft.name), first, confidence)


def _fit_row(draft: _Draft, columns: tuple[str, ...], hints: Hints) -> Row | None:
    """The row with its values fitted to the columns; None when they do not fit (too many of them)."""
    values = draft.glued
    name = _name_cell(draft)
    if draft.doubt:  # where the row starts was a close call: its name and values are doubted
        name = name._replace(confidence=min(name.confidence, SCRAMBLED_CONFIDENCE))
        values = [cell._replace(confidence=min(cell.confidence, SCRAMBLED_CONFIDENCE)) for cell in values]
    if not values:
        return Row(name, {})
    split = fit_cells(tuple(cell.text for cell in values), columns, hints)
    if split is None:
        return None
    taken = iter(values)  # the values in order, one for each column that took one
    cells: dict[str, Cell] = {}
    for column, text in zip(columns, split.cells, strict=True):
        if text:
            value = next(taken)
            cells[column] = Cell(text, value.item, min(value.confidence, split.confidence))
        elif min(split.confidence, values[0].confidence) < DOUBTED_BELOW:  # left empty, in doubt
            cells[column] = Cell("", values[0].item, min(split.confidence, values[0].confidence))
    return Row(name, cells, name_lost=not draft.name)


def _recover_spans(drafts: list[_Draft], rows: list[Row | None], columns: tuple[str, ...],
                   hints: Hints) -> list[Row]:
    """Rows whose values do not fit, read again as one span with the rows just before them that hold
    too few values: a span of rows flattened column-first."""
    numeric = len(_numeric(columns))
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


def _recover_span(drafts: list[_Draft], columns: tuple[str, ...], hints: Hints) -> list[Row]:
    """The rows of a scrambled span: its named rows and the rows its numbering skips (指标2 … 指标5
    holds 3 and 4, whose names are lost), their values read in the one order that fits, or lost."""
    numeric = _numeric(columns)
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
            rows.append(Row(name, {}, _lost(columns), name_lost))
    return rows


def _span_names(drafts: list[_Draft]) -> list[tuple[Cell, bool]]:
    """The names of a span's rows in order (and whether each was lost), with a lost name for each
    number the span skips."""
    names: list[tuple[Cell, bool]] = []
    previous = None
    for draft in drafts:
        cell = _name_cell(draft)
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


# --- fused: rows inside a run of text --------------------------------------------------------------


def fused_rows(text: str, item: Item, columns: Sequence[str], hints: Hints, *, cut_off: bool) -> list[Row]:
    """Rows of a fused run, split at ``指标N:`` and where a row reads whole (see ``_row_texts``)."""
    text = _PLACEHOLDER.sub("", text).strip()
    if not text:
        return []
    kinds = ("name", *columns)
    texts = [row_text for part in _numbered_parts(text)
             for row_text in _with_notes(_row_texts(part, kinds, _hints_of(part, hints)), "note" in columns)]
    texts, doubted = _unrun(texts, kinds, hints)
    rows = [_fused_row(row_text, item, tuple(columns), _hints_of(row_text, hints), doubt)
            for row_text, doubt in zip(texts, doubted, strict=True)]
    rows = [row for row in rows if row.cells or not _NUMBERED.fullmatch(row.name.text)]
    if cut_off and rows and not any(char.isdigit() for cell in rows[-1].cells.values() for char in cell.text):
        # The text ends in this row and no number of it came: words read as its values (改善 of
        # 群众出行条件改善状况) are more likely the rest of its name; the whole text is the name, cut.
        last = rows[-1]
        whole = texts[-1] if len(texts) == len(rows) else last.name.text
        rows[-1] = _cut_off(last._replace(name=last.name._replace(text=whole), cells={}), columns)
    return rows


def _hints_of(row_text: str, hints: Hints) -> Hints:
    """A 其中 row is a part of the indicator above: it has no weight and no score of its own."""
    return hints._replace(blank_only=("weight", "score")) if _SUB_ROW.match(row_text) else hints


def _numbered_parts(text: str) -> list[str]:
    """The text cut before each ``指标N:`` and each ``其中:``: both start a row."""
    # A core mark before 指标N: is the row's own (★指标6：受益脱贫户满意度).
    starts = sorted({len(text[:match.start()].rstrip(_CORE_MARKS)) for match in _NUMBERED.finditer(text)}
                    | {match.start() for match in _SUB_ROW.finditer(text)})
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    ends = [*starts[1:], len(text)]
    return [part for start, end in zip(starts, ends, strict=True) if (part := text[start:end].strip())]


def _row_texts(part: str, kinds: tuple[str, ...], hints: Hints) -> list[str]:
    """The rows of a part. A row may end where a run of values meets text again: it does where the
    text from the row's start to there reads as a whole row. Where the run ends in a unit that may as
    well start the next name (``9项`` before ``项目计划总投资``), the end without it is tried first."""
    texts: list[str] = []
    start = 0
    # A row never ends inside a date (2020年11月30日前 holds three runs of values).
    inside_dates = {at for date in DATE.finditer(part) for at in range(date.start() + 1, date.end())}
    candidates = _row_ends(part)
    for values_start, ends, paired in candidates:
        if max(ends) >= len(part) or values_start <= start:
            continue
        end = next((end for end in ends if end not in inside_dates and _is_whole_row(part[start:end], kinds, hints)),
                   None)
        if end is not None and paired and not _pair_ends_row(part, (start, end), candidates, inside_dates, kinds,
                                                             hints):
            end = None
        if end is not None:
            texts.append(part[start:end])
            start = end
    texts.append(part[start:])
    return [text.strip() for text in texts if text.strip()]


def _row_ends(part: str) -> list[tuple[int, list[int], bool]]:
    """Where a row may end, by where its last values start: after a run of values (or before the unit
    that ends it, which may as well start the next name), and after a qualitative value written twice
    (及时及时, target and actual alike, before the next row's name; ``paired`` True)."""
    found: list[tuple[int, list[int], bool]] = []
    for match in VALUE_RUN.finditer(part):
        unit = _TRAILING_UNIT.search(match.group())
        ends = [match.start() + unit.start(), match.end()] if unit is not None else [match.end()]
        if unit is not None and match.group().count(unit.group()) >= 2:
            ends.reverse()  # 378次490次: the run writes the unit after each value, the last one too
        found.append((match.start(), ends, False))
    for match in QUALITATIVE_WORD.finditer(part):
        size = len(match.group())
        end = match.end() + size
        if size < 2 or not part.startswith(match.group(), match.end()):
            continue
        blank = next((mark for mark in BLANKS if part.startswith(mark, end)), "")
        # Only where no value follows (a weight or a score after the pair is still this row's); a blank
        # mark right after the pair is the row's note.
        if VALUE_RUN.match(part, end + len(blank)) is None and not part.startswith(BLANKS, end + len(blank)):
            found.append((match.start(), [end + len(blank)], True))
    return sorted(found)


def _pair_ends_row(part: str, row: tuple[int, int], candidates: list[tuple[int, list[int], bool]],
                   inside_dates: set[int], kinds: tuple[str, ...], hints: Hints) -> bool:
    """Whether the row from ``start`` ends after the text pair at ``end``: a full row starts there, and
    the row does not read as well going on to the next values (持续发挥持续发挥作用22 is target,
    actual, weight and score; 持续发挥持续发挥作用4.8 leaves no row after the pair)."""
    start, end = row
    if not _whole_row_from(part, end, candidates, kinds, hints):
        return False
    further = next((max(ends) for values_start, ends, paired in candidates
                    if values_start >= end and not paired and max(ends) not in inside_dates), None)
    return further is None or not _is_full_row(part[start:further], kinds, hints, BOUNDARY_CONFIDENCE)


def _whole_row_from(part: str, start: int, candidates: list[tuple[int, list[int], bool]], kinds: tuple[str, ...],
                    hints: Hints) -> bool:
    """Whether a full row starts at ``start`` (every column but the note filled, read with confidence):
    up to one of the later ends, or the end of the part."""
    ends = [end for values_start, ends, _ in candidates if values_start > start for end in ends if end < len(part)]
    return any(_is_full_row(part[start:end], kinds, hints) for end in [*ends[:_ROW_LOOKAHEAD], len(part)])


def _is_full_row(text: str, kinds: tuple[str, ...], hints: Hints, least: float = DOUBTED_BELOW) -> bool:
    split = split_fused(text, kinds, hints)
    return split is not None and split.confidence >= least and not split.rest and all(
        cell for kind, cell in zip(kinds, split.cells, strict=True) if kind not in ("note", "operator", "unit"))


def _with_notes(texts: list[str], notes: bool) -> list[str]:
    """Row texts with each row's note (偏差原因) back at its end: the text after a row's values runs
    on into the next row's name, and the note is the part of it that ends in a full stop, a blank
    mark, or 无."""
    if not notes:
        return texts
    moved = list(texts)
    for at in range(1, len(moved)):
        note = _leading_note(moved[at])
        if note:
            moved[at - 1] += note
            moved[at] = moved[at][len(note):]
    return [text for text in moved if text]


def _leading_note(text: str) -> str:
    """The note at the start of a row's text: all of it when no value follows (the last row's note),
    else up to a full stop before the name, or a blank mark or 无 before it."""
    values = _FIRST_NUMBER.search(text)
    if values is None:
        return text
    head = text[:values.start()]
    stop = max(head.rfind(mark) for mark in _FULL_STOPS)
    if stop >= 0 and _LETTER.search(head, stop + 1):
        return head[:stop + 1]
    mark = _LEADING_NOTE.match(head)
    return mark.group() if mark is not None and _LETTER.search(head, mark.end()) else ""


_FULL_STOPS = ("。", "；", ";", "！")
_DIGIT_CHARS = frozenset("0123456789.")
_FIRST_NUMBER = re.compile(r"[0-9]|[≥≤<>=≧≦]")
_LEADING_NOTE = re.compile(r"(?:——|—|--|-|/|／)+|无(?!害|人|线|偿|息|纸|菌|公害|障碍)|没有")
_LETTER = re.compile(r"[^\W\d_]")


def _is_whole_row(text: str, kinds: tuple[str, ...], hints: Hints) -> bool:
    """Whether ``text`` reads as one whole row: a name, and its target and actual (in one unit) or two
    values at least (a weight alone, ``状况10`` before ``显著提升``, is a row going on). Its values may
    still be cut in doubt (``54679处`` is 5 and 4679处, or 54 and 679处): that the row ends is what matters."""
    split = split_fused(text, kinds, hints)
    if split is None or split.confidence < BOUNDARY_CONFIDENCE or split.rest:
        return False
    cells = dict(zip(kinds, split.cells, strict=True))
    if cells.get("target") and cells.get("actual"):
        return measures_agree(cells["target"], cells["actual"]) >= 0
    # Two values at least, not both cut out of one run of digits (``10`` is no weight 1 and score 0).
    values = [cell for kind, cell in cells.items() if cell and kind != "name"]
    return len(values) >= 2 and not all(set(value) <= _DIGIT_CHARS for value in values)


def _unrun(texts: list[str], kinds: tuple[str, ...], hints: Hints) -> tuple[list[str], list[bool]]:
    """The row texts with each row that ran into the next one cut apart, and which were.

    A value with a sign or a percentage inside what reads as a name (培训合格率≥85%档案规范管理率…) is no
    part of a name: a row whose other values are missing ended there, and the next row's name follows.
    Both rows are doubted: where one ends, and which of its columns were empty, is a guess."""
    rows: list[str] = []
    doubted: list[bool] = []
    for text in texts:
        doubt = False
        for _ in range(_MAX_UNRUNS):
            split = split_fused(text, kinds, hints)
            found = _VALUE_IN_NAME.search(split.cells[0]) if split is not None else None
            run = VALUE_RUN.match(text, found.start()) if found is not None else None
            if run is None or run.end() >= len(text):
                break
            rows.append(text[:run.end()])
            doubted.append(True)
            text, doubt = text[run.end():].strip(), True
        rows.append(text)
        doubted.append(doubt)
    return rows, doubted


def _fused_row(text: str, item: Item, columns: tuple[str, ...], hints: Hints, doubted: bool = False) -> Row:
    split = split_fused(text, ("name", *columns), hints)
    if split is not None:
        if doubted or _VALUE_IN_NAME.search(split.cells[0]) or _no_measure(split, columns):
            split = split._replace(confidence=min(split.confidence, CUT_OFF_CONFIDENCE))
        return Row(Cell(split.cells[0], item, min(item.confidence, split.confidence)),
                   _split_cells(split, columns, item, 1))
    split = split_fused(text, columns, hints)  # values with no name before them: the name was lost
    if split is not None and any(split.cells):
        return Row(Cell("", item, 0.0), _split_cells(split, columns, item, 0), name_lost=True)
    return Row(Cell(text, item, min(item.confidence, CUT_OFF_CONFIDENCE)), {}, _lost(columns))


def _no_measure(split: Split, columns: tuple[str, ...]) -> bool:
    """A row of values with neither a target nor an actual: its name likely holds them (a wording no
    lexicon knows, 占用耕地情况无明显负面影响), which cannot be told from the name."""
    measures = [index for index, column in enumerate(columns, start=1) if column in ("target", "actual")]
    return bool(measures) and any(split.cells[1:]) and not any(split.cells[index] for index in measures)


def _split_cells(split: Split, columns: tuple[str, ...], item: Item, first: int) -> dict[str, Cell]:
    """The cells of a split from position ``first`` on, by column, each with its confidence."""
    cells: dict[str, Cell] = {}
    for index, column in enumerate(columns, start=first):
        text = split.cells[index]
        confidence = min(item.confidence, split.confidence)
        if text:
            if split.ocr and split.ocr[index]:
                confidence = min(confidence, OCR_CONFIDENCE)
            cells[column] = Cell(text, item, confidence)
        elif confidence < DOUBTED_BELOW:
            cells[column] = Cell("", item, confidence)  # left empty, in doubt
    return cells
