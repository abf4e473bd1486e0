"""What reading a generated form must give back, field by field, and where a form read disagrees.

Both sides are flattened to ``{field path: value}`` with the paths ``jixiao.model.edit`` and
``Reading.unreadable`` use (``project_name``, ``funding.rows[0].executed``, ``indicators[3].target``,
``indicators[2].parts[0].name``; a list's own path holds its length). Values are what a reader must
recover whatever the text's shape: texts with their blanks folded (a cell's line break may become a
space), amounts as Decimals (money in 万元, whatever unit the form writes), targets and actuals as
their raw text (a split target joined back: sign + value + unit), levels filled down, core flags, and
no block missing (a generated form has every block its layout requires).
The spec side is worked out from the spec's cell texts with plain ``Decimal``, not with the reader's
parser, so that the comparison checks the reader rather than repeating it.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from jixiao.model import Form, Indicator, SourceRef
from jixiao.model.values import BLANK_MARKS
from jixiao.settings import DOUBTED_BELOW
from jixiao.synth.forms import FormSpec, IndicatorSpec

# Cells that say "nothing here" (the model's BLANK_MARKS, as units type them in generated forms).
_BLANKS = frozenset({"", "—", "——", "-", "/", "／"})
_COMPARISON_SIGNS = "≥≤=<>≧≦"
_TEN_THOUSAND = Decimal(10000)


class _Missing:
    """A value the form read does not have at all (an indicator it did not find)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class Difference(NamedTuple):
    """A field where the form read differs from the spec, with the confidence the reader gave the value
    it read there (None: read from a table's cell, or not read at all)."""

    path: str
    expected: object
    got: object
    confidence: float | None = None


def expected(spec: FormSpec) -> dict[str, object]:
    """The spec as the values a reader must give back, by field path."""
    values: dict[str, object] = {
        "layout": spec.layout, "title": _text(spec.title), "year": spec.year,
        "project_name": _text(spec.project_name), "competent_department": _text(spec.department),
        "implementing_unit": _text(spec.unit), "missing_sections": (), "funding.rows": len(spec.funding),
    }
    to_wan = Decimal(1) / _TEN_THOUSAND if spec.money_unit == "元" else Decimal(1)
    for i, line in enumerate(spec.funding):
        at = f"funding.rows[{i}]"
        values[f"{at}.label"] = _text(line.label)
        values[f"{at}.kind"] = line.kind
        for name in ("initial_budget", "full_year_budget", "executed"):
            amount = _number(line.cell(name))
            values[f"{at}.{name}"] = None if amount is None else amount * to_wan
    total = next((line for line in spec.funding if line.kind.value == "total"), None)
    values["funding.weight"] = _number(total.weight) if total else None
    values["funding.declared_rate"] = _number(total.rate) if total else None
    values["funding.declared_score"] = _number(total.score) if total else None
    values["goal.expected"] = _text(spec.goal_expected)
    values["goal.achieved"] = _text(spec.goal_achieved)
    values["indicators"] = len(spec.indicators)
    for i, indicator in enumerate(spec.indicators):
        values.update(_indicator(f"indicators[{i}]", indicator))
    values["declared_total_weight"] = _number(spec.total_weight)
    values["declared_total_score"] = _number(spec.total_score)
    values["declared_grade"] = _text(spec.grade)
    return values


def _indicator(at: str, indicator: IndicatorSpec) -> dict[str, object]:
    values: dict[str, object] = {
        f"{at}.level1": _text(indicator.level1), f"{at}.level2": _text(indicator.level2),
        f"{at}.name": _text(indicator.name), f"{at}.target": target_text(indicator),
        f"{at}.actual": indicator.actual, f"{at}.weight": _number(indicator.weight),
        f"{at}.declared_score": _number(indicator.score), f"{at}.deviation_note": _text(indicator.note),
        f"{at}.core": indicator.core, f"{at}.parts": len(indicator.parts),
    }
    for j, part in enumerate(indicator.parts):
        values.update({key: value for key, value in _indicator(f"{at}.parts[{j}]", part).items()
                       if not key.endswith(".parts")})
    return values


def target_text(indicator: IndicatorSpec) -> str:
    """The target as one text: a split target (指标性质 · 指标值 · 度量单位) is sign + value + unit, the
    sign only when it is a comparison (定性 / 定量 are not) and the unit only when the value lacks it."""
    value = indicator.target.strip()
    if not (indicator.operator or indicator.unit) or not value:
        return indicator.target
    sign = indicator.operator.strip()
    sign = sign if sign and any(glyph in sign for glyph in _COMPARISON_SIGNS) else ""
    unit = indicator.unit.strip()
    return sign + value + ("" if value.endswith(unit) else unit)


def observed(form: Form) -> dict[str, object]:
    """The form read, flattened like ``expected`` (without the sources)."""
    return {path: value for path, (value, _) in _flatten(form).items()}


