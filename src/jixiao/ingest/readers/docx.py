"""Reader for Word .docx files: every body table → one ``Grid`` in the shape Word gives the table.

The XML is read with lxml directly rather than through python-docx, for two reasons: python-docx's
``table.cell``/``row.cells`` repeat a merged cell at every grid position it covers (so its text would
be counted twice), and walking its proxy objects is several times slower than walking the XML.

This module also owns ``shape_rows``, the one place that turns rows of raw cells (with their
horizontal span and whether they start or continue a vertical merge) into the Word-shaped rows of
``Grid``: the spreadsheet readers describe their merged ranges in the same terms and call it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import NamedTuple

from lxml import etree

from jixiao import settings
from jixiao.ingest.detect import OLE_MAGIC, detect_format
from jixiao.ingest.grid import Cell, Grid
from jixiao.ingest.readers.errors import ReaderError
from jixiao.ingest.safety import open_zip, parse_xml, read_member

# How many non-blank paragraphs before a table the layout gets to look at for a title and a year.
CAPTION_PARAGRAPHS = 3
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_MAIN_PART = "word/document.xml"
START, CONTINUE = "start", "continue"


class RawCell(NamedTuple):
    """A cell as a file states it, before rows are numbered: ``merge`` is START for the top of a
    vertical merge, CONTINUE for a position covered by one, None otherwise."""

    text: str
    column: int
    col_span: int
    merge: str | None
    anchor: str | None


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


def open_package(data: bytes):
    """The zip archive of an OOXML file; a password-protected one (an OLE file holding an
    EncryptedPackage) is named as such rather than called damaged."""
    if data[:8] == OLE_MAGIC:
        if detect_format(data) == "encrypted-ooxml":
            raise ReaderError("文件设有密码（已加密），请在 Office 或 WPS 中取消密码后再读取。",
                              "the file is password-protected (encrypted); remove the password in Office or WPS first.")
        raise ReaderError("文件是旧版 Office 格式（.doc/.xls），不是 .docx/.xlsx；请另存为新格式。",
                          "the file is in the old Office format (.doc/.xls), not .docx/.xlsx; save it anew.")
    return open_zip(data)


@contextmanager
def reading(kind: str) -> Iterator[None]:
    """Let ReaderError through and turn anything else a library raises into one, so that no input,
    however malformed, escapes a reader as another exception."""
    try:
        yield
    except ReaderError:
        raise
    except (RecursionError, MemoryError):
        raise ReaderError("文件结构过深或过大，无法读取。",
                          "the file is nested too deeply or is too large to read.") from None
    except Exception as error:
        raise ReaderError(f"{kind} 文件内容不符合格式，无法读取。",
                          f"the {kind} file is malformed ({type(error).__name__}: {error}).") from None


def main_part(archive, relation: str, fallback: str) -> str:
    """The package's main part (``word/document.xml``, ``xl/workbook.xml``) as ``_rels/.rels`` names
    it: a few producers name it differently, and the relationship is what Office itself follows."""
    try:
        rels = parse_xml(read_member(archive, "_rels/.rels"), "_rels/.rels")
    except ReaderError:
        return fallback
    for rel in rels.iter(f"{{{_REL_NS}}}Relationship"):
        if rel.get("Type", "").endswith("/" + relation):
            target = rel.get("Target", "").lstrip("/")
            if target in archive.namelist():
                return target
    return fallback


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


def shape_rows(raw_rows: Sequence[Sequence[RawCell]]) -> tuple[tuple[Cell, ...], ...]:
    """Word-shaped grid rows from raw rows.

    Rows whose every cell is blank are dropped (as the text reader drops them, so that a form reads
    to the same grid from a dump and from its file), unless a vertical merge starts in them. A
    CONTINUE cell under an open merge becomes a ``covered`` cell and lengthens the origin's
    ``row_span``; one with no merge open above it is an ordinary cell.
    """
    rows: list[list[Cell]] = []
    spans: dict[tuple[int, int], int] = {}  # (row index, cell index) of a merge's origin → rows spanned
    open_merges: dict[int, tuple[int, int]] = {}  # grid column → origin of the merge open there
    for raw in raw_rows:
        if not any(cell.merge == START or cell.text.strip() for cell in raw):
            continue
        number = len(rows) + 1
        cells: list[Cell] = []
        for cell in raw:
            origin = open_merges.get(cell.column) if cell.merge == CONTINUE else None
            if origin is not None:
                spans[origin] += 1
                cells.append(Cell("", number, cell.column, 1, cell.col_span, None, True, cell.anchor))
                continue
            if cell.merge == START:
                open_merges[cell.column] = (number - 1, len(cells))
                spans[(number - 1, len(cells))] = 1
            else:
                open_merges.pop(cell.column, None)
            cells.append(Cell(cell.text, number, cell.column, 1, cell.col_span, None, False, cell.anchor))
        rows.append(cells)
    for (row, index), span in spans.items():
        if span > 1:
            rows[row][index] = rows[row][index]._replace(row_span=span)
    return tuple(map(tuple, rows))
