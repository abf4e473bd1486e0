"""Reading forms out of text whose rows are lost (``jixiao.ingest.stream``): the vocabulary matcher, the
splitting of fused cells, and ``read_stream`` on small texts of each row-less shape.

The samples of real forms are read in ``test_samples.py``; the texts here are made up, each to show one
behaviour.
"""

from __future__ import annotations

import re
import time
from decimal import Decimal
from itertools import combinations

import pytest
from hypothesis import HealthCheck, assume, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from jixiao import settings
from jixiao.ingest.stream import Hints, OcrGlyphs, fit_cells, read_stream, split_fused, vocabulary
from jixiao.ingest.stream.fused import MAX_RUN_CHARS, kinds_of
from jixiao.ingest.stream.search import MAX_NODES, Search
from jixiao.ingest.stream.vocab import ANAGRAM_CONFIDENCE, Role, narrow
from jixiao.ingest.text import read_shaped
from jixiao.layouts import detect_layout, get_layout
from jixiao.model import Finding, Form, Reading
from jixiao.model.parse import fold

NATIONAL = get_layout("national-2020")
XIANJIE = get_layout("xianjie-2022")
XIANJIE_ROW = ("weight", "target", "actual", "score")
FUNDING_ROW = ("budget", "executed", "weight", "rate", "score")


# --- the vocabulary ---------------------------------------------------------------------------------


def scanned(text: str, layout=NATIONAL) -> list[tuple[str, tuple[Role, ...], int, int]]:
    return [(hit.key, hit.roles, hit.start, hit.end) for hit in vocabulary(layout).scan(narrow(text))]


@pytest.mark.parametrize(("text", "key", "role"), [
    ("产 出 指 标", "产出指标", Role("level1", "产出指标")),
    ("年度指标 值", "年度指标值", Role("ind_col", "target")),
    ("绩 效 指 标", "绩效指标", Role("section", "indicators")),
    ("实际完 成值", "实际完成值", Role("ind_col", "actual")),
])
def test_a_word_wrapped_with_spaces_is_one_label(text: str, key: str, role: Role) -> None:
    assert scanned(text) == [(key, (role,), 0, len(text))]


def test_brackets_of_either_width_and_points_belong_to_the_label() -> None:
    hits = list(vocabulary(NATIONAL).scan(narrow("产出指标（50分）数量指标")))
    assert [(hit.key, hit.points, hit.start, hit.end) for hit in hits] == [
        ("产出指标", Decimal(50), 0, 9), ("数量指标", None, 9, 13)]
    assert scanned("全年预算数（A）", XIANJIE) == [("全年预算数", (Role("fund_col", "full_year_budget"),), 0, 8)]
    # Offsets are the raw text's: narrowing replaces one character by one.
    assert narrow("（２０分）：") == "(20分):"


def test_the_longest_word_wins() -> None:
    # 服务对象满意度指标 (level 2) holds 满意度指标 (level 1); 其中:当年财政拨款 holds 财政拨款.
    assert scanned("服务对象满意度指标") == [("服务对象满意度指标", (Role("level2", "服务对象满意度指标"),), 0, 9)]
    assert scanned("其中:当年财政拨款100") == [("其中:当年财政拨款", (Role("fund_row", "appropriation"),), 0, 9)]
    assert scanned("经济效益指标") == [("经济效益指标", (Role("level2", "经济效益指标"),), 0, 6)]


def test_labels_are_found_inside_fused_text_with_the_values_between_them() -> None:
    text = "项目名称某某项目主管部门某局实施单位某局"
    assert [(key, start, end) for key, _, start, end in scanned(text)] == [
        ("项目名称", 0, 4), ("主管部门", 8, 12), ("实施单位", 14, 18)]
    # A word may play several roles; the reader picks one by the block it is in.
    assert {role.group for role in vocabulary(NATIONAL).words[fold("合计")]} == {"section", "fund_row"}


def test_a_whole_cell_is_looked_up_with_its_qualifier_and_colon() -> None:
    vocab = vocabulary(NATIONAL)
    hit = vocab.lookup(fold("产出指标（50分）"))
    assert (hit.key, hit.points, hit.roles) == ("产出指标", Decimal(50), (Role("level1", "产出指标"),))
    assert vocab.lookup(fold("年度资金总额：")).roles == (Role("fund_row", "total"),)
    assert vocab.lookup(fold("注：1.一级指标分值统一设置")).roles == (Role("section", "closing"),)
    assert vocab.lookup("某某项目") is None


def test_scrambled_level1_names_are_found_as_anagrams_with_lower_confidence() -> None:
    vocab = vocabulary(NATIONAL)
    found = [(hit.key, hit.start, hit.end, hit.confidence) for hit in vocab.anagrams("6620出标产指补贴")]
    assert found == [("产出指标", 4, 8, ANAGRAM_CONFIDENCE)] and ANAGRAM_CONFIDENCE < 0.75
    assert [hit.key for hit in vocab.anagrams("益标效指")] == ["效益指标"]
    # The name in order is a label, not an anagram; three of its four characters are nothing.
    assert list(vocab.anagrams("产出指标")) == [] and list(vocab.anagrams("出标产")) == []


