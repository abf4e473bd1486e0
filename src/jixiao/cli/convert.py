"""`jixiao convert`: where the output goes and which writer makes it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from jixiao.cli.inputs import Batch
from jixiao.export import write_csv, write_docx, write_html, write_parquet, write_pdf, write_xlsx
from jixiao.model import codec

# The suffix of each format's file; csv and parquet write four tables named after a prefix.
SUFFIXES = {"json": ".json", "xlsx": ".xlsx", "docx": ".docx", "html": ".html", "pdf": ".pdf", "csv": "", "parquet": ""}


def default_output(first_input: str, to: str) -> Path:
    """The first input's name with the format's suffix, in the current folder (``a.txt`` → ``a.xlsx``;
    for tables the prefix ``a``, giving ``a_forms.csv`` and its siblings)."""
    return Path(Path(first_input).stem + SUFFIXES[to])


def write_batch(batch: Batch, to: str, target: Path, document: Callable[[Batch], dict[str, Any]], *,
                one_sheet: bool = False, mark_findings: bool = False, lang: str = "zh") -> None:
    """Write the batch's forms as ``to`` at ``target`` (every writer saves atomically).

    html and pdf mark the findings at their cells only with ``mark_findings``: by default they are
    the clean official form, to print, stamp and publish."""
    marked = batch.findings if mark_findings else ()
    if to == "json":
        codec.save(codec.document_text(document(batch)), target)
    elif to == "xlsx":
        write_xlsx(batch.forms, target, one_sheet=one_sheet, ruleset=batch.ruleset)
    elif to == "docx":
        write_docx(batch.forms, target, ruleset=batch.ruleset)
    elif to == "html":
        write_html(batch.forms, target, findings=marked, lang=lang, ruleset=batch.ruleset)
    elif to == "pdf":
        write_pdf(batch.forms, target, findings=marked, lang=lang, ruleset=batch.ruleset)
    elif to == "csv":
        write_csv(batch.forms, batch.findings, target, ruleset=batch.ruleset)
    else:
        write_parquet(batch.forms, batch.findings, target, ruleset=batch.ruleset)
