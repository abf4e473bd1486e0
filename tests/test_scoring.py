"""The scoring engine, formula by formula, on small forms made from the founding sample; both rulesets."""

from __future__ import annotations

import copy
from dataclasses import replace
from decimal import Decimal

import pytest

from caselib import fixture_forms
from jixiao.model import Form
from jixiao.model.edit import with_indicator, with_value, without_indicators
from jixiao.scoring import Achievement, ItemScore, Method, ScoreSheet, UnknownRuleset, get_ruleset, score

D = Decimal


def sample(n: int) -> Form:
    return fixture_forms("founding_sample.txt")[n - 1]


def only(target: str, actual: str, weight: str = "10", declared: str = "", *, name: str = "测试指标",
         level2: str = "数量指标", year: str | None = None, ruleset: str = "mof-2020") -> ItemScore:
    """The scored item of a form holding just this one indicator."""
    form = without_indicators(sample(2), list(range(len(sample(2).indicators))))
    if year is not None:
        form = with_value(form, "year", year)
    form = with_indicator(form, {"level1": "产出指标", "level2": level2, "name": name, "target": target,
                                 "actual": actual, "weight": weight, "declared_score": declared})
    return score(form, ruleset).indicators[0]


# --- quantitative: ≥ -------------------------------------------------------------------------

def test_at_least_met() -> None:
    item = only("≥5次", "6次")
    assert (item.method, item.computed, item.achievement, item.ratio) == (Method.AT_LEAST, 10, Achievement.MET,
                                                                          D("1.2"))
    assert item.explanation == "完成值6 > 指标值5，得满分 10"
    assert item.flags == ()


def test_at_least_missed_is_weight_times_actual_over_target() -> None:
    item = only("≥10次", "8次")
    assert (item.computed, item.achievement) == (8, Achievement.MISSED)
    assert item.explanation == "8 = 10 × 8 ÷ 10"
    assert item.explanation_en == "8 = 10 × 8 ÷ 10"


def test_at_least_rounds_to_two_places() -> None:
    assert only("≥3次", "2次").computed == D("6.67")


def test_a_target_met_earns_the_weight_and_no_more() -> None:
    assert only("≥5次", "50次", weight="7").computed == 7


# --- quantitative: ≤ -------------------------------------------------------------------------

def test_at_most_met() -> None:
    item = only("≤5天", "3天")
    assert (item.method, item.computed, item.achievement) == (Method.AT_MOST, 10, Achievement.MET)
    assert item.explanation == "完成值3 ≤ 指标值5，得满分 10"


def test_at_most_missed_is_weight_times_target_over_actual() -> None:
    item = only("≤4天", "5天")
    assert (item.computed, item.achievement) == (8, Achievement.MISSED)
    assert item.explanation == "8 = 10 × 4 ÷ 5"


def test_at_most_zero_is_all_or_nothing() -> None:
    assert only("≤0次", "0次").computed == 10
    missed = only("≤0次", "2次")
    assert (missed.computed, missed.achievement) == (0, Achievement.MISSED)
    assert missed.explanation == "指标值为0而完成值2，得0分"


def test_a_cost_indicator_without_an_operator_is_a_ceiling() -> None:
    item = only("35万", "40万", name="调研经费", level2="成本指标")
    assert (item.method, item.computed) == (Method.AT_MOST, D("8.75"))
    assert "operator-assumed" in item.flags
    assert item.explanation.endswith("（未写明比较符号，按“≤”计）")


def test_no_operator_is_taken_as_at_least() -> None:
    item = only("5次", "4次")
    assert (item.method, item.computed) == (Method.AT_LEAST, 8)
    assert item.flags == ("operator-assumed",)
    assert item.explanation == "8 = 10 × 4 ÷ 5（未写明比较符号，按“≥”计）"


# --- quantitative: = -------------------------------------------------------------------------

def test_equal_met_below_and_above() -> None:
    met, below, above = only("=4个", "4个"), only("=4个", "3个"), only("=4个", "5个")
    assert (met.method, met.computed, met.flags) == (Method.EQUAL, 10, ())
    assert (below.computed, below.achievement) == (D("7.5"), Achievement.MISSED)
    assert (above.computed, above.achievement) == (10, Achievement.MET)
    assert above.flags == ("equal-exceeded",)


