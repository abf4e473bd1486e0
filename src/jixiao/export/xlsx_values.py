"""Cached values for the formulas openpyxl writes: the ``<v>`` beside each ``<f>`` in the sheet XML.

openpyxl saves a formula with an empty value, so a program that reads cached values rather than
calculating (openpyxl with ``data_only=True``, pandas, jixiao's own xlsx reader, file previewers,
the mobile apps) sees blanks. The writer knows what each formula gives (``layout.Formula.value``),
so after openpyxl has saved the workbook this module opens the package, finds each sheet's part
through the workbook's relationships and fills the values in. Excel, WPS and LibreOffice still
recalculate on load (``fullCalcOnLoad``), so a cached value can never outlive an edit.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Mapping
from decimal import Decimal
from functools import partial

from lxml import etree

from jixiao.export.common import rewrite_package

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WORKBOOK = "xl/workbook.xml"

# sheet title → cell reference (``H6``) → the value its formula gives (None: an empty string)
Values = Mapping[str, Mapping[str, Decimal | None]]


def fill_cached_values(package: bytes, values: Values) -> bytes:
    """The workbook ``package`` (xlsx bytes) with ``values`` stored as the formulas' cached results."""
    parts = sheet_parts(zipfile.ZipFile(io.BytesIO(package)))
    edits = {part: partial(_fill_sheet, values=values[title]) for part, title in parts.items() if values.get(title)}
    return rewrite_package(package, edits)


def sheet_parts(package: zipfile.ZipFile) -> dict[str, str]:
    """Part name (``xl/worksheets/sheet1.xml``) → sheet title, as the workbook's relationships say."""
    workbook = etree.fromstring(package.read(WORKBOOK))
    rels = etree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target") for rel in rels.iter(f"{{{RELS}}}Relationship")}
    parts: dict[str, str] = {}
    for sheet in workbook.iter(f"{{{MAIN}}}sheet"):
        target = targets[sheet.get(f"{{{DOC_RELS}}}id")]
        # A target is absolute (``/xl/...``, as openpyxl writes it) or relative to ``xl/``.
        name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
        parts[name] = sheet.get("name")
    return parts


def _fill_sheet(data: bytes, values: Mapping[str, Decimal | None]) -> bytes:
    root = etree.fromstring(data)
    for cell in root.iter(f"{{{MAIN}}}c"):
        if cell.find(f"{{{MAIN}}}f") is None or cell.get("r") not in values:
            continue
        value = values[cell.get("r")]
        cached = cell.find(f"{{{MAIN}}}v")
        if cached is None:
            cached = etree.SubElement(cell, f"{{{MAIN}}}v")
        if value is None:
            # What IFERROR(…, "") gives: an empty string result, typed as one.
            cell.set("t", "str")
            cached.text = ""
        else:
            cell.attrib.pop("t", None)
            cached.text = excel_number(value)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def excel_number(value: Decimal) -> str:
    """A number as Excel stores it: the shortest text of the double it becomes (``0.9666666666666667``)."""
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)
