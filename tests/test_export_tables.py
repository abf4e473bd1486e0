"""Flat tables: CSV with a byte-order mark and typed Parquet, four tables keyed by form id."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import jixiao
from jixiao.export import SCHEMAS, write_csv, write_parquet
from jixiao.export import tables as tables_module
from jixiao.model import Finding, Form
from test_export_common import founding_forms


@pytest.fixture(scope="module")
def forms() -> tuple[Form, ...]:
    return founding_forms()


COUNTS = {"forms": 4, "funding_rows": 16, "indicators": 34}


@pytest.fixture(scope="module")
def findings(forms: list[Form]) -> list[Finding]:
    return jixiao.check(forms)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def test_csv_files_rows_and_columns(forms: list[Form], findings: list[Finding], tmp_path: Path) -> None:
    written = write_csv(forms, findings, tmp_path)
    assert [path.name for path in written] == ["forms.csv", "funding_rows.csv", "indicators.csv", "findings.csv"]
    for name, count in {**COUNTS, "findings": len(findings)}.items():
        path = tmp_path / f"{name}.csv"
        assert path.read_bytes().startswith("\ufeff".encode()), "Excel needs the BOM to read UTF-8"
        rows = read_csv(path)
        assert len(rows) == count and list(rows[0]) == list(SCHEMAS[name])


def test_csv_values(forms: list[Form], findings: list[Finding], tmp_path: Path) -> None:
    write_csv(forms, findings, tmp_path)
    rows = read_csv(tmp_path / "forms.csv")
    assert [row["declared_total"] for row in rows] == ["99", "99", "98", "98.9"]
    assert [row["computed_total"] for row in rows] == ["99", "99", "98", "99"]
    assert [row["executed"] for row in rows] == ["35", "0.27", "20", "10"]
    assert rows[0]["full_year_budget"] == "" and rows[0]["execution_rate"] == "1"
    assert rows[1]["project"] == "扶贫指导项目经费" and rows[0]["grade"] == "优"
    first = read_csv(tmp_path / "indicators.csv")[0]
    assert (first["form_id"], first["position"], first["target_raw"], first["target_number"],
            first["target_unit"], first["actual_number"]) == (forms[0].id, "1", "5次", "5", "次", "10")
    funding = read_csv(tmp_path / "funding_rows.csv")
    assert [row["kind"] for row in funding[:4]] == ["total", "appropriation", "carry_over", "other"]
    shared = [row for row in read_csv(tmp_path / "findings.csv") if ";" in row["forms"]]
    assert shared, "a cross-form finding names its forms joined by ';'"
    assert all(row["message"] and row["message_en"] for row in read_csv(tmp_path / "findings.csv"))


def test_a_prefix_names_the_files(forms: list[Form], tmp_path: Path) -> None:
    written = write_parquet(forms, [], tmp_path / "2020")
    assert [path.name for path in written] == [f"2020_{name}.parquet" for name in
                                               ("forms", "funding_rows", "indicators", "findings")]
    assert pq.read_table(written[3]).num_rows == 0 and pq.read_table(written[3]).schema.names == list(
        SCHEMAS["findings"])


def test_parquet_types_and_values(forms: list[Form], findings: list[Finding], tmp_path: Path) -> None:
    write_parquet(forms, findings, tmp_path)
    table = pq.read_table(tmp_path / "forms.parquet")
    assert table.schema.names == list(SCHEMAS["forms"])
    types = {field.name: field.type for field in table.schema}
    assert types["declared_total"] == pa.decimal128(38, 6) and types["year"] == pa.int32()
    assert types["project"] == pa.string() and types["complete"] == pa.bool_()
    assert table.column("declared_total").to_pylist() == [Decimal(99), Decimal(99), Decimal(98), Decimal("98.9")]
    assert table.column("year").to_pylist() == [2020] * 4
    indicators = pq.read_table(tmp_path / "indicators.parquet")
    assert indicators.num_rows == COUNTS["indicators"]
    assert indicators.schema.field("target_date").type == pa.date32()
    dates = [d for d in indicators.column("target_date").to_pylist() if d is not None]
    assert dt.date(2020, 12, 31) in dates
    assert set(indicators.column("form_id").to_pylist()) == {form.id for form in forms}
    assert pq.read_table(tmp_path / "findings.parquet").num_rows == len(findings)


def test_amounts_keep_six_places_and_the_raw_text(forms: list[Form], tmp_path: Path) -> None:
    write_parquet(forms, [], tmp_path)
    funding = pq.read_table(tmp_path / "funding_rows.parquet").to_pylist()
    second = next(row for row in funding if row["form_id"] == forms[1].id and row["kind"] == "total")
    assert second["executed"] == Decimal("0.270000") and second["executed_raw"] == "0.27"
    assert tables_module.to_places(Decimal("1.23456789")) == Decimal("1.234568")


def test_nothing_is_written_when_a_table_fails(forms: list[Form], tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    real, calls = tables_module.parquet_bytes, []

    def fail_on_third(table: pa.Table) -> bytes:
        calls.append(table)
        if len(calls) == 3:
            raise OSError("disk full")
        return real(table)

    monkeypatch.setattr(tables_module, "parquet_bytes", fail_on_third)
    with pytest.raises(OSError):
        write_parquet(forms, [], tmp_path)
    assert list(tmp_path.iterdir()) == []
