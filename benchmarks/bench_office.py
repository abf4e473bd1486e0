"""Benchmark of the Word and Excel readers: 1,000 .docx and 1,000 .xlsx forms, against python-docx and openpyxl.

Each file holds one founding form (the four cycled), built with python-docx / openpyxl by the test
fixtures, written to a temporary directory. Timed in this process, best of ``--repeat`` runs:

- jixiao: read the file's bytes, the reader (``read_docx`` / ``read_xlsx``), then the national layout;
- the baseline: python-docx ``Document()`` and every table cell's text, or openpyxl ``load_workbook``
  and every cell's value — loading the same files only, no layout.

The issue's floors: both readers at least 3× faster than their baseline. ``--enforce-floor`` makes
the verdict the exit status.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import docx
import openpyxl

from jixiao.ingest.layouts import table as national2020
from jixiao.ingest.readers.docx import read_docx
from jixiao.ingest.readers.xlsx import read_xlsx
from office_fixtures import founding_docx, founding_forms, founding_xlsx

FLOOR_RATIO = 3.0


def write_corpus(folder: Path, count: int) -> dict[str, list[Path]]:
    """``count`` .docx and ``count`` .xlsx files of one form each."""
    forms = founding_forms()
    builds = {"docx": [founding_docx(forms=[form]) for form in forms],
              "xlsx": [founding_xlsx(forms=[form]) for form in forms]}
    paths: dict[str, list[Path]] = {"docx": [], "xlsx": []}
    for kind, files in builds.items():
        for number in range(count):
            path = folder / f"form{number:04d}.{kind}"
            path.write_bytes(files[number % len(files)])
            paths[kind].append(path)
    return paths


def jixiao_forms(reader: Callable) -> Callable[[Path], int]:
    def run(path: Path) -> int:
        return sum(len(national2020.extract_forms(grid)[0]) for grid in reader(path.read_bytes(), str(path)))
    return run


def python_docx_cells(path: Path) -> int:
    document = docx.Document(str(path))
    return sum(bool(cell.text) for table in document.tables for row in table.rows for cell in row.cells)


def openpyxl_cells(path: Path) -> int:
    workbook = openpyxl.load_workbook(str(path))
    return sum(cell.value is not None for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row)


def best_time(job: Callable[[Path], int], paths: list[Path], repeat: int) -> tuple[float, int]:
    """The fastest of ``repeat`` runs over all ``paths`` (seconds), and what the job counted."""
    best, counted = float("inf"), 0
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        counted = sum(map(job, paths))
        best = min(best, time.perf_counter() - started)
    return best, counted


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--enforce-floor", action="store_true")
    options = parser.parse_args()
    verdicts = []
    with tempfile.TemporaryDirectory() as folder:
        paths = write_corpus(Path(folder), options.count)
        jobs = {"docx": (jixiao_forms(read_docx), python_docx_cells, "python-docx Document() + cells"),
                "xlsx": (jixiao_forms(read_xlsx), openpyxl_cells, "openpyxl load_workbook + cells")}
        for kind, (ours, baseline, baseline_name) in jobs.items():
            ours_time, forms = best_time(ours, paths[kind], options.repeat)
            base_time, _ = best_time(baseline, paths[kind], options.repeat)
            ratio = base_time / ours_time
            verdicts.append(ratio >= FLOOR_RATIO)
            print(f".{kind}: jixiao reader + layout {forms / ours_time:8.0f} forms/s ({forms} forms in "
                  f"{ours_time:.2f} s); {baseline_name} {len(paths[kind]) / base_time:8.0f} files/s; "
                  f"ratio {ratio:.1f}× (floor {FLOOR_RATIO:.0f}×: {'met' if ratio >= FLOOR_RATIO else 'MISSED'})")
    return 0 if all(verdicts) or not options.enforce_floor else 1


if __name__ == "__main__":
    sys.exit(main())