@pytest.mark.parametrize("unit", ["产", "产 ", "(", "指标", "产出指标(" + "分" * 20, "满意度指标" * 3 + "("])
def test_scanning_hostile_text_takes_linear_time(unit: str) -> None:
    vocab = vocabulary(NATIONAL)

    def seconds(size: int) -> float:
        text = narrow(unit * size)
        start = time.perf_counter()
        for _ in vocab.scan(text):
            pass
        for _ in vocab.anagrams(text):
            pass
        return time.perf_counter() - start

    small, large = seconds(5_000), seconds(40_000)
    # Eight times the text takes about eight times as long (generously: not the 64 of a quadratic scan).
    assert large < max(small, 1e-3) * 24 and large < 1.0


# --- fused cells ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("run", "kinds", "cells"), [
    ("10≥266米≥266米10", XIANJIE_ROW, ("10", "≥266米", "≥266米", "10")),
    ("20100%100%20", XIANJIE_ROW, ("20", "100%", "100%", "20")),
    ("1020万元20万元10", XIANJIE_ROW, ("10", "20万元", "20万元", "10")),
    ("202010100.00%10", FUNDING_ROW, ("20", "20", "10", "100.00%", "10")),
    ("补贴渔船数6620", ("name", "target", "actual", "score"), ("补贴渔船数", "6", "6", "20")),
    ("显著提升显著提升10", ("target", "actual", "score"), ("显著提升", "显著提升", "10")),
    ("群众生产生活条件改善状况10显著提升显著提升10", ("name", *XIANJIE_ROW, "note"),
     ("群众生产生活条件改善状况", "10", "显著提升", "显著提升", "10", "")),
    ("5000吨稻谷、500吨成品粮储备到位率100%100%", ("name", "target", "actual", "note"),
     ("5000吨稻谷、500吨成品粮储备到位率", "100%", "100%", "")),
    # Full marks (30 of 30) rather than four figures cut small (target 3, actual 0, weight 3, score 0).
    ("水土流失治理逐步提高显著提升3030—", ("name", "target", "actual", "weight", "score", "note"),
     ("水土流失治理", "逐步提高", "显著提升", "30", "30", "—")),
    ("工程长效运行持续发挥效果明显2121", ("name", "target", "actual", "weight", "score", "note"),
     ("工程长效运行", "持续发挥", "效果明显", "21", "21", "")),
    ("7485400.0012475600.0012,475,600.0010100.00%10",
     ("initial_budget", "full_year_budget", "executed", "weight", "rate", "score"),
     ("7485400.00", "12475600.00", "12,475,600.00", "10", "100.00%", "10")),
])
def test_fused_cells_are_split_by_column(run: str, kinds: tuple[str, ...], cells: tuple[str, ...]) -> None:
    split = split_fused(run, kinds)
    assert split is not None and split.cells == cells and split.raw == run and split.rest == ""
    assert 0.5 <= split.confidence < 1.0  # a split is never as sure as a cell boundary


def test_the_hubei_rate_is_a_fraction_and_the_score_its_share_of_the_weight() -> None:
    # 湖北: 预算数 · 执行数 · 执行率 · 得分(20分*执行率), the weight from the block's header.
    split = split_fused("1.561.56120", ("budget", "executed", "rate", "score"), Hints(weight=Decimal(20)))
    assert split is not None and split.cells == ("1.56", "1.56", "1", "20") and split.confidence == 0.9


def test_a_close_rival_lowers_the_confidence() -> None:
    # 补贴渔船数6620: the name may as well end at 补贴渔船数66 (target 2, actual 0?) — less likely, not impossible.
    named = split_fused("补贴渔船数6620", ("name", "target", "actual", "score"))
    alone = split_fused("20100%100%20", XIANJIE_ROW)
    assert named is not None and alone is not None and named.confidence < alone.confidence
    # Two numbers for three money columns: 20 | 20 | (no rate) or 2 | 020…: the rival is close.
    two = split_fused("2020", ("budget", "executed", "rate"))
    assert two is not None and two.cells == ("20", "20", "") and two.confidence < 0.9


def test_debris_after_a_row_is_returned_as_its_rest_when_allowed() -> None:
    run = "1.561.56120度效标O0B年绩目1分EB"
    hints = Hints(weight=Decimal(20), rest_allowed=True)
    split = split_fused(run, ("budget", "executed", "rate", "score"), hints)
    assert split is not None and split.cells == ("1.56", "1.56", "1", "20") and split.rest == "度效标O0B年绩目1分EB"
    assert split_fused(run, ("budget", "executed", "rate", "score"), Hints(weight=Decimal(20))) is None


