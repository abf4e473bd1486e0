"""Regenerate the golden files of the command line (tests/golden/) from the current code.

    .venv/bin/python scripts/regen_golden.py           # rewrite every golden file
    .venv/bin/python scripts/regen_golden.py --check   # only say which ones would change (exit 1)

The commands run in-process from the repository root, on the founding sample, at a fixed width and
with colour off, so the output is the same on every machine and the paths in it are relative.
A golden file is what a person has read and accepted: review ``git diff tests/golden`` after running.
``tests/test_cli.py`` uses ``GOLDEN`` and ``render`` from here, so the test and the script cannot drift.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLDEN_DIR = ROOT / "tests" / "golden"
SAMPLE = "tests/fixtures/founding_sample.txt"
WIDTH = "120"

# golden file name → (command-line arguments, expected exit status)
GOLDEN: dict[str, tuple[list[str], int]] = {
    "founding_sample.check.zh.txt": (["check", SAMPLE, "--width", WIDTH], 1),
    "founding_sample.check.en.txt": (["check", SAMPLE, "--lang", "en", "--width", WIDTH], 1),
    "founding_sample.check.json": (["check", SAMPLE, "--format", "json"], 1),
    "founding_sample.show.zh.txt": (["show", SAMPLE, "--width", WIDTH], 0),
}
# The published samples of other layouts and text shapes (tests/fixtures/samples/SOURCES.md): what
# jixiao reads and finds in each, and — where the text has lost a value — that it says so (R006).
SAMPLES = {"002": 1, "004": 0, "006": 1, "007": 1, "009": 0, "013": 1}  # sample → exit status
for _number, _status in SAMPLES.items():
    _path = f"tests/fixtures/samples/{_number}.txt"
    GOLDEN[f"samples/{_number}.check.zh.txt"] = (["check", _path, "--width", WIDTH], _status)
    GOLDEN[f"samples/{_number}.check.json"] = (["check", _path, "--format", "json"], _status)

# Environment that could change the output: colour forcing, terminal size, the default language.
NEUTRAL_ENV: dict[str, str | None] = {
    "FORCE_COLOR": None, "NO_COLOR": None, "TTY_COMPATIBLE": None, "TTY_INTERACTIVE": None,
    "COLUMNS": None, "LINES": None, "JIXIAO_LANG": None, "JIXIAO_DEBUG": None,
}


def render(arguments: list[str]) -> tuple[int, str]:
    """(exit status, stdout) of ``jixiao ARGUMENTS`` run from the repository root."""
    sys.path.insert(0, str(ROOT / "src"))  # run from a checkout even without an installed package
    from typer.testing import CliRunner

    from jixiao.cli.main import app

    with contextlib.chdir(ROOT):
        result = CliRunner().invoke(app, arguments, env=NEUTRAL_ENV, catch_exceptions=False)
    return result.exit_code, result.stdout


def main(argv: list[str]) -> int:
    check_only = "--check" in argv
    GOLDEN_DIR.mkdir(parents=True, exist_ok=True)
    stale = []
    for name, (arguments, expected_status) in GOLDEN.items():
        status, output = render(arguments)
        if status != expected_status:
            print(f"{name}: `jixiao {' '.join(arguments)}` exited {status}, expected {expected_status}")
        path = GOLDEN_DIR / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and path.read_text(encoding="utf-8") == output:
            continue
        stale.append(name)
        if not check_only:
            path.write_text(output, encoding="utf-8")
    verb = "would change" if check_only else "rewritten"
    print(f"{len(stale)} golden file(s) {verb}: {', '.join(stale) or '-'}")
    if stale and not check_only:
        print("Review them: git diff tests/golden")
    return 1 if stale and check_only else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
