"""Benchmark of the web readers: PDF reading against pdfplumber's own ``extract_tables``, and HTML forms/s.

Run ``python benchmarks/bench_pdf.py [--forms N] [--repeat R]``. The founding forms are drawn as a PDF
(each form over two pages, as in the tests) and as one web page, by the test fixture builders. The
PDF figure is set beside the baseline of opening the same bytes with pdfplumber and calling
``extract_tables`` on every page, measured in the same run, best of ``--repeat``; the issue's floor is
that jixiao's reader (grids, merges, stitching, captions) takes at most 1.5× the baseline's time.
HTML is timed from bytes to forms (reader and layout), since that is what a user waits for.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))  # the fixture builders

import pdfplumber

import jixiao
from jixiao.ingest.layouts import table as national2020
from jixiao.ingest.readers.html import read_html
from jixiao.ingest.readers.pdf import read_pdf
from web_fixtures import draw_tables, form_table, page_html, pdf_bytes

ROOT = Path(__file__).resolve().parent.parent
FLOOR_RATIO = 1.5


def main() -> int:
    options = _arguments()
    sample = jixiao.read(ROOT / "tests" / "fixtures" / "founding_sample.txt")
    forms = [sample[n % len(sample)] for n in range(options.forms)]

    pages = draw_tables([form_table(form) for form in forms], page_height=600, page_numbers=True)
    pdf = pdf_bytes(pages)
    mine = _best(lambda: read_pdf(pdf, "bench.pdf"), options.repeat)
    baseline = _best(lambda: _extract_tables(pdf), options.repeat)
    ratio = mine / baseline
    print(f"PDF  {len(pages)} pages, {len(forms)} forms: jixiao {mine:.3f} s ({len(pages) / mine:.0f} pages/s), "
          f"pdfplumber extract_tables {baseline:.3f} s ({len(pages) / baseline:.0f} pages/s); "
          f"ratio {ratio:.2f}× (floor ≤ {FLOOR_RATIO}×: {'met' if ratio <= FLOOR_RATIO else 'MISSED'})")

    page = page_html(forms).encode("utf-8")
    html = _best(lambda: _html_forms(page), options.repeat)
    reader = _best(lambda: read_html(page, "bench.html"), options.repeat)
    print(f"HTML {len(forms)} forms in one page ({len(page) // 1024} KiB): {len(forms) / html:.0f} forms/s read to "
          f"forms, {len(forms) / reader:.0f} forms/s to grids alone")
    return 0 if ratio <= FLOOR_RATIO else 1


def _extract_tables(data: bytes) -> list:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_tables() for page in pdf.pages]


def _html_forms(page: bytes) -> int:
    return sum(len(national2020.extract_forms(grid)[0]) for grid in read_html(page, "bench.html"))


def _best(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, default=100, help="forms in the PDF and the page (default 100)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement; the best counts")
    return parser.parse_args()


if __name__ == "__main__":
    raise SystemExit(main())
