"""Indicator quality rules (Q): targets that measure nothing, duplicates, and indicators in the wrong place."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from difflib import SequenceMatcher
from functools import lru_cache

from jixiao import settings
from jixiao.checks.cells import cap, indicator_label, shown, text_key
from jixiao.checks.registry import Hit, RuleContext, hit, rule
from jixiao.model import Form, Indicator, Measure, MeasureKind, Operator, Severity
from jixiao.model.parse import MONEY_UNITS, fold
from jixiao.scoring import ScoreSheet, execution_basis
from jixiao.scoring.indicators import fmt, rounded

# Words that promise without measuring (GUIDE part 2: 确保, 增收, 提升, 效果明显 …).
_VAGUE_WORDS = ("确保", "提升", "提高", "增收", "增加", "明显", "有效", "进一步", "显著", "逐步", "不断", "良好",
                "较好", "如期", "改善", "加强", "促进", "稳步", "持续", "大幅")
# Rates that may pass 100% (growth) are not held to it.
_GROWTH_RATES = ("增长率", "增幅率", "增速率", "提高率", "超额率")
_TRAILING_BRACKET_RE = re.compile(r"\([^()]{0,20}\)$")
# Financial rates that measure spending, not output.
_SPENDING_RATES = ("执行率", "支付率", "结余率", "资金拨付率", "资金到位率", "资金使用率")
# 执行率 alone also names the keeping of a rule or a price (制度严格执行率, 收购价格执行率): it is a
# spending rate only beside a word for money, or on its own.
_MONEY_WORDS = ("资金", "预算", "经费", "支出", "财政", "拨款")
# A cost indicator of a unit (per person, per item) is not the project's budget.
_UNIT_COST_WORDS = ("人均", "单位", "每", "平均", "单价", "标准", "/")


def money_of(measure: Measure, name: str) -> Decimal | None:
    """A measure's number in 万元 when it is money (a money unit, or a bare number under a 万元/元 name)."""
    if measure.kind is not MeasureKind.NUMBER or measure.number is None:
        return None
    if measure.unit in MONEY_UNITS:
        return measure.number * MONEY_UNITS[measure.unit]
    if measure.unit is None:
        key = fold(name)
        if "万元" in key:
            return measure.number
        if "元" in key:
            return measure.number * MONEY_UNITS["元"]
    return None


def _budget(form: Form) -> Decimal | None:
    budget = execution_basis(form)[0]
    return budget if budget is not None and budget > 0 else None


@rule("Q001", "vague-target", Severity.WARNING, "指标值模糊无法衡量", "Vague target")
def vague_target(form: Form, sheet: ScoreSheet, ctx: RuleContext) -> Iterator[Hit]:
    """Checks: 年度指标值没有数字，只用“确保”“提升”“增收”“明显”“有效”“进一步”“显著”“逐步”“不断”“良好”“较好”等词。
    Whether a target has no number and rests on vague words such as 确保, 提升, 增收, 明显, 有效, 进一步.

    Why: 财预〔2020〕10号要求绩效指标细化、量化，可衡量；“确保”“提升”之类的指标值无法判断是否完成。
    Cai Yu [2020] No. 10 asks for specific, measurable indicators; a target such as 确保 or 提升 cannot be
    judged met or missed.

    Example: 指标“帮扶贫困人口实现两不愁三保障”的指标值为“增收”。
    The indicator 帮扶贫困人口实现两不愁三保障 has the target 增收 (increase income).

    Fix: 写成可衡量的指标值，如“人均增收≥500元”“满意度≥90%”；确实只能定性的，写明达到什么状态。
    State a measurable target (人均增收≥500元, 满意度≥90%); if it can only be qualitative, describe the state
    to be reached.
    """
    for i, indicator in enumerate(form.indicators):
        target = indicator.target
        if target.kind is not MeasureKind.TEXT:
            continue
        key = fold(target.raw)
        if any(ch.isdigit() for ch in key):
            continue
        word = next((w for w in _VAGUE_WORDS if w in key), None)
        if word is None:
            continue
        zh, en = indicator_label(i, indicator)
        why = "" if key == word else f"“{word}”"
        yield hit(f"{zh}的指标值“{shown(target)}”没有数字，{why}无法衡量是否完成。",
                  f"The target of {en}, “{shown(target)}”, has no number: {why or 'it'} cannot be measured.",
                  field=f"indicators[{i}].target", at=target)


