"""Reading forms out of text whose rows are lost: the stream reader, sibling of the table reader.

``read_stream`` lexes a ``Stream`` into labels and values (``lexer``), walks them into one draft per
form (``walk``), and builds each form from its draft, one block after the other: the head (``head``),
the funding rows (``funding``: their values placed per column, by position where each token is a cell,
fitted where tokens are chunks between spaces, split where cells are fused), the goal (``goal``), the
indicator rows (``indicators``, on ``rows``) and the total (``total``). What the blocks share — the
values' making, their sources and confidence, the fields lost (R006) — is ``builder.ValueBuilder``.

Every value carries a ``SourceRef`` with the line and the token it came from and the reader's
confidence in it. What the text has lost is never guessed: the field stays blank, its path is listed in
``Reading.unreadable``, and an R006 finding names it. A block not found at all is an R003, as in the
table reader, and its fields are listed too: in text without rows a block not found may have been lost
rather than left out. The form's confidence is its weakest section's; below
``settings.LOW_FORM_CONFIDENCE`` it is reported (R007).
"""

from __future__ import annotations

from dataclasses import replace
from operator import attrgetter

from jixiao.ingest.problems import missing_sections, problem
from jixiao.ingest.stream.funding import FundingBuilder
from jixiao.ingest.stream.goal import GoalBuilder, split_repeated
from jixiao.ingest.stream.head import HeadBuilder
from jixiao.ingest.stream.indicators import IndicatorsBuilder
from jixiao.ingest.stream.lexer import CHUNK_SHAPES, lex
from jixiao.ingest.stream.sums import count_doubted
from jixiao.ingest.stream.total import TotalBuilder
from jixiao.ingest.stream.values import OcrGlyphs
from jixiao.ingest.stream.vocab import vocabulary
from jixiao.ingest.stream.walk import Draft, Walk
from jixiao.ingest.text import Stream, TextShape
from jixiao.layouts import Layout
from jixiao.model import Amount, Finding, Form, FormSource, Funding, Indicator, Reading

# split_repeated lives in goal; it is named here too, where it was found before the blocks had modules.
__all__ = ["read_stream", "split_repeated"]

_MESSY = CHUNK_SHAPES | {TextShape.FUSED}
_TEXT = attrgetter("text")  # a token's text, taken in C


def read_stream(stream: Stream, layout: Layout, first_index: int = 1, *,
                reading: Reading | None = None) -> tuple[list[Form], list[Finding]]:
    """Every form in ``stream`` read under ``layout``, numbered from ``first_index``, and the problems
    met. ``reading`` (the shape and the layout's detection) is recorded on every form, with the
    reader's confidence in it and the fields the text lost."""
    reading = reading if reading is not None else Reading(shape=str(stream.shape))
    vocab = vocabulary(layout)
    drafts = Walk(stream.shape is TextShape.FUSED).run(lex(stream, vocab))
    text = "\n".join(map(_TEXT, stream.tokens)) if stream.shape in _MESSY else ""
    ocr = OcrGlyphs.detect(text) if text else None
    forms: list[Form] = []
    findings: list[Finding] = []
    for offset, draft in enumerate(drafts):
        cut_off = offset == len(drafts) - 1 and "total" not in draft.seen  # the text ends inside this form
        builder = _FormBuilder(stream, vocab, first_index + offset, ocr, cut_off)
        forms.append(builder.build(draft, reading))
        findings.extend(builder.findings)
    return forms, findings


class _FormBuilder(HeadBuilder, FundingBuilder, GoalBuilder, IndicatorsBuilder, TotalBuilder):
    """Builds one form from its draft; collects the fields lost and the confidence of each section."""

    def build(self, draft: Draft, reading: Reading) -> Form:
        values: dict[str, object] = self._head(draft)
        if draft.funding:
            values["funding"] = self._funding(draft.funding)
        if draft.goal:
            values["goal"] = self._goal(draft.goal)
        if "indicators" in draft.seen:
            values["indicators"] = self._indicators(draft.indicators)
        total = next((segment for segment in draft.total if segment.role.name == "total"), None)
        if total is not None:
            values.update(self._total(total, values))
        cut = self.cut_off and "total" in self.layout.required_sections  # rows lost, and said so (R003)
        if (self.fused or self.chunks) and "indicators" in values and not cut:
            self._check_count(draft, values)
        missing = self._missing(draft)
        self._report_lost()
        weakest = min((value for section, value in self.confidence.items() if section != "title"), default=1.0)
        confidence = min(reading.confidence, round(weakest, 2))
        reading = replace(reading, confidence=confidence, unreadable=tuple(path for path, _, _ in self.lost))
        if reading.low_confidence:
            self.findings.append(problem(
                "R007", f"{self.form_id}：自评表读自{self.shape}文本，读取置信度 {confidence:.2f}，部分数值存疑。",
                f"{self.form_id}: read from {self.shape} text with confidence {confidence:.2f}; "
                "some values are doubted.", forms=(self.form_id,), location=self.ref(None, confidence)))
        source = FormSource(self.path, self.index, draft.first_line, draft.last_line)
        return Form(id=self.form_id, source=source, layout=self.layout.name, missing_sections=missing,
                    reading=reading, **values)

    def _check_count(self, draft: Draft, values: dict[str, object]) -> None:
        """Rows of text without rows whose number the figures do not bear out, or that rest on a guessed row
        boundary, are not counted on: ``indicators`` is listed as lost (R006), whatever each row says."""
        points = {segment.label.hit.roles[0].name: segment.label.hit.points for segment in draft.indicators
                  if segment.role.group == "level1" and segment.label.hit and segment.label.hit.points is not None}
        indicators: tuple[Indicator, ...] = values["indicators"]  # type: ignore[assignment]
        if self.rows_guessed or count_doubted(
                indicators, self.layout, class_points=tuple(points.values()),
                total_weight=values.get("declared_total_weight", Amount()),  # type: ignore[arg-type]
                total_score=values.get("declared_total_score", Amount()),  # type: ignore[arg-type]
                funding=values.get("funding", Funding())):  # type: ignore[arg-type]
            self.lose("indicators", "indicators", next((segment.label for segment in draft.indicators), None))

    def _missing(self, draft: Draft) -> tuple[str, ...]:
        missing = tuple(name for name in self.layout.required_sections if name not in draft.seen)
        for name in missing:
            for path in self._block_paths(name):
                self.lose(path, name, None)
                self.block_lost.add(path)
        if missing:
            self.findings.append(missing_sections(self.form_id, self.path, self.index, missing))
        return missing

    def _block_paths(self, name: str) -> tuple[str, ...]:
        """The fields of a block, as listed when the block is not found."""
        if name == "goal":
            return "goal.expected", "goal.achieved"
        if name == "total":
            weighted = self.layout.scoring.weighted
            return ("declared_total_weight", "declared_total_score") if weighted else ("declared_total_score",)
        return (name,)
