"""The funding block of a generated form (项目资金 / 预算执行情况): money that adds up over the fund rows
in the layout's unit, the execution rate, and the execution score (预算执行率得分) on the total row."""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal

from jixiao.layouts import Layout
from jixiao.model import FundKind
from jixiao.synth import words
from jixiao.synth.forms import FundingLine, Presentation
from jixiao.synth.numbers import CENT, fmt
from jixiao.synth.style import Style


def draw_funding(layout: Layout, style: Style, rng: random.Random,
                 presentation: Presentation) -> tuple[tuple[FundingLine, ...], Decimal]:
    """The funding rows and the execution score (预算执行率得分); the sources add up to the total."""
    columns = set(layout.funding_columns.order)
    full_year = Decimal(rng.randint(50, 500_000)) / 100
    initial = full_year if rng.random() < 0.5 else (full_year * Decimal(rng.randint(60, 100)) / 100).quantize(CENT)
    executed = full_year if rng.random() < 0.4 else (full_year * Decimal(rng.randint(55, 100)) / 100).quantize(CENT)
    rate = executed / full_year
    weight = layout.scoring.execution_weight
    score = (weight * min(rate, Decimal(1))).quantize(CENT, ROUND_HALF_UP)
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
            weight=(fmt(weight) if total else filler) if "weight" in columns else "",
            score=(fmt(score) if total else filler) if "score" in columns and layout.scoring.scored else "",
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
    amounts = [(total * share).quantize(CENT) for share in shares]
    sources = [i for i, share in enumerate(shares) if share and share != 1]
    if len(sources) > 1:
        last = sources[-1]
        amounts[last] = total - sum(amounts[i] for i in sources[:-1])
    return amounts


def _money(value: Decimal, unit: str, rng: random.Random) -> str:
    if unit == "元":
        yuan = (value * 10000).quantize(CENT)
        return f"{yuan:,.2f}" if rng.random() < 0.3 else f"{yuan:.2f}"
    return f"{value:.2f}" if rng.random() < 0.6 else fmt(value)


def _percent(rate: Decimal, rng: random.Random) -> str:
    places = rng.choice((Decimal(1), CENT))
    return f"{(rate * 100).quantize(places, ROUND_HALF_UP)}%"


def _written_label(label: str, presentation: Presentation, rng: random.Random) -> str:
    if presentation.wide_punctuation:
        label = label.replace(":", "：").replace("(", "（").replace(")", "）")
    if presentation.indented_fund_labels and not label.startswith("其中"):
        label = " " * rng.randint(2, 6) + label
    return label