def test_separated_values_are_fitted_to_columns_leaving_the_unlikely_one_empty() -> None:
    # 880 880 880 10 10 under six columns: the rate is the missing one (10 is not 880 ÷ 880).
    columns = ("initial_budget", "full_year_budget", "executed", "weight", "rate", "score")
    split = fit_cells(["880", "880", "880", "10", "10"], columns)
    assert split is not None and split.cells == ("880", "880", "880", "10", "", "10")
    assert fit_cells(["1", "2", "3"], ("weight", "score")) is None


# OCR glyphs: applied only where the text shows them, and doubted.

def test_the_ocr_detector_reads_the_glyphs_off_the_text_itself() -> None:
    assert OcrGlyphs.detect("正向指标(即目标值为2X,得分=权重*B/A),反向指标(即目标值为WX") == OcrGlyphs("2", "W")
    assert OcrGlyphs.detect("满意度90%290%40") == OcrGlyphs("2", None)  # no ≥ anywhere, and 290% is ≥90%
    assert OcrGlyphs.detect("满意度≥90%290%40") is None  # the text writes ≥ as ≥: 290% is what it says
    assert OcrGlyphs.detect("完成率100%100%") is None
    glyphs = OcrGlyphs("2", "W")
    read = [glyphs.read(cell) for cell in ("290%", "W5%", "200%", "20")]
    assert read == ["≥90%", "≤5%", None, None]


def test_a_value_read_through_an_ocr_glyph_is_doubted() -> None:
    run, kinds = "退捕渔民抽样调查满意度90%290%40", ("name", "target", "actual", "score")
    split = split_fused(run, kinds, Hints(ocr=OcrGlyphs("2", None)))
    assert split is not None and split.cells == ("退捕渔民抽样调查满意度", "90%", "≥90%", "40")
    assert split.ocr == (False, False, True, False) and split.confidence <= 0.6
    plain = split_fused(run, kinds)
    assert plain is not None and plain.cells[2] == "290%" and not any(plain.ocr)


# Property tests: rows rendered in column order and fused, read back whenever the text allows one reading.

_UNITS = ("%", "米", "人", "个", "万元", "公里", "次")
# The oracle's measures are any size (the generator's stop at 9999): 2 | 65244.6人 is a reading too; and
# its weights and scores any a form may hold, up to 100 (the generator's stop at 30): 353%3%0 is 3 | 53% |
# 3% | 0, and as well 35 | 3% | 3% | 0.
_MEASURE = re.compile(r"(?P<op>[≥≤]?)(?P<number>0|[1-9][0-9]*)(?:\.[0-9])?(?P<unit>%|米|人|个|万元|公里|次)")
_SMALL = re.compile(r"0|[1-9][0-9]?|100")


@st.composite
def measures(draw: st.DrawFn, unit: str) -> str:
    operator = draw(st.sampled_from(("", "≥", "≤")))
    top = 100 if unit == "%" else 9999
    number = draw(st.integers(0, top))
    tenth = draw(st.sampled_from(("", f".{draw(st.integers(1, 9))}"))) if number < top else ""
    return f"{operator}{number}{tenth}{unit}"


@st.composite
def indicator_rows(draw: st.DrawFn) -> tuple[str, ...]:
    unit = draw(st.sampled_from(_UNITS))
    weight = draw(st.integers(1, 30))
    target = draw(measures(unit))
    actual = target if draw(st.booleans()) else draw(measures(unit))
    return str(weight), target, actual, str(draw(st.integers(0, weight)))


def _indicator_readings(text: str) -> set[tuple[str, ...]]:
    """Every cutting of ``text`` into a row the generator could have made."""
    found = set()
    for cuts in combinations(range(1, len(text)), 3):
        cells = tuple(text[start:end] for start, end in zip((0, *cuts), (*cuts, len(text)), strict=True))
        weight, target, actual, score = cells
        if not (_SMALL.fullmatch(weight) and _SMALL.fullmatch(score) and int(weight) >= 1):
            continue
        measured = _MEASURE.fullmatch(target), _MEASURE.fullmatch(actual)
        if measured[0] and measured[1] and measured[0]["unit"] == measured[1]["unit"] and int(score) <= int(weight):
            found.add(cells)
    return found


@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(indicator_rows())
def test_fused_indicator_rows_read_back(cells: tuple[str, ...]) -> None:
    text = "".join(cells)
    assume(_indicator_readings(text) == {cells})  # the text allows this reading only
    split = split_fused(text, XIANJIE_ROW)
    assert split is not None and split.cells == cells


