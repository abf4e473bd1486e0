"""The sample forms whose rows the text lost, read field by field against the reviewers' labels.

Each sample (``tests/fixtures/samples/NNN.txt``) is read as the loader reads it — ``read_shaped``, then
``detect_layout`` over the stream's tokens, then ``read_stream`` — and every field its label
(``NNN.expected.json``) gives is compared with the form read: project name, department, unit, the
funding total row and its 其中 rows, the goal, every indicator (levels, name, target, actual, weight,
score, note) and the total. A field is

* ``exact``: read as labelled, with a confidence of at least ``settings.DOUBTED_BELOW``;
* ``doubted``: read as labelled, with a lower confidence (the reader says it is not sure);
* ``reported``: blank and either listed in ``Reading.unreadable`` (the text lost it, and the reader says
  so) or left blank on purpose with a doubted source (the reader could not tell the cell from its neighbour);
* ``flagged``: read otherwise than labelled, but with a confidence below ``settings.DOUBTED_BELOW``;
* ``wrong``: anything else — a different value read with confidence, or a blank not reported.

The acceptance is no ``wrong`` field in any sample. Where a label is wrong, ``CORRECTIONS`` gives the
corrected value and says why; labels are otherwise taken as written, except that a level name is compared
without the weight written after it (``产出指标(70分)`` is read as written; the labels drop the ``(70分)``).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from jixiao import settings
from jixiao.ingest.stream.reader import read_stream
from jixiao.ingest.text import read_shaped
from jixiao.layouts import detect_layout
from jixiao.model import Finding, Form, Reading
from jixiao.model.parse import fold
from jixiao.model.values import BLANK_MARKS, Amount, Measure, TextValue

SAMPLES = Path(__file__).parent / "fixtures" / "samples"
NUMBERS = ("002", "004", "006", "007", "009", "013")

# Labels found wrong against the text: (sample, field path) → (corrected value, why).
CORRECTIONS: dict[tuple[str, str], tuple[Any, str]] = {
    ("004", "funding.weight"): (
        None,
        # The label gives 20, taken from the header 预算执行情况(万元)(20分). The form has no weight cell: the
        # 20 is the execution weight the 湖北 layout fixes (scoring.execution_weight = 20), which scoring
        # supplies; the table reader leaves funding.weight blank on this layout too, and so does this one.
    ),
    ("004", "indicators[3].level1"): (
        "满意度指标",
        # The text runs 益标效指 · 意指斥满度打 · 服务对象满意度 · 退捕渔民抽样调查满意度…: two scrambled vertical
        # level-1 labels one after the other — 效益指标, then 满意度指标 with two OCR stray characters (斥, 打)
        # — before the level-2 服务对象满意度(指标), which is a 满意度 class on every form. The 效益指标 block
        # holds no row in the text; the satisfaction row belongs to 满意度指标, not to 效益指标 as labelled.
    ),
}


def read_sample(number: str) -> tuple[Form, list[Finding]]:
    path = SAMPLES / f"{number}.txt"
    shaped = read_shaped(path.read_text(encoding="utf-8"), str(path))
    assert shaped.stream is not None, "every sample here is text whose rows are lost"
    detection = detect_layout(token.text for token in shaped.stream.tokens)
    reading = Reading(shape=str(shaped.shape), layout_confidence=detection.confidence)
    forms, findings = read_stream(shaped.stream, detection.layout, reading=reading)
    assert len(forms) == 1
    return forms[0], findings


def label_of(number: str) -> dict[str, Any]:
    data = json.loads((SAMPLES / f"{number}.expected.json").read_text(encoding="utf-8"))
    assert len(data["forms"]) == 1
    return data["forms"][0]


# --- the labelled fields and how each is compared --------------------------------------------------

TEXT, NUMBER, RAW = "text", "number", "raw"
_INDICATOR_FIELDS = (("level1", "level1", TEXT), ("level2", "level2", TEXT), ("name", "name", TEXT),
                     ("target", "target", RAW), ("actual", "actual", RAW), ("weight", "weight", NUMBER),
                     ("score", "declared_score", NUMBER), ("deviation_note", "deviation_note", TEXT))
_MONEY = ("initial_budget", "full_year_budget", "executed")


def labelled_fields(number: str, label: dict[str, Any]) -> list[tuple[str, Any, str]]:
    """(field path, labelled value, how to compare) for every field the label gives, corrected."""
    fields: list[tuple[str, Any, str]] = [("project_name", label["project_name"], TEXT),
                                          ("competent_department", label["competent_dept"], TEXT),
                                          ("implementing_unit", label["implementing_unit"], TEXT)]
    funding = label["funding"]
    fields += [(f"funding.rows[0].{key}", funding[key], NUMBER) for key in _MONEY]
    fields += [("funding.weight", funding["weight"], NUMBER),
               ("funding.declared_rate", funding["execution_rate_declared"], RAW),
               ("funding.declared_score", funding["score_declared"], NUMBER)]
    for row, source in enumerate(funding["sources"], start=1):
        fields.append((f"funding.rows[{row}].label", source["label"], TEXT))
        fields += [(f"funding.rows[{row}].{key}", source[key], NUMBER) for key in _MONEY]
    fields += [("goal.expected", label["goal_expected"], TEXT), ("goal.achieved", label["goal_actual"], TEXT)]
    for index, indicator in enumerate(label["indicators"]):
        fields += [(f"indicators[{index}].{field}", indicator[key], how) for key, field, how in _INDICATOR_FIELDS]
    fields += [("declared_total_weight", label["total_weight_declared"], NUMBER),
               ("declared_total_score", label["total_score_declared"], NUMBER)]
    return [(path, CORRECTIONS.get((number, path), (value,))[0], how) for path, value, how in fields]


_STEP = re.compile(r"(\w+)(?:\[(\d+)\])?")


def value_at(form: Form, path: str) -> Any:
    node: Any = form
    for step in path.split("."):
        match = _STEP.fullmatch(step)
        assert match is not None
        node = getattr(node, match.group(1))
        if match.group(2) is not None:
            items = node
            node = items[int(match.group(2))] if int(match.group(2)) < len(items) else None
            if node is None:
                return None
    return node


def _is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, TextValue):
        return not value.text
    if isinstance(value, Amount | Measure):
        return value.is_blank or value.raw.strip() in BLANK_MARKS
    raise TypeError(value)


# The weight written after a level name: 产出指标(70分), 满意度指标 (10分).
_LEVEL_WEIGHT = re.compile(r"\s*[(（]\s*\d+(?:\.\d+)?\s*分\s*[)）]\s*$")


def _equal(value: Any, expected: Any, how: str, path: str) -> bool:
    if how == TEXT:
        text = _LEVEL_WEIGHT.sub("", value.text) if path.endswith((".level1", ".level2")) else value.text
        return fold(text) == fold(expected)
    if how == NUMBER:
        return value.value == Decimal(str(expected))
    return fold(value.raw) == fold(str(expected))


def _confidence(value: Any) -> float:
    source = getattr(value, "source", None)
    return 1.0 if source is None or source.confidence is None else source.confidence


def judge(form: Form, path: str, expected: Any, how: str) -> str:
    """exact, doubted, reported, flagged or wrong (see the module's docstring)."""
    value = value_at(form, path)
    expected_blank = expected is None or (isinstance(expected, str) and expected.strip() in BLANK_MARKS)
    sure = _confidence(value) >= settings.DOUBTED_BELOW
    if _is_blank(value):
        if path in form.reading.unreadable:
            return "reported"
        if expected_blank:
            return "exact"
        return "wrong" if sure else "reported"
    if expected_blank or not _equal(value, expected, how, path):
        return "wrong" if sure else "flagged"
    return "exact" if sure else "doubted"


def tally(number: str) -> tuple[Counter[str], dict[str, str]]:
    form, _ = read_sample(number)
    fields = labelled_fields(number, label_of(number))
    verdicts = {path: judge(form, path, expected, how) for path, expected, how in fields}
    return Counter(verdicts.values()), verdicts


# --- every sample: no labelled field wrong, and how many were read exactly -------------------------

# The accuracy per sample: labelled fields read exactly / read but doubted / reported lost.
EXPECTED_TALLIES = {
    "002": {"exact": 45},  # pipe-cells: every boundary certain
    "004": {"exact": 36, "doubted": 9},  # fused, OCR'd, scrambled level labels (doubted)
    "006": {"exact": 128, "doubted": 81, "reported": 16},  # scrambled funding and rows 1–5; levels inferred
    "007": {"exact": 92, "doubted": 1},  # fused: every split unique; where the project name ends is not
    # fused, one OCR'd target; the goal's split lost; 100%无没有轮换、动用库存 read as an empty actual and the
    # note 无没有轮换、动用库存, both doubted (the label has 无 | 没有轮换、动用库存; the text cannot tell)
    "009": {"exact": 140, "doubted": 5, "reported": 3, "flagged": 1},
    "013": {"exact": 96, "doubted": 9},  # spaced rows; level-1 names inferred from (50分)
}


@pytest.mark.parametrize("number", NUMBERS)
def test_no_labelled_field_is_read_wrong(number: str) -> None:
    counts, verdicts = tally(number)
    assert [path for path, verdict in verdicts.items() if verdict == "wrong"] == []
    assert dict(counts) == EXPECTED_TALLIES[number]


def test_the_tallies_cover_every_labelled_field() -> None:
    for number in NUMBERS:
        assert sum(EXPECTED_TALLIES[number].values()) == len(labelled_fields(number, label_of(number)))


# --- what each sample shows ----------------------------------------------------------------------


def codes(findings: list[Finding]) -> Counter[str]:
    return Counter(finding.code for finding in findings)


def test_002_pipe_cells_are_read_with_certainty() -> None:
    form, findings = read_sample("002")
    assert form.layout == "sichuan-2023" and form.reading.shape == "pipe-cells"
    assert form.reading.confidence == 1.0 and form.reading.unreadable == () and form.missing_sections == ()
    assert codes(findings) == Counter()
    # Each value points at its line of the file (one cell per line, so the column is 1).
    assert (form.project_name.source.line, form.project_name.source.column) == (9, 1)
    assert form.funding.total.initial_budget.source.line == 32  # 238.93 under 年初预算
    # Sichuan splits the target into 指标性质 · 指标值 · 度量单位 (= | 100 | %): joined back.
    assert form.indicators[0].target.raw == "=100%" and form.indicators[0].target.source.line == 82
    # 合计 | 100 | | : the weight, and a score left empty (the form was never filled in).
    assert form.declared_total_weight.value == Decimal(100) and form.declared_total_score.is_blank
    assert form.year == 2023


def test_004_fused_ocr_preview() -> None:
    form, findings = read_sample("004")
    assert form.layout == "hubei-2020" and form.reading.shape == "fused"
    # A 湖北 form has no 年度总体目标 block (the layout declares it optional): the scrambled 度效标O0B年绩目1分EB
    # is 年度绩效目标(80分), the indicator block's own header. The goal is blank, and nothing is missing.
    assert form.goal.expected.is_blank and form.goal.achieved.is_blank
    assert form.missing_sections == () and codes(findings)["R003"] == 0
    assert form.reading.unreadable == ()
    # 1.561.56120 under 预算数 · 执行数 · 执行率 · 得分: 1.56 | 1.56 | 1 | 20. The form has no weight cell
    # (预算执行情况(20分) is a header; the layout's scoring holds the 20): blank, as the table reader leaves it.
    funding = form.funding
    assert [funding.total.full_year_budget.raw, funding.total.executed.raw] == ["1.56", "1.56"]
    assert (funding.declared_rate.raw, funding.declared_score.raw) == ("1", "20")
    assert funding.weight.is_blank and "funding.weight" not in form.reading.unreadable
    # 出标产指 is 产出指标 scrambled: read, but doubted.
    assert form.indicators[0].level1.text == "产出指标" and form.indicators[0].level1.source.doubted
    # 补贴渔船数6620: 6 | 6 | 20.
    first = form.indicators[0]
    assert (first.name.text, first.target.raw, first.actual.raw, first.declared_score.raw) == (
        "补贴渔船数", "6", "6", "20")
    # The page marker 2、 cut 100% in two; the text module joined the page, the row reads whole.
    assert form.indicators[2].target.raw == "100%" and form.indicators[2].name.text == "12月底之前完成"
    # 290% is ≥90% OCR'd (the notes say so: 目标值为2X): read with the sign, and doubted.
    last = form.indicators[3]
    assert last.actual.raw == "≥90%" and last.actual.source.confidence <= 0.6
    assert last.declared_score.value == Decimal(40)
    # 湖北 forms have no per-indicator weight: 总分100 is one number (not 10 | 0), the sum of the scores.
    assert form.declared_total_score.value == Decimal(100) and form.declared_total_weight.is_blank
    assert form.declared_total_score.source.confidence == 0.8
    assert form.reading.low_confidence and codes(findings)["R007"] == 1


def test_006_scrambled_spreadsheet_text() -> None:
    form, findings = read_sample("006")
    assert form.layout == "national-2020" and form.reading.shape == "spaced-flat"
    # The funding block was read out of order: no budget can be placed, so none is; each is reported.
    for row in range(4):
        for column in ("initial_budget", "full_year_budget", "executed"):
            path = f"funding.rows[{row}].{column}"
            assert value_at(form, path).is_blank and path in form.reading.unreadable
    lost = [finding for finding in findings if finding.code == "R006" and finding.field.startswith("funding.rows")]
    assert len(lost) == 12 and all(finding.location.line == 2 for finding in lost)
    # One run of the values reads as exactly one weight · rate · score triple: kept, doubted.
    funding = form.funding
    assert (funding.weight.raw, funding.declared_rate.raw, funding.declared_score.raw) == ("10", "100%", "10")
    assert form.funding.weight.source.doubted
    # 指标1, 指标2, 指标5 and the values of five rows read column-first: 指标3 and 指标4 have no name in
    # the text (reported), and the values are placed in the one order that fits, doubted.
    assert form.indicators[2].name.is_blank and "indicators[2].name" in form.reading.unreadable
    assert form.indicators[3].name.is_blank and "indicators[3].name" in form.reading.unreadable
    for index in range(5):
        assert form.indicators[index].target.source.doubted and form.indicators[index].declared_score.source.doubted
    assert [form.indicators[index].target.raw for index in range(5)] == [
        "38508人", "不少于12 种", "不少于6 种", "116次", "6次"]
    # The text is cut off inside the 质量指标 block (the label stops at 指标25): the 26th row's name is
    # cut too (doubted) and its values are reported lost; the 总分 block is missing (R003).
    assert len(form.indicators) == 26
    cut = form.indicators[25]
    assert cut.name.text == "指标1:提升国家基本" and cut.name.source.doubted
    assert {f"indicators[25].{field}" for field in ("target", "actual", "weight", "declared_score")} <= set(
        form.reading.unreadable)
    assert form.missing_sections == ("total",) and codes(findings)["R003"] == 1
    # No level label precedes rows 1–25: 数量指标 (the level-2 before 质量指标) and 产出指标, inferred, doubted.
    assert form.indicators[0].level2.text == "数量指标" and form.indicators[0].level2.source.doubted
    assert form.indicators[0].level1.text == "产出指标"


def test_007_fused_cells_split_by_column() -> None:
    form, findings = read_sample("007")
    assert form.layout == "xianjie-2022" and form.reading.shape == "fused"
    assert form.reading.unreadable == () and codes(findings) == Counter({"R007": 1})
    # …水标尺制作安装项目负责人及电话: the name may end in 项目 (then 负责人及电话) or before it (then
    # 项目负责人及电话); forms write both. Read short, as the label has it, and doubted: the form is R007.
    assert form.project_name.text.endswith("制作安装") and form.project_name.source.confidence == 0.6
    assert form.reading.confidence == 0.6
    total = form.funding.total
    assert (total.full_year_budget.raw, total.executed.raw, form.funding.weight.raw, form.funding.declared_rate.raw,
            form.funding.declared_score.raw) == ("20", "20", "10", "100.00%", "10")
    assert (form.funding.rows[1].full_year_budget.raw, form.funding.rows[1].executed.raw) == ("20", "20")
    # The two goal cells ran together; the second repeats the end of the first, and is split there.
    assert form.goal.achieved.text == "对项目区农业用水计量,为项目区农业生产夯实基础,"
    assert form.goal.expected.source.confidence == 0.8
    # 1020万元20万元10 (分值 before 年度指标值): 10 | 20万元 | 20万元 | 10; 显著提升显著提升10: a text pair.
    cost = form.indicators[5]
    assert (cost.weight.raw, cost.target.raw, cost.actual.raw, cost.declared_score.raw) == (
        "10", "20万元", "20万元", "10")
    assert (form.indicators[7].target.raw, form.indicators[7].actual.raw) == ("显著提升", "显著提升")
    # 经济效益指标 has no row, and the ……  placeholder row is dropped: nine indicators.
    assert len(form.indicators) == 9
    assert (form.declared_total_weight.raw, form.declared_total_score.raw) == ("100", "100")
    assert form.title.text == "绩效目标自评表(2022年度)" and form.year == 2022


def test_009_county_form_without_scores() -> None:
    form, findings = read_sample("009")
    assert form.layout == "unweighted-county" and form.reading.shape == "fused"
    # 保持和稳定地方粮食储备机制地方储备粮食规模达标: two cells, no repeated phrase to split them at.
    assert form.goal.expected.is_blank and form.goal.achieved.is_blank
    goal = [finding for finding in findings if finding.field.startswith("goal.")]
    assert [finding.code for finding in goal] == ["R006", "R006"]
    assert goal[0].raw == "保持和稳定地方粮食储备机制地方储备粮食规模达标" and goal[0].location.line == 3
    # No weights, no scores: blank because the form has none, not lost; no 总分 block expected.
    assert form.funding.weight.is_blank and "funding.weight" not in form.reading.unreadable
    assert form.missing_sections == ()
    # Wrapped cells keep their spaces in raw and lose them in text; 290% is ≥90% (no ≥ anywhere in it).
    assert form.indicators[0].name.text == "5000吨稻谷、500吨成品粮储备到位率"
    assert "成 品" in form.indicators[0].name.raw
    assert form.indicators[15].target.raw == "≥90%" and form.indicators[15].target.source.doubted
    # 100%无没有轮换、动用库存: 无 may be the actual (against a target of 100%) or the start of the note;
    # the reader cannot tell, keeps the target and says so about the other two.
    row = form.indicators[10]
    assert row.target.raw == "100%"
    assert row.actual.is_blank and row.actual.source.doubted
    assert row.deviation_note.text == "无没有轮换、动用库存" and row.deviation_note.source.doubted


def test_013_spaced_rows() -> None:
    form, findings = read_sample("013")
    assert form.layout == "anhui" and form.reading.shape == "spaced-rows"
    assert form.reading.unreadable == ()
    # 年度资金总额: 880 880 880 10 10 — five values for six columns: the rate (10 is not 880/880) is the empty one.
    total = form.funding.total
    assert [total.initial_budget.raw, total.full_year_budget.raw, total.executed.raw] == ["880"] * 3
    funding = form.funding
    assert (funding.weight.raw, funding.declared_rate.raw, funding.declared_score.raw) == ("10", "", "10")
    assert form.funding.weight.source.line == 12
    # 主管部门 实施单位 天长市水利局: the department's cell is empty.
    assert form.competent_department.is_blank and form.implementing_unit.text == "天长市水利局"
    # (50分) stands where 产出指标 was: the class is inferred from 数量指标, doubted.
    first = form.indicators[0]
    assert (first.level1.text, first.level2.text) == ("产出指标", "数量指标") and first.level1.source.doubted
    # 指标1:工程质量合格 10 10: on a weighted form two values are the weight and the score.
    assert (form.indicators[2].weight.raw, form.indicators[2].declared_score.raw) == ("10", "10")
    assert form.indicators[2].target.is_blank
    # Empty 指标2: and …… rows are placeholders: ten indicators remain.
    assert len(form.indicators) == 10
    assert codes(findings) == Counter({"R007": 1})