# --- units -----------------------------------------------------------------------------------

def test_percent_against_a_fraction() -> None:
    met = only("≥90%", "0.95")
    assert (met.computed, met.flags) == (10, ("percent-scaled",))
    missed = only("≥90%", "0.8")
    assert missed.computed == D("8.89")
    assert missed.explanation == "8.89 = 10 × 80 ÷ 90"


def test_percent_written_as_a_plain_number() -> None:
    assert only("≥90%", "95").computed == 10


def test_yuan_against_wan_yuan() -> None:
    item = only("≤1万元", "12000元", name="成本", level2="成本指标")
    assert "money-converted" in item.flags
    assert item.computed == D("8.33")


def test_units_that_cannot_be_compared_carry_the_declared_score() -> None:
    item = only("5次", "5个", declared="9")
    assert (item.method, item.computed) == (Method.DECLARED, 9)
    assert "单位不一致" in item.explanation


def test_a_unit_and_its_longer_spelling_compare() -> None:
    assert only("≥39乡镇", "39个乡镇").computed == 10


# --- deadlines -------------------------------------------------------------------------------

@pytest.mark.parametrize(("target", "actual", "computed", "achievement"), [
    ("2020年9月30日前", "2020年9月15日", 10, Achievement.MET),
    ("2020年9月30日", "2020年9月30日", 10, Achievement.MET),
    ("2020年9月30日前", "2020年10月8日", 0, Achievement.MISSED),
    ("年底前", "2020年12月20日", 10, Achievement.MET),
    ("年底前", "2021年1月5日", 0, Achievement.MISSED),
    ("2020年12月31日", "年底前", 10, Achievement.MET),
    ("年底前", "按时完成", 10, Achievement.MET),
    ("2020年12月31日前", "已完成", 10, Achievement.MET),
])
def test_deadlines(target: str, actual: str, computed: int, achievement: Achievement) -> None:
    item = only(target, actual)
    assert (item.method, item.computed, item.achievement) == (Method.DEADLINE, computed, achievement)


def test_year_end_takes_the_form_year() -> None:
    assert only("年底前", "2021年12月20日", year="（2021年度）").computed == 10
    assert only("年底前", "2021年12月20日", year="（2020年度）").computed == 0


def test_a_late_deadline_is_explained() -> None:
    item = only("2020年9月30日前", "2020年10月8日")
    assert item.explanation == "2020-10-08 晚于时限 2020-09-30，得0分"


def test_a_deadline_without_a_date_or_word_carries_the_declared_score() -> None:
    item = only("年底前", "未按时完成", declared="4")
    assert (item.method, item.computed) == (Method.DECLARED, 4)


# --- qualitative bands -----------------------------------------------------------------------

@pytest.mark.parametrize(("actual", "declared", "band", "achievement"), [
    ("达成预期目标", "9", (8, 10), Achievement.MET),
    ("确保", "10", (8, 10), Achievement.MET),  # the target's own words: met
    ("基本完成", "7", (6, 8), Achievement.PARTIAL),
    ("部分达成", "6", (6, 8), Achievement.PARTIAL),
    ("未完成", "3", (0, 6), Achievement.MISSED),
])
def test_qualitative_score_inside_its_band_is_accepted(actual: str, declared: str, band: tuple[int, int],
                                                      achievement: Achievement) -> None:
    item = only("确保", actual, declared=declared)
    assert (item.method, item.band, item.achievement) == (Method.QUALITATIVE, band, achievement)
    assert item.computed == D(declared)
    assert item.flags == ()


@pytest.mark.parametrize(("actual", "declared", "clamped"), [
    ("达成预期目标", "7", 8),  # met but scored like partial
    ("基本完成", "9", 8),
    ("未完成", "8", 6),
    ("达成预期目标", "12", 10),
])
def test_qualitative_score_outside_its_band_is_clamped_and_flagged(actual: str, declared: str,
                                                                   clamped: int) -> None:
    item = only("提升", actual, declared=declared)
    assert item.computed == clamped
    assert item.flags == ("outside-band",)
    assert f"按 {clamped} 计" in item.explanation


