"""The text shapes published forms come in: chrome stripping, shape detection, grids and token streams.

The real samples (tests/fixtures/samples, described in SOURCES.md) pin the behaviour on text as it is
found; property tests render random tables into every shape and read them back; hostile inputs must
give a result in bounded time.
"""

from __future__ import annotations

import random
import time
from datetime import timedelta
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.ingest.readers.text import read_text_grid
from jixiao.ingest.text import (
    Cleaned,
    Removed,
    ShapedText,
    TextShape,
    Token,
    detect_shape,
    read_shaped,
    strip_chrome,
)
from jixiao.ingest.text.chrome import PAGE_MIN_CHARS
from jixiao.ingest.text.render import render
from jixiao.ingest.text.shapes import GRID_SHAPES, SAMPLE_CHARS

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLES = FIXTURES / "samples"
FOUNDING = FIXTURES / "founding_sample.txt"
STREAM_SHAPES = [shape for shape in TextShape if shape not in GRID_SHAPES]
PROPERTY = settings(max_examples=60, deadline=timedelta(seconds=2), suppress_health_check=[HealthCheck.too_slow])


def sample(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


def tokens_of(text: str, path: str = "t.txt", shape: TextShape | None = None) -> tuple[Token, ...]:
    shaped = read_shaped(text, path, shape=shape)
    assert shaped.stream is not None and shaped.grids is None
    return shaped.stream.tokens


def rows_of(shaped: ShapedText) -> list[list[str]]:
    assert shaped.grids is not None and shaped.stream is None
    return [[cell.text for cell in row] for grid in shaped.grids for row in grid.rows]


def original_lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


@cache
def founding_rows() -> list[list[str]]:
    """The founding sample's four forms as rows of cell texts: real rows to render into every shape."""
    return [[cell.text for cell in row] for row in read_text_grid(FOUNDING.read_text(encoding="utf-8"), "f")[0].rows]


# --- detection of the real samples ------------------------------------------------------------------

@pytest.mark.parametrize(("path", "shape"), [
    (FOUNDING, TextShape.TAB_DUMP),
    (SAMPLES / "002.txt", TextShape.PIPE_CELLS),
    (SAMPLES / "004.txt", TextShape.FUSED),
    (SAMPLES / "006.txt", TextShape.SPACED_FLAT),
    (SAMPLES / "007.txt", TextShape.FUSED),
    (SAMPLES / "009.txt", TextShape.FUSED),
    (SAMPLES / "013.txt", TextShape.SPACED_ROWS),
], ids=lambda value: value.name if isinstance(value, Path) else str(value))
def test_real_samples_are_detected_surely(path: Path, shape: TextShape) -> None:
    text = path.read_text(encoding="utf-8")
    guess = detect_shape(text)
    assert guess.shape is shape
    assert guess.confidence >= 0.75, guess
    assert guess.reasons and all(isinstance(reason, str) and reason for reason in guess.reasons)
    assert read_shaped(text, str(path)).shape is shape


def test_detection_says_why() -> None:
    assert detect_shape(FOUNDING.read_text(encoding="utf-8")).reasons == ("100% of lines start with a tab",)
    assert detect_shape(sample("002.txt")).reasons[0] == "100% of lines end with a bar"
    assert detect_shape("").confidence == 0.0


def test_shape_values_are_kebab_case() -> None:
    assert [shape.value for shape in TextShape] == [
        "tab-dump", "pipe-rows", "pipe-cells", "paragraph-cells", "spaced-rows", "spaced-flat", "fused"]
    assert TextShape("spaced-flat") is TextShape.SPACED_FLAT


# --- chrome ------------------------------------------------------------------------------------------

def test_chrome_of_004_file_name_banner_and_two_pages() -> None:
    text = sample("004.txt")
    lines = original_lines(text)
    cleaned = strip_chrome(text)
    assert cleaned.removed == (
        Removed(1, "2020年度长江禁捕项目自评表单位名称农业工作科填报日期.docx", "banner"),
        Removed(2, lines[1], "banner"),
        Removed(3, "1、", "page-marker"),
        Removed(4, "2、", "page-marker"),
    )
    assert lines[1].startswith("《2020年度长江禁捕") and "由会员分享" in lines[1]
    # The two pages stay two lines, the second marked as continuing the first; both keep their numbers.
    assert cleaned.text.split("\n") == [lines[2][2:], lines[3][2:]]
    assert cleaned.continued == frozenset({2})
    assert [cleaned.original_line(1), cleaned.original_line(2)] == [3, 4]
    assert list(cleaned.original_lines()) == [3, 4]


def test_chrome_of_009_three_pages() -> None:
    cleaned = strip_chrome(sample("009.txt"))
    assert [(removed.line, removed.kind) for removed in cleaned.removed] == [
        (1, "banner"), (2, "banner"), (3, "page-marker"), (4, "page-marker"), (5, "page-marker")]
    assert [removed.text for removed in cleaned.removed[2:]] == ["1、", "2、", "3、"]
    assert cleaned.continued == frozenset({2, 3})
    assert list(cleaned.original_lines()) == [3, 4, 5]


def test_chrome_of_013_metadata_and_site_controls_only() -> None:
    text = sample("013.txt")
    lines = original_lines(text)
    cleaned = strip_chrome(text)
    assert cleaned.removed == (Removed(3, "    发布时间:2023-12-05 15:04", "metadata"),
                               Removed(4, "    【字体:打印", "banner"))
    # The page's title stays: it names the unit and the project, and matches no chrome pattern.
    assert cleaned.text.startswith("天长市水利局水旱灾害防御股项目支出绩效自评\n\n    项目支出绩效自评表")
    numbers = list(cleaned.original_lines())
    assert numbers[:4] == [1, 2, 5, 6]
    assert numbers[-1] == len(lines)
    for cleaned_line, (line_text, number) in enumerate(zip(cleaned.text.split("\n"), numbers, strict=True), 1):
        assert lines[number - 1] == line_text
        assert cleaned.original_line(cleaned_line) == number
    assert not cleaned.continued


def test_texts_without_chrome_are_left_alone() -> None:
    for text in (FOUNDING.read_text(encoding="utf-8"), sample("002.txt"), sample("007.txt")):
        cleaned = strip_chrome(text)
        assert cleaned == Cleaned(text)
        assert cleaned.original_line(5) == 5


@pytest.mark.parametrize("text", [
    "中\n\n大\n\n小\n",  # grades and sizes as paragraph cells: control words only beside 字体/打印
    "项目名称 打印机采购项目\n数量指标 打印机 10台\n",  # 打印 inside form content
    "资金来源：财政拨款\n来源说明很长" + "很" * 130 + "：x\n",  # a key not at the line start; a long line
    "\t项目名称\n\t资料.docx\n",  # a file name that is not the first line
    "注:\n1、" + "说明" * 40 + "\n2、" + "说明" * 40 + "\n",  # a numbered note of 80-character items
    "2、" + "页" * 300 + "\n3、" + "页" * 300 + "\n",  # numbered long lines that do not start at 1
    "1、" + "页" * 300 + "\n\n2、" + "页" * 300 + "\n",  # not on consecutive lines
    "1、" + "页" * 300 + "\n",  # a single page: no sequence at all
    "\t二级指标\n\t打印本页\n",  # a cell of a tab dump that happens to read like a site control
], ids=["grades", "printer", "source-in-text", "late-file-name", "short-notes", "not-from-1", "gap", "one-page",
        "control-word-cell"])
def test_form_content_is_never_taken_for_chrome(text: str) -> None:
    cleaned = strip_chrome(text)
    assert cleaned.removed == ()
    assert cleaned.text == text


def test_page_markers_need_every_page_but_the_last_to_be_long() -> None:
    short, long = "说" * (PAGE_MIN_CHARS - 3), "说" * PAGE_MIN_CHARS
    assert strip_chrome(f"1、{short}\n2、{long}\n").removed == ()
    cleaned = strip_chrome(f"1、{long}\n2、{long}\n3、短\n4、{long}\n")
    # Page 3 is short, so it ends the run: marker 4 does not follow a page and stays.
    assert [removed.text for removed in cleaned.removed] == ["1、", "2、", "3、"]
    assert cleaned.text.split("\n")[3] == f"4、{long}"


def test_page_markers_are_found_at_the_very_start_and_after_crlf() -> None:
    page = "表" * PAGE_MIN_CHARS
    cleaned = strip_chrome(f"1、{page}\r\n2、{page}\r\n")
    assert [(removed.line, removed.text) for removed in cleaned.removed] == [(1, "1、"), (2, "2、")]
    assert cleaned.text == f"{page}\n{page}\n"


def test_rendered_chrome_is_removed_whole() -> None:
    text = render([["项目名称", "某项目"]], TextShape.SPACED_ROWS, chrome=True)
    cleaned = strip_chrome(text)
    assert [(removed.line, removed.kind) for removed in cleaned.removed] == [
        (1, "banner"), (2, "banner"), (3, "metadata"), (4, "banner")]
    assert cleaned.text == "\n    项目名称 某项目\n"
    assert list(cleaned.original_lines()) == [5, 6, 7]


# --- page markers joined ---------------------------------------------------------------------------

def test_004_pages_join_with_no_separator() -> None:
    (token,) = tokens_of(sample("004.txt"))
    assert token.line == 3 and token.position == 1 and not token.soft
    # ``完成10`` ends page 1 and ``0%100%10`` starts page 2: the cell is 100%.
    assert "时效指标12月底之前完成100%100%10益标效指" in token.text
    assert token.text.startswith("2020年度长江禁捕项目自评表单位名称:农业工作科")
    assert "1、2020" not in token.text and "\n" not in token.text


def test_009_three_pages_make_one_line() -> None:
    (token,) = tokens_of(sample("009.txt"))
    assert token.line == 3
    assert "库存数量真实率100%100%质量 指标" in token.text
    assert "粮食储备设备维 护及安全性高高满意 度指 标" in token.text


def test_spaced_text_glues_a_chunk_cut_by_a_page_break() -> None:
    page_one = "指标 " * 70 + "完成10"  # 212 characters, the last chunk cut by the page break
    text = f"1、{page_one}\n2、0% 100% 下页\n"
    tokens = tokens_of(text, shape=TextShape.SPACED_FLAT)
    assert tokens[-4:] == (Token("指标", 1, 70, True), Token("完成100%", 1, 71, True),
                           Token("100%", 2, 1, True), Token("下页", 2, 2, True))
    # A break next to a space glues nothing, but the chunk after it is soft all the same.
    tokens = tokens_of(f"1、{page_one} \n2、0% 下页\n", shape=TextShape.SPACED_FLAT)
    assert tokens[-3:] == (Token("完成10", 1, 71, True), Token("0%", 2, 1, True), Token("下页", 2, 2, True))


# --- token streams -----------------------------------------------------------------------------------

def test_002_pipe_cells_stream() -> None:
    text = sample("002.txt")
    tokens = tokens_of(text, "002.txt")
    assert len(tokens) == 110
    empties = (Token("", line, 1, False) for line in range(2, 7))
    assert tokens[:7] == (Token("报表编号:510000_0013zp", 1, 1, False), *empties,
                          Token("部门预算项目支出绩效自评表(2023年度)", 7, 1, False))
    texts = [token.text for token in tokens]
    assert texts[texts.index("项目名称") + 1] == "51000021R000000019951-工资性支出"
    assert texts[texts.index("实施单位 (盖章)") + 1] == "青神县发展和改革局"
    assert [token.line for token in tokens] == list(range(1, 111))
    assert texts[30:37] == ["总额", "238.93", "251.89", "251.89", "100.00%", "10", ""]
    assert read_shaped(text, "002.txt").stream.path == "002.txt"


def test_013_spaced_rows_stream_with_line_numbers() -> None:
    tokens = tokens_of(sample("013.txt"))
    assert tokens[:5] == (Token("天长市水利局水旱灾害防御股项目支出绩效自评", 1, 1, False),
                          Token("项目支出绩效自评表", 5, 1, False), Token("(2022年度)", 6, 1, False),
                          Token("项目名称", 7, 1, False), Token("水旱灾害防御经费", 7, 2, True))
    assert not {token.line for token in tokens} & {2, 3, 4}  # an empty line and the chrome
    line_12 = [token for token in tokens if token.line == 12]
    assert [(token.text, token.position, token.soft) for token in line_12] == [
        ("年度资金总额:", 1, False), ("880", 2, True), ("880", 3, True), ("880", 4, True), ("10", 5, True),
        ("10", 6, True)]
    # A cell broken over two lines (``一级`` / ``指标``) gives tokens on both lines, the second not soft.
    assert [(t.text, t.line, t.soft) for t in tokens if t.line in (18, 19)] == [
        ("年度绩效指标完成情况", 18, False), ("一级", 18, True), ("指标", 19, False)]
    assert tokens[-1].line == 71


def test_006_soft_boundaries_inside_cells() -> None:
    tokens = tokens_of(sample("006.txt"))
    assert {token.line for token in tokens} == {2}
    texts = [token.text for token in tokens]
    at = texts.index("年初预算")
    assert tokens[at + 1] == Token("数", 2, at + 2, True)  # 年初预算 数 is one cell; the boundary is soft
    at = texts.index("不少于12")
    assert texts[at + 1] == "种" and tokens[at + 1].soft
    assert [token.position for token in tokens] == list(range(1, len(tokens) + 1))


def test_007_fused_is_one_token() -> None:
    (token,) = tokens_of(sample("007.txt"))
    assert token.line == 1 and token.text.startswith("现已完成中江县2022年") and token.text.endswith("若为正向")


def test_paragraph_cells_stream() -> None:
    text = "项目名称\n\n某项目\n\n   \n\n年度资金总额\n\n\n\n35\n第二行\n"
    tokens = tokens_of(text)
    assert detect_shape(text).shape is TextShape.PARAGRAPH_CELLS
    assert tokens == (Token("项目名称", 1, 1), Token("某项目", 3, 1), Token("", 5, 1), Token("年度资金总额", 7, 1),
                      Token("35\n第二行", 11, 1))


def test_pipe_cells_spanning_lines() -> None:
    tokens = tokens_of("项目名称 |\n第一行\n第二行 |\n\n|\n尾", shape=TextShape.PIPE_CELLS)
    assert tokens == (Token("项目名称", 1, 1), Token("第一行\n第二行", 2, 1), Token("", 5, 1), Token("尾", 6, 1))


# --- grids -------------------------------------------------------------------------------------------

PIPE_TABLE = """\
项目支出绩效自评表
| 项目名称 | 扶贫指导项目经费 ||||
|---|---|:-:|---|---|
| 主管部门 | 昌吉州扶贫办 | 实施单位 | 昌吉州扶贫办 |
|| 年度资金总额 | 35 || 35 | 10 | 100% | 10 |
| 其中：当年财政拨款 | - | - |
||||
"""


def test_pipe_rows_grid() -> None:
    shaped = read_shaped(PIPE_TABLE, "pipes.md")
    assert shaped.shape is TextShape.PIPE_ROWS
    (grid,) = shaped.grids
    assert grid.path == "pipes.md" and grid.table == 1
    assert rows_of(shaped) == [
        ["项目支出绩效自评表"],
        ["项目名称", "扶贫指导项目经费", "", "", ""],
        ["主管部门", "昌吉州扶贫办", "实施单位", "昌吉州扶贫办"],
        ["", "年度资金总额", "35", "", "35", "10", "100%", "10"],
        ["其中：当年财政拨款", "-", "-"],
    ]
    assert [row[0].line for row in grid.rows] == [1, 2, 4, 5, 6]
    assert [(cell.row, cell.column) for cell in grid.rows[3][:3]] == [(4, 1), (4, 2), (4, 3)]
    assert all(cell.row_span == cell.col_span == 1 and not cell.covered for row in grid.rows for cell in row)


def test_pipe_rows_without_a_leading_bar() -> None:
    text = "项目名称 | 扶贫指导项目经费 ||||\n| 年度资金总额 | 35 |\n主管部门 | 扶贫办 |\n"
    shaped = read_shaped(text, "t")
    assert shaped.shape is TextShape.PIPE_ROWS
    # The style has no opening bar, so a bar at the start of a line is an empty first cell.
    assert rows_of(shaped) == [["项目名称", "扶贫指导项目经费", "", "", ""], ["", "年度资金总额", "35"],
                               ["主管部门", "扶贫办"]]


def test_tab_dump_reads_as_the_tab_dump_reader_reads() -> None:
    text = FOUNDING.read_text(encoding="utf-8")
    shaped = read_shaped(text, "founding.txt")
    assert shaped.shape is TextShape.TAB_DUMP and shaped.stream is None
    assert shaped.grids == read_text_grid(text, "founding.txt")


def test_tab_dump_under_chrome_keeps_original_line_numbers() -> None:
    text = FOUNDING.read_text(encoding="utf-8")
    header = "自评表.docx\n发布时间:2021-03-01\n"
    shaped = read_shaped(header + text, "founding.txt")
    expected = read_text_grid(text, "founding.txt")
    assert [(r.line, r.kind) for r in shaped.cleaned.removed] == [(1, "banner"), (2, "metadata")]
    assert [[cell.text for cell in row] for row in shaped.grids[0].rows] == [
        [cell.text for cell in row] for row in expected[0].rows]
    moved = [cell.line for row in shaped.grids[0].rows for cell in row]
    assert moved == [cell.line + 2 for row in expected[0].rows for cell in row]


# --- properties: render and read back ------------------------------------------------------------------

# Cell texts from form words, digits and marks: no spaces, bars or line breaks (which the space and
# pipe shapes cannot keep), and nothing that chrome or page markers are made of.
CELL_CHARS = "项目资金年度指标完成值得分预算执行率数量质量效益满意总体其中财政拨款合计人次万元0123456789ABCxyz%.()≥≤"
cells = st.text(CELL_CHARS, max_size=12)
tables = st.lists(st.lists(cells, max_size=8), max_size=30)


def without_blank_rows(rows: list[list[str]]) -> list[list[str]]:
    return [row for row in rows if any(rows_cell for rows_cell in row)]


def assert_provenance(text: str, shaped: ShapedText) -> None:
    """Every piece with text points at an original line that holds it (a joined token, at its start)."""
    lines = original_lines(text)
    pieces = ([(cell.text, cell.line) for grid in shaped.grids for row in grid.rows for cell in row]
              if shaped.grids is not None else [(token.text, token.line) for token in shaped.stream.tokens])
    for piece, line in pieces:
        assert 1 <= line <= len(lines)
        if not piece:
            continue
        source = lines[line - 1]
        marker = next((r.text for r in shaped.cleaned.removed if r.line == line and r.kind == "page-marker"), "")
        body = source.removeprefix(marker).strip()
        assert piece in source or piece.startswith(body), (piece, line, source)


@PROPERTY
@given(rows=tables, shape=st.sampled_from(sorted(GRID_SHAPES)), seed=st.integers(0, 2**16), chrome=st.booleans())
def test_grid_shapes_read_back_their_rows(rows: list[list[str]], shape: TextShape, seed: int, chrome: bool) -> None:
    if rows and shape is TextShape.PIPE_ROWS and not (rows[0] and rows[0][0]):
        rows = [["项目名称"], *rows]  # an a | b | table whose first row opens with an empty cell reads as | a |
    text = render(rows, shape, rng=random.Random(seed), chrome=chrome)
    shaped = read_shaped(text, "t", shape=shape)
    assert rows_of(shaped) == without_blank_rows(rows)
    assert_provenance(text, shaped)
    assert len(shaped.cleaned.removed) == (4 if chrome else 0)


@PROPERTY
@given(rows=tables, shape=st.sampled_from(STREAM_SHAPES), seed=st.integers(0, 2**16), chrome=st.booleans())
def test_stream_shapes_read_back_their_cells(rows: list[list[str]], shape: TextShape, seed: int, chrome: bool) -> None:
    text = render(rows, shape, rng=random.Random(seed), chrome=chrome)
    shaped = read_shaped(text, "t", shape=shape)
    texts = [token.text for token in shaped.stream.tokens]
    every = [cell for row in rows for cell in row]
    if shape in (TextShape.PIPE_CELLS, TextShape.PARAGRAPH_CELLS):
        assert texts == every  # these shapes keep empty cells
    elif shape is TextShape.FUSED:
        assert "".join(texts) == "".join(every)
        assert len(texts) == (1 if any(every) else 0)
    else:
        assert texts == [cell for cell in every if cell]
        assert all(token.soft == (token.position > 1) for token in shaped.stream.tokens)
    assert shaped.stream.shape is shape
    assert_provenance(text, shaped)
    assert [removed.kind for removed in shaped.cleaned.removed if removed.kind != "page-marker"] == (
        ["banner", "banner", "metadata", "banner"] if chrome else [])


@PROPERTY
@given(rows=st.lists(st.lists(st.text(CELL_CHARS, min_size=1, max_size=30), min_size=1, max_size=8), max_size=60),
       seed=st.integers(0, 2**16))
def test_fused_pages_join_back(rows: list[list[str]], seed: int) -> None:
    text = render(rows, TextShape.FUSED, rng=random.Random(seed))
    fused = "".join(cell for row in rows for cell in row)
    pages = text.count("\n")
    shaped = read_shaped(text, "t")
    assert shaped.shape is TextShape.FUSED or len(fused) < 40  # a few characters may pass for another shape
    shaped = read_shaped(text, "t", shape=TextShape.FUSED)
    if len(fused) > PAGE_MIN_CHARS:  # more than a page: pages cut anywhere, each behind its marker
        assert pages >= 2
        assert [removed.text for removed in shaped.cleaned.removed] == [f"{n}、" for n in range(1, pages + 1)]
        assert shaped.cleaned.continued == frozenset(range(2, pages + 1))
    else:
        assert pages == 1 and not shaped.cleaned.removed
    assert shaped.stream.tokens == ((Token(fused, 1, 1, False),) if fused else ())


@settings(max_examples=40, deadline=timedelta(seconds=3))
@given(shape=st.sampled_from(list(TextShape)), start=st.integers(0, 75), size=st.integers(15, 90),
       seed=st.integers(0, 2**16), chrome=st.booleans())
def test_real_rows_in_every_shape_are_detected(shape: TextShape, start: int, size: int, seed: int,
                                               chrome: bool) -> None:
    """The founding sample's rows (real cell texts, long goals, merged cells, numbers) in every shape."""
    rows = founding_rows()[start:start + size]
    text = render(rows, shape, rng=random.Random(seed), chrome=chrome)
    guess = detect_shape(text)
    assert guess.shape is shape, guess
    assert guess.confidence >= 0.6
    assert read_shaped(text, "t").shape is shape


def test_renderer_shapes_look_like_the_samples() -> None:
    rows = [["项目名称", "水旱灾害防御经费", ""], ["年度资金总额:", "880", "", "10"]]
    assert render(rows, TextShape.TAB_DUMP) == (
        "\t项目名称\n\t水旱灾害防御经费\n\t\n\n\t年度资金总额:\n\t880\n\t\n\t10\n")
    assert render(rows, TextShape.PIPE_ROWS) == "项目名称 | 水旱灾害防御经费 ||\n年度资金总额: | 880 || 10 |\n"
    assert render(rows, TextShape.PIPE_CELLS) == "项目名称 |\n水旱灾害防御经费 |\n|\n年度资金总额: |\n880 |\n|\n10 |\n"
    assert render(rows, TextShape.PARAGRAPH_CELLS) == (
        "项目名称\n\n水旱灾害防御经费\n\n \n\n年度资金总额:\n\n880\n\n \n\n10\n")
    assert render(rows, TextShape.SPACED_ROWS) == "    项目名称 水旱灾害防御经费\n    年度资金总额: 880 10\n"
    assert render(rows, TextShape.SPACED_FLAT) == "项目名称 水旱灾害防御经费 年度资金总额: 880 10\n"
    assert render(rows, TextShape.FUSED) == "项目名称水旱灾害防御经费年度资金总额:88010\n"


# --- robustness ---------------------------------------------------------------------------------------

def read_everything(text: str) -> None:
    """Detect, read in the detected shape and in every shape; every result well formed."""
    assert detect_shape(text).shape in TextShape
    for shape in (None, *TextShape):
        shaped = read_shaped(text, "hostile", shape=shape)
        lines = len(original_lines(text))
        assert (shaped.grids is None) != (shaped.stream is None)
        if shaped.stream is not None:
            assert all(1 <= token.line <= lines and token.position >= 1 for token in shaped.stream.tokens)
        else:
            assert all(1 <= cell.line <= lines for grid in shaped.grids for row in grid.rows for cell in row)
        assert 0.0 <= shaped.guess.confidence <= 1.0


HOSTILE = {
    "1 MB line": "项" * 1_000_000,
    "1 MB of digits": "1" * 1_000_000,
    "200,000 bars": "|" * 200_000,
    "200,000 bar lines": "|\n" * 200_000,
    "200,000 rules": "|---" * 200_000,
    "50,000 chrome lines": "发布时间:2023\n【字体:打印】\n" * 25_000,
    "20,000 pages": "".join(f"{n % 9999 + 1}、" + "页" * PAGE_MIN_CHARS + "\n" for n in range(20_000)),
    "line breaks only": "\r\n" * 300_000,
    "random Unicode": "".join(map(chr, random.Random(7).choices(range(0x20, 0x2FFFF), k=300_000))),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_text_gives_a_result_in_bounded_time(name: str) -> None:
    started = time.perf_counter()
    read_everything(HOSTILE[name])
    assert time.perf_counter() - started < 10  # each is a few hundred ms: far above what a linear reader needs


MARKS = st.sampled_from(["\n", "\r", "\t", " ", "|", "、", "1", "2、", "\n\n", "《", "由会员分享", "发布时间:", "---"])


@settings(max_examples=80, deadline=timedelta(seconds=2))
@given(st.lists(st.text(st.characters(codec="utf-8"), max_size=5) | MARKS, max_size=120).map("".join))
def test_any_text_gives_a_result(text: str) -> None:
    read_everything(text)


def test_detection_reads_a_bounded_sample() -> None:
    form = render(founding_rows(), TextShape.SPACED_ROWS)
    big = form * (10 * 1024 * 1024 // len(form.encode()))
    started = time.perf_counter()
    guess = detect_shape(big)
    elapsed = time.perf_counter() - started
    assert guess == detect_shape(big[:SAMPLE_CHARS].rsplit("\n", 1)[0])
    assert elapsed < 1.0  # the sample is 64 K characters: a few milliseconds


def test_ten_megabytes_read_well_under_a_second_each() -> None:
    rows = founding_rows()
    for shape in STREAM_SHAPES:
        form = render(rows, shape, rng=random.Random(1))
        text = form * (10 * 1024 * 1024 // len(form.encode()))
        started = time.perf_counter()
        shaped = read_shaped(text, "big")
        elapsed = time.perf_counter() - started
        assert shaped.shape is shape and shaped.stream.tokens
        assert elapsed < 3.0, (shape, elapsed)  # ~0.1 to 0.35 s on one core; generous for loaded machines
