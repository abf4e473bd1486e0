"""The forms of a grid: where each one starts, and the walk through its rows that reads the one-row
labels (the title, the year, 项目名称, 主管部门 · 实施单位, 总分) itself and hands each block to its reader."""

from __future__ import annotations

import re
from collections.abc import Sequence

from jixiao.ingest.grid import Cell, Grid
from jixiao.ingest.layouts.table.funding import read_funding
from jixiao.ingest.layouts.table.goal import read_goal
from jixiao.ingest.layouts.table.indicators import read_indicators
from jixiao.ingest.layouts.table.reading import (
    FormReader,
    Row,
    Vocabulary,
    cell_at,
    first_key_of,
    is_title,
    is_title_key,
    vocabulary,
)
from jixiao.ingest.problems import missing_sections
from jixiao.layouts import DEFAULT_LAYOUT
from jixiao.model import Finding, Form, FormSource, Reading, SourceRef
from jixiao.model.parse import fold, parse_amount, text_value

_YEAR_RE = re.compile(r"(\d{4})年度?")
_GRADE_MARKS = ("优", "良", "中", "差")
_TABLE_READING = Reading()  # a form read from a real table, its layout the default


def extract_forms(grid: Grid, first_index: int = 1, layout: str = DEFAULT_LAYOUT, *,
                  reading: Reading = _TABLE_READING) -> tuple[list[Form], list[Finding]]:
    """Every form in ``grid`` read under ``layout``, and the problems met while reading them.

    Forms are numbered from ``first_index``: a file with several tables numbers its forms on
    across them, so that ``<file>#<n>`` names one form of the file. ``reading`` (the shape and the
    layout's detection) is recorded on every form.
    """
    vocab = vocabulary(layout)
    first_keys = [first_key_of(cells) for cells in grid.rows]
    spans = _form_spans(first_keys, vocab)
    forms: list[Form] = []
    findings: list[Finding] = []
    for index, (start, end) in enumerate(spans, start=first_index):
        rows = [Row(number - start + 1, grid.rows[number], _first_key=first_keys[number])
                for number in range(start, end)]
        reader = FormReader(grid.path, index, grid.table, rows, vocab, form_id=f"{grid.path}#{index}")
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
        if is_title_key(key):
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


def _read_form(reader: FormReader, caption: Sequence[str] = (), reading: Reading = _TABLE_READING) -> Form:
    vocab = reader.vocab
    values: dict[str, object] = _from_caption(reader, caption)
    seen: set[str] = set()
    rows = reader.rows
    position = 0
    while position < len(rows):
        row = rows[position]
        key = row.first_key
        if is_title(row):
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
            values["funding"], position = read_funding(reader, position)
            seen.add("funding")
            continue
        elif key.startswith(vocab.goal) and "goal" not in seen:
            values["goal"], position = read_goal(reader, position)
            seen.add("goal")
            continue
        elif key.startswith(vocab.indicators) and "indicators" not in seen:
            values["indicators"], position = read_indicators(reader, position)
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


def _from_caption(reader: FormReader, caption: Sequence[str]) -> dict[str, object]:
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


def _first_filled(row: Row) -> Cell | None:
    return next((cell for cell in row.cells if cell.text.strip()), None)


def _value_after(row: Row, labels: tuple[str, ...], vocab: Vocabulary) -> Cell | None:
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


def _year_from(reader: FormReader, row: Row) -> dict[str, object]:
    for cell in row.cells:
        match = _YEAR_RE.search(fold(cell.text))
        if match:
            return {"year": int(match.group(1)), "year_text": reader.text_at(row, cell)}
    return {}


def _read_total(reader: FormReader, row: Row) -> dict[str, object]:
    """总分 row: the two cells after the label are the total weight and the total score, by position
    (a blank weight cell must not shift the score into its place); a grade (优/良/中/差) may follow."""
    keys = row.keys
    label_at = next((i for i, key in enumerate(keys) if key), 0)
    weight, score = (cell_at(row, label_at + offset) for offset in (1, 2))
    values: dict[str, object] = {
        "declared_total_weight": parse_amount(weight.text if weight else "", reader.ref(row, weight)),
        "declared_total_score": parse_amount(score.text if score else "", reader.ref(row, score)),
    }
    grade = next((cell for cell, key in zip(row.cells[label_at + 3:], keys[label_at + 3:], strict=True)
                  if key and len(key) <= 4 and any(mark in key for mark in _GRADE_MARKS)), None)
    if grade is not None:
        values["declared_grade"] = reader.text_at(row, grade)
    return values
