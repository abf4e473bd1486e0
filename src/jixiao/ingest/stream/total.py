"""The 总分 (total) block of a stream-read form: the total weight, the total score, and a grade after them.

Where text without cells holds a single number for the total, it is placed by the sum over the form it
equals (``sums.summed``): the weights, or the scores, of the funding and the indicators.
"""

from __future__ import annotations

import re

from jixiao.ingest.stream.builder import LOST_CONFIDENCE, ValueBuilder, cell_of
from jixiao.ingest.stream.rowparts import Cell
from jixiao.ingest.stream.sums import summed
from jixiao.ingest.stream.values import Hints
from jixiao.ingest.stream.walk import Segment
from jixiao.model import Funding
from jixiao.model.parse import fold

# Confidence of a lone total placed by the sum it equals (the indicators' and the funding's scores).
SUM_CONFIDENCE = 0.8
# A grade after the total (评价等次 优), its word optional, and the word alone.
_GRADE = re.compile(r"(?:(?:评价等次|评价等级|自评等级|等次|等级):?)?(?P<grade>优秀|良好|优|良|中|差)$")
_GRADE_WORD = re.compile(r"(?:评价等次|评价等级|自评等级|等次|等级):?")
_WORDED_GRADE = re.compile(r"(?:评价等次|评价等级|自评等级|等次|等级):?(?P<grade>优秀|良好|优|良|中|差)")


class TotalBuilder(ValueBuilder):
    """Builds the total from its segment, given the values of the blocks before it (their sums place it)."""

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
        return Segment(segment.role, segment.label, kept), cell_of(values[at])

    def _whole_total(self, segment: Segment, values: dict[str, object]) -> dict[str, Cell] | None:
        """The total when its values, read as one number, equal the form's sum of weights or of scores:
        ``总分100`` is 100, not 10 | 0, wherever the rows add up to 100."""
        items = [item for item in segment.values if item.text]
        if len(items) != 1:
            return None
        cell = cell_of(items[0])
        name = summed(cell.text, values.get("indicators", ()), values.get("funding", Funding()))  # type: ignore[arg-type]
        return None if name is None else {name: cell._replace(confidence=min(cell.confidence, SUM_CONFIDENCE))}

    def _lone_total(self, cell: Cell, values: dict[str, object]) -> dict[str, Cell]:
        name = summed(cell.text, values.get("indicators", ()), values.get("funding", Funding()))  # type: ignore[arg-type]
        if name is not None:
            return {name: cell._replace(confidence=min(cell.confidence, SUM_CONFIDENCE))}
        # No sum tells: on a weighted layout a lone total is likelier the weight (100); doubted either way.
        name = "weight" if self.layout.scoring.weighted else "score"
        return {name: cell._replace(confidence=min(cell.confidence, LOST_CONFIDENCE))}
