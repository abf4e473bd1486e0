"""Two source trees of jixiao timed against each other on one text shape, in alternating runs on one core.

    .venv/bin/python scripts/ab_speed.py spaced-flat /tmp/before .               # 3 rounds, 10,000 forms
    .venv/bin/python scripts/ab_speed.py fused /tmp/before . --rounds 5 --forms 3000 --core 1

Each tree is a checkout (or ``git archive`` of one) holding ``src/jixiao``: ``git worktree add /tmp/before
HEAD`` gives the code before an uncommitted change. The texts are the benchmark's (``bench_layouts``:
``--forms`` generated forms spread over the layouts, one form per text in the one-form shapes, a hundred
in the others), made once by this checkout and read by both trees, so that they read the same texts.

Each round reads all the texts once with each tree, in a fresh process pinned to ``--core``, the trees'
order alternating from round to round: a machine's speed drifts by several percent over minutes, and
alternating spreads the drift over both. A change is real when it shows in every round. Every read is
cold (a fresh process): memos fill as they do in a batch.
"""

from __future__ import annotations

import argparse
import os
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def main() -> int:
    options = _arguments()
    if options.worker:
        return _work(Path(options.worker), options.core)
    trees = [Path(tree).resolve() for tree in options.trees]
    missing = [str(tree) for tree in trees if not (tree / "src" / "jixiao").is_dir()]
    if missing:
        print(f"no src/jixiao in {', '.join(missing)}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as folder:
        texts = Path(folder) / "texts.pickle"
        count = _write_texts(texts, options.shape, options.forms)
        print(f"{options.shape}: {count:,} texts of {options.forms:,} forms; core {options.core}")
        rates: dict[Path, list[float]] = {tree: [] for tree in trees}
        for number in range(options.rounds):
            for tree in trees if number % 2 == 0 else trees[::-1]:
                rate = _run(tree, texts, options.core)
                rates[tree].append(rate)
                print(f"  round {number + 1}  {tree}  {rate:,.0f} forms/s", flush=True)
    first, second = (rates[tree] for tree in trees)
    ratios = ", ".join(f"{b / a:.3f}" for a, b in zip(first, second, strict=True))
    print(f"{trees[1]} ÷ {trees[0]} per round: {ratios}")
    return 0


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shape", nargs="?", help="the text shape (see jixiao.ingest.text.shapes.TextShape)")
    parser.add_argument("trees", nargs="*", help="two source trees: the base first")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of one run per tree (default 3)")
    parser.add_argument("--forms", type=int, default=10_000, help="generated forms (default 10,000)")
    parser.add_argument("--core", type=int, default=0, help="the core the runs are pinned to (default 0)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)  # a run: the texts to read
    options = parser.parse_args()
    if not options.worker and (options.shape is None or len(options.trees) != 2):
        parser.error("give a text shape and two source trees")
    return options


def _write_texts(path: Path, shape: str, forms: int) -> int:
    """The benchmark's texts of ``shape``, made with this checkout's generator, as one pickle."""
    sys.path.insert(0, str(BENCHMARKS))
    import bench_layouts  # the benchmark's corpus, as it builds it
    from jixiao.ingest.text.shapes import TextShape

    corpus = bench_layouts._corpus(forms, 100, bench_layouts.SEED)
    texts = [text for (_, text_shape), shaped in corpus.items() if text_shape is TextShape(shape)
             for text, _ in shaped]
    path.write_bytes(pickle.dumps((texts, forms)))
    return len(texts)


def _run(tree: Path, texts: Path, core: int) -> float:
    """Forms/s of one cold read of the texts by ``tree``'s jixiao, in a process of its own."""
    environment = {**os.environ, "PYTHONPATH": str(tree / "src")}
    done = subprocess.run([sys.executable, __file__, "--worker", str(texts), "--core", str(core)],
                          env=environment, capture_output=True, text=True, check=True)
    return float(done.stdout.split()[-1])


def _work(texts: Path, core: int) -> int:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {core})
    from jixiao.ingest.loader import load_text

    read, forms = pickle.loads(texts.read_bytes())
    started = time.perf_counter()
    for text in read:
        load_text(text, "ab.txt")
    print(forms / (time.perf_counter() - started))
    return 0


if __name__ == "__main__":
    sys.exit(main())
