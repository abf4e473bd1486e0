"""Findings: every problem jixiao reports, from an unreadable file to a doubtful score, as data."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from jixiao.model.source import SourceRef


class Severity(StrEnum):
    """How serious a finding is. ``error`` makes ``jixiao check`` exit with status 1."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]

    def label(self, lang: str = "zh") -> str:
        if lang == "zh":
            return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]
        return self.value


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem. ``field`` is a path into the form such as ``indicators[3].declared_score``."""

    code: str
    severity: Severity
    message: str
    message_en: str
    forms: tuple[str, ...] = ()
    field: str = ""
    location: SourceRef | None = None
    raw: str | None = None

    def text(self, lang: str = "zh") -> str:
        return self.message if lang == "zh" else self.message_en
