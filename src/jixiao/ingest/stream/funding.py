"""The 项目资金 (funding) block of a stream-read form: its rows' budgets and the total row's weight, rate and score.

Each row's values are placed per column (``ValueBuilder._row_cells``): by position where each token is
a cell, fitted where tokens are chunks between spaces, split where cells are fused. A block read out of
order keeps only what can be told without its rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from jixiao.ingest.stream.builder import FUNDING_PATHS, TOTAL_ONLY, ValueBuilder, cell_of
from jixiao.ingest.stream.fit import fit_cells
from jixiao.ingest.stream.lexer import Item
from jixiao.ingest.stream.rowparts import SCRAMBLED_CONFIDENCE, Cell
from jixiao.ingest.stream.rows import is_value
from jixiao.ingest.stream.values import BLANK_SET, MONEY, Hints, money_value
from jixiao.ingest.stream.walk import Segment
from jixiao.model import Amount, Funding, FundingRow, FundKind

_MONEY_ORDER = ("initial_budget", "full_year_budget", "executed")  # FundingRow's money, in its order
# The row kinds by name: a dict lookup, not the enum's call, for the few rows of every form.
_KINDS = {kind.value: kind for kind in FundKind}
_new = tuple.__new__  # a named tuple from all its fields in order, without its Python-level __new__


class FundingBuilder(ValueBuilder):
    """Builds the funding block from its segments: the block's label, its column headers and one per fund row."""

    def _funding(self, segments: list[Segment]) -> Funding:
        columns = self._columns(segments, "fund_col", self.layout.funding_columns.order)
        section = next((segment.label for segment in segments if segment.role.group == "section"), None)
        points = section.hit.points if section is not None and section.hit is not None else None
        rows = [segment for segment in segments if segment.role.group == "fund_row"]
        # Figures under a header or the block's label rather than after a row label: the block was read
        # out of order. (Words there are a header the layout does not name, such as 年度预算数(万元) over the
        # money columns: no figure of a row.)
        strays = [item for segment in segments if segment.role.group != "fund_row" for item in segment.values
                  if item.text and item.text not in BLANK_SET and (is_value(item.text) or (
                      item.fused and any(char.isdigit() for char in item.text)))]
        if strays:
            return self._scrambled_funding(rows, strays, columns)
        weighted = self.layout.scoring.weighted
        funding_rows: list[FundingRow] = []
        weight = rate = score = Amount()
        totals: tuple[tuple[str, Decimal], ...] = ()
        total_confidence = 1.0
        for position, segment in enumerate(rows):
            kind = _KINDS.get(segment.role.name) or FundKind(segment.role.name)
            # A 其中 row's weight and score cells are empty (or a dash): only the total row scores.
            # (All the hints' fields in order: weight, totals, weighted, ocr, rest_allowed, blank_only.)
            row_hints = _new(Hints, (points, totals, weighted, None, True,
                                     () if kind is FundKind.TOTAL else ("weight", "score")))
            # A 其中 row is split against the total: no surer than the total's split.
            cells = self._row_cells(segment, columns, row_hints, f"funding.rows[{position}]", cap=total_confidence)
            get, amount = cells.get, self.amount
            funding_rows.append(FundingRow(self.text(cell_of(segment.label), "funding"), kind,
                                           amount(get("initial_budget"), "funding", money=True),
                                           amount(get("full_year_budget"), "funding", money=True),
                                           amount(get("executed"), "funding", money=True)))
            if kind is FundKind.TOTAL:
                weight, rate, score = (self.amount(cells.get(name), "funding") for name in TOTAL_ONLY)
                # As written (in the form's unit, 元 or 万元), as the 其中 rows are split against them.
                written = ((name, money_value(cells[name].text)) for name in _MONEY_ORDER if name in cells)
                totals = tuple((name, value) for name, value in written if value is not None)
                total_confidence = min((cells[name].confidence for name in _MONEY_ORDER if name in cells), default=1.0)
        # A weight written only in the block's header (预算执行情况(20分)) stays out of Funding.weight, as in
        # the table reader: the layout's scoring knows it; it serves above as a hint for the score.
        return Funding(tuple(funding_rows), weight, rate, score)

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
            funding_rows.append(FundingRow(self.text(cell_of(segment.label), "funding"), FundKind(segment.role.name)))
        triple = _scoring_triple(pool)
        if triple is None:
            for column in TOTAL_ONLY:
                if column in columns:
                    self.lose(f"funding.{FUNDING_PATHS[column]}", "funding", pool[0], raw)
            return Funding(tuple(funding_rows))
        weight, rate, score = (self.amount(Cell(item.text, item, SCRAMBLED_CONFIDENCE), "funding") for item in triple)
        return Funding(tuple(funding_rows), weight, rate, score)


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
