"""The data model: forms, values, provenance and findings (the bottom layer: imports nothing above)."""

from jixiao.model.finding import Finding, Severity
from jixiao.model.form import Form, FormSource, Funding, FundingRow, FundKind, Goal, Indicator, Reading
from jixiao.model.source import SourceRef
from jixiao.model.values import Amount, Measure, MeasureKind, Operator, TextValue

__all__ = [
    "Amount", "Finding", "Form", "FormSource", "FundKind", "Funding", "FundingRow", "Goal", "Indicator",
    "Measure", "MeasureKind", "Operator", "Reading", "Severity", "SourceRef", "TextValue",
]
