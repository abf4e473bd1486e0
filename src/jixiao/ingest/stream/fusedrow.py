"""One indicator row (三级指标) of fused text read as a ``Row``: its name and its cells, and how far to trust them.

The row's text is split into its name and its cells (``fused.split_fused``); where no name reads, into its
cells alone (the name lost). A reading is doubted, and marked a guess, where the name may hold values or a
row of its own (a sign or a percentage in it, ``VALUE_IN_NAME``; two qualitative words side by side; a date
before a name's length of text) or where no target and no actual were read.
"""

from __future__ import annotations

import re
from itertools import pairwise

from jixiao.ingest.stream.fused import OCR_CONFIDENCE, Split, split_fused
from jixiao.ingest.stream.lexer import Item
from jixiao.ingest.stream.rowparts import Cell, Row, lost_columns
from jixiao.ingest.stream.rows import CUT_OFF_CONFIDENCE
from jixiao.ingest.stream.values import OPERATOR_GLYPHS, QUALITATIVE_WORD, UNIT, Hints
from jixiao.settings import DOUBTED_BELOW

# A value with a sign or a percentage, which names do not hold.
VALUE_IN_NAME = re.compile(rf"[{OPERATOR_GLYPHS}]\d|\d%")


def fused_row(text: str, item: Item, columns: tuple[str, ...], hints: Hints, doubted: bool = False) -> Row:
    """The row ``text`` reads as, with columns ``columns``; a guess when ``doubted`` (cut out of a run of rows)."""
    split = split_fused(text, ("name", *columns), hints)
    if split is not None:
        # A value inside the name: the row may have run into the next one, wherever its values are.
        name = split.cells[0]
        guessed = doubted or VALUE_IN_NAME.search(name) is not None or _holds_a_row(name)
        if guessed or _no_measure(split, columns):
            split = split._replace(confidence=min(split.confidence, CUT_OFF_CONFIDENCE))
        # Where no sum can bear the count out, a weaker sign of a row inside the name makes it a guess too.
        guessed = guessed or (not hints.weighted and (_value_inside(name) or _row_in_note(split.cells[-1], columns)))
        return Row(Cell(name, item, min(item.confidence, split.confidence)),
                   _split_cells(split, columns, item, 1), guessed=guessed)
    split = split_fused(text, columns, hints)  # values with no name before them: the name was lost
    if split is not None and any(split.cells):
        return Row(Cell("", item, 0.0), _split_cells(split, columns, item, 0), name_lost=True, guessed=True)
    return Row(Cell(text, item, min(item.confidence, CUT_OFF_CONFIDENCE)), {}, lost_columns(columns))


def _holds_a_row(name: str) -> bool:
    """Whether a name likely holds the text values of a row before it (农业面源污染减少有所提高节水效果): two
    qualitative words side by side (one of them long), a blank mark between words, a date with a name's
    length of text after it, or a stretch of it written twice (the row before had the same name)."""
    words = list(QUALITATIVE_WORD.finditer(name))
    if any(first.end() == second.start() and max(len(first.group()), len(second.group())) >= _LONG_WORD
           for first, second in pairwise(words)):
        return True
    if _BLANK_IN_NAME.search(name) or any(len(name) - date.end() >= _NAME_TAIL for date in DATED.finditer(name)):
        return True
    return any(name.find(name[at:at + _LONG_WORD], at + _LONG_WORD) >= 0
               for at in range(len(name) - 2 * _LONG_WORD + 1))


def _value_inside(name: str) -> bool:
    """Whether a qualitative word or a measured number stands inside a name with a name's length of text
    after it (设备完好率合格资金拨付准确率, 建设高标准农田面积388米维修校舍面积): a row whose other values were left
    empty, and the next row's name. Where rows are not weighted, no sum tells such a row from a name that
    holds the word or the number."""
    words = [word for word in QUALITATIVE_WORD.finditer(name) if len(word.group()) >= 2]
    return any(word.start() >= _NAME_HEAD and len(name) - word.end() >= _NAME_TAIL
               for word in (*words, *_MEASURED.finditer(name)))


# A number and its unit (388米): a target as likely as a part of a name (5000吨稻谷、500吨成品粮储备到位率).
_MEASURED = re.compile(rf"[0-9][0-9.]*(?:{UNIT.pattern})")


def _row_in_note(note: str, columns: tuple[str, ...]) -> bool:
    """Whether a note (偏差原因) ends in a qualitative value after a name's length of text (及时(按期)开工率及时):
    the next row, its other cells left empty, rather than prose."""
    if not columns or columns[-1] != "note" or len(note) <= _NAME_TAIL:
        return False
    word = QUALITATIVE_WORD.search(note, len(note) - _LONG_WORD)
    return word is not None and word.end() == len(note) and len(word.group()) >= 2


# A word this far into a name, with this much of it after the word, is no part of one name.
_NAME_HEAD = 2
_NAME_TAIL = 4
# A qualitative word this long is a value, not part of a name; a blank mark between two words is a cell's.
_LONG_WORD = 4
# A date with its figures (2020年9月30日前, 12月底): the value of a row, not part of a name.
DATED = re.compile(r"(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日)?(?:底|末)?(?:之前|以前|前)?")
_BLANK_IN_NAME = re.compile(r"[^\W\d_](?:——|—|--|/|／)[^\W\d_]")


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
