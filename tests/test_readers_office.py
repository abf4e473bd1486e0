"""Word and Excel readers: the founding forms stored as .docx/.xlsx/.xls read to the same grids and
forms as their text dump; merged cells appear once; hostile files get a ReaderError, fast."""

from __future__ import annotations

import contextlib
import dataclasses
import random
import shutil
import subprocess
import time
import tracemalloc

import pytest

import jixiao
from jixiao import settings
from jixiao.ingest.layouts import table as national2020
from jixiao.ingest.readers.docx import read_docx
from jixiao.ingest.readers.errors import ReaderError
from jixiao.ingest.readers.xls import read_xls
from jixiao.ingest.readers.xlsx import read_xlsx
from office_fixtures import (
    SAMPLE,
    encrypted_ooxml,
    founding_docx,
    founding_forms,
    founding_xlsx,
    raw_xlsx,
    zip_bomb,
)

DUMP_ROWS = [row for form in founding_forms() for row in form]


def _texts(grids) -> list[list[str]]:
    return [[cell.text for cell in row] for grid in grids for row in grid.rows]


def _without_provenance(value):
    """``value`` with every source reference, form id and form source blanked, recursively."""
    if dataclasses.is_dataclass(value):
        changes = {f.name: _without_provenance(getattr(value, f.name)) for f in dataclasses.fields(value)}
        changes.update({k: None for k in ("id", "source") if k in changes})
        return type(value)(**changes)
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        fields = {k: _without_provenance(v) for k, v in zip(value._fields, value, strict=True)}
        if "source" in fields:
            fields["source"] = None
        return type(value)(**fields)
    if isinstance(value, tuple):
        return tuple(_without_provenance(v) for v in value)
    return value


def _forms(grids):
    return [_without_provenance(form) for grid in grids for form in national2020.extract_forms(grid)[0]]


EXPECTED = [_without_provenance(form) for form in jixiao.read(SAMPLE)]


# --- .docx -------------------------------------------------------------------------------------

def test_docx_grids_are_the_dump_rows():
    grids = read_docx(founding_docx(), "f.docx")
    assert [grid.table for grid in grids] == [1, 2, 3, 4]
    assert _texts(grids) == DUMP_ROWS


def test_docx_forms_equal_the_dump_forms():
    assert _forms(read_docx(founding_docx(), "f.docx")) == EXPECTED


def test_docx_merged_cells_appear_once_with_spans():
    rows = read_docx(founding_docx(), "f.docx")[0].rows
    funding, header, first_indicator = rows[4], rows[11], rows[13]
    assert (funding[0].text.startswith("项目资金"), funding[0].row_span, funding[-1].col_span) == (True, 5, 2)
    assert all(row[0].covered and row[0].text == "" for row in rows[5:9])
    assert [cell.row_span for cell in header] == [11, 2, 2, 2, 1, 1, 2, 2, 2]
    assert [cell.covered for cell in rows[12]] == [True] * 4 + [False] * 2 + [True] * 3
    assert rows[12][8].col_span == 2  # a covered cell keeps the width of the cell merged down
    assert (first_indicator[1].text, first_indicator[1].row_span) == ("产出指标", 6)
    assert sum(cell.text == "产出指标" for row in rows for cell in row) == 1
    assert [cell.column for cell in rows[3]] == [1, 3, 6, 8]
    assert rows[3][2].anchor == "表1 第4行第3格"


def test_docx_title_in_paragraphs_goes_to_the_caption():
    grids = read_docx(founding_docx(title_inside=False), "f.docx")
    assert [grid.caption for grid in grids] == [("项目支出绩效自评表", "（2020年度）")] * 4
    assert _texts(grids) == [row for form in founding_forms() for row in form[2:]]
    # The layout takes the title and year from the caption: the forms are the dump's forms, but for
    # the raw text of form 2's title, which the dump writes after an empty line ("\n项目支出…").
    def plain_title(form):
        return dataclasses.replace(form, title=form.title._replace(raw=form.title.text))

    assert list(map(plain_title, _forms(grids))) == list(map(plain_title, EXPECTED))


def test_docx_form_after_other_tables():
    grids = read_docx(founding_docx(lead_tables=3), "f.docx")
    assert [grid.table for grid in grids] == [1, 2, 3, 4, 5, 6, 7]
    assert grids[2].caption == ("表3  收入支出决算总表",)
    assert _texts(grids[3:]) == DUMP_ROWS
    assert _forms(grids) == EXPECTED


def test_docx_tabs_breaks_and_nested_tables():
    import docx

    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "甲\t乙\n丙"  # python-docx writes a w:tab and a w:br
    inner = table.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "内1", "内2"
    buffer = __import__("io").BytesIO()
    document.save(buffer)
    (grid,) = read_docx(buffer.getvalue(), "n.docx")
    assert [cell.text for cell in grid.rows[0]] == ["甲\t乙\n丙", "\n内1\t内2\n"]


# --- .xlsx ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("as_numbers", [True, False], ids=["numbers", "numbers-as-text"])
def test_xlsx_sheet_per_form_equals_the_dump(as_numbers):
    grids = read_xlsx(founding_xlsx(as_numbers=as_numbers), "f.xlsx")
    assert [grid.name for grid in grids] == ["表1", "表2", "表3", "表4"]
    assert _texts(grids) == DUMP_ROWS
    assert _forms(grids) == EXPECTED


def test_xlsx_forms_on_one_sheet_with_notes_hidden_rows_and_sheets():
    grids = read_xlsx(founding_xlsx(one_sheet=True, extras=True), "f.xlsx")
    assert [grid.name for grid in grids] == ["表1"]  # the hidden sheet is not read
    texts = [text for row in _texts(grids) for text in row]
    assert "不应读出的隐藏行" not in texts and texts.count("注：本表金额单位为万元。") == 4
    assert _forms(grids) == EXPECTED


