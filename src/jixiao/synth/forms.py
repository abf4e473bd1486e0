"""Random but plausible 项目支出绩效自评表 (self-evaluation forms) of any layout, as specs of cell texts.

``random_form(layout, rng)`` draws a form a unit could have filled in on that layout's table: names,
money that adds up, goal texts, 3–12 indicators under the layout's own level-1/level-2 classes with
targets and actuals of every kind (``≥90%``, ``5次``, ``≤0.27万元``, ``2020年12月31日前``, ``显著提升``),
weights that sum to the layout's indicator points (per class where the layout fixes the classes'
points) and scores that follow from the actuals, the 总分. A column the layout lacks stays empty in
the spec; a value the unit left blank is blank. ``jixiao.synth.table.layout_rows`` writes a spec as
the rows of the layout's table, ``jixiao.synth.expect`` says what reading it must give back.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from jixiao.layouts import Layout
from jixiao.model import FundKind
from jixiao.model.parse import fold
from jixiao.synth import words
from jixiao.synth.style import YEAR_AFTER, YEAR_BEFORE, YEAR_ROW, Style, style_of

_CENT = Decimal("0.01")
_TENTH = Decimal("0.1")
# Splitting a class's points: each indicator gets at least this many.
_MIN_WEIGHT = 1


@dataclass(frozen=True, slots=True)
class Presentation:
    """How this form's table is drawn where the layout allows several ways (no value depends on it)."""

    year_at: str = YEAR_ROW
    departments_on_one_row: bool = True
    two_row_indicator_header: bool = False  # 年度 / 指标值 wrapped onto a second header row
    spaced_section_labels: bool = False  # 绩 效 指 标, as Word tables often space a tall merged cell
    indented_fund_labels: bool = False  # ``      上年结转资金``, as the founding sample indents them
    wide_punctuation: bool = False  # 其中：… and （万元） in full-width forms
    # A row naming the goal block's part between its label and its headers (Sichuan's 1.项目年度目标完成情况).
    goal_subheader: bool = False


@dataclass(frozen=True, slots=True)
class FundingLine:
    """One row of the funding block (项目资金 / 预算执行情况): its label and each column's cell as written.

    Money is in the layout's unit (万元, or 元 on Yunnan forms); ``rate`` is the 执行率 cell; ``weight``
    and ``score`` are filled on the total row only; ``note`` is Sichuan's 原因.
    """

    label: str
    kind: FundKind
    initial_budget: str = ""
    full_year_budget: str = ""
    executed: str = ""
    rate: str = ""
    weight: str = ""
    score: str = ""
    note: str = ""

    def cell(self, name: str) -> str:
        return getattr(self, name)


@dataclass(frozen=True, slots=True)
class IndicatorSpec:
    """One 三级指标 (level-3 indicator) row as written, with its level-1/level-2 classes (in full: the
    table writes them once per merged group).

    ``target`` is the 年度指标值 cell; layouts that split it (Sichuan, Yunnan) write the sign in
    ``operator`` (指标性质) and the unit in ``unit`` (度量单位). ``parts`` are the 其中 rows under it
    (衔接资金 forms), which carry no weight or score.
    """

    level1: str
    level2: str
    name: str
    target: str
    actual: str
    weight: str = ""
    score: str = ""
    note: str = ""
    operator: str = ""
    unit: str = ""
    core: bool = False
    parts: tuple[IndicatorSpec, ...] = ()

    def cell(self, name: str) -> str:
        return getattr(self, name)


@dataclass(frozen=True, slots=True)
class FormSpec:
    """A whole form as cell texts, the layout it is drawn on, and how its table is drawn."""

    layout: str
    money_unit: str
    title: str
    year: int
    year_row: str  # （2020年度） under the title, or "" when the year stands in the title
    project_name: str
    department: str
    unit: str
    lead: str = ""  # 项目负责人及电话; "" when the layout's form has none
    unit_line: tuple[str, ...] = ()  # Hubei's 单位名称 · 填报日期 row
    categories: tuple[tuple[str, str], ...] = ()  # Hubei's 项目类别 / 项目属性 / 项目类型 rows
    funding: tuple[FundingLine, ...] = ()
    has_goal: bool = True
    goal_expected: str = ""
    goal_achieved: str = ""
    indicators: tuple[IndicatorSpec, ...] = ()
    has_total: bool = True
    total_weight: str = ""
    total_score: str = ""
    grade: str = ""
    closing: tuple[tuple[str, str], ...] = ()
    presentation: Presentation = field(default_factory=Presentation)


