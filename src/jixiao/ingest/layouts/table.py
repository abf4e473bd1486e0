"""Reading a table (a ``Grid``) into ``Form``s under a declared layout (版式).

The reader finds each form by its title row, then reads the blocks by their row labels (项目名称,
主管部门, 项目资金, 年度总体目标, 绩效指标, 总分 — each with the synonyms its layout file declares)
and the columns by their header texts, so that a row with an extra or missing cell is still read
from the right columns. Merged level-1 and level-2 cells arrive as blanks and are filled down from
the row above. Nothing here is particular to one province: what differs is in ``jixiao/layouts/files``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from operator import itemgetter

from jixiao.ingest.grid import Cell, Grid
from jixiao.ingest.problems import missing_sections, problem
from jixiao.layouts import DEFAULT_LAYOUT, Layout, get_layout
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
    Reading,
    SourceRef,
    TextValue,
)
from jixiao.model.parse import fold, parse_amount, parse_measure, text_value

_new = tuple.__new__  # see ref()

_YEAR_RE = re.compile(r"(\d{4})年度?")
_GRADE_MARKS = ("优", "良", "中", "差")
_TABLE_READING = Reading()  # a form read from a real table, its layout the default
# Rows of a funding or goal block's header looked at below the block's label (Sichuan puts the
# column names one row under 预算执行情况, with 年度预算数(万元) between).
_HEADER_ROWS = 3


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """A layout's words, folded and grouped the way the reader looks them up (built once per layout)."""

    layout: Layout
    project_name: tuple[str, ...]
    department: tuple[str, ...]
    unit: tuple[str, ...]
    department_or_unit: frozenset[str]
    funding: tuple[str, ...]
    goal: tuple[str, ...]
    indicators: tuple[str, ...]
    total: frozenset[str]
    sections: tuple[str, ...]
    core_mark: str
    sub_rows: tuple[str, ...]


@cache
def vocabulary(name: str = DEFAULT_LAYOUT) -> Vocabulary:
    layout = get_layout(name)
    department, unit = layout.label_words("competent_department"), layout.label_words("implementing_unit")
    funding, goal = layout.section_words("funding"), layout.section_words("goal")
    indicators, total = layout.section_words("indicators"), layout.section_words("total")
    return Vocabulary(
        layout=layout, project_name=layout.label_words("project_name"), department=department, unit=unit,
        department_or_unit=frozenset((*department, *unit)), funding=funding, goal=goal, indicators=indicators,
        total=frozenset(total), sections=(*funding, *goal, *indicators, *total, *layout.label_words("project_name")),
        core_mark=layout.core_mark, sub_rows=layout.sub_row_marks)


@dataclass(slots=True)
class _Row:
    """A grid row inside one form, with the position of the row within that form.

    ``keys`` (the folded cell texts) are computed once, when first asked for: most rows are only
    ever looked at through their first non-blank key.
    """

    number: int
    cells: tuple[Cell, ...]
    _keys: list[str] | None = None
    _first_key: str | None = None

    @property
    def keys(self) -> list[str]:
        if self._keys is None:
            self._keys = [fold(cell.text) if cell.text else "" for cell in self.cells]
        return self._keys

    @property
    def first_key(self) -> str:
        if self._first_key is None:
            self._first_key = _first_key_of(self.cells)
        return self._first_key


# Row labels (the title, 项目名称, 项目资金, 年度总体目标, 绩效指标, 总分, the funding rows) stand in the
# row's first two cells; text further right is a value, even when it reads like a label (an indicator
# named 合计 must not end the indicator block).
_LABEL_CELLS = 2


def _first_key_of(cells: tuple[Cell, ...]) -> str:
    """The folded text of the row's first non-blank cell when it is one of the first two ("" else)."""
    for cell in cells[:_LABEL_CELLS]:
        if cell.text:  # most blank cells are empty, and fold("") is ""
            key = fold(cell.text)
            if key:
                return key
    return ""


