"""The 绩效指标 (indicators) block of a stream-read form: its rows (``rows``, ``fusedrows``) under their level names.

Each group of rows under a level-1 and a level-2 label (``level_groups``) is split into rows, and
each row becomes an indicator, or a part of the one before it (a 其中 row). Level names the text lost are
inferred from the layout where it tells: a level-1 class from its level-2 name, a level-2 name from the
order of the layout's names; else they stay blank and are lost.
"""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

from jixiao.ingest.stream.builder import LOST_CONFIDENCE, ValueBuilder
from jixiao.ingest.stream.fusedrows import fused_rows, joined_runs
from jixiao.ingest.stream.lexer import Item
from jixiao.ingest.stream.rowparts import Cell, Row
from jixiao.ingest.stream.rows import cell_rows, chunk_rows, dewrap
from jixiao.ingest.stream.values import Hints
from jixiao.ingest.stream.walk import Segment
from jixiao.ingest.text import TextShape
from jixiao.layouts import Layout
from jixiao.model import Indicator, TextValue
from jixiao.model.memo import memo
from jixiao.model.parse import clean_text, fold

# Confidence of level names inferred from the layout rather than read: a level-1 class from its
# level-2 name, a level-2 name from the order of the layout's names.
LEVEL1_INFERRED = 0.7
LEVEL2_INFERRED = 0.5
# A label read at least this surely is taken as written, whatever its level-2 names suggest.
CERTAIN_LABEL = 0.9
_INDICATOR_PATHS = {"score": "declared_score", "note": "deviation_note"}
# The indicator columns that are no value of a row: its levels and its name.
_NAME_COLUMNS = frozenset({"level1", "level2", "name"})
_new = tuple.__new__  # a named tuple from all its fields in order, as the table reader makes them


class _Level(NamedTuple):
    """A level name as read or inferred, the label it came from, and the confidence in it."""

    name: str
    item: Item | None
    confidence: float


class IndicatorsBuilder(ValueBuilder):
    """Builds the indicators block from its segments: level labels, column headers and the rows' values."""

    def _indicators(self, segments: list[Segment]) -> tuple[Indicator, ...]:
        order = self._columns(segments, "ind_col", self.layout.indicator_columns.order)
        columns = [column for column in order if column not in _NAME_COLUMNS]
        if len(columns) < 2:  # the headers read were the level and name columns': the values' are the layout's
            columns = [column for column in self.layout.indicator_columns.order if column not in _NAME_COLUMNS]
        hints = Hints(weighted=self.layout.scoring.weighted, ocr=self.ocr)
        groups = level_groups(segments)
        built: list[Indicator] = []
        # The level-1 value of the group before, and the level it was made of: the groups under one level-1
        # label share it (a value is immutable; made of equal levels, it would be an equal value).
        made: tuple[_Level, TextValue] | None = None
        for position, (label1, label2, items) in enumerate(groups):
            rows = self._rows(items, columns, hints, cut_off=self.cut_off and position == len(groups) - 1)
            self.rows_guessed = self.rows_guessed or any(row.guessed for row in rows)
            if rows:
                level1, level2 = self._levels(label1, label2, groups, position)
                if made is None or made[0] != level1:
                    made = (level1, self._level_value(level1))
                levels = (made[1], self._level_value(level2))
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
            second = _new(_Level, (_level_name(level2), level2, level2.confidence))
        else:
            inferred = self._level2_before_next(groups, position)
            second = _Level(inferred, None, LEVEL2_INFERRED if inferred else 0.0)
        first = _new(_Level, (_level_name(level1), level1, level1.confidence if level1 is not None else 0.0))
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

    def _level_value(self, level: _Level) -> TextValue:
        """A level name of a group as a value, made once for all its rows: as written (``产出指标（50分）``,
        as the table reader keeps them) where the label was read whole; the name where it was scrambled,
        cut or inferred (``raw`` then keeps what the text had, or nothing)."""
        name, item, confidence = level
        if not name:
            return TextValue()
        raw = item.text if item is not None else ""
        written = item is not None and item.hit is not None and _level_name(item) == name and \
            item.hit.confidence >= CERTAIN_LABEL
        text = _written_level(raw) if written else name
        self._note("indicators", confidence)
        return _new(TextValue, (raw, text, self.ref(item, confidence)))

    def _add_row(self, row: Row, levels: tuple[TextValue, TextValue], built: list[Indicator]) -> None:
        """Add an indicator, or a part of the one before it (a 其中 row, which is never scored)."""
        marks = self.layout.sub_row_marks
        if built and marks and fold(row.name.text).startswith(marks):
            parent = built[-1]
            part = self._indicator(row, levels, len(built) - 1, len(parent.parts))
            built[-1] = replace(parent, parts=(*parent.parts, part))
        else:
            built.append(self._indicator(row, levels, len(built)))

    def _indicator(self, row: Row, levels: tuple[TextValue, TextValue], index: int, part: int | None = None
                   ) -> Indicator:
        """The indicator of a row: ``indicators[index]``, or its part ``part``. (Its path is spelt out only
        for a value lost, as few rows have one.)"""
        item = row.name.item
        if not (levels[0].text and levels[1].text) or row.name_lost or row.lost:
            path = f"indicators[{index}]" if part is None else f"indicators[{index}].parts[{part}]"
            if not levels[0].text:
                self.lose(f"{path}.level1", "indicators", item)
            if not levels[1].text:
                self.lose(f"{path}.level2", "indicators", item)
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


# A level label's display text (``dewrap(clean_text(raw))``): the same few labels come back in every form.
_written_level = memo(4096)(lambda raw: dewrap(clean_text(raw)))


def _level_name(item: Item | None) -> str:
    return item.hit.roles[0].name if item is not None and item.hit is not None else ""


def _full_level1(stem: str, layout: Layout) -> str:
    """The level-1 name a scoring key stands for (``产出`` → ``产出指标``)."""
    return next((name for name in layout.level1_names if name.startswith(stem)), stem)


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


# A group of indicator rows: its level-1 label, its level-2 label, and the values of its rows.
Group = tuple[Item | None, Item | None, list[Item]]


def level_groups(segments: list[Segment]) -> list[Group]:
    """The groups of rows: a level label starts one; a header or a repeated section word does not
    (the values after it go on with the rows before)."""
    groups: list[Group] = []
    level1: Item | None = None
    level2: Item | None = None
    values: list[Item] = []
    for segment in segments:
        group = segment.role.group
        if group in ("level1", "level2"):
            if values:
                groups.append((level1, level2, values))
            values = []
            if group == "level1":
                level1, level2 = segment.label, None
            else:
                level2 = segment.label
        values.extend(segment.values)
    groups.append((level1, level2, values))
    return groups