def random_form(layout: Layout, rng: random.Random) -> FormSpec:
    """A random, plausible form of ``layout`` (see the module docstring)."""
    style = style_of(layout)
    year = rng.choice((2019, 2020, 2020, 2021, 2021, 2022, 2022, 2023))
    presentation = _presentation(style, rng)
    place = rng.choice(words.PLACES)
    scored = layout.scoring.scored
    funding, execution_score = _funding(layout, style, rng, presentation)
    indicators = _indicators(layout, rng, year)
    indicator_scores = sum((_number(ind.score) for ind in indicators), Decimal(0))
    total_weight = layout.scoring.execution_weight + layout.scoring.indicator_points
    total_score = execution_score + indicator_scores
    has_goal = style.goal == "always" or rng.random() < 0.5
    return FormSpec(
        layout=layout.name, money_unit=layout.money_unit,
        title=_title(style, year, presentation, place, rng), year=year,
        year_row=f"（{year}年度）" if presentation.year_at == YEAR_ROW else "",
        project_name=_project_name(place, year, rng),
        department=f"{place}{rng.choice(words.DEPARTMENTS)}",
        unit=f"{place}{rng.choice(words.DEPARTMENTS)}{rng.choice(words.OFFICES)}",
        lead=_lead(rng) if style.lead else "",
        unit_line=_unit_line(place, year, rng) if style.unit_line else (),
        categories=tuple((label, _category(choices, rng)) for label, choices in style.category_rows),
        funding=funding,
        has_goal=has_goal,
        goal_expected=_goal(place, rng) if has_goal else "",
        goal_achieved=_achieved(rng) if has_goal else "",
        indicators=indicators,
        has_total=scored,
        total_weight=_fmt(total_weight) if scored else "",
        total_score=_fmt(total_score) if scored else "",
        grade=_grade(total_score) if style.grade and scored else "",
        closing=tuple((label, rng.choice(words.CLOSING_TEXTS)) for label in style.closing),
        presentation=presentation,
    )


# --- the form's head -------------------------------------------------------------------------------

def _presentation(style: Style, rng: random.Random) -> Presentation:
    apart = {"apart": True, "together": False}.get(style.department_rows, rng.random() < 0.3)
    return Presentation(
        year_at=rng.choice(style.year_at), departments_on_one_row=not apart,
        two_row_indicator_header=rng.random() < 0.3, spaced_section_labels=rng.random() < 0.15,
        indented_fund_labels=rng.random() < 0.3, wide_punctuation=rng.random() < 0.5,
        goal_subheader=bool(style.goal_subheader) and rng.random() < 0.7)


def _title(style: Style, year: int, presentation: Presentation, place: str, rng: random.Random) -> str:
    # Some units put their county in the title (稷山县项目支出绩效自评表); the layout's words stay whole.
    title = (place if rng.random() < 0.2 and "省" not in style.title else "") + style.title
    if presentation.year_at == YEAR_BEFORE:
        return f"{year}年度{title}"
    if presentation.year_at == YEAR_AFTER:
        return f"{title}({year}年度)" if not presentation.wide_punctuation else f"{title}（{year}年度）"
    return title


def _project_name(place: str, year: int, rng: random.Random) -> str:
    topic, suffix = rng.choice(words.TOPICS), rng.choice(words.PROJECT_SUFFIXES)
    roll = rng.random()
    if roll < 0.1:
        return f"{year}年{place}{topic}{suffix}"
    if roll < 0.15:
        return f"{place}\u3000{topic}{suffix}"  # a full-width space, as typed
    if roll < 0.25:
        return rng.choice(words.PROJECT_ODDITIES).format(name=f"{place}{topic}{suffix}", serial=rng.randint(1, 99999))
    return f"{place}{topic}{suffix}"


