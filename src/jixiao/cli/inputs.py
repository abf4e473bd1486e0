"""A command's inputs: FILE and DIR arguments → loaded forms, their score sheets and their findings.

Nothing here prints. Every failure — a missing file, a directory without files, a form that
cannot be scored, checks that crash — becomes a finding, so the commands only render a ``Batch``.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jixiao.checks import check
from jixiao.i18n import t
from jixiao.ingest.loader import LoadResult, load_path
from jixiao.ingest.problems import problem
from jixiao.model import Finding, Form, Severity, SourceRef
from jixiao.scoring import ScoreSheet, score

# Reading problems that mean "nothing in this input was read"; they are shown whatever the filters.
UNREADABLE_CODES = frozenset({"R001", "R002"})


@dataclass(slots=True)
class Batch:
    """Everything one run read and found, in input order."""

    ruleset: str
    results: list[LoadResult]
    forms: list[Form] = field(default_factory=list)
    sheets: list[ScoreSheet | None] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def unreadable(self) -> list[LoadResult]:
        return [result for result in self.results if not result.readable]

    def count(self, severity: Severity) -> int:
        return sum(finding.severity is severity for finding in self.findings)

    @property
    def exit_status(self) -> int:
        """2 when an input could not be read, else 1 when a finding is an error, else 0."""
        if self.unreadable:
            return 2
        return 1 if self.count(Severity.ERROR) else 0


def split_codes(values: Iterable[str] | None) -> list[str] | None:
    """``["A001,F", "x"]`` → ``["A001", "F", "X"]``; None (no filter) when nothing was given."""
    codes = [code.strip().upper() for value in values or () for code in value.split(",") if code.strip()]
    return codes or None


def matches(code: str, prefixes: Sequence[str]) -> bool:
    return any(code.upper().startswith(prefix) for prefix in prefixes)


def keep(finding: Finding, select: Sequence[str] | None, ignore: Sequence[str] | None) -> bool:
    """Whether ``--select`` / ``--ignore`` let a reading finding through (unreadable inputs always pass)."""
    if finding.code in UNREADABLE_CODES and not finding.forms:
        return True
    return (select is None or matches(finding.code, select)) and not (ignore and matches(finding.code, ignore))


def expand(arguments: Sequence[str]) -> list[str]:
    """Files to read: each FILE as given, each DIR's files (recursively, sorted, hidden ones skipped).

    A path given twice (or reached twice) is read once, so form ids stay unique.
    """
    paths: list[str] = []
    seen: set[str] = set()
    for argument in arguments:
        for path in _files_of(argument):
            key = os.path.realpath(path)
            if key not in seen:
                seen.add(key)
                paths.append(path)
    return paths


def _files_of(argument: str) -> list[str]:
    root = Path(argument)
    if not root.is_dir():
        return [argument]
    found = [path for path in root.rglob("*") if path.is_file() and not _hidden(path.relative_to(root))]
    # An empty directory is returned as itself: loading it then reports why nothing was read.
    return [str(path) for path in sorted(found, key=lambda p: p.relative_to(root).parts)] or [argument]


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") or part == "__pycache__" for part in relative.parts)


def load(path: str, layout: str | None = None) -> LoadResult:
    if Path(path).is_dir():
        finding = problem("R001", t("empty_dir", "zh", path=path), t("empty_dir", "en", path=path),
                          location=SourceRef(file=path))
        return LoadResult(path=path, findings=[finding], readable=False)
    return load_path(path, layout)


def score_all(forms: Sequence[Form], ruleset: str) -> tuple[list[ScoreSheet | None], list[Finding]]:
    """A sheet per form; a form the engine fails on gets None and an R005 finding instead."""
    sheets: list[ScoreSheet | None] = []
    findings: list[Finding] = []
    for form in forms:
        try:
            sheets.append(score(form, ruleset))
        except Exception as error:  # a defect in scoring must not stop the other forms
            sheets.append(None)
            findings.append(problem("R005", t("score_failed", "zh", error=repr(error)),
                                    t("score_failed", "en", error=repr(error)), forms=(form.id,)))
    return sheets, findings


def run_checks(forms: Sequence[Form], sheets: Sequence[ScoreSheet | None], ruleset: str,
               select: Sequence[str] | None, ignore: Sequence[str] | None) -> list[Finding]:
    """``jixiao.check`` over the forms that were scored; a crash of the runner becomes one finding."""
    pairs = [(form, sheet) for form, sheet in zip(forms, sheets, strict=True) if sheet is not None]
    try:
        return check([form for form, _ in pairs], ruleset=ruleset, select=select, ignore=ignore,
                     sheets=[sheet for _, sheet in pairs])
    except Exception as error:  # the runner isolates rules; this guards the runner itself
        return [problem("R005", t("check_failed", "zh", error=repr(error)),
                        t("check_failed", "en", error=repr(error)))]


def settle() -> None:
    """Move everything made so far out of the garbage collector's way (``gc.freeze``).

    The command owns its process, and what it has made — forms, score sheets, findings — lives until
    the process exits and holds no reference cycles. Without this, every later collection walks the
    millions of objects of a large batch again, which costs a third of a run over 10,000 forms.
    Frozen objects are still freed by reference counting; only cycles among them would outlive the
    run, and there are none. The library itself never does this to its caller's process.
    """
    gc.freeze()


def load_all(arguments: Sequence[str], layout: str | None = None) -> list[LoadResult]:
    results = []
    for path in expand(arguments):
        results.append(load(path, layout))
        settle()
    return results


def gather(arguments: Sequence[str], ruleset: str, *, select: Sequence[str] | None = None,
           ignore: Sequence[str] | None = None, checks: bool = True, layout: str | None = None) -> Batch:
    """Load every input (under ``layout``, or each table's detected one), score every form and (with
    ``checks``) run the selected rules."""
    batch = Batch(ruleset=ruleset, results=load_all(arguments, layout))
    reading: list[Finding] = []
    for result in batch.results:
        batch.forms.extend(result.forms)
        reading.extend(finding for finding in result.findings if keep(finding, select, ignore))
    batch.sheets, failures = score_all(batch.forms, ruleset)
    settle()
    batch.findings = reading + failures
    if checks:
        batch.findings += run_checks(batch.forms, batch.sheets, ruleset, select, ignore)
    return batch
