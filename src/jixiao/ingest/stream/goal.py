"""The 年度总体目标 (annual goal) block of a stream-read form: 预期目标 (expected) and 实际完成情况 (achieved).

Where the text fused the two cells into one run, they are told apart only where the second repeats the
end of the first (``split_repeated``); else both are lost.
"""

from __future__ import annotations

from collections.abc import Sequence

from jixiao.ingest.stream.builder import STRAY_CONFIDENCE, ValueBuilder, cell_of
from jixiao.ingest.stream.lexer import Item
from jixiao.ingest.stream.rowparts import Cell
from jixiao.ingest.stream.values import BLANK_SET
from jixiao.ingest.stream.walk import Segment
from jixiao.model import Goal

# Confidence of a goal split at its repeated phrase (年初设定目标 and 完成情况 run together).
REPEATED_PHRASE_CONFIDENCE = 0.8
# A phrase repeated at a goal's end must be this long, and this share of the whole, to split it there;
# a goal run longer than MAX_GOAL_CHARS is not searched for one.
MIN_REPEATED_CHARS = 6
MIN_REPEATED_SHARE = 0.15
MAX_GOAL_CHARS = 4000


class GoalBuilder(ValueBuilder):
    """Builds the goal block from its segments: its label, its column headers and the cells after them."""

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
            return {name: cell_of(item) for name, item in zip(order, items, strict=False)}
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
