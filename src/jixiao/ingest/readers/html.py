"""Reader for HTML pages: every innermost <table> becomes a grid, the text just before it its caption.

Government sites publish forms as tables with ``rowspan``/``colspan``, often placed inside a page-
layout table (a wrapper whose cell holds the heading, the form and the footer). A table that
contains another table is taken as layout and only the tables that contain none are read: a form's
cells never hold a table of their own, while a wrapper always does. Text outside the data tables
(including the wrapper's own cells) is the running text from which captions are taken.
"""

from __future__ import annotations

import codecs
import re

import lxml.html
from lxml import etree

from jixiao import settings
from jixiao.ingest.grid import Cell, Grid
from jixiao.ingest.readers.errors import ReaderError

# Caption blocks kept before a table, nearest last: enough for a title, a year and a unit line.
_CAPTION_BLOCKS = 3
# The HTML standard's limit for colspan; rowspan is limited by the table's own length.
_MAX_COLSPAN = 1000
_SPAN_RE = re.compile(r"\s*(\d{1,6})")
# Where a declared charset is looked for (the standard says the first 1024 bytes; pages are sloppy).
_SNIFF_BYTES = 4096
_CHARSET_RE = re.compile(rb"""<(?:meta|\?xml)[^>]*?(?:charset|encoding)\s*=\s*["']?\s*([-\w.:]+)""", re.I)
# GB2312 and GBK are subsets of GB18030, and pages labelled with them often use characters beyond.
_GB_NAMES = {"gb2312", "gbk", "x-gbk", "gb_2312-80", "cp936", "euc-cn", "csgb2312", "gb18030", "hz-gb-2312"}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Elements whose content is never page text.
_INVISIBLE = ("head", "script", "style", "noscript", "template", "object", "iframe", "svg", "math")
# Elements that start a new line of text (a caption block, or a new line inside a cell).
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "br", "caption", "center", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol",
    "p", "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})


def read_html(data: bytes, path: str) -> list[Grid]:
    """Every data table in the page ``data`` as a grid, numbered in page order."""
    root = _parse(_decode(data))
    if root is None:
        return []
    for element in root.xpath("|".join(f"//{name}" for name in _INVISIBLE)):
        element.drop_tree()  # keeps the element's tail, which is page text
    grids: list[Grid] = []
    budget = [settings.MAX_CELLS]
    for number, (table, caption) in enumerate(_tables_with_captions(root), start=1):
        rows = _table_rows(table, number, budget)
        if rows:
            grids.append(Grid(path=path, table=number, rows=rows, caption=caption))
    return grids


