"""Reading forms out of text whose rows are lost: the stream reader, sibling of the table reader.

``read_stream`` lexes a ``Stream`` into labels and values (``lexer``), walks them into one draft per
form (``walk``), and builds each form from its draft: the head, the funding rows (their values placed
per column: by position where each token is a cell, fitted where tokens are chunks between spaces,
split where cells are fused), the goal, the indicator rows (``rows``) and the total.

Every value carries a ``SourceRef`` with the line and the token it came from and the reader's
confidence in it: 1.0 only where the text kept the cell's boundaries (one cell per line), less where a
space may have been inside a cell, where fused cells were split, where an OCR glyph was read as a sign,
or where an order or a name was inferred rather than read.

What the text has lost is never guessed: the field stays blank, its path is listed in
``Reading.unreadable``, and an R006 finding names the file, the form, the line and the text that could
not be placed. A block not found at all is an R003, as in the table reader, and its fields are listed
too: in text without rows a block not found may have been lost rather than left out. The form's
confidence is its weakest section's; below ``settings.LOW_FORM_CONFIDENCE`` it is reported (R007).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from typing import NamedTuple

from jixiao.ingest.problems import field_label, missing_sections, problem
from jixiao.ingest.stream.fit import fit_cells
from jixiao.ingest.stream.fused import split_fused
from jixiao.ingest.stream.fusedrows import fused_rows, joined_runs
from jixiao.ingest.stream.lexer import CHUNK_SHAPES, Item, lex
from jixiao.ingest.stream.rows import (
    SCRAMBLED_CONFIDENCE,
    Cell,
    Row,
    cell_rows,
    chunk_rows,
    dewrap,
    is_value,
)
from jixiao.ingest.stream.sums import count_doubted, summed
from jixiao.ingest.stream.values import BLANK_SET, MONEY, Hints, OcrGlyphs, money_value
from jixiao.ingest.stream.vocab import Vocabulary, vocabulary
from jixiao.ingest.stream.walk import Draft, Group, Segment, Walk, level_groups
from jixiao.ingest.text import Stream, TextShape
from jixiao.layouts import Layout
from jixiao.model import (
    Amount,
    Finding,
    Form,
    FormSource,
    Funding,
    FundingRow,
    FundKind,
    Goal,
    Indicator,
    Measure,
    Reading,
    SourceRef,
    TextValue,
)
from jixiao.model.parse import clean_text, fold, parse_amount, parse_measure
from jixiao.settings import DOUBTED_BELOW

# Confidence of a section whose values the text partly lost: read, but not whole.
LOST_CONFIDENCE = 0.5
# Confidence of a lone total placed by the sum it equals (the indicators' and the funding's scores).
SUM_CONFIDENCE = 0.8
# Confidence of a goal split at its repeated phrase (年初设定目标 and 完成情况 run together).
REPEATED_PHRASE_CONFIDENCE = 0.8
# Confidence of a value joined from several chunks, or found among stray marks (a dash of another cell).
STRAY_CONFIDENCE = 0.8
# Confidence of level names inferred from the layout rather than read: a level-1 class from its
# level-2 name, a level-2 name from the order of the layout's names.
LEVEL1_INFERRED = 0.7
LEVEL2_INFERRED = 0.5
# A label read at least this surely is taken as written, whatever its level-2 names suggest.
CERTAIN_LABEL = 0.9
# A phrase repeated at a goal's end must be this long, and this share of the whole, to split it there;
# a goal run longer than MAX_GOAL_CHARS is not searched for one.
MIN_REPEATED_CHARS = 6
MIN_REPEATED_SHARE = 0.15
MAX_GOAL_CHARS = 4000

_YEAR = re.compile(r"(\d{4})年度?")
# A grade after the total (评价等次 优), its word optional, and the word alone.
_GRADE = re.compile(r"(?:(?:评价等次|评价等级|自评等级|等次|等级):?)?(?P<grade>优秀|良好|优|良|中|差)$")
_GRADE_WORD = re.compile(r"(?:评价等次|评价等级|自评等级|等次|等级):?")
_WORDED_GRADE = re.compile(r"(?:评价等次|评价等级|自评等级|等次|等级):?(?P<grade>优秀|良好|优|良|中|差)")
_MONEY_ORDER = ("initial_budget", "full_year_budget", "executed")
_TOTAL_ONLY = ("weight", "rate", "score")  # funding columns that only the total row fills
_FUNDING_PATHS = {"weight": "weight", "rate": "declared_rate", "score": "declared_score"}
_INDICATOR_PATHS = {"score": "declared_score", "note": "deviation_note"}
_MESSY = CHUNK_SHAPES | {TextShape.FUSED}
# The R006 of indicator rows that cannot be counted on (see sums.count_doubted).
_COUNT_LOST = ("文本未保留表格行，指标行的行界为推断，行数无法确定。",
               "the text kept no table rows: the indicator rows' boundaries were inferred, and their number is not "
               "certain.")
_new = tuple.__new__  # a named tuple from all its fields in order, as the table reader makes them


def read_stream(stream: Stream, layout: Layout, first_index: int = 1, *,
                reading: Reading | None = None) -> tuple[list[Form], list[Finding]]:
    """Every form in ``stream`` read under ``layout``, numbered from ``first_index``, and the problems
    met. ``reading`` (the shape and the layout's detection) is recorded on every form, with the
    reader's confidence in it and the fields the text lost."""
    reading = reading if reading is not None else Reading(shape=str(stream.shape))
    vocab = vocabulary(layout)
    drafts = Walk(stream.shape is TextShape.FUSED).run(lex(stream, vocab))
    text = "\n".join(token.text for token in stream.tokens) if stream.shape in _MESSY else ""
    ocr = OcrGlyphs.detect(text) if text else None
    forms: list[Form] = []
    findings: list[Finding] = []
    for offset, draft in enumerate(drafts):
        cut_off = offset == len(drafts) - 1 and "total" not in draft.seen  # the text ends inside this form
        builder = _FormBuilder(stream, vocab, first_index + offset, ocr, cut_off)
        forms.append(builder.build(draft, reading))
        findings.extend(builder.findings)
    return forms, findings


# The indicator columns that are no value of a row: its levels and its name.
_NAME_COLUMNS = frozenset({"level1", "level2", "name"})


class _Level(NamedTuple):
    """A level name as read or inferred, the label it came from, and the confidence in it."""

    name: str
    item: Item | None
    confidence: float


class _FormBuilder:
    """Builds one form from its draft; collects the fields lost and the confidence of each section."""

    def __init__(self, stream: Stream, vocab: Vocabulary, index: int, ocr: OcrGlyphs | None, cut_off: bool) -> None:
        self.path, self.shape, self.vocab, self.layout = stream.path, stream.shape, vocab, vocab.layout
        self.index, self.ocr, self.cut_off = index, ocr, cut_off
        self.form_id = f"{stream.path}#{index}"
        self.fused = stream.shape is TextShape.FUSED
        self.chunks = stream.shape in CHUNK_SHAPES
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

    def text(self, cell: Cell | None, section: str) -> TextValue:
        if cell is None or not cell.text:
            return TextValue() if cell is None else _new(TextValue, ("", "", self.ref(cell.item, cell.confidence)))
        self._note(section, cell.confidence)
        display = clean_text(cell.text)
        if (self.fused or self.chunks) and " " in display:
            display = dewrap(display)  # a space between Chinese characters here is a wrapped line
        return _new(TextValue, (cell.text, display, self.ref(cell.item, cell.confidence)))

    def amount(self, cell: Cell | None, section: str, *, money: bool = False) -> Amount:
        if cell is None or not cell.text:
            return Amount() if cell is None else Amount(source=self.ref(cell.item, cell.confidence))
        self._note(section, cell.confidence)
        unit = "元" if money and self.layout.money_unit == "元" else None
        return parse_amount(cell.text, self.ref(cell.item, cell.confidence), money=money, unit_hint=unit)

    def measure(self, cell: Cell | None, section: str) -> Measure:
        if cell is None or not cell.text:
            return Measure() if cell is None else Measure(source=self.ref(cell.item, cell.confidence))
        self._note(section, cell.confidence)
        return parse_measure(cell.text, self.ref(cell.item, cell.confidence))

    def lose(self, path: str, section: str, item: Item | None, raw: str = "") -> None:
        """The text lost the value at ``path``: it stays blank, and is listed and reported."""
        self.lost.append((path, item, raw))
        self._note(section, LOST_CONFIDENCE)

    # --- the form ----------------------------------------------------------------------------------

    def build(self, draft: Draft, reading: Reading) -> Form:
        values: dict[str, object] = self._head(draft)
        if draft.funding:
            values["funding"] = self._funding(draft.funding)
        if draft.goal:
            values["goal"] = self._goal(draft.goal)
        if "indicators" in draft.seen:
            values["indicators"] = self._indicators(draft.indicators)
        total = next((segment for segment in draft.total if segment.role.name == "total"), None)
        if total is not None:
            values.update(self._total(total, values))
        cut = self.cut_off and "total" in self.layout.required_sections  # rows lost, and said so (R003)
        if (self.fused or self.chunks) and "indicators" in values and not cut:
            self._check_count(draft, values)
        missing = self._missing(draft)
        self._report_lost()
        weakest = min((value for section, value in self.confidence.items() if section != "title"), default=1.0)
        confidence = min(reading.confidence, round(weakest, 2))
        reading = replace(reading, confidence=confidence, unreadable=tuple(path for path, _, _ in self.lost))
        if reading.low_confidence:
            self.findings.append(problem(
                "R007", f"{self.form_id}：自评表读自{self.shape}文本，读取置信度 {confidence:.2f}，部分数值存疑。",
                f"{self.form_id}: read from {self.shape} text with confidence {confidence:.2f}; "
                "some values are doubted.", forms=(self.form_id,), location=self.ref(None, confidence)))
        source = FormSource(self.path, self.index, draft.first_line, draft.last_line)
        return Form(id=self.form_id, source=source, layout=self.layout.name, missing_sections=missing,
                    reading=reading, **values)

    def _check_count(self, draft: Draft, values: dict[str, object]) -> None:
        """Rows of text without rows whose number the figures do not bear out, or that rest on a guessed row
        boundary, are not counted on: ``indicators`` is listed as lost (R006), whatever each row says."""
        points = {segment.label.hit.roles[0].name: segment.label.hit.points for segment in draft.indicators
                  if segment.role.group == "level1" and segment.label.hit and segment.label.hit.points is not None}
        indicators: tuple[Indicator, ...] = values["indicators"]  # type: ignore[assignment]
        if self.rows_guessed or count_doubted(
                indicators, self.layout, class_points=tuple(points.values()),
                total_weight=values.get("declared_total_weight", Amount()),  # type: ignore[arg-type]
                total_score=values.get("declared_total_score", Amount()),  # type: ignore[arg-type]
                funding=values.get("funding", Funding())):  # type: ignore[arg-type]
            self.lose("indicators", "indicators", next((segment.label for segment in draft.indicators), None))

    def _missing(self, draft: Draft) -> tuple[str, ...]:
        missing = tuple(name for name in self.layout.required_sections if name not in draft.seen)
        for name in missing:
            for path in self._block_paths(name):
                self.lose(path, name, None)
                self.block_lost.add(path)
        if missing:
            self.findings.append(missing_sections(self.form_id, self.path, self.index, missing))
        return missing

    def _block_paths(self, name: str) -> tuple[str, ...]:
        """The fields of a block, as listed when the block is not found."""
        if name == "goal":
            return "goal.expected", "goal.achieved"
        if name == "total":
            weighted = self.layout.scoring.weighted
            return ("declared_total_weight", "declared_total_score") if weighted else ("declared_total_score",)
        return (name,)

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

    # --- head ------------------------------------------------------------------------------------

    def _head(self, draft: Draft) -> dict[str, object]:
        values: dict[str, object] = {}
        for segment in draft.head:
            group, name = segment.role
            if group == "title":
                # The title is no block of the form: its doubt does not make the form's.
                values.setdefault("title", self.text(_cell_of(segment.label), "title"))
                if "year" not in values:
                    values.update(self._year(segment))
            elif name in ("project_name", "competent_department", "implementing_unit") and name not in values:
                values[name] = self.text(self._joined(segment.values), "head")
        return values

    def _year(self, segment: Segment) -> dict[str, object]:
        for item in (segment.label, *segment.values):
            match = _YEAR.search(fold(item.text))
            if match:
                return {"year": int(match.group(1)), "year_text": self.text(_cell_of(item), "title")}
        return {}

    def _joined(self, items: Sequence[Item]) -> Cell | None:
        """One value from the items after a label: a single item as it is; several (a value with
        spaces, or stray cells) joined with a space, doubted a little."""
        filled = [item for item in items if item.text]
        if len(filled) <= 1:
            return _cell_of(filled[0]) if filled else None
        confidence = min(min(item.confidence for item in filled), STRAY_CONFIDENCE)
        return Cell(" ".join(item.text for item in filled), filled[0], confidence)

    def _columns(self, segments: Sequence[Segment], group: str, default: Sequence[str]) -> list[str]:
        """The columns in the order the text's headers give, or the layout's when fewer than two were read."""
        seen = list(dict.fromkeys(segment.role.name for segment in segments if segment.role.group == group))
        return seen if len(seen) >= 2 else list(default)

    # --- funding ---------------------------------------------------------------------------------

    def _funding(self, segments: list[Segment]) -> Funding:
        columns = self._columns(segments, "fund_col", self.layout.funding_columns.order)
        section = next((segment.label for segment in segments if segment.role.group == "section"), None)
        points = section.hit.points if section is not None and section.hit is not None else None
        rows = [segment for segment in segments if segment.role.group == "fund_row"]
        # Values under a header or the block's label rather than after a row label: the block was read
        # out of order.
        strays = [item for segment in segments if segment.role.group != "fund_row" for item in segment.values
                  if item.text and item.text not in BLANK_SET and (item.fused or is_value(item.text))]
        if strays:
            return self._scrambled_funding(rows, strays, columns)
        hints = Hints(weight=points, weighted=self.layout.scoring.weighted, rest_allowed=True)
        funding_rows: list[FundingRow] = []
        weight = rate = score = Amount()
        totals: tuple[tuple[str, Decimal], ...] = ()
        total_confidence = 1.0
        for position, segment in enumerate(rows):
            kind = FundKind(segment.role.name)
            # A 其中 row's weight and score cells are empty (or a dash): only the total row scores.
            row_hints = hints._replace(totals=totals, blank_only=() if kind is FundKind.TOTAL else ("weight", "score"))
            # A 其中 row is split against the total: no surer than the total's split.
            cells = self._row_cells(segment, columns, row_hints, f"funding.rows[{position}]", cap=total_confidence)
            money = [self.amount(cells.get(name), "funding", money=True) for name in _MONEY_ORDER]
            funding_rows.append(FundingRow(self.text(_cell_of(segment.label), "funding"), kind, *money))
            if kind is FundKind.TOTAL:
                weight, rate, score = (self.amount(cells.get(name), "funding") for name in _TOTAL_ONLY)
                # As written (in the form's unit, 元 or 万元), as the 其中 rows are split against them.
                written = ((name, money_value(cells[name].text)) for name in _MONEY_ORDER if name in cells)
                totals = tuple((name, value) for name, value in written if value is not None)
                total_confidence = min((cells[name].confidence for name in _MONEY_ORDER if name in cells), default=1.0)
        # A weight written only in the block's header (预算执行情况(20分)) stays out of Funding.weight, as in
        # the table reader: the layout's scoring knows it; it serves above as a hint for the score.
        return Funding(tuple(funding_rows), weight, rate, score)

    def _row_cells(self, segment: Segment, columns: Sequence[str], hints: Hints, path: str,
                   cap: float = 1.0) -> dict[str, Cell]:
        """A row's values by column: by position where tokens are cells, fitted where they are chunks,
        split where they are fused; a row whose values cannot be placed is lost."""
        if not (self.fused or self.chunks):
            # One token per cell: the values stand in the columns' order; a row may end early (its last
            # cells merged with the rows below, as a note cell often is).
            return {column: _cell_of(item) for column, item in zip(columns, segment.values, strict=False)}
        values = [item for item in segment.values if item.text]
        if not values:
            return {}
        if self.fused:
            split = split_fused("".join(item.text for item in values), columns, hints)
        else:
            split = fit_cells([item.text for item in values], columns, hints)
        if split is not None and split.confidence > cap:
            split = split._replace(confidence=cap)
        if split is None:
            raw = " ".join(item.text for item in values)
            for column in columns:
                if path == "total":
                    self.lose(f"declared_total_{column}", "total", values[0], raw)
                elif column in _TOTAL_ONLY:  # the total row's weight, rate and score are the block's
                    self.lose(f"funding.{_FUNDING_PATHS[column]}", "funding", values[0], raw)
                else:
                    self.lose(f"{path}.{column}", "funding", values[0], raw)
            return {}
        placed = iter(values)
        cells: dict[str, Cell] = {}
        for column, text in zip(columns, split.cells, strict=True):
            if text:
                source = values[0] if self.fused else next(placed)
                cells[column] = Cell(text, source, min(source.confidence, split.confidence))
            elif split.confidence < DOUBTED_BELOW:
                cells[column] = Cell("", values[0], split.confidence)  # left empty, in doubt
        return cells

    def _scrambled_funding(self, rows: list[Segment], strays: list[Item], columns: Sequence[str]) -> Funding:
        """A funding block read out of order (values before their rows, rows without values): no budget
        can be placed, and each is lost; the total row's weight, rate and score are kept when exactly
        one run of the values reads as such a triple."""
        pool = [*strays, *(item for segment in rows for item in segment.values
                           if item.text and item.text not in BLANK_SET)]
        raw = " ".join(item.text for item in pool)
        funding_rows = []
        for position, segment in enumerate(rows):
            for column in columns:
                if column in MONEY:
                    self.lose(f"funding.rows[{position}].{column}", "funding", segment.label, raw)
            funding_rows.append(FundingRow(self.text(_cell_of(segment.label), "funding"), FundKind(segment.role.name)))
        triple = _scoring_triple(pool)
        if triple is None:
            for column in _TOTAL_ONLY:
                if column in columns:
                    self.lose(f"funding.{_FUNDING_PATHS[column]}", "funding", pool[0], raw)
            return Funding(tuple(funding_rows))
        weight, rate, score = (self.amount(Cell(item.text, item, SCRAMBLED_CONFIDENCE), "funding") for item in triple)
        return Funding(tuple(funding_rows), weight, rate, score)

    # --- goal --------------------------------------------------------------------------------------

    def _goal(self, segments: list[Segment]) -> Goal:
        order = self._columns(segments, "goal_col", self.layout.goal_columns.order)
        first_header = next((at for at, segment in enumerate(segments) if segment.role.group == "goal_col"), 0)
        cells = self._goal_cells([item for segment in segments[first_header:] for item in segment.values], order)
        return Goal(self.text(cells.get("expected"), "goal"), self.text(cells.get("achieved"), "goal"))

    def _goal_cells(self, items: list[Item], order: Sequence[str]) -> dict[str, Cell]:
        """The goal's cells: by position where tokens are cells; where they are chunks, the two texts
        among them (stray dashes aside); else the run split at its repeated phrase, or lost."""
        if not (self.fused or self.chunks):
            # Cells in order; an empty cell before them that a table left for its label column is no
            # goal cell (as many such as there are cells beyond the goal's).
            surplus = len(items) - len(order)
            while surplus > 0 and items and not items[0].text:
                items, surplus = items[1:], surplus - 1
            return {name: _cell_of(item) for name, item in zip(order, items, strict=False)}
        filled = [item for item in items if item.text]
        if self.chunks:
            texts = [item for item in filled if item.text not in BLANK_SET]
            confidence = STRAY_CONFIDENCE if len(texts) < len(filled) else 1.0
            if len(texts) == len(order):
                return {name: Cell(item.text, item, min(item.confidence, confidence))
                        for name, item in zip(order, texts, strict=True)}
            filled = texts
        if not filled:
            return {}
        run = ("" if self.fused else " ").join(item.text for item in filled)
        halves = split_repeated(run) if len(order) == 2 else None
        if halves is None:
            for name in order:
                self.lose(f"goal.{name}", "goal", filled[0], run)
            return {}
        confidence = min(filled[0].confidence, REPEATED_PHRASE_CONFIDENCE)
        return {name: Cell(half, filled[0], confidence) for name, half in zip(order, halves, strict=True)}

    # --- indicators --------------------------------------------------------------------------------

    def _indicators(self, segments: list[Segment]) -> tuple[Indicator, ...]:
        order = self._columns(segments, "ind_col", self.layout.indicator_columns.order)
        columns = [column for column in order if column not in _NAME_COLUMNS]
        if len(columns) < 2:  # the headers read were the level and name columns': the values' are the layout's
            columns = [column for column in self.layout.indicator_columns.order if column not in _NAME_COLUMNS]
        hints = Hints(weighted=self.layout.scoring.weighted, ocr=self.ocr)
        groups = level_groups(segments)
        built: list[Indicator] = []
        for position, (level1, level2, items) in enumerate(groups):
            rows = self._rows(items, columns, hints, cut_off=self.cut_off and position == len(groups) - 1)
            self.rows_guessed = self.rows_guessed or any(row.guessed for row in rows)
            if rows:
                levels = self._level_values(*self._levels(level1, level2, groups, position))
                for row in rows:
                    self._add_row(row, levels, built)
        return tuple(built)

    def _rows(self, items: list[Item], columns: list[str], hints: Hints, *, cut_off: bool) -> list[Row]:
        if not items:
            return []
        if self.fused:
            runs = joined_runs(items)
            return [row for run in runs
                    for row in fused_rows(run.text, run, columns, hints, cut_off=cut_off and run is runs[-1])]
        if self.chunks:
            return chunk_rows(items, columns, hints, rows_by_line=self.shape is TextShape.SPACED_ROWS, cut_off=cut_off)
        return cell_rows(items, columns)

    def _levels(self, level1: Item | None, level2: Item | None, groups: list[Group], position: int
                ) -> tuple[_Level, _Level]:
        """The level-1 and level-2 names of a group: as written, or inferred from the layout where the
        text lost them (a level-2 name tells its level-1 class), or blank where nothing tells."""
        if level2 is not None:
            second = _Level(_level_name(level2), level2, level2.confidence)
        else:
            inferred = self._level2_before_next(groups, position)
            second = _Level(inferred, None, LEVEL2_INFERRED if inferred else 0.0)
        first = _Level(_level_name(level1), level1, level1.confidence if level1 is not None else 0.0)
        mapped = self.vocab.level1_of_level2.get(second.name, "")
        if first.name and (not mapped or mapped == first.name or first.confidence >= CERTAIN_LABEL):
            return first, second
        if mapped:
            # A scrambled level-1 label that disagrees with its level-2 name yields to it, doubted.
            confidence = min(LEVEL1_INFERRED, second.confidence) if not first.name else LOST_CONFIDENCE
            return _Level(mapped, level1, confidence), second
        points = level1.hit.points if level1 is not None and level1.hit is not None else None
        by_points = [name for name, weight in self.layout.scoring.level1_weights if weight == points]
        if len(by_points) == 1:  # (50分) and the layout's 产出 = 50
            return _Level(_full_level1(by_points[0], self.layout), level1, LEVEL2_INFERRED), second
        return first, second

    def _level2_before_next(self, groups: list[Group], position: int) -> str:
        """The level-2 name before the next one written, in the layout's order, when both are of one
        level-1 class: the class of rows before the first level-2 label of a block that lost its labels."""
        names, classes = self.layout.level2_names, self.vocab.level1_of_level2
        for _, level2, _ in groups[position + 1:]:
            if level2 is not None:
                name = _level_name(level2)
                at = names.index(name) if name in names else -1
                return names[at - 1] if at > 0 and classes.get(names[at - 1]) == classes.get(name) else ""
        return ""

    def _level_values(self, level1: _Level, level2: _Level) -> tuple[TextValue, TextValue]:
        """The level names of a group as values, made once for all its rows: as written (``产出指标（50分）``,
        as the table reader keeps them) where the label was read whole; the name where it was scrambled,
        cut or inferred (``raw`` then keeps what the text had, or nothing)."""
        values = []
        for name, item, confidence in (level1, level2):
            if not name:
                values.append(TextValue())
                continue
            raw = item.text if item is not None else ""
            written = item is not None and item.hit is not None and _level_name(item) == name and \
                item.hit.confidence >= CERTAIN_LABEL
            text = dewrap(clean_text(raw)) if written else name
            values.append(_new(TextValue, (raw, text, self.ref(item, confidence))))
            self._note("indicators", confidence)
        return values[0], values[1]

    def _add_row(self, row: Row, levels: tuple[TextValue, TextValue], built: list[Indicator]) -> None:
        """Add an indicator, or a part of the one before it (a 其中 row, which is never scored)."""
        marks = self.layout.sub_row_marks
        if built and marks and fold(row.name.text).startswith(marks):
            parent = built[-1]
            part = self._indicator(row, levels, f"indicators[{len(built) - 1}].parts[{len(parent.parts)}]")
            built[-1] = replace(parent, parts=(*parent.parts, part))
        else:
            built.append(self._indicator(row, levels, f"indicators[{len(built)}]"))

    def _indicator(self, row: Row, levels: tuple[TextValue, TextValue], path: str) -> Indicator:
        item = row.name.item
        for value, field in zip(levels, ("level1", "level2"), strict=True):
            if not value.text:
                self.lose(f"{path}.{field}", "indicators", item)
        if row.name_lost:
            self.lose(f"{path}.name", "indicators", item)
        for column in row.lost:
            self.lose(f"{path}.{_INDICATOR_PATHS.get(column, column)}", "indicators", item, row.name.text)
        get = row.cells.get
        name = self.text(None if row.name_lost else row.name, "indicators")
        core = bool(self.layout.core_mark) and self.layout.core_mark in name.raw
        return Indicator(levels[0], levels[1], name, self.measure(_target_cell(row.cells), "indicators"),
                         self.measure(get("actual"), "indicators"), self.amount(get("weight"), "indicators"),
                         self.amount(get("score"), "indicators"), self.text(get("note"), "indicators"), core)

    # --- total ---------------------------------------------------------------------------------------

    def _total(self, segment: Segment, values: dict[str, object]) -> dict[str, object]:
        """总分 / 合计: the total weight, then the total score, and a grade after them (评价等次 优). Where
        a text without cells holds one number only, it is the one whose sum over the form it equals
        (湖北 forms total their scores alone)."""
        segment, grade = self._without_grade(segment)
        cells = self._whole_total(segment, values) if self.fused or self.chunks else None
        if cells is None:
            # Fused text may run on into the next form's title (总分10093.3阆中市项目支出绩效自评表).
            cells = self._row_cells(segment, ("weight", "score"), Hints(weighted=False, rest_allowed=self.fused),
                                    "total")
            if (self.fused or self.chunks) and len(cells) == 1:
                cells = self._lone_total(next(iter(cells.values())), values)
        total: dict[str, object] = {"declared_total_weight": self.amount(cells.get("weight"), "total"),
                                    "declared_total_score": self.amount(cells.get("score"), "total")}
        if grade is not None:
            total["declared_grade"] = self.text(grade, "total")
        return total

    def _without_grade(self, segment: Segment) -> tuple[Segment, Cell | None]:
        """The total's values without the grade (评价等次) after them, and the grade."""
        values = segment.values
        if self.fused:
            run = "".join(item.text for item in values)
            # A grade with its word may be followed by the next form's title (评价等次优云南省项目…).
            match = _GRADE.search(run) or _WORDED_GRADE.search(run)
            if match is None or not values:
                return segment, None
            first = values[0]
            rest = first._replace(text=run[:match.start()])
            return Segment(segment.role, segment.label, [rest]), Cell(match.group("grade"), first, first.confidence)
        at = next((at for at, item in enumerate(values) if _GRADE.fullmatch(fold(item.text))), None)
        if at is None:
            return segment, None
        kept = [item for item in values[:at] if not _GRADE_WORD.fullmatch(fold(item.text))]
        return Segment(segment.role, segment.label, kept), _cell_of(values[at])

    def _whole_total(self, segment: Segment, values: dict[str, object]) -> dict[str, Cell] | None:
        """The total when its values, read as one number, equal the form's sum of weights or of scores:
        ``总分100`` is 100, not 10 | 0, wherever the rows add up to 100."""
        items = [item for item in segment.values if item.text]
        if len(items) != 1:
            return None
        cell = _cell_of(items[0])
        name = summed(cell.text, values.get("indicators", ()), values.get("funding", Funding()))  # type: ignore[arg-type]
        return None if name is None else {name: cell._replace(confidence=min(cell.confidence, SUM_CONFIDENCE))}

    def _lone_total(self, cell: Cell, values: dict[str, object]) -> dict[str, Cell]:
        name = summed(cell.text, values.get("indicators", ()), values.get("funding", Funding()))  # type: ignore[arg-type]
        if name is not None:
            return {name: cell._replace(confidence=min(cell.confidence, SUM_CONFIDENCE))}
        # No sum tells: on a weighted layout a lone total is likelier the weight (100); doubted either way.
        name = "weight" if self.layout.scoring.weighted else "score"
        return {name: cell._replace(confidence=min(cell.confidence, LOST_CONFIDENCE))}


def _level_name(item: Item | None) -> str:
    return item.hit.roles[0].name if item is not None and item.hit is not None else ""


def _full_level1(stem: str, layout: Layout) -> str:
    """The level-1 name a scoring key stands for (``产出`` → ``产出指标``)."""
    return next((name for name in layout.level1_names if name.startswith(stem)), stem)


def _cell_of(item: Item) -> Cell:
    return Cell(item.text, item, item.confidence)


def _target_cell(cells: dict[str, Cell]) -> Cell | None:
    """The target as one cell: layouts that split it (指标性质 · 指标值 · 度量单位) are joined back."""
    target = cells.get("target")
    operator, unit = cells.get("operator"), cells.get("unit")
    if target is None or not target.text.strip() or (operator is None and unit is None):
        return target
    sign = operator.text.strip() if operator is not None else ""
    if sign and not any(glyph in sign for glyph in "≥≤=<>≧≦═﹦＝＞＜"):
        sign = ""  # 定性 in the 指标性质 column is no comparison
    measure = unit.text.strip() if unit is not None else ""
    if measure and target.text.strip().endswith(measure):
        measure = ""
    return target._replace(text=f"{sign}{target.text.strip()}{measure}")


def split_repeated(text: str) -> tuple[str, str] | None:
    """Two cells run together where the second repeats the end of the first, or all of it:
    ``P + Q + Q`` → (``P + Q``, ``Q``), the longest such Q; None when there is none worth the name."""
    text = text.strip()
    if len(text) > MAX_GOAL_CHARS:
        return None
    for size in range(len(text) // 2, MIN_REPEATED_CHARS - 1, -1):
        if text.endswith(text[-2 * size:-size]):
            return (text[:-size], text[-size:]) if size >= MIN_REPEATED_SHARE * len(text) else None
    return None


def _scoring_triple(pool: list[Item]) -> tuple[Item, Item, Item] | None:
    """The run of three values in ``pool`` that reads as a weight, a rate and a score, if only one does."""
    found: dict[tuple[str, ...], tuple[Item, Item, Item]] = {}
    for at in range(len(pool) - 2):
        three = (pool[at], pool[at + 1], pool[at + 2])
        texts = tuple(item.text for item in three)
        if texts[1].endswith("%"):
            split = fit_cells(texts, ("weight", "rate", "score"))
            if split is not None and all(split.cells):
                found.setdefault(texts, three)
    return next(iter(found.values())) if len(found) == 1 else None
