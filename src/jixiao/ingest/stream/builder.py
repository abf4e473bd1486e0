"""The machinery every block of a stream-read form is built with: values made from cells, confidence, lost fields.

``ValueBuilder`` holds what building one form shares across its blocks (head, funding, goal, indicators,
total, each a subclass in its own module): the file, the form's index, the text's shape, the layout, and
what was doubted or lost so far. It makes the form's values out of cells, and places a row's values in
their columns.

Every value carries a ``SourceRef`` with the line and the token it came from and the reader's
confidence in it: 1.0 only where the text kept the cell's boundaries (one cell per line), less where a
space may have been inside a cell, where fused cells were split, where an OCR glyph was read as a sign,
or where an order or a name was inferred rather than read. Each section's confidence is its weakest
value's.

What the text has lost is never guessed: the field stays blank, its path is listed, and an R006 finding
names the file, the form, the line and the text that could not be placed.
"""

from __future__ import annotations

from collections.abc import Sequence

from jixiao.ingest.problems import problem
from jixiao.ingest.stream.fit import placing_of
from jixiao.ingest.stream.fused import split_fused
from jixiao.ingest.stream.lexer import CHUNK_SHAPES, Item
from jixiao.ingest.stream.rowparts import Cell
from jixiao.ingest.stream.rows import dewrap
from jixiao.ingest.stream.values import Hints, OcrGlyphs
from jixiao.ingest.stream.vocab import Vocabulary
from jixiao.ingest.stream.walk import Segment
from jixiao.ingest.text import Stream, TextShape
from jixiao.model import Amount, Finding, Measure, MeasureKind, SourceRef, TextValue
from jixiao.model.fields import field_label
from jixiao.model.parse import parse_amount, parse_measure
from jixiao.settings import DOUBTED_BELOW

# Confidence of a section whose values the text partly lost: read, but not whole.
LOST_CONFIDENCE = 0.5
# Confidence of a value joined from several chunks, or found among stray marks (a dash of another cell).
STRAY_CONFIDENCE = 0.8
TOTAL_ONLY = ("weight", "rate", "score")  # funding columns that only the total row fills
FUNDING_PATHS = {"weight": "weight", "rate": "declared_rate", "score": "declared_score"}
# The R006 of indicator rows that cannot be counted on (see sums.count_doubted).
_COUNT_LOST = ("文本未保留表格行，指标行的行界为推断，行数无法确定。",
               "the text kept no table rows: the indicator rows' boundaries were inferred, and their number is not "
               "certain.")
_new = tuple.__new__  # a named tuple from all its fields in order, as the table reader makes them
# The values of a column the row has no cell for (immutable: one of each serves every form).
_NO_TEXT, _NO_AMOUNT, _NO_MEASURE = TextValue(), Amount(), Measure()