@st.composite
def funding_rows(draw: st.DrawFn) -> tuple[str, ...]:
    cents = draw(st.booleans())
    budget = draw(st.integers(1, 99_999))
    executed = draw(st.integers(0, budget))
    weight = draw(st.sampled_from((10, 20)))
    share = Decimal(executed) / Decimal(budget)
    rate = f"{share * 100:.2f}%" if cents else f"{share * 100:.0f}%"
    # A rate of 0 says nothing was spent (the reader holds to that): no 0% for a little spent.
    assume(executed == 0 or Decimal(rate[:-1]) > 0)
    score = (weight * Decimal(rate[:-1]) / 100).quantize(Decimal("0.1")).normalize()
    money = (lambda value: f"{value}.00") if cents else str
    return money(budget), money(executed), str(weight), rate, f"{score:f}"


_MONEY = re.compile(r"(?:0|[1-9][0-9]*)(?:\.[0-9]{2})?")
_RATE = re.compile(r"(?:0|[1-9][0-9]{0,2})(?:\.[0-9]{2})?%")
_SCORE = re.compile(r"(?:0|[1-9][0-9]?)(?:\.[0-9])?")


def _funding_readings(text: str) -> set[tuple[str, ...]]:
    """Every cutting of ``text`` into a funding row the generator could have made (rate = executed ÷
    budget, rounded; score = weight × rate)."""
    found = set()
    for cuts in combinations(range(1, len(text)), 4):
        cells = tuple(text[start:end] for start, end in zip((0, *cuts), (*cuts, len(text)), strict=True))
        budget, executed, weight, rate, score = cells
        if not (_MONEY.fullmatch(budget) and _MONEY.fullmatch(executed) and weight in ("10", "20")
                and _RATE.fullmatch(rate) and _SCORE.fullmatch(score)) or ("." in budget) != ("." in executed):
            continue
        spent, planned, share = Decimal(executed), Decimal(budget), Decimal(rate[:-1]) / 100
        if planned and spent <= planned and abs(spent / planned - share) <= Decimal("0.006") and abs(
                Decimal(weight) * share - Decimal(score)) <= Decimal("0.06"):
            found.add(cells)
    return found


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(funding_rows())
def test_fused_funding_rows_read_back(cells: tuple[str, ...]) -> None:
    text = "".join(cells)
    assume(_funding_readings(text) == {cells})
    split = split_fused(text, FUNDING_ROW)
    assert split is not None and split.cells == cells


_HOSTILE = st.text(alphabet="0123456789.%≥≤万元米人个指标提升显著无、,()/—年月日前 2W", max_size=400)
_KINDS = st.sampled_from((XIANJIE_ROW, FUNDING_ROW, ("name", *XIANJIE_ROW, "note"),
                          ("name", "target", "actual", "note"),
                          ("initial_budget", "full_year_budget", "executed", "weight", "rate", "score")))


@hypothesis_settings(max_examples=300, deadline=None)
@given(_HOSTILE | st.text(alphabet="0123456789.", max_size=400), _KINDS, st.booleans())
def test_hostile_runs_never_raise_and_stay_fast(run: str, kinds: tuple[str, ...], ocr: bool) -> None:
    hints = Hints(ocr=OcrGlyphs("2", "W")) if ocr else Hints()
    split = split_fused(run, kinds, hints)
    assert _work(run, kinds, hints) <= WORK_BOUND
    if split is not None:
        assert len(split.cells) == len(kinds) and 0 < split.confidence < 1
        if not ocr and " " not in run:
            assert "".join(split.cells) + split.rest == run.strip()  # nothing made up, nothing dropped


# Rows whose empty cells vanished: fewer values than columns. What is sure is read; where the values go is
# a guess, and doubted — never a value made up by cutting a number from its unit or a word in two.

@pytest.mark.parametrize(("run", "kinds", "sure"), [
    # 指标值 ≤337.13元 and 分值 5; 实际值 and 得分 left empty (national order: 指标值 实际值 分值 得分 说明).
    ("≤337.13元5", ("target", "actual", "weight", "score", "note"), {0: "≤337.13元", 2: "5"}),
    ("人均培训成本≤337.13元5", ("name", "target", "actual", "weight", "score", "note"),
     {0: "人均培训成本", 1: "≤337.13元", 3: "5"}),
    # 分值 18 and 指标值 不超过66.79万元, then a blank note: not 不超过6 | 6.7 | 9 with a note 万元/.
    ("单位运行成本18不超过66.79万元/", ("name", *XIANJIE_ROW, "note"), {0: "单位运行成本", 1: "18"}),
    # 效果明显 is one value: not 效果 written twice and a note 明显.
    ("节水效果效果明显", ("name", "target", "actual", "note"), {0: "节水效果"}),
])
def test_a_fused_row_whose_empty_cells_vanished_is_read_where_sure_and_doubted(
        run: str, kinds: tuple[str, ...], sure: dict[int, str]) -> None:
    split = split_fused(run, kinds, Hints(weighted="weight" in kinds))
    assert split is not None and "".join(split.cells) + split.rest == run
    assert {index: split.cells[index] for index in sure} == sure
    assert split.confidence < settings.DOUBTED_BELOW
    assert not any(cell.startswith(("万元", "明显")) for cell in split.cells)