def test_qualitative_band_scales_with_the_weight() -> None:
    item = only("增收", "增收", weight="15", declared="14")
    assert item.band == (12, 15)
    assert item.explanation == "定性指标，达成年度指标：12–15分（80%–100%）；填报 14 在区间内"


def test_qualitative_without_a_declared_score_leaves_the_sheet_incomplete() -> None:
    form = with_value(sample(1), "indicators[7].declared_score", "")
    sheet = score(form)
    assert sheet.indicators[7].computed is None
    assert sheet.complete is False
    assert sheet.computed_total == 90  # 99 less the 9 that is no longer there


def test_an_indicator_without_a_weight_cannot_be_scored() -> None:
    item = only("≥5次", "5次", weight="")
    assert (item.method, item.computed) == (Method.UNSCORABLE, None)


# --- budget execution ------------------------------------------------------------------------

def execution(form: Form, **total_row: str) -> ItemScore:
    """The execution item after setting cells of the funding total row (``executed="50"``)."""
    for name, raw in total_row.items():
        form = with_value(form, f"funding.rows[0].{name}", raw)
    return score(form).execution


def test_execution_uses_the_full_year_budget() -> None:
    item = execution(sample(1), full_year_budget="40")
    assert (item.method, item.computed, item.ratio, item.flags) == (Method.EXECUTION, D("8.75"), D("0.875"), ())
    assert item.explanation == "执行率 = 35 ÷ 40（全年预算数）= 87.5%；得分 8.75 = 10 × 87.5%"


def test_execution_falls_back_to_the_initial_budget_with_a_flag() -> None:
    item = score(sample(1)).execution
    assert (item.computed, item.flags) == (10, ("denominator-initial",))
    assert "年初预算数，因全年预算数空白" in item.explanation


def test_execution_adds_up_the_sources_when_the_total_row_is_empty() -> None:
    form = sample(1)
    for path, raw in {"funding.rows[0].initial_budget": "", "funding.rows[0].executed": "",
                      "funding.rows[1].full_year_budget": "20", "funding.rows[1].executed": "10",
                      "funding.rows[2].full_year_budget": "20", "funding.rows[2].executed": "20"}.items():
        form = with_value(form, path, raw)
    item = score(form).execution
    assert (item.computed, item.ratio, item.flags) == (D("7.5"), D("0.75"), ("denominator-sources",))


def test_execution_is_capped_at_its_weight() -> None:
    item = execution(sample(1), executed="50")
    assert item.computed == 10
    assert item.achievement is Achievement.MET
    assert item.explanation.endswith("得分 10 = 10 × 100%")


def test_execution_with_a_zero_budget_has_no_rate() -> None:
    item = execution(sample(1), initial_budget="0", executed="0")
    assert item.computed is None
    assert "无法计算执行率" in item.explanation


def test_execution_weight_defaults_to_the_ruleset() -> None:
    form = with_value(sample(1), "funding.weight", "")
    assert score(form).execution.weight == 10
    hubei = replace(get_ruleset("mof-2020"), name="hubei-like", execution_weight=D(20))
    assert score(form, hubei).execution.computed == 20


def test_execution_money_in_yuan() -> None:
    item = execution(sample(1), full_year_budget="400000元", executed="35万元")
    assert item.ratio == D("0.875")


# --- totals and grades -----------------------------------------------------------------------

@pytest.mark.parametrize(("total", "grade"), [(D(100), "优"), (D(90), "优"), (D("89.99"), "良"), (D(80), "良"),
                                              (D("79.99"), "中"), (D(60), "中"), (D("59.99"), "差"), (D(0), "差")])
def test_grade_bounds(total: Decimal, grade: str) -> None:
    assert get_ruleset("mof-2020").grade_of(total) == grade


@pytest.mark.parametrize(("actual", "total", "grade"), [("0.5次", 90, "优"), ("0次", 89, "良")])
def test_grade_of_a_scored_form(actual: str, total: int, grade: str) -> None:
    sheet = score(with_value(sample(1), "indicators[0].actual", actual))
    assert (sheet.computed_total, sheet.grade) == (total, grade)