def _lead(rng: random.Random) -> str:
    return f"{rng.choice(words.PEOPLE)} 1{rng.randint(3, 9)}{rng.randint(0, 999_999_999):09d}"


def _unit_line(place: str, year: int, rng: random.Random) -> tuple[str, ...]:
    return (f"单位名称：{place}{rng.choice(words.OFFICES)}",
            f"填报日期：{year + 1}年{rng.randint(1, 4)}月{rng.randint(1, 28)}日")


def _category(choices: tuple[str, ...], rng: random.Random) -> str:
    picked = rng.randrange(len(choices))
    return " ".join(f"{choice}{'√' if i == picked else '□'}" for i, choice in enumerate(choices))


def _goal(place: str, rng: random.Random) -> str:
    opening = rng.choice(words.GOAL_OPENINGS).format(place=place, n=rng.randint(2, 300),
                                                    topic=rng.choice(words.TOPICS))
    middle = "".join(rng.sample(words.GOAL_MIDDLES, rng.randint(1, 3))).format(m=rng.randint(100, 90000))
    text = opening + middle + rng.choice(words.GOAL_ENDINGS)
    if rng.random() < 0.1:  # a goal in two paragraphs
        text += "\n" + rng.choice(words.GOAL_OPENINGS).format(place=place, n=rng.randint(2, 50), topic="") + "。"
    return text


def _achieved(rng: random.Random) -> str:
    middle = "".join(rng.sample(words.GOAL_MIDDLES, rng.randint(1, 2))).format(m=rng.randint(100, 90000))
    return f"{rng.choice(words.ACHIEVED_OPENINGS)}年度目标{middle}{rng.choice(words.GOAL_ENDINGS)}"


def _grade(total: Decimal) -> str:
    return "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"


# --- funding ---------------------------------------------------------------------------------------

def _funding(layout: Layout, style: Style, rng: random.Random,
             presentation: Presentation) -> tuple[tuple[FundingLine, ...], Decimal]:
    """The funding rows and the execution score (预算执行率得分); the sources add up to the total."""
    columns = set(layout.funding_columns.order)
    full_year = Decimal(rng.randint(50, 500_000)) / 100
    initial = full_year if rng.random() < 0.5 else (full_year * Decimal(rng.randint(60, 100)) / 100).quantize(_CENT)
    executed = full_year if rng.random() < 0.4 else (full_year * Decimal(rng.randint(55, 100)) / 100).quantize(_CENT)
    rate = executed / full_year
    weight = layout.scoring.execution_weight
    score = (weight * min(rate, Decimal(1))).quantize(_CENT, ROUND_HALF_UP)
    kinds = [kind for _, kind in style.fund_rows]
    shares = _shares(kinds, rng)
    money = {name: _split_money(total, shares) for name, total in
             (("initial_budget", initial), ("full_year_budget", full_year), ("executed", executed))}
    blank_initial = rng.random() < 0.1
    rows = []
    for index, (label, kind) in enumerate(style.fund_rows):
        filled = bool(shares[index])
        cells = {name: _money(amounts[index], layout.money_unit, rng) if name in columns and filled else ""
                 for name, amounts in money.items()}
        if blank_initial:
            cells["initial_budget"] = ""
        total = kind is FundKind.TOTAL
        filler = rng.choice(("", "—", "/", "-"))
        rows.append(FundingLine(
            label=_written_label(label, presentation, rng), kind=kind, **cells,
            rate=_percent(rate, rng) if "rate" in columns and filled else "",
            weight=(_fmt(weight) if total else filler) if "weight" in columns else "",
            score=(_fmt(score) if total else filler) if "score" in columns and layout.scoring.scored else "",
            note=rng.choice(words.FUNDING_REASONS) if "note" in columns else ""))
    return tuple(rows), score if layout.scoring.scored else Decimal(0)


