"""How the value of a cell is written: the kinds of cells, the words and shapes their values take, what a reader
knows around them, and what a piece says.

A kind of cell is a field name of the model: money (``initial_budget``, ``full_year_budget``,
``executed``), ``weight``, ``rate``, ``score``, ``target``, ``actual``, ``operator``, ``unit``, and the
free text of a ``name`` (before a row's values) or a ``note`` (after them). Where a piece of each kind can
end in fused text is ``ends``; what a piece says (an amount, a rate, a measure's unit) is read here.

Every pattern here is linear: bounded quantifiers, and possessive ones where a run repeats.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from jixiao.model.memo import memo

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
# Punctuation of prose: a value holding it is a sentence.
_SENTENCE = re.compile("[。，；！？]")
NATURE_WORDS = ("定性", "定量", "正向", "反向")

# Words that start with a unit's character and start notes (偏差原因: 部分农户…, 个别…) or names (项目…, 人均…).
UNIT_LED_WORDS = ("部分", "项目", "个别", "个人", "人员", "人数", "人力", "人均", "人居", "人口", "户均", "亩均",
                  "年均", "年度", "年初", "年底", "本年", "本年度",
                  "次年", "期间", "条件", "所有", "天气", "台风", "家庭", "名额", "段落", "道路", "间隔", "分配",
                  "分批", "份额", "场地", "处理", "户数", "件数", "台账", "个数", "期限", "天数", "名称", "本级")

_MONEY_UNITS = ("万元", "亿元", "元", "万")
NUMBER_CHARS = frozenset("0123456789.%")
# A run of values in fused text: signs, numbers and their units; possessive, so that a hostile run of
# digits and points is matched once, in linear time.
VALUE_RUN = re.compile(rf"(?:(?:{'|'.join(OPERATOR_WORDS)}|>=|<=|[{OPERATOR_GLYPHS}])?[0-9][0-9.]*+"
                       rf"(?:{_UNIT_ALTERNATION})?+(?:以上|以内|以下)?+)++|[/—]")


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


# --- what a piece says ------------------------------------------------------------------------------


@memo(8192)
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


@memo(8192)
def money_value(cell: str) -> Decimal | None:
    return to_decimal(strip_money_unit(cell))


@memo(8192)
def places(cell: str) -> int:
    """The number of decimal places an amount is written with."""
    return len(strip_money_unit(cell).partition(".")[2])


@memo(8192)
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


@memo(8192)
def unit_of(value: str) -> str | None:
    """The unit of a numeric measure (``""`` when it has none), None for a text or a date."""
    quantity = _QUANTITY.fullmatch(value)
    if quantity is None or DATE.fullmatch(value, len(quantity.group(1))):
        return None
    unit = quantity.group(3)
    for word in SUFFIX_OPERATORS:
        unit = unit.removesuffix(word)
    return unit


@memo(8192)
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