def _decode(data: bytes) -> str:
    """The page's text: by its byte-order mark, else its declared charset, else UTF-8, else GB18030."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _try(data, encoding) or _unreadable()
    declared = _declared_encoding(data[:_SNIFF_BYTES])
    for encoding in (declared, "utf-8", "gb18030"):
        text = _try(data, encoding) if encoding else None
        if text is not None:
            return text
    return _unreadable()


def _declared_encoding(head: bytes) -> str | None:
    match = _CHARSET_RE.search(head)
    if not match:
        return None
    name = match.group(1).decode("ascii", "replace").lower()
    if name in _GB_NAMES:
        return "gb18030"
    try:
        return codecs.lookup(name).name
    except LookupError:  # an unknown label: sniff as if none were declared
        return None


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _unreadable() -> str:
    raise ReaderError("不是可识别的网页文件（编码无法识别，可能是二进制文件）。",
                      "not a readable HTML page (unknown encoding, or binary data).")


def _parse(text: str) -> etree._Element | None:
    # Fed as UTF-8 bytes with the encoding stated, so that a <meta charset> or <?xml encoding?> in the
    # page cannot make the parser decode it a second time. No network, no DTD: entities stay text.
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True,
                                  huge_tree=False, default_doctype=False)
    data = text.encode("utf-8", "surrogatepass")
    if not data.strip():
        return None
    try:
        return lxml.html.document_fromstring(data, parser=parser)
    except (etree.LxmlError, ValueError) as error:
        if "empty" in str(error).lower():
            return None
        raise ReaderError("网页结构无法解析。", f"the HTML page cannot be parsed ({error}).") from None


def _is_data_table(element: etree._Element) -> bool:
    return element.tag == "table" and not element.xpath(".//table")


def _tables_with_captions(root: etree._Element) -> list[tuple[etree._Element, tuple[str, ...]]]:
    """Each data table with the last few text blocks between it and the data table before it."""
    found: list[tuple[etree._Element, tuple[str, ...]]] = []
    blocks: list[str] = []
    line: list[str] = []
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        if not isinstance(element.tag, str):
            continue
        if event == "start" and _is_data_table(element):
            _end_block(line, blocks)
            found.append((element, tuple(blocks[-_CAPTION_BLOCKS:])))
            blocks = []
            walker.skip_subtree()  # its end event still comes, and brings the table's tail
            continue
        if element.tag in _BLOCKS:
            _end_block(line, blocks)
        line.append((element.text if event == "start" else element.tail) or "")
    return found


def _end_block(line: list[str], blocks: list[str]) -> None:
    text = " ".join("".join(line).split())
    if text:
        blocks.append(text)
    line.clear()


def _table_rows(table: etree._Element, number: int, budget: list[int]) -> tuple[tuple[Cell, ...], ...]:
    """The table's rows in the Word shape: covered cells stand where a rowspan from above reaches."""
    rows = [[cell for cell in tr if cell.tag in ("td", "th")] for tr in table.xpath("./tr | ./*/tr")]
    below: dict[int, tuple[int, int]] = {}  # start column → (last row covered, width) of merges downwards
    result: list[tuple[Cell, ...]] = []
    for row_number, elements in enumerate(rows, start=1):
        cells: list[Cell] = []
        column = 1
        for element in elements:
            column = _add_covered(cells, below, row_number, column, number, stop_at_gap=True)
            # rowspan="0" reaches to the table's end, as in browsers; no span reaches past it.
            row_span = min(_span(element, "rowspan", len(rows)), len(rows) - row_number + 1)
            col_span = min(_span(element, "colspan", 1), _MAX_COLSPAN)
            cells.append(Cell(cell_text(element), row_number, column, row_span, col_span, element.sourceline,
                              False, f"表{number} 第{row_number}行"))
            if row_span > 1:
                below[column] = (row_number + row_span - 1, col_span)
            column += col_span
        _add_covered(cells, below, row_number, column, number, stop_at_gap=False)
        budget[0] -= len(cells)
        if budget[0] < 0:
            raise ReaderError(f"网页中的单元格超过上限 {settings.MAX_CELLS} 个。",
                              f"the page has more than {settings.MAX_CELLS} cells, over the limit.")
        result.append(tuple(cells))
    return tuple(result)


def _add_covered(cells: list[Cell], below: dict[int, tuple[int, int]], row: int, column: int, table: int, *,
                 stop_at_gap: bool) -> int:
    """Add the covered cells from ``column`` on: up to the first free column, or (at the row's end)
    every one still reaching this row. Returns the next free column."""
    starts = sorted(start for start, (last, _) in below.items() if start >= column and last >= row)
    for start in starts:
        if stop_at_gap and start != column:
            break
        width = below[start][1]
        cells.append(Cell("", row, start, 1, width, None, True, f"表{table} 第{row}行"))
        column = start + width
    return column


def _span(element: etree._Element, name: str, zero: int) -> int:
    """A rowspan/colspan as browsers read it: its leading digits, 1 when absent or unreadable, and
    ``zero`` for 0."""
    match = _SPAN_RE.match(element.get(name) or "")
    if not match:
        return 1
    return int(match.group(1)) or zero


def cell_text(element: etree._Element) -> str:
    """A cell's text: <br> and block elements start new lines, blanks (&nbsp; too) fold to one space."""
    lines: list[str] = []
    line: list[str] = []
    for event, node in etree.iterwalk(element, events=("start", "end")):
        if event == "end" and node is element:
            break  # the cell's own tail is outside the cell
        if isinstance(node.tag, str) and node.tag in _BLOCKS:
            lines.append("".join(line))
            line = []
        line.append((node.text if event == "start" else node.tail) or "")
    lines.append("".join(line))
    folded = (" ".join(text.split()) for text in lines)
    return "\n".join(text for text in folded if text)
