"""The indicators of a generated form: 3–12 of them under the layout's own level-1/level-2 classes, with
weights that sum to the layout's indicator points (per class where the layout fixes the classes'
points), scores that follow from the actuals, ★ core marks and 其中 parts where the layout has them."""

from __future__ import annotations

import random
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

from jixiao.layouts import Layout
from jixiao.model.parse import fold
from jixiao.synth import words
from jixiao.synth.forms import IndicatorSpec
from jixiao.synth.measures import Measure, draw_measure
from jixiao.synth.numbers import fmt
from jixiao.synth.style import style_of

_TENTH = Decimal("0.1")
# Splitting a class's points: each indicator gets at least this many.
_MIN_WEIGHT = 1


def draw_indicators(layout: Layout, rng: random.Random, year: int) -> tuple[IndicatorSpec, ...]:
    """3–12 indicators, grouped by class in the layout's order, weighted and scored as it scores."""
    classes = _classes(layout)
    groups = _drawn_groups(layout, classes, rng)
    points = _class_points(layout, groups, rng)
    split = "operator" in layout.indicator_columns.order
    columns = set(layout.indicator_columns.order)
    core_mark = layout.core_mark
    result: list[IndicatorSpec] = []
    for level1, level2s in groups:
        weights = _split_points(points.get(level1, Decimal(0)), len(level2s), rng)
        label = _level1_label(layout, level1)
        for level2, weight in zip(level2s, weights, strict=True):
            measure = draw_measure(_kind(level2), rng, year)
            indicator = _indicator(label, level2, measure, weight, split, columns, layout, rng)
            if core_mark and rng.random() < 0.3:
                name = f"{core_mark}{indicator.name}" if rng.random() < 0.7 else f"{indicator.name}{core_mark}"
                indicator = replace(indicator, name=name, core=True)
            if layout.sub_row_marks and measure.kind == "count" and rng.random() < 0.3:
                indicator = replace(indicator, parts=_parts(indicator, measure, layout, split, rng))
            result.append(indicator)
    return tuple(result)


def _classes(layout: Layout) -> dict[str, tuple[str, ...]]:
    """Level-1 class → its level-2 classes. A layout lists its level-2 classes class by class, so each
    belongs to the level-1 class last named in it or before it: 数量/质量/时效指标 to the first
    (产出指标), 经济效益指标 opens 效益指标 and 可持续影响指标 stays in it, 经济成本指标 opens 成本指标."""
    level1s = layout.level1_names or ("产出指标",)
    classes: dict[str, list[str]] = {name: [] for name in level1s}
    current = level1s[0]
    for level2 in layout.level2_names:
        current = next((name for name in level1s if name.removesuffix("指标") in level2), current)
        classes[current].append(level2)
    return {name: tuple(level2s) or (name,) for name, level2s in classes.items()}


def _drawn_groups(layout: Layout, classes: dict[str, tuple[str, ...]],
                  rng: random.Random) -> list[tuple[str, list[str]]]:
    """(level-1, the level-2 class of each of its indicators), 3–12 indicators in all.

    Classes with fixed points are all present; so are the level-2 classes that the layout's detection
    looks for (经济成本指标 … on 2021 forms), at least two of them, as on its real forms.
    """
    fixed = {name for name in classes if _fixed_points(layout, name) is not None}
    wanted = [name for name in layout.level2_names if name in layout.markers]
    wanted = rng.sample(wanted, min(len(wanted), max(2, rng.randint(0, len(wanted)))))
    present = [name for name in classes if name in fixed or rng.random() < 0.7 or name == next(iter(classes))
               or any(level2 in classes[name] for level2 in wanted)]
    count = max(rng.randint(3, 12), len(present), len(wanted))
    drawn: dict[str, list[str]] = {name: [] for name in present}
    for level2 in wanted:
        owner = next(name for name in present if level2 in classes[name])
        drawn[owner].append(level2)
    for name in present:
        if not drawn[name]:
            drawn[name].append(rng.choice(classes[name]))
    while sum(map(len, drawn.values())) < count:
        name = rng.choice(present)
        drawn[name].append(rng.choice(classes[name]))
    # Keep each level-2 class together, in the layout's order, as merged cells require.
    order = {level2: i for i, level2 in enumerate(layout.level2_names)}
    return [(name, sorted(drawn[name], key=lambda level2: order.get(level2, -1))) for name in present]


def _fixed_points(layout: Layout, level1: str) -> Decimal | None:
    key = fold(level1)
    return next((points for stem, points in layout.scoring.level1_weights if key.startswith(stem)), None)


