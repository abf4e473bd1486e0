"""The HTML writer: every value at its cell, merged cells as spans, findings marked where they point,
escaping, a page that needs nothing from the network. The page is parsed back with lxml, cell by cell."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import lxml.html
import pytest

import jixiao
from jixiao.export import html as html_module
from jixiao.export import html_text, write_html
from jixiao.model import Finding, Form, Severity, TextValue
from test_export_common import fold, form_view, founding_forms, number_or_text

COLUMNS = 9


@pytest.fixture(scope="module")
def forms() -> tuple[Form, ...]:
    return founding_forms()


@pytest.fixture(scope="module")
def findings(forms: tuple[Form, ...]) -> list[Finding]:
    return jixiao.check(list(forms))


@pytest.fixture(scope="module")
def page(forms: tuple[Form, ...], findings: list[Finding]):
    return lxml.html.fromstring(html_text(forms, findings=findings))


def cell_text(td) -> str:
    """The cell's text with ``<br>`` as a line break (the writer's only markup inside a cell)."""
    parts = [td.text or ""]
    for child in td:
        parts += ["\n" if child.tag == "br" else (child.text or ""), child.tail or ""]
    return "".join(parts)


def origin_grid(table) -> list[list]:
    """Each row by grid column: the origin ``td`` of a cell, None where a span from elsewhere covers.
    Fails when a row does not fill the nine columns exactly (a broken table)."""
    grid: list[list] = []
    pending: dict[tuple[int, int], bool] = {}
    for r, tr in enumerate(table.iter("tr")):
        row, cells = [], iter(tr.findall("td"))
        while len(row) < COLUMNS:
            if pending.pop((r, len(row)), False):
                row.append(None)
                continue
            td = next(cells)
            span, down = int(td.get("colspan", 1)), int(td.get("rowspan", 1))
            for across in range(span):
                for below in range(1, down):
                    pending[(r + below, len(row) + across)] = True
            row += [td] + [None] * (span - 1)
        assert len(row) == COLUMNS and next(cells, None) is None, f"row {r} does not span {COLUMNS} columns"
        grid.append(row)
    return grid


def texts(grid: list[list]) -> list[list[str | None]]:
    return [[None if td is None else cell_text(td) for td in row] for row in grid]


def table_view(section) -> dict:
    """The section's form in the terms of ``form_view``, read from where each value sits."""
    grid = texts(origin_grid(section.find(".//table")))
    rows, level1, level2 = [], None, None
    for cells in grid[10:-1]:
        level1 = cells[1] if cells[1] is not None else level1
        level2 = cells[2] if cells[2] is not None else level2
        rows.append((fold(level1), fold(level2), cells[3], cells[4], cells[5], number_or_text(cells[6]),
                     number_or_text(cells[7]), cells[8]))
    return {"title": section.findtext("h1"), "year": section.findtext("p"), "project": fold(grid[0][2]),
            "department": fold(grid[1][2]), "unit": fold(grid[1][7]),
            "funding": [tuple(number_or_text(grid[3 + k][c]) for c in (3, 4, 5)) for k in range(4)],
            "goal": (grid[8][1], grid[8][5]), "indicators": rows}


def sections(page) -> list:
    return page.xpath("//section[@class='form']")


def row_starting(grid: list[list], text: str) -> list:
    return next(row for row in grid if row[0] is not None and cell_text(row[0]) == text)


def test_every_value_is_at_its_cell(forms: tuple[Form, ...]) -> None:
    page = lxml.html.fromstring(html_text(forms))
    assert [table_view(section) for section in sections(page)] == [form_view(form) for form in forms]


def test_marks_leave_the_values_as_they_are(page, forms: tuple[Form, ...]) -> None:
    assert [table_view(section) for section in sections(page)] == [form_view(form) for form in forms]


def test_figures_show_as_the_other_writers_show_them(page) -> None:
    grid = texts(origin_grid(sections(page)[0].find(".//table")))
    assert grid[3][1:] == ["年度资金总额", None, "35.00", "", "35.00", "10", "100%", "10"]
    assert grid[19][0] == "总分" and grid[19][6:] == ["100", "99", ""]


