"""Building forms for rule cases: a fixture form plus edits, as the YAML case files describe them."""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from jixiao.ingest.loader import load_path, load_text
from jixiao.model import Form
from jixiao.model.edit import with_indicator, with_value, without_indicators

FIXTURES = Path(__file__).parent / "fixtures"
CASES_DIR = Path(__file__).parent / "cases" / "rules"


def load_cases() -> list[tuple[str, str, dict]]:
    """(rule code, ``pass`` or ``fail``, case) for every case in every rule's case file."""
    cases = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        for outcome in ("pass", "fail"):
            for case in document.get(outcome) or []:
                cases.append((document["rule"], outcome, case))
    return cases


@cache
def fixture_forms(name: str) -> tuple[Form, ...]:
    return tuple(load_path(FIXTURES / name).forms)


def build_form(spec: dict[str, Any], position: int = 0) -> Form:
    """``base: file#n`` (or ``text:`` a dump of one form) then ``drop_indicators``, ``drop_funding_rows``,
    ``set`` {path: text} and ``add_indicators`` [cells].

    ``id`` renames the form (cross-form cases need distinct ids); by default the id is the base's
    plus the case position, so two copies of one base stay two forms.
    """
    if "text" in spec:
        form = load_text(spec["text"], "<case>").forms[0]
    else:
        file_name, _, number = spec["base"].partition("#")
        form = fixture_forms(file_name)[int(number or 1) - 1]
    form = without_indicators(form, spec.get("drop_indicators", []))
    drop_rows = set(spec.get("drop_funding_rows", []))
    if drop_rows:
        rows = tuple(row for k, row in enumerate(form.funding.rows) if k not in drop_rows)
        form = replace(form, funding=replace(form.funding, rows=rows))
    for path, raw in (spec.get("set") or {}).items():
        form = with_value(form, path, str(raw))
    for cells in spec.get("add_indicators", []):
        form = with_indicator(form, {key: str(value) for key, value in cells.items()})
    return replace(form, id=spec.get("id", f"{form.id}@{position}"))


def build_forms(case: dict[str, Any]) -> list[Form]:
    """A case is one form (its own keys) or several (``forms: [...]``, for cross-form rules)."""
    specs = case.get("forms") or [case]
    return [build_form(spec, position) for position, spec in enumerate(specs)]