@dataclass(slots=True)
class _FormReader:
    """Reads the rows of one form; collects the values and the reading problems."""

    path: str
    index: int
    table: int
    rows: list[_Row]
    vocab: Vocabulary
    form_id: str = ""
    findings: list[Finding] = field(default_factory=list)

    def ref(self, row: _Row, cell: Cell | None) -> SourceRef:
        # All eight fields in order, through tuple.__new__: three times faster than by keyword, and a
        # form has some ninety cells. A value read from a table's cell carries no confidence (None).
        if cell is None:
            return _new(SourceRef, (self.path, self.index, self.table, row.number, None, None, None, None))
        return _new(SourceRef, (self.path, self.index, self.table, row.number, cell.column, cell.line,
                                cell.anchor, None))

    def text_at(self, row: _Row, cell: Cell | None) -> TextValue:
        return text_value(cell.text if cell else "", self.ref(row, cell))


def extract_forms(grid: Grid, first_index: int = 1, layout: str = DEFAULT_LAYOUT, *,
                  reading: Reading = _TABLE_READING) -> tuple[list[Form], list[Finding]]:
    """Every form in ``grid`` read under ``layout``, and the problems met while reading them.

    Forms are numbered from ``first_index``: a file with several tables numbers its forms on
    across them, so that ``<file>#<n>`` names one form of the file. ``reading`` (the shape and the
    layout's detection) is recorded on every form.
    """
    vocab = vocabulary(layout)
    first_keys = [_first_key_of(cells) for cells in grid.rows]
    spans = _form_spans(first_keys, vocab)
    forms: list[Form] = []
    findings: list[Finding] = []
    for index, (start, end) in enumerate(spans, start=first_index):
        rows = [_Row(number - start + 1, grid.rows[number], _first_key=first_keys[number])
                for number in range(start, end)]
        reader = _FormReader(grid.path, index, grid.table, rows, vocab, form_id=f"{grid.path}#{index}")
        # Only the table's first form can have its title and year in the text above the table.
        caption = grid.caption if index == first_index else ()
        forms.append(_read_form(reader, caption, reading))
        findings.extend(reader.findings)
    return forms, findings


def _form_spans(first_keys: Sequence[str], vocab: Vocabulary) -> list[tuple[int, int]]:
    """(start, end) row indexes of each form.

    A title row opens a form. A 项目名称 row opens one too when no form is open yet or the open one
    already has its 项目名称 — a form whose title was lost — and then the year row just above it,
    if there is one, goes with it.
    """
    starts: list[int] = []
    named = False  # whether the form opened last has its 项目名称 row
    for i, key in enumerate(first_keys):
        if _is_title_key(key):
            starts.append(i)
            named = False
        elif key in vocab.project_name:
            if not starts or named:
                year_above = i > 0 and (not starts or i - 1 > starts[-1]) and _is_year_key(first_keys[i - 1])
                starts.append(i - 1 if year_above else i)
            named = True
    return [(start, starts[n + 1] if n + 1 < len(starts) else len(first_keys)) for n, start in enumerate(starts)]


def _is_year_key(key: str) -> bool:
    return len(key) <= 20 and _YEAR_RE.search(key) is not None


def _is_title(row: _Row) -> bool:
    return _is_title_key(row.first_key)


def _is_title_key(key: str) -> bool:
    return "自评表" in key and len(key) <= 40


