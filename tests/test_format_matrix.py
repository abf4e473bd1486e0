"""The format matrix: the founding forms stored as txt, docx, xlsx, xls, html and pdf read to one model.

The files in tests/fixtures/matrix/ are made by scripts/make_matrix_fixtures.py with the test builders
(never jixiao's writers); tests/golden/matrix.expected.json is the model of the .txt without
provenance, reviewed by a person against the sample text. Every format must read to it; only where
each value was found differs, and that is checked here too, format by format.

HTML and PDF show text the way a browser or a viewer does: runs of blanks collapse (the sample's
``项目经费  `` and ``      上年结转资金`` lose their padding). For those two formats the raw texts are
compared with their blanks folded; every parsed value must still be the same.
"""

from __future__ import annotations

import importlib.util
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import jixiao

ROOT = Path(__file__).resolve().parents[1]
MATRIX = ROOT / "tests" / "fixtures" / "matrix"
GOLDEN = ROOT / "tests" / "golden" / "matrix.expected.json"
FORMATS = ("txt", "docx", "xlsx", "xls", "html", "pdf")
FOLDING_FORMATS = frozenset({"html", "pdf"})  # formats that show text with its blanks collapsed
TOTALS = [Decimal(99), Decimal(99), Decimal(98), Decimal(99)]
# Keys that say where something was read, not what: every value's source, the form's id and source.
PROVENANCE_KEYS = frozenset({"source", "id"})


def without_provenance(node: Any) -> Any:
    """A ``jixiao.to_json`` document (or part) with every place-in-the-file key dropped."""
    if isinstance(node, dict):
        return {key: without_provenance(value) for key, value in node.items() if key not in PROVENANCE_KEYS}
    if isinstance(node, list):
        return [without_provenance(item) for item in node]
    return node


def fold_raw(node: Any) -> Any:
    """``node`` with the blanks of every ``raw`` text folded, as a browser shows them."""
    if isinstance(node, dict):
        return {key: " ".join(value.split()) if key == "raw" and isinstance(value, str) else fold_raw(value)
                for key, value in node.items()}
    if isinstance(node, list):
        return [fold_raw(item) for item in node]
    return node


def expected_document(path: Path) -> dict[str, Any]:
    """What the golden file holds: the JSON document of the forms at ``path``, provenance stripped."""
    return without_provenance(jixiao.to_json(jixiao.read(path)))


def plain_model(path: Path) -> dict[str, Any]:
    """The provenance-free document of ``path``, raw blanks folded for the formats that fold them."""
    document = expected_document(path)
    return fold_raw(document) if path.suffix.lstrip(".") in FOLDING_FORMATS else document


