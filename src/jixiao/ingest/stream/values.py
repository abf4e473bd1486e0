"""How the value of a cell is written: the shapes each kind of cell takes, and what a reader knows around it.

A kind of cell is a field name of the model: money (``initial_budget``, ``full_year_budget``,
``executed``), ``weight``, ``rate``, ``score``, ``target``, ``actual``, ``operator``, ``unit``, and the
free text of a ``name`` (before a row's values) or a ``note`` (after them). ``piece_ends`` says where a
piece of a kind can end when it starts at a place in fused text; the splitter tries only those ends, so
a digit run offers a handful of cuts rather than all of them.

Every pattern here is linear: bounded quantifiers, and possessive ones where a run repeats.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import NamedTuple

MONEY = frozenset({"initial_budget", "full_year_budget", "executed"})
MEASURES = frozenset({"target", "actual"})
TEXT_KINDS = frozenset({"name", "note"})
# Short names callers may use for a funding column.
ALIASES = {"budget": "full_year_budget"}

# Marks that units put in a cell to say it is empty (the model's BLANK_MARKS that can stand in fused text).
BLANKS = ("——", "--", "—", "-", "－", "/", "／", "\\", "―", "─")
BLANK_SET = frozenset(BLANKS)
OPERATOR_GLYPHS = "≥≤<>=≧≦⩾⩽"
OPERATOR_WORDS = ("大于等于", "小于等于", "不少于", "不低于", "不小于", "不高于", "不超过", "不多于", "不大于", "至少",
                  "达到", "大于", "小于", "高于", "低于", "超过")
SUFFIX_OPERATORS = ("及以上", "及以下", "以上", "以内", "以下")
# Units written after a number in forms (量词 and measures).
UNITS = ("%", "‰", "万元", "亿元", "千元", "元", "万人次", "人次", "万人", "人", "户次", "户", "个", "次", "项", "件",
         "台", "套", "座", "处", "所", "家", "名", "位", "份", "本", "册", "张", "条", "种", "类", "批", "期", "场次",
         "场", "起", "例", "天", "日", "个月", "月", "年", "季度", "周", "小时", "分钟", "公里", "千米", "厘米", "毫米",
         "平方米", "立方米", "平方公里", "米", "km", "m", "㎡", "m2", "m3", "万亩", "亩", "公顷", "万吨", "吨", "公斤",
         "千克", "kg", "斤", "辆", "头", "只", "羽", "株", "棵", "口", "眼", "栋", "间", "道", "段", "孔", "宗", "篇",
         "部", "块", "倍", "分", "元/人", "元/亩", "千瓦", "kw", "KW")
UNIT_WORDS = frozenset(UNITS)
_UNIT_ALTERNATION = "|".join(re.escape(unit) for unit in sorted(UNITS, key=len, reverse=True))
UNIT = re.compile(_UNIT_ALTERNATION)
# Qualitative values (定性) common enough to be read inside fused text without a pair to confirm them.
QUALITATIVE = ("持续发挥作用", "显著提升", "明显提升", "有效提升", "稳步提升", "逐步提高", "有所提高",
               "明显提高", "不断提高", "稳步提高", "明显改善", "显著改善", "有效改善", "逐步改善", "有所改善",
               "效果明显", "效果显著", "持续发挥", "达到预期", "符合要求", "符合标准", "按时完成", "按期完成",
               "全面完成", "基本完成", "全部完成", "良性运行", "正常运行", "长效运行", "已完成", "已改善",
               "基本满意", "较好", "良好", "优秀", "合格",
               "达标", "完成", "满意", "显著", "明显", "提升", "提高", "改善", "有效", "及时", "按时", "长期", "持续",
               "稳定", "正常", "确保", "增加", "减少", "降低", "是", "否", "有", "无", "高", "低", "好", "优", "良")
QUALITATIVE_WORD = re.compile("|".join(sorted(QUALITATIVE, key=len, reverse=True)))
DATE = re.compile(r"(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日)?(?:底|末)?(?:之前|以前|前)?(?:完成)?"
                  r"|\d{4}年(?:底|末|内)(?:前)?(?:完成)?|年底前|年内")
# The longest text value read as a repeated pair (``显著提升显著提升``).
MAX_PAIR_CHARS = 16
# Places a name may end at, counted from the right: a row's values stand at its end.
MAX_NAME_ENDS = 10

_DIGITS = re.compile(r"[0-9.]{1,40}")
_MONEY_UNIT = re.compile("万元|亿元|元|万")
_GROUPED = re.compile(r"(?P<whole>[1-9][0-9]{0,2}(?:,[0-9]{3})+)(?:\.[0-9]{1,4})?")
_MONEY_UNITS = ("万元", "亿元", "元", "万")
_LETTER = re.compile(r"[^\W\d_]")  # a letter, Chinese included: names and notes start with one
NUMBER_CHARS = frozenset("0123456789.%")
# A run of values in fused text: signs, numbers and their units; possessive, so that a hostile run of
# digits and points is matched once, in linear time.
VALUE_RUN = re.compile(rf"(?:(?:{'|'.join(OPERATOR_WORDS)}|>=|<=|[{OPERATOR_GLYPHS}])?[0-9][0-9.]*+"
                       rf"(?:{_UNIT_ALTERNATION})?+(?:以上|以内|以下)?+)++|[/—]")
_NAME_CANNOT_END = frozenset(OPERATOR_GLYPHS + "、，,(（:：;；")


class OcrGlyphs(NamedTuple):
    """The glyphs an OCR put for comparison signs in a text: ``ge`` for ≥ (``2``), ``le`` for ≤ (``W``)."""

    ge: str | None = None
    le: str | None = None

    @classmethod
    def detect(cls, text: str) -> OcrGlyphs | None:
        """The substitutions ``text`` itself shows, or None.

        A note ``目标值为2X`` / ``目标值为WX`` (正向 / 反向指标) names the glyphs outright. Without one, a
        text where no ≥ or ≤ appears at all, yet a percentage over 100 starts with 2 and is a plausible
        percentage without it (``290%``), shows ≥ read as 2.
        """
        ge = "2" if _GE_NOTE.search(text) else None
        le = "W" if _LE_NOTE.search(text) else None
        if ge is None and not any(sign in text for sign in "≥≤≧≦⩾⩽") and any(
                is_ocr_ge(match.group()) for match in _OCR_GE_VALUE.finditer(text)):
            ge = "2"
        return cls(ge, le) if ge or le else None

    def read(self, cell: str) -> str | None:
        """The cell with its glyph read as the sign it stands for, when that is what it must be."""
        if self.ge and cell.startswith(self.ge) and is_ocr_ge(cell):
            return "≥" + cell[1:]
        if self.le and cell.startswith(self.le) and len(cell) > 1 and cell[1].isdigit():
            return "≤" + cell[1:]
        return None


_GE_NOTE = re.compile(r"为 ?2 ?[XxＸ]")
_LE_NOTE = re.compile(r"为 ?[WＷ] ?[XxＸ]")
_OCR_GE_VALUE = re.compile(r"(?<![\d.])2\d{2}(?:\.\d{1,2})?%")


def is_ocr_ge(text: str) -> bool:
    """``290%``: over 100% as written, a percentage of at most 100 without the leading 2."""
    if not text.endswith("%") or text[1:2] == "0":
        return False
    rest, whole = to_decimal(text[1:-1]), to_decimal(text[:-1])
    return rest is not None and whole is not None and whole > 100 and 0 < rest <= 100


class Hints(NamedTuple):
    """What a reader knows around the cells it splits: the block's ``weight`` when a header states it
    (预算执行情况(20分)); the total row's money by kind (``totals``), for a 其中 row; whether the layout
    gives every indicator a weight (``weighted``); the OCR glyphs of the text; whether trailing text that
    no column takes may be left over (``rest_allowed``: a row's debris, returned as its ``rest``); and
    the columns that take a blank mark at most (``blank_only``: the weight and score of a 其中 row)."""

    weight: Decimal | None = None
    totals: tuple[tuple[str, Decimal], ...] = ()
    weighted: bool = True
    ocr: OcrGlyphs | None = None
    rest_allowed: bool = False
    blank_only: tuple[str, ...] = ()


NO_HINTS = Hints()


# --- where a piece of each kind can end ---------------------------------------------------------


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


@lru_cache(maxsize=65536)
def numbers_at(text: str, at: int) -> tuple[tuple[int, int, int], ...]:
    """The numbers that can start at ``at`` (no leading zeros, no trailing point, at most twelve digits
    before the point and six after): (end, digits before the point, digits after it) of each."""
    run = _DIGITS.match(text, at)
    if run is None or text[at] == ".":
        return ()
    stop = run.end()
    point = text.find(".", at, stop)
    whole_stop = point if point >= 0 else stop
    last_whole = at + 1 if text[at] == "0" else min(whole_stop, at + 12)
    found = [(end, end - at, 0) for end in range(at + 1, last_whole + 1)]
    if point >= 0 and last_whole == point:  # the whole part reaches the point: decimals may follow
        second = text.find(".", point + 1, stop)
        decimals_stop = min(second if second >= 0 else stop, point + 7)
        found.extend((end, point - at, end - point - 1) for end in range(point + 2, decimals_stop + 1))
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


# Punctuation of prose: a value holding it is a sentence.
_SENTENCE = re.compile("[。，；！？]")
NATURE_WORDS = ("定性", "定量", "正向", "反向")
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


# Words that start with a unit's character and start notes (偏差原因: 部分农户…, 个别…) or names (项目…, 人均…).
UNIT_LED_WORDS = ("部分", "项目", "个别", "个人", "人员", "人数", "人力", "人均", "人居", "人口", "户均", "亩均",
                  "年均", "年度", "年初", "年底", "本年", "本年度",
                  "次年", "期间", "条件", "所有", "天气", "台风", "家庭", "名额", "段落", "道路", "间隔", "分配",
                  "分批", "份额", "场地", "处理", "户数", "件数", "台账", "个数", "期限", "天数", "名称", "本级")


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
    return len(value) in piece_ends(value, 0, kind, hints)


# --- what a piece says ------------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def to_decimal(text: str) -> Decimal | None:
    if not text or len(text) > 40:
        return None
    try:
        return Decimal(text)
    except (InvalidOperation, ValueError):
        return None


def strip_money_unit(value: str) -> str:
    """An amount's number alone: its unit and its thousands separators taken off."""
    for unit in _MONEY_UNITS:
        if value.endswith(unit):
            value = value[:-len(unit)]
            break
    return value.replace(",", "")


@lru_cache(maxsize=8192)
def money_value(cell: str) -> Decimal | None:
    return to_decimal(strip_money_unit(cell))


@lru_cache(maxsize=8192)
def places(cell: str) -> int:
    """The number of decimal places an amount is written with."""
    return len(strip_money_unit(cell).partition(".")[2])


@lru_cache(maxsize=8192)
def rate_value(text: str) -> Decimal | None:
    """A rate as a fraction: ``100.00%`` and ``100`` are 1, and so is ``1`` (湖北 forms write the fraction)."""
    if text.endswith("%"):
        value = to_decimal(text[:-1])
        return None if value is None else value / 100
    value = to_decimal(text)
    if value is None:
        return None
    return value if value <= Decimal("1.5") else value / 100


_QUANTITY = re.compile(r"(\D*?)(\d+(?:\.\d+)?)(.*)")


@lru_cache(maxsize=8192)
def unit_of(value: str) -> str | None:
    """The unit of a numeric measure (``""`` when it has none), None for a text or a date."""
    quantity = _QUANTITY.fullmatch(value)
    if quantity is None or DATE.fullmatch(value, len(quantity.group(1))):
        return None
    unit = quantity.group(3)
    for word in SUFFIX_OPERATORS:
        unit = unit.removesuffix(word)
    return unit


@lru_cache(maxsize=8192)
def measure_shape(value: str) -> float:
    """Points for how a target or actual looks by itself: a qualitative word a little, a percentage
    over 100 or a number of more than eight digits less."""
    quantity = _QUANTITY.fullmatch(value)
    if quantity is None:
        if value in NATURE_WORDS:
            return -2.0  # 定性 says what kind of indicator it is (指标性质), not what it aims at
        if value in ("无", "没有"):
            return -1.0  # as often the note after an empty actual as an actual
        if _SENTENCE.search(value):
            return -2.0  # a sentence (部分农户未按期申报，已督促整改。) is a note, not a value
        return 0.2 if QUALITATIVE_WORD.fullmatch(value) else 0.0
    number = to_decimal(quantity.group(2))
    if number is None:
        return 0.0
    if quantity.group(3) == "%" and number > 100:
        return -1.0
    return -2.0 if len(quantity.group(2).partition(".")[0]) > 8 else 0.0


def rates_from(text: str, hints: Hints) -> list[tuple[Decimal, ...]]:
    """For each position of ``text``, the sorted values (as fractions) of every rate piece starting
    there or later."""
    suffix: list[tuple[Decimal, ...]] = [()] * (len(text) + 1)
    for start in range(len(text) - 1, -1, -1):
        here = [value for end in rate_ends(text, start, hints) if (value := rate_value(text[start:end])) is not None]
        suffix[start] = tuple(sorted((*here, *suffix[start + 1]))) if here else suffix[start + 1]
    return suffix