def _read_form(reader: _FormReader, caption: Sequence[str] = (), reading: Reading = _TABLE_READING) -> Form:
    vocab = reader.vocab
    values: dict[str, object] = _from_caption(reader, caption)
    seen: set[str] = set()
    rows = reader.rows
    position = 0
    while position < len(rows):
        row = rows[position]
        key = row.first_key
        if _is_title(row):
            values["title"] = reader.text_at(row, _first_filled(row))
            values.update(_year_from(reader, row))
        elif "year" not in values and _is_year_key(key):
            values.update(_year_from(reader, row))
        elif key in vocab.project_name:
            values["project_name"] = reader.text_at(row, _value_after(row, vocab.project_name, vocab))
        elif key in vocab.department_or_unit:
            # 主管部门 and 实施单位 share a row on most forms, and stand in rows of their own on some.
            for name, words in (("competent_department", vocab.department), ("implementing_unit", vocab.unit)):
                cell = _value_after(row, words, vocab)
                if cell is not None or name not in values:
                    values[name] = reader.text_at(row, cell)
        elif key.startswith(vocab.funding) and "funding" not in seen:
            values["funding"], position = _read_funding(reader, position)
            seen.add("funding")
            continue
        elif key.startswith(vocab.goal) and "goal" not in seen:
            values["goal"], position = _read_goal(reader, position)
            seen.add("goal")
            continue
        elif key.startswith(vocab.indicators) and "indicators" not in seen:
            values["indicators"], position = _read_indicators(reader, position)
            seen.add("indicators")
            continue
        elif key in vocab.total:
            values.update(_read_total(reader, row))
            seen.add("total")
        position += 1
    missing = tuple(name for name in vocab.layout.required_sections if name not in seen)
    if missing:
        reader.findings.append(missing_sections(reader.form_id, reader.path, reader.index, missing))
    first_line = next((c.line for r in rows for c in r.cells if c.line), None)
    last_line = next((c.line for r in reversed(rows) for c in reversed(r.cells) if c.line), None)
    source = FormSource(path=reader.path, index=reader.index, first_line=first_line, last_line=last_line)
    return Form(id=reader.form_id, source=source, layout=vocab.layout.name, missing_sections=missing,
                reading=reading, **values)


def _from_caption(reader: _FormReader, caption: Sequence[str]) -> dict[str, object]:
    """Title and year from the text just above the table (Word and web forms often put them there);
    a title row inside the table, and the year it carries, take precedence."""
    values: dict[str, object] = {}
    where = SourceRef(file=reader.path, form_index=reader.index, table=reader.table, anchor="表前文字")
    for text in caption:
        key = fold(text)
        if "自评表" in key and len(key) <= 60:
            values["title"] = text_value(text, where)
        match = _YEAR_RE.search(key)
        if match and len(key) <= 60:
            values["year"], values["year_text"] = int(match.group(1)), text_value(text, where)
    return values


def _first_filled(row: _Row) -> Cell | None:
    return next((cell for cell in row.cells if cell.text.strip()), None)


def _value_after(row: _Row, labels: tuple[str, ...], vocab: Vocabulary) -> Cell | None:
    """The first non-empty cell after the cell labelled with one of ``labels`` (merged cells leave
    blanks between); None when the next filled cell is another label (主管部门 | | 实施单位)."""
    keys = row.keys
    at = next((i for i, key in enumerate(keys) if key in labels), None)
    if at is None:
        return None
    for cell, key in zip(row.cells[at + 1:], keys[at + 1:], strict=True):
        if key:
            return None if key in vocab.department_or_unit else cell
    return None


def _year_from(reader: _FormReader, row: _Row) -> dict[str, object]:
    for cell in row.cells:
        match = _YEAR_RE.search(fold(cell.text))
        if match:
            return {"year": int(match.group(1)), "year_text": reader.text_at(row, cell)}
    return {}


def _cell(row: _Row, index: int | None) -> Cell | None:
    return row.cells[index] if index is not None and index < len(row.cells) else None


