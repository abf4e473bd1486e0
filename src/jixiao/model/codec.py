"""The JSON codec: forms, score sheets and findings ↔ one versioned JSON document (``jixiao.form/1``).

The document is the machine twin of ``jixiao check``: ``schema``, ``forms`` (each with its
``score`` when a score sheet is given), ``findings`` and, when the caller knows them, ``ruleset``,
``inputs`` and ``summary``. Every value keeps its raw text and its provenance, so ``from_json``
rebuilds the ``Form``s exactly. Amounts are decimal strings, never floats, so ``98.9`` stays ``98.9``.

Score sheets are encoded by duck typing (this module sits in ``model``, below ``scoring``, and must
not import it); they are output only: ``from_json`` rebuilds forms and findings, and a reader who
needs scores again runs ``jixiao.score``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from jixiao.model.finding import Finding, Severity
from jixiao.model.form import Form, FormSource, Funding, FundingRow, FundKind, Goal, Indicator, Reading
from jixiao.model.source import SourceRef
from jixiao.model.values import Amount, Measure, MeasureKind, Operator, TextValue

SCHEMA_NAME = "jixiao.form"
SCHEMA_MAJOR = 1
# Additive changes (new keys) keep the major version; readers ignore keys they do not know.
SCHEMA = f"{SCHEMA_NAME}/{SCHEMA_MAJOR}"

_TEXT_FIELDS = ("title", "year_text", "project_name", "competent_department", "implementing_unit")
_MONEY_FIELDS = ("initial_budget", "full_year_budget", "executed")
_FUNDING_FIELDS = ("weight", "declared_rate", "declared_score")
_INDICATOR_TEXTS = ("level1", "level2", "name", "deviation_note")
_INDICATOR_AMOUNTS = ("weight", "declared_score")
_TOTAL_FIELDS = ("declared_total_weight", "declared_total_score")
_SOURCE_KEYS = ("table", "row", "column", "line")
Home = tuple[str, int]  # the form's own (path, index): value sources omit them when they match

RATIO_PLACES = Decimal("0.0001")


class SchemaError(ValueError):
    """A document that is not a ``jixiao.form`` document of a major version this codec reads."""


# --- encoding ---------------------------------------------------------------------------------

def to_json(forms: Sequence[Form], findings: Sequence[Finding] = (), sheets: Sequence[Any] | None = None,
            *, inputs: Sequence[Any] | None = None, ruleset: str | None = None) -> dict[str, Any]:
    """The document for ``forms`` and ``findings``.

    ``sheets`` runs parallel to ``forms`` (a ``ScoreSheet`` or None per form); ``inputs`` are the
    loader's results (objects with ``path``, ``readable``, ``forms`` and ``findings``).
    """
    scored = list(sheets) if sheets is not None else [None] * len(forms)
    document: dict[str, Any] = {"schema": SCHEMA}
    if ruleset is not None:
        document["ruleset"] = ruleset
    if inputs is not None:
        document["inputs"] = [encode_input(item) for item in inputs]
    document["forms"] = [encode_form(form, sheet) for form, sheet in zip(forms, scored, strict=True)]
    document["findings"] = [encode_finding(finding) for finding in findings]
    document["summary"] = summarize(forms, findings, inputs)
    return document


def dumps(forms: Sequence[Form], findings: Sequence[Finding] = (), sheets: Sequence[Any] | None = None,
          **options: Any) -> str:
    """``to_json`` as text (UTF-8, Chinese unescaped, indented, ending in a newline)."""
    return document_text(to_json(forms, findings, sheets, **options))


def document_text(document: dict[str, Any]) -> str:
    """The document as JSON text for people too: indented, but a small object or list on one line."""
    return _pretty(document, 0) + "\n"


# A nested value whose one-line JSON fits in this many characters stays on one line.
_INLINE_CHARS = 120


def _pretty(value: Any, depth: int) -> str:
    flat = json.dumps(value, ensure_ascii=False)
    if not isinstance(value, dict | list) or not value or len(flat) + 2 * depth <= _INLINE_CHARS:
        return flat
    inner = "  " * (depth + 1)
    if isinstance(value, list):
        items = [inner + _pretty(item, depth + 1) for item in value]
        return "[\n" + ",\n".join(items) + "\n" + "  " * depth + "]"
    items = [f"{inner}{json.dumps(key, ensure_ascii=False)}: {_pretty(item, depth + 1)}" for key, item in value.items()]
    return "{\n" + ",\n".join(items) + "\n" + "  " * depth + "}"


def save(data: str | bytes, path: str | Path) -> None:
    """Write ``data`` (text as UTF-8, or bytes as they are) to ``path`` atomically: a temporary file
    beside it, then a rename.

    A reader never sees half a document, and an interrupted write leaves the old file in place.
    Every writer of jixiao (JSON, office files, tables) saves through here.
    """
    target = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        if isinstance(data, str):
            data = data.encode("utf-8")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def summarize(forms: Sequence[Form], findings: Sequence[Finding], inputs: Sequence[Any] | None) -> dict:
    counts = {severity.value: 0 for severity in Severity}
    for finding in findings:
        counts[finding.severity.value] += 1
    summary = {"forms": len(forms), "errors": counts["error"], "warnings": counts["warning"],
               "infos": counts["info"]}
    if inputs is not None:
        summary = {"files": len(inputs), "unreadable": sum(not item.readable for item in inputs), **summary}
    return summary


def encode_input(item: Any) -> dict[str, Any]:
    """One input file: whether it was read, its form ids, and why not when it could not be."""
    reason = next((f for f in item.findings if f.code in ("R001", "R002")), None) if not item.readable else None
    return {"path": item.path, "readable": item.readable, "forms": [form.id for form in item.forms],
            "reason": reason.message if reason else None, "reason_en": reason.message_en if reason else None}


def encode_form(form: Form, sheet: Any = None) -> dict[str, Any]:
    home: Home = (form.source.path, form.source.index)
    src = form.source
    data: dict[str, Any] = {
        "id": form.id,
        "source": {"path": src.path, "index": src.index, "first_line": src.first_line, "last_line": src.last_line},
        "layout": form.layout, "year": form.year,
    }
    data.update({name: _text(getattr(form, name), home) for name in _TEXT_FIELDS})
    funding = form.funding
    data["funding"] = {
        "rows": [{"label": _text(row.label, home), "kind": row.kind.value,
                  **{name: _amount(getattr(row, name), home) for name in _MONEY_FIELDS}} for row in funding.rows],
        **{name: _amount(getattr(funding, name), home) for name in _FUNDING_FIELDS},
    }
    data["goal"] = {"expected": _text(form.goal.expected, home), "achieved": _text(form.goal.achieved, home)}
    data["indicators"] = [_indicator(indicator, home) for indicator in form.indicators]
    data.update({name: _amount(getattr(form, name), home) for name in _TOTAL_FIELDS})
    data["declared_grade"] = _text(form.declared_grade, home)
    data["missing_sections"] = list(form.missing_sections)
    data["reading"] = _reading(form.reading)
    data["score"] = encode_sheet(sheet) if sheet is not None else None
    return data


def _indicator(indicator: Indicator, home: Home) -> dict[str, Any]:
    # Keys in the order of the form's columns: classes and name, target, actual, weight, score, note.
    data: dict[str, Any] = {name: _text(getattr(indicator, name), home) for name in ("level1", "level2", "name")}
    data["target"] = _measure(indicator.target, home)
    data["actual"] = _measure(indicator.actual, home)
    data.update({name: _amount(getattr(indicator, name), home) for name in _INDICATOR_AMOUNTS})
    data["deviation_note"] = _text(indicator.deviation_note, home)
    if indicator.core:
        data["core"] = True
    if indicator.parts:
        data["parts"] = [_indicator(part, home) for part in indicator.parts]
    return data


def _reading(reading: Reading) -> dict[str, Any]:
    return {"shape": reading.shape, "layout_confidence": reading.layout_confidence,
            "layout_forced": reading.layout_forced, "confidence": reading.confidence,
            "low_confidence": reading.low_confidence, "unreadable": list(reading.unreadable)}


def _reading_of(data: dict[str, Any] | None) -> Reading:
    if data is None:  # documents written before the reading was recorded
        return Reading()
    return Reading(shape=data["shape"], layout_confidence=data["layout_confidence"],
                   layout_forced=data.get("layout_forced", False), confidence=data["confidence"],
                   unreadable=tuple(data.get("unreadable", ())))


def encode_sheet(sheet: Any) -> dict[str, Any]:
    """A ``ScoreSheet``: totals, grade, and every item's computed score with its explanation."""
    return {
        "ruleset": sheet.ruleset, "declared_total": decimal_text(sheet.declared_total),
        "computed_total": decimal_text(sheet.computed_total), "grade": sheet.grade,
        "declared_grade": sheet.declared_grade, "complete": sheet.complete,
        "explanation": sheet.explanation, "explanation_en": sheet.explanation_en,
        "execution_rate": decimal_text(sheet.execution_rate), "scorable": sheet.scorable,
        "execution": _item(sheet.execution), "indicators": [_item(item) for item in sheet.indicators],
        "adjustments": [{"field": adj.field, "points": decimal_text(adj.points), "explanation": adj.explanation,
                         "explanation_en": adj.explanation_en} for adj in sheet.adjustments],
    }