def _class_points(layout: Layout, groups: list[tuple[str, list[str]]], rng: random.Random) -> dict[str, Decimal]:
    """Points per level-1 class: the layout's fixed points, or the indicator points spread at random
    (unweighted layouts spread them too: the scores still need a ceiling)."""
    total = layout.scoring.indicator_points or Decimal(90)
    fixed = {name: _fixed_points(layout, name) for name, _ in groups}
    if all(points is not None for points in fixed.values()):
        return {name: points for name, points in fixed.items() if points is not None}
    sizes = [len(level2s) for _, level2s in groups]
    parts = _split_points(total, len(groups), rng, minimum=[Decimal(size) for size in sizes])
    return {name: part for (name, _), part in zip(groups, parts, strict=True)}


def _split_points(total: Decimal, count: int, rng: random.Random,
                  minimum: list[Decimal] | None = None) -> list[Decimal]:
    """``total`` in ``count`` whole parts (each at least its ``minimum``), summing to ``total`` exactly."""
    if count == 0:
        return []
    floors = minimum or [Decimal(_MIN_WEIGHT)] * count
    spare = int(total - sum(floors))
    cuts = sorted(rng.randint(0, max(spare, 0)) for _ in range(count - 1))
    extras = [b - a for a, b in zip([0, *cuts], [*cuts, max(spare, 0)], strict=True)]
    return [floor + extra for floor, extra in zip(floors, extras, strict=True)]


def _level1_label(layout: Layout, level1: str) -> str:
    points = _fixed_points(layout, level1)
    if points is not None and style_of(layout).level1_points:
        return f"{level1}（{fmt(points)}分）"
    return level1


def _kind(level2: str) -> str:
    """The kind of target a level-2 class sets (see ``measures.draw_measure``)."""
    for stem, kind in (("满意度", "satisfaction"), ("数量", "count"), ("质量", "quality"), ("时效", "time"),
                       ("社会成本", "cost_effect"), ("生态环境成本", "cost_effect"), ("成本", "cost"),
                       ("经济效益", "economic"), ("社会效益", "social"), ("生态效益", "eco"), ("可持续", "sustain")):
        if stem in level2:
            return kind
    return "social"


# Ways a unit types ≥ and ≤ in a target cell that is not split.
_GE_GLYPHS = ("≥", "≥", "≥", "≧", ">=", "不低于")
_LE_GLYPHS = ("≤", "≤", "≦", "<=", "不超过")


def _indicator(level1: str, level2: str, measure: Measure, weight: Decimal, split: bool, columns: set[str],
               layout: Layout, rng: random.Random) -> IndicatorSpec:
    name = rng.choice(words.NAMES.get(measure.kind, words.NAMES["social"]))
    if rng.random() < 0.1:
        name = f"指标{rng.randint(1, 9)}：{name}"
    unfilled = rng.random() < 0.05  # an indicator the unit left without its actual and score
    score = (weight * measure.achieved).quantize(_TENTH, ROUND_HALF_UP)
    if split:
        # 指标性质: the sign, or 定性 for a qualitative target; a bare number is 定量 or left blank.
        qualitative = not measure.unit and not measure.value.isdigit()
        sign = measure.sign or ("定性" if qualitative else rng.choice(("", "定量")))
        target, operator, unit = measure.value, sign, measure.unit
        actual = measure.actual_bare if rng.random() < 0.6 else measure.actual
    else:
        glyph = {"≥": _GE_GLYPHS, "≤": _LE_GLYPHS}.get(measure.sign, (measure.sign,))
        target, operator, unit = f"{rng.choice(glyph)}{measure.value}{measure.unit}", "", ""
        actual = measure.actual
    weighted = "weight" in columns and layout.scoring.weighted
    scored = "score" in columns and layout.scoring.scored
    note = rng.choice(words.NOTES) if measure.achieved < 1 else rng.choice(words.SHORT_NOTES)
    return IndicatorSpec(
        level1=level1, level2=level2, name=name, target=target, actual="" if unfilled else actual,
        weight=fmt(weight) if weighted else "", score=fmt(score) if scored and not unfilled else "",
        note=note if "note" in columns else "", operator=operator, unit=unit)


def _parts(parent: IndicatorSpec, measure: Measure, layout: Layout, split: bool,
           rng: random.Random) -> tuple[IndicatorSpec, ...]:
    """1–2 其中 rows under a count indicator: a share of its target and actual, no weight or score."""
    mark = layout.sub_row_marks[0]
    parts = []
    for label in rng.sample(("脱贫户", "监测户", "脱贫人口", "女性", "新建", "改造"), rng.randint(1, 2)):
        target = max(1, int(measure.value) * rng.randint(20, 60) // 100)
        actual = max(0, int(measure.actual_bare) * rng.randint(20, 60) // 100)
        colon = rng.choice((":", "：", ""))
        if split:
            cells = {"target": str(target), "operator": measure.sign, "unit": measure.unit, "actual": str(actual)}
        else:
            cells = {"target": f"{measure.sign}{target}{measure.unit}", "operator": "", "unit": "",
                     "actual": f"{actual}{measure.unit}"}
        parts.append(IndicatorSpec(level1=parent.level1, level2=parent.level2, name=f"{mark}{colon}{label}", **cells))
    return tuple(parts)