def differences(spec: FormSpec, form: Form, *, blanks: bool = True) -> list[Difference]:
    """Every field where ``form`` differs from ``spec``, in the spec's field order.

    With ``blanks=False`` texts are compared without their blanks: in space-separated and fused text a
    space inside a cell cannot be told from the gap between cells, and in Chinese text it means nothing.
    Nor can the cell a lone dash stood in (``2/`` is 分值 2 and a 得分 of ``/``, or 分值 2 and a 说明 of
    ``/``): a blank mark is compared as the blank it means, as the checks read it (``BLANK_MARKS``).
    """
    read = _flatten(form)
    found = []
    for path, value in expected(spec).items():
        got, source = read.get(path, (MISSING, None))
        if not _same(value, got, blanks):
            found.append(Difference(path, value, got, source.confidence if source else None))
    return found


def undeclared(found: list[Difference], form: Form) -> list[Difference]:
    """The differences the reader did not own up to: neither listed (or under a path listed) in
    ``form.reading.unreadable`` nor read with a confidence below ``settings.DOUBTED_BELOW`` —
    silently wrong values."""
    lost = form.reading.unreadable
    return [difference for difference in found
            if not any(_under(difference.path, path) for path in lost)
            and not (difference.confidence is not None and difference.confidence < DOUBTED_BELOW)]


def _under(path: str, lost: str) -> bool:
    return path == lost or path.startswith((lost + ".", lost + "["))


def _same(want: object, got: object, blanks: bool = True) -> bool:
    if isinstance(want, Decimal) and isinstance(got, Decimal):
        return want == got  # 10 == 10.00
    if not blanks:
        want, got = _unmarked(want), _unmarked(got)
        if isinstance(want, str) and isinstance(got, str):
            return "".join(want.split()) == "".join(got.split())
    return type(want) is type(got) and want == got


def _unmarked(value: object) -> object:
    """A blank mark as the blank it means (None, where a blank amount reads as None)."""
    return "" if isinstance(value, str) and value.strip() in BLANK_MARKS else value


def _flatten(form: Form) -> dict[str, tuple[object, SourceRef | None]]:
    values: dict[str, tuple[object, SourceRef | None]] = {
        "layout": (form.layout, None), "title": (form.title.text, form.title.source),
        "year": (form.year, form.year_text.source),
        "project_name": (form.project_name.text, form.project_name.source),
        "competent_department": (form.competent_department.text, form.competent_department.source),
        "implementing_unit": (form.implementing_unit.text, form.implementing_unit.source),
        "missing_sections": (form.missing_sections, None),
        "funding.rows": (len(form.funding.rows), None),
    }
    for i, row in enumerate(form.funding.rows):
        at = f"funding.rows[{i}]"
        values[f"{at}.label"] = (row.label.text, row.label.source)
        values[f"{at}.kind"] = (row.kind, row.label.source)
        for name in ("initial_budget", "full_year_budget", "executed"):
            amount = getattr(row, name)
            values[f"{at}.{name}"] = (amount.value, amount.source)
    funding = form.funding
    for name, amount in (("weight", funding.weight), ("declared_rate", funding.declared_rate),
                         ("declared_score", funding.declared_score)):
        values[f"funding.{name}"] = (amount.value, amount.source)
    values["goal.expected"] = (form.goal.expected.text, form.goal.expected.source)
    values["goal.achieved"] = (form.goal.achieved.text, form.goal.achieved.source)
    values["indicators"] = (len(form.indicators), None)
    for i, indicator in enumerate(form.indicators):
        values.update(_indicator_values(f"indicators[{i}]", indicator))
    for name in ("declared_total_weight", "declared_total_score"):
        amount = getattr(form, name)
        values[name] = (amount.value, amount.source)
    values["declared_grade"] = (form.declared_grade.text, form.declared_grade.source)
    return values


def _indicator_values(at: str, indicator: Indicator) -> Iterator[tuple[str, tuple[object, SourceRef | None]]]:
    name = indicator.name
    yield f"{at}.level1", (indicator.level1.text, indicator.level1.source)
    yield f"{at}.level2", (indicator.level2.text, indicator.level2.source)
    yield f"{at}.name", (name.text, name.source)
    yield f"{at}.target", (indicator.target.raw, indicator.target.source)
    yield f"{at}.actual", (indicator.actual.raw, indicator.actual.source)
    yield f"{at}.weight", (indicator.weight.value, indicator.weight.source)
    yield f"{at}.declared_score", (indicator.declared_score.value, indicator.declared_score.source)
    yield f"{at}.deviation_note", (indicator.deviation_note.text, indicator.deviation_note.source)
    yield f"{at}.core", (indicator.core, name.source)
    yield f"{at}.parts", (len(indicator.parts), name.source)
    for j, part in enumerate(indicator.parts):
        yield from ((key, value) for key, value in _indicator_values(f"{at}.parts[{j}]", part)
                    if not key.endswith(".parts"))


def _text(raw: str) -> str:
    return " ".join(raw.split())


def _number(text: str) -> Decimal | None:
    """A number cell's value: blank marks are None; ``%`` and thousands commas are dropped."""
    text = text.strip()
    if text in _BLANKS:
        return None
    try:
        return Decimal(text.removesuffix("%").replace(",", ""))
    except InvalidOperation:
        return None
