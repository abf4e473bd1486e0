"""The head of a stream-read form: its title, year, 项目名称 (project name), 主管部门 (competent department)
and 实施单位 (implementing unit)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from jixiao.ingest.stream.builder import STRAY_CONFIDENCE, ValueBuilder, cell_of
from jixiao.ingest.stream.lexer import Item
from jixiao.ingest.stream.rowparts import Cell
from jixiao.ingest.stream.walk import Draft, Segment
from jixiao.model.parse import fold

_YEAR = re.compile(r"(\d{4})年度?")


class HeadBuilder(ValueBuilder):
    """Builds the head's values from the draft's head segments."""

    def _head(self, draft: Draft) -> dict[str, object]:
        values: dict[str, object] = {}
        for segment in draft.head:
            group, name = segment.role
            if group == "title":
                # The title is no block of the form: its doubt does not make the form's.
                values.setdefault("title", self.text(cell_of(segment.label), "title"))
                if "year" not in values:
                    values.update(self._year(segment))
            elif name in ("project_name", "competent_department", "implementing_unit") and name not in values:
                values[name] = self.text(self._joined(segment.values), "head")
        return values

    def _year(self, segment: Segment) -> dict[str, object]:
        for item in (segment.label, *segment.values):
            match = _YEAR.search(fold(item.text))
            if match:
                return {"year": int(match.group(1)), "year_text": self.text(cell_of(item), "title")}
        return {}

    def _joined(self, items: Sequence[Item]) -> Cell | None:
        """One value from the items after a label: a single item as it is; several (a value with
        spaces, or stray cells) joined with a space, doubted a little."""
        filled = [item for item in items if item.text]
        if len(filled) <= 1:
            return cell_of(filled[0]) if filled else None
        confidence = min(min(item.confidence for item in filled), STRAY_CONFIDENCE)
        return Cell(" ".join(item.text for item in filled), filled[0], confidence)
