"""The rule registry: what a rule is, how one is declared, and how findings are made from its hits.

A rule is a small function with a permanent code, a name slug, a default severity, a Chinese and an
English title, and a docstring in four fixed sections — its user documentation:

    Checks: 检查什么。 / What it checks.
    Why: 为什么，依据哪条规定。 / Why it matters, naming the rule it rests on.
    Example: 一个例子。 / An example.
    Fix: 怎样改正。 / How to fix it.

A form rule is called as ``func(form, sheet, ctx)``; a batch (cross-form) rule as
``func(entries, ctx)`` with ``entries`` the (form, sheet) pairs of the whole run. Both yield ``Hit``s.
Rules are collected into ``ALL_RULES`` by listing their modules in ``jixiao.checks.catalog``: nothing
registers itself at call time.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, NamedTuple

from jixiao.model import Amount, Finding, Form, Measure, Severity, SourceRef, TextValue
from jixiao.scoring import Ruleset, ScoreSheet

SECTIONS = ("Checks", "Why", "Example", "Fix")
_SECTION_RE = re.compile(r"^(Checks|Why|Example|Fix):[ \t]*", re.MULTILINE)


class Scope(StrEnum):
    FORM = "form"  # one form at a time
    BATCH = "batch"  # all forms of a run together (跨表检查)


@dataclass(frozen=True, slots=True)
class RuleContext:
    """What rules may consult besides the form: the ruleset in force."""

    ruleset: Ruleset


class Hit(NamedTuple):
    """One place a rule found a problem; the runner turns it into a ``Finding``.

    A named tuple: a run over many forms makes one per finding and drops it at once, and a named tuple
    is made several times faster than a frozen dataclass.
    """

    message: str
    message_en: str
    field: str = ""
    location: SourceRef | None = None
    raw: str | None = None
    forms: tuple[str, ...] = ()


Value = TextValue | Amount | Measure


def hit(message: str, message_en: str, *, field: str = "", at: Value | None = None,
        forms: tuple[str, ...] = ()) -> Hit:
    """A hit at the cell of value ``at`` (its source and raw text are carried into the finding)."""
    if at is None:
        return Hit(message, message_en, field, None, None, forms)
    return Hit(message, message_en, field, at.source, at.raw, forms)


FormCheck = Callable[[Form, ScoreSheet, RuleContext], Iterable[Hit]]
BatchCheck = Callable[[Sequence[tuple[Form, ScoreSheet]], RuleContext], Iterable[Hit]]


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    severity: Severity
    title: str
    title_en: str
    scope: Scope
    func: Callable[..., Iterable[Hit]]
    aliases: tuple[str, ...] = ()

    @property
    def doc(self) -> str:
        return inspect.getdoc(self.func) or ""

    @property
    def family(self) -> str:
        return self.func.__module__.rsplit(".", 1)[-1]

    def sections(self) -> dict[str, str]:
        """The docstring's sections by name; a missing section is absent from the result."""
        parts = _SECTION_RE.split(self.doc)
        return {parts[i]: parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}

    def finding(self, found: Hit, form_ids: tuple[str, ...]) -> Finding:
        # Positional, in Finding's field order (code, severity, message, message_en, forms, field,
        # location, raw): a quarter cheaper than by keyword, once per finding.
        return Finding(self.code, self.severity, found.message, found.message_en, found.forms or form_ids,
                       found.field, found.location, found.raw)


def rule(code: str, name: str, severity: Severity, title: str, title_en: str, *,
         scope: Scope = Scope.FORM, aliases: tuple[str, ...] = ()) -> Callable[[Callable[..., Any]], Rule]:
    """Declare a rule: the decorated function becomes a ``Rule`` value (listed by its module)."""

    def declare(func: Callable[..., Iterable[Hit]]) -> Rule:
        return Rule(code=code, name=name, severity=severity, title=title, title_en=title_en, scope=scope,
                    func=func, aliases=aliases)

    return declare


def rules_in(module: Any) -> list[Rule]:
    """Every ``Rule`` a module defines, in code order."""
    return sorted((value for value in vars(module).values() if isinstance(value, Rule)), key=lambda r: r.code)