def _shares(kinds: list[FundKind], rng: random.Random) -> list[Decimal]:
    """Each row's share of the total: the total row all of it, the first source most of it, one other
    source at times the rest; the other sources nothing (rows left blank, as units leave them)."""
    shares = [Decimal(1) if kind is FundKind.TOTAL else Decimal(0) for kind in kinds]
    sources = [i for i, kind in enumerate(kinds) if kind is not FundKind.TOTAL]
    if sources:
        shares[sources[0]] = Decimal(1)
        if len(sources) > 1 and rng.random() < 0.4:
            part = Decimal(rng.randint(5, 40)) / 100
            shares[sources[0]], shares[rng.choice(sources[1:])] = 1 - part, part
    return shares


def _split_money(total: Decimal, shares: list[Decimal]) -> list[Decimal]:
    """``total`` × each share, to the cent; the last source takes what rounding left, so they add up."""
    amounts = [(total * share).quantize(_CENT) for share in shares]
    sources = [i for i, share in enumerate(shares) if share and share != 1]
    if len(sources) > 1:
        last = sources[-1]
        amounts[last] = total - sum(amounts[i] for i in sources[:-1])
    return amounts


def _money(value: Decimal, unit: str, rng: random.Random) -> str:
    if unit == "元":
        yuan = (value * 10000).quantize(_CENT)
        return f"{yuan:,.2f}" if rng.random() < 0.3 else f"{yuan:.2f}"
    return f"{value:.2f}" if rng.random() < 0.6 else _fmt(value)


def _percent(rate: Decimal, rng: random.Random) -> str:
    places = rng.choice((Decimal(1), _CENT))
    return f"{(rate * 100).quantize(places, ROUND_HALF_UP)}%"


def _written_label(label: str, presentation: Presentation, rng: random.Random) -> str:
    if presentation.wide_punctuation:
        label = label.replace(":", "：").replace("(", "（").replace(")", "）")
    if presentation.indented_fund_labels and not label.startswith("其中"):
        label = " " * rng.randint(2, 6) + label
    return label


# --- indicators ------------------------------------------------------------------------------------

def _indicators(layout: Layout, rng: random.Random, year: int) -> tuple[IndicatorSpec, ...]:
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
            measure = _measure(_kind(level2), rng, year)
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
        return f"{level1}（{_fmt(points)}分）"
    return level1


def _kind(level2: str) -> str:
    """The kind of target a level-2 class sets (see ``_measure``)."""
    for stem, kind in (("满意度", "satisfaction"), ("数量", "count"), ("质量", "quality"), ("时效", "time"),
                       ("社会成本", "cost_effect"), ("生态环境成本", "cost_effect"), ("成本", "cost"),
                       ("经济效益", "economic"), ("社会效益", "social"), ("生态效益", "eco"), ("可持续", "sustain")):
        if stem in level2:
            return kind
    return "social"


@dataclass(frozen=True, slots=True)
class _Measure:
    """A drawn target and actual: the sign, the value and the unit of the target, the actual's text
    (with its unit and without), and how far the actual meets the target (0..1)."""

    kind: str
    sign: str  # ≥ ≤ = or "" (qualitative, or a number stated bare)
    value: str
    unit: str
    actual: str
    actual_bare: str  # the actual without its unit, as split layouts write it
    achieved: Decimal


def _measure(kind: str, rng: random.Random, year: int) -> _Measure:
    draw = {"count": _count, "quality": _quality, "time": _time, "cost": _cost, "satisfaction": _satisfaction,
            "cost_effect": _cost_effect}.get(kind, _qualitative)
    return draw(kind, rng, year)


def _count(kind: str, rng: random.Random, year: int) -> _Measure:
    target = rng.randint(1, 500)
    actual = max(0, round(target * rng.uniform(0.8, 1.3)))
    unit = rng.choice(words.COUNT_UNITS)
    return _Measure(kind, rng.choice(("", "≥", "≥", "=")), str(target), unit, f"{actual}{unit}", str(actual),
                    min(Decimal(1), Decimal(actual) / target))