def test_long_funding_amounts_are_split_whole_with_little_work() -> None:
    # 三 sums to two places, then 分值 · 执行率 · 得分: one reading, found at once (the search is best first).
    run = "3392.773392.772374.941070.00%7"
    kinds = ("initial_budget", "full_year_budget", "executed", "weight", "rate", "score")
    split = split_fused(run, kinds)
    assert _work(run, kinds, Hints()) < MAX_NODES // 5  # a funding row is read with a fraction of the bound
    assert split is not None and split.cells == ("3392.77", "3392.77", "2374.94", "10", "70.00%", "7")
    assert split.confidence == 0.9


_HOSTILE_RUNS = ("1." * 200, "9" * 400, "1,234" * 80, "≥1%" * 130, "10≥266米" * 50, "显著提升" * 100, "1.1" * 133,
                 "2020年1月1日前" * 30, "0" * 400, "1万元" * 130, "—1—" * 130, "1" * 39 + "." + "1" * 39 + "%%%",
                 "82250440737.04131.52444282614.0045383395" * 3)


@pytest.mark.parametrize("run", _HOSTILE_RUNS)
def test_hostile_runs_are_split_within_the_work_bound(run: str) -> None:
    kinds = [XIANJIE_ROW, FUNDING_ROW, ("name", *XIANJIE_ROW, "note"), ("name", "target", "actual", "note"),
             ("initial_budget", "full_year_budget", "executed", "weight", "rate", "score"),
             ("name", "operator", "target", "unit", "actual", "weight", "score", "note")]
    for columns in kinds:
        for hints in (Hints(), Hints(ocr=OcrGlyphs("2", "W"), rest_allowed=True)):
            split = split_fused(run, columns, hints)
            assert split is None or len(split.cells) == len(columns)
            # The work (states expanded, options and pieces read) stops at the bound, whatever the text:
            # a few milliseconds of reading, on any machine.
            assert _work(run, columns, hints) <= WORK_BOUND


# The work a search may do: its bound, plus the pieces read at the last state it entered (a run of digits
# offers at most one piece per character of the longest run split).
WORK_BOUND = MAX_NODES + MAX_RUN_CHARS


def _work(run: str, kinds: tuple[str, ...], hints: Hints) -> int:
    """The work the search of ``split_fused`` does on ``run`` (0 when the run is too long to be a row)."""
    text = run.strip()
    if not text or len(text) > MAX_RUN_CHARS:
        return 0
    return Search(text, kinds_of(tuple(kinds)), hints).run()[2]


# --- read_stream ------------------------------------------------------------------------------------


def read(text: str, path: str = "t.txt", first_index: int = 1) -> tuple[list[Form], list[Finding], str]:
    shaped = read_shaped(text, path)
    assert shaped.stream is not None
    detection = detect_layout(token.text for token in shaped.stream.tokens)
    reading = Reading(shape=str(shaped.shape), layout_confidence=detection.confidence)
    forms, findings = read_stream(shaped.stream, detection.layout, first_index, reading=reading)
    return forms, findings, str(shaped.shape)


_HEAD = ("绩效目标自评表(2022年度)项目名称{name}主管部门乙县农业农村局实施单位乙县丙镇人民政府"
         "资金情况(万元)全年预算数(A)"
         "全年执行数(B)分值执行率(B/A)得分年度资金总额:{funding}其中:本年财政拨款{sub}其他资金年度总体目标年初设定目标"
         "年度总体目标完成情况综述{goal}绩效指标一级指标二级指标三级指标分值年度指标值全年实际值得分未完成原因及拟采取的改进措施")
FIRST = _HEAD.format(name="甲村道路硬化项目", funding="505010100.00%10", sub="5050",
                     goal="硬化道路2公里,改善群众出行条件硬化道路2公里,改善群众出行条件") + (
    "产出指标(70分)数量指标★硬化道路长度30≥2公里≥2公里30其中:主路≥1公里≥1公里质量指标验收合格率20100%100%20"
    "时效指标按期完工率20≥90%≥90%20……效益指标(20分)社会效益指标群众出行条件改善状况20显著提升显著提升20"
    "满意度指标(10分)服务对象满意度指标受益群众满意度10≥95%≥95%10总分100100")
SECOND = _HEAD.format(name="丁村水渠项目", funding="100801080.00%8", sub="10080",
                      goal="新建水渠1公里新建水渠0.8公里") + (
    "产出指标(70分)数量指标新建水渠长度40≥1公里0.8公里32工期延误质量指标验收合格率30100%100%30"
    "效益指标(20分)社会效益指标灌溉条件改善状况20显著提升显著提升20"
    "满意度指标(10分)服务对象满意度指标受益群众满意度10≥95%≥95%10总分10090注:1.一级指标分值统一设置为产出指标50分")