def _load_script():
    spec = importlib.util.spec_from_file_location("make_matrix_fixtures", ROOT / "scripts" / "make_matrix_fixtures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


script = _load_script()


@pytest.fixture(scope="module")
def golden() -> dict[str, Any]:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def read_forms() -> dict[str, list[jixiao.Form]]:
    return {kind: jixiao.read(MATRIX / f"founding.{kind}") for kind in FORMATS}


def test_the_golden_file_is_the_model_of_the_text_dump(golden: dict[str, Any]) -> None:
    assert golden == expected_document(MATRIX / "founding.txt")
    assert (MATRIX / "founding.txt").read_bytes() == (ROOT / "tests" / "fixtures" / "founding_sample.txt").read_bytes()


def test_the_golden_file_says_what_the_sample_says(golden: dict[str, Any]) -> None:
    """Spot checks a reviewer made against the sample text, so a regenerated golden cannot drift."""
    forms = golden["forms"]
    assert [form["project_name"]["text"] for form in forms] == [
        "昌吉州脱贫攻坚调研、督促指导项目经费", "扶贫指导项目经费", "昌吉州脱贫攻坚调研、督促指导项目经费",
        "昌吉州脱贫攻坚专项培训、督查经费"]
    assert [len(form["indicators"]) for form in forms] == [9, 9, 8, 8]
    first = forms[0]
    total = first["funding"]["rows"][0]
    assert (total["initial_budget"]["value"], total["full_year_budget"]["raw"], total["executed"]["value"]) == (
        "35", "", "35")
    assert [(i["name"]["text"], i["target"]["raw"], i["actual"]["raw"]) for i in first["indicators"][:2]] == [
        ("指导县市开展工作", "5次", "10次"), ("配合自治区作好南疆地区脱贫攻坚工作", "2次", "2次")]
    cost = forms[1]["indicators"][5]["target"]
    assert (cost["raw"], cost["operator"], cost["number"], cost["unit"]) == ("≤0.27万元", "≤", "0.27", "万元")
    wide = forms[3]["indicators"][0]["target"]  # the full-width ≧ of the sample reads as ≥
    assert (wide["raw"], wide["operator"], wide["number"]) == ("≧2次", "≥", "2")
    assert forms[1]["indicators"][7]["deviation_note"]["raw"] == "实施精准帮扶，    确保稳定增收。"
    assert [form["declared_total_score"]["raw"] for form in forms] == ["99", "99", "98", "98.9"]
    assert [form["score"]["computed_total"] for form in forms] == ["99.00", "99.00", "98.00", "99.00"]


@pytest.mark.parametrize("kind", FORMATS)
def test_every_format_reads_to_the_expected_model(kind: str, golden: dict[str, Any]) -> None:
    expected = fold_raw(golden) if kind in FOLDING_FORMATS else golden
    assert plain_model(MATRIX / f"founding.{kind}") == expected


@pytest.mark.parametrize("kind", FORMATS)
def test_every_format_scores_the_same(kind: str, read_forms: dict[str, list[jixiao.Form]]) -> None:
    assert [jixiao.score(form).computed_total for form in read_forms[kind]] == TOTALS


def _sources(form: jixiao.Form) -> dict[str, jixiao.SourceRef | None]:
    return {"project": form.project_name.source, "executed": form.funding.total.executed.source,
            "actual": form.indicators[0].actual.source, "last score": form.indicators[-1].declared_score.source,
            "total": form.declared_total_score.source}


# Where five values of form 1 and form 4 sit in each file: (table, row, column, line, anchor).
# Office grids are ten columns wide (the Word original), web grids nine (web_fixtures.form_table).
PLACES: dict[str, dict[int, dict[str, tuple]]] = {
    "txt": {0: {"project": (1, 3, 2, 6, None), "executed": (1, 6, 5, 26, None), "actual": (1, 14, 6, 91, None)},
            3: {"last score": (1, 21, 8, 703, None), "total": (1, 22, 3, 708, None)}},
    "docx": {0: {"project": (1, 3, 3, None, "表1 第3行第2格"), "executed": (1, 6, 6, None, "表1 第6行第5格"),
                 "actual": (1, 14, 6, None, "表1 第14行第6格")},
             3: {"last score": (4, 21, 8, None, "表4 第21行第8格"), "total": (4, 22, 7, None, "表4 第22行第3格")}},
    "xlsx": {0: {"project": (1, 3, 3, None, "表1!C3"), "executed": (1, 6, 6, None, "表1!F6"),
                 "actual": (1, 14, 6, None, "表1!F14")},
             3: {"last score": (4, 21, 8, None, "表4!H21"), "total": (4, 22, 7, None, "表4!G22")}},
    "html": {0: {"project": (1, 3, 2, 16, "表1 第3行"), "executed": (1, 6, 6, 38, "表1 第6行"),
                 "actual": (1, 14, 6, 99, "表1 第14行")},
             3: {"last score": (4, 21, 8, 695, "表4 第21行"), "total": (4, 22, 8, 701, "表4 第22行")}},
    # 600-point pages: each form takes two pages; form 1 breaks after its first indicators.
    "pdf": {0: {"project": (1, 3, 2, None, "第1页"), "executed": (1, 6, 6, None, "第1页"),
                "actual": (1, 14, 6, None, "第1页")},
            3: {"last score": (4, 21, 8, None, "第8页"), "total": (4, 22, 8, None, "第8页")}},
}
PLACES["xls"] = PLACES["xlsx"]  # LibreOffice keeps the sheet names and cell addresses


@pytest.mark.parametrize("kind", FORMATS)
def test_values_remember_where_each_format_keeps_them(kind: str, read_forms: dict[str, list[jixiao.Form]]) -> None:
    path = str(MATRIX / f"founding.{kind}")
    for index, places in PLACES[kind].items():
        form = read_forms[kind][index]
        sources = _sources(form)
        for name, (table, row, column, line, anchor) in places.items():
            source = sources[name]
            assert source is not None, name
            assert (source.file, source.form_index) == (path, index + 1), name
            assert (source.table, source.row, source.column, source.line, source.anchor) == (
                table, row, column, line, anchor), name


def test_the_text_places_are_the_lines_of_the_sample(read_forms: dict[str, list[jixiao.Form]]) -> None:
    """The txt line numbers and the html line numbers point at lines that hold the values."""
    txt_lines = (MATRIX / "founding.txt").read_text(encoding="utf-8").splitlines()
    html_lines = (MATRIX / "founding.html").read_text(encoding="utf-8").splitlines()
    for kind, lines in (("txt", txt_lines), ("html", html_lines)):
        for form in read_forms[kind]:
            for value in (form.project_name, form.funding.total.executed, form.indicators[-1].actual,
                          form.declared_total_score):
                assert value.source is not None and value.source.line is not None
                assert value.raw.strip() in lines[value.source.line - 1], (kind, value)


def test_pdf_forms_run_over_two_pages_each(read_forms: dict[str, list[jixiao.Form]]) -> None:
    for number, form in enumerate(read_forms["pdf"]):
        first, last = form.project_name.source, form.declared_total_score.source
        assert (first.anchor, last.anchor) == (f"第{2 * number + 1}页", f"第{2 * number + 2}页")


def test_matrix_files_stay_small() -> None:
    for kind in FORMATS:
        assert (MATRIX / f"founding.{kind}").stat().st_size < 200 * 1024, kind


def test_regenerating_reads_to_the_same_model(tmp_path: Path) -> None:
    """The script rebuilds files that read exactly as the committed ones. The docx, xlsx, html, pdf and
    txt are byte-for-byte the same (fixed zip and docProps dates); the .xls is LibreOffice's output and
    is only required to read the same (it needs soffice; skipped without it)."""
    formats = tuple(kind for kind in FORMATS if kind != "xls" or script.find_soffice())
    fresh = script.build(tmp_path, formats)
    for kind, path in fresh.items():
        assert plain_model(path) == plain_model(MATRIX / path.name), kind
        if kind != "xls":
            assert path.read_bytes() == (MATRIX / path.name).read_bytes(), kind
    if "xls" not in fresh:
        pytest.skip("LibreOffice is not installed: the .xls was not rebuilt")


def test_the_check_mode_passes_on_the_committed_files(capsys: pytest.CaptureFixture[str]) -> None:
    if not script.find_soffice():
        pytest.skip("LibreOffice is not installed: --check rebuilds the .xls")
    assert script.main(["--check"]) == 0
    assert "matrix up to date" in capsys.readouterr().out
