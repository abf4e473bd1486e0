"""Benchmark of the writers: forms/s writing .xlsx, .docx, .csv, .parquet, .html and .pdf, each beside a
baseline.

Each writer is timed building its file in memory (the atomic save to disk is the same for every
format and is left out) for ``--forms`` forms (the four founding forms repeated under new ids).
Every figure is set beside a baseline measured in the same run on the same data, so that a slow
machine shows as a slow baseline:

- xlsx: openpyxl writing the same cells as plain values, one sheet per form, no styles or merges;
- docx: python-docx writing a table of the same size per form, no merges, fonts or borders;
- csv: the csv module writing the same rows, already built, as strings;
- parquet: pyarrow writing the same rows with every column as a string;
- html: the same cells joined into a bare <table> per form with str.join (no template, no styles);
- pdf: WeasyPrint rendering that bare page (so the ratio is the cost of the official layout's
  styles and merges); timed on ``--pdf-forms`` forms, as PDF rendering is slow.

Our figures include scoring each form (the writers score to fill the formulas and totals), which
the baselines do not do; the findings are found once, outside the timing.
Run ``python benchmarks/bench_export.py --help``.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import html
import io
import time
from collections.abc import Callable
from pathlib import Path

import docx
import pyarrow as pa
import pyarrow.parquet as pq
from openpyxl import Workbook

import jixiao
from jixiao.export.docx import docx_bytes
from jixiao.export.html import html_text
from jixiao.export.layout import formula_value, plan_form
from jixiao.export.pdf import pdf_bytes, render
from jixiao.export.tables import TABLES, arrow_table, build_tables, csv_text, parquet_bytes
from jixiao.export.xlsx import xlsx_bytes
from jixiao.model import Form

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "founding_sample.txt"


def corpus(count: int) -> list[Form]:
    founding = jixiao.read(FIXTURE)
    return [dataclasses.replace(founding[i % 4], id=f"bench#{i}") for i in range(count)]


def best_of(repeat: int, job: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return min(times)


def plain_cells(forms: list[Form]) -> list[list[tuple[int, int, object]]]:
    """Each form's cells as (row, column, value): what the baselines write, without any styling."""
    cells = []
    for form in forms:
        plan = plan_form(form, jixiao.score(form))
        cells.append([(c.row, c.column, _plain(formula_value(c))) for c in plan.cells])
    return cells


def _plain(value: object) -> object:
    return None if value is None else (value if isinstance(value, str) else float(value))


def baseline_xlsx(cells: list[list[tuple[int, int, object]]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for number, form_cells in enumerate(cells):
        sheet = workbook.create_sheet(f"s{number}")
        for row, column, value in form_cells:
            sheet.cell(row=row, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def baseline_docx(cells: list[list[tuple[int, int, object]]]) -> bytes:
    document = docx.Document()
    for form_cells in cells:
        document.add_paragraph(str(form_cells[0][2]))
        document.add_paragraph(str(form_cells[1][2]))
        body = {(row, column): value for row, column, value in form_cells[2:]}
        rows = max(row for row, _ in body) - 2
        table = document.add_table(rows=rows, cols=9)
        for offset, row in enumerate(table.rows):
            for column, cell in enumerate(row.cells, start=1):
                value = body.get((offset + 3, column))
                if value is not None:
                    cell.text = str(value)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def baseline_csv(rows_by_table: dict[str, list[list[str]]]) -> list[str]:
    texts = []
    for rows in rows_by_table.values():
        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows)
        texts.append(buffer.getvalue())
    return texts


def baseline_parquet(rows_by_table: dict[str, list[list[str]]]) -> list[bytes]:
    out = []
    for rows in rows_by_table.values():
        header, body = rows[0], rows[1:]
        table = pa.table({name: pa.array([row[k] for row in body], pa.string()) for k, name in enumerate(header)})
        sink = io.BytesIO()
        pq.write_table(table, sink, compression="zstd")
        out.append(sink.getvalue())
    return out


def baseline_html(cells: list[list[tuple[int, int, object]]]) -> str:
    tables = []
    for form_cells in cells:
        rows: dict[int, list[str]] = {}
        for row, _column, value in form_cells:
            rows.setdefault(row, []).append(f"<td>{html.escape(str(_plain(value)))}</td>")
        tables.append("<table>" + "".join(f"<tr>{''.join(row)}</tr>" for row in rows.values()) + "</table>")
    return "<!doctype html><meta charset=utf-8>" + "".join(tables)


def string_rows(forms: list[Form]) -> dict[str, list[list[str]]]:
    tables = build_tables(forms, jixiao.check(forms))
    rows = {}
    for name in TABLES:
        records = getattr(tables, name)
        header = list(records[0]) if records else []
        rows[name] = [header] + [["" if v is None else str(v) for v in record.values()] for record in records]
    return rows


def ours_tables(forms: list[Form], findings: list, as_parquet: bool) -> None:
    tables = build_tables(forms, findings)
    for name in TABLES:
        rows = getattr(tables, name)
        parquet_bytes(arrow_table(rows, name)) if as_parquet else csv_text(rows, name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    parser.add_argument("--pdf-forms", type=int, default=40, help="forms for the (slow) PDF timing")
    args = parser.parse_args()
    forms = corpus(args.forms)
    cells, rows = plain_cells(forms), string_rows(forms)
    findings = jixiao.check(forms)  # the checks are not the writers' work: found once, outside the timing
    jobs = {
        "xlsx": (lambda: xlsx_bytes(forms), lambda: baseline_xlsx(cells), "openpyxl, plain cells"),
        "docx": (lambda: docx_bytes(forms), lambda: baseline_docx(cells), "python-docx, table without merges"),
        "csv": (lambda: ours_tables(forms, findings, False), lambda: baseline_csv(rows), "csv module, same rows"),
        "parquet": (lambda: ours_tables(forms, findings, True), lambda: baseline_parquet(rows),
                    "pyarrow, string columns"),
    }
    jobs["html"] = (lambda: html_text(forms), lambda: baseline_html(cells), "str.join, bare tables")
    few, few_cells = forms[:args.pdf_forms], cells[:args.pdf_forms]
    jobs["pdf"] = (lambda: pdf_bytes(few), lambda: render(baseline_html(few_cells)), "WeasyPrint, bare tables")
    print(f"{args.forms} forms ({args.pdf_forms} for pdf), best of {args.repeat}")
    print(f"{'format':8} {'jixiao forms/s':>15} {'baseline forms/s':>17}  {'ratio':>6}  baseline")
    for name, (ours, baseline, label) in jobs.items():
        count = args.pdf_forms if name == "pdf" else args.forms
        mine, theirs = best_of(args.repeat, ours), best_of(args.repeat, baseline)
        print(f"{name:8} {count / mine:15.0f} {count / theirs:17.0f}  {theirs / mine:6.2f}  {label}")


if __name__ == "__main__":
    main()