@rule("Q002", "target-equals-actual-text", Severity.INFO, "完成值照抄指标值", "Actual repeats the target text")
def target_equals_actual_text(form: Form, sheet: ScoreSheet, ctx: RuleContext) -> Iterator[Hit]:
    """Checks: 指标值与完成值是同一段非数字文字。
    Whether the target and the actual are the same non-numeric text.

    Why: 财预〔2020〕10号要求如实填报实际完成情况；把指标值照抄到完成值，等于没有报告完成了什么。
    Cai Yu [2020] No. 10 asks for the actual result; copying the target text into the actual reports nothing.

    Example: 指标值“确保”，完成值“确保”。
    Target 确保, actual 确保.

    Fix: 在完成值中写实际达到的结果（最好是数字或可核实的事实）。
    Write what was actually achieved, preferably a number or a checkable fact.
    """
    for i, indicator in enumerate(form.indicators):
        target, actual = indicator.target, indicator.actual
        if target.kind is MeasureKind.TEXT and actual.kind is MeasureKind.TEXT and fold(target.raw) == fold(actual.raw):
            zh, en = indicator_label(i, indicator)
            yield hit(f"{zh}的完成值“{shown(actual)}”与指标值相同，没有说明实际完成了什么。",
                      f"The actual of {en} repeats its target “{shown(actual)}”: it does not say what was done.",
                      field=f"indicators[{i}].actual", at=actual)


def near_pairs(keys: list[str]) -> Iterator[tuple[int, int, float]]:
    """(i, j, similarity) for i < j whose keys are identical or at least NEAR_DUPLICATE_SIMILARITY alike.

    Cheap upper bounds of difflib's ratio rule most pairs out before the full ``ratio``: the lengths
    (``real_quick_ratio``) and the shared characters (a set bound) here, then ``quick_ratio``.
    """
    threshold = settings.NEAR_DUPLICATE_SIMILARITY
    lengths, sets = list(map(len, keys)), list(map(_characters, keys))
    repeats = [length - len(chars) for length, chars in zip(lengths, sets, strict=True)]
    for j, b in enumerate(keys):
        length_b = lengths[j]
        for i in range(j):
            # The bounds from the cheapest up, as most pairs fail the first: the lengths (identical keys
            # always pass it), then the characters shared.
            length_a = lengths[i]
            size = length_a + length_b
            if 2 * (length_a if length_a < length_b else length_b) < threshold * size:  # min() is a call
                continue
            a = keys[i]
            if a == b:
                yield i, j, 1.0
                continue
            if 2 * (len(sets[i] & sets[j]) + min(repeats[i], repeats[j])) < threshold * size:
                continue
            ratio = _near_ratio(a, b, threshold)
            if ratio is not None:
                yield i, j, ratio


# The set of a key's characters; names repeat across a batch, and a set of Chinese characters costs an
# object per character to build.
_characters = lru_cache(maxsize=8192)(frozenset)


@lru_cache(maxsize=4096)
def _near_ratio(a: str, b: str, threshold: float) -> float | None:
    """difflib's ratio of ``a`` and ``b`` when it reaches ``threshold``, else None. The same pairs of names
    come back in form after form of a batch, so each pair is worked out once."""
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() >= threshold and matcher.quick_ratio() >= threshold:
        ratio = matcher.ratio()
        if ratio >= threshold:
            return ratio
    return None


