"""The HTML and PDF readers: the founding forms published as a web page or a PDF read back to the same
forms as their Word text dump; grid shape, encodings, page breaks, scans and hostile files."""

from __future__ import annotations

import codecs
import contextlib
import dataclasses
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jixiao
from jixiao import settings as jixiao_settings
from jixiao.ingest.grid import Grid
from jixiao.ingest.layouts import table as national2020
from jixiao.ingest.readers.errors import ReaderError
from jixiao.ingest.readers.html import read_html
from jixiao.ingest.readers.pdf import read_pdf
from jixiao.model import Form, SourceRef
from web_fixtures import Spec, draw_tables, form_table, page_html, pdf_bytes, table_html

SAMPLE = Path(__file__).parent / "fixtures" / "founding_sample.txt"


@pytest.fixture(scope="module")
def dump_forms() -> list[Form]:
    return jixiao.read(SAMPLE)


def plain(value: object) -> object:
    """``value`` without provenance: no sources, ids or places, raw text with its blanks folded
    (a web page folds blanks as it shows them)."""
    if isinstance(value, SourceRef):
        return None
    if dataclasses.is_dataclass(value):
        return {field.name: plain(getattr(value, field.name)) for field in dataclasses.fields(value)
                if field.name not in ("id", "source")}
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return {name: " ".join(item.split()) if name == "raw" else plain(item)
                for name, item in zip(value._fields, value, strict=True)}
    if isinstance(value, tuple):
        return [plain(item) for item in value]
    return value


def forms_of(grids: list[Grid]) -> list[Form]:
    forms: list[Form] = []
    for grid in grids:
        found, _ = national2020.extract_forms(grid, first_index=len(forms) + 1)
        forms.extend(found)
    return forms


def assert_same_forms(read: list[Form], expected: list[Form]) -> None:
    assert len(read) == len(expected)
    for mine, theirs in zip(read, expected, strict=True):
        assert plain(mine) == plain(theirs)


def shape(grid: Grid) -> list[list[tuple]]:
    return [[(c.text, c.column, c.row_span, c.col_span, c.covered) for c in row] for row in grid.rows]


# --- HTML: the founding forms as a site publishes them ----------------------------------------------

def test_html_page_reads_to_the_dump_forms(dump_forms: list[Form]) -> None:
    grids = read_html(page_html(dump_forms).encode("utf-8"), "page.html")
    assert [grid.table for grid in grids] == [1, 2, 3, 4]  # the wrapper table and the script's are not read
    assert_same_forms(forms_of(grids), dump_forms)


def test_html_title_and_year_above_the_table_reach_the_form_through_the_caption(dump_forms: list[Form]) -> None:
    grids = read_html(page_html(dump_forms, title_inside=False).encode("utf-8"), "page.html")
    assert grids[0].caption == ("首页 > 信息公开 > 财政预决算", "项目支出绩效自评表", "（2020年度）")
    assert grids[1].caption == ("填报人： 联系电话：", "项目支出绩效自评表", "（2020年度）")
    forms = forms_of(grids)
    assert_same_forms(forms, dump_forms)
    assert forms[1].year_text.source.anchor == "表前文字"


def test_html_merged_cells_take_the_word_shape() -> None:
    page = """<table><tr><td rowspan="3">绩效指标</td><td colspan="2">一级</td><td>三级</td></tr>
      <tr><td rowspan="2" colspan="2">产出</td><td>a</td></tr>
      <tr><td>b</td></tr></table>"""
    [grid] = read_html(page.encode(), "t.html")
    assert shape(grid) == [
        [("绩效指标", 1, 3, 1, False), ("一级", 2, 1, 2, False), ("三级", 4, 1, 1, False)],
        [("", 1, 1, 1, True), ("产出", 2, 2, 2, False), ("a", 4, 1, 1, False)],
        [("", 1, 1, 1, True), ("", 2, 1, 2, True), ("b", 4, 1, 1, False)],
    ]
    assert grid.rows[2][2].anchor == "表1 第3行" and grid.rows[2][2].line == 3


def test_html_covered_cells_at_the_end_of_a_row_and_spans_past_the_table() -> None:
    page = "<table><tr><td>a</td><td rowspan='0'>b</td></tr><tr><td>c</td></tr><tr><td rowspan=9>d</td></tr></table>"
    [grid] = read_html(page.encode(), "t.html")
    assert shape(grid) == [[("a", 1, 1, 1, False), ("b", 2, 3, 1, False)],
                           [("c", 1, 1, 1, False), ("", 2, 1, 1, True)],
                           [("d", 1, 1, 1, False), ("", 2, 1, 1, True)]]


