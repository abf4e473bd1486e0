"""Indicator rows (三级指标) inside a run of fused text: where each row ends, and each row split into cells.

The values between two level labels hold one or more rows, each a name and its values in column order,
run together. A ``指标N:`` prefix and a 其中 row start a row. Otherwise a row ends where a run of values
meets text again and the text so far reads as a whole row; each row is then split into its name and its
cells (``fusedrow.fused_row``, by ``fused.split_fused``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from jixiao.ingest.stream.fused import split_fused
from jixiao.ingest.stream.fusedrow import VALUE_IN_NAME, fused_row
from jixiao.ingest.stream.lexer import Item
from jixiao.ingest.stream.relations import measures_agree
from jixiao.ingest.stream.rowparts import NUMBERED, Cell, Row
from jixiao.ingest.stream.rows import CUT_OFF_CONFIDENCE, PLACEHOLDER, cut_off_row
from jixiao.ingest.stream.values import (
    BLANKS,
    DATE,
    QUALITATIVE_WORD,
    UNIT_LED_WORDS,
    VALUE_RUN,
    Hints,
    unit_of,
)
from jixiao.settings import DOUBTED_BELOW

# A 其中 row's start, its colon often left out (其中女性).
_SUB_ROW = re.compile(r"其中(?:\s*[:：]|(?=[^\W\d_]))")
# Marks of a core indicator (核心指标) written before its name.
_CORE_MARKS = "★☆*"
# Ends looked at for the row after a text pair (its values are in its first few runs).
_ROW_LOOKAHEAD = 4
# Rows cut out of one run of text at values inside its name, at most.
_MAX_UNRUNS = 4
# A fused row is taken to end where the next starts only when it reads with at least this confidence.
BOUNDARY_CONFIDENCE = 0.5
# A unit at the end of a run of values that is also a common first character of a name (项目…, 人口…).
_TRAILING_UNIT = re.compile(r"(?<=[0-9])[项个人户次件台名本期场类条张所家部块段道间口头只年月日天](?!.)")


def fused_rows(text: str, item: Item, columns: Sequence[str], hints: Hints, *, cut_off: bool) -> list[Row]:
    """Rows of a fused run, split at ``指标N:`` and where a row reads whole (see ``_row_texts``)."""
    text = PLACEHOLDER.sub("", text).strip()
    if not text:
        return []
    kinds = ("name", *columns)
    texts = [row_text for part in _numbered_parts(text)
             for row_text in _with_notes(_row_texts(part, kinds, _hints_of(part, hints)), "note" in columns)]
    texts, doubted = _unrun(texts, kinds, hints)
    rows = [fused_row(row_text, item, tuple(columns), _hints_of(row_text, hints), doubt)
            for row_text, doubt in zip(texts, doubted, strict=True)]
    rows = [row for row in rows if row.cells or not NUMBERED.fullmatch(row.name.text)]
    rows = _doubt_open_pairs(_doubt_leading_nones(rows, "note" in columns, item), "score" in columns)
    rows = _doubt_split_units(rows)
    if cut_off and rows and not any(char.isdigit() for cell in rows[-1].cells.values() for char in cell.text):
        # The text ends in this row and no number of it came: words read as its values (改善 of
        # 群众出行条件改善状况) are more likely the rest of its name; the whole text is the name, cut.
        last = rows[-1]
        whole = texts[-1] if len(texts) == len(rows) else last.name.text
        rows[-1] = cut_off_row(last._replace(name=last.name._replace(text=whole), cells={}), columns)
    return rows


def _doubt_leading_nones(rows: list[Row], notes: bool, item: Item) -> list[Row]:
    """Rows whose name starts with a 无 that may as well be the note of the row before (无人居环境改善: the
    note 无, then 人居环境改善; or the name 无人机…): the name and that note are doubted."""
    if not notes:
        return rows
    for at in range(1, len(rows)):
        name, before = rows[at].name, rows[at - 1]
        if _AMBIGUOUS_NONE.match(name.text) and not before.cells.get("note", Cell("", None, 0.0)).text:
            rows[at] = rows[at]._replace(name=name._replace(confidence=min(name.confidence, CUT_OFF_CONFIDENCE)))
            rows[at - 1] = before._replace(cells={**before.cells, "note": Cell("", item, CUT_OFF_CONFIDENCE)})
    return rows


def _doubt_open_pairs(rows: list[Row], scored: bool) -> list[Row]:
    """A row that ends in a text written twice (持续发挥持续发挥) without its score may as well have left its
    actual and score empty, the second copy starting the next row's name (持续发挥效益年限): that actual and
    that name are doubted."""
    if not scored:
        return rows
    for at in range(len(rows) - 1):
        cells = rows[at].cells
        target, actual = cells.get("target"), cells.get("actual")
        if target is None or actual is None or target.text != actual.text or not target.text or any(
                char.isdigit() for char in target.text) or cells.get("score", Cell("", None, 0.0)).text:
            continue
        doubted = min(actual.confidence, CUT_OFF_CONFIDENCE)
        rows[at] = rows[at]._replace(cells={**cells, "actual": actual._replace(confidence=doubted)})
        name = rows[at + 1].name
        rows[at + 1] = rows[at + 1]._replace(name=name._replace(confidence=min(name.confidence, CUT_OFF_CONFIDENCE)))
    return rows


def _doubt_split_units(rows: list[Row]) -> list[Row]:
    """A row whose values end in a unit per something (≤67元/人) before the next row's name: the ``/`` may as
    well be a blank cell and the 人 the start of the name (≤67元, /, 人均培训成本). That value and the next
    name are doubted."""
    for at in range(len(rows) - 1):
        filled = [(column, cell) for column, cell in rows[at].cells.items() if cell.text]
        if not filled or _PER_UNIT_END.search(filled[-1][1].text) is None:
            continue
        column, cell = filled[-1]
        rows[at] = rows[at]._replace(cells={**rows[at].cells, column: cell._replace(
            confidence=min(cell.confidence, CUT_OFF_CONFIDENCE))})
        name = rows[at + 1].name
        rows[at + 1] = rows[at + 1]._replace(name=name._replace(confidence=min(name.confidence, CUT_OFF_CONFIDENCE)))
    return rows


# A unit per something at the end of a value (元/人, 人/次, 元/亩): its second half may start the next name.
_PER_UNIT_END = re.compile(r"[/／][\u4e00-\u9fff]{1,2}$")


# A 无 that _LEADING_NOTE leaves with the name, as the start of a word (无人机, 无害化).
_AMBIGUOUS_NONE = re.compile(r"无(?=害|人|线|偿|息|纸|菌|公害|障碍)")


def joined_runs(items: list[Item]) -> list[Item]:
    """Fused values joined again where a word that is no label here split them (``…严格`` · ``执行率`` · ``100%…``)."""
    runs: list[Item] = []
    for item in items:
        if runs and runs[-1].line == item.line:
            runs[-1] = runs[-1]._replace(text=runs[-1].text + item.text)
        else:
            runs.append(item._replace(fused=True))
    return runs


def _hints_of(row_text: str, hints: Hints) -> Hints:
    """A 其中 row is a part of the indicator above: it has no weight and no score of its own."""
    return hints._replace(blank_only=("weight", "score")) if _SUB_ROW.match(row_text) else hints


def _numbered_parts(text: str) -> list[str]:
    """The text cut before each ``指标N:`` and each ``其中:``: both start a row."""
    # A core mark before 指标N: is the row's own (★指标6：受益脱贫户满意度).
    starts = sorted({len(text[:match.start()].rstrip(_CORE_MARKS)) for match in NUMBERED.finditer(text)}
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
    notes = "note" in kinds
    for values_start, ends, paired in candidates:
        if max(ends) >= len(part) or values_start <= start:
            continue
        # A row is read with the note that follows it (moved back by _with_notes): as it will be split.
        end = next((end for end in ends if end not in inside_dates
                    and _is_whole_row(part[start:_note_end(part, end, notes)], kinds, hints)), None)
        if end is not None:
            end = _note_end(part, end, notes)
            if end >= len(part):
                continue
        if end is not None and paired and not _pair_ends_row(part, (start, end), candidates, inside_dates, kinds,
                                                             hints):
            end = None
        if end is not None:
            texts.append(part[start:end])
            start = end
    texts.append(part[start:])
    return [text.strip() for text in texts if text.strip()]


def _note_end(part: str, end: int, notes: bool) -> int:
    """Where the note after a row's values ends, when the row has a note column (see _leading_note)."""
    return end + len(_leading_note(part[end:])) if notes else end


