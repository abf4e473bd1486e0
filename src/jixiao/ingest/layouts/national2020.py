"""Layout of the national 项目支出绩效自评表 (attachment to 财预〔2020〕10号): grid rows → ``Form``s.

The layout finds each form by its title row, then reads the blocks by their row labels (项目名称,
主管部门, 项目资金, 年度总体目标, 绩效指标, 总分) and the columns by their header texts, so that a
row with an extra or missing cell is still read from the right columns. Merged level-1 and level-2
cells arrive as blanks and are filled down from the row above.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter

from jixiao.ingest.grid import Cell, Grid
from jixiao.ingest.problems import problem
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
    SourceRef,
    TextValue,
)
from jixiao.model.parse import fold, parse_amount, parse_measure, text_value

NAME = "national-2020"

_new = tuple.__new__  # see ref()

_YEAR_RE = re.compile(r"(\d{4})年度?")
# Row labels of the funding block, matched against the folded start of the label cell.
_FUND_LABELS: tuple[tuple[str, FundKind], ...] = (
    ("年度资金总额", FundKind.TOTAL), ("资金总额", FundKind.TOTAL), ("合计", FundKind.TOTAL),
    ("其中:当年财政拨款", FundKind.APPROPRIATION), ("当年财政拨款", FundKind.APPROPRIATION),
    ("财政拨款", FundKind.APPROPRIATION), ("上年结转资金", FundKind.CARRY_OVER), ("上年结转", FundKind.CARRY_OVER),
    ("其他资金", FundKind.OTHER),
)
# Header texts of the funding columns → field names.
_FUND_COLUMNS = (
    ("年初预算数", "initial_budget"), ("全年预算数", "full_year_budget"), ("全年执行数", "executed"),
    ("分值", "weight"), ("执行率", "rate"), ("得分", "score"),
)
# Header texts of the indicator columns (both header rows joined) → field names; first match wins.
_INDICATOR_COLUMNS = (
    ("一级指标", "level1"), ("二级指标", "level2"), ("三级指标", "name"), ("年度指标值", "target"),
    ("指标值", "target"), ("实际完成值", "actual"), ("完成值", "actual"), ("分值", "weight"),
    ("得分", "score"), ("偏差原因", "note"),
)
_INDICATOR_FIELDS = ("level1", "level2", "name", "target", "actual", "weight", "score", "note")
_GRADE_MARKS = ("优", "良", "中", "差")
_SECTIONS = {"funding": "项目资金", "goal": "年度总体目标", "indicators": "绩效指标", "total": "总分"}


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
    form_id: str = ""
    findings: list[Finding] = field(default_factory=list)

    def ref(self, row: _Row, cell: Cell | None) -> SourceRef:
        # All seven fields in order, through tuple.__new__: three times faster than by keyword, and a
        # form has some ninety cells.
        if cell is None:
            return _new(SourceRef, (self.path, self.index, self.table, row.number, None, None, None))
        return _new(SourceRef, (self.path, self.index, self.table, row.number, cell.column, cell.line,
                                cell.anchor))

    def text_at(self, row: _Row, cell: Cell | None) -> TextValue:
        return text_value(cell.text if cell else "", self.ref(row, cell))


def extract_forms(grid: Grid, first_index: int = 1) -> tuple[list[Form], list[Finding]]:
    """Every form in ``grid`` and the problems met while reading them.

    Forms are numbered from ``first_index``: a file with several tables numbers its forms on
    across them, so that ``<file>#<n>`` names one form of the file.
    """
    first_keys = [_first_key_of(cells) for cells in grid.rows]
    spans = _form_spans(first_keys)
    forms: list[Form] = []
    findings: list[Finding] = []
    for index, (start, end) in enumerate(spans, start=first_index):
        rows = [_Row(number - start + 1, grid.rows[number], _first_key=first_keys[number])
                for number in range(start, end)]
        reader = _FormReader(grid.path, index, grid.table, rows, form_id=f"{grid.path}#{index}")
        # Only the table's first form can have its title and year in the text above the table.
        caption = grid.caption if index == first_index else ()
        forms.append(_read_form(reader, caption))
        findings.extend(reader.findings)
    return forms, findings


def _form_spans(first_keys: Sequence[str]) -> list[tuple[int, int]]:
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
        elif key == "项目名称":
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


def _read_form(reader: _FormReader, caption: Sequence[str] = ()) -> Form:
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
        elif key == "项目名称":
            values["project_name"] = reader.text_at(row, _value_after(row, "项目名称"))
        elif key in ("主管部门", "实施单位"):
            values["competent_department"] = reader.text_at(row, _value_after(row, "主管部门"))
            values["implementing_unit"] = reader.text_at(row, _value_after(row, "实施单位"))
        elif key.startswith("项目资金"):
            values["funding"], position = _read_funding(reader, position)
            seen.add("funding")
            continue
        elif key == "年度总体目标":
            values["goal"], position = _read_goal(reader, position)
            seen.add("goal")
            continue
        elif key.replace(" ", "") == "绩效指标":
            values["indicators"], position = _read_indicators(reader, position)
            seen.add("indicators")
            continue
        elif key in ("总分", "合计"):
            values.update(_read_total(reader, row))
            seen.add("total")
        position += 1
    missing = tuple(name for name in _SECTIONS if name not in seen)
    if missing:
        _report_missing(reader, missing)
    first_line = next((c.line for r in rows for c in r.cells if c.line), None)
    last_line = next((c.line for r in reversed(rows) for c in reversed(r.cells) if c.line), None)
    source = FormSource(path=reader.path, index=reader.index, first_line=first_line, last_line=last_line)
    return Form(id=reader.form_id, source=source, layout=NAME, missing_sections=missing, **values)


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


def _value_after(row: _Row, label: str) -> Cell | None:
    """The first non-empty cell after the cell labelled ``label`` (merged cells leave blanks between)."""
    keys = row.keys
    if label not in keys:
        return None
    for cell, key in zip(row.cells[keys.index(label) + 1:], keys[keys.index(label) + 1:], strict=True):
        if key:
            return None if key in ("主管部门", "实施单位") else cell
    return None


def _year_from(reader: _FormReader, row: _Row) -> dict[str, object]:
    for cell in row.cells:
        match = _YEAR_RE.search(fold(cell.text))
        if match:
            return {"year": int(match.group(1)), "year_text": reader.text_at(row, cell)}
    return {}


def _column_map(header_keys: Sequence[str], columns: Sequence[tuple[str, str]]) -> dict[str, int]:
    """Field name → column index, by the first header text that contains the column's label."""
    mapping: dict[str, int] = {}
    for index, key in enumerate(header_keys):
        for label, name in columns:
            if label in key and name not in mapping:
                mapping[name] = index
                break
    return mapping