def test_total_is_execution_plus_indicators() -> None:
    sheet = score(sample(2))
    assert sheet.computed_total == sum(item.computed for item in sheet.items)
    assert sheet.explanation == "总分 99 = 10 + 10 + 5 + 5 + 10 + 10 + 10 + 15 + 14 + 10"
    assert sheet.explanation_en.startswith("total 99 = 10 + 10 + 5")


def test_scoring_leaves_the_form_as_it_was() -> None:
    for form in fixture_forms("founding_sample.txt"):
        before = copy.deepcopy(form)
        for ruleset in ("mof-2020", "local-strict"):
            assert isinstance(score(form, ruleset), ScoreSheet)
        assert form == before


def test_unknown_ruleset() -> None:
    with pytest.raises(UnknownRuleset, match="nowhere"):
        score(sample(1), "nowhere")


# --- the local-strict ruleset ----------------------------------------------------------------

def test_local_strict_takes_two_points_for_an_actual_far_over_target() -> None:
    sheet = score(sample(1), "local-strict")
    [adjustment] = sheet.adjustments
    assert (adjustment.field, adjustment.points) == ("indicators[0]", -2)
    assert adjustment.explanation == "指导县市开展工作：完成值为指标值的200%（≥130%），扣2分"
    assert sheet.computed_total == 97
    assert sheet.explanation.endswith("+ 9 + 10 − 2")
    assert score(sample(1)).computed_total == 99  # the national rules take nothing off


@pytest.mark.parametrize(("actual", "penalised"), [("13次", True), ("12.9次", False)])
def test_local_strict_penalty_starts_at_130_percent(actual: str, penalised: bool) -> None:
    form = with_value(sample(1), "indicators[0].target", "≥10次")
    sheet = score(with_value(form, "indicators[0].actual", actual), "local-strict")
    assert bool(sheet.adjustments) is penalised


def test_local_strict_penalty_never_exceeds_the_item_score() -> None:
    item_weight_one = with_value(sample(1), "indicators[0].weight", "1")
    sheet = score(with_value(item_weight_one, "indicators[0].declared_score", "1"), "local-strict")
    assert [adj.points for adj in sheet.adjustments] == [-1]


@pytest.mark.parametrize(("executed", "cap"), [("16", None), ("14", 89), ("15", 89), ("13", 79), ("10", 69)])
def test_local_strict_caps_the_total_by_execution_rate(executed: str, cap: int | None) -> None:
    form = with_value(sample(3), "funding.rows[0].executed", executed)  # budget 20
    national, strict = score(form), score(form, "local-strict")
    assert national.adjustments == ()
    if cap is None:
        assert strict.computed_total == national.computed_total
        assert strict.adjustments == ()
    else:
        assert strict.computed_total == cap
        assert strict.adjustments[-1].field == "funding"
        assert f"总分封顶{cap}分" in strict.adjustments[-1].explanation


def test_local_strict_does_not_raise_a_total_below_its_cap() -> None:
    form = with_value(sample(3), "funding.rows[0].executed", "10")
    form = with_value(form, "indicators[0].actual", "0次")  # 93 → 83, still above the 69 cap
    form = with_value(form, "indicators[1].actual", "0次")
    form = with_value(form, "indicators[2].actual", "0%")
    form = with_value(form, "indicators[4].actual", "40万")  # cost doubled: 10 → 5
    assert score(form).computed_total == 58
    assert score(form, "local-strict").computed_total == 58


def test_a_qualitative_actual_saying_nothing_bad_happened_is_met() -> None:
    # 未发生 (did not happen) is the target met, not missed: the bare 未 is no sign of failure.
    item = only("无安全事故", "未发生安全事故", declared="10", level2="社会效益指标")
    assert (item.achievement, item.band, item.computed) == (Achievement.MET, (D(8), D(10)), D(10))
    assert only("全面完成整改", "尚未完成整改", declared="3", level2="社会效益指标").achievement is Achievement.MISSED
