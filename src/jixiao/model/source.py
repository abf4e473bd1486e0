"""Provenance: where in which file a value was read (来源定位)."""

from __future__ import annotations

from typing import NamedTuple

from jixiao.settings import DOUBTED_BELOW


class SourceRef(NamedTuple):
    """The place a value came from.

    ``row`` and ``column`` are 1-based positions in the reader's grid (table row, cell in the row);
    ``line`` is the 1-based line of a text file where the cell starts, when the format has lines;
    ``anchor`` names the place in an office or web file the way its program does (``Sheet1!C7``,
    ``第2页``), when the format has such names. ``confidence`` (0..1) says how sure the reader is of
    the value read there: None for a value read from a cell of a table (certain as far as the reader
    can tell), a number for one read out of messy text (cells fused, order scrambled, OCR glyphs).
    """

    file: str = ""
    form_index: int | None = None
    table: int | None = None
    row: int | None = None
    column: int | None = None
    line: int | None = None
    anchor: str | None = None
    confidence: float | None = None

    @property
    def doubted(self) -> bool:
        """Whether the reader doubts the value (its confidence is below ``settings.DOUBTED_BELOW``)."""
        return self.confidence is not None and self.confidence < DOUBTED_BELOW

    def describe(self, lang: str = "zh") -> str:
        """A short human location such as ``第3表 第12行 第4列`` / ``table 3, row 12, column 4``."""
        parts: list[str] = []
        if lang == "zh":
            if self.table is not None:
                parts.append(f"第{self.table}表")
            if self.row is not None:
                parts.append(f"第{self.row}行")
            if self.column is not None:
                parts.append(f"第{self.column}列")
            if self.line is not None:
                parts.append(f"(文件第{self.line}行)")
            if self.anchor is not None:
                parts.append(f"({self.anchor})")
            if self.confidence is not None:
                parts.append(f"(读取置信度 {self.confidence:.2f})")
            return " ".join(parts)
        if self.table is not None:
            parts.append(f"table {self.table}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column}")
        if self.line is not None:
            parts.append(f"(line {self.line})")
        if self.anchor is not None:
            parts.append(f"({self.anchor})")
        if self.confidence is not None:
            parts.append(f"(read with confidence {self.confidence:.2f})")
        return ", ".join(parts)