class ValueBuilder:
    """What the blocks of one form share while it is built: where it comes from, the values' making, the
    fields lost and the confidence of each section."""

    def __init__(self, stream: Stream, vocab: Vocabulary, index: int, ocr: OcrGlyphs | None, cut_off: bool) -> None:
        self.path, self.shape, self.vocab, self.layout = stream.path, stream.shape, vocab, vocab.layout
        self.index, self.ocr, self.cut_off = index, ocr, cut_off
        self.form_id = f"{stream.path}#{index}"
        self.fused = stream.shape is TextShape.FUSED
        self.chunks = stream.shape in CHUNK_SHAPES
        self.messy = self.fused or self.chunks
        # The unit a bare money figure is in: 元 where the layout's money columns say so (see parse_amount).
        self.money_unit = "元" if self.layout.money_unit == "元" else None
        self.lost: list[tuple[str, Item | None, str]] = []
        self.block_lost: set[str] = set()  # fields of blocks not found: their R003 says so, not an R006 each
        self.confidence: dict[str, float] = {}
        self.findings: list[Finding] = []
        self.rows_guessed = False  # a row boundary of fused text was a guess

    # --- values ----------------------------------------------------------------------------------

    def ref(self, item: Item | None, confidence: float) -> SourceRef:
        # All eight fields in order (tuple.__new__, as the table reader does): a form has about a hundred
        # values. The confidences are this package's constants or minimums of them: no rounding needed.
        if item is None:
            return _new(SourceRef, (self.path, self.index, None, None, None, None, None, confidence))
        return _new(SourceRef, (self.path, self.index, None, None, item.position, item.line, None, confidence))

    def _note(self, section: str, confidence: float) -> None:
        if confidence < self.confidence.get(section, 1.0):
            self.confidence[section] = confidence

    # A cell with no text is a column the reader placed nothing in yet doubts is empty (a value it
    # cut in doubt may belong there): blank, with its source and confidence, so the doubt is shown.
    # text, amount and measure make some seventy values a form: ``ref`` and ``_note`` are spelled out in
    # them (the same tuple, the same comparison), and blanks are made from all their fields in order.

    def text(self, cell: Cell | None, section: str) -> TextValue:
        if cell is None:
            return _NO_TEXT
        raw, item, confidence = cell
        source = _new(SourceRef, (self.path, self.index, None, None, None, None, None, confidence) if item is None
                      else (self.path, self.index, None, None, item.position, item.line, None, confidence))
        if not raw:
            return _new(TextValue, ("", "", source))
        if confidence < self.confidence.get(section, 1.0):
            self.confidence[section] = confidence
        display = " ".join(raw.split())  # clean_text
        if self.messy and " " in display:
            display = dewrap(display)  # a space between Chinese characters here is a wrapped line
        return _new(TextValue, (raw, display, source))

    def amount(self, cell: Cell | None, section: str, *, money: bool = False) -> Amount:
        if cell is None:
            return _NO_AMOUNT
        raw, item, confidence = cell
        source = _new(SourceRef, (self.path, self.index, None, None, None, None, None, confidence) if item is None
                      else (self.path, self.index, None, None, item.position, item.line, None, confidence))
        if not raw:
            return _new(Amount, ("", None, None, source))
        if confidence < self.confidence.get(section, 1.0):
            self.confidence[section] = confidence
        return parse_amount(raw, source, money=money, unit_hint=self.money_unit if money else None)

    def measure(self, cell: Cell | None, section: str) -> Measure:
        if cell is None:
            return _NO_MEASURE
        raw, item, confidence = cell
        source = _new(SourceRef, (self.path, self.index, None, None, None, None, None, confidence) if item is None
                      else (self.path, self.index, None, None, item.position, item.line, None, confidence))
        if not raw:
            return _new(Measure, ("", MeasureKind.EMPTY, None, None, None, None, False, "", source))
        if confidence < self.confidence.get(section, 1.0):
            self.confidence[section] = confidence
        return parse_measure(raw, source)

    # --- what the text lost ----------------------------------------------------------------------

    def lose(self, path: str, section: str, item: Item | None, raw: str = "") -> None:
        """The text lost the value at ``path``: it stays blank, and is listed and reported."""
        self.lost.append((path, item, raw))
        self._note(section, LOST_CONFIDENCE)

    def _report_lost(self) -> None:
        """One R006 per value lost inside a block found (a block not found has its R003)."""
        for path, item, raw in self.lost:
            if path in self.block_lost:
                continue
            line = (f"（第{item.line}行）", f" (line {item.line})") if item is not None else ("", "")
            where = (f"{self.path} 第{self.index}张自评表{line[0]}", f"{self.path}, form {self.index}{line[1]}")
            label, label_en = field_label(path)
            zh, en = _COUNT_LOST if path == "indicators" else (
                f"{label}的值在文本中已无法读取，留空。", f"the value of {label_en} is lost in the text; left blank.")
            self.findings.append(problem(
                "R006", f"{where[0]}：{zh}", f"{where[1]}: {en}", forms=(self.form_id,), field=path,
                location=self.ref(item, LOST_CONFIDENCE), raw=raw or None))

    # --- columns and rows ----------------------------------------------------------------------------

    def _columns(self, segments: Sequence[Segment], group: str, default: Sequence[str]) -> list[str]:
        """The columns in the order the text's headers give, or the layout's when fewer than two were read."""
        seen = list(dict.fromkeys(segment.role.name for segment in segments if segment.role.group == group))
        return seen if len(seen) >= 2 else list(default)

    def _row_cells(self, segment: Segment, columns: Sequence[str], hints: Hints, path: str,
                   cap: float = 1.0) -> dict[str, Cell]:
        """A row's values by column: by position where tokens are cells, fitted where they are chunks,
        split where they are fused; a row whose values cannot be placed is lost. The funding rows and
        the total are such rows (``path`` is ``total`` for the total)."""
        if not (self.fused or self.chunks):
            # One token per cell: the values stand in the columns' order; a row may end early (its last
            # cells merged with the rows below, as a note cell often is).
            return {column: cell_of(item) for column, item in zip(columns, segment.values, strict=False)}
        values = [item for item in segment.values if item.text]
        if not values:
            return {}
        if self.fused:
            split = split_fused("".join(item.text for item in values), columns, hints)
        else:
            split = placing_of([item.text for item in values], columns, hints)
        if split is not None and split.confidence > cap:
            split = split._replace(confidence=cap)
        if split is None:
            raw = " ".join(item.text for item in values)
            for column in columns:
                if path == "total":
                    self.lose(f"declared_total_{column}", "total", values[0], raw)
                elif column in TOTAL_ONLY:  # the total row's weight, rate and score are the block's
                    self.lose(f"funding.{FUNDING_PATHS[column]}", "funding", values[0], raw)
                else:
                    self.lose(f"{path}.{column}", "funding", values[0], raw)
            return {}
        placed = iter(values)
        cells: dict[str, Cell] = {}
        for column, text in zip(columns, split.cells, strict=True):
            if text:
                source = values[0] if self.fused else next(placed)
                cells[column] = _new(Cell, (text, source, min(source.confidence, split.confidence)))
            elif split.confidence < DOUBTED_BELOW:
                cells[column] = Cell("", values[0], split.confidence)  # left empty, in doubt
        return cells


def cell_of(item: Item) -> Cell:
    """An item as a cell, as sure as the item."""
    return _new(Cell, (item.text, item, item.confidence))