def test_merged_cells_are_spans(page) -> None:
    grid = origin_grid(sections(page)[0].find(".//table"))
    spans = {cell_text(td): (int(td.get("rowspan", 1)), int(td.get("colspan", 1)))
             for row in grid for td in row if td is not None and td.get("rowspan")}
    assert spans == {"项目资金（万元）": (5, 1), "年度总体目标": (2, 1), "绩效指标": (10, 1), "产出指标": (6, 1),
                     "数量指标": (3, 1), "效益指标": (2, 1)}
    assert [row[1] is None for row in grid[11:16]] == [True] * 5  # covered by 产出指标


def test_total_error_is_marked_at_the_total_score(page, findings: list[Finding]) -> None:
    a001 = next(f for f in findings if f.code == "A001")
    section = sections(page)[3]
    score = row_starting(origin_grid(section.find(".//table")), "总分")[7]
    assert cell_text(score) == "99"
    assert "error" in score.get("class").split()
    assert f"A001 {a001.message}" in score.get("title")
    note = section.xpath(f".//div[@class='notes']//li[@value='{score.get('data-mark')}']")[0]
    assert note.get("class") == "error" and "A001" in note.text_content() and a001.message in note.text_content()


def test_warning_lands_on_its_indicator_cell(page, findings: list[Finding]) -> None:
    p003 = next(f for f in findings if f.code == "P003")
    assert p003.field == "indicators[0].deviation_note"
    grid = origin_grid(sections(page)[0].find(".//table"))
    first = grid[10]  # the first indicator's row
    assert cell_text(first[3]) == "指导县市开展工作"
    assert first[8].get("class").split() == ["text", "warning"] and p003.message in first[8].get("title")
    assert "warning" not in first[7].get("class")  # its neighbour is untouched
    # P001 points at indicators[0].level1: the merged 产出指标 cell carries it.
    assert "warning" in first[1].get("class") and "P001" in first[1].get("title")


def test_funding_and_header_findings_land_on_their_cells(page, findings: list[Finding]) -> None:
    grid = origin_grid(sections(page)[0].find(".//table"))
    budget = grid[3][4]  # 年度资金总额 row, 全年预算数 column: blank, as P005 says
    assert cell_text(grid[3][1]) == "年度资金总额" and cell_text(budget) == ""
    assert "warning" in budget.get("class") and "P005" in budget.get("title")
    assert not any(td is not None and td.get("data-mark") for row in grid[4:7] for td in row)
    # X001 names forms 1 and 3 (the same project twice): their project names are marked, form 2's is not.
    names = [origin_grid(section.find(".//table"))[0][2] for section in sections(page)]
    assert ["X001" in (td.get("title") or "") for td in names] == [True, False, True, False]


def test_a_cell_shows_its_worst_severity(forms: tuple[Form, ...]) -> None:
    at_total = {"forms": (forms[0].id,), "field": "declared_total_score"}
    pair = [Finding("Z001", Severity.INFO, "提示一", "info one", **at_total),
            Finding("Z002", Severity.ERROR, "错误二", "error two", **at_total)]
    section = sections(lxml.html.fromstring(html_text(forms[:1], findings=pair)))[0]
    score = row_starting(origin_grid(section.find(".//table")), "总分")[7]
    assert score.get("class").split() == ["number", "error"] and score.get("data-mark") == "1,2"
    assert score.get("title").splitlines() == ["Z001 提示一", "Z002 错误二"]


def test_cross_form_findings_mark_each_form_and_loose_ones_are_listed(page, forms: tuple[Form, ...]) -> None:
    for section in sections(page):
        goal = origin_grid(section.find(".//table"))[8][1]
        assert "X002" in goal.get("title") and "warning" in goal.get("class")
    stray = [Finding("Z003", Severity.WARNING, "无处安放", "nowhere", forms=(forms[1].id,), field="no.such[0].field"),
             Finding("Z004", Severity.INFO, "整批问题", "batch-wide", forms=())]
    other = lxml.html.fromstring(html_text(forms, findings=stray))
    listed = sections(other)[1].xpath(".//li[contains(@class, 'unplaced')]")
    assert [li.text_content() for li in listed] == ["Z003 [警告] 无处安放 (未对应到单元格)"]
    assert not sections(other)[1].xpath(".//td[@data-mark]")
    assert "Z004 [提示] 整批问题" in other.xpath("//section[contains(@class, 'loose')]")[0].text_content()