def _quality(kind: str, rng: random.Random, year: int) -> _Measure:
    if rng.random() < 0.2:
        word = rng.choice(words.QUALITY_WORDS)
        return _Measure(kind, "", word, "", word, word, Decimal(1))
    target = rng.choice((80, 85, 90, 95, 98, 100))
    actual = rng.randint(max(0, target - 10), 100)
    return _Measure(kind, "=" if target == 100 else "≥", str(target), "%", f"{actual}%", str(actual),
                    min(Decimal(1), Decimal(actual) / target))


def _time(kind: str, rng: random.Random, year: int) -> _Measure:
    roll = rng.random()
    if roll < 0.5:
        month = rng.randint(6, 12)
        day = 31 if month in (7, 8, 10, 12) else 30
        target = f"{year}年{month}月{day}日前"
        done = f"{year}年{rng.randint(3, month)}月{rng.randint(1, 28)}日"
        return _Measure(kind, "", target, "", done, done, Decimal(1))
    if roll < 0.7:
        word = rng.choice(words.TIMELY_WORDS)
        return _Measure(kind, "", word, "", word, word, Decimal(1))
    target = rng.choice((90, 95, 100))
    actual = rng.randint(target - 10, 100)
    return _Measure(kind, "≥", str(target), "%", f"{actual}%", str(actual), min(Decimal(1), Decimal(actual) / target))


def _cost(kind: str, rng: random.Random, year: int) -> _Measure:
    target = Decimal(rng.randint(1, 50000)) / 100
    actual = (target * Decimal(rng.randint(80, 110)) / 100).quantize(_CENT)
    achieved = Decimal(1) if actual <= target else target / actual
    unit = rng.choice(("万元", "万元", "元"))
    return _Measure(kind, "≤", _fmt(target), unit, f"{_fmt(actual)}{unit}", _fmt(actual), achieved)


def _satisfaction(kind: str, rng: random.Random, year: int) -> _Measure:
    target = rng.choice((80, 85, 90, 95))
    actual = rng.randint(target - 5, 100)
    return _Measure(kind, "≥", str(target), "%", f"{actual}%", str(actual), min(Decimal(1), Decimal(actual) / target))


def _cost_effect(kind: str, rng: random.Random, year: int) -> _Measure:
    word = rng.choice(words.COST_EFFECT_TARGETS)
    return _Measure(kind, "", word, "", word, word, Decimal(1))


def _qualitative(kind: str, rng: random.Random, year: int) -> _Measure:
    if rng.random() < 0.3:
        target = rng.choice((60, 70, 80, 90))
        actual = rng.randint(target - 10, 100)
        return _Measure(kind, "≥", str(target), "%", f"{actual}%", str(actual),
                        min(Decimal(1), Decimal(actual) / target))
    target_word = rng.choice(words.QUALITATIVE_TARGETS)
    achieved = Decimal(1) if rng.random() < 0.8 else Decimal("0.8")
    actual_word = rng.choice(words.QUALITATIVE_ACTUALS)
    return _Measure(kind, "", target_word, "", actual_word, actual_word, achieved)


# Ways a unit types ≥ and ≤ in a target cell that is not split.
_GE_GLYPHS = ("≥", "≥", "≥", "≧", ">=", "不低于")
_LE_GLYPHS = ("≤", "≤", "≦", "<=", "不超过")


def _indicator(level1: str, level2: str, measure: _Measure, weight: Decimal, split: bool, columns: set[str],
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
        weight=_fmt(weight) if weighted else "", score=_fmt(score) if scored and not unfilled else "",
        note=note if "note" in columns else "", operator=operator, unit=unit)


def _parts(parent: IndicatorSpec, measure: _Measure, layout: Layout, split: bool,
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


# --- numbers ---------------------------------------------------------------------------------------

def _fmt(value: Decimal) -> str:
    """A number as units write it: no trailing zeros, no exponent (``10``, ``9.5``, ``0.27``)."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _number(text: str) -> Decimal:
    try:
        return Decimal(text) if text else Decimal(0)
    except ArithmeticError:
        return Decimal(0)