def test_xlsx_merged_cells_shape():
    rows = read_xlsx(founding_xlsx(), "f.xlsx")[0].rows
    assert [cell.row_span for cell in rows[11]] == [11, 2, 2, 2, 1, 1, 2, 2, 2]
    assert rows[12][8] == rows[12][8]._replace(text="", covered=True, col_span=2, anchor="表1!I13")


def test_xlsx_numbers_as_excel_shows_them():
    cells = ('<row r="1"><c r="A1"><v>0.27000000000000002</v></c><c r="B1" s="1"><v>1</v></c>'
             '<c r="C1" s="2"><v>0.955</v></c><c r="D1" s="3"><v>44196</v></c><c r="E1" t="b"><v>1</v></c>'
             '<c r="F1"><f>SUM(A1:B1)</f><v>35</v></c><c r="G1" t="inlineStr"><is><t>行内</t></is></c>'
             '<c r="H1" t="str"><f>"a"&amp;"b"</f><v>ab</v></c><c r="I1"><v>1E-3</v></c>'
             '<c r="J1" t="e"><v>#DIV/0!</v></c></row>')
    (grid,) = read_xlsx(raw_xlsx(cells), "n.xlsx")
    assert [cell.text for cell in grid.rows[0]] == [
        "0.27", "100%", "95.5%", "2020年12月31日", "TRUE", "35", "行内", "ab", "0.001", "#DIV/0!"]


# --- .xls -------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def founding_xls(tmp_path_factory):
    """The .xlsx fixture saved as .xls by LibreOffice (no Python package writes BIFF with merges)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("xls")
    (folder / "f.xlsx").write_bytes(founding_xlsx(extras=True))
    subprocess.run([soffice, "--headless", "--convert-to", "xls", "--outdir", str(folder), str(folder / "f.xlsx")],
                   check=True, capture_output=True, timeout=120)
    return (folder / "f.xls").read_bytes()


def test_xls_equals_the_dump(founding_xls):
    grids = read_xls(founding_xls, "f.xls")
    assert [grid.name for grid in grids] == ["表1", "表2", "表3", "表4"]
    assert _texts(grids) == DUMP_ROWS
    assert _forms(grids) == EXPECTED
    assert read_xlsx(founding_xlsx(), "f.xlsx")[1].rows == grids[1].rows


# --- hostile files ------------------------------------------------------------------------------------

def _refused(reader, data: bytes, *words: str) -> ReaderError:
    """``reader`` refuses ``data`` with a ReaderError naming ``words``, within seconds and 64 MB."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(ReaderError) as caught:
            reader(data, "hostile")
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert time.perf_counter() - started < 5 and peak < 64 * 1024 * 1024
    assert caught.value.message and all(word in caught.value.message for word in words)
    return caught.value


@pytest.mark.parametrize(("reader", "part"), [(read_docx, "word/document.xml"), (read_xlsx, "xl/workbook.xml")])
def test_zip_bomb_refused(reader, part):
    _refused(reader, zip_bomb(part, 2 * 1024**3), "压缩炸弹")


def test_external_entity_never_read():
    prolog = '<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    error = _refused(read_xlsx, raw_xlsx('<row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t></is></c></row>',
                                         prolog=prolog), "DTD")
    assert "root:" not in error.message_en


def test_billion_laughs_refused():
    entities = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10 if n else "lol"}">' for n in range(10))
    prolog = f"<!DOCTYPE worksheet [{entities}]>"
    _refused(read_xlsx, raw_xlsx('<row r="1"><c r="A1" t="inlineStr"><is><t>&l9;</t></is></c></row>',
                                 prolog=prolog), "实体")


@pytest.mark.parametrize("reader", [read_docx, read_xlsx, read_xls])
def test_truncated_and_random_files_refused(reader):
    whole = founding_docx() if reader is read_docx else founding_xlsx()
    _refused(reader, whole[: len(whole) // 2])
    _refused(reader, random.Random(7).randbytes(50_000))


@pytest.mark.parametrize("reader", [read_docx, read_xlsx, read_xls])
def test_password_protected_refused(reader):
    error = _refused(reader, encrypted_ooxml())
    assert "密码" in error.message or "加密" in error.message


def test_too_many_cells_refused(monkeypatch):
    monkeypatch.setattr(settings, "MAX_CELLS", 100)
    _refused(read_docx, founding_docx(), "上限")
    _refused(read_xlsx, founding_xlsx(), "上限")


@pytest.mark.parametrize("reader", [read_docx, read_xlsx])
def test_damaged_bytes_raise_only_reader_errors(reader):
    """Bytes flipped at random inside a good file: a grid list or a ReaderError, never anything else."""
    good = founding_docx() if reader is read_docx else founding_xlsx()
    chance = random.Random(3)
    for _ in range(150):
        data = bytearray(good)
        for _ in range(8):
            data[chance.randrange(len(data))] = chance.randrange(256)
        with contextlib.suppress(ReaderError):
            reader(bytes(data), "damaged")


def test_docx_and_xlsx_give_the_same_grid_shape():
    docx_rows = read_docx(founding_docx(), "f.docx")[0].rows
    xlsx_rows = read_xlsx(founding_xlsx(), "f.xlsx")[0].rows
    assert [[(c.text, c.column, c.row_span, c.col_span, c.covered) for c in row] for row in docx_rows] == \
           [[(c.text, c.column, c.row_span, c.col_span, c.covered) for c in row] for row in xlsx_rows]
