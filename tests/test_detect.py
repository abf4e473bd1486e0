"""detect_format: the kind of a file from its bytes, whatever its name says."""

from __future__ import annotations

import codecs
import random

import pytest

from jixiao.ingest.detect import FORMATS, detect_format
from office_fixtures import SAMPLE, encrypted_ooxml, founding_docx, founding_xlsx


@pytest.mark.parametrize(("data", "name", "expected"), [
    (founding_docx(), "form.xls", "docx"),  # the content wins over a wrong extension
    (founding_xlsx(), "form.docx", "xlsx"),
    (encrypted_ooxml(), "form.docx", "encrypted-ooxml"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "form.pdf", "pdf"),
    (codecs.BOM_UTF8 + b"  \n<!DOCTYPE html><html><body><table>", "page.xls", "html"),
    (b"<table border=1><tr><td>\xcf\xee\xc4\xbf</td></tr></table>", "form.xls", "html"),  # GBK, saved as .xls
    (codecs.BOM_UTF16_LE + "<html><body>".encode("utf-16-le"), "page", "html"),
    ("项目名称 只有文字".encode(), "page.htm", "html"),  # text named .htm is HTML
    (SAMPLE.read_bytes(), "sample.txt", "text"),
    ("项目".encode("utf-16"), "dump.txt", "text"),  # UTF-16 text has NULs but is not binary
    (b"\x00\x01\x02binary", "x.docx", "binary"),
    (b"PK\x03\x04" + bytes(100), "cut.docx", "zip"),  # a truncated archive: its reader explains
])
def test_detect_format(data, name, expected):
    assert detect_format(data, name) == expected


def _ole(stream: str) -> bytes:
    data = bytearray(encrypted_ooxml())
    for offset in (512 + 128, 512 + 256):  # rename the two streams after Root Entry
        encoded = (stream + "\0").encode("utf-16-le")
        data[offset:offset + 64] = encoded.ljust(64, b"\0")
        data[offset + 64:offset + 66] = len(encoded).to_bytes(2, "little")
    return bytes(data)


@pytest.mark.parametrize(("stream", "expected"), [
    ("Workbook", "xls"), ("Book", "xls"), ("WordDocument", "doc"), ("PowerPoint Document", "ole")])
def test_ole_kinds(stream, expected):
    assert detect_format(_ole(stream), "x") == expected


def test_a_name_inside_a_stream_is_not_a_directory_entry():
    data = bytearray(_ole("WordDocument"))
    data += bytes(5) + "Workbook\0".encode("utf-16-le")  # text in a stream, off the 128-byte grid
    assert detect_format(bytes(data), "x.doc") == "doc"


def test_any_bytes_give_a_known_format():
    chance = random.Random(5)
    for size in (0, 1, 7, 8, 600, 5000):
        assert detect_format(chance.randbytes(size), "x") in FORMATS
    assert detect_format(b"", "") in FORMATS
