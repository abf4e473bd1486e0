"""What a form's figures add up to, as a reader of text without rows uses them.

Two uses. A lone number after 总分 is the total weight or the total score: the one whose sum over the
form it equals (``summed``). And the indicator rows read out of fused text can be counted on only if
they add up (``count_doubted``): where an empty cell vanished or a row boundary had to be inferred, the
reader may read one row too many or too few, and then every later row is compared with the wrong one.
A weighted form's rows each have a weight, and the weights add up to the points the form gives them —
its level-1 labels' (产出指标(50分) …), the total weight less the funding's, or the layout's. A count the
figures do not bear out, or one that rests on a row boundary the reader had to guess, is not taken as read.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from jixiao.layouts import Layout
from jixiao.model import Amount, Funding, Indicator
from jixiao.model.parse import parse_amount


def summed(text: str, indicators: Sequence[Indicator], funding: Funding) -> str | None:
    """"weight" or "score" when the number ``text`` equals the form's sum of that column alone, else None."""
    number = parse_amount(text).value
    if number is None:
        return None
    sums = {"weight": _sum([funding.weight, *(indicator.weight for indicator in indicators)]),
            "score": _sum([funding.declared_score, *(indicator.declared_score for indicator in indicators)])}
    matching = [name for name, total in sums.items() if total is not None and total == number]
    return matching[0] if len(matching) == 1 else None


def count_doubted(indicators: Sequence[Indicator], layout: Layout, *, class_points: Sequence[Decimal],
                  total_weight: Amount, total_score: Amount, funding: Funding) -> bool:
    """Whether the number of indicator rows read is not borne out by the figures: on a layout that weighs
    every indicator, one without a weight, or weights that add up to none of the points the form or its
    layout gives them (``class_points``: the points its level-1 labels write); on one that scores, scores
    that do not add up to the total (with or without the funding's); on one with neither, any row whose
    name the reader doubts (where it ends is where the next row starts)."""
    if not indicators:
        return False
    columns = layout.indicator_columns.order
    weighed = layout.scoring.weighted and "weight" in columns
    if weighed and _weights_doubted(indicators, layout, class_points, total_weight, funding):
        return True
    if layout.scoring.scored and "score" in columns:
        # A form's own scores may not add up: where weights are there to count on, scores that do not add up
        # doubt the count only when the reader doubts some of them too.
        return _scores_doubted(indicators, total_score, funding, layout, weighed) and (not weighed or any(
            value.source is not None and value.source.doubted for indicator in indicators
            for value in (indicator.weight, indicator.declared_score)))
    return any(indicator.name.source is not None and indicator.name.source.doubted for indicator in indicators)


def _scores_doubted(indicators: Sequence[Indicator], total_score: Amount, funding: Funding, layout: Layout,
                    weighed: bool) -> bool:
    """Scores that add up to neither the total score nor the total less the funding's score. Where the
    funding's score was not read but the weights bear the count out, the total may hold any score of the
    execution's points over the indicators' (a row lost or added would show in the weights)."""
    if total_score.value is None:
        return False
    scores = _sum([indicator.declared_score for indicator in indicators]) or Decimal(0)
    execution = funding.declared_score.value
    if execution is None and weighed:
        return not Decimal(0) <= total_score.value - scores <= layout.scoring.execution_weight
    return scores not in {total_score.value, total_score.value - (execution or Decimal(0))}


def _weights_doubted(indicators: Sequence[Indicator], layout: Layout, class_points: Sequence[Decimal],
                     total_weight: Amount, funding: Funding) -> bool:
    # A row with no figure at all (指标1:/, not applicable) has no weight to give.
    rows = [indicator for indicator in indicators if not (
        indicator.weight.is_blank and indicator.declared_score.is_blank and indicator.target.is_blank
        and indicator.actual.is_blank)]
    if any(indicator.weight.value is None for indicator in rows):
        return True
    added = sum((indicator.weight.value for indicator in rows), Decimal(0))  # type: ignore[misc]
    given = {layout.scoring.indicator_points, sum(class_points, Decimal(0))}
    if total_weight.value is not None:
        given |= {total_weight.value, total_weight.value - (funding.weight.value or Decimal(0)),
                  total_weight.value - layout.scoring.execution_weight}
    return added not in given


def _sum(amounts: Sequence[Amount]) -> Decimal | None:
    """The sum of the amounts read, or None when none was."""
    numbers = [amount.value for amount in amounts if amount.value is not None]
    return sum(numbers, Decimal(0)) if numbers else None
