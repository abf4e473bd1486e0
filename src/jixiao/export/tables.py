"""Flat tables for pandas, polars and DuckDB: forms, funding rows, indicators and findings, keyed by form id.

Every table has a fixed schema (``SCHEMAS``): the same columns, in the same order, in CSV and Parquet.

Amounts (money in 万元, weights, scores, rates as fractions) are ``decimal128(38, 6)`` in Parquet and
plain decimal text in CSV (``98.9``, never ``98.90000000001``). Six places hold money to the fen in
万元 (0.01 元 = 0.000001 万元) and every weight and score exactly; a value written with more places is
rounded half up there, and its ``*_raw`` column beside it keeps what the form says. Decimal rather
than float, because a total of 98.9 must compare equal to 98.9; rather than string, because users sum
these columns.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from jixiao.export.common import DEFAULT_RULESET, save_all, scored
from jixiao.export.table_rows import finding_rows, form_rows, funding_rows, indicator_rows
from jixiao.model import Finding, Form

PLACES = Decimal("0.000001")
DECIMAL = pa.decimal128(38, 6)
TYPES = {"str": pa.string(), "int": pa.int32(), "dec": DECIMAL, "date": pa.date32(), "bool": pa.bool_()}
TABLES = ("forms", "funding_rows", "indicators", "findings")


@dataclass(frozen=True, slots=True)
class Tables:
    """The four tables as rows of plain values, in schema order."""

    forms: list[dict[str, Any]]
    funding_rows: list[dict[str, Any]]
    indicators: list[dict[str, Any]]
    findings: list[dict[str, Any]]


def build_tables(forms: Sequence[Form], findings: Sequence[Finding] = (), *,
                 ruleset: str = DEFAULT_RULESET) -> Tables:
    pairs = scored(forms, ruleset)
    return Tables(forms=form_rows(pairs), funding_rows=funding_rows(forms), indicators=indicator_rows(pairs),
                  findings=finding_rows(findings))


def write_csv(forms: Sequence[Form], findings: Sequence[Finding], out: str | Path, *,
              ruleset: str = DEFAULT_RULESET) -> list[Path]:
    """Four UTF-8 CSV files with a byte-order mark (so Excel reads the Chinese right). ``out`` is a
    directory (``out/forms.csv`` …) or a prefix (``out/2020`` → ``out/2020_forms.csv`` …)."""
    tables = build_tables(forms, findings, ruleset=ruleset)
    files = {path: csv_text(getattr(tables, name), name) for name, path in table_paths(out, "csv").items()}
    save_all(files)
    return list(files)


def write_parquet(forms: Sequence[Form], findings: Sequence[Finding], out: str | Path, *,
                  ruleset: str = DEFAULT_RULESET) -> list[Path]:
    """Four Parquet files with typed columns (see the module's note on amounts)."""
    tables = build_tables(forms, findings, ruleset=ruleset)
    files = {path: parquet_bytes(arrow_table(getattr(tables, name), name))
             for name, path in table_paths(out, "parquet").items()}
    save_all(files)
    return list(files)


def table_paths(out: str | Path, suffix: str) -> dict[str, Path]:
    out = Path(out)
    if out.is_dir():
        return {name: out / f"{name}.{suffix}" for name in TABLES}
    return {name: out.with_name(f"{out.name}_{name}.{suffix}") for name in TABLES}


def csv_text(rows: list[dict[str, Any]], name: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180, as Excel writes CSV
    columns = list(SCHEMAS[name])
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(row[column], SCHEMAS[name][column]) for column in columns])
    return "\ufeff" + buffer.getvalue()


def csv_cell(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == "dec":
        text = f"{to_places(value):f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    if kind == "bool":
        return "true" if value else "false"
    if kind == "date":
        return value.isoformat()
    return str(value)


def to_places(value: Decimal) -> Decimal | None:
    try:
        return value.quantize(PLACES, rounding=ROUND_HALF_UP)
    except InvalidOperation:  # more digits than decimal128(38, 6) holds: no figure anyone writes
        return None


def arrow_table(rows: list[dict[str, Any]], name: str) -> pa.Table:
    schema = pa.schema([(column, TYPES[kind]) for column, kind in SCHEMAS[name].items()])
    columns = {}
    for column, kind in SCHEMAS[name].items():
        values = [row[column] for row in rows]
        if kind == "dec":
            values = [None if value is None else to_places(value) for value in values]
        columns[column] = pa.array(values, type=TYPES[kind])
    return pa.table(columns, schema=schema)


def parquet_bytes(table: pa.Table) -> bytes:
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue()


def _measure_columns(prefix: str) -> dict[str, str]:
    return {f"{prefix}_raw": "str", f"{prefix}_kind": "str", f"{prefix}_operator": "str",
            f"{prefix}_number": "dec", f"{prefix}_unit": "str", f"{prefix}_date": "date",
            f"{prefix}_deadline": "bool", f"{prefix}_text": "str"}


SCHEMAS: dict[str, dict[str, str]] = {
    "forms": {
        "form_id": "str", "source_path": "str", "source_index": "int", "layout": "str", "year": "int",
        "title": "str", "project": "str", "department": "str", "unit": "str",
        "initial_budget": "dec", "full_year_budget": "dec", "executed": "dec",
        "execution_weight": "dec", "declared_rate_raw": "str", "execution_rate": "dec",
        "declared_execution_score": "dec", "computed_execution_score": "dec", "indicator_count": "int",
        "declared_total_weight": "dec", "declared_total": "dec", "computed_total": "dec",
        "grade": "str", "declared_grade": "str", "ruleset": "str", "complete": "bool",
    },
    "funding_rows": {
        "form_id": "str", "position": "int", "kind": "str", "label": "str",
        "initial_budget_raw": "str", "initial_budget": "dec", "full_year_budget_raw": "str",
        "full_year_budget": "dec", "executed_raw": "str", "executed": "dec",
    },
    "indicators": {
        "form_id": "str", "position": "int", "level1": "str", "level2": "str", "name": "str",
        **_measure_columns("target"), **_measure_columns("actual"),
        "weight_raw": "str", "weight": "dec", "declared_score_raw": "str", "declared_score": "dec",
        "computed_score": "dec", "method": "str", "achievement": "str", "explanation": "str",
        "explanation_en": "str", "deviation_note": "str",
    },
    "findings": {
        "code": "str", "severity": "str", "forms": "str", "field": "str", "message": "str",
        "message_en": "str", "location": "str", "file": "str", "table": "int", "row": "int",
        "column": "int", "line": "int", "anchor": "str", "raw": "str",
    },
}
