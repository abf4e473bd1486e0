"""Random but plausible 项目支出绩效自评表 (self-evaluation forms) of any layout, as specs of cell texts.

``random_form(layout, rng)`` draws a form a unit could have filled in on that layout's table: names,
money that adds up (``funding``), goal texts, 3–12 indicators under the layout's own level-1/level-2
classes with targets and actuals of every kind (``indicators``, ``measures``), scores that follow from
the actuals, the 总分. This module draws the form's head (title, year, names, goal texts, grade) and
puts the parts together.
"""

from __future__ import annotations

import random
from decimal import Decimal

from jixiao.layouts import Layout
from jixiao.synth import words
from jixiao.synth.forms import FormSpec, Presentation
from jixiao.synth.funding import draw_funding
from jixiao.synth.indicators import draw_indicators
from jixiao.synth.numbers import fmt
from jixiao.synth.style import YEAR_AFTER, YEAR_BEFORE, YEAR_ROW, Style, style_of


def random_form(layout: Layout, rng: random.Random) -> FormSpec:
    """A random, plausible form of ``layout`` (see the module docstring)."""
    style = style_of(layout)
    year = rng.choice((2019, 2020, 2020, 2021, 2021, 2022, 2022, 2023))
    presentation = _presentation(style, rng)
    place = rng.choice(words.PLACES)
    scored = layout.scoring.scored
    funding, execution_score = draw_funding(layout, style, rng, presentation)
    indicators = draw_indicators(layout, rng, year)
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
        total_weight=fmt(total_weight) if scored else "",
        total_score=fmt(total_score) if scored else "",
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


def _number(text: str) -> Decimal:
    try:
        return Decimal(text) if text else Decimal(0)
    except ArithmeticError:
        return Decimal(0)
