"""The 绩效指标 block (indicators): one indicator per row, its cells picked by the header's columns.

Merged level-1 and level-2 cells are filled down from the row above; a target split over 指标性质 ·
指标值 · 度量单位 is joined back; a 其中 row is kept as a part of the indicator above it; a name with
the layout's core mark (★) is a core indicator. A row with more or fewer cells than the header is lined
up with it, and said so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from operator import itemgetter

from jixiao.ingest.grid import Cell
from jixiao.ingest.layouts.table.headers import header_keys, is_header_continuation
from jixiao.ingest.layouts.table.reading import FormReader, Row, is_title
from jixiao.ingest.problems import problem
from jixiao.model import Indicator
from jixiao.model.parse import fold, parse_amount, parse_measure

_INDICATOR_PICK = ("level1", "level2", "name", "operator", "target", "unit", "actual", "weight", "score", "note")


def read_indicators(reader: FormReader, position: int) -> tuple[tuple[Indicator, ...], int]:
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
    if position < len(reader.rows) and is_header_continuation(reader.rows[position], vocab.layout):
        header_rows.append(reader.rows[position])
        position += 1
    keys = header_keys(header_rows)
    columns = columns_of(keys)
    pick = _picker([columns.get(name) for name in _INDICATOR_PICK])
    indicators: list[Indicator] = []
    level1 = level2 = None
    while position < len(reader.rows):
        row = reader.rows[position]
        if row.first_key in vocab.total or is_title(row):
            break
        cells = _aligned_cells(reader, row, len(keys), columns.get("name", 0))
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


def _aligned_cells(reader: FormReader, row: Row, width: int, name_column: int) -> Sequence[Cell]:
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