def _ratio_text(ratio: Decimal | None) -> str | None:
    """actual ÷ target to four decimals: the division's 28 digits are noise to a reader of the JSON."""
    return decimal_text(ratio.quantize(RATIO_PLACES)) if ratio is not None else None


def _item(item: Any) -> dict[str, Any]:
    return {
        "field": item.field, "label": item.label, "method": str(item.method), "weight": decimal_text(item.weight),
        "declared": decimal_text(item.declared), "computed": decimal_text(item.computed),
        "explanation": item.explanation, "explanation_en": item.explanation_en,
        "achievement": str(item.achievement), "ratio": _ratio_text(item.ratio),
        "band": [decimal_text(bound) for bound in item.band] if item.band is not None else None,
        "flags": list(item.flags),
    }


def encode_finding(finding: Finding) -> dict[str, Any]:
    location = finding.location
    return {
        "code": finding.code, "severity": finding.severity.value, "forms": list(finding.forms),
        "field": finding.field, "message": finding.message, "message_en": finding.message_en,
        "location": None if location is None else {
            "file": location.file, "form_index": location.form_index,
            **{key: getattr(location, key) for key in _SOURCE_KEYS},
            **({"anchor": location.anchor} if location.anchor is not None else {})},
        "raw": finding.raw,
    }