def _read_funding(reader: _FormReader, position: int) -> tuple[Funding, int]:
    vocab = reader.vocab
    layout = vocab.layout
    first_data = _first_row_where(reader, position + 1, lambda row: _fund_label(row, layout)[1] is not None)
    header_keys = _header_keys(reader.rows[position:max(first_data, position + 1)])
    columns = layout.funding_columns.match(header_keys)
    # 项目资金（元）: some provinces publish the money in 元; bare numbers are then converted to 万元.
    unit = "元" if layout.money_unit == "元" or any("(元)" in key for key in header_keys) else None
    funding_rows: list[FundingRow] = []
    weight = rate = score = Amount()
    position = first_data
    while position < len(reader.rows):
        row = reader.rows[position]
        label_cell, kind = _fund_label(row, layout)
        if kind is None:
            break
        initial, full_year, executed = (_amount_at(reader, row, columns.get(name), money=True, unit=unit)
                                        for name in ("initial_budget", "full_year_budget", "executed"))
        funding_rows.append(FundingRow(label=reader.text_at(row, label_cell), kind=kind, initial_budget=initial,
                                       full_year_budget=full_year, executed=executed))
        if kind is FundKind.TOTAL:
            weight, rate, score = (_amount_at(reader, row, columns.get(name)) for name in ("weight", "rate", "score"))
        position += 1
    funding = Funding(rows=tuple(funding_rows), weight=weight, declared_rate=rate, declared_score=score)
    return funding, position


def _first_row_where(reader: _FormReader, start: int, test: Callable[[_Row], bool]) -> int:
    """The position of the first row from ``start`` (within ``_HEADER_ROWS``) that passes ``test``;
    ``start`` when none does."""
    for position in range(start, min(start + _HEADER_ROWS, len(reader.rows))):
        if test(reader.rows[position]):
            return position
    return start


def _header_keys(header_rows: Sequence[_Row]) -> list[str]:
    """The folded header text of each column, the header rows' texts joined.

    A header that spans two rows (年度 / 指标值; 年度预算数 over 年初预算 · 调整后预算数) is joined by
    column. The row with the most cells sets the columns; a row with merged cells (fewer cells) is
    lined up with it by grid column.
    """
    widest = max(header_rows, key=lambda row: len(row.cells))
    if len(header_rows) == 1:
        return list(widest.keys)
    starts = [cell.column for cell in widest.cells]
    keys = [""] * len(starts)
    for row in header_rows:
        if len(row.cells) == len(starts):  # the usual case: one cell per column, join by index
            keys = [a + b for a, b in zip(keys, row.keys, strict=True)]
            continue
        for cell, key in zip(row.cells, row.keys, strict=True):
            if key:
                at = _index_of_column(starts, cell.column)
                if at is not None:
                    keys[at] += key
    return keys


def _index_of_column(starts: Sequence[int], column: int) -> int | None:
    """The index of the data cell whose grid column range holds ``column``."""
    found = None
    for index, start in enumerate(starts):
        if start <= column:
            found = index
        else:
            break
    return found


def _amount_at(reader: _FormReader, row: _Row, index: int | None, *, money: bool = False,
               unit: str | None = None) -> Amount:
    cell = _cell(row, index)
    return parse_amount(cell.text if cell else "", reader.ref(row, cell), money=money, unit_hint=unit)


def _fund_label(row: _Row, layout: Layout) -> tuple[Cell | None, FundKind | None]:
    """The label cell and the kind of a funding row, by the row's first non-blank text."""
    key = row.first_key
    if not key:
        return None, None
    for label, kind in layout.funding_rows:
        if key.startswith(label):
            return next(cell for cell in row.cells if cell.text and fold(cell.text)), kind
    return None, None


