"""The benchmark corpus: forms shaped like the founding sample, varied in names, numbers and texts.

The four founding forms are read with jixiao and used as templates. Each generated form takes one of
them, changes its project name, units, money, indicator figures, scores and goal texts with a seeded
random generator, and is written back in the dump shape of the founding sample (one cell per line
behind a tab, a blank line between rows, merged cells as empty cells, the odd title without its tab).
The same seed gives the same corpus byte for byte.
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import jixiao
from jixiao.model import Form, Indicator, MeasureKind

ROOT = Path(__file__).resolve().parent.parent
FOUNDING_SAMPLE = ROOT / "tests" / "fixtures" / "founding_sample.txt"
SEED = 20200225  # the date of 财预〔2020〕10号

PLACES = ("昌吉州", "呼图壁县", "玛纳斯县", "奇台县", "吉木萨尔县", "木垒县", "阜康市", "昌吉市", "伊犁州", "哈密市")
UNITS = ("扶贫开发办公室", "农业农村局", "财政局", "教育局", "卫生健康委员会", "水利局", "民政局",
         "人力资源和社会保障局")
TOPICS = ("脱贫攻坚调研、督促指导", "扶贫指导", "专项培训、督查", "农村饮水安全巩固提升", "乡村振兴示范村建设",
          "易地扶贫搬迁后续扶持", "贫困劳动力技能培训", "产业扶贫奖补", "教育资助", "危房改造")
ODD_NAMES = ("项目\u3000经费", "Ｐｒｏｊｅｃｔ　经费", "经费（第𠀀期）", "经费 ", "“两不愁三保障”经费", "经费\u200b")
NOTES = ("/", "无", "实施精准帮扶，", "受疫情影响，部分工作延后完成，下一步加强统筹。", "需不断提升干部综合素质", "")
OPERATOR_GLYPHS = ("", "≥", "≧", ">=", "＞", "=", "＝", "≤")


@dataclass(frozen=True)
class IndicatorRow:
    level1: str
    level2: str
    name: str
    target: str
    actual: str
    weight: str
    score: str
    note: str


@dataclass(frozen=True)
class FormSpec:
    tab_before_title: bool
    year: int
    project: str
    department: str
    unit: str
    initial: str
    full_year: str
    executed: str
    weight: str
    rate: str
    score: str
    goal_expected: str
    goal_achieved: str
    indicators: tuple[IndicatorRow, ...]
    total_weight: str
    total_score: str


def render(spec: FormSpec) -> str:
    """The form as a dump: the row and cell shape of the founding sample."""
    rows: list[list[str]] = [
        [("\t" if spec.tab_before_title else "") + "项目支出绩效自评表"],
        [f"\t（{spec.year}年度）"],
        _cells("项目名称", spec.project),
        _cells("主管部门", spec.department, "实施单位", spec.unit),
        _cells("项目资金       （万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"),
        _cells("", "年度资金总额", spec.initial, spec.full_year, spec.executed, spec.weight, spec.rate, spec.score),
        *(_cells("", label, "", "", "", "—", "", "—") for label in ("其中：当年财政拨款", "      上年结转资金",
                                                                    "  其他资金")),
        _cells("年度总体目标", "预期目标", "实际完成情况"),
        _cells("", spec.goal_expected, spec.goal_achieved),
        _cells("绩              效    指    标", "一级指标", "二级指标", "三级指标", "年度", "实际", "分值", "得分",
               "偏差原因分析及改进措施"),
        _cells("", "", "", "", "指标值", "完成值", "", "", ""),
    ]
    previous = IndicatorRow("", "", "", "", "", "", "", "")
    for row in spec.indicators:
        # Merged level-1 and level-2 cells: written once, then left empty below.
        level1 = row.level1 if row.level1 != previous.level1 else ""
        level2 = row.level2 if row.level2 != previous.level2 or level1 else ""
        rows.append(_cells("", level1, level2, row.name, row.target, row.actual, row.weight, row.score, row.note))
        previous = row
    rows.append(_cells("总分", spec.total_weight, spec.total_score, ""))
    return "\n\n".join("\n".join(row) for row in rows) + "\n\n"


def _cells(*texts: str) -> list[str]:
    return [f"\t{text}" for text in texts]


def template_forms() -> list[Form]:
    return jixiao.read(FOUNDING_SAMPLE)


def vary(form: Form, rng: random.Random, serial: int) -> FormSpec:
    """A new form spec from a founding form: other names, figures, scores and texts."""
    indicators = [_vary_indicator(ind, rng) for ind in form.indicators]
    rng.shuffle(indicators)
    count = rng.randint(max(1, len(indicators) - 3), min(15, len(indicators) + 4))
    while len(indicators) < count:
        indicators.append(_vary_indicator(rng.choice(form.indicators), rng))
    # Keep each class together, as merged cells require.
    indicators = sorted(indicators[:count], key=lambda row: (_LEVEL1_ORDER.get(row.level1, 9), row.level2))
    budget = Decimal(rng.randint(5, 50000)) / 100
    executed = (budget * Decimal(rng.randint(55, 100)) / 100).quantize(Decimal("0.01"))
    rate = executed / budget
    execution_score = (10 * min(rate, Decimal(1))).quantize(Decimal("0.1"))
    total = execution_score + sum((_number(row.score) for row in indicators), Decimal(0))
    if rng.random() < 0.1:
        total -= Decimal("0.1")  # the occasional total that does not add up (as in form 4)
    return FormSpec(
        tab_before_title=rng.random() < 0.7,
        year=rng.choice((2019, 2020, 2020, 2020, 2021)),
        project=_project_name(rng, serial),
        department=f"{rng.choice(PLACES)}{rng.choice(UNITS)}",
        unit=f"{rng.choice(PLACES)}{rng.choice(UNITS)}",
        initial=_fmt(budget),
        full_year="" if rng.random() < 0.3 else _fmt(budget),
        executed=_fmt(executed),
        weight="10",
        rate=f"{_fmt((rate * 100).quantize(Decimal('0.01')))}%",
        score=_fmt(execution_score),
        goal_expected=_shuffled_text(form.goal.expected.text, rng),
        goal_achieved=_shuffled_text(form.goal.achieved.text, rng),
        indicators=tuple(indicators),
        total_weight="100",
        total_score=_fmt(total),
    )


_LEVEL1_ORDER = {"产出指标": 0, "效益指标": 1, "满意度指标": 2}


def _vary_indicator(indicator: Indicator, rng: random.Random) -> IndicatorRow:
    target, actual = indicator.target, indicator.actual
    weight = indicator.weight.value or Decimal(10)
    target_text, actual_text, score = target.raw, actual.raw, weight
    if target.kind is MeasureKind.NUMBER and target.number:
        unit = target.unit or ""
        high = 100 if unit == "%" else 500
        t = Decimal(rng.randint(1, high))
        a = min(Decimal(high), (t * Decimal(rng.randint(70, 160)) / 100).quantize(Decimal(1)))
        glyph = rng.choice(OPERATOR_GLYPHS)
        target_text = f"{glyph}{_fmt(t)}{unit}"
        actual_text = f"{_fmt(a)}{actual.unit or unit}"
        if glyph == "≤":
            score = weight if a <= t else (weight * t / a).quantize(Decimal("0.1"))
        else:
            score = weight if a >= t else (weight * a / t).quantize(Decimal("0.1"))
    elif target.kind is MeasureKind.TEXT:
        score = weight - rng.choice((0, 0, 0, 1, 2))
    name = indicator.name.text
    if rng.random() < 0.5:
        name = f"{rng.choice(PLACES)}{name}"
    return IndicatorRow(level1=indicator.level1.text, level2=indicator.level2.text, name=name,
                        target=target_text, actual=actual_text, weight=_fmt(weight), score=_fmt(score),
                        note=rng.choice(NOTES) if score < weight else "/")


def _project_name(rng: random.Random, serial: int) -> str:
    name = f"{rng.choice(PLACES)}{rng.choice(TOPICS)}项目经费"
    if rng.random() < 0.05:
        name += rng.choice(ODD_NAMES)
    return f"{name}（{serial}）" if rng.random() < 0.5 else name


def _shuffled_text(text: str, rng: random.Random) -> str:
    parts = [part for part in text.replace("；", "，").split("，") if part]
    rng.shuffle(parts)
    return "，".join(parts[: rng.randint(max(1, len(parts) // 2), len(parts))]) + "。"


def _number(text: str) -> Decimal:
    return Decimal(text) if text else Decimal(0)


def _fmt(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def build_corpus(directory: Path, files: int = 100, forms_per_file: int = 100, seed: int = SEED) -> list[Path]:
    """Write ``files`` dump files of ``forms_per_file`` forms each into ``directory``; their paths."""
    rng = random.Random(seed)
    templates = template_forms()
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    serial = 0
    for number in range(1, files + 1):
        parts = []
        for _ in range(forms_per_file):
            serial += 1
            parts.append(render(vary(rng.choice(templates), rng, serial)))
        path = directory / f"corpus_{number:03d}.txt"
        path.write_text("\n".join(parts), encoding="utf-8")
        paths.append(path)
    return paths


def pin_to_one_core() -> str:
    """Run this process and its children on one core, so that 'forms/s' means one core's work."""
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned"
    core = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    return f"pinned to core {core}"
