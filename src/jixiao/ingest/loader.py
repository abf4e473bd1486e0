"""The loader: a path or text in, forms and reading problems out. It never raises on bad input."""

from __future__ import annotations

import codecs
import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path

from jixiao import settings
from jixiao.ingest.collector import collector_paused
from jixiao.ingest.detect import detect_format
from jixiao.ingest.grid import Grid
from jixiao.ingest.layouts import table
from jixiao.ingest.problems import problem
from jixiao.ingest.readers.errors import ReaderError
from jixiao.ingest.text.shapes import ShapedText, read_shaped
from jixiao.layouts import Detection, detect_layout, get_layout
from jixiao.layouts.detect import forced
from jixiao.model import Finding, Form, Reading, SourceRef

_TEXT_ENCODINGS = ("utf-8-sig", "gb18030")
# Word and Notepad save "Unicode text" as UTF-16 with a byte-order mark; its NUL bytes are not binary.
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


# The reader for each format detect_format names, as (module, function): imported on first use, so
# that reading text dumps never loads pdfplumber, xlrd and the rest (text has its own path: it is
# decoded first). A .doc goes through LibreOffice to .docx (``jixiao.ingest.convert``).
_READERS: dict[str, tuple[str, str]] = {
    "docx": ("jixiao.ingest.readers.docx", "read_docx"), "xlsx": ("jixiao.ingest.readers.xlsx", "read_xlsx"),
    "xls": ("jixiao.ingest.readers.xls", "read_xls"), "doc": ("jixiao.ingest.convert", "read_doc"),
    "html": ("jixiao.ingest.readers.html", "read_html"), "pdf": ("jixiao.ingest.readers.pdf", "read_pdf"),
}


def _reader(kind: str) -> Callable[[bytes, str], list[Grid]]:
    module, function = _READERS[kind]
    return getattr(importlib.import_module(module), function)
# Formats recognised but not readable, with the reason a person is given.
_REFUSED = {
    "encrypted-ooxml": ("文件设有打开密码（已加密），请先在 Word/Excel/WPS 中取消密码再读取。",
                        "the file is password-protected (encrypted); remove the password in Word, Excel or WPS."),
    "ole": ("是旧版 Office 文件，但不是 Word 或 Excel 文档。",
            "an old-style Office file that is neither Word nor Excel."),
    "binary": ("不是可识别的文本文件（可能是二进制文件或未知编码）。",
               "not a text file jixiao can read (binary data or an unknown encoding)."),
}
# A damaged zip keeps its extension as the only hint of what it was meant to be.
_ZIP_BY_EXTENSION = {".docx": "docx", ".xlsx": "xlsx", ".xlsm": "xlsx"}


@dataclass(slots=True)
class LoadResult:
    """What one input gave: its forms, the problems met, and whether it could be read at all."""

    path: str
    forms: list[Form] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    readable: bool = True


class ReadError(ValueError):
    """Raised by ``jixiao.read`` when an input cannot be read at all; carries the R001/R002 finding."""

    def __init__(self, finding: Finding):
        super().__init__(f"{finding.message} / {finding.message_en}")
        self.finding = finding


def load_path(path: str | Path, layout: str | None = None) -> LoadResult:
    """Read every form in the file at ``path``: under ``layout`` when given, else under the layout
    detected for each of its tables."""
    name = str(path)
    try:
        file_path = Path(path)
        if not file_path.is_file():
            return _unreadable(name, "文件不存在或不是普通文件。", "the file does not exist or is not a regular file.")
        size = file_path.stat().st_size
        if size > settings.MAX_INPUT_BYTES:
            limit = settings.MAX_INPUT_BYTES // (1024 * 1024)
            return _unreadable(name, f"文件大小 {size} 字节，超过上限 {limit} MB。",
                               f"the file has {size} bytes, over the {limit} MB limit.")
        data = file_path.read_bytes()
    except OSError as error:
        return _unreadable(name, f"无法打开文件（{error.strerror}）。", f"cannot open the file ({error.strerror}).")
    return load_bytes(data, name, layout)


def load_bytes(data: bytes, name: str, layout: str | None = None) -> LoadResult:
    """Read every form in ``data``; ``name`` is how findings refer to the input."""
    if not data.strip():
        return _unreadable(name, "文件为空。", "the file is empty.")
    kind = detect_format(data, name)
    if kind == "zip":
        kind = _ZIP_BY_EXTENSION.get(Path(name).suffix.lower(), "zip")
    if kind in _READERS:
        return _load_with_reader(_reader(kind), data, name, layout)
    if kind in _REFUSED:
        return _unreadable(name, *_REFUSED[kind])
    if kind == "zip":
        return _unreadable(name, "是 zip 压缩包，但不是 Word（.docx）或 Excel（.xlsx）文件。",
                           "a zip archive that is neither a Word (.docx) nor an Excel (.xlsx) file.")
    if len(data) > settings.MAX_TEXT_BYTES:
        limit = settings.MAX_TEXT_BYTES // (1024 * 1024)
        return _unreadable(name, f"文本文件超过上限 {limit} MB。", f"the text file is over the {limit} MB limit.")
    text = _decode(data)
    if text is None:
        return _unreadable(name, "不是可识别的文本文件（可能是二进制文件或未知编码）。",
                           "not a text file jixiao can read (binary data or an unknown encoding).")
    if not text.strip():
        return _unreadable(name, "文件为空。", "the file is empty.")
    return load_text(text, name, layout)


