"""Layouts declared as data: the files, detection, reading tables of each layout, and their rulesets."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

import jixiao
from jixiao.checks import check
from jixiao.ingest.loader import load_text
from jixiao.layouts import LayoutFileError, all_layouts, detect_layout, get_layout
from jixiao.layouts.spec import read_layout_files
from jixiao.model import Reading, Severity
from jixiao.scoring import RULESETS, score

SAMPLES = Path(__file__).parent / "fixtures" / "samples"
FOUNDING = Path(__file__).parent / "fixtures" / "founding_sample.txt"
D = Decimal


def dump(rows: list[list[str]]) -> str:
    """Rows of cells as a text dump of a Word table (a tab before each cell, a blank line after a row)."""
    return "\n\n".join("\n".join("\t" + cell for cell in row) for row in rows) + "\n"


def codes(findings) -> set[str]:
    return {finding.code for finding in findings}


# --- the files ------------------------------------------------------------------------------------

def test_every_shipped_layout_loads_with_its_words() -> None:
    names = [layout.name for layout in all_layouts()]
    assert names[0] == "national-2020"
    assert set(names) == {"national-2020", "national-2021", "sichuan-2023", "yunnan", "anhui", "hubei-2020",
                          "xianjie-2022", "unweighted-county"}
    for layout in all_layouts():
        assert layout.title and layout.title_en and layout.markers, layout.name
        assert layout.indicator_columns.words("name"), layout.name  # 三级指标 is in every layout
        assert layout.funding_rows, layout.name


def test_a_layout_inherits_what_it_does_not_declare() -> None:
    anhui, national = get_layout("anhui"), get_layout("national-2020")
    assert anhui.indicator_columns == national.indicator_columns
    assert "本年财政拨款" in dict(anhui.funding_rows)
    assert "本年财政拨款" not in dict(national.funding_rows)
    # An empty table replaces the parent's: the 2021 form leaves the level-1 split free.
    assert get_layout("national-2021").scoring.level1_weights == ()
    assert dict(national.scoring.level1_weights) == {"产出": 50, "效益": 30, "满意度": 10}


@pytest.mark.parametrize(("text", "message"), [
    ('name = "x"\nbogus = 1\n', "bogus"),
    ('name = "x"\nextends = "nowhere"\n', "nowhere"),
    ('name = "x"\n[funding.rows]\nsurplus = ["结余"]\n', "surplus"),
    ('name = "x"\n[scoring]\nexecution_weight = "ten"\n', "scoring"),
    ('name = "x"\n[labels]\nproject_name = ""\n', "labels.project_name"),
    ('title = "no name"\n', "name"),
    ('name = "x"\n[labels\n', "cannot read"),
])
def test_a_bad_layout_file_is_named_with_the_key_at_fault(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "bad.toml").write_text(text, encoding="utf-8")
    with pytest.raises(LayoutFileError) as raised:
        read_layout_files(tmp_path)
    assert "bad.toml" in str(raised.value) and message in str(raised.value)


def test_a_cycle_of_extends_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text('name = "a"\nextends = "b"\n', encoding="utf-8")
    (tmp_path / "b.toml").write_text('name = "b"\nextends = "a"\n', encoding="utf-8")
    with pytest.raises(LayoutFileError, match="cycle"):
        read_layout_files(tmp_path)


@pytest.mark.parametrize(("headers", "expected"), [
    (["得分(20分*执行率)"], {"score": 0}),  # starts with 得分: the score, though it mentions 执行率
    (["执行率(B/A)"], {"rate": 0}),
    (["预算数(A)", "执行数(B)"], {"full_year_budget": 0, "executed": 1}),
])
def test_header_cells_take_the_field_they_start_with(headers: list[str], expected: dict[str, int]) -> None:
    assert get_layout("hubei-2020").funding_columns.match(headers) == expected


def test_the_longest_word_wins_inside_a_header() -> None:
    columns = get_layout("sichuan-2023").indicator_columns
    found = columns.match(["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重",
                           "得分", "未完成原因分析"])
    assert found == {"level1": 0, "level2": 1, "name": 2, "operator": 3, "target": 4, "unit": 5, "actual": 6,
                     "weight": 7, "score": 8, "note": 9}


# --- detection ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("sample", "layout"), [
    ("002", "sichuan-2023"), ("004", "hubei-2020"), ("007", "xianjie-2022"), ("009", "unweighted-county"),
    ("013", "anhui"), ("006", "national-2020"),
])
def test_each_sample_is_detected_as_its_layout(sample: str, layout: str) -> None:
    text = (SAMPLES / f"{sample}.txt").read_text(encoding="utf-8")
    detection = detect_layout(re.split(r"[\t\n|]+| +", text))
    assert detection.layout.name == layout
    assert 0.5 <= detection.confidence <= 1


def test_the_founding_sample_is_national_and_sure() -> None:
    detection = detect_layout(FOUNDING.read_text(encoding="utf-8").split("\t"))
    assert (detection.layout.name, detection.confidence) == ("national-2020", 1.0)
    assert detection.describe("en") == "national-2020 (confidence 1.00)"


def test_text_without_any_layout_word_falls_back_to_national_with_low_confidence() -> None:
    detection = detect_layout(["项目名称", "某项目", "其他文字"])
    assert detection.layout.name == "national-2020"
    assert detection.confidence < 0.5


# --- reading each layout from a table ---------------------------------------------------------

SICHUAN_ROWS = [
    ["部门预算项目支出绩效自评表(2023年度)"],
    ["项目名称", "51000021R000000019951-工资性支出"],
    ["主管部门", "青神县发展和改革局本级"],
    ["实施单位(盖章)", "青神县发展和改革局"],
    ["项目基本情况", "项目年度目标", "年度目标完成情况"],
    ["", "保障工资及时、足额发放", "工资已按月足额发放"],
    ["预算执行情况(10分)", "年度预算数(万元)", "", "", "预算执行率", "权重", "得分", "原因"],
    ["", "年初预算", "调整后预算数", "预算执行数", "", "", "", ""],
    ["总额", "238.93", "251.89", "251.89", "100.00%", "10", "10", "年中追加社保缴费"],
    ["其中:财政资金", "238.93", "251.89", "251.89", "100.00%", "/", "/", ""],
    ["财政专户管理资金", "0.00", "0.00", "0.00", "0.00%", "/", "/", ""],
    ["单位资金", "0.00", "0.00", "0.00", "0.00%", "/", "/", ""],
    ["绩效指标(90分)"],
    ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重", "得分", "未完成原因分析"],
    ["产出指标", "数量指标", "发放(缴纳)覆盖率", "=", "100", "%", "100%", "60", "60", ""],
    ["效益指标", "社会效益指标", "足额保障率(参保率)", "≥", "95", "%", "98%", "30", "30", ""],
    ["合计", "100", "100", ""],
    ["评价结论", "按时足额发放，目标全部完成。"],
]


def test_a_sichuan_table_reads_under_its_layout_and_scores_free_90_points_without_a_warning() -> None:
    result = load_text(dump(SICHUAN_ROWS), "sichuan.txt")
    (form,) = result.forms
    assert form.layout == "sichuan-2023" and form.year == 2023
    assert form.reading.shape == "table" and form.reading.layout_confidence == 1.0
    assert form.project_name.text == "51000021R000000019951-工资性支出"
    assert (form.competent_department.text, form.implementing_unit.text) == (
        "青神县发展和改革局本级", "青神县发展和改革局")
    assert (form.goal.expected.text, form.goal.achieved.text) == ("保障工资及时、足额发放", "工资已按月足额发放")
    total = form.funding.total
    assert (total.initial_budget.value, total.full_year_budget.value, total.executed.value) == (
        D("238.93"), D("251.89"), D("251.89"))
    assert (form.funding.weight.value, form.funding.declared_rate.raw, form.funding.declared_score.value) == (
        10, "100.00%", 10)
    assert [row.label.text for row in form.funding.sources] == ["其中:财政资金", "财政专户管理资金", "单位资金"]
    first, second = form.indicators
    # 指标性质 · 指标值 · 度量单位 are joined back into one target.
    assert (first.target.raw, first.target.operator, first.target.number, first.target.unit) == ("=100%", "=", 100, "%")
    assert (second.target.raw, second.weight.value, second.declared_score.value) == ("≥95%", 30, 30)
    assert (form.declared_total_weight.value, form.declared_total_score.value) == (100, 100)
    assert not form.missing_sections
    sheet = score(form)
    assert sheet.ruleset == "sichuan-2023" and sheet.computed_total == 100
    found = codes(check([form]))
    # Sichuan spreads its 90 points freely (60 + 30 is no departure) and 10 + 90 make the 100.
    assert not found & {"P001", "A001", "A002", "A003", "R003", "R004"}, found


HUBEI_ROWS = [
    ["2020年度项目自评表"],
    ["项目名称", "渔业成品油价格改革补贴"],
    ["主管部门", "区农业农村局", "项目实施单位", "农业科"],
    ["预算执行情况(万元)(20分)", "预算数(A)", "执行数(B)", "执行率(B/A)", "得分(20分*执行率)"],
    ["年度财政资金总额", "1.56", "1.40", "89.74%", "17.95"],
    ["年度绩效目标(80分)", "一级指标", "二级指标", "三级指标", "年初目标值(A)", "实际完成值(B)", "得分"],
    ["", "产出指标", "数量指标", "补贴渔船数", "6", "6", "30"],
    ["", "", "质量指标", "渔船补贴发放率", "100%", "100%", "20"],
    ["", "效益指标", "满意度指标", "退捕渔民满意度", "≥90%", "90%", "30"],
    ["总分", "", "97.95"],
]


def test_a_hubei_table_scores_20_times_the_rate_and_carries_the_indicator_scores() -> None:
    (form,) = load_text(dump(HUBEI_ROWS), "hubei.txt").forms
    assert form.layout == "hubei-2020"
    assert form.implementing_unit.text == "农业科"
    assert [ind.weight.is_blank for ind in form.indicators] == [True, True, True]
    assert [ind.declared_score.value for ind in form.indicators] == [30, 20, 30]
    sheet = score(form)
    assert sheet.ruleset == "hubei-2020"
    assert sheet.execution.computed == D("17.95")  # 20 × 1.40 ÷ 1.56
    assert sheet.computed_total == D("97.95") and sheet.complete
    found = check([form])
    # No weight column is this layout's design: no "weight blank" (S005) and no 100-point complaint.
    assert not codes(found) & {"S005", "A001", "A002", "A003", "P001", "R003"}, codes(found)


def test_a_form_without_weights_or_scores_is_read_checked_and_reported_not_scorable() -> None:
    rows = [
        ["2020年度县级专项资金绩效目标自评表"],
        ["专项资金名称", "县级储备粮", "负责人及电话", "旷建成"],
        ["县级主管部门", "衡山县商务和粮食局", "实施单位", "粮食调控储备与产业发展股"],
        ["项目资金(万元)", "全年预算数(A)", "全年执行数(B)", "执行率(B/A)"],
        ["年度资金总额", "194.9", "150", "100%"],
        ["年度总体目标", "年初设定目标", "全年实际完成情况"],
        ["", "保持和稳定地方粮食储备机制", "地方储备粮食规模达标"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "全年完成值", "未完成原因和改进措施"],
        ["", "产出指标", "数量指标", "储备到位率", "100%", "100%", ""],
    ]
    (form,) = load_text(dump(rows), "county.txt").forms
    assert form.layout == "unweighted-county"
    assert form.project_name.text == "县级储备粮" and form.competent_department.text == "衡山县商务和粮食局"
    assert form.missing_sections == ()  # no 总分 row is expected on this form
    sheet = score(form)
    assert not sheet.scorable and sheet.ruleset == "unweighted-county"
    found = check([form])
    assert "A005" in codes(found)  # 150 ÷ 194.9 is not the 100% declared: funding arithmetic still runs
    assert not codes(found) & {"A001", "A002", "A003", "A004", "A006", "C001", "S005", "R003"}, codes(found)


XIANJIE_ROWS = [
    ["绩效目标自评表(2022年度)"],
    ["项目名称", "小型水库水标尺制作安装", "项目负责人及电话", "谢凯"],
    ["主管部门", "中江县水利局", "实施单位", "中江县水利局"],
    ["资金情况(万元)", "全年预算数(A)", "全年执行数(B)", "分值", "执行率(B/A)", "得分"],
    ["年度资金总额:", "20", "20", "10", "100.00%", "10"],
    ["其中:本年财政拨款", "20", "20", "", "", ""],
    ["年度总体目标", "年初设定目标", "年度总体目标完成情况综述"],
    ["", "改进供水计量设施", "完成计量设施改进"],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "分值", "年度指标值", "全年实际值", "得分",
     "未完成原因及拟采取的改进措施"],
    ["", "产出指标", "数量指标", "★安装坡面水标尺", "50", "≥266米", "270米", "50", ""],
    ["", "", "", "其中:新建水标尺", "", "≥200米", "210米", "", ""],
    ["", "效益指标", "社会效益指标", "受益人口数", "30", "≥1000人", "1200人", "30", ""],
    ["", "满意度指标", "服务对象满意度指标", "受益户满意度", "10", "≥95%", "96%", "10", ""],
    ["总分", "100", "100"],
]


def test_a_xianjie_table_reads_weight_before_target_core_marks_and_unweighted_sub_rows() -> None:
    (form,) = load_text(dump(XIANJIE_ROWS), "xianjie.txt").forms
    assert form.layout == "xianjie-2022"
    assert [(ind.name.text, ind.weight.value, ind.target.raw, ind.actual.raw) for ind in form.indicators] == [
        ("★安装坡面水标尺", 50, "≥266米", "270米"), ("受益人口数", 30, "≥1000人", "1200人"),
        ("受益户满意度", 10, "≥95%", "96%")]
    first = form.indicators[0]
    assert first.core and not form.indicators[1].core
    assert [(part.name.text, part.target.raw) for part in first.parts] == [("其中:新建水标尺", "≥200米")]
    assert form.funding.total.initial_budget.is_blank  # this layout has no 年初预算数
    sheet = score(form)
    assert sheet.computed_total == 100 and len(sheet.indicators) == 3  # the 其中 row is neither scored nor summed
    assert not codes(check([form])) & {"A001", "A002", "A003", "S005"}


def test_forcing_a_layout_is_recorded_on_the_form() -> None:
    (form, *_) = jixiao.load_path(FOUNDING, layout="anhui").forms
    assert form.layout == "anhui" and form.reading.layout_forced and form.reading.layout_confidence == 1.0


# --- rulesets and doubts ----------------------------------------------------------------------

def test_each_layout_that_scores_differently_has_a_ruleset_of_its_name() -> None:
    assert RULESETS["hubei-2020"].execution_weight == 20 and RULESETS["hubei-2020"].indicator_points == 80
    assert not RULESETS["hubei-2020"].weighted
    assert not RULESETS["unweighted-county"].scorable
    assert RULESETS["sichuan-2023"].level1_weights == ()
    assert "anhui" not in RULESETS and "yunnan" not in RULESETS  # they score as the national form does
    assert score(jixiao.read(FOUNDING)[0]).ruleset == "mof-2020"


def test_a_forced_ruleset_applies_to_every_layout() -> None:
    (form,) = load_text(dump(SICHUAN_ROWS), "sichuan.txt").forms
    assert score(form, "mof-2020").ruleset == "mof-2020"
    assert "P001" in codes(check([form], ruleset="mof-2020"))  # 60 + 30 departs from 50 / 30 / 10 nationally


def test_arithmetic_errors_on_a_doubted_form_are_warnings_that_say_why() -> None:
    form = jixiao.read(FOUNDING)[3]  # declares 98.9 where the scores add up to 99: A001, an error
    (sure,) = [f for f in check([form]) if f.code == "A001"]
    assert sure.severity is Severity.ERROR
    # A doubted project name says nothing about the sums: A001 stays an error.
    name = form.project_name._replace(source=form.project_name.source._replace(confidence=0.5))
    text_doubted = replace(form, project_name=name, reading=Reading(shape="fused", confidence=0.5))
    assert [f.severity for f in check([text_doubted]) if f.code == "A001"] == [Severity.ERROR]
    # A doubted score (not the total A001 points at) puts the sum in doubt: A001 becomes a warning.
    first = form.indicators[0]
    score_cell = first.declared_score._replace(source=first.declared_score.source._replace(confidence=0.5))
    doubted = replace(form, indicators=(replace(first, declared_score=score_cell), *form.indicators[1:]),
                      reading=Reading(shape="fused", confidence=0.5))
    (unsure,) = [f for f in check([doubted]) if f.code == "A001"]
    assert unsure.severity is Severity.WARNING
    assert "读取置信度低" in unsure.message and "low confidence" in unsure.message_en


def test_an_arithmetic_error_at_a_doubted_cell_is_a_warning() -> None:
    form = jixiao.read(FOUNDING)[3]
    total = form.declared_total_score
    doubted_total = total._replace(source=total.source._replace(confidence=0.4))
    read_so = replace(form, declared_total_score=doubted_total, reading=Reading(shape="fused", confidence=0.9))
    (finding,) = [f for f in check([read_so]) if f.code == "A001"]
    assert finding.severity is Severity.WARNING
    assert "读取置信度 0.40" in finding.location.describe("zh")


def test_an_error_inside_a_block_the_text_lost_is_a_warning() -> None:
    """Where the reader could not count the indicator rows (``indicators`` unreadable), a blank weight may be
    a row boundary it guessed wrong: "the unit left the weight blank" (S005) is a warning, not an error."""
    form = jixiao.read(FOUNDING)[0]
    first = form.indicators[0]
    blank = replace(first, weight=first.weight._replace(raw="", value=None))
    sure = replace(form, indicators=(blank, *form.indicators[1:]))
    assert [f.severity for f in check([sure]) if f.code == "S005" and f.field == "indicators[0].weight"] == [
        Severity.ERROR]
    lost = replace(sure, reading=Reading(shape="fused", confidence=0.5, unreadable=("indicators",)))
    assert [f.severity for f in check([lost]) if f.code == "S005" and f.field == "indicators[0].weight"] == [
        Severity.WARNING]


def test_a_sum_over_rows_whose_count_the_text_lost_is_a_warning() -> None:
    """Two fused rows run into one (公共服务水平2长期无社会知晓度: a weight of 2 gone with the first row's name)
    leave the weights summing to 98 while every figure read is sure. Where the reader says it lost the
    row count, "the declared 100 differs from the sum" (A003) is a warning; where it did not, an error."""
    form = jixiao.read(FOUNDING)[0]
    short = replace(form, indicators=form.indicators[1:])  # a row's weight missing from the sum
    sure = [f.severity for f in check([short]) if f.code == "A003"]
    assert sure == [Severity.ERROR]
    lost = replace(short, reading=Reading(shape="fused", confidence=0.9, unreadable=("indicators",)))
    (weighed,) = [f for f in check([lost]) if f.code == "A003"]
    assert weighed.severity is Severity.WARNING
    assert "指标行数未能读准" in weighed.message and "how many indicator rows" in weighed.message_en


# --- the command ----------------------------------------------------------------------------------

def _invoke(*arguments: str):
    from typer.testing import CliRunner

    from jixiao.cli.main import app

    return CliRunner().invoke(app, list(arguments), env={"COLUMNS": "200", "JIXIAO_LANG": None})


def test_jixiao_layouts_lists_every_layout_with_its_scoring() -> None:
    result = _invoke("layouts", "--width", "200")
    assert result.exit_code == 0
    for layout in all_layouts():
        assert layout.name in result.stdout and layout.source_file in result.stdout
    assert "执行 20 + 指标 80，无分值列" in result.stdout  # Hubei
    assert "无分值、无得分（不评分）" in result.stdout  # the county form
    english = _invoke("layouts", "--lang", "en", "--width", "200")
    assert "execution 20 + indicators 80, no weight column" in english.stdout


def test_an_unknown_layout_is_refused_with_the_known_ones() -> None:
    result = _invoke("check", str(FOUNDING), "--layout", "atlantis")
    assert result.exit_code == 2
    assert "atlantis" in result.stderr and "sichuan-2023" in result.stderr


def test_the_check_output_shows_the_layout_and_how_it_was_read(tmp_path: Path) -> None:
    detected = _invoke("check", str(FOUNDING), "--width", "160")
    assert "national-2020（识别置信度 1.00）" in detected.stdout and "读取      表格" in detected.stdout
    forced_run = _invoke("check", str(FOUNDING), "--layout", "anhui", "--lang", "en", "--width", "160")
    assert "anhui (forced)" in forced_run.stdout
    path = tmp_path / "sichuan.txt"
    path.write_text(dump(SICHUAN_ROWS), encoding="utf-8")
    document = __import__("json").loads(_invoke("check", str(path), "--format", "json").stdout)
    (form,) = document["forms"]
    assert form["layout"] == "sichuan-2023" and form["score"]["ruleset"] == "sichuan-2023"
    assert form["reading"] == {"shape": "table", "layout_confidence": 1.0, "layout_forced": False,
                               "confidence": 1.0, "low_confidence": False, "unreadable": []}


@pytest.mark.parametrize("sample", ["002", "004", "006", "007", "009", "013"])
def test_show_prints_every_sample_with_its_reading(sample: str) -> None:
    """``show`` on each published sample, the unscorable county form (009) included."""
    result = _invoke("show", str(SAMPLES / f"{sample}.txt"), "--width", "160")
    assert result.exit_code == 0, result.stderr
    form = jixiao.read(SAMPLES / f"{sample}.txt")[0]
    assert form.project_name.text[:10] in result.stdout