def test_english_page_shows_the_english_messages(forms: tuple[Form, ...], findings: list[Finding]) -> None:
    a001 = next(f for f in findings if f.code == "A001")
    page = lxml.html.fromstring(html_text(forms, findings=findings, lang="en"))
    score = row_starting(origin_grid(sections(page)[3].find(".//table")), "总分")[7]
    assert a001.message_en in score.get("title") and a001.message not in score.get("title")
    assert page.get("lang") == "en" and "Findings" in sections(page)[3].text_content()


def test_text_is_escaped(forms: tuple[Form, ...]) -> None:
    hostile = "<script>alert('x')</script>&"
    form = dataclasses.replace(forms[0], project_name=TextValue(hostile, hostile))
    shout = Finding("Z005", Severity.ERROR, "<b>粗</b>", "<b>bold</b>", forms=(form.id,), field="project_name")
    text = html_text([form], findings=[shout])
    assert "<script" not in text and "<b>" not in text
    page = lxml.html.fromstring(text)
    cell = origin_grid(page.find(".//table"))[0][2]
    assert cell_text(cell) == hostile and "Z005 <b>粗</b>" in cell.get("title")


def test_page_is_self_contained_and_printable(forms: tuple[Form, ...], findings: list[Finding]) -> None:
    text = html_text(forms, findings=findings)
    assert text.startswith("<!DOCTYPE html>")
    assert not re.search(r"https?://", text) and "@import" not in text and "url(" not in text
    page = lxml.html.fromstring(text)
    assert not page.xpath("//script | //link | //img | //*[@src] | //*[@href]")
    style = page.findtext(".//style")
    assert re.search(r"@page\s*{\s*size:\s*A4", style)
    assert all(name in style for name in ("宋体", "SimSun", '"Noto Serif CJK SC"', '"WenQuanYi Zen Hei"'))
    assert "page-break-before: always" in style and "border: 0.75pt solid" in style
    assert len(sections(page)) == 4


def test_page_reads_back_as_the_same_forms(tmp_path: Path, forms: tuple[Form, ...], findings: list[Finding]) -> None:
    def folded(view: dict) -> dict:  # HTML collapses runs of spaces inside a cell, as every browser shows it
        return {**view, "goal": tuple(map(fold, view["goal"])),
                "indicators": [tuple(fold(v) if isinstance(v, str) else v for v in row) for row in view["indicators"]]}

    path = tmp_path / "forms.html"
    write_html(forms, path, findings=findings)
    assert [folded(form_view(f)) for f in jixiao.read(path)] == [folded(form_view(f)) for f in forms]


def test_a_failed_write_keeps_the_old_file(tmp_path: Path, forms: tuple[Form, ...],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "forms.html"
    path.write_text("old", encoding="utf-8")

    def broken(*args, **kwargs):
        raise RuntimeError("template failed")

    monkeypatch.setattr(html_module, "html_text", broken)
    with pytest.raises(RuntimeError):
        write_html(forms, path)
    assert path.read_text(encoding="utf-8") == "old" and [p.name for p in tmp_path.iterdir()] == ["forms.html"]


def test_convert_writes_the_page_with_the_reading_findings(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from jixiao.cli.main import app

    target = tmp_path / "out.html"
    outcome = CliRunner().invoke(app, ["convert", str(Path(__file__).parent / "fixtures" / "founding_sample.txt"),
                                       "--to", "html", "-o", str(target)])
    assert outcome.exit_code == 0, outcome.output
    assert len(sections(lxml.html.parse(str(target)).getroot())) == 4


def test_convert_marks_the_findings_only_when_asked(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from jixiao.cli.main import app

    sample = str(Path(__file__).parent / "fixtures" / "founding_sample.txt")
    clean, marked = tmp_path / "clean.html", tmp_path / "marked.html"
    for target, extra in ((clean, []), (marked, ["--mark-findings", "--lang", "en"])):
        outcome = CliRunner().invoke(app, ["convert", sample, "--to", "html", "-o", str(target), *extra])
        assert outcome.exit_code == 0, outcome.output
    assert "A001" not in clean.read_text(encoding="utf-8")
    page = marked.read_text(encoding="utf-8")
    assert "A001" in page and "but the scores add up to 99" in page