def _read_goal(reader: _FormReader, position: int) -> tuple[Goal, int]:
    columns = reader.vocab.layout.goal_columns
    # The header is the block's label row or one of the rows under it (Sichuan: 项目基本情况, then
    # 项目年度目标 · 年度目标完成情况); the values stand in the row below the header.
    for header_at in range(position, min(position + _HEADER_ROWS, len(reader.rows))):
        found = columns.match(list(reader.rows[header_at].keys))
        if "expected" in found or "achieved" in found:
            break
    else:
        return Goal(), position + 1
    # Header rows may stack (1.项目年度目标完成情况, then 项目年度目标 · 年度目标完成情况): a row under
    # the header that names both columns is the header. (Naming one is not enough: a goal text may well
    # say 完成预期目标.)
    while header_at + 1 < len(reader.rows):
        below = columns.match(list(reader.rows[header_at + 1].keys))
        if "expected" not in below or "achieved" not in below:
            break
        header_at, found = header_at + 1, below
    if header_at + 1 >= len(reader.rows):
        return Goal(), header_at + 1
    row = reader.rows[header_at + 1]
    if _is_section_start(row.first_key, reader.vocab):
        return Goal(), header_at + 1
    goal = Goal(expected=reader.text_at(row, _cell(row, found.get("expected"))),
                achieved=reader.text_at(row, _cell(row, found.get("achieved"))))
    return goal, header_at + 2


def _is_section_start(key: str, vocab: Vocabulary) -> bool:
    return bool(key) and (key.startswith(vocab.sections) or "自评表" in key)


_INDICATOR_PICK = ("level1", "level2", "name", "operator", "target", "unit", "actual", "weight", "score", "note")


def _read_indicators(reader: _FormReader, position: int) -> tuple[tuple[Indicator, ...], int]:
    vocab = reader.vocab
    columns_of = vocab.layout.indicator_columns.match
    # The header is the block's label row (绩效指标 | 一级指标 | …) or, where the label stands alone
    # (Sichuan's 绩效指标（90分）), the row under it.
    if "name" not in columns_of(list(reader.rows[position].keys)) and position + 1 < len(reader.rows) \
            and "name" in columns_of(list(reader.rows[position + 1].keys)):
        position += 1
    header_rows = [reader.rows[position]]
    position += 1
    # The 年度/指标值 and 实际/完成值 labels wrap onto a second header row; join them by column.
    if position < len(reader.rows) and _is_header_continuation(reader.rows[position], vocab.layout):
        header_rows.append(reader.rows[position])
        position += 1
    header_keys = _header_keys(header_rows)
    columns = columns_of(header_keys)
    pick = _picker([columns.get(name) for name in _INDICATOR_PICK])
    indicators: list[Indicator] = []
    level1 = level2 = None
    while position < len(reader.rows):
        row = reader.rows[position]
        if row.first_key in vocab.total or _is_title(row):
            break
        cells = _aligned_cells(reader, row, len(header_keys), columns.get("name", 0))
        l1, l2, name, operator, target, unit, actual, weight, score, note = pick(cells)
        # Merged level-1 and level-2 cells arrive blank below their first row: fill them down.
        if level1 is None or _filled(l1):
            level1 = reader.text_at(row, l1)
        if level2 is None or _filled(l2):
            level2 = reader.text_at(row, l2)
        ref = reader.ref
        name_value = reader.text_at(row, name)
        indicator = Indicator(
            level1=level1, level2=level2, name=name_value,
            target=parse_measure(_target_text(operator, target, unit), ref(row, target)),
            actual=parse_measure(actual.text if actual else "", ref(row, actual)),
            weight=parse_amount(weight.text if weight else "", ref(row, weight)),
            declared_score=parse_amount(score.text if score else "", ref(row, score)),
            deviation_note=reader.text_at(row, note),
            core=bool(vocab.core_mark) and vocab.core_mark in name_value.raw)
        if indicators and vocab.sub_rows and fold(name_value.raw).startswith(vocab.sub_rows):
            # A 其中 row is a part of the indicator above it: kept with it, never scored or summed.
            parent = indicators[-1]
            indicators[-1] = replace(parent, parts=(*parent.parts, indicator))
        else:
            indicators.append(indicator)
        position += 1
    return tuple(indicators), position