def test_html_cell_text_breaks_and_blanks() -> None:
    page = """<table><tr><td> 实施&nbsp;&nbsp;精准
      帮扶，<br>确保  增收<script>alert(1)</script><style>p{}</style><p>第三行</p></td><td>&nbsp;</td></tr></table>"""
    [grid] = read_html(page.encode(), "t.html")
    assert [cell.text for cell in grid.rows[0]] == ["实施 精准 帮扶，\n确保 增收\n第三行", ""]


@pytest.mark.parametrize(("encoding", "declare", "bom"), [
    ("gbk", "gb2312", b""), ("gb18030", None, b""), ("utf-8", None, codecs.BOM_UTF8), ("utf-16", None, b""),
    ("gbk", "utf-8", b""),  # a page that declares UTF-8 but was saved as GBK: decoding falls back
])
def test_html_encodings(encoding: str, declare: str | None, bom: bytes) -> None:
    meta = f'<meta charset="{declare}">' if declare else ""
    page = f"<html><head>{meta}</head><body><p>（2020年度）</p><table><tr><td>项目名称</td><td>䶮𠀀</td></tr></table>"
    text = page if encoding == "gb18030" else page.replace("䶮𠀀", "扶贫")
    [grid] = read_html(bom + text.encode(encoding), "t.html")
    assert grid.rows[0][0].text == "项目名称" and grid.caption == ("（2020年度）",)


def test_html_xml_declaration_names_the_encoding() -> None:
    page = '<?xml version="1.0" encoding="gb2312"?><html><body><table><tr><td>主管部门</td></tr></table></body></html>'
    [grid] = read_html(page.encode("gbk"), "t.html")
    assert grid.rows[0][0].text == "主管部门"


def test_html_without_tables_or_text() -> None:
    assert read_html(b"<html><body><p>no table</p></body></html>", "t.html") == []
    assert read_html(b"   ", "t.html") == []


def test_html_entities_are_not_expanded_or_fetched(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET")
    laughs = "".join(f'<!ENTITY l{i} "{"&l" + str(i - 1) + ";" * 10}">' for i in range(1, 10))
    page = (f'<!DOCTYPE html [<!ENTITY l0 "ha">{laughs}<!ENTITY x SYSTEM "file://{secret}">]>'
            "<table><tr><td>&l9;&x;</td></tr></table>")
    started = time.perf_counter()
    grids = read_html(page.encode(), "t.html")
    assert time.perf_counter() - started < 1
    texts = [cell.text for grid in grids for row in grid.rows for cell in row]
    assert all("SECRET" not in text and len(text) < 100 for text in texts)


def test_html_too_many_cells_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jixiao_settings, "MAX_CELLS", 10)
    with pytest.raises(ReaderError):
        read_html(("<table>" + "<tr><td>x</td><td>y</td></tr>" * 6 + "</table>").encode(), "t.html")


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300) | st.text(alphabet="<>/tdr =\"'x0123&;表", max_size=200).map(str.encode))
def test_html_any_bytes_give_grids_or_a_reader_error(data: bytes) -> None:
    with contextlib.suppress(ReaderError):
        read_html(data, "t.html")


# --- PDF ----------------------------------------------------------------------------------------------

def test_pdf_forms_split_over_two_pages_read_to_the_dump_forms(dump_forms: list[Form]) -> None:
    # 600-point pages: every form breaks in its indicators; each form starts a new page.
    pages = draw_tables([form_table(form) for form in dump_forms], page_height=600, page_numbers=True)
    assert len(pages) == 8
    grids = read_pdf(pdf_bytes(pages), "forms.pdf")
    assert [grid.table for grid in grids] == [1, 2, 3, 4]
    assert grids[0].rows[0][0].anchor == "第1页" and grids[0].rows[-1][0].anchor == "第2页"
    assert_same_forms(forms_of(grids), dump_forms)


def test_pdf_header_repeated_on_the_next_page_is_dropped(dump_forms: list[Form]) -> None:
    pages = draw_tables([form_table(dump_forms[0])], page_height=600, repeat_rows=2)
    grids = read_pdf(pdf_bytes(pages), "forms.pdf")
    assert len(grids) == 1
    assert [row[0].text for row in grids[0].rows].count("项目支出绩效自评表") == 1
    assert_same_forms(forms_of(grids), dump_forms[:1])


