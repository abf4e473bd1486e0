"""Reader for Word .docx files: every body table → one ``Grid`` in the shape Word gives the table.

The XML is read with lxml directly rather than through python-docx, for two reasons: python-docx's
``table.cell``/``row.cells`` repeat a merged cell at every grid position it covers (so its text would
be counted twice), and walking its proxy objects is several times slower than walking the XML.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from jixiao import settings
from jixiao.ingest.grid import Grid
from jixiao.ingest.readers.errors import ReaderError
from jixiao.ingest.readers.package import main_part, open_package, reading
from jixiao.ingest.readers.shape import CONTINUE, START, RawCell, shape_rows
from jixiao.ingest.safety import parse_xml, read_member

# How many non-blank paragraphs before a table the layout gets to look at for a title and a year.
CAPTION_PARAGRAPHS = 3
_MAIN_PART = "word/document.xml"


def read_docx(data: bytes, path: str) -> list[Grid]:
    """One grid per table in the document body, in document order; nested tables are flattened
    into the text of the cell that holds them."""
    with reading("Word"):
        return _read_document(open_package(data), path)


def _read_document(archive, path: str) -> list[Grid]:
    part = main_part(archive, "officeDocument", _MAIN_PART)
    root = parse_xml(read_member(archive, part), part)
    tags = _Tags(etree.QName(root).namespace or "")
    body = root.find(tags.body)
    if body is None:
        raise ReaderError("文件不是 Word 文档（缺少正文）。", "not a Word document (it has no body).")
    grids: list[Grid] = []
    caption: list[str] = []
    budget = _Budget()
    table = 0
    for block in _blocks(body, tags):
        if block.tag == tags.p:
            text = paragraph_text(block, tags)
            if text.strip():
                caption.append(text)
        else:
            table += 1
            rows = shape_rows(_table_rows(block, tags, table, budget))
            if rows:
                grids.append(Grid(path=path, table=table, rows=rows, caption=tuple(caption[-CAPTION_PARAGRAPHS:])))
            caption = []
    return grids


class _Tags:
    """Qualified tag names in the document's namespace (transitional or strict OOXML)."""

    def __init__(self, ns: str):
        for name in ("body", "p", "tbl", "tr", "tc", "tcPr", "trPr", "gridSpan", "vMerge", "hMerge",
                     "gridBefore", "sdt", "sdtContent", "customXml", "r", "t", "tab", "br", "cr",
                     "noBreakHyphen"):
            setattr(self, name, f"{{{ns}}}{name}")
        self.val = f"{{{ns}}}val"
        self.wrappers = (self.sdt, self.customXml)


class _Budget:
    """Counts the cells read from one file against settings.MAX_CELLS."""

    def __init__(self) -> None:
        self.left = settings.MAX_CELLS

    def spend(self, cells: int) -> None:
        self.left -= cells
        if self.left < 0:
            raise ReaderError(f"文件的单元格超过上限（{settings.MAX_CELLS} 个）。",
                              f"the file has more than {settings.MAX_CELLS} cells, over the limit.")


def _unwrapped(parent: etree._Element, tags: _Tags, wanted: tuple[str, ...]) -> Iterator[etree._Element]:
    """The children of ``parent`` with a tag in ``wanted``, looking through content controls and
    custom-XML wrappers, which Word puts around paragraphs, tables, rows and cells alike."""
    for child in parent:
        if child.tag in wanted:
            yield child
        elif child.tag in tags.wrappers:
            content = child.find(tags.sdtContent) if child.tag == tags.sdt else child
            if content is not None:
                yield from _unwrapped(content, tags, wanted)


def _blocks(body: etree._Element, tags: _Tags) -> Iterator[etree._Element]:
    return _unwrapped(body, tags, (tags.p, tags.tbl))


def paragraph_text(paragraph: etree._Element, tags: _Tags) -> str:
    """The paragraph's text: runs' text, tabs as "\\t", line breaks as "\\n"."""
    parts: list[str] = []
    for node in paragraph.iter(tags.t, tags.tab, tags.br, tags.cr, tags.noBreakHyphen):
        tag = node.tag
        if tag == tags.t:
            parts.append(node.text or "")
        elif node.getparent().tag != tags.r:
            continue  # a w:tab inside w:pPr/w:tabs is a tab stop, not text
        elif tag == tags.tab:
            parts.append("\t")
        elif tag == tags.noBreakHyphen:
            parts.append("-")
        else:
            parts.append("\n")
    return "".join(parts)


def _cell_text(cell: etree._Element, tags: _Tags) -> str:
    lines: list[str] = []
    for block in _unwrapped(cell, tags, (tags.p, tags.tbl)):
        if block.tag == tags.p:
            lines.append(paragraph_text(block, tags))
        else:  # a nested table: keep its text, one line per row, cells apart by a tab
            for row in _unwrapped(block, tags, (tags.tr,)):
                lines.append("\t".join(_cell_text(inner, tags) for inner in _unwrapped(row, tags, (tags.tc,))))
    return "\n".join(lines)


def _int_attribute(element: etree._Element | None, tags: _Tags, default: int) -> int:
    """A w:val number, kept within 1..1000 so a forged span cannot make a row absurdly wide."""
    if element is None:
        return default
    try:
        return min(max(int(element.get(tags.val, default)), 1), 1000)
    except ValueError:
        return default


def _table_rows(table: etree._Element, tags: _Tags, number: int, budget: _Budget) -> list[list[RawCell]]:
    rows: list[list[RawCell]] = []
    for row_number, row in enumerate(_unwrapped(table, tags, (tags.tr,)), start=1):
        properties = row.find(tags.trPr)
        before = properties.find(tags.gridBefore) if properties is not None else None
        column = 1 + (_int_attribute(before, tags, 1) if before is not None else 0)
        cells: list[RawCell] = []
        for cell_number, cell in enumerate(_unwrapped(row, tags, (tags.tc,)), start=1):
            properties = cell.find(tags.tcPr)
            span, merge, joins_left = 1, None, False
            if properties is not None:
                span = _int_attribute(properties.find(tags.gridSpan), tags, 1)
                merge = _vertical_merge(properties.find(tags.vMerge), tags)
                joins_left = _vertical_merge(properties.find(tags.hMerge), tags) == CONTINUE
            if joins_left and cells:  # Word 97's horizontal merge: widen the cell on the left
                cells[-1] = cells[-1]._replace(col_span=cells[-1].col_span + span)
            else:
                text = "" if merge == CONTINUE else _cell_text(cell, tags)
                cells.append(RawCell(text, column, span, merge, f"表{number} 第{row_number}行第{cell_number}格"))
            column += span
        budget.spend(len(cells))
        rows.append(cells)
    return rows


def _vertical_merge(element: etree._Element | None, tags: _Tags) -> str | None:
    if element is None:
        return None
    return START if element.get(tags.val) == "restart" else CONTINUE