def _target_text(operator: Cell | None, target: Cell | None, unit: Cell | None) -> str:
    """The target as one text: layouts that split it (指标性质 · 指标值 · 度量单位) are joined back."""
    text = target.text if target else ""
    if operator is None and unit is None:
        return text
    value = text.strip()
    if not value:
        return text
    sign = operator.text.strip() if operator else ""
    measure = unit.text.strip() if unit else ""
    if measure and value.endswith(measure):
        measure = ""
    # 定性 (qualitative) in the 指标性质 column is not a comparison sign.
    if sign and not any(glyph in sign for glyph in "≥≤=<>≧≦═﹦＝＞＜"):
        sign = ""
    return f"{sign}{value}{measure}"


def _picker(at: list[int | None]) -> Callable[[Sequence[Cell]], Sequence[Cell | None]]:
    """A function giving a row's cells at the indexes ``at``: None where an index is None or past the
    row's end. Most rows reach every column, and then one itemgetter picks them all at once."""

    def pick_each(cells: Sequence[Cell]) -> list[Cell | None]:
        return [cells[i] if i is not None and i < len(cells) else None for i in at]

    if None in at:
        return pick_each
    pick_all, width = itemgetter(*at), max(at) + 1
    return lambda cells: pick_all(cells) if len(cells) >= width else pick_each(cells)


def _filled(cell: Cell | None) -> bool:
    return cell is not None and not cell.text.isspace() and cell.text != ""


def _is_header_continuation(row: _Row, layout: Layout) -> bool:
    """Whether the row carries the wrapped second halves of the indicator headers (年度 / 指标值,
    全年 / 实际值): every text in it ends one of the layout's column words."""
    keys = [key for key in row.keys if key]
    words = [word for _, synonyms in layout.indicator_columns.synonyms for word in synonyms]
    return bool(keys) and all(len(key) <= 6 and any(word.endswith(key) for word in words) for key in keys)


def _aligned_cells(reader: _FormReader, row: _Row, width: int, name_column: int) -> Sequence[Cell]:
    """The row's cells lined up with the header: surplus empty cells right of the name column dropped."""
    cells = row.cells
    if len(cells) == width:
        return cells
    if len(cells) > width:
        cells = _without_surplus_blanks(cells, len(cells) - width, name_column)
    reader.findings.append(problem(
        "R004",
        f"第{row.number}行有{len(row.cells)}个单元格，表头有{width}列；已按表头对齐。",
        f"Row {row.number} has {len(row.cells)} cells where the header has {width}; aligned to the header.",
        forms=(reader.form_id,), location=reader.ref(row, row.cells[0] if row.cells else None)))
    return cells


def _without_surplus_blanks(cells: Sequence[Cell], surplus: int, name_column: int) -> list[Cell]:
    """``cells`` less up to ``surplus`` blank cells, the rightmost first, none at or left of the name."""
    drop: set[int] = set()
    for i in range(len(cells) - 1, name_column, -1):
        if len(drop) == surplus:
            break
        if not cells[i].text.strip():
            drop.add(i)
    return [cell for i, cell in enumerate(cells) if i not in drop]


def _read_total(reader: _FormReader, row: _Row) -> dict[str, object]:
    """总分 row: the two cells after the label are the total weight and the total score, by position
    (a blank weight cell must not shift the score into its place); a grade (优/良/中/差) may follow."""
    keys = row.keys
    label_at = next((i for i, key in enumerate(keys) if key), 0)
    weight, score = (_cell(row, label_at + offset) for offset in (1, 2))
    values: dict[str, object] = {
        "declared_total_weight": parse_amount(weight.text if weight else "", reader.ref(row, weight)),
        "declared_total_score": parse_amount(score.text if score else "", reader.ref(row, score)),
    }
    grade = next((cell for cell, key in zip(row.cells[label_at + 3:], keys[label_at + 3:], strict=True)
                  if key and len(key) <= 4 and any(mark in key for mark in _GRADE_MARKS)), None)
    if grade is not None:
        values["declared_grade"] = reader.text_at(row, grade)
    return values
