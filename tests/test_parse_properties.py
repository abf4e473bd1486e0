"""Property tests of the value parser: it never raises, never crawls, and reads back what it is given."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from jixiao.model.parse import MONEY_UNITS, fold, parse_amount, parse_decimal, parse_measure, text_value
from jixiao.model.values import MeasureKind, Operator

# Every glyph a unit may type for each operator, as the form shows it.
OPERATOR_GLYPHS: dict[Operator | None, tuple[str, ...]] = {
    Operator.GE: ("≥", "≧", ">=", "=>", "⩾", "不低于", "不少于", "大于等于"),
    Operator.LE: ("≤", "≦", "<=", "=<", "⩽", "不超过", "不高于", "小于等于"),
    Operator.EQ: ("=", "＝", "═", "﹦", "等于"),
    Operator.GT: (">", "＞", "大于", "高于"),
    Operator.LT: ("<", "＜", "小于", "低于"),
    None: ("",),
}
UNITS = ("次", "个", "乡镇", "人次", "%", "％", "万元", "元", "天", "个工作日", "户", "人", "亩", "公里", "所", "")
FULL_WIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")

# A hang guard, not a speed test: a catastrophic regular expression takes minutes on these inputs.
SLOW = settings(deadline=timedelta(seconds=2), max_examples=40)

cells = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)


@given(cells)
@example("≥")
@example("2020年0月")
@example("2020年99月")
@example("９" * 45)
@example("٣٫٥")
def test_parsing_never_raises(raw: str) -> None:
    measure = parse_measure(raw)
    assert measure.raw == raw
    assert measure.kind in MeasureKind
    if measure.kind is MeasureKind.NUMBER:
        assert measure.number is not None and measure.number.is_finite()
    for money in (False, True):
        amount = parse_amount(raw, money=money)
        assert amount.raw == raw
        assert amount.value is None or amount.value.is_finite()
    assert isinstance(fold(raw), str)
    assert text_value(raw).raw == raw


@SLOW
@given(st.text(min_size=1, max_size=12), st.integers(min_value=10_000, max_value=100_000))
def test_long_cells_are_parsed_in_linear_time(piece: str, length: int) -> None:
    raw = (piece * (length // len(piece) + 1))[:length]
    parse_measure(raw)
    parse_amount(raw, money=True)
    parse_measure("≥" + raw + "次")
    parse_measure("2020年" + raw)


# Shapes that make backtracking engines crawl: long runs of what the patterns look for.
HOSTILE = [
    "1" * 100_000,
    "1," * 50_000,
    "1." * 50_000,
    "1,000" * 20_000,
    "≥" * 100_000,
    " " * 100_000 + "5次",
    "2020年" * 20_000,
    "2020.12." * 12_500,
    "以上" * 50_000,
    "5" + "次" * 100_000 + "以内",
    "（" * 100_000,
]


@pytest.mark.parametrize("raw", HOSTILE, ids=[f"hostile-{n}" for n in range(len(HOSTILE))])
def test_hostile_long_cells(raw: str) -> None:
    measure = parse_measure(raw)
    assert measure.raw == raw
    parse_amount(raw, money=True)


numbers = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


@given(st.sampled_from(list(OPERATOR_GLYPHS)), st.data(), numbers, st.sampled_from(UNITS), st.booleans(),
       st.booleans())
def test_well_formed_measures_read_back(operator: Operator | None, data: st.DataObject, number: Decimal,
                                        unit: str, full_width: bool, spaced: bool) -> None:
    glyph = data.draw(st.sampled_from(OPERATOR_GLYPHS[operator]))
    digits = f"{number:f}"
    if full_width:
        digits = digits.translate(FULL_WIDTH)
    raw = f"{glyph} {digits} {unit}" if spaced else f"{glyph}{digits}{unit}"
    measure = parse_measure(raw)
    assert measure.kind is MeasureKind.NUMBER, raw
    assert measure.operator is operator
    assert measure.number == number
    assert measure.unit == (fold(unit) or None)


@given(numbers, st.sampled_from(["以上", "及以上", "以内", "以下", "内"]),
       st.sampled_from(["次", "天", "%", "个工作日"]))
def test_suffix_words_give_the_operator(number: Decimal, word: str, unit: str) -> None:
    measure = parse_measure(f"{number:f}{unit}{word}")
    assert measure.operator is (Operator.GE if word.endswith("以上") else Operator.LE)
    assert (measure.number, measure.unit) == (number, unit)


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=99))
def test_thousands_separators_read_back(whole: int, cents: int) -> None:
    raw = f"{whole:,}.{cents:02d}"
    assert parse_amount(raw).value == Decimal(f"{whole}.{cents:02d}")


@given(numbers, st.sampled_from(sorted(MONEY_UNITS)))
def test_money_converts_to_wan_yuan(number: Decimal, unit: str) -> None:
    amount = parse_amount(f"{number:f}{unit}", money=True)
    assert amount.unit == unit
    assert amount.value == number * MONEY_UNITS[unit]


@given(st.decimals(min_value=-10**20, max_value=10**20, places=4, allow_nan=False, allow_infinity=False))
def test_parse_decimal_reads_plain_decimals(number: Decimal) -> None:
    assert parse_decimal(f"{number:f}") == number


@given(st.integers(min_value=1990, max_value=2100), st.integers(min_value=1, max_value=12),
       st.integers(min_value=1, max_value=28), st.sampled_from(["", "前", "之前", "以前"]))
def test_dates_read_back(year: int, month: int, day: int, word: str) -> None:
    measure = parse_measure(f"{year}年{month}月{day}日{word}")
    assert measure.kind is MeasureKind.DATE
    assert (measure.date.year, measure.date.month, measure.date.day) == (year, month, day)
    assert measure.deadline is bool(word)


@given(cells)
def test_fold_is_idempotent(raw: str) -> None:
    assert fold(fold(raw)) == fold(raw)


@pytest.mark.parametrize("raw", ["e \u0301", "e¨", "≧\u0338", "a\u3000\u0308"])
def test_fold_settles_marks_that_compose_after_blanks_go(raw: str) -> None:
    assert fold(fold(raw)) == fold(raw)
