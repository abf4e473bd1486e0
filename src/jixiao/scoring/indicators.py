"""Scoring of one 三级指标 (level-3 indicator): quantitative, deadline and qualitative formulas."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from jixiao.model import Indicator, Measure, MeasureKind, Operator
from jixiao.model.parse import MONEY_UNITS, fold
from jixiao.scoring.result import Achievement, ItemScore, Method
from jixiao.scoring.ruleset import Ruleset

CENT = Decimal("0.01")
# Words in a qualitative actual that say the target was not, or only partly, reached.
# Phrases, not the bare 未/没有: "未发生安全事故" (no accident happened) is a target met.
_MISSED_WORDS = ("未完成", "未达到", "未达成", "未实现", "未能", "尚未", "没有完成", "没有达到", "没能", "较差",
                 "滞后", "逾期", "延期", "未按时", "未按期")
_PARTIAL_WORDS = ("部分", "基本", "一定", "较好", "初步")
# Words in an indicator's name or class that make a target without an operator a ceiling (≤).
_CEILING_WORDS = ("成本", "投诉", "事故", "差错", "发生率", "超支", "违规", "失误")
# Words in an actual that report a deadline met without giving the date.
_ON_TIME_WORDS = ("按时", "按期", "如期", "已完成", "完成")


def rounded(value: Decimal) -> Decimal:
    """Two decimals, half up (how scores are written)."""
    return quantized(value, CENT)


def quantized(value: Decimal, exponent: Decimal) -> Decimal:
    """``value`` rounded half up to ``exponent``; a value too long for the decimal context (a
    nonsense figure such as a 35-digit weight) is returned unrounded rather than raising."""
    try:
        return value.quantize(exponent, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return value


def fmt(value: Decimal | None) -> str:
    """A number as the explanations show it: ``8``, ``8.5``, ``0.27`` (no trailing zeros)."""
    if value is None:
        return "—"
    text = str(value)  # the same digits as f"{value:f}", twice as fast, unless it turns to exponent notation
    if "E" in text:
        text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def score_indicator(indicator: Indicator, position: int, year: int | None, ruleset: Ruleset) -> ItemScore:
    field = f"indicators[{position}]"
    base = {"field": field, "label": indicator.name.text, "weight": indicator.weight.value,
            "declared": indicator.declared_score.value}
    target, actual = indicator.target, indicator.actual
    if indicator.weight.value is None and not ruleset.weighted:
        # Hubei's form has no 分值 column: the declared score is all there is to add up.
        return _carry_declared(base, "本版式无分值列", "this layout has no weight column")
    if indicator.weight.value is None:
        return ItemScore(**base, method=Method.UNSCORABLE, computed=None,
                         explanation="未填分值，无法计分", explanation_en="no weight: cannot be scored")
    if target.kind is MeasureKind.NUMBER and actual.kind is MeasureKind.NUMBER:
        return _score_quantity(indicator, base)
    if target.kind is MeasureKind.DATE:
        return _score_deadline(target, actual, year, base)
    if target.kind is MeasureKind.TEXT or (target.kind is MeasureKind.EMPTY and actual.kind is MeasureKind.TEXT):
        return _score_qualitative(target, actual, ruleset, base)
    return _carry_declared(base, "指标值与完成值无法比较", "target and actual cannot be compared")


def _carry_declared(base: dict, reason: str, reason_en: str) -> ItemScore:
    declared = base["declared"]
    if declared is None:
        return ItemScore(**base, method=Method.UNSCORABLE, computed=None,
                         explanation=f"{reason}，且未填得分", explanation_en=f"{reason_en}, and no score declared")
    return ItemScore(**base, method=Method.DECLARED, computed=declared,
                     explanation=f"{reason}，沿用填报得分 {fmt(declared)}",
                     explanation_en=f"{reason_en}; the declared {fmt(declared)} is carried")


def _comparable(target: Measure, actual: Measure) -> tuple[Decimal, Decimal, tuple[str, ...]] | None:
    """Target and actual numbers on one scale, or None when their units cannot be reconciled."""
    t, a = target.number, actual.number
    assert t is not None and a is not None
    t_unit, a_unit = target.unit, actual.unit
    if t_unit == a_unit or a_unit is None or t_unit is None:
        if target.is_percent and a_unit is None and a <= 1 < t:
            return t, a * 100, ("percent-scaled",)
        return t, a, ()
    if t_unit in MONEY_UNITS and a_unit in MONEY_UNITS:
        return t * MONEY_UNITS[t_unit], a * MONEY_UNITS[a_unit], ("money-converted",)
    if fold(t_unit).endswith(fold(a_unit)) or fold(a_unit).endswith(fold(t_unit)):
        return t, a, ()
    return None


def _operator_for(indicator: Indicator) -> tuple[Operator, tuple[str, ...]]:
    operator = indicator.target.operator or indicator.actual.operator
    if operator is not None and indicator.target.operator is not None:
        return operator, ()
    words = indicator.level2.text + indicator.name.text
    if any(word in words for word in _CEILING_WORDS):
        return Operator.LE, ("operator-assumed",)
    return Operator.GE, ("operator-assumed",)


def _score_quantity(indicator: Indicator, base: dict) -> ItemScore:
    scale = _comparable(indicator.target, indicator.actual)
    if scale is None:
        return _carry_declared(base, f"单位不一致（{indicator.target.unit} 与 {indicator.actual.unit}）",
                               f"units differ ({indicator.target.unit} vs {indicator.actual.unit})")
    t, a, flags = scale
    operator, assumed = _operator_for(indicator)
    flags += assumed
    w = base["weight"]
    ratio = a / t if t else None
    fa, ft, fw = fmt(a), fmt(t), fmt(w)  # once for both languages
    if operator in (Operator.LE, Operator.LT):
        met = a <= t if operator is Operator.LE else a < t or a == t == 0
        if met:
            return _quantity(base, Method.AT_MOST, w, f"完成值{fa} ≤ 指标值{ft}，得满分 {fw}",
                             f"actual {fa} ≤ target {ft}: full {fw}", Achievement.MET, ratio, flags)
        if t == 0:
            return _quantity(base, Method.AT_MOST, Decimal(0), f"指标值为0而完成值{fa}，得0分",
                             f"target 0 but actual {fa}: 0", Achievement.MISSED, ratio, flags)
        score = rounded(w * t / a)
        formula = f"{fmt(score)} = {fw} × {ft} ÷ {fa}"
        return _quantity(base, Method.AT_MOST, score, formula, formula, Achievement.MISSED, ratio, flags)
    method = Method.EQUAL if operator is Operator.EQ else Method.AT_LEAST
    if a >= t:
        if method is Method.EQUAL and a > t:
            flags += ("equal-exceeded",)
        sign = "=" if a == t else ">"
        return _quantity(base, method, w, f"完成值{fa} {sign} 指标值{ft}，得满分 {fw}",
                         f"actual {fa} {sign} target {ft}: full {fw}", Achievement.MET, ratio, flags)
    score = rounded(w * a / t)
    formula = f"{fmt(score)} = {fw} × {fa} ÷ {ft}"
    return _quantity(base, method, score, formula, formula, Achievement.MISSED, ratio, flags)


def _quantity(base: dict, method: Method, computed: Decimal, explanation: str, explanation_en: str,
              achievement: Achievement, ratio: Decimal | None, flags: tuple[str, ...]) -> ItemScore:
    if "operator-assumed" in flags:
        explanation += "（未写明比较符号，按“≥”计）" if method is not Method.AT_MOST else "（未写明比较符号，按“≤”计）"
        explanation_en += " (no operator written; taken as ≥)" if method is not Method.AT_MOST else \
            " (no operator written; taken as ≤)"
    return ItemScore(**base, method=method, computed=computed, explanation=explanation,
                     explanation_en=explanation_en, achievement=achievement, ratio=ratio, flags=flags)


def _score_deadline(target: Measure, actual: Measure, year: int | None, base: dict) -> ItemScore:
    w = base["weight"]
    deadline = target.date or (dt.date(year, 12, 31) if year else None)
    if actual.kind is MeasureKind.DATE:
        done = actual.date or (dt.date(year, 12, 31) if year else None)
        if deadline is None or done is None:
            return _carry_declared(base, "时限缺少年份", "the deadline has no year")
        if done <= deadline:
            return ItemScore(**base, method=Method.DEADLINE, computed=w, achievement=Achievement.MET,
                             explanation=f"{done.isoformat()} 不晚于时限 {deadline.isoformat()}，得满分 {fmt(w)}",
                             explanation_en=f"{done.isoformat()} by the deadline {deadline.isoformat()}: "
                                            f"full {fmt(w)}")
        return ItemScore(**base, method=Method.DEADLINE, computed=Decimal(0), achievement=Achievement.MISSED,
                         explanation=f"{done.isoformat()} 晚于时限 {deadline.isoformat()}，得0分",
                         explanation_en=f"{done.isoformat()} after the deadline {deadline.isoformat()}: 0")
    text = fold(actual.raw)
    if text and not any(word in text for word in _MISSED_WORDS) and any(w_ in text for w_ in _ON_TIME_WORDS):
        return ItemScore(**base, method=Method.DEADLINE, computed=w, achievement=Achievement.MET,
                         explanation=f"完成值“{actual.text}”表示按时完成，得满分 {fmt(w)}",
                         explanation_en=f"actual '{actual.text}' reports completion on time: full {fmt(w)}")
    return _carry_declared(base, "完成值不是日期，无法判断是否按时", "the actual is not a date")


def qualitative_achievement(target: Measure, actual: Measure) -> Achievement:
    """How far a qualitative actual says the target was reached (the text decides the band)."""
    text = fold(actual.raw)
    if not text:
        return Achievement.UNKNOWN
    if text == fold(target.raw):
        return Achievement.MET
    if any(word in text for word in _MISSED_WORDS):
        return Achievement.MISSED
    if any(word in text for word in _PARTIAL_WORDS):
        return Achievement.PARTIAL
    return Achievement.MET


def _score_qualitative(target: Measure, actual: Measure, ruleset: Ruleset, base: dict) -> ItemScore:
    w, declared = base["weight"], base["declared"]
    achievement = qualitative_achievement(target, actual)
    band = ruleset.band_for(achievement)
    if band is None:
        return _carry_declared(base, "定性指标未填完成值", "qualitative indicator without an actual")
    low, high = rounded(w * band.low), rounded(w * band.high)
    points, shares = f"{fmt(low)}–{fmt(high)}", f"{fmt(band.low * 100)}%–{fmt(band.high * 100)}%"
    span = f"{band.label}：{points}分（{shares}）"
    span_en = f"{band.label_en}: {points} ({shares})"
    common = {"method": Method.QUALITATIVE, "achievement": achievement, "band": (low, high)}
    if declared is None:
        return ItemScore(**base, **common, computed=None, explanation=f"定性指标，{span}；未填得分",
                         explanation_en=f"qualitative, {span_en}; no score declared")
    if low <= declared <= high:
        return ItemScore(**base, **common, computed=declared,
                         explanation=f"定性指标，{span}；填报 {fmt(declared)} 在区间内",
                         explanation_en=f"qualitative, {span_en}; declared {fmt(declared)} is inside")
    nearest = min(max(declared, low), high)
    return ItemScore(**base, **common, computed=nearest, flags=("outside-band",),
                     explanation=f"定性指标，{span}；填报 {fmt(declared)} 不在区间内，按 {fmt(nearest)} 计",
                     explanation_en=f"qualitative, {span_en}; declared {fmt(declared)} is outside, "
                                    f"taken as {fmt(nearest)}")