def _cell(row: _Row, index: int | None) -> Cell | None:
    return row.cells[index] if index is not None and index < len(row.cells) else None


def _read_funding(reader: _FormReader, position: int) -> tuple[Funding, int]:
    header = reader.rows[position]
    columns = _column_map(header.keys, _FUND_COLUMNS)
    # 项目资金（元）: some provinces publish the money in 元; bare numbers are then converted to 万元.
    unit = "元" if any("(元)" in key for key in header.keys) else None
    funding_rows: list[FundingRow] = []
    weight = rate = score = Amount()
    position += 1
    while position < len(reader.rows):
        row = reader.rows[position]
        label_cell, kind = _fund_label(row)
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


def _amount_at(reader: _FormReader, row: _Row, index: int | None, *, money: bool = False,
               unit: str | None = None) -> Amount:
    cell = _cell(row, index)
    return parse_amount(cell.text if cell else "", reader.ref(row, cell), money=money, unit_hint=unit)


def _fund_label(row: _Row) -> tuple[Cell | None, FundKind | None]:
    """The label cell and the kind of a funding row, by the row's first non-blank text."""
    key = row.first_key
    for label, kind in _FUND_LABELS:
        if key.startswith(label):
            return next(cell for cell in row.cells if cell.text and fold(cell.text)), kind
    return None, None


def _read_goal(reader: _FormReader, position: int) -> tuple[Goal, int]:
    header = reader.rows[position]
    keys = header.keys
    expected_at = next((i for i, key in enumerate(keys) if "预期目标" in key), None)
    achieved_at = next((i for i, key in enumerate(keys) if "实际完成" in key), None)
    if position + 1 >= len(reader.rows):
        return Goal(), position + 1
    row = reader.rows[position + 1]
    if _is_section_start(row.first_key):
        return Goal(), position + 1
    goal = Goal(expected=reader.text_at(row, _cell(row, expected_at)),
                achieved=reader.text_at(row, _cell(row, achieved_at)))
    return goal, position + 2


def _is_section_start(key: str) -> bool:
    return key in ("绩效指标", "总分", "合计", "项目名称") or key.startswith("项目资金") or "自评表" in key


def _read_indicators(reader: _FormReader, position: int) -> tuple[tuple[Indicator, ...], int]:
    header_keys = list(reader.rows[position].keys)
    position += 1
    # The 年度/指标值 and 实际/完成值 labels wrap onto a second header row; join them by column.
    if position < len(reader.rows) and _is_header_continuation(reader.rows[position]):
        extra = reader.rows[position].keys
        header_keys = [a + (extra[i] if i < len(extra) else "") for i, a in enumerate(header_keys)]
        position += 1
    columns = _column_map(header_keys, _INDICATOR_COLUMNS)
    pick = _picker([columns.get(name) for name in _INDICATOR_FIELDS])
    indicators: list[Indicator] = []
    level1 = level2 = None
    while position < len(reader.rows):
        row = reader.rows[position]
        if row.first_key in ("总分", "合计") or _is_title(row):
            break
        cells = _aligned_cells(reader, row, len(header_keys), columns.get("name", 0))
        l1, l2, name, target, actual, weight, score, note = pick(cells)
        # Merged level-1 and level-2 cells arrive blank below their first row: fill them down.
        if level1 is None or _filled(l1):
            level1 = reader.text_at(row, l1)
        if level2 is None or _filled(l2):
            level2 = reader.text_at(row, l2)
        ref = reader.ref
        indicators.append(Indicator(
            level1=level1, level2=level2, name=reader.text_at(row, name),
            target=parse_measure(target.text if target else "", ref(row, target)),
            actual=parse_measure(actual.text if actual else "", ref(row, actual)),
            weight=parse_amount(weight.text if weight else "", ref(row, weight)),
            declared_score=parse_amount(score.text if score else "", ref(row, score)),
            deviation_note=reader.text_at(row, note)))
        position += 1
    return tuple(indicators), position


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


def _is_header_continuation(row: _Row) -> bool:
    keys = [key for key in row.keys if key]
    return bool(keys) and all(key in ("指标值", "完成值", "年度指标值", "实际完成值") for key in keys)


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


def _report_missing(reader: _FormReader, missing: tuple[str, ...]) -> None:
    names_zh = "、".join(_SECTIONS[name] for name in missing)
    reader.findings.append(problem(
        "R003", f"自评表缺少：{names_zh}；相关检查已跳过。",
        f"The form lacks: {', '.join(missing)}; checks that need them were skipped.",
        forms=(reader.form_id,), location=SourceRef(file=reader.path, form_index=reader.index)))
