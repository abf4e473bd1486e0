"""The founding sample, field by field: every value below was read off tests/fixtures/founding_sample.txt
by hand (line numbers in the comments), not copied from jixiao's output."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

import jixiao
from jixiao.model import Form, FundKind, MeasureKind, Operator
from jixiao.scoring import Method, execution_basis

SAMPLE = Path(__file__).parent / "fixtures" / "founding_sample.txt"
D = Decimal
UNIT = "昌吉回族自治州扶贫开发办公室"
GOAL_EXPECTED_START = "贯彻执行国家、自治区、自治州脱贫攻坚战；负责制定脱贫攻坚总体规划"
GOAL_EXPECTED_END = "迎接国家及自治区考核、抽查，全面做好脱贫攻坚“收官”各项工作。"
GOAL_ACHIEVED_START = "在州党委的正确领导下，我们深入贯彻落实习近平总书记关于脱贫攻坚的重要讲话"
GOAL_ACHIEVED_END = "有针对性地制定“一户一策”帮扶措施，使资金资源有的放矢，脱贫举措更精准。"

# (project name as written, 年初预算数, 全年执行数, declared total)
HEADERS = [
    ("昌吉州脱贫攻坚调研、督促指导项目经费  ", "35", "35", "99"),  # lines 6, 24, 26, 179
    ("扶贫指导项目经费  ", "0.27", "0.27", "99"),  # lines 188, 207, 209, 361
    ("昌吉州脱贫攻坚调研、督促指导项目经费  ", "20", "20", "98"),  # lines 374, 392, 394, 536
    ("昌吉州脱贫攻坚专项培训、督查经费  ", "10", "10", "98.9"),  # lines 546, 564, 566, 708
]

OUT, BEN, SAT = "产出指标", "效益指标", "满意度指标"
QTY, QUA, TIME, COST = "数量指标", "质量指标", "时效指标", "成本指标"
ECO, SOC, SERVED = "经济效益指标", "社会效益指标", "服务对象满意度指标"

# Every indicator row: level 1, level 2, name, target, actual, weight, declared score, deviation note.
INDICATORS = [
    [  # form 1, lines 87-175
        (OUT, QTY, "指导县市开展工作", "5次", "10次", "10", "10", "/"),
        (OUT, QTY, "配合自治区作好南疆地区脱贫攻坚工作", "2次", "2次", "10", "10", "/"),
        (OUT, QTY, "走访全州有建档立卡户乡镇", "39乡镇", "39乡镇", "10", "10", "/"),  # a surplus blank cell
        (OUT, QUA, "确保调研督工作导完结率", "85%", "100%", "10", "10", "/"),
        (OUT, TIME, "完成时间", "2020年12月31日", "2020年12月31日", "10", "10", "/"),
        (OUT, COST, "调研督导经费(万元)", "35万", "35万", "10", "10", "/"),
        (BEN, ECO, "确保如期全面建成小康社会", "确保", "确保", "10", "10", "/"),
        (BEN, SOC, "帮扶贫困人口实现\"两不愁三保障", "增收", "增收", "10", "9", "实施精准帮扶，"),
        (SAT, SERVED, "扶贫对象满意度", "90%", "95%", "10", "10", "/"),
    ],
    [  # form 2, lines 270-357
        (OUT, QTY, "指导县市开展工作次数", "≥1次", "1次", "10", "10", "/"),
        (OUT, QTY, "走访昌吉州有建档立卡户乡镇", "≥1次", "1次", "5", "5", "/"),
        (OUT, QTY, "走访昌吉州有建档立卡的乡镇", "=4个", "4个", "5", "5", "/"),
        (OUT, QUA, "确保调研指导工作完结率", "100%", "100%", "10", "10", "/"),
        (OUT, TIME, "调查指导工作完成时间", "2020年9月30日", "2020年9月30日", "10", "10", "/"),
        (OUT, COST, "调研．指导经费", "≤0.27万元", "0.27", "10", "10", "/"),
        (BEN, ECO, "确保如期全面建成小康社会", "=100%", "100%", "15", "15", "/"),
        (BEN, SOC, "帮扶贫困人口实现＂两不愁，三保障\"", "增收", "增收", "15", "14",
         "实施精准帮扶，    确保稳定增收。"),
        (SAT, SERVED, "扶贫对象满意度", "≥90%", "95%", "10", "10", "/"),
    ],
    [  # form 3, lines 455-532
        (OUT, QTY, "指导县市开展工作", "≥5次", "5次", "10", "10", "/"),
        (OUT, QTY, "配合自治区作好南疆地区脱贫攻坚工作", "≥1次", "1次", "10", "10", "/"),
        (OUT, QUA, "确保调研督工作导完结率", "85%", "100%", "10", "10", "/"),
        (OUT, TIME, "完成时间", "2020年12月31日", "2020年12月31日", "10", "10", "/"),
        (OUT, COST, "调研督导经费(万元)", "20万", "20万", "10", "10", "/"),
        (BEN, ECO, "确保如期全面建成小康社会", "确保", "确保", "15", "15", "/"),
        (BEN, SOC, "帮扶贫困人口实现\"两不愁三保障", "增收", "增收", "15", "13", "实施精准帮扶"),
        (SAT, SERVED, "扶贫对象满意度", "≥90%", "95%", "10", "10", "/"),
    ],
    [  # form 4, lines 627-704
        (OUT, QTY, "专项培训督工作次数", "≧2次", "2次", "10", "10", "/"),
        (OUT, QUA, "专项培训督促工作完结率", "85%", "100%", "10", "10", "/"),
        (OUT, TIME, "完成时间", "2020年12月31日", "2020年12月31日", "10", "10", "/"),
        (OUT, TIME, "完成率", "≥95%", "100%", "10", "10", "/"),
        (OUT, COST, "专项培训督促工作经费(万元)", "10万", "10万", "10", "10", "/"),
        (BEN, ECO, "提升扶贫干部综合素质和脱贫工作质量", "提升", "提升", "15", "14", "需不断提升干部综合素质"),
        (BEN, SOC, "确保如期全面建成小康社会", "如期", "如期", "15", "15", "/"),
        (SAT, SERVED, "扶贫对象满意度", "90%", "95%", "10", "10", "/"),
    ],
]


@pytest.fixture(scope="module")
def loaded() -> jixiao.LoadResult:
    return jixiao.load_path(SAMPLE)


@pytest.fixture(scope="module")
def forms(loaded: jixiao.LoadResult) -> list[Form]:
    return loaded.forms


def test_four_forms_in_order(forms: list[Form]) -> None:
    assert len(forms) == 4
    assert [form.id for form in forms] == [f"{SAMPLE}#{n}" for n in (1, 2, 3, 4)]
    # Form 2's title lost its tab (line 183) and follows a lone tab (line 182): the reader takes it
    # as the second line of that cell, so the form starts at 182.
    assert [(form.source.first_line, form.source.last_line) for form in forms] == [
        (1, 180), (182, 362), (369, 537), (541, 708)]
    assert [form.title.source.line for form in forms] == [1, 182, 369, 541]
    assert {form.layout for form in forms} == {"national-2020"}


def test_reading_reports_only_the_surplus_cell_of_form_1(loaded: jixiao.LoadResult) -> None:
    assert loaded.readable
    [finding] = loaded.findings
    assert finding.code == "R004"
    assert finding.forms == (f"{SAMPLE}#1",)
    assert finding.location.row == 16  # the 走访全州有建档立卡户乡镇 row, lines 106-115


@pytest.mark.parametrize("n", range(4))
def test_header(forms: list[Form], n: int) -> None:
    form = forms[n]
    project, _, _, _ = HEADERS[n]
    assert form.title.text == "项目支出绩效自评表"
    assert form.year == 2020
    assert form.year_text.text == "（2020年度）"
    assert form.project_name.raw == project
    assert form.project_name.text == project.strip()
    assert form.competent_department.text == UNIT
    assert form.implementing_unit.text == UNIT
    assert form.missing_sections == ()


@pytest.mark.parametrize("n", range(4))
def test_funding(forms: list[Form], n: int) -> None:
    funding = forms[n].funding
    _, initial, executed, _ = HEADERS[n]
    assert [row.kind for row in funding.rows] == [FundKind.TOTAL, FundKind.APPROPRIATION, FundKind.CARRY_OVER,
                                                  FundKind.OTHER]
    labels = ["年度资金总额", "其中：当年财政拨款", "上年结转资金", "其他资金"]
    assert [row.label.text for row in funding.rows] == labels
    total = funding.total
    assert total.initial_budget.value == D(initial)
    assert total.full_year_budget.is_blank and total.full_year_budget.value is None  # 全年预算数 left blank
    assert total.executed.value == D(executed)
    for row in funding.sources:
        assert row.initial_budget.is_blank and row.full_year_budget.is_blank and row.executed.is_blank
    assert funding.weight.value == 10
    assert (funding.declared_rate.value, funding.declared_rate.unit) == (100, "%")
    assert funding.declared_score.value == 10
    assert execution_basis(forms[n]) == (D(initial), D(executed), "initial")


@pytest.mark.parametrize("n", range(4))
def test_goal_is_the_same_text_in_every_form(forms: list[Form], n: int) -> None:
    goal = forms[n].goal
    assert goal.expected.text.startswith(GOAL_EXPECTED_START)
    assert goal.expected.text.endswith(GOAL_EXPECTED_END)
    assert goal.achieved.text.startswith(GOAL_ACHIEVED_START)
    assert goal.achieved.text.endswith(GOAL_ACHIEVED_END)
    assert "全州6111名各级干部" in goal.achieved.text
    assert goal.expected.text == forms[0].goal.expected.text


@pytest.mark.parametrize("n", range(4))
def test_indicators(forms: list[Form], n: int) -> None:
    read = [(i.level1.text, i.level2.text, i.name.text, i.target.raw, i.actual.raw, i.weight.value,
             i.declared_score.value, i.deviation_note.raw) for i in forms[n].indicators]
    expected = [(l1, l2, name, target, actual, D(weight), D(score), note)
                for l1, l2, name, target, actual, weight, score, note in INDICATORS[n]]
    assert read == expected


@pytest.mark.parametrize("n", range(4))
def test_totals(forms: list[Form], n: int) -> None:
    form = forms[n]
    assert form.declared_total_weight.value == 100
    assert form.declared_total_score.value == D(HEADERS[n][3])
    weights = form.funding.weight.value + sum(i.weight.value for i in form.indicators)
    assert weights == 100


def test_parsed_targets(forms: list[Form]) -> None:
    f1, f2, f3, f4 = forms
    assert (f1.indicators[0].target.operator, f1.indicators[0].target.number) == (None, 5)
    assert (f1.indicators[2].target.number, f1.indicators[2].target.unit) == (39, "乡镇")
    assert (f1.indicators[3].target.number, f1.indicators[3].target.unit) == (85, "%")
    assert f1.indicators[4].target.date == dt.date(2020, 12, 31)
    assert f1.indicators[4].target.deadline is False
    assert (f1.indicators[5].target.number, f1.indicators[5].target.unit) == (35, "万")
    assert [f1.indicators[k].target.kind for k in (6, 7)] == [MeasureKind.TEXT, MeasureKind.TEXT]
    assert (f2.indicators[2].target.operator, f2.indicators[2].target.number, f2.indicators[2].target.unit) == (
        Operator.EQ, 4, "个")
    assert (f2.indicators[5].target.operator, f2.indicators[5].target.number, f2.indicators[5].target.unit) == (
        Operator.LE, D("0.27"), "万元")
    assert (f2.indicators[5].actual.number, f2.indicators[5].actual.unit) == (D("0.27"), None)
    assert f2.indicators[4].target.date == dt.date(2020, 9, 30)
    assert f2.indicators[7].deviation_note.text == "实施精准帮扶， 确保稳定增收。"
    assert f3.indicators[0].target.operator is Operator.GE
    assert f4.indicators[0].target.operator is Operator.GE  # written ≧
    assert f4.indicators[6].target.text == "如期"


def test_provenance_points_at_the_file(forms: list[Form]) -> None:
    f1, f2, f3, f4 = forms
    name = f1.project_name.source
    assert (name.file, name.form_index, name.row, name.column, name.line) == (str(SAMPLE), 1, 3, 2, 6)
    assert f1.indicators[0].target.source.line == 90
    assert f1.indicators[0].level1.source.line == 87
    assert f1.indicators[2].deviation_note.source.line == 115  # after the surplus blank on line 114
    assert f1.indicators[8].level1.source.line == 168
    assert f1.funding.total.executed.source.line == 26
    assert f2.project_name.source.line == 188
    assert f2.indicators[7].deviation_note.source.line == 347
    assert f2.indicators[1].level2.source.line == 271  # filled down from the first 数量指标 row
    assert f3.funding.total.executed.source.line == 394
    assert f4.funding.rows[2].label.source.line == 581
    assert f4.declared_total_score.source.line == 708
    assert f4.declared_total_score.source.form_index == 4


def test_recomputed_totals(forms: list[Form]) -> None:
    sheets = [jixiao.score(form) for form in forms]
    assert [sheet.computed_total for sheet in sheets] == [99, 99, 98, 99]
    assert [sheet.declared_total for sheet in sheets] == [99, 99, 98, D("98.9")]
    assert [sheet.grade for sheet in sheets] == ["优"] * 4
    assert all(sheet.complete for sheet in sheets)
    assert sheets[0].explanation == "总分 99 = 10 + 10 + 10 + 10 + 10 + 10 + 10 + 10 + 9 + 10"
    assert sheets[3].explanation == "总分 99 = 10 + 10 + 10 + 10 + 10 + 10 + 14 + 15 + 10"


def test_recomputed_items(forms: list[Form]) -> None:
    f1, f2 = (jixiao.score(form) for form in forms[:2])
    assert f1.execution.flags == ("denominator-initial",)
    assert f1.execution_rate == 1
    # 指导县市开展工作: 10次 against 5次 — full marks, at 200% of the target.
    assert (f1.indicators[0].method, f1.indicators[0].computed, f1.indicators[0].ratio) == (Method.AT_LEAST, 10, 2)
    assert f1.indicators[4].method is Method.DEADLINE
    # 增收 → 增收: qualitative, 9 declared inside the 8–10 band of a met target.
    assert (f1.indicators[7].method, f1.indicators[7].band, f1.indicators[7].computed) == (
        Method.QUALITATIVE, (8, 10), 9)
    assert (f2.indicators[5].method, f2.indicators[5].computed) == (Method.AT_MOST, 10)
    assert (f2.indicators[2].method, f2.indicators[2].computed) == (Method.EQUAL, 5)