def test_pdf_merge_across_the_page_break_stays_one_cell(dump_forms: list[Form]) -> None:
    [grid] = read_pdf(pdf_bytes(draw_tables([form_table(dump_forms[0])], page_height=600)), "forms.pdf")
    label = next(cell for row in grid.rows for cell in row if cell.text == "绩效指标")
    assert label.row_span == 2 + len(dump_forms[0].indicators)
    assert all(row[0].covered for row in grid.rows[label.row:label.row + label.row_span - 1])


def test_pdf_title_above_the_table_is_the_caption(dump_forms: list[Form]) -> None:
    tables = [form_table(form, title_inside=False) for form in dump_forms]
    captions = [("项目支出绩效自评表", form.year_text.text) for form in dump_forms]
    grids = read_pdf(pdf_bytes(draw_tables(tables, page_height=600, captions=captions)), "forms.pdf")
    assert [grid.caption for grid in grids] == captions
    assert_same_forms(forms_of(grids), dump_forms)


def test_pdf_grid_matches_the_html_grid(dump_forms: list[Form]) -> None:
    table = form_table(dump_forms[1])
    [from_pdf] = read_pdf(pdf_bytes(draw_tables([table], page_height=2000)), "one.pdf")
    [from_html] = read_html(table_html(table).encode(), "one.html")
    joined = [[(text.replace("\n", ""), *rest) for text, *rest in row] for row in shape(from_html)]
    assert shape(from_pdf) == joined


def test_pdf_wrapped_cell_text_is_joined_without_spaces_between_cjk() -> None:
    long_cjk = "帮扶贫困人口实现两不愁三保障" * 2
    table = [[Spec("name"), Spec(long_cjk, 1, 3)], [Spec("note"), Spec("several english words wrap here", 1, 2),
                                                     Spec("2020年12月31日")]]
    [grid] = read_pdf(pdf_bytes(draw_tables([table])), "wrap.pdf")
    assert [[cell.text for cell in row] for row in grid.rows] == [
        ["name", long_cjk], ["note", "several english words wrap here", "2020年12月31日"]]


def test_pdf_scan_is_refused_with_a_clear_message(dump_forms: list[Form]) -> None:
    data = pdf_bytes(draw_tables([form_table(dump_forms[0])]), scanned=True)
    with pytest.raises(ReaderError) as caught:
        read_pdf(data, "scan.pdf")
    assert "扫描件" in caught.value.message and "OCR" in caught.value.message_en


def test_pdf_thousands_of_pages_are_refused_quickly() -> None:
    pages = draw_tables([[[Spec("x")]]] * 3000)
    data = pdf_bytes(pages)
    started = time.perf_counter()
    with pytest.raises(ReaderError) as caught:
        read_pdf(data, "long.pdf")
    assert time.perf_counter() - started < 2
    assert "3000" in caught.value.message


def test_pdf_page_limit_holds_when_the_declared_count_lies(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jixiao_settings, "MAX_PDF_PAGES", 5)
    data = pdf_bytes(draw_tables([[[Spec("x")]]] * 8)).replace(b"/Count 8", b"/Count 2")
    with pytest.raises(ReaderError, match="more than 5 pages"):
        read_pdf(data, "lying.pdf")


def test_pdf_without_tables_gives_no_grid() -> None:
    page = draw_tables([[]], captions=[("只有一行文字",)])
    assert read_pdf(pdf_bytes(page), "text.pdf") == []


@pytest.mark.parametrize("data", [b"", b"%PDF-1.4\n", b"not a pdf at all", b"%PDF-1.4\n1 0 obj\n<< /Type"])
def test_pdf_damaged_files_raise_reader_errors(data: bytes) -> None:
    with pytest.raises(ReaderError):
        read_pdf(data, "bad.pdf")


def test_pdf_truncated_file_raises_a_reader_error_or_reads(dump_forms: list[Form]) -> None:
    data = pdf_bytes(draw_tables([form_table(dump_forms[0])]))
    for cut in (len(data) // 3, len(data) // 2, len(data) - 40):
        with contextlib.suppress(ReaderError):
            read_pdf(data[:cut], "cut.pdf")
