"""What kind of file a byte string is, from its content (magic bytes) first and its name second.

Units rename files freely (an .xls that is really HTML, a .docx saved as .doc), so the loader
dispatches on ``detect_format`` rather than on the extension. Only the first bytes, the zip's
member names or the OLE directory are looked at: detection never inflates or parses the file.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PDF_MAGIC = b"%PDF"
# Every format detect_format can answer, for the loader's dispatch table.
FORMATS = ("docx", "xlsx", "zip", "xls", "doc", "encrypted-ooxml", "ole", "pdf", "html", "text", "binary")
_HTML_START = re.compile(rb"\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|table|meta)\b", re.I | re.S)
_HTML_NAMES = (".htm", ".html", ".xhtml", ".mht")
_OLE_HEADER = 512
_OLE_ENTRY = 128
# OLE stream names that say what the compound file holds, first match wins.
_OLE_STREAMS = (("EncryptedPackage", "encrypted-ooxml"), ("Workbook", "xls"), ("Book", "xls"),
                ("WordDocument", "doc"))


def detect_format(data: bytes, name: str = "") -> str:
    """One of FORMATS for ``data``; ``name`` only decides between HTML and plain text."""
    head = data[:8]
    if head.startswith(ZIP_MAGIC):
        return _zip_kind(data)
    if head == OLE_MAGIC:
        return _ole_kind(data)
    if PDF_MAGIC in data[:1024]:  # the format allows a little junk before the header
        return "pdf"
    text_head = _text_head(data)
    if text_head is None:
        return "binary"
    if _HTML_START.match(text_head) or name.lower().endswith(_HTML_NAMES):
        return "html"
    return "text"


def _zip_kind(data: bytes) -> str:
    """docx or xlsx by the main part the archive holds; "zip" for any other (or a damaged) archive."""
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return "zip"  # a truncated office file: its reader says what is wrong with it
    if "word/document.xml" in names or any(n.startswith("word/document") for n in names):
        return "docx"
    if "xl/workbook.xml" in names or any(n.startswith("xl/workbook") for n in names):
        return "xlsx"
    return "zip"


def _ole_kind(data: bytes) -> str:
    """The kind of an OLE compound file by the names in its directory.

    Directory entries are 128 bytes, in sectors that start at 512-byte steps after the 512-byte
    header, with the name in UTF-16 and its byte length (name and NUL) at offset 64. Looking for
    each name at such a position, with that length, is enough to tell the streams apart without
    following the FAT, and text inside the streams cannot pass for a directory entry by chance.
    """
    for stream, kind in _OLE_STREAMS:
        encoded = (stream + "\0").encode("utf-16-le")
        start = data.find(encoded, _OLE_HEADER)
        while start != -1:
            length = data[start + 64:start + 66]
            if (start - _OLE_HEADER) % _OLE_ENTRY == 0 and int.from_bytes(length, "little") == len(encoded):
                return kind
            start = data.find(encoded, start + 2)
    return "ole"


def _text_head(data: bytes) -> bytes | None:
    """The first bytes as ASCII-compatible text (UTF-16 recoded), or None when they are binary."""
    head = data[:4096]
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            return head[2:].decode(encoding, "ignore").encode("utf-8")
    if b"\x00" in head:
        return None
    return head.removeprefix(codecs.BOM_UTF8)
