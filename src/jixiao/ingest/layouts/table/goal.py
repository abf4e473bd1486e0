"""The 年度总体目标 block (annual goal): the 预期目标 (expected) and 实际完成情况 (achieved) texts, in the
row under the header that names their columns."""

from __future__ import annotations

from jixiao.ingest.layouts.table.headers import HEADER_ROWS
from jixiao.ingest.layouts.table.reading import FormReader, Vocabulary, cell_at
from jixiao.model import Goal


def read_goal(reader: FormReader, position: int) -> tuple[Goal, int]:
    columns = reader.vocab.layout.goal_columns
    # The header is the block's label row or one of the rows under it (Sichuan: 项目基本情况, then
    # 项目年度目标 · 年度目标完成情况); the values stand in the row below the header.
    for header_at in range(position, min(position + HEADER_ROWS, len(reader.rows))):
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
    goal = Goal(expected=reader.text_at(row, cell_at(row, found.get("expected"))),
                achieved=reader.text_at(row, cell_at(row, found.get("achieved"))))
    return goal, header_at + 2


def _is_section_start(key: str, vocab: Vocabulary) -> bool:
    return bool(key) and (key.startswith(vocab.sections) or "自评表" in key)
