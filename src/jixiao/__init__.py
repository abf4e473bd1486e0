"""jixiao (绩效): read, score and check 项目支出绩效自评表 (project expenditure performance self-evaluation forms).

The public API:

- ``read(path_or_text) -> list[Form]``: every form in a file, or in dump text;
- ``score(form, ruleset="mof-2020") -> ScoreSheet``: the official scoring, every step explained;
- ``check(forms) -> list[Finding]``: the documented rules, single-form and cross-form;
- ``to_json`` / ``from_json`` (in ``jixiao.model.codec``): the versioned JSON schema.
"""

from __future__ import annotations

from pathlib import Path

from jixiao.checks import check
from jixiao.ingest.loader import LoadResult, ReadError, load_path, load_text
from jixiao.model import Finding, Form, Severity
from jixiao.scoring import ScoreSheet, score

__version__ = "0.1.0"

__all__ = ["Finding", "Form", "LoadResult", "ReadError", "ScoreSheet", "Severity", "__version__", "check",
           "load_path", "read", "score"]


def read(path_or_text: str | Path) -> list[Form]:
    """Every form in a file (a ``Path``, or a string naming an existing file) or in dump text.

    Raises ``ReadError`` when the input cannot be read at all or holds no form; problems inside a
    form that was read (a row with a missing cell, a block cut off) are reported by ``check``-side
    tools through ``load_path`` instead, which never raises.
    """
    if isinstance(path_or_text, Path) or ("\n" not in path_or_text and Path(path_or_text).is_file()):
        result = load_path(path_or_text)
    else:
        result = load_text(str(path_or_text))
    if not result.readable:
        raise ReadError(result.findings[-1])
    return result.forms
