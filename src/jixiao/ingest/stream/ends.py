"""Where a piece of each kind of cell can end, when it starts at a place in fused text.

``piece_ends`` gives those ends; the splitter tries only them, so a digit run offers a handful of cuts
rather than all of them. ``accepts`` asks the same of a value whose boundaries are known (spaced text), and
``rates_from`` lists the rates still to come in a text.

Every pattern here is linear: bounded quantifiers, and possessive ones where a run repeats.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from jixiao.ingest.stream.values import (
    BLANK_SET,
    BLANKS,
    DATE,
    MAX_PAIR_CHARS,
    MEASURES,
    MONEY,
    NATURE_WORDS,
    OPERATOR_GLYPHS,
    OPERATOR_WORDS,
    QUALITATIVE_WORD,
    SUFFIX_OPERATORS,
    TEXT_KINDS,
    UNIT,
    UNIT_LED_WORDS,
    VALUE_RUN,
    Hints,
    rate_value,
)
from jixiao.model.memo import memo

# Places a name may end at, counted from the right: a row's values stand at its end.
MAX_NAME_ENDS = 10
_DIGITS = re.compile(r"[0-9.]{1,40}")
_MONEY_UNIT = re.compile("万元|亿元|元|万")
_GROUPED = re.compile(r"(?P<whole>[1-9][0-9]{0,2}(?:,[0-9]{3})+)(?:\.[0-9]{1,4})?")
_LETTER = re.compile(r"[^\W\d_]")  # a letter, Chinese included: names and notes start with one
_NAME_CANNOT_END = frozenset(OPERATOR_GLYPHS + "、，,(（:：;；")


def piece_ends(text: str, at: int, kind: str, hints: Hints) -> list[int]:
    """The ends of every piece of ``kind`` that can start at ``at`` in ``text``."""
    if at >= len(text):
        return []
    if kind != "name":
        blank = _BLANK_MARK.match(text, at)
        if blank is not None:
            return [blank.end()]
    if kind in hints.blank_only:
        return []
    reader = _PIECES.get(kind)
    return reader(text, at, hints) if reader is not None else []


# A blank mark, the longest first (—— before —).
_BLANK_MARK = re.compile("|".join(re.escape(mark) for mark in BLANKS))


def numbers_at(text: str, at: int) -> list[tuple[int, int, int]]:
    """The numbers that can start at ``at`` (no leading zeros, no trailing point, at most twelve digits
    before the point and six after): (end, digits before the point, digits after it) of each."""
    run = _DIGITS.match(text, at)
    if run is None:
        return []
    return [(at + size, whole, places) for size, whole, places in _numbers_in(run.group())]


@memo(1 << 16)
def _numbers_in(run: str) -> tuple[tuple[int, int, int], ...]:
    """The numbers at the start of a run of figures, as (size, digits before the point, digits after),
    remembered by the run: the same runs (10, 100, 2020) come up in row after row."""
    if run[0] == ".":
        return ()
    point = run.find(".")
    whole_stop = point if point >= 0 else len(run)
    last_whole = 1 if run[0] == "0" else min(whole_stop, 12)
    found = [(size, size, 0) for size in range(1, last_whole + 1)]
    if point >= 0 and last_whole == point:  # the whole part reaches the point: decimals may follow
        second = run.find(".", point + 1)
        decimals_stop = min(second if second >= 0 else len(run), point + 7)
        found.extend((size, point, size - point - 1) for size in range(point + 2, decimals_stop + 1))
    return tuple(found)


def _money_ends(text: str, at: int, hints: Hints) -> list[int]:
    """Money: a number of at most four places (万元 to four places is one 元), thousands grouped or not,
    and its unit if written."""
    ends = [end for end, _, places in numbers_at(text, at) if places <= 4]
    ends.extend(_grouped_ends(text, at))
    return [unit.end() if (unit := _MONEY_UNIT.match(text, end)) else end for end in ends]


def _grouped_ends(text: str, at: int) -> list[int]:
    """Ends of a number with its thousands grouped (``12,475,600.00``): the whole part, then each
    number of places (the next cell may start with a digit)."""
    if "," not in text[at + 1:at + 5]:
        return []
    grouped = _GROUPED.match(text, at)
    if grouped is None:
        return []
    whole = grouped.end("whole")
    return [whole, *(end for end in range(whole + 2, grouped.end() + 1))]


def _small_ends(text: str, at: int, hints: Hints) -> list[int]:
    """Weights and scores: at most three digits before the point and two after, an optional 分."""
    return [end + 1 if text.startswith("分", end) else end
            for end, whole, places in numbers_at(text, at) if whole <= 3 and places <= 2]


def rate_ends(text: str, at: int, hints: Hints) -> list[int]:
    """Rates: a percentage, or a bare number (a fraction on 湖北 forms, a percentage without its sign)."""
    return [end + 1 if text.startswith("%", end) else end
            for end, whole, places in numbers_at(text, at) if whole <= 3 and places <= 2]


def _measure_ends(text: str, at: int, hints: Hints) -> list[int]:
    """Targets and actuals: a sign, a number and its unit (``≥266米``, ``不少于12种``, ``100%``), a date
    (``12月底前``) or a qualitative word (``达标``)."""
    start = _after_operator(text, at, hints)
    ends: set[int] = set()
    date = DATE.match(text, start)
    if date is not None and date.end() > start:
        return [date.end()]  # a date is one value: none of its numbers ends a piece
    for end, _, _ in numbers_at(text, start):
        unit = UNIT.match(text, end)
        if unit is not None:
            ends.add(unit.end())
            ends.add(_suffix_operator_end(text, unit.end()))
        ends.add(_suffix_operator_end(text, end))
    word = QUALITATIVE_WORD.match(text, at)  # 达到预期 starts like a sign word (达到) and is none
    if word is not None:
        ends.add(word.end())
    return sorted(ends, reverse=True)


def _after_operator(text: str, at: int, hints: Hints) -> int:
    """Where the number of a measure starts: after its sign or sign word, if it has one."""
    if text.startswith((">=", "<="), at):
        return at + 2
    if text[at] in OPERATOR_GLYPHS or (hints.ocr is not None and hints.ocr.le == text[at]):
        return at + 1
    word = next((word for word in OPERATOR_WORDS if text.startswith(word, at)), None)
    return at + len(word) if word else at


def _suffix_operator_end(text: str, at: int) -> int:
    word = next((word for word in SUFFIX_OPERATORS if text.startswith(word, at)), None)
    return at + len(word) if word else at


def _operator_ends(text: str, at: int, hints: Hints) -> list[int]:
    """指标性质: a sign, or the words that say there is none (定性) or what kind it is (定量, 正向, 反向)."""
    if text.startswith((">=", "<="), at):
        return [at + 2]
    if text.startswith(NATURE_WORDS, at):
        return [at + 2]
    return [at + 1] if text[at] in OPERATOR_GLYPHS else []


_NATURE_WORD = re.compile("|".join(NATURE_WORDS))


def _unit_ends(text: str, at: int, hints: Hints) -> list[int]:
    unit = UNIT.match(text, at)
    return [unit.end()] if unit else []


def _name_ends(text: str, at: int, hints: Hints) -> list[int]:
    """A name runs from ``at`` to where the row's values start: the start of a run of values, of a
    repeated text pair or of a qualitative value near the end, or the end itself (the values lost).
    Only the last MAX_NAME_ENDS such places count."""
    ends = {match.start() for match in VALUE_RUN.finditer(text, at + 1)}
    tail = max(at + 1, len(text) - 2 * MAX_PAIR_CHARS - 8)
    ends.update(start for start in range(tail, len(text)) if pair_sizes(text, start))
    # A one-character word (无) may be a value only where values follow it: 生态环境影响无6—.
    ends.update(match.start() for match in QUALITATIVE_WORD.finditer(text, tail)
                if len(match.group()) >= 2 or _values_at(text, match.end()))
    ends.update(match.start() for match in _NATURE_WORD.finditer(text, tail))  # 指标性质 before the values
    candidates = [*sorted(ends)[-MAX_NAME_ENDS:], len(text)]
    return [end for end in candidates if is_name(text[at:end])]


def _values_at(text: str, at: int) -> bool:
    """Whether values start at ``at`` (a number, a sign, a blank mark), or the text ends there."""
    return at == len(text) or VALUE_RUN.match(text, at) is not None or text.startswith(BLANKS, at)


def is_name(text: str) -> bool:
    """A name holds a letter, and does not end with a sign or inside an enumeration or a bracket
    (``5000吨稻谷、`` goes on: ``500吨成品粮储备到位率``)."""
    stripped = text.rstrip()
    return bool(stripped) and _LETTER.search(stripped) is not None and stripped[-1] not in _NAME_CANNOT_END


def _note_ends(text: str, at: int, hints: Hints) -> list[int]:
    """A note is the rest of the text, starting with a letter (a number there is another value), but not
    with a unit right after a number: the unit is the number's (``66.79万元``, ``326台``), and the number a
    target or an actual, not a score before a note; unless the unit starts a word notes start with
    (``22.5部分农户…``: a score and a note)."""
    if not _LETTER.match(text, at) or (takes_unit(text, at) and not text.startswith(UNIT_LED_WORDS, at)):
        return []
    return [len(text)]


def takes_unit(text: str, at: int) -> bool:
    """Whether the text at ``at`` starts with a unit right after a number (``500吨…``): a piece that
    starts there likely took the number's unit (though ``22.5部分农户…`` is a score and a note)."""
    return at > 0 and text[at - 1].isdigit() and UNIT.match(text, at) is not None