def decimal_text(value: Decimal | None) -> str | None:
    """A decimal as plain text without exponent (``98.9``, ``10.00``); None stays None."""
    return None if value is None else format(value, "f")


def _source(source: SourceRef | None, home: Home) -> dict[str, Any] | None:
    if source is None:
        return None
    data: dict[str, Any] = {}
    # The form's own file and position are implied, which keeps the document readable.
    if source.file != home[0]:
        data["file"] = source.file
    if source.form_index != home[1]:
        data["form_index"] = source.form_index
    data.update({key: getattr(source, key) for key in _SOURCE_KEYS})
    if source.anchor is not None:  # only office and web files name their cells; text dumps do not
        data["anchor"] = source.anchor
    if source.confidence is not None:  # only values read out of messy text carry one
        data["confidence"] = source.confidence
    return data


def _text(value: TextValue, home: Home) -> dict[str, Any]:
    return {"text": value.text, "raw": value.raw, "source": _source(value.source, home)}


def _amount(value: Amount, home: Home) -> dict[str, Any]:
    return {"raw": value.raw, "value": decimal_text(value.value), "unit": value.unit,
            "source": _source(value.source, home)}


def _measure(value: Measure, home: Home) -> dict[str, Any]:
    return {
        "raw": value.raw, "kind": value.kind.value,
        "operator": value.operator.value if value.operator is not None else None,
        "number": decimal_text(value.number), "unit": value.unit,
        "date": value.date.isoformat() if value.date is not None else None, "deadline": value.deadline,
        "text": value.text, "source": _source(value.source, home),
    }


# --- decoding ---------------------------------------------------------------------------------

def from_json(document: dict[str, Any] | str) -> list[Form]:
    """The forms of a document (a dict or its JSON text), exactly as they were encoded."""
    data = _checked(document)
    try:
        return [decode_form(item) for item in data["forms"]]
    except (KeyError, TypeError, ValueError, AttributeError, InvalidOperation) as error:
        raise SchemaError(f"malformed {SCHEMA_NAME} document: {error!r}") from error


def findings_from_json(document: dict[str, Any] | str) -> list[Finding]:
    data = _checked(document)
    try:
        return [decode_finding(item) for item in data.get("findings", [])]
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise SchemaError(f"malformed {SCHEMA_NAME} document: {error!r}") from error


