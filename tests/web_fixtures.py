"""Fixture builders for the web readers: forms drawn as HTML pages and as PDFs, written by hand here
(not by jixiao's writers), the way government sites and Word publish them.

A form is first laid out as a table spec — rows of (text, rowspan, colspan) — in the official
arrangement: level-1 and level-2 indicator cells merged down, label cells merged down beside their
block, wide cells merged across. The spec is then written as HTML, or drawn as a ruled PDF table.

The PDFs are written directly: a non-embedded CJK font (STSong-Light, which every PDF reader knows,
with the Unicode CMap UniGB-UCS2-H) makes the Chinese real text without any font file or package.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Sequence
from typing import NamedTuple

from jixiao.model import Form


class Spec(NamedTuple):
    text: str
    rowspan: int = 1
    colspan: int = 1


Table = list[list[Spec]]
WIDTHS = (38, 56, 60, 92, 52, 52, 32, 32, 96)  # nine columns, points: fits A4 with 40pt margins
_NO_CELL = "&nbsp;"


def form_table(form: Form, *, title_inside: bool = True) -> Table:
    """The form's table in the national layout, nine columns wide."""
    rows: Table = []
    if title_inside:
        rows += [[Spec(form.title.raw, 1, 9)], [Spec(form.year_text.raw, 1, 9)]]
    rows.append([Spec("项目名称"), Spec(form.project_name.raw, 1, 8)])
    rows.append([Spec("主管部门"), Spec(form.competent_department.raw, 1, 3), Spec("实施单位", 1, 2),
                 Spec(form.implementing_unit.raw, 1, 3)])
    funding = form.funding
    rows.append([Spec("项目资金（万元）", 1 + len(funding.rows)), Spec("", 1, 2),
                 *map(Spec, ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"))])
    for fund in funding.rows:
        values = [fund.initial_budget.raw, fund.full_year_budget.raw, fund.executed.raw]
        extra = [funding.weight.raw, funding.declared_rate.raw, funding.declared_score.raw]
        rows.append([Spec(fund.label.raw, 1, 2), *map(Spec, values),
                     *map(Spec, extra if fund.kind == "total" else ("—", "", "—"))])
    rows.append([Spec("年度总体目标", 2), Spec("预期目标", 1, 4), Spec("实际完成情况", 1, 4)])
    rows.append([Spec(form.goal.expected.raw, 1, 4), Spec(form.goal.achieved.raw, 1, 4)])
    rows += _indicator_rows(form)
    rows.append([Spec("总分", 1, 6), Spec(form.declared_total_weight.raw), Spec(form.declared_total_score.raw),
                 Spec(form.declared_grade.raw)])
    return rows


def _indicator_rows(form: Form) -> Table:
    indicators = form.indicators
    rows: Table = [
        [Spec("绩效指标", 2 + len(indicators)), Spec("一级指标", 2), Spec("二级指标", 2), Spec("三级指标", 2),
         Spec("年度"), Spec("实际"), Spec("分值", 2), Spec("得分", 2), Spec("偏差原因分析及改进措施", 2)],
        [Spec("指标值"), Spec("完成值")],
    ]
    level1_runs = _runs([item.level1.text for item in indicators])
    level2_runs = _runs([(item.level1.text, item.level2.text) for item in indicators])
    for index, item in enumerate(indicators):
        row: list[Spec] = []
        if index in level1_runs:
            row.append(Spec(item.level1.raw, level1_runs[index]))
        if index in level2_runs:
            row.append(Spec(item.level2.raw, level2_runs[index]))
        row += map(Spec, (item.name.raw, item.target.raw, item.actual.raw, item.weight.raw,
                          item.declared_score.raw, item.deviation_note.raw))
        rows.append(row)
    return rows


def _runs(keys: Sequence[object]) -> dict[int, int]:
    """Start index → length of each run of equal consecutive keys (a cell merged down that far)."""
    runs: dict[int, int] = {}
    start = 0
    for _, group in itertools.groupby(keys):
        length = len(list(group))
        runs[start] = length
        start += length
    return runs


# --- HTML -------------------------------------------------------------------------------------------

def table_html(table: Table) -> str:
    """A <table> as sites publish it: inline styles, <p> in cells, &nbsp; in empty ones."""
    lines = ['<table border="1" cellspacing="0" style="border-collapse:collapse;width:600px">', "<tbody>"]
    for row in table:
        cells = []
        for spec in row:
            spans = (f' rowspan="{spec.rowspan}"' if spec.rowspan > 1 else "") + (
                f' colspan="{spec.colspan}"' if spec.colspan > 1 else "")
            body = "<br/>\n".join(html.escape(line) for line in spec.text.split("\n")) or _NO_CELL
            cells.append(f'<td{spans} style="font-family:宋体"><p align="center"><span>{body}</span></p></td>')
        lines.append("<tr>\n  " + "\n  ".join(cells) + "\n</tr>")
    return "\n".join([*lines, "</tbody>", "</table>"])


def page_html(forms: Sequence[Form], *, title_inside: bool = True, charset: str = "utf-8") -> str:
    """A site's page: a layout table wrapping the forms, with a heading, scripts and a footer."""
    parts = [f'<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">',
             "<title>2020年度部门决算公开</title><style>td { font-size: 12px }</style>",
             '<script>var t = "<table><tr><td>不是表格</td></tr></table>";</script></head><body>',
             '<table width="100%" class="layout"><tr><td>导航</td></tr><tr><td class="content">',
             "<div class='crumb'>首页 &gt; 信息公开 &gt; 财政预决算</div>"]
    for form in forms:
        if not title_inside:
            parts.append(f"<h2>{html.escape(form.title.text)}</h2><p style='text-align:center'>"
                         f"{html.escape(form.year_text.text)}</p>")
        parts.append(table_html(form_table(form, title_inside=title_inside)))
        parts.append("<p>填报人：&nbsp;&nbsp;&nbsp;&nbsp;联系电话：</p>")
    parts.append("</td></tr><tr><td>版权所有 © 某某市财政局</td></tr></table></body></html>")
    return "\n".join(parts)


# --- PDF --------------------------------------------------------------------------------------------

class Placed(NamedTuple):
    """A spec cell at its grid place (0-based row and column)."""

    text: str
    row: int
    column: int
    rowspan: int
    colspan: int


def place(table: Table) -> list[Placed]:
    """Each spec cell at its grid position, columns shifted past cells merged down from above."""
    taken: set[tuple[int, int]] = set()
    placed: list[Placed] = []
    for r, row in enumerate(table):
        column = 0
        for spec in row:
            while (r, column) in taken:
                column += 1
            placed.append(Placed(spec.text, r, column, spec.rowspan, spec.colspan))
            taken.update((r + i, column + j) for i in range(spec.rowspan) for j in range(spec.colspan))
            column += spec.colspan
    return placed


FONT = 8  # points
_LEAD = FONT * 1.4
_PAD = 3
_MARGIN = 40


class Page:
    """One PDF page being drawn: its content-stream operators, top-down coordinates in points."""

    def __init__(self, width: float = 595, height: float = 842):
        self.width, self.height = width, height
        self.ops: list[str] = []

    def line(self, x0: float, top0: float, x1: float, top1: float) -> None:
        self.ops.append(f"{x0:.2f} {self.height - top0:.2f} m {x1:.2f} {self.height - top1:.2f} l S")

    def box(self, x0: float, top: float, x1: float, bottom: float) -> None:
        for edge in ((x0, top, x1, top), (x0, bottom, x1, bottom), (x0, top, x0, bottom), (x1, top, x1, bottom)):
            self.line(*edge)

    def text(self, x: float, top: float, text: str, size: float = FONT) -> None:
        """``text`` with its glyph tops at ``top`` (the font has no descent: the baseline is the bottom)."""
        code = text.encode("utf-16-be").hex()
        self.ops.append(f"BT /F1 {size} Tf 1 0 0 1 {x:.2f} {self.height - top - size:.2f} Tm <{code}> Tj ET")

    def content(self) -> bytes:
        return ("0.5 w\n" + "\n".join(self.ops)).encode("ascii")


def text_width(text: str, size: float = FONT) -> float:
    """Width in points: CJK glyphs are one em, Latin ones half an em (the font's /W says so)."""
    return sum(size if ord(char) > 0x7F else size / 2 for char in text)


def wrap(text: str, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width``, at any character (as Word does for CJK)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for char in paragraph:
            if line and text_width(line + char) > width:
                lines.append(line)
                line = ""
            line += char
        lines.append(line)
    return [line for line in lines if line.strip()]


def draw_tables(tables: Sequence[Table], *, page_height: float = 842, captions: Sequence[Sequence[str]] = (),
                repeat_rows: int = 0, page_numbers: bool = False) -> list[Page]:
    """Each table from the top of a new page, rows that do not fit carried onto the next page (the
    first ``repeat_rows`` rows drawn again there), cells merged down split at the page break as Word
    splits them; ``captions`` are lines drawn above each table; page numbers at the foot if asked."""
    pages: list[Page] = []
    xs = list(itertools.accumulate(WIDTHS, initial=_MARGIN))
    for index, table in enumerate(tables):
        placed = place(table)
        heights = _row_heights(placed, len(table), xs)
        page = Page(height=page_height)
        pages.append(page)
        top = _MARGIN
        for line in captions[index] if index < len(captions) else ():
            page.text(_MARGIN, top, line, FONT + 2)
            top += _LEAD + 4
        tops: dict[int, tuple[Page, float]] = {}
        for row, height in enumerate(heights):
            if top + height > page_height - _MARGIN and top > _MARGIN:
                page = Page(height=page_height)
                pages.append(page)
                top = _MARGIN
                for header in range(repeat_rows):
                    _draw_cells(page, [c for c in placed if c.row == header], {header: (page, top)}, heights, xs)
                    top += heights[header]
            tops[row] = (page, top)
            top += height
        _draw_cells(None, placed, tops, heights, xs)
    if page_numbers:
        for number, page in enumerate(pages, start=1):
            page.text(page.width / 2 - 16, page.height - 28, f"第 {number} 页")
    return pages


def _row_heights(placed: list[Placed], count: int, xs: list[float]) -> list[float]:
    heights = [_LEAD + 2 * _PAD] * count
    for cell in sorted(placed, key=lambda c: c.rowspan):
        needed = len(wrap(cell.text, xs[cell.column + cell.colspan] - xs[cell.column] - 2 * _PAD)) * _LEAD + 2 * _PAD
        spanned = sum(heights[cell.row:cell.row + cell.rowspan])
        if needed > spanned:
            heights[cell.row + cell.rowspan - 1] += needed - spanned
    return heights


def _draw_cells(only: Page | None, placed: list[Placed], tops: dict[int, tuple[Page, float]],
                heights: list[float], xs: list[float]) -> None:
    """Draw cells at their rows' places; a cell whose rows fall on two pages is a box on each, with its
    text in the first."""
    for cell in placed:
        x0, x1 = xs[cell.column], xs[cell.column + cell.colspan]
        rows = [r for r in range(cell.row, cell.row + cell.rowspan) if r in tops]
        for part, (page, group) in enumerate(itertools.groupby(rows, key=lambda r: id(tops[r][0]))):
            members = list(group)
            page = tops[members[0]][0]
            top = tops[members[0]][1]
            bottom = tops[members[-1]][1] + heights[members[-1]]
            page.box(x0, top, x1, bottom)
            if part == 0:
                for n, line in enumerate(wrap(cell.text, x1 - x0 - 2 * _PAD)):
                    page.text(x0 + _PAD, top + _PAD + n * _LEAD, line)


def pdf_bytes(pages: Sequence[Page], *, scanned: bool = False) -> bytes:
    """A PDF of ``pages``; ``scanned`` pages hold only an image, as a scanner makes them."""
    objects: list[bytes] = [b"", b""]  # catalog and page tree, filled in at the end
    objects.append(b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
                   b"/DescendantFonts [4 0 R] >>")
    objects.append(b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo "
                   b"<< /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 5 0 R "
                   b"/DW 1000 /W [1 95 500] >>")
    objects.append(b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 0 1000 1000] "
                   b"/ItalicAngle 0 /Ascent 1000 /Descent 0 /CapHeight 1000 /StemV 80 >>")
    objects.append(b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray "
                   b"/BitsPerComponent 8 /Length 1 >>\nstream\n\x80\nendstream")
    kids = []
    for page in pages:
        content = b"q 500 0 0 700 40 60 cm /Im1 Do Q" if scanned else page.content()
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R /Resources "
                       b"<< /Font << /F1 3 0 R >> /XObject << /Im1 6 0 R >> >> >>"
                       % (page.width, page.height, len(objects)))
        kids.append(f"{len(objects)} 0 R".encode())
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