@rule("Q003", "near-duplicate-indicators", Severity.WARNING, "指标名称重复或近似", "Near-duplicate indicators")
def near_duplicate_indicators(form: Form, sheet: ScoreSheet, ctx: RuleContext) -> Iterator[Hit]:
    """Checks: 同一张表中两个三级指标的名称相同，或去掉空格标点后相似度达到 settings.NEAR_DUPLICATE_SIMILARITY（0.85）。
    Whether two indicator names in one form are identical, or at least 0.85 similar once folded
    (settings.NEAR_DUPLICATE_SIMILARITY).

    Why: 财预〔2020〕10号要求指标反映项目的不同方面；同一件事写成两个指标会重复计分。
    Cai Yu [2020] No. 10 wants indicators that cover different aspects; one thing written twice is scored
    twice.

    Example: “走访昌吉州有建档立卡户乡镇”与“走访昌吉州有建档立卡的乡镇”。
    Two indicators of one form, one character apart: 走访…有建档立卡户乡镇 and 走访…有建档立卡的乡镇 (visits to
    the townships with registered poor households).

    Fix: 合并重复的指标并重新分配分值，或改写成确实不同的指标。
    Merge the two and rebalance the weights, or make them measure different things.
    """
    keyed = [(i, indicator, text_key(indicator.name.text)) for i, indicator in enumerate(form.indicators)]
    named = [(i, indicator) for i, indicator, key in keyed if key]
    for m, n, ratio in near_pairs([key for *_, key in keyed if key]):
        (i, first), (j, second) = named[m], named[n]
        zh_i, en_i = indicator_label(i, first)
        zh_j, en_j = indicator_label(j, second)
        how = "名称相同" if ratio == 1.0 else f"名称几乎相同（相似度 {ratio:.0%}）"
        how_en = "have the same name" if ratio == 1.0 else f"have nearly the same name ({ratio:.0%} similar)"
        yield hit(f"{zh_j}与{zh_i}{how}，同一件事不应计两次分。",
                  f"{cap(en_j)} and {en_i} {how_en}: one thing should not be scored twice.",
                  field=f"indicators[{j}].name", at=second.name)


def _is_rate_name(indicator: Indicator) -> bool:
    key = _TRAILING_BRACKET_RE.sub("", fold(indicator.name.text))
    return key.endswith("率") and not key.endswith(_GROWTH_RATES)


@rule("Q004", "rate-target-over-100", Severity.WARNING, "比率指标值超过100%", "Rate target above 100%")
def rate_target_over_100(form: Form, sheet: ScoreSheet, ctx: RuleContext) -> Iterator[Hit]:
    """Checks: 名称以“率”结尾的指标（增长率之类除外），指标值是否高于 100%，或写成“≥100%”。
    Whether an indicator named as a rate (率, growth rates aside) has a percentage target above 100%, or ≥100%.

    Why: 比率最高 100%；“≥100%”只能恰好等于 100%，指标值应写成“=100%”，否则计分口径不清（财预〔2020〕10号，GUIDE 1.2）。
    A rate cannot pass 100%; ≥100% can only mean exactly 100% and should say =100%, or the scoring is unclear
    (Cai Yu [2020] No. 10, GUIDE 1.2).

    Example: “验收合格率”指标值“≥100%”，或“完成率 120%”。
    A rate such as 验收合格率 with the target ≥100%, or 完成率 at 120%.

    Fix: 改为“=100%”或不超过 100% 的目标值。
    Write =100%, or a target not above 100%.
    """
    for i, indicator in enumerate(form.indicators):
        target = indicator.target
        if not target.is_percent or target.number is None or not _is_rate_name(indicator):
            continue
        over = target.number > 100
        at_least_full = target.number == 100 and target.operator in (Operator.GE, Operator.GT)
        if over or at_least_full:
            zh, en = indicator_label(i, indicator)
            yield hit(f"{zh}是比率，指标值“{shown(target)}”却超过或只能等于 100%；应写成“=100%”或不超过 100% 的值。",
                      f"{cap(en)} is a rate, yet its target “{shown(target)}” is above 100% or can only be exactly "
                      "100%: write =100% or a value not above 100%.", field=f"indicators[{i}].target", at=target)