def test_fused_text_holds_two_forms_each_read_by_its_blocks() -> None:
    forms, findings, shape = read(FIRST + SECOND + "\n", first_index=3)
    assert shape == "fused" and [form.id for form in forms] == ["t.txt#3", "t.txt#4"]
    first, second = forms
    assert (first.project_name.text, second.project_name.text) == ("甲村道路硬化项目", "丁村水渠项目")
    assert first.project_name.source.form_index == 3 and first.project_name.source.line == 1
    assert (first.funding.total.full_year_budget.raw, first.funding.weight.raw, first.funding.declared_rate.raw) == (
        "50", "10", "100.00%")
    assert (first.funding.rows[1].full_year_budget.raw, first.funding.rows[1].executed.raw) == ("50", "50")
    # ★ marks a core indicator; 其中:主路 is a part of the row above; the …… placeholder row is dropped.
    names = [indicator.name.text for indicator in first.indicators]
    assert names == ["★硬化道路长度", "验收合格率", "按期完工率", "群众出行条件改善状况", "受益群众满意度"]
    assert [indicator.core for indicator in first.indicators] == [True, False, False, False, False]
    assert [(part.name.text, part.target.raw) for part in first.indicators[0].parts] == [("其中:主路", "≥1公里")]
    assert (first.indicators[3].level1.text, first.indicators[3].level2.text) == ("效益指标(20分)", "社会效益指标")
    assert (first.declared_total_weight.raw, first.declared_total_score.raw) == ("100", "100")
    # A fused value is never certain.
    assert first.indicators[1].target.source.confidence == 0.9
    # The second form: a note after the values, and the closing words end the form (no indicator from them).
    row = second.indicators[0]
    assert (row.target.raw, row.actual.raw, row.declared_score.raw, row.deviation_note.text) == (
        "≥1公里", "0.8公里", "32", "工期延误")
    assert len(second.indicators) == 4 and second.declared_total_score.raw == "90"
    assert not [finding for finding in findings if finding.forms == ("t.txt#3",)]


def test_a_goal_split_at_its_repeated_phrase_is_doubted_and_one_that_cannot_be_split_is_reported() -> None:
    (first, second), findings, _ = read(FIRST + SECOND)
    assert first.goal.expected.text == first.goal.achieved.text == "硬化道路2公里,改善群众出行条件"
    assert first.goal.expected.source.confidence == 0.8
    # 新建水渠1公里新建水渠0.8公里: two cells, nothing repeated whole to cut at: blank, listed, one R006 each.
    assert second.goal.expected.is_blank and second.goal.achieved.is_blank
    assert {"goal.expected", "goal.achieved"} <= set(second.reading.unreadable)
    lost = [finding for finding in findings if finding.code == "R006" and finding.forms == ("t.txt#2",)]
    assert [finding.field for finding in lost] == ["goal.expected", "goal.achieved"]
    assert lost[0].raw == "新建水渠1公里新建水渠0.8公里" and lost[0].location.line == 1
    assert second.reading.low_confidence and "R007" in {finding.code for finding in findings}


def test_a_text_cut_off_inside_a_row_reports_the_values_it_lost() -> None:
    forms, findings, _ = read(FIRST.split("效益指标(20分)")[0] + "效益指标(20分)社会效益指标群众出行条件改善状况")
    form = forms[0]
    cut = form.indicators[-1]
    assert cut.name.text == "群众出行条件改善状况" and cut.name.source.doubted
    assert cut.target.is_blank and cut.declared_score.is_blank
    expected = {f"indicators[3].{field}" for field in ("target", "actual", "weight", "declared_score")}
    assert expected <= set(form.reading.unreadable)
    assert expected <= {finding.field for finding in findings if finding.code == "R006"}
    # The total never came: its block is missing (R003).
    assert form.missing_sections == ("total",) and "R003" in {finding.code for finding in findings}


_PARAGRAPHS = [
    "绩效目标自评表(2022年度)", "项目名称", "甲村道路硬化项目", "主管部门", "乙县农业农村局",
    "实施单位", "乙县丙镇人民政府",
    "资金情况(万元)", "全年预算数(A)", "全年执行数(B)", "分值", "执行率(B/A)", "得分",
    "年度资金总额:", "50", "50", "10", "100.00%", "10", "其中:本年财政拨款", "50", "50", "", "", "",
    "年度总体目标", "年初设定目标", "年度总体目标完成情况综述", "硬化道路2公里", "已硬化道路2公里",
    "绩效指标", "一级指标", "二级指标", "三级指标", "分值", "年度指标值", "全年实际值", "得分",
    "未完成原因及拟采取的改进措施",
    "产出指标(70分)", "数量指标", "★硬化道路长度", "30", "≥2公里", "≥2公里", "30", "",
    "其中:主路", "", "≥1公里", "≥1公里", "", "",
    "指标2:", "", "", "", "", "",
    "质量指标", "验收合格率", "40", "100%", "100%", "40", "",
    "效益指标(20分)", "社会效益指标", "群众出行条件改善状况", "20", "显著提升", "显著提升", "20", "",
    "满意度指标(10分)", "服务对象满意度指标", "受益群众满意度", "10", "≥95%", "≥95%", "10", "",
    "总分", "100", "100", "注:1.一级指标分值统一设置",
]


