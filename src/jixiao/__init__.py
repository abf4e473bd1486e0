"""jixiao (绩效): read, score and check 项目支出绩效自评表 (project expenditure performance self-evaluation forms).

The public API:

- ``read(path_or_text) -> list[Form]``: every form in a file, or in dump text;
- ``score(form, ruleset="mof-2020") -> ScoreSheet``: the official scoring, every step explained;
- ``check(forms) -> list[Finding]``: the documented rules, single-form and cross-form;
- ``to_json(forms, findings)`` / ``from_json(document)`` / ``write(forms, path)``: the versioned JSON
  schema (``jixiao.model.codec``; documented in ``docs/schema.md``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jixiao.checks import check
from jixiao.ingest.loader import LoadResult, ReadError, load_path, load_text
from jixiao.model import Finding, Form, Severity, codec
from jixiao.model.codec import from_json
from jixiao.scoring import ScoreSheet, score

__version__ = "0.1.0"

__all__ = ["Finding", "Form", "LoadResult", "ReadError", "ScoreSheet", "Severity", "__version__", "check",
           "from_json", "load_path", "read", "score", "to_json", "write"]


def read(path_or_text: str | Path) -> list[Form]:
    """Every form in a file (a ``Path``, or a string naming an existing file) or in dump text.

    Raises ``ReadError`` when the input cannot be read at all or holds no form; problems inside a
    form that was read (a row with a missing cell, a block cut off) are reported by ``check``-side
    tools through ``load_path`` instead, which never raises.
    """
    if isinstance(path_or_text, Path) or _looks_like_path(path_or_text):
        result = load_path(path_or_text)
    else:
        result = load_text(str(path_or_text))
    if not result.readable:
        raise ReadError(result.findings[-1])
    return result.forms


def to_json(forms: Sequence[Form], findings: Sequence[Finding] = (), sheets: Sequence[ScoreSheet] | None = None,
            *, ruleset: str = "mof-2020") -> dict[str, Any]:
    """The ``jixiao.form/1`` document of ``forms`` and ``findings``, each form with its ``score``.

    Without ``sheets`` the forms are scored here under ``ruleset``.
    """
    named: str | None = ruleset
    if sheets is None:
        sheets = [score(form, ruleset) for form in forms]
    else:  # name the ruleset only when every given sheet was scored under the same one
        names = {sheet.ruleset for sheet in sheets}
        named = names.pop() if len(names) == 1 else None
    return codec.to_json(forms, findings, sheets, ruleset=named)


def write(forms: Sequence[Form], path: str | Path, findings: Sequence[Finding] = (), *,
          ruleset: str = "mof-2020") -> None:
    """Write the JSON document of ``forms`` to ``path`` atomically (a temporary file, then a rename)."""
    codec.save(codec.document_text(to_json(forms, findings, ruleset=ruleset)), path)


def _looks_like_path(text: str) -> bool:
    """A one-line string without tabs is a path (missing files get R001), anything else dump text."""
    return "\n" not in text and "\t" not in text and len(text) < 4096
