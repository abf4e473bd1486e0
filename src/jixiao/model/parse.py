"""Parsing of cell text into values: amounts, measures (指标值) and folded comparison keys.

Every pattern here is anchored and linear: no nested quantifiers, so a long or hostile cell
cannot make a regular expression backtrack without end.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from jixiao import settings
from jixiao.model.memo import keep, memo
from jixiao.model.source import SourceRef
from jixiao.model.values import BLANK_MARKS, Amount, Measure, MeasureKind, Operator, TextValue

# Glyphs that units type for comparison signs; NFKC folds the full-width ＞＜＝ and ﹦ itself.
_OPERATOR_GLYPHS = {"≧": "≥", "≦": "≤", "═": "=", "⩾": "≥", "⩽": "≤", "〓": "="}
_GLYPH_RE = re.compile(f"[{''.join(_OPERATOR_GLYPHS)}]")
# Full-width punctuation common in Chinese prose, each with its NFKC form (see ``nfkc``).
_NARROWED_PUNCTUATION = tuple((wide, unicodedata.normalize("NFKC", wide)) for wide in "，：；（）！？．＂％")
_TWO_CHAR_OPERATORS = {">=": "≥", "<=": "≤", "=>": "≥", "=<": "≤", "==": "="}
_WORD_PREFIX_OPERATORS = (
    ("大于等于", Operator.GE), ("不低于", Operator.GE), ("不少于", Operator.GE), ("不小于", Operator.GE),
    ("至少", Operator.GE), ("达到", Operator.GE), ("小于等于", Operator.LE), ("不高于", Operator.LE),
    ("不超过", Operator.LE), ("不多于", Operator.LE), ("不大于", Operator.LE), ("控制在", Operator.LE),
    ("大于", Operator.GT), ("高于", Operator.GT), ("超过", Operator.GT), ("小于", Operator.LT),
    ("低于", Operator.LT), ("少于", Operator.LT), ("等于", Operator.EQ),
)
_WORD_SUFFIX_OPERATORS = (
    ("及以上", Operator.GE), ("以上", Operator.GE), ("以内", Operator.LE), ("内完成", Operator.LE),
    ("内", Operator.LE), ("及以下", Operator.LE), ("以下", Operator.LE),
)
_SIGN_OPERATORS = {"≥": Operator.GE, "≤": Operator.LE, "=": Operator.EQ, ">": Operator.GT, "<": Operator.LT}
# The first characters of every operator above: a key starting otherwise states none.
_OPERATOR_STARTS = frozenset(word[0] for word in (*_TWO_CHAR_OPERATORS, *_SIGN_OPERATORS,
                                                 *(word for word, _ in _WORD_PREFIX_OPERATORS)))

_LEADING_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")
_PLAIN_FIGURE = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_THOUSANDS_RE = re.compile(r"(?<=\d),(?=\d{3})")
_CHINESE_DATE_RE = re.compile(r"(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?")
# ``2020年底前`` / ``2020年内``: a year and a word that means its end.
_YEAR_END_RE = re.compile(r"(\d{4})年度?(底前|底|末前|末|内)")
_NUMERIC_DATE_RE = re.compile(r"(\d{4})[.\-/](\d{1,2})[.\-/](\d{1,2})")
_PLAUSIBLE_YEARS = range(1990, 2101)
_DEADLINE_WORDS = ("之前", "以前", "前", "底前", "内完成", "内", "底", "末", "末前")
_YEAR_END_WORDS = frozenset({"年底前", "年底", "年末前", "年末", "年内", "本年度内", "当年内", "12月底前", "12月底",
                             "12月31日前", "12月31日之前", "12月31日以前", "12月31日"})
# Words before a year-end phrase that name the form's own year: 当年年底前, 本年度内, 今年底.
_THIS_YEAR_PREFIXES = ("", "当", "本", "今", "当年", "本年", "今年", "本年度", "当年度")
_LONGEST_YEAR_END = max(map(len, _THIS_YEAR_PREFIXES)) + max(map(len, _YEAR_END_WORDS))
# A date may be followed by 完成 (``2020年12月31日前完成``); it says nothing more about the date.
_DONE_WORDS = ("完成", "完工", "办结")
# Punctuation a preparer leaves after a unit (``5次。``); it is not part of the unit.
_TRAILING_PUNCTUATION = "。.，,;；、:："
# Units after a number that mean money, with their factor to 万元.
MONEY_UNITS = {"万元": Decimal(1), "万": Decimal(1), "元": Decimal("0.0001"), "亿元": Decimal(10000),
               "千元": Decimal("0.1")}
# Unit suffixes of a number cell, longest first so that ``亿元`` is not taken for ``元``.
_AMOUNT_SUFFIXES = ("%", *sorted(MONEY_UNITS, key=len, reverse=True))
# Texts up to this length are folded through a cache: labels, blanks and short values repeat a lot.
_CACHED_FOLD_CHARS = 64
# Prose up to this length (goals, deviation notes) is folded through a smaller cache: the rules fold the
# same goal text several times per form. The bound keeps the cache's memory small.
_CACHED_PROSE_CHARS = 2048
# The longest unit text kept as a unit; longer tails make the cell qualitative text.
_MAX_UNIT_CHARS = 8


def fold(text: str) -> str:
    """A comparison key: NFKC (full-width → half-width), operator glyphs unified, no whitespace."""
    if len(text) <= _CACHED_FOLD_CHARS:
        # Remembered (_FOLDED), looked up here rather than through a memo's call: fold is called on most cells.
        folded = _FOLDED.get(text)
        if folded is None:
            folded = keep(_FOLDED, text, _fold(text), _FOLDED_KEPT)
        return folded
    if len(text) <= _CACHED_PROSE_CHARS:
        return _fold_prose(text)
    return _fold(text)


def _fold(text: str) -> str:
    if text.isascii():  # most figures: NFKC leaves ASCII as it is, and no operator glyph is ASCII
        return "".join(text.split())
    normal = nfkc(text)
    if _GLYPH_RE.search(normal):
        # One replace per glyph present (no sign is itself a glyph): ``str.translate`` would look up every
        # character of a form's text in a dict.
        for glyph, sign in _OPERATOR_GLYPHS.items():
            if glyph in normal:
                normal = normal.replace(glyph, sign)
    folded = "".join(normal.split())  # blanks out (str.split() splits where ``\s`` matches, and faster)
    if folded.isascii() or unicodedata.is_normalized("NFKC", folded):
        return folded
    # Taking out a blank (or unifying a glyph) brought a letter next to a combining mark that now
    # composes with it (``e ́`` → ``é``); one more normalization settles it, so that fold(fold(x))
    # equals fold(x) and two spellings of one text always get one key.
    return unicodedata.normalize("NFKC", folded)


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, faster on Chinese prose.

    Prose is rarely normalized as written, mostly for its full-width commas and colons alone, and then
    the normalization walks every character. Putting a character's own NFKC form in its place leaves
    the text's NFKC unchanged (both decompose alike), so the usual punctuation is put right first: the
    text is then often normalized already, which a quick check tells.
    """
    for wide, narrow in _NARROWED_PUNCTUATION:
        if wide in text:
            text = text.replace(wide, narrow)
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


