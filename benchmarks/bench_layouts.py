"""Benchmark of reading every layout in every text shape: forms/s through ``load_text``, against splitting.

Run ``make bench`` (or ``python benchmarks/bench_layouts.py --help``). 10,000 forms are generated with
``jixiao.synth`` (spread evenly over the layouts, the same seed giving the same forms), written as each
layout's table, and rendered in each text shape (``jixiao.ingest.text.render``), in texts of 100 forms
where the shape holds several forms (one table after the other), and of one form where a real text of
that shape is one document (a whole table on one line, a fused preview). Each layout × shape is then
timed through ``jixiao.ingest.loader.load_text`` in this process, best of ``--repeat`` runs, beside the
baseline measured in the same run on the same texts: splitting each text into lines and each line into
tokens in plain Python (``str.splitlines`` + ``str.split``), so that a slow machine shows as a slow
baseline rather than a slow jixiao. The process is pinned to one core when the system allows it.

The floor: every text shape reads ≥ 1,000 forms/s on one core. The verdict is printed per shape;
``--enforce-floor`` also makes it the exit status.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

import jixiao
from corpus import pin_to_one_core
from jixiao.ingest.loader import load_text
from jixiao.ingest.text.render import render
from jixiao.ingest.text.shapes import TextShape
from jixiao.layouts import Layout, all_layouts
from jixiao.synth import layout_rows, random_form

FLOOR_FORMS_PER_SECOND = 1000
SEED = 20230510
# Shapes whose real texts are one document each: a table on one line (006), a fused preview (004, 007).
ONE_FORM_SHAPES = frozenset({TextShape.SPACED_FLAT, TextShape.FUSED})


@dataclass(frozen=True)
class Timing:
    layout: str
    shape: TextShape
    texts: int
    forms: int  # generated
    read: int  # found by the reader
    errors: int  # texts on which load_text raised (it must not: each is a reader bug)
    seconds: float
    baseline: float

    @property
    def rate(self) -> float:
        return self.forms / self.seconds


def main() -> int:
    options = _arguments()
    cores = pin_to_one_core()
    started = time.perf_counter()
    corpus = _corpus(options.forms, options.forms_per_file, options.seed)
    size = sum(len(text) for texts in corpus.values() for text, _ in texts)
    print(f"corpus: {options.forms:,} forms × {len(TextShape)} shapes, {sum(map(len, corpus.values())):,} texts, "
          f"{size / 1e6:.1f} M characters, built in {time.perf_counter() - started:.1f} s")
    timings = [_measure(layout, shape, corpus[layout.name, shape], options.repeat)
               for shape in TextShape for layout in all_layouts()]
    _print_table(timings, cores)
    below = _print_verdicts(timings)
    return 1 if below and options.enforce_floor else 0


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, default=10_000, help="generated forms in all (default 10,000)")
    parser.add_argument("--forms-per-file", type=int, default=100,
                        help="forms per text where the shape holds several (default 100)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per layout × shape; the best counts")
    parser.add_argument("--seed", type=int, default=SEED, help="seed of the generated forms")
    parser.add_argument("--enforce-floor", action="store_true",
                        help=f"exit with status 1 when a shape is below {FLOOR_FORMS_PER_SECOND:,} forms/s")
    return parser.parse_args()


# --- the corpus --------------------------------------------------------------------------------------

Corpus = dict[tuple[str, TextShape], list[tuple[str, int]]]


def _corpus(forms: int, per_file: int, seed: int) -> Corpus:
    """(layout, shape) → [(text, forms in it)]: each layout's share of ``forms``, drawn once, rendered in
    every shape. Texts hold one layout each: the loader detects one layout per table."""
    layouts = all_layouts()
    corpus: Corpus = {}
    for number, layout in enumerate(layouts):
        share = forms // len(layouts) + (1 if number < forms % len(layouts) else 0)
        rng = random.Random(seed + number)
        tables = [layout_rows(random_form(layout, rng), layout) for _ in range(share)]
        for shape in TextShape:
            size = 1 if shape in ONE_FORM_SHAPES else max(1, per_file)
            corpus[layout.name, shape] = [_text(tables[start:start + size], shape, rng)
                                          for start in range(0, len(tables), size)]
    return corpus


def _text(tables: list[list[list[str]]], shape: TextShape, rng: random.Random) -> tuple[str, int]:
    return render([row for rows in tables for row in rows], shape, rng=rng), len(tables)


# --- timing ------------------------------------------------------------------------------------------

def _measure(layout: Layout, shape: TextShape, texts: list[tuple[str, int]], runs: int) -> Timing:
    def baseline() -> int:
        return sum(len(line.split()) for text, _ in texts for line in text.splitlines())

    errors: list[BaseException] = []

    def read() -> int:
        errors.clear()
        found = 0
        for text, _ in texts:
            try:
                found += len(load_text(text, "bench.txt").forms)
            except Exception as error:  # load_text must never raise; count it rather than stop the run
                errors.append(error)
        return found

    baseline_seconds, _ = _best(runs, baseline)
    seconds, found = _best(runs, read)
    if errors:
        print(f"  {shape} × {layout.name}: load_text raised on {len(errors)} texts, first: {errors[0]!r}")
    return Timing(layout.name, shape, len(texts), sum(count for _, count in texts), found, len(errors), seconds,
                  baseline_seconds)


def _best(runs: int, job: Callable[[], int]) -> tuple[float, int]:
    best, result = float("inf"), 0
    for _ in range(max(1, runs)):
        started = time.perf_counter()
        result = job()
        best = min(best, time.perf_counter() - started)
    return best, result


# --- the report --------------------------------------------------------------------------------------

def _print_table(timings: list[Timing], cores: str) -> None:
    print(f"\njixiao {jixiao.__version__} layouts × shapes benchmark · Python {sys.version.split()[0]} · {cores}")
    header = (f"{'shape':<17}{'layout':<20}{'texts':>7}{'forms':>7}{'read':>7}{'errors':>7}{'seconds':>9}"
              f"{'forms/s':>10}{'× baseline':>12}")
    print(header)
    print("─" * len(header))
    for timing in timings:
        flag = "" if timing.read == timing.forms else "  ← forms read ≠ forms written"
        ratio = timing.seconds / timing.baseline
        print(f"{timing.shape:<17}{timing.layout:<20}{timing.texts:>7}{timing.forms:>7}{timing.read:>7}"
              f"{timing.errors:>7}{timing.seconds:>9.3f}{timing.rate:>10,.0f}{ratio:>11.1f}×{flag}")
    print("─" * len(header))
    print("× baseline: the time load_text takes divided by the time of splitting the same texts into lines\n"
          "and tokens (str.splitlines + str.split), both in this process. read: forms found; errors: texts\n"
          "on which load_text raised (counted in the time, their forms not found).")


def _print_verdicts(timings: list[Timing]) -> bool:
    """One line per shape: its forms/s over all layouts against the floor. True when one is below it."""
    print(f"\n{'shape':<17}{'forms':>8}{'seconds':>9}{'forms/s':>10}{'× baseline':>12}  floor "
          f"{FLOOR_FORMS_PER_SECOND:,} forms/s")
    below = False
    for shape in TextShape:
        rows = [timing for timing in timings if timing.shape is shape]
        forms = sum(timing.forms for timing in rows)
        seconds = sum(timing.seconds for timing in rows)
        ratio = seconds / sum(timing.baseline for timing in rows)
        rate = forms / seconds
        verdict = "PASS" if rate >= FLOOR_FORMS_PER_SECOND else "FAIL"
        below = below or verdict == "FAIL"
        print(f"{shape:<17}{forms:>8}{seconds:>9.3f}{rate:>10,.0f}{ratio:>11.1f}×  {verdict}")
    return below


if __name__ == "__main__":
    sys.exit(main())