def test_paragraph_cells_are_read_with_certainty() -> None:
    # One cell per paragraph, an empty cell a line of spaces: every boundary is known.
    forms, findings, shape = read("\n\n".join(cell or " " for cell in _PARAGRAPHS) + "\n")
    form = forms[0]
    assert shape == "paragraph-cells" and form.reading.confidence == 1.0 and form.reading.unreadable == ()
    assert findings == []
    assert form.project_name.text == "甲村道路硬化项目" and form.project_name.source.confidence == 1.0
    assert form.project_name.source.line == 5  # the third paragraph
    # The empty 指标2: row is a placeholder, dropped; 其中:主路 is a part; ★ a core indicator.
    assert [indicator.name.text for indicator in form.indicators] == [
        "★硬化道路长度", "验收合格率", "群众出行条件改善状况", "受益群众满意度"]
    assert form.indicators[0].core and form.indicators[0].parts[0].actual.raw == "≥1公里"
    assert (form.goal.expected.text, form.goal.achieved.text) == ("硬化道路2公里", "已硬化道路2公里")
    assert all(indicator.target.source.confidence == 1.0 for indicator in form.indicators)


_SPACED = """绩效目标自评表(2022年度)
项目名称 甲村道路 硬化项目
主管部门 乙县农业农村局 实施单位 乙县丙镇人民政府
资金情况(万元) 全年预算数(A) 全年执行数(B) 分值 执行率(B/A) 得分
年度资金总额: 50 50 10 100.00% 10
其中:本年财政拨款 50 50
其他资金
年度总体目标 年初设定目标 年度总体目标完成情况综述
硬化道路2公里 已硬化道路2公里
绩效指标 一级指标 二级指标 三级指标 分值 年度指标值 全年实际值 得分 未完成原因及拟采取的改进措施
产出指标(70分) 数量指标 硬化道路长度 30 ≥2 公里 ≥2 公里 30
质量指标 验收合格率 40 100% 100% 40
效益指标(20分) 社会效益指标 群众出行条件改善状况 20 显著提升 显著提升 20
满意度指标(10分) 服务对象满意度指标 受益群众满意度 10 ≥95% 90% 8 部分群众对工期不满
总分 100 98
注:1.一级指标分值统一设置
"""


def test_spaced_rows_join_a_value_split_at_a_space_and_doubt_it() -> None:
    forms, _, shape = read(_SPACED)
    form = forms[0]
    assert shape == "spaced-rows"
    # 甲村道路 硬化项目: one value with a space in it, or two cells? Joined, and doubted a little.
    assert form.project_name.text == "甲村道路硬化项目" and form.project_name.raw == "甲村道路 硬化项目"
    assert 0.75 <= form.project_name.source.confidence < 1.0
    assert (form.project_name.source.line, form.project_name.source.column) == (2, 2)
    # A unit after a space is glued back to its number.
    assert (form.indicators[0].target.raw, form.indicators[0].target.unit) == ("≥2 公里", "公里")
    last = form.indicators[-1]
    assert (last.target.raw, last.actual.raw, last.weight.raw, last.declared_score.raw, last.deviation_note.text) == (
        "≥95%", "90%", "10", "8", "部分群众对工期不满")
    assert (form.declared_total_weight.raw, form.declared_total_score.raw) == ("100", "98")
    assert form.funding.declared_rate.source.line == 5


# Fused rows whose empty cells vanished, in a form: the count holds where the weights bear it out, and is
# owned up to where they do not.

_XIANJIE_ROWS = ("产出指标(70分)数量指标★硬化道路长度30≥2公里≥2公里30"
                 "质量指标验收合格率20{vanished}档案规范管理率10≥90%≥90%10"
                 "时效指标按期完工率10≥90%≥90%10效益指标(20分)社会效益指标群众出行条件改善状况20显著提升显著提升20"
                 "满意度指标(10分)服务对象满意度指标受益群众满意度10≥95%≥95%10总分10090")


def _with_rows(vanished: str) -> str:
    return _HEAD.format(name="甲村道路硬化项目", funding="505010100.00%10", sub="5050",
                        goal="硬化道路2公里硬化道路2公里") + _XIANJIE_ROWS.format(vanished=vanished) + "\n"


