"""Targets and actuals of every kind a level-2 class sets, drawn at random (``≥90%``, ``5次``,
``≤0.27万元``, ``2020年12月31日前``, ``显著提升``), with how far each actual meets its target."""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from jixiao.synth import words
from jixiao.synth.numbers import CENT, fmt


@dataclass(frozen=True, slots=True)
class Measure:
    """A drawn target and actual: the sign, the value and the unit of the target, the actual's text
    (with its unit and without), and how far the actual meets the target (0..1)."""

    kind: str
    sign: str  # ≥ ≤ = or "" (qualitative, or a number stated bare)
    value: str
    unit: str
    actual: str
    actual_bare: str  # the actual without its unit, as split layouts write it
    achieved: Decimal


def draw_measure(kind: str, rng: random.Random, year: int) -> Measure:
    draw = {"count": _count, "quality": _quality, "time": _time, "cost": _cost, "satisfaction": _satisfaction,
            "cost_effect": _cost_effect}.get(kind, _qualitative)
    return draw(kind, rng, year)


def _count(kind: str, rng: random.Random, year: int) -> Measure:
    target = rng.randint(1, 500)
    actual = max(0, round(target * rng.uniform(0.8, 1.3)))
    unit = rng.choice(words.COUNT_UNITS)
    return Measure(kind, rng.choice(("", "≥", "≥", "=")), str(target), unit, f"{actual}{unit}", str(actual),
                   min(Decimal(1), Decimal(actual) / target))


def _quality(kind: str, rng: random.Random, year: int) -> Measure:
    if rng.random() < 0.2:
        word = rng.choice(words.QUALITY_WORDS)
        return Measure(kind, "", word, "", word, word, Decimal(1))
    target = rng.choice((80, 85, 90, 95, 98, 100))
    actual = rng.randint(max(0, target - 10), 100)
    return Measure(kind, "=" if target == 100 else "≥", str(target), "%", f"{actual}%", str(actual),
                   min(Decimal(1), Decimal(actual) / target))


def _time(kind: str, rng: random.Random, year: int) -> Measure:
    roll = rng.random()
    if roll < 0.5:
        month = rng.randint(6, 12)
        day = 31 if month in (7, 8, 10, 12) else 30
        target = f"{year}年{month}月{day}日前"
        done = f"{year}年{rng.randint(3, month)}月{rng.randint(1, 28)}日"
        return Measure(kind, "", target, "", done, done, Decimal(1))
    if roll < 0.7:
        word = rng.choice(words.TIMELY_WORDS)
        return Measure(kind, "", word, "", word, word, Decimal(1))
    target = rng.choice((90, 95, 100))
    actual = rng.randint(target - 10, 100)
    return Measure(kind, "≥", str(target), "%", f"{actual}%", str(actual), min(Decimal(1), Decimal(actual) / target))


def _cost(kind: str, rng: random.Random, year: int) -> Measure:
    target = Decimal(rng.randint(1, 50000)) / 100
    actual = (target * Decimal(rng.randint(80, 110)) / 100).quantize(CENT)
    achieved = Decimal(1) if actual <= target else target / actual
    unit = rng.choice(("万元", "万元", "元"))
    return Measure(kind, "≤", fmt(target), unit, f"{fmt(actual)}{unit}", fmt(actual), achieved)


def _satisfaction(kind: str, rng: random.Random, year: int) -> Measure:
    target = rng.choice((80, 85, 90, 95))
    actual = rng.randint(target - 5, 100)
    return Measure(kind, "≥", str(target), "%", f"{actual}%", str(actual), min(Decimal(1), Decimal(actual) / target))


def _cost_effect(kind: str, rng: random.Random, year: int) -> Measure:
    word = rng.choice(words.COST_EFFECT_TARGETS)
    return Measure(kind, "", word, "", word, word, Decimal(1))


def _qualitative(kind: str, rng: random.Random, year: int) -> Measure:
    if rng.random() < 0.3:
        target = rng.choice((60, 70, 80, 90))
        actual = rng.randint(target - 10, 100)
        return Measure(kind, "≥", str(target), "%", f"{actual}%", str(actual),
                       min(Decimal(1), Decimal(actual) / target))
    target_word = rng.choice(words.QUALITATIVE_TARGETS)
    achieved = Decimal(1) if rng.random() < 0.8 else Decimal("0.8")
    actual_word = rng.choice(words.QUALITATIVE_ACTUALS)
    return Measure(kind, "", target_word, "", actual_word, actual_word, achieved)