def pair_sizes(text: str, at: int) -> list[int]:
    """Sizes of a text value written twice from ``at`` (target and actual alike: ``高高``), longest first;
    not where the second copy starts a longer qualitative value (效果 · 效果明显 is no pair)."""
    if at >= len(text) or _LETTER.match(text, at) is None:
        return []
    limit = min(MAX_PAIR_CHARS, (len(text) - at) // 2)
    return [size for size in range(limit, 0, -1)
            if text[at] == text[at + size] and text.startswith(text[at:at + size], at + size)
            and not _longer_word(text, at + size, size)]


def _longer_word(text: str, at: int, size: int) -> bool:
    word = QUALITATIVE_WORD.match(text, at)
    return word is not None and len(word.group()) > size


_PIECES: dict[str, Callable[[str, int, Hints], list[int]]] = {
    "initial_budget": _money_ends, "full_year_budget": _money_ends, "executed": _money_ends,
    "weight": _small_ends, "score": _small_ends, "rate": rate_ends, "target": _measure_ends,
    "actual": _measure_ends, "operator": _operator_ends, "unit": _unit_ends, "name": _name_ends, "note": _note_ends,
}


def accepts(kind: str, value: str, hints: Hints) -> bool:
    """Whether a separated value can stand in a column of ``kind``: any text in a text, target or
    actual column (a qualitative 指标值 is any wording); elsewhere the whole value must be one piece."""
    if not value or value in BLANK_SET:
        return True
    if kind in hints.blank_only:
        return False
    if kind in TEXT_KINDS or kind in MEASURES:
        return True
    whole = _WHOLE_PIECE.get(kind)
    if whole is not None:
        return whole.fullmatch(value) is not None
    return len(value) in piece_ends(value, 0, kind, hints)


# A whole value of a number's kind, as one piece of ``piece_ends`` reads it from its first character to its
# last (``numbers_at``: no leading zero, at most twelve digits before the point; then each kind's places
# and sign): money values are new in every row, and one match costs less than listing every cut.
_MONEY_NUMBER = r"(?:(?:0|[1-9][0-9]{0,11})(?:\.[0-9]{1,4})?|[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]{1,4})?)"
_SMALL_NUMBER = r"(?:0|[1-9][0-9]{0,2})(?:\.[0-9]{1,2})?"
_WHOLE_MONEY = re.compile(f"{_MONEY_NUMBER}(?:{_MONEY_UNIT.pattern})?")
_WHOLE_SMALL = re.compile(f"{_SMALL_NUMBER}分?")
_WHOLE_PIECE = {**dict.fromkeys(MONEY, _WHOLE_MONEY), "weight": _WHOLE_SMALL, "score": _WHOLE_SMALL,
                "rate": re.compile(f"{_SMALL_NUMBER}%?")}


def rates_from(text: str, hints: Hints) -> list[tuple[Decimal, ...]]:
    """For each position of ``text``, the sorted values (as fractions) of every rate piece starting
    there or later."""
    suffix: list[tuple[Decimal, ...]] = [()] * (len(text) + 1)
    for start in range(len(text) - 1, -1, -1):
        here = [value for end in rate_ends(text, start, hints) if (value := rate_value(text[start:end])) is not None]
        suffix[start] = tuple(sorted((*here, *suffix[start + 1]))) if here else suffix[start + 1]
    return suffix
