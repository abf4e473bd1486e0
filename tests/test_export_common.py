"""The export layout plan, and the format-blind views the writer tests compare.

``form_view`` says what a form holds in the terms a written file can keep (folded names, raw targets,
actuals and notes, amounts as numbers where they parse). The xlsx and docx tests build the same view
from the written file with openpyxl / python-docx and compare. When jixiao's own xlsx and docx
readers land, the round trip is one more line per format:
``assert [form_view(f) for f in jixiao.read(path)] == [form_view(f) for f in forms]``.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

import pytest

import jixiao
from jixiao.export.layout import Formula, plan_form, runs
from jixiao.model import Amount, Form, FundKind

FIXTURE = Path(__file__).parent / "fixtures" / "founding_sample.txt"
FUND_ORDER = (FundKind.TOTAL, FundKind.APPROPRIATION, FundKind.CARRY_OVER, FundKind.OTHER)


@cache
def founding_forms() -> tuple[Form, ...]:
    """The four founding forms, read once for every export test module (forms are immutable)."""
    return tuple(jixiao.read(FIXTURE))


@pytest.fixture(scope="module")
def forms() -> tuple[Form, ...]:
    return founding_forms()


def fold(text: object) -> str:
    return " ".join(str(text or "").split())


def number_or_text(value: object) -> Decimal | str | None:
    """A cell as a figure when it reads as one (``35``, ``35.00``), otherwise its folded text."""
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value)).normalize()
    except InvalidOperation:
        return fold(value)


def amount_view(amount: Amount) -> Decimal | str | None:
    return amount.value.normalize() if amount.value is not None else (fold(amount.raw) or None)


def form_view(form: Form) -> dict:
    rows = {row.kind: row for row in form.funding.rows}
    return {
        "title": fold(form.title.text), "year": fold(form.year_text.text), "project": fold(form.project_name.raw),
        "department": fold(form.competent_department.raw), "unit": fold(form.implementing_unit.raw),
        "funding": [tuple(amount_view(getattr(rows[kind], name)) for name in
                          ("initial_budget", "full_year_budget", "executed")) for kind in FUND_ORDER],
        "goal": (form.goal.expected.raw, form.goal.achieved.raw),
        "indicators": [(fold(i.level1.text), fold(i.level2.text), i.name.raw, i.target.raw, i.actual.raw,
                        amount_view(i.weight), amount_view(i.declared_score), i.deviation_note.raw)
                       for i in form.indicators],
    }


def with_funding(form: Form, **figures: str) -> Form:
    """``form`` with its total row's figures replaced (``initial_budget="10"``, ``executed=""``)."""
    total = form.funding.total
    changes = {name: Amount(raw=raw, value=Decimal(raw) if raw else None) for name, raw in figures.items()}
    rows = tuple(dataclasses.replace(row, **changes) if row is total else row for row in form.funding.rows)
    return dataclasses.replace(form, funding=dataclasses.replace(form.funding, rows=rows))


def test_the_plan_places_each_block(forms: list[Form]) -> None:
    plan = plan_form(forms[0], jixiao.score(forms[0]))
    at = {(cell.row, cell.column): cell for cell in plan.cells}
    assert at[(1, 1)].value == "项目支出绩效自评表" and at[(1, 1)].columns == 9
    assert at[(2, 1)].value == "（2020年度）"
    assert at[(5, 1)].value == "项目资金（万元）" and at[(5, 1)].rows == 5
    assert at[(6, 4)].value == Decimal(35) and at[(6, 5)].value is None and at[(6, 6)].value == Decimal(35)
    assert plan.rows == {"funding_total": 6, "goal": 11, "indicator_head": 12, "first_indicator": 13, "total": 22}
    assert plan.bottom == 22


def test_no_two_cells_cover_the_same_place(forms: list[Form]) -> None:
    for form in forms:
        covered: set[tuple[int, int]] = set()
        for cell in plan_form(form, jixiao.score(form), top=40).cells:
            spots = {(cell.row + r, cell.column + c) for r in range(cell.rows) for c in range(cell.columns)}
            assert not spots & covered, f"{form.id}: {cell} overlaps"
            covered |= spots
        assert min(row for row, _ in covered) == 40


def test_formulas_carry_the_engine_values(forms: list[Form]) -> None:
    sheet = jixiao.score(forms[3])
    plan = plan_form(forms[3], sheet)
    formulas = {(c.row, c.column): c.value for c in plan.cells if isinstance(c.value, Formula)}
    assert formulas[(6, 8)].value == sheet.execution_rate == 1
    assert formulas[(6, 9)].value == sheet.execution.computed == 10
    assert formulas[(21, 7)] == Formula("SUM(G6,G13:G20)", Decimal(100))
    # Form 4 declares 98.9 but its scores add up to 99: the sheet adds, and says so in a note.
    total = next(c for c in plan.cells if (c.row, c.column) == (21, 8))
    assert total.value == Formula("SUM(I6,H13:H20)", Decimal(99)) and "98.9" in total.note


def test_runs_group_neighbours_only() -> None:
    items = ["a", "a", "b", "a", "a", "a"]
    assert list(runs(items, lambda item: item)) == [(0, 2), (2, 1), (3, 3)]
    assert list(runs([], lambda item: item)) == []
