"""Every example form → each office format jixiao writes → read back by jixiao gives the same form."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import jixiao
from jixiao.cli.main import app
from jixiao.export import write_docx, write_xlsx
from test_export_common import form_view

SAMPLE = Path(__file__).parent / "fixtures" / "founding_sample.txt"


@pytest.fixture(scope="module")
def forms() -> list[jixiao.Form]:
    return jixiao.read(SAMPLE)


@pytest.mark.parametrize(("suffix", "write"), [
    (".xlsx", lambda forms, path: write_xlsx(forms, path)),
    (".xlsx", lambda forms, path: write_xlsx(forms, path, one_sheet=True)),
    (".docx", lambda forms, path: write_docx(forms, path)),
], ids=["xlsx", "xlsx-one-sheet", "docx"])
def test_written_forms_read_back_the_same(tmp_path: Path, forms: list[jixiao.Form], suffix: str, write) -> None:
    path = tmp_path / f"forms{suffix}"
    write(forms, path)
    again = jixiao.read(path)
    assert [form_view(form) for form in again] == [form_view(form) for form in forms]
    # What was declared is read back as declared, not as the formulas' recomputed values.
    assert [jixiao.score(form).computed_total for form in again] == [99, 99, 98, 99]


@pytest.mark.parametrize("to", ["xlsx", "docx", "csv", "parquet", "json"])
def test_convert_writes_each_format(tmp_path: Path, to: str) -> None:
    target = tmp_path / ("tables" if to in ("csv", "parquet") else f"out.{to}")
    if to in ("csv", "parquet"):
        target.mkdir()
    outcome = CliRunner().invoke(app, ["convert", str(SAMPLE), "--to", to, "-o", str(target)])
    assert outcome.exit_code == 0, outcome.output
    if to in ("csv", "parquet"):
        assert sorted(p.name for p in target.iterdir()) == sorted(
            f"{name}.{to}" for name in ("forms", "funding_rows", "indicators", "findings"))
    elif to == "json":
        assert len(json.loads(target.read_text(encoding="utf-8"))["forms"]) == 4
    else:
        assert [form.project_name.text for form in jixiao.read(target)] == [
            form.project_name.text for form in jixiao.read(SAMPLE)]


def test_convert_names_the_output_after_the_first_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    outcome = CliRunner().invoke(app, ["convert", str(SAMPLE), "--to", "xlsx"])
    assert outcome.exit_code == 0, outcome.output
    assert (tmp_path / "founding_sample.xlsx").is_file()


def test_convert_refuses_an_unknown_format() -> None:
    outcome = CliRunner().invoke(app, ["convert", str(SAMPLE), "--to", "odt"])
    assert outcome.exit_code == 2
    assert "odt" in outcome.output and "xlsx" in outcome.output