@rule("Q005", "quantity-equals-budget", Severity.WARNING, "数量指标就是预算金额", "Quantity target is the budget")
def quantity_equals_budget(form: Form, sheet: ScoreSheet, ctx: RuleContext) -> Iterator[Hit]:
    """Checks: 数量指标的指标值是否就是项目预算金额（以万元或元计）。
    Whether a quantity (数量指标) target is just the project's budget amount (in 万元 or 元).

    Why: 财预〔2020〕10号要求产出数量反映提供了多少产品或服务；把预算金额当数量，等于没有产出指标。
    Under Cai Yu [2020] No. 10 a quantity indicator counts goods or services delivered; the budget amount in its
    place means there is no output target at all.

    Example: 预算 35 万元，数量指标“资金投入 35万元”。
    Budget 35 万元 and a quantity target of 35万元.

    Fix: 改为实际产出的数量（次数、人数、面积等）；资金指标放到成本指标。
    Count the output delivered (times, people, area); money belongs under 成本指标.
    """
    budget = _budget(form)
    if budget is None:
        return
    for i, indicator in enumerate(form.indicators):
        target = indicator.target
        if "数量" not in fold(indicator.level2.text) or target.number is None:
            continue
        amount = money_of(target, indicator.name.text)
        bare = target.unit is None and target.number in (budget, budget * 10000)
        if bare or (amount is not None and abs(amount - budget) <= settings.MONEY_TOLERANCE):
            zh, en = indicator_label(i, indicator)
            yield hit(f"{zh}是数量指标，指标值“{shown(target)}”却等于项目预算 {fmt(budget)} 万元。",
                      f"{cap(en)} is a quantity indicator, yet its target “{shown(target)}” is the project budget "
                      f"({fmt(budget)} 万元).", field=f"indicators[{i}].target", at=target)


@rule("Q006", "rate-as-output", Severity.WARNING, "执行率当作产出指标", "Spending rate posing as an output")
def rate_as_output(form: Form, sheet: ScoreSheet, ctx: RuleContext) -> Iterator[Hit]:
    """Checks: 产出指标下是否列了预算执行率、资金支付率、结余率之类的资金指标。
    Whether an execution, payment or balance rate of the money is listed as an output indicator.

    Why: 财预〔2020〕10号附件中预算执行率单独计 10 分；再把它列为产出指标就重复计分，也没有反映产出。
    Cai Yu [2020] No. 10 scores budget execution on its own (10 points); listing it again as an output scores it
    twice and measures no output.

    Example: 产出指标·质量指标下有“资金执行率 100%”。
    An output indicator 资金执行率 100%, listed under 产出指标 / 质量指标.

    Fix: 删除该指标，把分值分给真正的产出指标。
    Drop it and give its weight to a real output indicator.
    """
    for i, indicator in enumerate(form.indicators):
        name = fold(indicator.name.text)
        if "率" not in name:
            continue  # every spending rate is a 率: most names are out at once
        word = next((w for w in _SPENDING_RATES if w in name), None)
        if word == "执行率" and name != word and not any(money in name for money in _MONEY_WORDS):
            continue
        if word is None or "产出" not in fold(indicator.level1.text):
            continue
        zh, en = indicator_label(i, indicator)
        yield hit(f"{zh}衡量的是资金“{word}”，不是产出；预算执行率已单独计分。",
                  f"{cap(en)} measures spending ({word}), not output; budget execution is scored on its own.",
                  field=f"indicators[{i}].name", at=indicator.name)


@rule("Q007", "dominant-indicator", Severity.WARNING, "单个指标分值过重", "One indicator dominates the weight")
def dominant_indicator(form: Form, sheet: ScoreSheet, ctx: RuleContext) -> Iterator[Hit]:
    """Checks: 某个三级指标的分值是否超过全部指标分值的一半（settings.DOMINANT_INDICATOR_SHARE）。
    Whether one indicator carries more than half of all indicator weight (settings.DOMINANT_INDICATOR_SHARE).

    Why: 财预〔2020〕10号要求按重要程度分配权重并全面反映项目绩效；一个指标占大半分值，其余指标形同虚设。
    Cai Yu [2020] No. 10 asks for weights by importance across the project; one indicator with most of the
    weight makes the others irrelevant.

    Example: 90 分的指标中，“完成时间”一项占 60 分。
    Of 90 indicator points, 完成时间 alone carries 60.

    Fix: 按重要程度重新分配分值，或补充其他方面的指标。
    Rebalance the weights by importance, or add indicators for the other aspects.
    """
    weights = [(i, ind, ind.weight.value) for i, ind in enumerate(form.indicators) if ind.weight.value is not None]
    total = sum((weight for *_, weight in weights), Decimal(0))
    if len(weights) < 2 or total <= 0:
        return
    for i, indicator, weight in weights:
        share = weight / total
        if share > settings.DOMINANT_INDICATOR_SHARE:
            zh, en = indicator_label(i, indicator)
            percent = fmt(rounded(share * 100))
            yield hit(f"{zh}分值 {fmt(weight)}，占全部指标分值 {fmt(total)} 的 {percent}%。",
                      f"{cap(en)} carries {fmt(weight)} of all {fmt(total)} indicator points ({percent}%).",
                      field=f"indicators[{i}].weight", at=indicator.weight)


