"""No rule crashes on a partial or odd form: blank cells, zeros, text in number cells, forms cut off."""

from __future__ import annotations

from dataclasses import replace

import pytest

from caselib import FIXTURES, fixture_forms
from jixiao.checks import check
from jixiao.checks.cells import form_cells
from jixiao.ingest.loader import load_text
from jixiao.model import Form, FormSource
from jixiao.model.edit import with_value

SAMPLE = "founding_sample.txt"
# Replacement cell texts: blank, a dash, zero, negative, text, a huge number, a bad date.
ODD_CELLS = ("", "—", "0", "-5", "文字", "9" * 30, "2020年13月")


def _crashes(forms: list[Form]) -> list[str]:
    return [finding.message for finding in check(forms) if finding.code == "R005"]


def test_an_empty_form_is_checked_without_crashing() -> None:
    form = Form(id="empty#1", source=FormSource(path="empty", index=1), layout="none")
    findings = check([form, replace(form, id="empty#2")])
    assert not [f for f in findings if f.code == "R005"]
    assert {"S001", "S002", "S003", "S004"} <= {f.code for f in findings}


@pytest.mark.parametrize("number", [1, 2, 3, 4])
@pytest.mark.parametrize("raw", ODD_CELLS)
def test_every_cell_may_hold_odd_text(number: int, raw: str) -> None:
    base = fixture_forms(SAMPLE)[number - 1]
    forms = [with_value(base, cell.path, raw) for cell in form_cells(base)]
    assert _crashes(forms) == []


@pytest.mark.parametrize("raw", ODD_CELLS)
def test_a_form_with_every_cell_odd(raw: str) -> None:
    form = fixture_forms(SAMPLE)[0]
    for cell in form_cells(form):
        form = with_value(form, cell.path, raw)
    assert _crashes([form]) == []


def test_forms_cut_off_anywhere() -> None:
    lines = (FIXTURES / SAMPLE).read_text(encoding="utf-8").splitlines()
    for end in range(5, len(lines), 7):
        forms = load_text("\n".join(lines[:end]), "cut").forms
        assert _crashes(forms) == [], end


def test_no_indicators_and_no_funding_rows() -> None:
    form = fixture_forms(SAMPLE)[0]
    bare = replace(form, indicators=(), funding=replace(form.funding, rows=()))
    assert _crashes([bare]) == []


def test_cell_paths_are_unique_and_editable() -> None:
    form = fixture_forms(SAMPLE)[1]
    paths = [cell.path for cell in form_cells(form)]
    assert len(paths) == len(set(paths))
    for path in paths:
        with_value(form, path, "1")  # raises PathError when a path does not name a cell