def test_a_row_whose_empty_cells_vanished_keeps_the_rows_apart_and_doubts_where_its_values_go() -> None:
    # 验收合格率 20 100%: 分值 and one measure; which of 指标值 and 实际值 it is, the text cannot say.
    forms, _, _ = read(_with_rows("100%"))
    form = forms[0]
    assert [indicator.name.text for indicator in form.indicators] == [
        "★硬化道路长度", "验收合格率", "档案规范管理率", "按期完工率", "群众出行条件改善状况", "受益群众满意度"]
    row = form.indicators[1]
    assert row.weight.value == Decimal(20) and row.declared_score.is_blank
    assert "100%" in (row.target.raw, row.actual.raw)
    assert all(value.source.doubted for value in (row.target, row.actual, row.weight))
    assert "indicators" not in form.reading.unreadable  # the weights add up to 产出指标(70分): the count holds


def test_rows_the_weights_do_not_bear_out_are_not_counted_on() -> None:
    # 验收合格率 20 合格, its 实际值 and 得分 empty: nothing tells 合格 from the next row's name, and the rows
    # run together. The weights (30 + 10 + 10 under 产出指标(70分)) say a row is missing: the count is owned up to.
    forms, findings, _ = read(_with_rows("合格"))
    form = forms[0]
    assert "indicators" in form.reading.unreadable and form.reading.low_confidence
    lost = [finding for finding in findings if finding.code == "R006" and finding.field == "indicators"]
    assert len(lost) == 1 and "行数无法确定" in lost[0].message



def test_r006_names_the_lost_field_as_the_form_does() -> None:
    from jixiao.model.fields import field_label

    assert field_label("indicators[3].target") == ("第4个三级指标·年度指标值", "indicator 4 › target")
    assert field_label("funding.rows[0].initial_budget") == ("项目资金·第1行·年初预算数",
                                                             "funding › row 1 › initial budget")
    assert field_label("funding.declared_rate") == ("项目资金·执行率", "funding › execution rate")
    assert field_label("indicators[0].parts[1].declared_score") == ("第1个三级指标·其中第2项·得分",
                                                                    "indicator 1 › part 2 › score")
    assert field_label("goal.achieved")[0] == "年度总体目标·实际完成情况"


_SICHUAN_FUNDING = ("部门预算项目支出绩效自评表(2023年度)项目名称甲项目主管部门乙局实施单位丙中心"
                    "预算执行情况(10分){header}年初预算调整后预算数预算执行数预算执行率权重得分原因"
                    "总额4157.984157.982661.1164%106.4结余资金已收回其中:财政资金3866.923866.922474.8364.00%"
                    "部分资金年底未支付其他资金291.06291.06186.2864%--部分资金年底未支付"
                    "绩效指标(90分)一级指标二级指标三级指标指标性质指标值度量单位完成值权重得分未完成原因分析"
                    "产出指标数量指标发放补贴户数≥494户494户9090合计10096.4")


@pytest.mark.parametrize("header", ["", "年度预算数(万元)"])
def test_a_header_the_layout_does_not_name_is_no_stray_figure_of_the_funding(header: str) -> None:
    """Words over the money columns (Sichuan's 年度预算数(万元)) hold no figure: the rows are read after them."""
    forms, _, shape = read(_SICHUAN_FUNDING.format(header=header))
    funding = forms[0].funding
    assert shape == "fused" and forms[0].layout == "sichuan-2023"
    assert [(row.initial_budget.raw, row.executed.raw) for row in funding.rows] == [
        ("4157.98", "2661.11"), ("3866.92", "2474.83"), ("291.06", "186.28")]
    assert (funding.declared_rate.raw, funding.weight.raw, funding.declared_score.raw) == ("64%", "10", "6.4")
    assert not any(path.startswith("funding") for path in forms[0].reading.unreadable)


def test_a_stray_figure_under_the_funding_headers_still_scrambles_the_block() -> None:
    forms, findings, _ = read(_SICHUAN_FUNDING.format(header="4157.98"))
    assert "funding.rows[0].initial_budget" in forms[0].reading.unreadable
    assert any(finding.code == "R006" and finding.field == "funding.rows[0].initial_budget" for finding in findings)


def test_weights_that_add_up_bear_the_count_out_though_the_funding_score_was_lost() -> None:
    from jixiao.ingest.stream.sums import count_doubted
    from jixiao.model import Amount, Funding, Indicator
    from jixiao.model.values import Measure, SourceRef, TextValue

    def row(weight: int, score: int, source: SourceRef | None = None) -> Indicator:
        return Indicator(TextValue(), TextValue(), TextValue("指标", "指标"), Measure(), Measure(),
                         Amount(str(weight), Decimal(weight)), Amount(str(score), Decimal(score), source=source),
                         TextValue())

    rows = [row(50, 48, SourceRef(confidence=0.6)), row(40, 40)]
    layout = get_layout("sichuan-2023")

    def doubted_with(total: str) -> bool:
        return count_doubted(rows, layout, class_points=(), total_weight=Amount("100", Decimal(100)),
                             total_score=Amount(total, Decimal(total)), funding=Funding())

    # The funding's score (up to its 10 points) was not read: a total of 88 to 98 is borne out, 99 is not.
    assert not doubted_with("94.4") and not doubted_with("88") and doubted_with("99") and doubted_with("87")
