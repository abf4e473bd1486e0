"""A table written out in each text shape: the inverse of ``read_shaped``, for property tests and benchmarks.

The table is rows of cell texts, ``""`` for an empty cell (a merged cell already appears as empty
cells). Each shape writes what the shape can hold: tab dumps and paragraphs keep a cell's line breaks,
the other shapes turn them into spaces; the space-separated and fused shapes drop empty cells, as the
flattened text of real forms does. Tabs in cells become spaces everywhere, and a pipe shape cannot hold
a cell with a bar. With an ``rng`` the writing varies as real text varies (pipe style, indentation,
spaces between chunks, page markers of a preview); without one it is the plain form of each shape.
"""

from __future__ import annotations

import random
from bisect import bisect_left
from collections.abc import Callable, Sequence
from itertools import accumulate

from jixiao.ingest.text.chrome import PAGE_MIN_CHARS
from jixiao.ingest.text.shapes import TextShape

Rows = Sequence[Sequence[str]]
_INDENT = "    "


def render(rows: Rows, shape: TextShape, *, rng: random.Random | None = None, chrome: bool = False) -> str:
    """``rows`` written in ``shape``; with ``chrome``, under a sharing site's banner and metadata."""
    rows = [[cell.replace("\t", " ").replace("\r", "") for cell in row] for row in rows]
    body = _WRITERS[TextShape(shape)](rows, rng)
    return _chrome(rng) + body if chrome else body


def _tab_dump(rows: Rows, rng: random.Random | None) -> str:
    """The founding sample's shape: each cell behind a tab on its own line, an empty line between rows."""
    return "\n\n".join("\n".join("\t" + _dump_cell(cell) for cell in row) for row in rows) + "\n"


def _pipe_rows(rows: Rows, rng: random.Random | None) -> str:
    """One row per line, each cell closed by a bar (``a | b |||``); with an rng, sometimes opened by one too
    (``| a | b |||``) with a markdown rule under the first row."""
    leading = rng is not None and rng.random() < 0.5
    lines = []
    for row in rows:
        body = "".join(f" {_line(cell)} |" if cell else "|" for cell in row)
        lines.append("|" + body if leading else body.lstrip(" "))
    if leading and rng is not None and rows and rng.random() < 0.5:
        lines.insert(1, "|" + "---|" * max(1, len(rows[0])))
    return "\n".join(lines) + "\n"


def _pipe_cells(rows: Rows, rng: random.Random | None) -> str:
    """One cell per line closed by `` |``, an empty cell a bare ``|`` (sample 002)."""
    return "".join(f"{_line(cell)} |\n" if cell else "|\n" for row in rows for cell in row)


def _paragraph_cells(rows: Rows, rng: random.Random | None) -> str:
    """One cell per paragraph, an empty line between cells, an empty cell a line of spaces."""
    cells = (_paragraph(cell) or " " * (rng.randint(1, 4) if rng else 1) for row in rows for cell in row)
    return "\n\n".join(cells) + "\n"


def _spaced_rows(rows: Rows, rng: random.Random | None) -> str:
    """One row per indented line, cells between spaces, empty cells gone; a cell's line break breaks
    its row's line (sample 013)."""
    lines = []
    for row in rows:
        cells = [cell for cell in row if cell.strip()]
        if cells:
            indent = _INDENT + (" " * rng.choice((0, 0, 1, 4, 7)) if rng else "")
            lines.append(indent + _gaps(cells, rng).replace("\n", "\n" + indent))
        elif rng is not None and rng.random() < 0.3:
            lines.append("")
    return "\n".join(lines) + "\n"


def _spaced_flat(rows: Rows, rng: random.Random | None) -> str:
    """The whole table on one line, cells between spaces, empty cells gone (sample 006)."""
    return _gaps([_line(cell) for row in rows for cell in row if cell.strip()], rng) + "\n"


def _fused(rows: Rows, rng: random.Random | None) -> str:
    """The cells run together with no separator, empty cells gone (samples 004, 007, 009); with an rng,
    cut into preview pages behind page markers ``1、`` ``2、`` …, at cell boundaries or inside cells."""
    cells = [_line(cell) for row in rows for cell in row if cell.strip()]
    text = "".join(cells)
    pages = _pages(text, list(accumulate(map(len, cells))), rng) if rng else [text]
    if len(pages) == 1:  # a one-page preview has no marker worth the name
        return text + "\n"
    return "".join(f"{number}、{page}\n" for number, page in enumerate(pages, start=1))


def _pages(text: str, cell_ends: list[int], rng: random.Random) -> list[str]:
    """``text`` in pages of PAGE_MIN_CHARS to twice that (the last may be shorter), cut half the time
    at a cell boundary, when one is in reach, and otherwise anywhere."""
    cuts = [0]
    while len(text) - cuts[-1] > PAGE_MIN_CHARS:
        low, high = cuts[-1] + PAGE_MIN_CHARS, min(cuts[-1] + 2 * PAGE_MIN_CHARS, len(text) - 1)
        cut = rng.randint(low, high)
        boundary = bisect_left(cell_ends, low)
        if rng.random() < 0.5 and boundary < len(cell_ends) and cell_ends[boundary] <= high:
            cut = cell_ends[boundary]
        cuts.append(cut)
    return [text[start:end] for start, end in zip(cuts, [*cuts[1:], len(text)], strict=True)]


def _gaps(cells: list[str], rng: random.Random | None) -> str:
    """``cells`` joined by one space, or with an rng by one to three."""
    if rng is None or not cells:
        return " ".join(cells)
    return cells[0] + "".join(" " * rng.randint(1, 3) + cell for cell in cells[1:])


def _line(cell: str) -> str:
    """A cell on one line: its line breaks become spaces."""
    return cell.replace("\n", " ")


def _dump_cell(cell: str) -> str:
    """A cell of a tab dump: its lines with text only (a blank line would end the row)."""
    return "\n".join(filter(str.strip, cell.split("\n")))


def _paragraph(cell: str) -> str:
    """A cell as one paragraph: its empty lines, which would end it, left out."""
    return "\n".join(filter(None, cell.split("\n")))


def _chrome(rng: random.Random | None) -> str:
    """A sharing site's file name and banner, a page's 发布时间 line and its font and print controls."""
    name = "2020年度项目支出绩效自评表.docx"
    site = rng.choice(("第壹文秘", "淘文阁 - 分享文档赚钱的网站")) if rng else "第壹文秘"
    day = rng.randint(1, 28) if rng else 5
    return (f"{name}\n《{name}》由会员分享,可在线阅读,更多相关《{name}(2页珍藏版)》请在{site}上搜索。\n"
            f"    发布时间:2023-12-{day:02d} 15:04\n    【字体：大 中 小】【打印本页】【关闭窗口】\n\n")


_WRITERS: dict[TextShape, Callable[[Rows, random.Random | None], str]] = {
    TextShape.TAB_DUMP: _tab_dump,
    TextShape.PIPE_ROWS: _pipe_rows,
    TextShape.PIPE_CELLS: _pipe_cells,
    TextShape.PARAGRAPH_CELLS: _paragraph_cells,
    TextShape.SPACED_ROWS: _spaced_rows,
    TextShape.SPACED_FLAT: _spaced_flat,
    TextShape.FUSED: _fused,
}
