"""The shipped rulesets: ``mof-2020`` (财预〔2020〕10号) and ``local-strict`` (provincial manuals)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from functools import cache

from jixiao.layouts import DEFAULT_LAYOUT, UnknownLayout, all_layouts, get_layout
from jixiao.layouts.spec import Layout
from jixiao.scoring.indicators import fmt, quantized
from jixiao.scoring.result import Adjustment, ItemScore, Method
from jixiao.scoring.ruleset import Ruleset

D = Decimal

MOF_2020 = Ruleset(
    name="mof-2020",
    title="财政部《项目支出绩效评价管理办法》（财预〔2020〕10号）",
    title_en="Ministry of Finance rules for project expenditure evaluation (Cai Yu [2020] No. 10)",
)

# Local rules seen in provincial manuals (GUIDE 1.3).
OVERRUN_RATIO = D("1.3")  # an actual at or above 130% of its target ...
OVERRUN_PENALTY = D(2)  # ... costs 2 points: the target was set too low.
# The total is capped by the execution rate: (rate at least, cap on the total), highest rate first.
RATE_CAPS = ((D("0.8"), None), (D("0.7"), D(89)), (D("0.6"), D(79)), (D(0), D(69)))


def overrun_penalty(item: ItemScore) -> Adjustment | None:
    """−2 points when a ≥ / = target is exceeded by 30% or more (the target was set too low)."""
    if item.method not in (Method.AT_LEAST, Method.EQUAL) or item.ratio is None or item.ratio < OVERRUN_RATIO:
        return None
    points = -min(OVERRUN_PENALTY, item.computed or D(0))
    percent = fmt(quantized(item.ratio * 100, D(1)))
    return Adjustment(field=item.field, points=points,
                      explanation=f"{item.label}：完成值为指标值的{percent}%（≥130%），扣{fmt(-points)}分",
                      explanation_en=f"{item.label}: actual at {percent}% of target (≥130%), "
                                     f"−{fmt(-points)}")


def execution_rate_cap(rate: Decimal | None, total: Decimal) -> Adjustment | None:
    """Caps the total by the execution rate: 70–80% → 89, 60–70% → 79, below 60% → 69."""
    if rate is None:
        return None
    cap = next(cap for floor, cap in RATE_CAPS if rate >= floor)
    if cap is None or total <= cap:
        return None
    percent = fmt(quantized(rate * 100, D("0.1")))
    return Adjustment(field="funding", points=cap - total,
                      explanation=f"执行率{percent}%，总分封顶{fmt(cap)}分",
                      explanation_en=f"execution rate {percent}%: total capped at {fmt(cap)}")


LOCAL_STRICT = replace(
    MOF_2020,
    name="local-strict",
    title="国家规则加省级细则：超目标30%扣2分，按执行率封顶总分",
    title_en="National rules plus provincial local rules: −2 for ≥30% over target, total capped by rate",
    indicator_hooks=(overrun_penalty,),
    total_hooks=(execution_rate_cap,),
)

_BASE_RULESETS: dict[str, Ruleset] = {ruleset.name: ruleset for ruleset in (MOF_2020, LOCAL_STRICT)}


def _layout_ruleset(layout: Layout) -> Ruleset:
    """The ruleset a layout's ``[scoring]`` declares: its base, with the layout's weights.

    A layout that changes nothing of its base (the national form, Anhui's, Yunnan's) scores under the
    base itself, so its forms keep the base's name (``mof-2020``) in every output.
    """
    scoring = layout.scoring
    base = _BASE_RULESETS[scoring.base]
    changes = {
        "execution_weight": scoring.execution_weight, "indicator_points": scoring.indicator_points,
        "level1_weights": scoring.level1_weights, "weighted": scoring.weighted, "scorable": scoring.scored,
    }
    if all(getattr(base, key) == value for key, value in changes.items()):
        return base
    return replace(base, name=layout.name, title=f"{layout.title}（{base.title}）",
                   title_en=f"{layout.title_en} ({base.title_en})", **changes)


# The named rulesets: the two bases and every layout's own (named after the layout) where it differs.
RULESETS: dict[str, Ruleset] = dict(_BASE_RULESETS)
RULESETS.update({ruleset.name: ruleset for ruleset in map(_layout_ruleset, all_layouts())
                 if ruleset.name not in RULESETS})


@cache
def ruleset_for_layout(name: str) -> Ruleset:
    """The ruleset a form of layout ``name`` is scored under when none is forced."""
    try:
        return _layout_ruleset(get_layout(name))
    except UnknownLayout:  # a form decoded from JSON written by a later version: score it nationally
        return _layout_ruleset(get_layout(DEFAULT_LAYOUT))


class UnknownRuleset(KeyError):
    """A ruleset name that is not registered."""


def get_ruleset(name: str) -> Ruleset:
    try:
        return RULESETS[name]
    except KeyError:
        known = ", ".join(RULESETS)
        raise UnknownRuleset(f"未知的规则集 {name!r}（可用：{known}） / unknown ruleset {name!r} "
                             f"(known: {known})") from None
