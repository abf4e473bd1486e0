"""The text-dump reader and the national-2020 layout: examples, then forms generated and read back."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.ingest.grid import Cell
from jixiao.ingest.loader import load_text
from jixiao.ingest.readers.text import read_text_grid
from jixiao.model import FundKind, MeasureKind, Operator
from jixiao.model.parse import clean_text, fold

# --- the reader ------------------------------------------------------------------------------


def cell_texts(text: str) -> list[list[str]]:
    grids = read_text_grid(text, "t.txt")
    return [[cell.text for cell in row] for grid in grids for row in grid.rows]


def test_one_cell_per_line_and_a_blank_line_between_rows() -> None:
    assert cell_texts("\ta\n\tb\n\n\tc\n") == [["a", "b"], ["c"]]


def test_cells_know_their_row_column_and_line() -> None:
    [grid] = read_text_grid("\ttitle\n\n\tx\n\ty\n", "t.txt")
    assert grid.path == "t.txt"
    assert grid.rows[1] == (Cell("x", 2, 1, line=3), Cell("y", 2, 2, line=4))
    assert grid.rows[0][0].line == 1


def test_merged_cells_arrive_as_empty_cells() -> None:
    assert cell_texts("\t\n\t\n\tname\n") == [["", "", "name"]]


def test_a_line_without_its_tab_opens_a_row_or_continues_a_cell() -> None:
    text = "项目支出绩效自评表\n\n\t预期目标\n第二段\n第三段\n\t下一格\n"
    assert cell_texts(text) == [["项目支出绩效自评表"], ["预期目标\n第二段\n第三段", "下一格"]]


def test_rows_of_blank_cells_are_dropped_but_keep_no_row_number() -> None:
    [grid] = read_text_grid("\ta\n\n\t\n\t \n\n\tb\n", "t.txt")
    assert [[cell.text for cell in row] for row in grid.rows] == [["a"], ["b"]]
    assert grid.rows[1][0].row == 2


def test_stray_spaces_stay_in_the_cell_text() -> None:
    assert cell_texts("\t  其他资金  \n") == [["  其他资金  "]]


def test_windows_and_old_mac_line_ends() -> None:
    assert cell_texts("\ta\r\n\tb\r\n\r\n\tc\r") == [["a", "b"], ["c"]]


def test_word_soft_breaks_stay_inside_their_cell() -> None:
    [grid] = read_text_grid("\t第一行\v第二行\n\tx\n\n\ty\n", "t.txt")
    assert grid.rows[0][0].text == "第一行\v第二行"
    assert grid.rows[1][0].line == 4


def test_a_blank_looking_line_that_holds_a_tab_is_no_row_break() -> None:
    assert cell_texts("\ta\n \t \n\tb\n") == [["a\n \t ", "b"]]


def test_no_text_no_grid() -> None:
    assert read_text_grid("", "t.txt") == []
    assert read_text_grid("\n\n   \n\t\n", "t.txt") == []


dump_lines = st.lists(st.one_of(st.just(""), st.just("\t"), st.text(max_size=12).map(lambda t: "\t" + t),
                                st.text(max_size=12)), max_size=60)


@given(dump_lines, st.sampled_from(["\n", "\r\n"]))
def test_every_cell_is_found_at_the_line_it_names(lines: list[str], newline: str) -> None:
    text = newline.join(lines)
    file_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    previous = 0
    for grid in read_text_grid(text, "p.txt"):
        for number, row in enumerate(grid.rows, start=1):
            assert any(cell.text.strip() for cell in row)
            for column, cell in enumerate(row, start=1):
                assert (cell.row, cell.column) == (number, column)
                assert cell.line > previous
                previous = cell.line
                first = file_lines[cell.line - 1]
                assert cell.text.split("\n")[0] == (first[1:] if first.startswith("\t") else first)


# --- the layout on hand-made dumps -----------------------------------------------------------


def dump(*rows: list[str]) -> str:
    return "\n\n".join("\n".join(f"\t{cell}" for cell in row) for row in rows) + "\n"


HEADER = [
    ["项目支出绩效自评表"], ["（2021年度）"], ["项目名称", "测试项目"],
    ["主管部门", "某局", "实施单位", "某中心"],
    ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["", "年度资金总额", "100", "120", "90", "10", "75%", "7.5"],
    ["", "其中：当年财政拨款", "100", "120", "90", "—", "", "—"],
    ["年度总体目标", "预期目标", "实际完成情况"], ["", "目标甲", "完成乙"],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
     "偏差原因分析及改进措施"],
]


def test_a_small_form_reads_field_by_field() -> None:
    text = dump(*HEADER,
                ["", "产出指标", "数量指标", "培训人次", "≥100人次", "90人次", "20", "18", "疫情影响，下半年补训"],
                ["", "", "", "覆盖乡镇", "=5个", "5个", "20", "20", "/"],
                ["", "", "时效指标", "完成时间", "年底前", "2021年11月30日", "10", "10", ""],
                ["", "满意度指标", "服务对象满意度", "满意度", "≥90%", "95%", "40", "40", ""],
                ["总分", "100", "95.5", "优"])
    result = load_text(text, "small.txt")
    assert result.readable and result.findings == []
    [form] = result.forms
    assert (form.id, form.year, form.project_name.text) == ("small.txt#1", 2021, "测试项目")
    assert (form.competent_department.text, form.implementing_unit.text) == ("某局", "某中心")
    total, appropriation = form.funding.rows
    assert (total.kind, appropriation.kind) == (FundKind.TOTAL, FundKind.APPROPRIATION)
    assert (total.initial_budget.value, total.full_year_budget.value, total.executed.value) == (100, 120, 90)
    assert (form.funding.weight.value, form.funding.declared_rate.value, form.funding.declared_score.value) == (
        10, 75, Decimal("7.5"))
    assert form.funding.declared_rate.unit == "%"
    assert (form.goal.expected.text, form.goal.achieved.text) == ("目标甲", "完成乙")
    names = [(i.level1.text, i.level2.text, i.name.text) for i in form.indicators]
    assert names == [("产出指标", "数量指标", "培训人次"), ("产出指标", "数量指标", "覆盖乡镇"),
                     ("产出指标", "时效指标", "完成时间"), ("满意度指标", "服务对象满意度", "满意度")]
    first = form.indicators[0]
    assert (first.target.operator, first.target.number, first.target.unit) == (Operator.GE, 100, "人次")
    assert (first.weight.value, first.declared_score.value) == (20, 18)
    assert first.deviation_note.text == "疫情影响，下半年补训"
    assert form.indicators[2].actual.date == dt.date(2021, 11, 30)
    assert (form.declared_total_weight.value, form.declared_total_score.value) == (100, Decimal("95.5"))
    assert form.declared_grade.text == "优"
    assert form.missing_sections == ()


def test_merged_level_cells_are_filled_down_from_the_cell_they_came_from() -> None:
    text = dump(*HEADER, ["", "产出指标", "数量指标", "甲", "1次", "1次", "45", "45", ""],
                ["", "", "", "乙", "1次", "1次", "45", "45", ""], ["总分", "100", "100"])
    first, second = load_text(text).forms[0].indicators
    assert second.level1.text == "产出指标"
    assert second.level1.source == first.level1.source
    assert second.name.source.row == first.name.source.row + 1


def test_a_row_with_a_surplus_blank_cell_is_aligned_and_reported() -> None:
    text = dump(*HEADER, ["", "产出指标", "数量指标", "甲", "2次", "2次", "90", "", "90", "/"], ["总分", "100", "100"])
    result = load_text(text, "x.txt")
    [indicator] = result.forms[0].indicators
    assert (indicator.weight.value, indicator.declared_score.value, indicator.deviation_note.text) == (90, 90, "/")
    assert [f.code for f in result.findings] == ["R004"]
    assert result.findings[0].forms == ("x.txt#1",)


def test_a_row_with_a_missing_cell_reads_what_is_there() -> None:
    text = dump(*HEADER, ["", "产出指标", "数量指标", "甲", "2次", "2次", "90"], ["总分", "100", "100"])
    result = load_text(text)
    [indicator] = result.forms[0].indicators
    assert indicator.weight.value == 90
    assert indicator.declared_score.is_blank and indicator.deviation_note.is_blank
    assert [f.code for f in result.findings] == ["R004"]


def test_a_form_without_its_title_starts_at_project_name() -> None:
    text = dump(*HEADER[2:], ["", "产出指标", "数量指标", "甲", "1次", "1次", "90", "90", ""], ["总分", "100", "100"])
    [form] = load_text(text).forms
    assert form.project_name.text == "测试项目"
    assert form.year is None and form.title.is_blank


SAMPLE = Path(__file__).parent / "fixtures" / "founding_sample.txt"


def test_a_form_that_lost_its_title_is_still_a_form_of_its_own() -> None:
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    assert lines[182] == "项目支出绩效自评表"  # form 2's title (line 183)
    del lines[182]
    result = load_text("\n".join(lines), "untitled.txt")
    assert [f.project_name.text for f in result.forms] == [
        "昌吉州脱贫攻坚调研、督促指导项目经费", "扶贫指导项目经费", "昌吉州脱贫攻坚调研、督促指导项目经费",
        "昌吉州脱贫攻坚专项培训、督查经费"]
    first, second = result.forms[:2]
    assert first.funding.total.executed.value == 35 and len(first.indicators) == 9
    assert second.title.is_blank
    assert second.year == 2020  # the year row above its 项目名称 went with it (line 185, 184 once 183 is gone)
    assert second.year_text.source.line == 184
    assert second.funding.total.executed.value == Decimal("0.27") and len(second.indicators) == 9


def test_an_untitled_form_before_titled_ones_is_read() -> None:
    untitled = dump(*HEADER[2:], ["总分", "100", "100"])
    titled = dump(*HEADER, ["总分", "100", "100"]).replace("测试项目", "有标题的项目")
    result = load_text(untitled + "\n" + titled, "mixed.txt")
    assert [f.project_name.text for f in result.forms] == ["测试项目", "有标题的项目"]
    assert [f.title.text for f in result.forms] == ["", "项目支出绩效自评表"]


def test_a_form_cut_off_after_its_funding_is_incomplete() -> None:
    result = load_text(dump(*HEADER[:7]), "cut.txt")
    [form] = result.forms
    assert form.missing_sections == ("goal", "indicators", "total")
    [finding] = result.findings
    assert finding.code == "R003" and finding.forms == ("cut.txt#1",)


def test_two_forms_in_one_file_are_numbered_in_order() -> None:
    one = dump(*HEADER, ["总分", "100", "100"])
    result = load_text(one + "\n" + one.replace("测试项目", "第二个项目"), "two.txt")
    assert [f.id for f in result.forms] == ["two.txt#1", "two.txt#2"]
    assert [f.project_name.text for f in result.forms] == ["测试项目", "第二个项目"]
    assert [f.source.index for f in result.forms] == [1, 2]
    assert result.forms[1].source.first_line > result.forms[0].source.last_line


# --- generated forms, rendered as dumps and read back ----------------------------------------

# Texts that open a block or a form when they come first in a row; generated names avoid them.
RESERVED_KEYS = ("项目名称", "主管部门", "实施单位", "年度总体目标", "绩效指标", "总分", "合计", "指标值", "完成值",
                 "年度指标值", "实际完成值")
RESERVED_PARTS = ("自评表", "项目资金", "预期目标", "实际完成", "年度资金总额", "资金总额", "财政拨款", "上年结转",
                  "其他资金", "一级指标", "二级指标", "三级指标", "分值", "得分", "偏差原因")

# Odd but real: ideographic space, zero-width joiners, CJK extension B, emoji, accents, RTL letters.
ODD = "\u3000\u200b\u200d𠀀𪚥😀éñØאب·•「」《》（）()【】、，。；：“”\"'&<>#%‰№"
name_chars = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.sampled_from(ODD),
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")),
)


def _usable(text: str) -> bool:
    key = fold(text)
    if not key or key in RESERVED_KEYS or any(part in key for part in RESERVED_PARTS):
        return False
    # A row is told apart from a year row by ``2020年``; keep names clear of four digits and 年.
    return "年" not in key


names = st.text(alphabet=name_chars, min_size=1, max_size=24).filter(_usable)
money = st.decimals(min_value=0, max_value=99_999, places=2, allow_nan=False, allow_infinity=False)
weights = st.integers(min_value=0, max_value=30)
OPERATOR_TEXT = {"≥": Operator.GE, "≧": Operator.GE, "≤": Operator.LE, "＝": Operator.EQ, "=": Operator.EQ,
                 ">": Operator.GT, "": None}
UNITS = ("次", "个", "乡镇", "人次", "%", "万元", "天", "个工作日", "户", "")


@dataclass(frozen=True)
class Row:
    level1: str
    level2: str
    name: str
    target: str
    actual: str
    weight: int
    score: str
    note: str


@dataclass(frozen=True)
class Content:
    title_has_tab: bool
    year: int
    project: str
    department: str
    unit: str
    initial: Decimal
    full_year: Decimal | None
    executed: Decimal
    goal: tuple[str, str]
    rows: tuple[Row, ...]
    total_score: str


@st.composite
def measures(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["number", "number", "date", "text", "blank"]))
    if kind == "number":
        operator = draw(st.sampled_from(sorted(OPERATOR_TEXT)))
        number = draw(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False))
        return f"{operator}{number:f}{draw(st.sampled_from(UNITS))}"
    if kind == "date":
        day = draw(st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2030, 12, 31)))
        return f"{day.year}年{day.month}月{day.day}日{draw(st.sampled_from(['', '前']))}"
    if kind == "text":
        return draw(st.sampled_from(["确保", "增收", "提升", "达成预期指标", "如期", "效果明显"]))
    return draw(st.sampled_from(["", "/", "—"]))


@st.composite
def rows(draw: st.DrawFn) -> tuple[Row, ...]:
    count = draw(st.integers(min_value=1, max_value=15))
    level1s = draw(st.lists(names, min_size=1, max_size=3, unique_by=fold))
    made: list[Row] = []
    for level1 in level1s:
        for level2 in draw(st.lists(names, min_size=1, max_size=3, unique_by=fold)):
            for _ in range(draw(st.integers(min_value=1, max_value=4))):
                if len(made) < count:
                    made.append(Row(level1, level2, draw(names), draw(measures()), draw(measures()),
                                    draw(weights), draw(st.sampled_from(["", "0", "5", "9.5", "10"])),
                                    draw(st.one_of(st.just(""), st.just("/"), names))))
    return tuple(made)


@st.composite
def contents(draw: st.DrawFn) -> Content:
    return Content(
        title_has_tab=draw(st.booleans()), year=draw(st.integers(min_value=2000, max_value=2099)),
        project=draw(names), department=draw(names), unit=draw(names), initial=draw(money),
        full_year=draw(st.one_of(st.none(), money)), executed=draw(money), goal=(draw(names), draw(names)),
        rows=draw(rows()), total_score=draw(st.sampled_from(["", "100", "98.9", "60"])))


def render(content: Content) -> str:
    """The dump shape of the founding sample: tab-led cells, blank lines between rows, merged cells empty."""
    def row(*cells: str) -> str:
        return "\n".join(f"\t{cell}" for cell in cells)

    full_year = "" if content.full_year is None else f"{content.full_year:f}"
    parts = [
        ("\t" if content.title_has_tab else "") + "项目支出绩效自评表",
        row(f"（{content.year}年度）"),
        row("项目名称", content.project),
        row("主管部门", content.department, "实施单位", content.unit),
        row("项目资金       （万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"),
        row("", "年度资金总额", f"{content.initial:f}", full_year, f"{content.executed:f}", "10", "100%", "10"),
        row("", "其中：当年财政拨款", "", "", "", "—", "", "—"),
        row("", "      上年结转资金", "", "", "", "—", "", "—"),
        row("年度总体目标", "预期目标", "实际完成情况"),
        row("", *content.goal),
        row("绩              效    指    标", "一级指标", "二级指标", "三级指标", "年度", "实际", "分值", "得分",
            "偏差原因分析及改进措施"),
        row("", "", "", "", "指标值", "完成值", "", "", ""),
    ]
    previous: Row | None = None
    for item in content.rows:
        new_level1 = previous is None or item.level1 != previous.level1
        new_level2 = new_level1 or item.level2 != previous.level2
        parts.append(row("", item.level1 if new_level1 else "", item.level2 if new_level2 else "", item.name,
                         item.target, item.actual, str(item.weight), item.score, item.note))
        previous = item
    parts.append(row("总分", "100", content.total_score, ""))
    return "\n\n".join(parts) + "\n"


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(contents())
def test_generated_forms_read_back(content: Content) -> None:
    result = load_text(render(content), "gen.txt")
    assert result.readable
    assert [f.code for f in result.findings] == []
    [form] = result.forms
    assert form.year == content.year
    assert form.project_name.raw == content.project
    assert form.project_name.text == clean_text(content.project)
    assert (form.competent_department.raw, form.implementing_unit.raw) == (content.department, content.unit)
    total = form.funding.total
    assert total.initial_budget.value == content.initial
    assert total.full_year_budget.value == content.full_year
    assert total.full_year_budget.is_blank is (content.full_year is None)
    assert total.executed.value == content.executed
    assert [row.kind for row in form.funding.rows] == [FundKind.TOTAL, FundKind.APPROPRIATION, FundKind.CARRY_OVER]
    assert (form.goal.expected.raw, form.goal.achieved.raw) == content.goal
    assert len(form.indicators) == len(content.rows)
    for read, made in zip(form.indicators, content.rows, strict=True):
        assert (read.level1.raw, read.level2.raw, read.name.raw) == (made.level1, made.level2, made.name)
        assert (read.target.raw, read.actual.raw) == (made.target, made.actual)
        assert read.weight.value == made.weight
        assert read.declared_score.value == (Decimal(made.score) if made.score else None)
        assert read.deviation_note.raw == made.note
        _assert_measure(read.target, made.target)
    assert form.declared_total_score.value == (Decimal(content.total_score) if content.total_score else None)


def _assert_measure(measure, raw: str) -> None:
    if raw in ("", "/", "—"):
        assert measure.kind is MeasureKind.EMPTY
    elif "年" in raw:
        assert measure.kind is MeasureKind.DATE and measure.deadline is raw.endswith("前")
    elif raw[-1] in "0123456789" or any(raw.endswith(unit) for unit in UNITS if unit):
        operator = next((OPERATOR_TEXT[op] for op in sorted(OPERATOR_TEXT, key=len, reverse=True)
                         if op and raw.startswith(op)), None)
        assert measure.kind is MeasureKind.NUMBER and measure.operator is operator
    else:
        assert measure.kind is MeasureKind.TEXT and measure.text == raw


def test_the_total_row_is_read_by_position_when_its_weight_is_blank() -> None:
    text = dump(*HEADER, ["", "产出指标", "数量指标", "培训人次", "≥100人次", "100人次", "90", "90", ""],
                ["总分", "", "97.5", ""])
    [form] = load_text(text, "blank-weight.txt").forms
    assert form.declared_total_weight.is_blank and form.declared_total_weight.value is None
    assert form.declared_total_score.value == Decimal("97.5")
    assert form.declared_grade.is_blank


def test_title_and_year_above_the_table_are_read_from_the_caption() -> None:
    from jixiao.ingest.grid import Grid
    from jixiao.ingest.layouts.table import extract_forms

    [grid] = read_text_grid(dump(*HEADER[2:], ["总分", "100", "95"]), "word.docx")
    captioned = Grid(path=grid.path, table=3, rows=grid.rows, caption=("项目支出绩效自评表", "（2021年度）"))
    [form], _ = extract_forms(captioned, first_index=5)
    assert (form.id, form.title.text, form.year, form.year_text.text) == (
        "word.docx#5", "项目支出绩效自评表", 2021, "（2021年度）")
    assert form.year_text.source.anchor == "表前文字" and form.year_text.source.table == 3
    [untitled], _ = extract_forms(grid)
    assert (untitled.year, untitled.title.text) == (None, "")


def test_money_in_yuan_by_the_funding_header_is_converted_to_wanyuan() -> None:
    rows = [list(row) for row in HEADER]
    rows[4][0] = "项目资金（元）"
    rows[5][2:5] = ["350000", "", "280000"]
    [form] = load_text(dump(*rows, ["总分", "100", "90"]), "yuan.txt").forms
    total = form.funding.total
    assert (total.initial_budget.value, total.executed.value) == (Decimal("35"), Decimal("28"))
    assert (total.initial_budget.unit, total.initial_budget.raw) == ("元", "350000")
    assert total.full_year_budget.value is None