def _checked(document: dict[str, Any] | str) -> dict[str, Any]:
    data = json.loads(document) if isinstance(document, str) else document
    schema = data.get("schema") if isinstance(data, dict) else None
    name, _, major = str(schema).partition("/")
    if name != SCHEMA_NAME or major.split(".")[0] != str(SCHEMA_MAJOR):
        raise SchemaError(f"not a {SCHEMA} document (schema: {schema!r})")
    return data


def decode_form(data: dict[str, Any]) -> Form:
    src = data["source"]
    home: Home = (src["path"], src["index"])
    funding = data["funding"]
    return Form(
        id=data["id"], layout=data["layout"], year=data["year"],
        source=FormSource(path=src["path"], index=src["index"], first_line=src.get("first_line"),
                          last_line=src.get("last_line")),
        **{name: _text_of(data[name], home) for name in _TEXT_FIELDS},
        funding=Funding(
            rows=tuple(FundingRow(label=_text_of(row["label"], home), kind=FundKind(row["kind"]),
                                  **{name: _amount_of(row[name], home) for name in _MONEY_FIELDS})
                       for row in funding["rows"]),
            **{name: _amount_of(funding[name], home) for name in _FUNDING_FIELDS}),
        goal=Goal(expected=_text_of(data["goal"]["expected"], home),
                  achieved=_text_of(data["goal"]["achieved"], home)),
        indicators=tuple(_indicator_of(item, home) for item in data["indicators"]),
        **{name: _amount_of(data[name], home) for name in _TOTAL_FIELDS},
        declared_grade=_text_of(data["declared_grade"], home),
        missing_sections=tuple(data.get("missing_sections", ())),
        reading=_reading_of(data.get("reading")),
    )


def _indicator_of(data: dict[str, Any], home: Home) -> Indicator:
    return Indicator(
        **{name: _text_of(data[name], home) for name in _INDICATOR_TEXTS},
        target=_measure_of(data["target"], home), actual=_measure_of(data["actual"], home),
        **{name: _amount_of(data[name], home) for name in _INDICATOR_AMOUNTS},
        core=bool(data.get("core", False)),
        parts=tuple(_indicator_of(part, home) for part in data.get("parts", ())),
    )


def decode_finding(data: dict[str, Any]) -> Finding:
    where = data.get("location")
    location = None if where is None else SourceRef(
        file=where.get("file", ""), form_index=where.get("form_index"),
        **{key: where.get(key) for key in _SOURCE_KEYS}, anchor=where.get("anchor"))
    return Finding(code=data["code"], severity=Severity(data["severity"]), message=data["message"],
                   message_en=data["message_en"], forms=tuple(data.get("forms", ())),
                   field=data.get("field", ""), location=location, raw=data.get("raw"))


def _decimal_of(value: str | int | float | None) -> Decimal | None:
    # Numbers are accepted too (the issue allows them); str() keeps a float's shortest spelling.
    return None if value is None else Decimal(str(value))


def _source_of(data: dict[str, Any] | None, home: Home) -> SourceRef | None:
    if data is None:
        return None
    return SourceRef(file=data.get("file", home[0]), form_index=data.get("form_index", home[1]),
                     **{key: data.get(key) for key in _SOURCE_KEYS}, anchor=data.get("anchor"),
                     confidence=data.get("confidence"))


def _text_of(data: dict[str, Any], home: Home) -> TextValue:
    return TextValue(raw=data["raw"], text=data["text"], source=_source_of(data.get("source"), home))


def _amount_of(data: dict[str, Any], home: Home) -> Amount:
    return Amount(raw=data["raw"], value=_decimal_of(data.get("value")), unit=data.get("unit"),
                  source=_source_of(data.get("source"), home))


def _measure_of(data: dict[str, Any], home: Home) -> Measure:
    operator, date = data.get("operator"), data.get("date")
    return Measure(
        raw=data["raw"], kind=MeasureKind(data["kind"]), operator=Operator(operator) if operator else None,
        number=_decimal_of(data.get("number")), unit=data.get("unit"),
        date=dt.date.fromisoformat(date) if date else None, deadline=bool(data.get("deadline", False)),
        text=data.get("text", ""), source=_source_of(data.get("source"), home),
    )
