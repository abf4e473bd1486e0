"""Shared pieces of the Rich output: the console, severity styles, locations, cell and number text.

User text (cells, messages) is always passed as plain ``Text`` or with markup off, so a cell that
happens to contain ``[bold]`` or ``:smile:`` is printed as written.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from jixiao import settings
from jixiao.i18n import t
from jixiao.model import Amount, Finding, Severity, TextValue
from jixiao.model.parse import clean_text
from jixiao.scoring.indicators import fmt

# Width when the output is not a terminal (a pipe, a file, a test): fixed so that output is the
# same everywhere, and wide enough for the ten columns of the indicator table.
PIPE_WIDTH = 120
SEVERITY_STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
TABLE_BOX = box.SIMPLE_HEAD
BROKEN_PIPE_STATUS = 141  # 128 + SIGPIPE, what a shell reports for a tool cut off by `| head`
WHERE_WIDTH = 32


def make_console(width: int | None = None, *, stderr: bool = False) -> Console:
    """A console on stdout (or stderr): the terminal's width, or ``PIPE_WIDTH`` when not a terminal."""
    stream: TextIO = sys.stderr if stderr else sys.stdout
    if not _is_terminal(stream):
        width = width or PIPE_WIDTH
        stream = TrimmedLines(stream)
    return ReportConsole(file=stream, width=width, markup=False, highlight=False, emoji=False, soft_wrap=False)


class ReportConsole(Console):
    """A Rich console that ends like other tools when the reader of a pipe goes away (``| head``)."""

    def on_broken_pipe(self) -> None:
        # Rich exits with 1, which ``jixiao check`` uses for "errors found"; 141 is 128 + SIGPIPE.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(BROKEN_PIPE_STATUS)


class TrimmedLines(io.TextIOBase):
    """A text stream that drops the blanks Rich pads each line with, out of pipes, files and diffs."""

    def __init__(self, stream: TextIO):
        super().__init__()
        self.stream = stream
        self.pending = ""

    def write(self, text: str) -> int:
        lines = (self.pending + text).split("\n")
        self.pending = lines.pop()  # an unfinished line waits for its end
        for line in lines:
            self.stream.write(line.rstrip(" ") + "\n")
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return False

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.stream, "encoding", None) or "utf-8"


def _is_terminal(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def severity_text(severity: Severity, lang: str) -> Text:
    return Text(severity.label(lang), style=SEVERITY_STYLES[severity])


def ordered(findings: Iterable[Finding]) -> list[Finding]:
    """Errors first, then warnings, then infos; by code within a severity, in reported order after that."""
    return sorted(findings, key=lambda finding: (finding.severity.rank, finding.code))


def where(finding: Finding, lang: str, *, with_form: bool = False, with_file: bool = False) -> str:
    """The cell (row, column, file line) and the field path of a finding, one per line.

    ``with_form`` names the form the cell is in (``#3``, or ``a.txt#3`` ``with_file``), for findings
    that concern several forms.
    """
    lines = []
    location = finding.location
    if location is not None:
        parts = []
        if with_form and location.form_index is not None:
            parts.append(f"{location.file if with_file else ''}#{location.form_index}")
        if location.row is not None and location.column is not None:
            parts.append(t("cell_at", lang, row=location.row, column=location.column))
        elif location.row is not None:
            parts.append(t("row_at", lang, row=location.row))
        if location.line is not None:
            parts.append(t("line_at", lang, line=location.line))
        if parts:
            lines.append(" · ".join(parts))
    if finding.field:
        lines.append(finding.field)
    return "\n".join(lines) or "—"


def message(finding: Finding, lang: str) -> Text:
    """The finding's message in ``lang`` and, dimmed under it, the raw text of the cell it points at."""
    text = Text(finding.text(lang))
    raw = clean_text(finding.raw or "")
    if raw:
        text.append("\n" + t("raw_text", lang, raw=cut(raw)), style="dim")
    return text


def cut(text: str, limit: int = settings.DISPLAY_CELL_CHARS) -> str:
    """Display text no longer than ``limit`` characters (the model keeps the whole text)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shown(value: TextValue | Amount, limit: int = settings.DISPLAY_CELL_CHARS) -> str:
    """A cell as written (blanks folded), cut for display."""
    return cut(clean_text(value.raw), limit)


def number(value: Decimal | None) -> str:
    return fmt(value)


def differs(declared: Decimal | None, computed: Decimal | None) -> bool:
    """Whether a recomputed score departs from the declared one by more than rounding."""
    return declared is not None and computed is not None and abs(declared - computed) > settings.SCORE_TOLERANCE


def computed_text(declared: Decimal | None, computed: Decimal | None, lang: str) -> Text:
    """A recomputed number, marked ``≠`` (and red in a terminal) when it departs from the declared one."""
    if not differs(declared, computed):
        return Text(number(computed))
    return Text(f"{t('differs', lang)} {number(computed)}", style="bold red")


def findings_table(findings: Iterable[Finding], lang: str, *, form_refs: Callable[[Finding], str] | None = None,
                   with_file: bool = False) -> Table:
    """Findings as rows: code, severity, where (preceded by the forms concerned, for cross-form ones), message."""
    table = Table(box=TABLE_BOX, show_edge=False, expand=True, pad_edge=False)
    table.add_column(t("col_code", lang), no_wrap=True)
    table.add_column(t("col_severity", lang), no_wrap=True)
    # Wide enough for a field path such as ``funding.rows[0].full_year_budget`` on one line.
    table.add_column(t("col_where", lang), min_width=WHERE_WIDTH, overflow="fold")
    table.add_column(t("col_message", lang), ratio=1, overflow="fold")
    for finding in ordered(findings):
        place = where(finding, lang, with_form=form_refs is not None, with_file=with_file)
        if form_refs is not None:
            place = f"{form_refs(finding)}\n{place}"
        table.add_row(finding.code, severity_text(finding.severity, lang), place, message(finding, lang))
    return table
