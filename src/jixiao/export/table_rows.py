"""The rows of the flat tables (``tables.py``), one plain dict per form, funding row, indicator, finding."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from jixiao.model import Amount, Finding, Form, Measure
from jixiao.scoring import ScoreSheet

Row = dict[str, Any]
# Several forms behind one finding (a cross-form rule) share one cell, joined by this.
FORM_SEPARATOR = ";"


def form_rows(pairs: Sequence[tuple[Form, ScoreSheet]]) -> list[Row]:
    return [form_row(form, sheet) for form, sheet in pairs]


def form_row(form: Form, sheet: ScoreSheet) -> Row:
    total = form.funding.total
    return {
        "form_id": form.id, "source_path": form.source.path, "source_index": form.source.index,
        "layout": form.layout, "year": form.year, "title": form.title.text,
        "project": form.project_name.text, "department": form.competent_department.text,
        "unit": form.implementing_unit.text,
        "initial_budget": total.initial_budget.value if total else None,
        "full_year_budget": total.full_year_budget.value if total else None,
        "executed": total.executed.value if total else None,
        "execution_weight": sheet.execution.weight, "declared_rate_raw": form.funding.declared_rate.raw.strip(),
        "execution_rate": sheet.execution_rate, "declared_execution_score": sheet.execution.declared,
        "computed_execution_score": sheet.execution.computed, "indicator_count": len(form.indicators),
        "declared_total_weight": form.declared_total_weight.value, "declared_total": sheet.declared_total,
        "computed_total": sheet.computed_total, "grade": sheet.grade, "declared_grade": sheet.declared_grade,
        "ruleset": sheet.ruleset, "complete": sheet.complete,
    }


def funding_rows(forms: Sequence[Form]) -> list[Row]:
    return [{"form_id": form.id, "position": position, "kind": row.kind.value, "label": row.label.text,
             **_amount("initial_budget", row.initial_budget), **_amount("full_year_budget", row.full_year_budget),
             **_amount("executed", row.executed)}
            for form in forms for position, row in enumerate(form.funding.rows, start=1)]


def indicator_rows(pairs: Sequence[tuple[Form, ScoreSheet]]) -> list[Row]:
    rows: list[Row] = []
    for form, sheet in pairs:
        for position, (indicator, item) in enumerate(zip(form.indicators, sheet.indicators, strict=True), 1):
            rows.append({
                "form_id": form.id, "position": position, "level1": indicator.level1.text,
                "level2": indicator.level2.text, "name": indicator.name.text,
                **_measure("target", indicator.target), **_measure("actual", indicator.actual),
                **_amount("weight", indicator.weight), **_amount("declared_score", indicator.declared_score),
                "computed_score": item.computed, "method": str(item.method), "achievement": str(item.achievement),
                "explanation": item.explanation, "explanation_en": item.explanation_en,
                "deviation_note": indicator.deviation_note.raw,
            })
    return rows


def finding_rows(findings: Sequence[Finding]) -> list[Row]:
    rows: list[Row] = []
    for finding in findings:
        where = finding.location
        rows.append({
            "code": finding.code, "severity": finding.severity.value,
            "forms": FORM_SEPARATOR.join(finding.forms), "field": finding.field, "message": finding.message,
            "message_en": finding.message_en, "location": where.describe("zh") if where else None,
            "file": where.file if where else None, "table": where.table if where else None,
            "row": where.row if where else None, "column": where.column if where else None,
            "line": where.line if where else None, "anchor": where.anchor if where else None,
            "raw": finding.raw,
        })
    return rows


def _amount(name: str, amount: Amount) -> Row:
    return {f"{name}_raw": amount.raw, name: amount.value}


def _measure(prefix: str, measure: Measure) -> Row:
    return {
        f"{prefix}_raw": measure.raw, f"{prefix}_kind": measure.kind.value,
        f"{prefix}_operator": measure.operator.value if measure.operator is not None else None,
        f"{prefix}_number": measure.number, f"{prefix}_unit": measure.unit, f"{prefix}_date": measure.date,
        f"{prefix}_deadline": measure.deadline, f"{prefix}_text": measure.text,
    }