# Short texts folded (see ``fold``), at most _FOLDED_KEPT (a plain dict of strings, emptied when full, as ``memo``).
_FOLDED: dict[str, str] = {}
_FOLDED_KEPT = 32768
_fold_prose = memo(256)(_fold)
# ``fold`` without its memos, for text folded once and never again (a layout detection's sample): the
# memo would only hash the whole text and push out what does come back.
fold_once = _fold


# ``_new(Type, fields)`` makes a named tuple from a tuple of all its fields, in order: what ``Type(...)``
# does, without the Python-level ``__new__`` that NamedTuple generates for keywords and defaults, and
# so three times faster. Reading makes some 200 values and sources per form.
_new = tuple.__new__


def clean_text(raw: str) -> str:
    """Display text: blanks at the ends removed and inner runs of blanks folded to one space."""
    # str.split() splits at exactly the characters ``\s`` matches, and is several times faster.
    return " ".join(raw.split())


def text_value(raw: str, source: SourceRef | None = None) -> TextValue:
    return _new(TextValue, (raw, " ".join(raw.split()), source))  # clean_text(raw), without the call


def parse_decimal(text: str) -> Decimal | None:
    """A plain decimal number (``1,234.5`` allowed), or None."""
    candidate = (_THOUSANDS_RE.sub("", text) if "," in text else text).replace("−", "-")
    if (not candidate or len(candidate) > settings.MAX_NUMBER_CHARS
            or not _LEADING_NUMBER_RE.fullmatch(candidate.lstrip("-+"))):
        return None
    try:
        return Decimal(candidate)
    except InvalidOperation:
        return None