def _row_ends(part: str) -> list[tuple[int, list[int], bool]]:
    """Where a row may end, by where its last values start: after a run of values (or before the unit
    that ends it, which may as well start the next name), and after a qualitative value written twice
    (及时及时, target and actual alike, before the next row's name; ``paired`` True)."""
    found: list[tuple[int, list[int], bool]] = []
    for match in VALUE_RUN.finditer(part):
        unit = _TRAILING_UNIT.search(match.group())
        ends = [match.start() + unit.start(), match.end()] if unit is not None else [match.end()]
        if unit is not None and (match.group().count(unit.group()) >= 2
                                 or not part.startswith(UNIT_LED_WORDS, match.start() + unit.start())):
            # 378次490次: the run writes the unit after each value, the last one too; 41场: a number takes its
            # unit (its actual and score left empty), unless a word names start with starts there (9项目…).
            ends.reverse()
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
    # Two values at least, not both cut out of one run of digits (``10`` is no weight 1 and score 0); or a
    # lone measure with its unit (``≥60户``: a row whose other cells were left empty, before the next name).
    values = [cell for kind, cell in cells.items() if cell and kind != "name"]
    if len(values) == 1 and cells.get("target") == values[0]:
        return bool(unit_of(values[0]))
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
            found = VALUE_IN_NAME.search(split.cells[0]) if split is not None else None
            run = VALUE_RUN.match(text, found.start()) if found is not None else None
            if run is None or run.end() >= len(text):
                break
            rows.append(text[:run.end()])
            doubted.append(True)
            text, doubt = text[run.end():].strip(), True
        rows.append(text)
        doubted.append(doubt)
    return rows, doubted
