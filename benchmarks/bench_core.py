"""Benchmark of the core: read, score and check a corpus of 10,000 forms, against only reading lines.

Run ``make bench`` (or ``python benchmarks/bench_core.py --help``). The corpus (see ``corpus.py``) is
written to a temporary directory, then each stage is timed in this process, best of ``--repeat``
runs, and the whole job is timed once more as a fresh ``python -c`` process, interpreter start-up and
imports included. Every figure is set beside the baseline of reading the same files and splitting
them into lines in plain Python, measured in the same run, so that a slow machine shows as a slow
baseline rather than a slow jixiao. The process is pinned to one core when the system allows it.

The issue's floor: read + score + check ≥ 1,000 forms/s on one core, whole process included. The
verdict is printed; ``--enforce-floor`` also makes it the exit status (for CI). ``--rules`` times each
check rule alone and ``--profile`` prints where the time goes.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import jixiao
from corpus import build_corpus, pin_to_one_core
from jixiao.checks import ALL_RULES

FLOOR_FORMS_PER_SECOND = 1000

BASELINE_SCRIPT = """
import sys
from pathlib import Path
lines = 0
for name in sys.argv[1:]:
    lines += len(Path(name).read_bytes().decode("utf-8").split("\\n"))
print(lines)
"""

LIBRARY_SCRIPT = """
import sys
import jixiao
forms = [form for name in sys.argv[1:] for form in jixiao.load_path(name).forms]
sheets = [jixiao.score(form) for form in forms]
findings = jixiao.check(forms, sheets=sheets)
print(len(forms), len(findings))
"""

# What `jixiao check FILE...` does before it renders: the same read, score and check, in a process
# that, owning itself, keeps the garbage collector off the forms it has read (cli.inputs.settle).
WHOLE_SCRIPT = """
import sys
from jixiao.cli.inputs import gather
batch = gather(sys.argv[1:], "mof-2020")
print(len(batch.forms), len(batch.findings))
"""


@dataclass(frozen=True)
class Timing:
    stage: str
    seconds: float
    forms: int


def main() -> int:
    options = _arguments()
    cores = pin_to_one_core()
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-") as tmp:
        started = time.perf_counter()
        paths = build_corpus(Path(tmp), files=options.files, forms_per_file=options.forms_per_file)
        size = sum(path.stat().st_size for path in paths)
        print(f"corpus: {options.files * options.forms_per_file:,} forms in {len(paths)} files, "
              f"{size / 1e6:.1f} MB, built in {time.perf_counter() - started:.1f} s")
        timings, forms, sheets = _measure_in_process(paths, options.repeat)
        timings += _measure_processes(paths, len(forms))
        _print_table(timings, cores)
        if options.rules:
            _print_rule_times(forms, sheets)
        if options.profile:
            _profile(paths)
    whole = timings[-1]
    below = whole.forms / whole.seconds < FLOOR_FORMS_PER_SECOND
    return 1 if below and options.enforce_floor else 0


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=100, help="dump files in the corpus (default 100)")
    parser.add_argument("--forms-per-file", type=int, default=100, help="forms per file (default 100)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per in-process stage; the best counts")
    parser.add_argument("--rules", action="store_true", help="also time each check rule on its own")
    parser.add_argument("--profile", action="store_true", help="also print a cProfile of read + score + check")
    parser.add_argument("--enforce-floor", action="store_true",
                        help=f"exit with status 1 when the whole process is below {FLOOR_FORMS_PER_SECOND:,} forms/s")
    return parser.parse_args()


def _best(runs: int, job: Callable[[], object]) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = job()
        best = min(best, time.perf_counter() - started)
    return best, result


def _measure_in_process(paths: list[Path], runs: int) -> tuple[list[Timing], list, list]:
    def baseline() -> int:
        return sum(len(path.read_bytes().decode("utf-8").split("\n")) for path in paths)

    def read() -> list:
        return [form for path in paths for form in jixiao.load_path(path).forms]

    baseline_seconds, _ = _best(runs, baseline)
    read_seconds, forms = _best(runs, read)
    score_seconds, sheets = _best(runs, lambda: [jixiao.score(form) for form in forms])
    check_seconds, _ = _best(runs, lambda: jixiao.check(forms, sheets=sheets))
    count = len(forms)
    timings = [
        Timing("baseline: read files, split lines", baseline_seconds, count),
        Timing("read (load_path: reader + layout)", read_seconds, count),
        Timing("score (mof-2020)", score_seconds, count),
        Timing(f"check ({len(ALL_RULES)} rules, cross-form too)", check_seconds, count),
        Timing("read + score + check", read_seconds + score_seconds + check_seconds, count),
    ]
    return timings, forms, sheets


def _measure_processes(paths: list[Path], count: int) -> list[Timing]:
    names = [str(path) for path in paths]
    timings = []
    for stage, script in (("baseline process: start, read lines", BASELINE_SCRIPT),
                          ("process: library calls read+score+check", LIBRARY_SCRIPT),
                          ("whole process: `jixiao check` without output", WHOLE_SCRIPT)):
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", script, *names], capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            raise SystemExit(f"{stage} failed:\n{done.stderr}")
        if script is not BASELINE_SCRIPT and int(done.stdout.split()[0]) != count:
            raise SystemExit(f"{stage} read {done.stdout.split()[0]} forms, expected {count}")
        timings.append(Timing(stage, seconds, count))
    return timings


def _print_table(timings: list[Timing], cores: str) -> None:
    in_process_baseline = timings[0].seconds
    process_baseline = timings[5].seconds
    print(f"\njixiao {jixiao.__version__} core benchmark · Python {sys.version.split()[0]} · {cores}")
    header = f"{'stage':<50}{'seconds':>9}{'forms/s':>11}{'× baseline':>12}"
    print(header)
    print("─" * len(header))
    for number, timing in enumerate(timings):
        baseline = in_process_baseline if number < 5 else process_baseline
        rate = timing.forms / timing.seconds
        print(f"{timing.stage:<50}{timing.seconds:>9.3f}{rate:>11,.0f}{timing.seconds / baseline:>11.1f}×")
    print("─" * len(header))
    print("× baseline: the stage's time divided by the time of only reading the same files and splitting\n"
          "them into lines (in this process for the first five rows, as a fresh process for the last three).")
    whole = timings[-1]
    rate = whole.forms / whole.seconds
    verdict = "PASS" if rate >= FLOOR_FORMS_PER_SECOND else "BELOW THE FLOOR"
    print(f"floor: read + score + check ≥ {FLOOR_FORMS_PER_SECOND:,} forms/s, whole process: "
          f"{rate:,.0f} forms/s → {verdict}")


def _print_rule_times(forms: list, sheets: list) -> None:
    """Each rule run alone over all forms: which rule costs what.

    The collector runs before each rule, so that a collection the heap was due for is not charged to
    whichever rule happened to trigger it.
    """
    times = []
    for rule in ALL_RULES:
        gc.collect()
        started = time.perf_counter()
        jixiao.check(forms, sheets=sheets, select=[rule.code])
        times.append((time.perf_counter() - started, rule))
    print(f"\n{'rule':<8}{'scope':<7}{'seconds':>9}  title")
    for seconds, rule in sorted(times, key=lambda item: item[0], reverse=True):
        print(f"{rule.code:<8}{rule.scope.value:<7}{seconds:>9.3f}  {rule.title_en}")


def _profile(paths: list[Path]) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    forms = [form for path in paths for form in jixiao.load_path(path).forms]
    sheets = [jixiao.score(form) for form in forms]
    jixiao.check(forms, sheets=sheets)
    profiler.disable()
    print()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    sys.exit(main())
