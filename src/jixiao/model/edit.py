"""Editing a form by field path with new cell text: how a preparer's change (or a test case) is applied.

Paths are the ones findings use: ``project_name``, ``year``, ``goal.expected``, ``funding.weight``,
``funding.rows[0].full_year_budget``, ``indicators[3].actual``, ``declared_total_score``. The new
text is parsed as the field's type would be when read from a file; the form is never mutated.
"""

from __future__ import annotations

import re
from dataclasses import fields, replace
from typing import Any

from jixiao.model.form import Form, Indicator
from jixiao.model.parse import fold, parse_amount, parse_measure, text_value
from jixiao.model.values import Amount, Measure, TextValue

_STEP_RE = re.compile(r"([a-z_0-9]+)(?:\[(\d+)\])?")
_MONEY_FIELDS = frozenset({"initial_budget", "full_year_budget", "executed"})


class PathError(KeyError):
    """A field path that does not name a value in the form."""


def with_value(form: Form, path: str, raw: str) -> Form:
    """A copy of ``form`` whose field at ``path`` holds ``raw``, parsed like a cell."""
    if path == "year":
        match = re.search(r"\d{4}", fold(raw))
        return replace(form, year=int(match.group()) if match else None, year_text=text_value(raw))
    steps = [_parse_step(step) for step in path.split(".")]
    return _set(form, steps, raw)


def without_indicators(form: Form, positions: list[int]) -> Form:
    drop = set(positions)
    return replace(form, indicators=tuple(ind for i, ind in enumerate(form.indicators) if i not in drop))


def with_indicator(form: Form, cells: dict[str, str]) -> Form:
    """A copy of ``form`` with one more indicator built from cell texts keyed by field name."""
    indicator = Indicator(
        level1=text_value(cells.get("level1", "")), level2=text_value(cells.get("level2", "")),
        name=text_value(cells.get("name", "")), target=parse_measure(cells.get("target", "")),
        actual=parse_measure(cells.get("actual", "")), weight=parse_amount(cells.get("weight", "")),
        declared_score=parse_amount(cells.get("declared_score", "")),
        deviation_note=text_value(cells.get("deviation_note", "")))
    return replace(form, indicators=(*form.indicators, indicator))


def _parse_step(step: str) -> tuple[str, int | None]:
    match = _STEP_RE.fullmatch(step)
    if match is None:
        raise PathError(step)
    return match.group(1), int(match.group(2)) if match.group(2) is not None else None


def _set(node: Any, steps: list[tuple[str, int | None]], raw: str) -> Any:
    (name, index), rest = steps[0], steps[1:]
    if name not in {f.name for f in fields(node)}:
        raise PathError(name)
    current = getattr(node, name)
    if index is not None:
        if index >= len(current):
            raise PathError(f"{name}[{index}]")
        items = list(current)
        items[index] = _set(items[index], rest, raw) if rest else _parsed(name, items[index], raw)
        return replace(node, **{name: tuple(items)})
    new = _set(current, rest, raw) if rest else _parsed(name, current, raw)
    return replace(node, **{name: new})


def _parsed(name: str, old: Any, raw: str) -> Any:
    source = getattr(old, "source", None)
    if isinstance(old, Measure):
        return parse_measure(raw, source)
    if isinstance(old, Amount):
        return parse_amount(raw, source, money=name in _MONEY_FIELDS)
    if isinstance(old, TextValue):
        return text_value(raw, source)
    raise PathError(name)
