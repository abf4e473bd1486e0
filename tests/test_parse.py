"""The value parser on the cell texts units actually write: operators, units, dates, text, blanks, money."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from jixiao.model.parse import clean_text, fold, parse_amount, parse_decimal, parse_measure, text_value
from jixiao.model.source import SourceRef
from jixiao.model.values import MeasureKind, Operator

GE, LE, EQ, GT, LT = Operator.GE, Operator.LE, Operator.EQ, Operator.GT, Operator.LT
D = Decimal


# --- operators -------------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "operator", "number", "unit"), [
    ("≥5次", GE, "5", "次"),
    ("≤3天", LE, "3", "天"),
    ("=4个", EQ, "4", "个"),
    (">1次", GT, "1", "次"),
    ("<2次", LT, "2", "次"),
    # the glyphs units type for the same signs
    ("≧2次", GE, "2", "次"),
    ("≦15个工作日", LE, "15", "个工作日"),
    ("＝4个", EQ, "4", "个"),
    ("═100%", EQ, "100", "%"),
    ("﹦39乡镇", EQ, "39", "乡镇"),
    ("＞90%", GT, "90", "%"),
    ("＜5%", LT, "5", "%"),
    (">=90%", GE, "90", "%"),
    ("<=10个工作日", LE, "10", "个工作日"),
    ("≥ 95 %", GE, "95", "%"),
    # no operator written
    ("5次", None, "5", "次"),
    ("0.27", None, "0.27", None),
])
def test_operator_number_and_unit(raw: str, operator: Operator | None, number: str, unit: str | None) -> None:
    measure = parse_measure(raw)
    assert measure.kind is MeasureKind.NUMBER
    assert measure.operator is operator
    assert measure.number == D(number)
    assert measure.unit == unit
    assert measure.raw == raw


@pytest.mark.parametrize(("raw", "operator", "number", "unit"), [
    ("不低于90%", GE, "90", "%"),
    ("不少于2次", GE, "2", "次"),
    ("大于等于5次", GE, "5", "次"),
    ("不超过0.27万元", LE, "0.27", "万元"),
    ("控制在5%", LE, "5", "%"),
    ("低于3%", LT, "3", "%"),
    ("90%以上", GE, "90", "%"),
    ("2次及以上", GE, "2", "次"),
    ("5个工作日以内", LE, "5", "个工作日"),
    ("3%以下", LE, "3", "%"),
    ("3天内", LE, "3", "天"),
    ("5个工作日内完成", LE, "5", "个工作日"),
])
def test_word_operators(raw: str, operator: Operator, number: str, unit: str) -> None:
    measure = parse_measure(raw)
    assert (measure.kind, measure.operator, measure.number, measure.unit) == (
        MeasureKind.NUMBER, operator, D(number), unit)


def test_a_word_operator_needs_a_number_after_it() -> None:
    measure = parse_measure("不低于去年水平")
    assert measure.kind is MeasureKind.TEXT
    assert measure.operator is None


# --- digits and units ------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "number", "unit"), [
    ("５次", "5", "次"),
    ("１２３", "123", None),
    ("≥１２．５％", "12.5", "%"),
    ("１００％", "100", "%"),
])
def test_full_width_digits(raw: str, number: str, unit: str | None) -> None:
    measure = parse_measure(raw)
    assert measure.number == D(number)
    assert measure.unit == unit


@pytest.mark.parametrize("unit", ["次", "个", "乡镇", "人次", "%", "万元", "元", "天", "个工作日", "户", "亩", "次/年"])
def test_units(unit: str) -> None:
    measure = parse_measure(f"≥12{unit}")
    assert (measure.number, measure.unit) == (D(12), unit)


@pytest.mark.parametrize(("raw", "unit"), [("5(次)", "次"), ("5（次）", "次"), ("5次。", "次"), ("5.", None)])
def test_unit_brackets_and_trailing_punctuation_are_not_the_unit(raw: str, unit: str | None) -> None:
    measure = parse_measure(raw)
    assert (measure.kind, measure.number, measure.unit) == (MeasureKind.NUMBER, D(5), unit)


@pytest.mark.parametrize("raw", ["1,234元", "1，234元"])
def test_thousands_separators_in_measures(raw: str) -> None:
    assert parse_measure(raw).number == D(1234)


# --- dates -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "date", "deadline"), [
    ("2020年12月31日", dt.date(2020, 12, 31), False),
    ("2020年9月30日前", dt.date(2020, 9, 30), True),
    ("2020年12月31日之前", dt.date(2020, 12, 31), True),
    ("2020年12月31日前完成", dt.date(2020, 12, 31), True),
    ("2020年12月31日完成", dt.date(2020, 12, 31), False),
    ("2020.12.31", dt.date(2020, 12, 31), False),
    ("2020-12-31", dt.date(2020, 12, 31), False),
    ("2020/6/1", dt.date(2020, 6, 1), False),
    ("2020年12月", dt.date(2020, 12, 31), True),  # a month alone: by its last day
    ("2020年2月", dt.date(2020, 2, 29), True),
    ("2020年12月底前", dt.date(2020, 12, 31), True),
    ("2020年底前", dt.date(2020, 12, 31), True),
    ("2020年内", dt.date(2020, 12, 31), True),
    ("2020年度内", dt.date(2020, 12, 31), True),
    ("２０２０年１２月３１日", dt.date(2020, 12, 31), False),
])
def test_dates(raw: str, date: dt.date, deadline: bool) -> None:
    measure = parse_measure(raw)
    assert measure.kind is MeasureKind.DATE
    assert (measure.date, measure.deadline) == (date, deadline)


@pytest.mark.parametrize("raw", ["年底前", "年底", "年内", "本年度内", "当年年底前", "本年底前", "12月底前",
                                 "12月31日前", "12月31日"])
def test_year_end_without_a_year_waits_for_the_form_year(raw: str) -> None:
    measure = parse_measure(raw)
    assert measure.kind is MeasureKind.DATE
    assert measure.date is None
    assert measure.deadline is True


@pytest.mark.parametrize("raw", ["2020年13月1日", "2020年2月30日", "1899年1月1日", "9月30日前",
                                 "2020年1月1日-12月31日"])
def test_impossible_or_partial_dates_are_not_dates(raw: str) -> None:
    assert parse_measure(raw).kind is MeasureKind.TEXT


def test_a_year_alone_is_a_number_not_a_date() -> None:
    measure = parse_measure("3年")
    assert (measure.kind, measure.number, measure.unit) == (MeasureKind.NUMBER, D(3), "年")


# --- qualitative text and blanks -------------------------------------------------------------

@pytest.mark.parametrize("raw", ["确保", "增收", "提升", "达成预期指标", "如期", "效果明显", "五次", "10%-20%",
                                 "第2次"])
def test_qualitative_text(raw: str) -> None:
    measure = parse_measure(raw)
    assert measure.kind is MeasureKind.TEXT
    assert measure.text == raw
    assert measure.number is None and measure.date is None


def test_qualitative_text_keeps_its_words_and_folds_its_blanks() -> None:
    measure = parse_measure("  确保\u3000稳定   增收 ")
    assert measure.text == "确保 稳定 增收"
    assert measure.raw == "  确保\u3000稳定   增收 "


@pytest.mark.parametrize("raw", ["", " ", "\u3000", "—", "——", "-", "--", "－", "/", "／", "\\", "―", " / "])
def test_blanks_and_dashes_are_empty(raw: str) -> None:
    measure = parse_measure(raw)
    assert measure.kind is MeasureKind.EMPTY and measure.is_blank
    assert measure.raw == raw
    amount = parse_amount(raw)
    assert amount.value is None and amount.is_blank and not amount.is_unreadable


# --- amounts ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "value", "unit"), [
    ("35", "35", None),
    (" 35  ", "35", None),
    ("0.27", "0.27", None),
    ("３５", "35", None),
    ("100%", "100", "%"),
    ("100％", "100", "%"),
    ("1,234.5", "1234.5", None),
    ("12,345,678", "12345678", None),
    ("1，234", "1234", None),
    ("-3", "-3", None),
    ("−3", "-3", None),  # U+2212 MINUS SIGN
    ("35万", "35", "万"),
    ("35万元", "35", "万元"),
])
def test_amounts(raw: str, value: str, unit: str | None) -> None:
    amount = parse_amount(raw)
    assert (amount.value, amount.unit) == (D(value), unit)
    assert amount.raw == raw
    assert not amount.is_blank and not amount.is_unreadable


@pytest.mark.parametrize(("raw", "value", "unit"), [
    ("5000元", "0.5", "元"),
    ("12,345元", "1.2345", "元"),
    ("35万元", "35", "万元"),
    ("35万", "35", "万"),
    ("1.5亿元", "15000", "亿元"),
    ("5千元", "0.5", "千元"),
    ("35", "35", None),
])
def test_money_is_converted_to_wan_yuan_and_keeps_its_unit(raw: str, value: str, unit: str | None) -> None:
    amount = parse_amount(raw, money=True)
    assert amount.value == D(value)
    assert amount.unit == unit


def test_money_units_are_not_converted_outside_money_cells() -> None:
    assert parse_amount("5000元").value == D(5000)


@pytest.mark.parametrize("raw", ["abc", "10分", "1e3", "NaN", "Infinity", "1_000", "1,23", "约5", "9" * 41])
def test_unreadable_amounts(raw: str) -> None:
    amount = parse_amount(raw)
    assert amount.value is None
    assert amount.is_unreadable and not amount.is_blank


def test_a_number_too_long_to_be_a_figure_is_text() -> None:
    assert parse_measure("1" + "0" * 60 + "次").kind is MeasureKind.TEXT
    assert parse_measure("9" * 40 + "次").number == D("9" * 40)


@pytest.mark.parametrize(("text", "value"), [("12", "12"), ("1,234", "1234"), ("-0.5", "-0.5"), ("", None),
                                             ("1.2.3", None), ("１２", "12")])
def test_parse_decimal(text: str, value: str | None) -> None:
    assert parse_decimal(fold(text)) == (D(value) if value is not None else None)


# --- provenance and text helpers -------------------------------------------------------------

def test_values_keep_their_source() -> None:
    source = SourceRef(file="a.txt", form_index=1, row=3, column=4, line=17)
    assert parse_measure("5次", source).source is source
    assert parse_amount("5", source).source is source
    assert text_value("x", source).source is source


def test_fold_and_clean_text() -> None:
    assert fold(" ≧ ５ 次\u3000") == "≥5次"
    assert fold("项目资金       （万元）") == "项目资金(万元)"
    assert fold("绩              效    指    标") == "绩效指标"
    assert clean_text("  实施精准帮扶，    确保稳定增收。 ") == "实施精准帮扶， 确保稳定增收。"
    value = text_value("昌吉州脱贫攻坚调研、督促指导项目经费  ")
    assert value.text == "昌吉州脱贫攻坚调研、督促指导项目经费"
    assert value.raw == "昌吉州脱贫攻坚调研、督促指导项目经费  "
    assert text_value("   ").is_blank


def test_long_text_is_folded_like_short_text() -> None:
    long = "＞ ５ " * 40  # longer than the cached length
    assert fold(long) == ">5" * 40