@rule("Q008", "cost-differs-from-budget", Severity.INFO, "成本指标与预算不符", "Cost target differs from the budget")
def cost_differs_from_budget(form: Form, sheet: ScoreSheet, ctx: RuleContext) -> Iterator[Hit]:
    """Checks: 成本指标中以金额表示的指标值（单位成本除外）合计是否等于项目预算。
    Whether the money targets of the cost indicators (unit costs aside) add up to the project budget.

    Why: 财预〔2020〕10号及 2021 年核心指标指引（财预〔2021〕101号）：成本指标反映项目的资金投入；与预算不符，
    要么指标值错，要么预算数错。这是提示。
    Under Cai Yu [2020] No. 10 and [2021] No. 101 cost indicators state what the project costs; a figure that
    differs from the budget means one of them is wrong. This is a note, not an error.

    Example: 预算 35 万元，成本指标“调研督导经费 30万”。
    Budget 35 万元 and a cost target of 30万.

    Fix: 核对成本指标值与预算数，改正错误的一方；有意控制成本的，在偏差说明中写明。
    Check the cost target against the budget and correct the wrong one; if a saving was intended, say so.
    """
    budget = _budget(form)
    costs = []
    for i, indicator in enumerate(form.indicators):
        if "成本" not in fold(indicator.level1.text + indicator.level2.text):
            continue
        name = fold(indicator.name.text)
        if not any(word in name + (indicator.target.unit or "") for word in _UNIT_COST_WORDS):
            amount = money_of(indicator.target, indicator.name.text)
            if amount is not None:
                costs.append((i, indicator, amount))
    if budget is None or not costs:
        return
    added = sum((amount for *_, amount in costs), Decimal(0))
    if abs(added - budget) <= settings.MONEY_TOLERANCE:
        return
    i, indicator, _ = costs[0]
    zh, en = indicator_label(i, indicator)
    what = f"{zh}的指标值“{shown(indicator.target)}”" if len(costs) == 1 else f"{len(costs)} 项成本指标合计"
    what_en = f"the target of {en} comes" if len(costs) == 1 else f"the {len(costs)} cost targets together come"
    yield hit(f"{what}为 {fmt(added)} 万元，项目预算为 {fmt(budget)} 万元。",
              f"{cap(what_en)} to {fmt(added)} 万元, but the project budget is {fmt(budget)} 万元.",
              field=f"indicators[{i}].target", at=indicator.target)


@rule("Q009", "quantitative-actual-is-text", Severity.WARNING, "定量指标的完成值只是文字",
      "Quantitative target with a text actual")
def quantitative_actual_is_text(form: Form, sheet: ScoreSheet, ctx: RuleContext) -> Iterator[Hit]:
    """Checks: 指标值是数字，完成值却只是“完成”“已完成”之类的文字。
    Whether a numeric target has an actual that is only text such as 完成 or 已完成.

    Why: 财预〔2020〕10号要求对照指标值填报实际完成值；定量指标没有完成数字，就无法按公式计分（GUIDE 1.2）。
    Cai Yu [2020] No. 10 asks for the actual against the target; without a number a quantitative indicator
    cannot be scored by the formula.

    Example: 指标值“≥90%”，完成值“已完成”。
    Target ≥90%, actual 已完成.

    Fix: 填写实际达到的数字和单位，如“95%”“12次”。
    Write the number reached, with its unit: 95%, 12次.
    """
    for i, indicator in enumerate(form.indicators):
        target, actual = indicator.target, indicator.actual
        if (target.kind is not MeasureKind.NUMBER or actual.kind is not MeasureKind.TEXT
                or any(ch.isdigit() for ch in fold(actual.raw))):
            continue
        zh, en = indicator_label(i, indicator)
        yield hit(f"{zh}的指标值是数字“{shown(target)}”，完成值却只写了“{shown(actual)}”，无法按公式计分。",
                  f"{cap(en)} has a numeric target “{shown(target)}” but the actual only says “{shown(actual)}”: "
                  "it cannot be scored by the formula.", field=f"indicators[{i}].actual", at=actual)