def parse_amount(raw: str, source: SourceRef | None = None, *, money: bool = False,
                 unit_hint: str | None = None) -> Amount:
    """A number cell. With ``money`` a 元 amount is converted to 万元 (``unit`` keeps ``元``);
    ``unit_hint`` is the unit a header states for a column of bare numbers (``项目资金（元）``)."""
    if len(raw) <= _CACHED_FOLD_CHARS:  # remembered per cell text (_MONEY, _NUMBERS), looked up here
        memory = _MONEY if money else _NUMBERS
        parts = memory.get(raw)
        if parts is None:
            parts = keep(memory, raw, _amount_of(raw, money), _PARTS_KEPT)
        value, unit = parts
    else:
        value, unit = _amount_of(raw, money)
    if money and unit is None and value is not None and unit_hint in MONEY_UNITS:
        value, unit = value * MONEY_UNITS[unit_hint], unit_hint
    return _new(Amount, (raw, value, unit, source))


def _amount_of(raw: str, money: bool) -> tuple[Decimal | None, str | None]:
    if len(raw) <= settings.MAX_NUMBER_CHARS and _PLAIN_FIGURE.fullmatch(raw) is not None:
        # A plain figure (3621.64; new in most forms): it folds to itself, is no blank mark, has no unit, and
        # is the number it reads as (``parse_decimal``).
        return Decimal(raw), None
    key = fold(raw)
    if key in BLANK_MARKS:
        return None, None
    return _amount_parts(key, money)


def _amount_parts(key: str, money: bool) -> tuple[Decimal | None, str | None]:
    unit = None
    for suffix in _AMOUNT_SUFFIXES:
        if key.endswith(suffix):
            unit, key = suffix, key[: -len(suffix)]
            break
    value = parse_decimal(key)
    if value is not None and money and unit in MONEY_UNITS:
        value = value * MONEY_UNITS[unit]
    return value, unit


def parse_measure(raw: str, source: SourceRef | None = None) -> Measure:
    """A target or actual cell → operator, number and unit; a date; or qualitative text."""
    if len(raw) <= _CACHED_FOLD_CHARS:  # remembered per cell text (_MEASURES), looked up here
        parts = _MEASURES.get(raw)
        if parts is None:
            parts = keep(_MEASURES, raw, _measure_of(raw), _PARTS_KEPT)
    else:
        parts = _measure_of(raw)
    kind, operator, number, unit, date, deadline, text = parts
    return _new(Measure, (raw, kind, operator, number, unit, date, deadline, text, source))


# What a measure cell says: kind, operator, number, unit, date, deadline and text (Measure's fields
# between ``raw`` and ``source``). ``_measure_parts`` gives None for the text of qualitative text,
# whose display text comes from the raw cell rather than from its folded key.
_MeasureParts = tuple[MeasureKind, Operator | None, Decimal | None, str | None, dt.date | None, bool, str | None]
_BLANK_MEASURE: _MeasureParts = (MeasureKind.EMPTY, None, None, None, None, False, "")


def _measure_of(raw: str) -> _MeasureParts:
    key = fold(raw)
    if key in BLANK_MARKS:
        return _BLANK_MEASURE
    kind, operator, number, unit, date, deadline, text = _measure_parts(key)
    return kind, operator, number, unit, date, deadline, clean_text(raw) if text is None else text


def _measure_parts(key: str) -> _MeasureParts:
    operator, body = _split_operator(key)
    dated = _parse_date(body)
    if dated is not None:
        date, deadline = dated
        return MeasureKind.DATE, operator, None, None, date, deadline, body
    number, unit, suffix_operator = _parse_quantity(body)
    if number is not None:
        return MeasureKind.NUMBER, operator or suffix_operator, number, unit, None, False, ""
    return MeasureKind.TEXT, operator, None, None, None, False, None


