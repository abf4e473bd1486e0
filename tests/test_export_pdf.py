"""The PDF writer: real Chinese text that pdfplumber extracts, A4 pages, one per form, ruled tables that
jixiao's own PDF reader reads back, and a clear refusal (writing nothing) when no CJK font is installed.

Needs WeasyPrint with Debian's Pango and a CJK font (fonts-wqy-zenhei). Skipped when WeasyPrint cannot
load, unless JIXIAO_REQUIRE_PDF=1 (CI sets it), which turns that into a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pdfplumber
import pytest

import jixiao
from jixiao.export import PdfUnavailable, write_pdf
from jixiao.export import pdf as pdf_module
from jixiao.model import Finding, Form
from test_export_common import fold, founding_forms

A4_POINTS = (595.28, 841.89)  # 210 × 297 mm
SHOWN_TOTALS = ["99", "99", "98", "99"]  # the plan's total adds the scores up: form 4 declared 98.9


@pytest.fixture(scope="module")
def engine() -> None:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:
        if os.environ.get("JIXIAO_REQUIRE_PDF") == "1":
            pytest.fail(f"JIXIAO_REQUIRE_PDF=1 but WeasyPrint cannot load: {error}")
        pytest.skip(f"WeasyPrint cannot load ({error}); set JIXIAO_REQUIRE_PDF=1 to require it")


@pytest.fixture(scope="module")
def forms() -> tuple[Form, ...]:
    return founding_forms()


@pytest.fixture(scope="module")
def clean_pdf(engine, forms: tuple[Form, ...], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "forms.pdf"
    write_pdf(forms, path)
    return path


@pytest.fixture(scope="module")
def marked_pdf(engine, forms: tuple[Form, ...], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "marked.pdf"
    write_pdf(forms, path, findings=jixiao.check(list(forms)))
    return path


def page_texts(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def test_chinese_comes_back_as_text(clean_pdf: Path, forms: tuple[Form, ...]) -> None:
    pages = page_texts(clean_pdf)
    assert len(pages) == len(forms)  # each form fits its own page
    for text, form in zip(pages, forms, strict=True):
        assert "项目支出绩效自评表" in text and "（2020年度）" in text
        assert fold(form.project_name.raw) in fold(text)
        assert "昌吉回族自治州扶贫开发办公室" in text
    totals = [next(line for line in text.splitlines() if line.startswith("总分")) for text in pages]
    assert totals == [f"总分 100 {total}" for total in SHOWN_TOTALS]


def test_pages_are_a4(clean_pdf: Path) -> None:
    with pdfplumber.open(clean_pdf) as pdf:
        sizes = {(round(float(page.width), 2), round(float(page.height), 2)) for page in pdf.pages}
    assert sizes == {A4_POINTS}


def test_the_tables_are_ruled(clean_pdf: Path) -> None:
    with pdfplumber.open(clean_pdf) as pdf:
        first = pdf.pages[0]
        assert len(first.find_tables()) == 1 and len(first.rects) + len(first.lines) > 50


def test_jixiao_reads_its_own_pdf_back(clean_pdf: Path, forms: tuple[Form, ...]) -> None:
    again = jixiao.read(clean_pdf)
    assert [form.project_name.text for form in again] == [form.project_name.text for form in forms]
    assert [form.declared_total_score.raw for form in again] == SHOWN_TOTALS
    assert [len(form.indicators) for form in again] == [len(form.indicators) for form in forms]
    assert [jixiao.score(form).computed_total for form in again] == [99, 99, 98, 99]


def test_findings_are_printed_under_their_form(marked_pdf: Path) -> None:
    text = "\n".join(page_texts(marked_pdf))
    assert "检查发现的问题" in text and "A001 [错误] 填报总分 98.9" in text
    with pdfplumber.open(marked_pdf) as pdf:
        assert len(pdf.pages) >= 4 and all(page.width < page.height for page in pdf.pages)


def test_no_cjk_font_is_refused_and_nothing_written(tmp_path: Path, forms: tuple[Form, ...],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "forms.pdf"
    path.write_bytes(b"old")
    monkeypatch.setattr(pdf_module, "cjk_fonts", lambda: [])
    with pytest.raises(PdfUnavailable) as raised:
        write_pdf(forms, path)
    assert "fonts-wqy-zenhei" in raised.value.message_zh and "fonts-wqy-zenhei" in raised.value.message_en
    assert "中文字体" in str(raised.value) and "CJK" in str(raised.value)
    assert path.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["forms.pdf"]


def test_cjk_fonts_are_found_through_fontconfig(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_module.shutil, "which", lambda name: None)
    assert pdf_module.cjk_fonts() == []


def test_an_engine_failure_keeps_the_old_file(tmp_path: Path, forms: tuple[Form, ...],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "forms.pdf"
    path.write_bytes(b"old")
    monkeypatch.setattr(pdf_module, "cjk_fonts", lambda: ["WenQuanYi Zen Hei"])

    def broken(page: str) -> bytes:
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(pdf_module, "render", broken)
    with pytest.raises(RuntimeError):
        write_pdf(forms, path, findings=[Finding("Z001", "error", "错", "wrong", forms=(forms[0].id,))])
    assert path.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["forms.pdf"]


def test_a_folder_that_vanishes_leaves_no_file(engine, tmp_path: Path, forms: tuple[Form, ...],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    real = pdf_module.render

    def render_then_vanish(page: str) -> bytes:
        data = real(page)
        folder.rmdir()  # the folder goes between rendering and saving
        return data

    monkeypatch.setattr(pdf_module, "render", render_then_vanish)
    with pytest.raises(OSError):
        write_pdf(forms[:1], folder / "forms.pdf")
    assert not folder.exists() and list(tmp_path.iterdir()) == []


def test_convert_to_pdf_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from jixiao.cli.main import app

    sample = str(Path(__file__).parent / "fixtures" / "founding_sample.txt")
    monkeypatch.setattr(pdf_module, "cjk_fonts", lambda: [])
    outcome = CliRunner().invoke(app, ["convert", sample, "--to", "pdf", "-o", str(tmp_path / "out.pdf")])
    assert outcome.exit_code == 2 and "fonts-wqy-zenhei" in outcome.output
    assert not (tmp_path / "out.pdf").exists()


def test_convert_to_pdf(engine, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from jixiao.cli.main import app

    sample = str(Path(__file__).parent / "fixtures" / "founding_sample.txt")
    outcome = CliRunner().invoke(app, ["convert", sample, "--to", "pdf", "-o", str(tmp_path / "out.pdf")])
    assert outcome.exit_code == 0, outcome.output
    assert len(jixiao.read(tmp_path / "out.pdf")) == 4
