"""Indicator rows (三级指标) out of the values between two labels, in each shape of text.

The values between two level labels hold one or more rows, each a name and its values in column
order. Where every token is a cell, a row is a name and the next cells, one per column. Where tokens
are chunks between spaces, a ``指标N:`` prefix, a new line of a spaced-rows text, or a name after a row's
values starts the next row, and the values are fitted to the columns (empty cells left no chunk). Fused
text has rows of its own (``fusedrows``). Rows whose values do not fit, a span of rows flattened
column-first, are read again in ``scrambled``; what rows are made of is in ``rowparts``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from jixiao.ingest.stream.fit import NO_FIT, Fitter
from jixiao.ingest.stream.fused import Split
from jixiao.ingest.stream.lexer import Item
from jixiao.ingest.stream.rowparts import (
    NUMBERED,
    SCRAMBLED_CONFIDENCE,
    Cell,
    Draft,
    Row,
    lost_columns,
    name_cell,
    number_of,
)
from jixiao.ingest.stream.scrambled import recover_spans
from jixiao.ingest.stream.values import BLANK_SET, OPERATOR_GLYPHS, QUALITATIVE, UNIT_WORDS, Hints
from jixiao.model.memo import keep, memo
from jixiao.model.parse import parse_measure
from jixiao.model.values import MeasureKind
from jixiao.settings import DOUBTED_BELOW

_new = tuple.__new__  # a named tuple from all its fields in order (see ``rowparts``)
# Confidence of the name of the row a text was cut off in: the name may be cut too.
CUT_OFF_CONFIDENCE = 0.5

PLACEHOLDER = re.compile(r"[.…。·]{2,}|…")
PLACEHOLDER_STARTS = frozenset(".…。·")
_WRAP_SPACE = re.compile(r"(?<=[\u3400-\u9fff、，。：；（）()%])\s+(?=[\u3400-\u9fff、，。：；（）()])")


def dewrap(text: str) -> str:
    """``text`` without the spaces a wrapped cell left between Chinese characters (``成 品粮`` → ``成品粮``)."""
    return _WRAP_SPACE.sub("", text)


def cut_off_row(row: Row, columns: Sequence[str]) -> Row:
    """The last row of a text cut off inside it: its values are lost, its name doubted."""
    name = row.name._replace(confidence=min(row.name.confidence, CUT_OFF_CONFIDENCE))
    return row._replace(name=name, lost=lost_columns(columns))


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
    placeholder = bool(PLACEHOLDER.fullmatch(name)) or NUMBERED.fullmatch(name) is not None
    return placeholder and all(not cell.text.strip() or PLACEHOLDER.fullmatch(cell.text.strip())
                               for cell in cells.values())


# --- chunks: values between spaces --------------------------------------------------------------------


def chunk_rows(items: Sequence[Item], columns: Sequence[str], hints: Hints, *, rows_by_line: bool,
               cut_off: bool) -> list[Row]:
    """Rows of chunks. ``rows_by_line``: each line of the text is a row of the table (spaced rows);
    ``cut_off``: the text ends inside these rows (a last row without values lost them)."""
    columns = tuple(columns)
    # Where the layout splits the target (指标性质 · 指标值 · 度量单位), a sign and a unit are cells of
    # their own; elsewhere a unit after a space belongs to the number before it.
    split_target = "unit" in columns or "operator" in columns
    placer = _Placer(items, columns, hints, rows_by_line, split_target)
    # A draft with values is no placeholder (``_is_placeholder``), as most are: told here without a call.
    drafts = [_new(Draft, (draft.name, draft.values, draft.values_as_cells(glue=not split_target), draft.doubt))
              for draft in placer.run() if draft.values or not _is_placeholder(draft)]
    splits, fitter = placer.splits, placer.fitter
    fitted = [_fit_row(draft, columns, fitter, splits) for draft in drafts]
    # Only a row whose values do not fit (None) starts a span to read again: where every row fits,
    # ``recover_spans`` gives them as they are.
    rows = recover_spans(drafts, fitted, columns, hints) if None in fitted else fitted
    if cut_off and rows and not drafts[-1].values:
        rows[-1] = cut_off_row(rows[-1], columns)
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
        self.rows_by_line, self.split_target = rows_by_line, split_target
        self.drafts: list[Draft] = []
        self.points, self.fitter = _context(columns, hints)
        # The most points a fit of each count of values can have (``Fitter.most``): a reading that
        # cannot come near the best one found is not fitted (see ``_one_word``, ``_weighed``).
        self.most = self.fitter.most
        # The splits this placer fitted anew (the values of most rows among them), by the chunks' texts:
        # ``_fit_row`` places those rows as fitted. Kept with the placer only (a split is an object the
        # collector tracks: remembered for good, each would be counted at every collection).
        self.splits: dict[str, Split | None] = {}
        # Whether each chunk is a value: asked of most chunks two or three times as rows are weighed
        self.values = _value_flags(items, split_target)

    def run(self) -> list[Draft]:
        items, values, drafts = self.items, self.values, self.drafts
        by_line = self.rows_by_line
        count = len(items)
        at = 0
        while at < count:
            if values[at] and drafts:
                # Most chunks are values going on with the row: placed here as ``_place`` places them. A
                # value is never a ``……`` placeholder (no digit, no blank mark) nor a ``指标N:`` name
                # (``is_value`` says no to those, and no sign or unit starts so): only a new line of
                # spaced rows starts a row at it.
                item = items[at]
                if item.soft or not by_line:
                    drafts[-1].values.append(item)
                    at += 1
                    continue
            at = self._place(at)
        return drafts

    def _place(self, at: int) -> int:
        """Place the chunk at ``at`` (and, where words run on after a row, the words); the next place."""
        item = self.items[at]
        text = item.text
        drafts = self.drafts
        current = drafts[-1] if drafts else None
        if text[:1] in PLACEHOLDER_STARTS and PLACEHOLDER.fullmatch(text):
            drafts.append(Draft([item], [], []))  # a ``……`` row, dropped with the placeholders
        elif NUMBERED.match(text) or current is None or (self.rows_by_line and not item.soft):
            drafts.append(_new(Draft, ([], [item], [], False) if self.values[at] else ([item], [], [], False)))
        elif self.values[at]:
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

    def _after_values(self, at: int, current: Draft) -> int:
        """Words after a row's values: the row keeps the first k of them (text values, its note), and
        the rest start new rows, each at a name (a run of words may hold a whole row of text values and
        the next row's name). Every way is fitted to the columns, with the values after the words; the
        best is taken, doubted where another is close to it. Only the row's own words are placed here:
        the next row's are placed, the same way, when the walk reaches them."""
        end = at + 1
        while end < len(self.items) and self._goes_on(end) and end - at < _MAX_WORDS:
            end += 1
        words = list(self.items[at:end])
        if self.rows_by_line:
            # A line is a row: the words after its values on the same line are its own (text values, a
            # note); only the next line starts the next row, so there is nothing to weigh.
            current.values.extend(words)
            return end
        after = self._values_from(end)
        if len(words) == 1:
            kept, doubt = self._one_word(current.values, words[0], after)
        else:
            kept, doubt = self._weighed(current.values, words, after)
        current.values.extend(words[:kept])
        if kept < len(words):
            self.drafts.append(_new(Draft, ([words[kept]], [], [], doubt)))
            end = at + kept + 1  # the new row's words are placed from here on
        if doubt:
            index = self.drafts.index(current)
            self.drafts[index] = self.drafts[index]._replace(doubt=True)
        return end

    def _weighed(self, values: list[Item], words: list[Item], after: list[Item]) -> tuple[int, bool]:
        """How many of ``words`` the row of ``values`` keeps, and whether another way is close to it."""
        rows_from = self._rows_from(words, after)
        kept_some = {kept: self._fit(values + words[:kept] + (after if kept == len(words) else []))
                     + (rows_from[kept] if kept < len(words) else 0.0) for kept in range(1, len(words) + 1)}
        # Keeping none of the words is read only where it can come within _CLOSE_FIT of the best of the others
        # (its points at most ``bound``): else it is neither the best nor close to it, and so changes nothing.
        best = max(kept_some.values())
        bound = self._most(len(values)) + rows_from[0]
        readings = kept_some if _beaten(bound, best) else {0: self._fit(values) + rows_from[0], **kept_some}
        ranked = sorted(readings, key=lambda kept: -readings[kept])
        kept = ranked[0]
        return kept, len(ranked) > 1 and readings[kept] - readings[ranked[1]] < _CLOSE_FIT

    def _one_word(self, values: list[Item], word: Item, after: list[Item]) -> tuple[int, bool]:
        """``_weighed`` for one word (most often a note, or the next row's name), with fewer lists made
        and no ranking: the row keeps the word (and the values after it), or the word starts a row of
        the values after it. The points are summed as ``_weighed`` sums them, so that they compare alike."""
        kept = self._fit([*values, word, *after]) + 0.0
        name = _name_points(word.text)
        # The values alone are fitted only where the row apart can come within _CLOSE_FIT of the row kept: its
        # points are at most ``bound`` (a float sum is monotone), and below that the word is kept, in no doubt.
        # The values after the word are fitted only where the most of a fit of as many does not tell already.
        most = self._most(len(values))
        if _beaten(most + ((self._most(len(after)) + 0.0) + name), kept):
            return 1, False
        rest = (self._fit(after) + 0.0) + name
        if _beaten(most + rest, kept):
            return 1, False
        apart = self._fit(values) + rest
        if apart >= kept:  # a tie goes to the fewer words kept, as ``_weighed`` ranks them
            return 0, apart - kept < _CLOSE_FIT
        return 1, kept - apart < _CLOSE_FIT

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
        return (not self.values[at] and not NUMBERED.match(item.text)
                and not (self.rows_by_line and not item.soft))

    def _values_from(self, at: int) -> list[Item]:
        end = at
        values = self.values
        while end < len(values) and values[end]:
            end += 1
        return list(self.items[at:end])

    def _most(self, count: int) -> float:
        """The most points a fit of ``count`` values can have (``_fit`` of more values than columns gives
        ``-_NO_FIT``)."""
        return self.most[count] if count < len(self.most) else -_NO_FIT

    def _fit(self, values: list[Item]) -> float:
        if len(values) > len(self.columns):
            return -_NO_FIT  # more values than columns never fit (``fit_cells`` says None): no tuple to build
        texts = [item.text for item in values]
        key = "\n".join(texts)  # chunks are never empty and hold no line break: one key per list of chunks
        points = self.points.get(key)
        if points is None:
            split = self.splits[key] = self.fitter.fit(texts)
            points = keep(self.points, key, split.points if split is not None else -_NO_FIT, _POINTS_KEPT)
        return points


# The points of the fits of words after values, per columns and hints. A run of words is fitted several
# ways, and each way again by the rows around it: remembered by the chunks' texts (a dict of strings and
# floats, which the cycle collector never looks into), at most _POINTS_KEPT per columns and hints. With
# them, the columns' ``Fitter``: a block's rows come back to the same few columns and hints in every form,
# and the fitter (its kinds and columns looked up, the hints hashed) is made once for them, not per block.
_CONTEXTS: dict[tuple[tuple[str, ...], Hints], tuple[dict[str, float], Fitter]] = {}
_POINTS_KEPT = 4096
_CONTEXTS_KEPT = 64
_MISSING = object()


def _context(columns: tuple[str, ...], hints: Hints) -> tuple[dict[str, float], Fitter]:
    """The points memo and the fitter of ``columns`` and ``hints``."""
    found = _CONTEXTS.get((columns, hints))
    return found if found is not None else keep(_CONTEXTS, (columns, hints), ({}, Fitter(columns, hints)),
                                                _CONTEXTS_KEPT)


# Two readings of words after a row closer than this (in points) are a doubt; a reading that does not
# fit at all counts as this far below any that does. Words looked at together at most.
_CLOSE_FIT = 1.0
_NO_FIT = NO_FIT
_MAX_WORDS = 10


def _beaten(bound: float, best: float) -> bool:
    """Whether a reading of at most ``bound`` points is neither the best nor within _CLOSE_FIT of ``best``."""
    return bound < best and best - bound >= _CLOSE_FIT


def _name_points(text: str) -> float:
    """How likely words are an indicator's name: not a qualitative value or a blank mark (无, 达标, —),
    nor a sentence (a note: 部分农户未按期申报，已督促整改。)."""
    if text in QUALITATIVE or text in BLANK_SET or len(text) == 1:
        return -2.0
    return -2.0 if text.endswith(("。", "；", ";")) or "，" in text else 0.0


def _wraps_name(text: str) -> bool:
    """A lone character that is no value (``数``): the end of a name a space cut."""
    return len(text) == 1 and text not in QUALITATIVE and not text.isdigit() and text not in OPERATOR_GLYPHS


def _value_flags(items: Sequence[Item], split_target: bool) -> list[bool]:
    """Whether each item is a value: ``is_value``, or (where the layout splits the target) a sign or a unit
    of its own. Words, signs, units and blank marks repeat from form to form:
    what each is, is remembered (per ``split_target``) in a plain dict looked up before anything else; a
    plain figure (new in most forms) is told by ``_FIGURE`` and not remembered."""
    known = _VALUE_OF[split_target]
    figure = _FIGURE.fullmatch
    flags = []
    for item in items:
        text = item.text
        flag = known.get(text)
        if flag is None:
            if figure(text) is not None:
                flag = True
            else:
                flag = keep(known, text, _is_value(text) or (split_target and (
                    text in OPERATOR_GLYPHS or text in UNIT_WORDS)), _VALUES_KEPT)
        flags.append(flag)
    return flags


# ``_value_flags``' memos, without and with the target split (a sign and a unit are values of their own).
_VALUE_OF: tuple[dict[str, bool], dict[str, bool]] = ({}, {})
_VALUES_KEPT = 16384


def is_value(text: str) -> bool:
    """Whether a chunk is a value (a number, a date, a blank mark) rather than words."""
    return _FIGURE.fullmatch(text) is not None or _is_value(text)


# A plain figure (3621.64, 67%, 10): ``parse_measure`` reads it as a number, and no ``指标N:`` is one. Most
# values are such figures, new in every form: they are told at once, and not remembered.
_FIGURE = re.compile(r"[0-9]{1,30}(?:\.[0-9]{1,8})?%?")


@memo(16384)
def _is_value(text: str) -> bool:
    if text in BLANK_SET:
        return True
    if not any(char.isdigit() for char in text):
        return False
    return parse_measure(text).kind in (MeasureKind.NUMBER, MeasureKind.DATE) and number_of(text) is None


def _is_placeholder(draft: Draft) -> bool:
    """A ``……`` row, or a ``指标2:`` row with neither a name after the number nor values."""
    if draft.values:
        return False
    text = "".join(item.text for item in draft.name)
    return bool(PLACEHOLDER.fullmatch(text)) or NUMBERED.fullmatch(text) is not None


def _fit_row(draft: Draft, columns: tuple[str, ...], fitter: Fitter, splits: dict[str, Split | None]) -> Row | None:
    """The row with its values fitted to the columns; None when they do not fit (too many of them).
    Where the placer fitted these very values (``splits``, keyed as ``_Placer._fit`` keys them), their
    placing is that fit's: ``placing_of`` (the ``fitter``'s ``place``) places values as ``fit_cells`` does (its
    cells, its confidence; None alike), and only the cells and the confidence are read here."""
    values = draft.glued
    name = name_cell(draft)
    if draft.doubt:  # where the row starts was a close call: its name and values are doubted
        name = name._replace(confidence=min(name.confidence, SCRAMBLED_CONFIDENCE))
        values = [cell._replace(confidence=min(cell.confidence, SCRAMBLED_CONFIDENCE)) for cell in values]
    if not values:
        return Row(name, {})
    texts = [cell.text for cell in values]
    fitted = splits.get("\n".join(texts), _MISSING)
    if fitted is _MISSING:
        split = fitter.place(texts)
        if split is None:
            return None
        placed, confidence = split.cells, split.confidence
    elif fitted is None:
        return None
    else:
        placed, confidence = fitted.cells, fitted.confidence
    taken = iter(values)  # the values in order, one for each column that took one
    cells: dict[str, Cell] = {}
    # A column left empty is kept, in doubt, where the placing or the first value is doubted: alike for
    # every such column of the row.
    first = values[0].confidence
    empty = first if first < confidence else confidence  # min(confidence, first), as ``min`` picks
    for column, text in zip(columns, placed, strict=True):
        if text:
            value = next(taken)
            own = value.confidence  # min(own, confidence), as ``min`` picks: the first unless the other is less
            # The value's own cell where the placing keeps its text (stripped, a string without blanks around it
            # is itself) and its confidence: the cell made would equal it.
            cells[column] = value if text is value.text and not confidence < own else \
                _new(Cell, (text, value.item, confidence if confidence < own else own))
        elif empty < DOUBTED_BELOW:  # left empty, in doubt
            cells[column] = _new(Cell, ("", values[0].item, empty))
    return _new(Row, (name, cells, (), not draft.name, False))