# Cells repeat (``10``, ``/``, ``100%``, ``确保``): what a short cell says is worked out once, keyed by
# the cell's own text, so that a repeat costs one lookup and not a fold too. The parts are immutable
# (Decimal, date, str), so sharing them between values is safe.
# Plain dicts of strings and immutable tuples, emptied when full, as ``memo`` keeps them: the amounts read
# as money and as numbers, and the measures.
_PARTS_KEPT = 16384
_MONEY: dict[str, tuple[Decimal | None, str | None]] = {}
_NUMBERS: dict[str, tuple[Decimal | None, str | None]] = {}
_MEASURES: dict[str, _MeasureParts] = {}


def _split_operator(key: str) -> tuple[Operator | None, str]:
    if key[:1] not in _OPERATOR_STARTS:  # most cells (a figure, a word): no operator starts so
        return None, key
    return _operator_of(key)


def _operator_of(key: str) -> tuple[Operator | None, str]:
    """The operator ``key`` starts with and what follows it, or None and ``key``."""
    for pair, sign in _TWO_CHAR_OPERATORS.items():
        if key.startswith(pair):
            return _SIGN_OPERATORS[sign], key[2:]
    if key[:1] in _SIGN_OPERATORS:
        return _SIGN_OPERATORS[key[0]], key[1:]
    for word, operator in _WORD_PREFIX_OPERATORS:
        if key.startswith(word) and len(key) > len(word) and key[len(word)].isdigit():
            return operator, key[len(word):]
    return None, key


def _parse_quantity(body: str) -> tuple[Decimal | None, str | None, Operator | None]:
    """``10次`` → (10, 次); ``5次以上`` → (5, 次, ≥); text that is not one number and a unit → None."""
    if "," in body:  # the thousands' separators (no comma, nothing to take out)
        body = _THOUSANDS_RE.sub("", body)
    match = _LEADING_NUMBER_RE.match(body)
    if match is None or match.end() > settings.MAX_NUMBER_CHARS:
        return None, None, None
    tail = body[match.end():].rstrip(_TRAILING_PUNCTUATION)
    suffix_operator = None
    for word, operator in _WORD_SUFFIX_OPERATORS:
        if tail.endswith(word):
            tail, suffix_operator = tail[: -len(word)], operator
            break
    tail = tail.strip("()（）")
    if len(tail) > _MAX_UNIT_CHARS or any(ch.isdigit() for ch in tail):
        return None, None, None
    return Decimal(match.group()), (tail or None), suffix_operator


def _parse_date(body: str) -> tuple[dt.date | None, bool] | None:
    """``2020年12月31日`` / ``2020年9月30日前`` / ``年底前`` → (date or None, is a deadline)."""
    if "年" not in body and "月" not in body and body.count(".") + body.count("-") + body.count("/") < 2:
        # Every date _date_of reads holds 年 or 月 (each year-end word does), or two of . - / (2020.9.30).
        return None
    return _date_of(body)


def _date_of(body: str) -> tuple[dt.date | None, bool] | None:
    if len(body) <= _LONGEST_YEAR_END and any(body[len(p):] in _YEAR_END_WORDS for p in _THIS_YEAR_PREFIXES
                                              if body.startswith(p)):
        return None, True
    year_end = _YEAR_END_RE.fullmatch(_without_done_word(body))
    if year_end is not None and int(year_end.group(1)) in _PLAUSIBLE_YEARS:
        return dt.date(int(year_end.group(1)), 12, 31), True
    match = _CHINESE_DATE_RE.match(body) or _NUMERIC_DATE_RE.match(body)
    if match is None or int(match.group(1)) not in _PLAUSIBLE_YEARS:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    day_text = match.group(3)
    rest = _without_done_word(body[match.end():])
    if rest and rest not in _DEADLINE_WORDS:
        return None
    try:
        day = int(day_text) if day_text else _last_day(year, month)
        date = dt.date(year, month, day)
    except ValueError:
        return None
    return date, bool(rest) or not day_text


def _without_done_word(text: str) -> str:
    for word in _DONE_WORDS:
        if text.endswith(word):
            return text[: -len(word)]
    return text


def _last_day(year: int, month: int) -> int:
    next_month = dt.date(year + month // 12, month % 12 + 1, 1)
    return (next_month - dt.timedelta(days=1)).day
