"""OOXML packages (.docx, .xlsx): opening the zip safely, finding the main part, and turning any
library error into a ``ReaderError``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from jixiao.ingest.detect import OLE_MAGIC, detect_format
from jixiao.ingest.readers.errors import ReaderError
from jixiao.ingest.safety import open_zip, parse_xml, read_member

_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


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