def load_text(text: str, name: str = "<text>", layout: str | None = None) -> LoadResult:
    """Read every form in ``text``, whatever its shape (a tab dump, pipe tables, flattened text …)."""
    with collector_paused():  # the reader makes a cell tuple per line: no collections while it does
        return _read_text(text, name, layout)


def _read_text(text: str, name: str, layout: str | None) -> LoadResult:
    """``load_text``'s work, in a function of its own so that the shaped text (grids or a stream: a
    tuple per token) is freed when it returns, while the collector is still paused: the collection
    that follows the pause then looks over the forms alone, not over tens of thousands of tokens."""
    shaped = read_shaped(text, name)
    if shaped.grids is not None:
        result = _forms_of(shaped.grids, name, layout, shape=_shape_name(shaped))
    else:
        result = _forms_of_stream(shaped, name, layout)
    if shaped.cleaned.removed and result.forms:
        result.findings.insert(0, _chrome_finding(shaped, name))
    return result


def _shape_name(shaped: ShapedText) -> str:
    # A tab dump is the dump of a real table: its forms read as from a table.
    return "table" if shaped.shape == "tab-dump" else str(shaped.shape)


def _forms_of_stream(shaped: ShapedText, name: str, layout: str | None) -> LoadResult:
    """The forms in a text whose rows are lost, read by the stream reader under the detected layout."""
    from jixiao.ingest.stream.reader import read_stream  # loaded only for messy text

    stream = shaped.stream
    assert stream is not None
    tokens = stream.tokens
    # The texts of a form's tokens or so as a list, which detection sums in C; more as they are read (the
    # sample is the first few thousand characters).
    texts = list(map(_TEXT, tokens)) if len(tokens) <= _LISTED_TOKENS else map(_TEXT, tokens)
    detection = _detection(layout, texts)
    reading = Reading(shape=str(shaped.shape), layout_confidence=detection.confidence,
                      layout_forced=detection.forced)
    result = LoadResult(path=name)
    forms, findings = read_stream(stream, detection.layout, 1, reading=reading)
    result.forms.extend(forms)
    result.findings.extend(findings)
    return _with_r002(result, name)


# A token's text, taken in C (the stream of a one-form text has a few hundred tokens).
_TEXT = attrgetter("text")
_LISTED_TOKENS = 1000


def _chrome_finding(shaped: ShapedText, name: str) -> Finding:
    removed = shaped.cleaned.removed
    more = "…" if len(removed) > 10 else ""
    lines = "、".join(str(item.line) for item in removed[:10]) + more
    lines_en = ", ".join(str(item.line) for item in removed[:10]) + more
    shown = " | ".join(item.text.strip()[:40] for item in removed[:5])
    return problem("R008", f"{name}：读取前去除了 {len(removed)} 处页面杂项（第 {lines} 行）。",
                   f"{name}: {len(removed)} pieces of page chrome were removed before reading (lines {lines_en}).",
                   location=SourceRef(file=name, line=removed[0].line), raw=shown)


def _detection(layout: str | None, texts: Iterable[str]) -> Detection:
    return forced(get_layout(layout)) if layout is not None else detect_layout(texts)


def _load_with_reader(reader: Callable[[bytes, str], list[Grid]], data: bytes, name: str,
                      layout: str | None = None) -> LoadResult:
    """Grids from an office or web ``reader``, then forms; a file it cannot read is one R001."""
    try:
        with collector_paused():
            grids = reader(data, name)
    except ReaderError as error:
        return _unreadable(name, error.message, error.message_en)
    except Exception as error:  # a reader's defect must not stop a batch
        return _unreadable(name, f"读取时出现内部错误（{error!r}），请报告此问题。",
                           f"an internal error occurred while reading ({error!r}); please report it.")
    return _forms_of(grids, name, layout)


def _forms_of(grids: Iterable[Grid], name: str, layout: str | None = None, *, shape: str = "table") -> LoadResult:
    """Every form in ``grids``, each grid under its detected (or the given) layout, numbered on
    across them; R002 when there is none."""
    result = LoadResult(path=name)
    with collector_paused():
        # No name holds a grid once its forms are read, so its cells are freed at once: the
        # collection that follows when the collector is back on looks over the forms alone.
        for grid in grids:
            detection = _detection(layout, _grid_texts(grid))
            reading = Reading(shape=shape, layout_confidence=detection.confidence, layout_forced=detection.forced)
            forms, findings = table.extract_forms(grid, len(result.forms) + 1, detection.layout.name,
                                                  reading=reading)
            result.forms.extend(forms)
            result.findings.extend(findings)
    return _with_r002(result, name)


def _grid_texts(grid: Grid) -> Iterator[str]:
    for row in grid.rows:
        for cell in row:
            yield cell.text


def _with_r002(result: LoadResult, name: str) -> LoadResult:
    if not result.forms:
        result.readable = False
        result.findings.append(problem(
            "R002", f"{name}：未找到项目支出绩效自评表（没有标题行，也没有“项目名称”行）。",
            f"{name}: no self-evaluation form found (no title row and no 项目名称 row).",
            location=SourceRef(file=name)))
    return result


def _decode(data: bytes) -> str | None:
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in data[:65536]:
        return None
    for encoding in _TEXT_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _unreadable(name: str, reason: str, reason_en: str) -> LoadResult:
    finding = problem("R001", f"{name}：{reason}", f"{name}: {reason_en}", location=SourceRef(file=name))
    return LoadResult(path=name, findings=[finding], readable=False)
