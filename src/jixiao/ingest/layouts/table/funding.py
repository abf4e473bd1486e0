"""The funding block (项目资金 / 预算执行情况): one row per fund found by its label, the money read from
the columns its header names; the weight, the rate and the score from the total row."""

from __future__ import annotations

from jixiao.ingest.grid import Cell
from jixiao.ingest.layouts.table.headers import first_row_where, header_keys
from jixiao.ingest.layouts.table.reading import FormReader, Row, cell_at
from jixiao.layouts import Layout
from jixiao.model import Amount, Funding, FundingRow, FundKind
from jixiao.model.parse import fold, parse_amount


def read_funding(reader: FormReader, position: int) -> tuple[Funding, int]:
    vocab = reader.vocab
    layout = vocab.layout
    first_data = first_row_where(reader, position + 1, lambda row: _fund_label(row, layout)[1] is not None)
    keys = header_keys(reader.rows[position:max(first_data, position + 1)])
    columns = layout.funding_columns.match(keys)
    # 项目资金（元）: some provinces publish the money in 元; bare numbers are then converted to 万元.
    unit = "元" if layout.money_unit == "元" or any("(元)" in key for key in keys) else None
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


def _amount_at(reader: FormReader, row: Row, index: int | None, *, money: bool = False,
               unit: str | None = None) -> Amount:
    cell = cell_at(row, index)
    return parse_amount(cell.text if cell else "", reader.ref(row, cell), money=money, unit_hint=unit)


def _fund_label(row: Row, layout: Layout) -> tuple[Cell | None, FundKind | None]:
    """The label cell and the kind of a funding row, by the row's first non-blank text."""
    key = row.first_key
    if not key:
        return None, None
    for label, kind in layout.funding_rows:
        if key.startswith(label):
            return next(cell for cell in row.cells if cell.text and fold(cell.text)), kind
    return None, None
