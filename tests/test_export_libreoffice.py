"""The written .xlsx and .docx open in LibreOffice: converted to PDF headless, their text comes back,
and LibreOffice's own calculation of the formulas gives the values the writer cached.

Needs ``soffice`` (Debian: libreoffice-calc-nogui, libreoffice-writer-nogui, and a CJK font such as
fonts-noto-cjk). Skipped when it is missing, unless JIXIAO_REQUIRE_LIBREOFFICE=1 (CI sets it), which
turns a missing LibreOffice into a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pdfplumber
import pytest

import jixiao
from jixiao.export import write_docx, write_xlsx
from jixiao.model import Form
from test_export_common import founding_forms, with_funding


@pytest.fixture(scope="module")
def forms() -> tuple[Form, ...]:
    return founding_forms()


CONVERT_SECONDS = 180


@pytest.fixture(scope="module")
def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    if os.environ.get("JIXIAO_REQUIRE_LIBREOFFICE") == "1":
        pytest.fail("JIXIAO_REQUIRE_LIBREOFFICE=1 but neither soffice nor libreoffice is on PATH")
    pytest.skip("LibreOffice is not installed (set JIXIAO_REQUIRE_LIBREOFFICE=1 to require it)")


def convert(soffice: str, files: list[Path], to: str, out: Path) -> list[Path]:
    """LibreOffice's headless conversion, with a profile of its own so that runs never share one."""
    profile = out / "profile"
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", to, "--outdir", str(out), *map(str, files)]
    subprocess.run(command, check=True, capture_output=True, timeout=CONVERT_SECONDS)
    converted = [out / f"{path.stem}.{to.split(':')[0]}" for path in files]
    assert all(path.exists() for path in converted), f"LibreOffice wrote no output for {files}"
    return converted


def pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


@pytest.mark.parametrize("writer", ["xlsx", "docx"])
def test_the_pdf_shows_each_project_and_its_total(soffice: str, forms: list[Form], tmp_path: Path,
                                                  writer: str) -> None:
    source = tmp_path / f"forms.{writer}"
    (write_xlsx if writer == "xlsx" else write_docx)(forms, source)
    text = pdf_text(convert(soffice, [source], "pdf", tmp_path / "out")[0])
    for form in forms:
        assert form.project_name.text in text
    totals = [line.split()[1:] for line in text.splitlines() if line.startswith("总分")]
    assert totals == [["100", "99"], ["100", "99"], ["100", "98"], ["100", "99"]]
    assert "100%" in text and "35.00" in text


def test_libreoffice_calculates_what_the_writer_cached(soffice: str, forms: list[Form], tmp_path: Path) -> None:
    variants = [forms[0], forms[3],
                with_funding(forms[0], initial_budget="10", full_year_budget="", executed="8"),
                with_funding(forms[0], initial_budget="10", full_year_budget="12", executed="9"),
                with_funding(forms[0], initial_budget="10", full_year_budget="", executed="12.5"),
                with_funding(forms[0], initial_budget="", full_year_budget="", executed="")]
    ours = tmp_path / "ours.xlsx"
    write_xlsx(variants, ours, one_sheet=True)
    # Drop the cached values (openpyxl saves formulas without them) so that LibreOffice must calculate.
    bare = tmp_path / "bare.xlsx"
    openpyxl.load_workbook(ours).save(bare)
    recalculated = convert(soffice, [bare], "xlsx", tmp_path / "out")[0]
    cached, computed = (openpyxl.load_workbook(path, data_only=True).active for path in (ours, recalculated))
    formula_cells = [cell.coordinate for row in openpyxl.load_workbook(ours).active.iter_rows()
                     for cell in row if isinstance(cell.value, str) and cell.value.startswith("=")]
    assert len(formula_cells) == 4 * len(variants)
    mismatched = {ref: (cached[ref].value, computed[ref].value) for ref in formula_cells
                  if not same(cached[ref].value, computed[ref].value)}
    assert not mismatched
    assert cached["H53"].value == 0.8 and cached["I53"].value == 8  # the third variant's rate and score


def same(ours: object, theirs: object) -> bool:
    if ours in (None, "") or theirs in (None, ""):
        return ours in (None, "") and theirs in (None, "")
    return abs(float(ours) - float(theirs)) < 1e-9


def test_a_word_97_doc_is_read_through_libreoffice(soffice: str, forms: list[Form], tmp_path: Path) -> None:
    # The forms as Word 97-2003 saves them: jixiao's .docx saved by LibreOffice as a .doc. (This also
    # holds the writer to ending the body with a paragraph: without it LibreOffice flattens the last
    # table into text, and the fourth form was lost.)
    written = tmp_path / "forms.docx"
    write_docx(forms, written)
    [doc] = convert(soffice, [written], "doc", tmp_path)
    assert doc.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE file, not a renamed zip
    forms = jixiao.read(doc)
    expected = jixiao.read(Path(__file__).parent / "fixtures" / "founding_sample.txt")
    assert [form.project_name.text for form in forms] == [form.project_name.text for form in expected]
    assert [jixiao.score(form).computed_total for form in forms] == [99, 99, 98, 99]


def test_a_doc_without_libreoffice_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from jixiao.ingest import convert as convert_module
    from jixiao.ingest.loader import load_bytes

    monkeypatch.setattr(convert_module.shutil, "which", lambda name: None)
    ole_doc = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "WordDocument\0".encode("utf-16-le")
    ole_doc += b"\x00" * (64 - 26) + (26).to_bytes(2, "little") + b"\x00" * 62
    result = load_bytes(ole_doc, "old.doc")
    [finding] = result.findings
    assert finding.code == "R001" and "LibreOffice" in finding.message and "LibreOffice" in finding.message_en
