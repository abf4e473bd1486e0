"""The shortcuts of the fused-text search (``stream.pieces``, ``Search._cannot_cover``) read as the full search.

Each shortcut must change nothing but the work: the pieces a place offers read through the shortcuts are
those ``values.piece_ends`` and ``plausible.unary`` give; a state the search skips as unable to read the
rest of the text is one the full reckoning finds unreadable too; and the readings, with their points and
completeness, are those of the search without the skip, on generated rows of every kind and on hostile text.
"""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from jixiao.ingest.loader import load_text
from jixiao.ingest.stream import fused
from jixiao.ingest.stream.ends import piece_ends, takes_unit
from jixiao.ingest.stream.fused import split_fused
from jixiao.ingest.stream.pieces import Pieces
from jixiao.ingest.stream.plausible import IMPOSSIBLE, unary
from jixiao.ingest.stream.search import Search
from jixiao.ingest.stream.values import Hints, OcrGlyphs
from jixiao.ingest.text.render import render
from jixiao.ingest.text.shapes import TextShape
from jixiao.layouts import all_layouts
from jixiao.synth import layout_rows, random_form

FUNDING = ("initial_budget", "full_year_budget", "executed", "weight", "rate", "score")
PART_HINTS = Hints(totals=(("initial_budget", Decimal("492.59")), ("full_year_budget", Decimal("492.59")),
                           ("executed", Decimal("389.15"))), rest_allowed=True, blank_only=("weight", "score"))
KIND_SETS = (
    (FUNDING, Hints(rest_allowed=True)),
    (FUNDING, PART_HINTS),
    (("full_year_budget", "executed", "rate"), Hints(rest_allowed=True)),
    (("name", "target", "actual", "weight", "score", "note"), Hints()),
    (("name", "weight", "target", "actual", "score", "note"), Hints()),
    (("name", "operator", "target", "unit", "actual", "weight", "score", "note"), Hints()),
    (("name", "target", "actual", "note"), Hints(weighted=False)),
    (("name", "target", "actual", "score"), Hints(ocr=OcrGlyphs("2", "W"))),
    (("weight", "score"), Hints(weighted=False, rest_allowed=True)),
)
_ROW_PARTS = st.sampled_from((
    "492.59", "389.15", "3400.54", "1238.57", "10", "20", "7.9", "79%", "100.00%", "64.00%", "—", "/", "-", "≥95%",
    "≧85%", "91%", ">=90%", "≤242.83元", "230.69元", "88台", "107台", "2020年11月30日前", "2020年8月3日", "及时",
    "达标", "显著提升", "无", "实际执行略低于预期，次年加强调度。", "受益群众满意度", "其中：脱贫户", "指标3：", "3",
    "5", "16.9", "定性", "个", "%", "万元", "分", "1", "0", "0.5", "12月底前", "部分农户", "W", "290%"))
_ROWS = st.lists(_ROW_PARTS, min_size=1, max_size=9).map("".join)
_HOSTILE = st.text(alphabet="0123456789.%≥≤万元米人个指标提升显著无、,()/—年月日前2W", min_size=1, max_size=60)


class _Unskipping(Search):
    """The search without its skip: every state reachable is reckoned in full."""

    __slots__ = ()

    def _cannot_cover(self, at: int, column: int) -> bool:
        return False


def _direct_pieces(text: str, at: int, kind: str, hints: Hints, row: bool) -> list[tuple[int, tuple[str], float]]:
    """The pieces at ``at`` read straight from ``piece_ends`` and ``unary``, in the search's order."""
    ends = piece_ends(text, at, kind, hints)
    ends.sort(key=lambda end: not text.startswith(text[at:end], end))
    taken = -2.5 if kind == "note" and takes_unit(text, at) else 0.0
    return [*((end, (text[at:end],), unary(kind, text[at:end], hints, row) + taken) for end in ends),
            (at, ("",), unary(kind, "", hints, row))]


def _assert_same_search(text: str, kinds: tuple[str, ...], hints: Hints) -> None:
    named = kinds[0] == "name"
    fast, full = Search(text, kinds, hints), _Unskipping(text, kinds, hints)
    assert fast.run(3.0 if named else 0.0)[:2] == full.run(3.0 if named else 0.0)[:2]
    assert fast.nodes <= full.nodes  # the skip only ever saves work
    for at in range(len(text) + 1):
        for column in range(len(kinds)):
            if fast._cannot_cover(at, column):  # the skip itself is under test
                assert full.after(at, column) == IMPOSSIBLE, (text, kinds, at, column)


def _generated_texts(count: int) -> list[str]:
    """Fused texts of generated forms of every layout (as the benchmark reads them)."""
    rng = random.Random(20240611)
    layouts = all_layouts()
    return [render(layout_rows(random_form(layouts[index % len(layouts)], rng), layouts[index % len(layouts)]),
                   TextShape.FUSED, rng=rng) for index in range(count)]


@hypothesis_settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_ROWS | _HOSTILE, st.sampled_from(KIND_SETS))
def test_the_pieces_table_reads_as_piece_ends_and_unary(text: str, kinds_and_hints) -> None:
    kinds, hints = kinds_and_hints
    row = "target" in kinds
    table = Pieces(text, hints, row)
    for at in range(len(text) + 1):
        for kind in kinds:
            if kind != "name":
                assert table.at(at, kind) == _direct_pieces(text, at, kind, hints, row), (text, at, kind)


@hypothesis_settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_ROWS | _HOSTILE, st.sampled_from(KIND_SETS))
def test_the_search_skips_only_states_that_cannot_be_read(text: str, kinds_and_hints) -> None:
    _assert_same_search(text, *kinds_and_hints)


def test_generated_fused_rows_read_as_without_the_skip(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every row the reader splits in generated fused forms reads alike with and without the skip."""
    seen: set[tuple[str, tuple[str, ...], Hints]] = set()
    original = fused._readings

    def recording(text: str, kinds: tuple[str, ...], hints: Hints, name_margin: float = 0.0):
        seen.add((text, kinds, hints))
        return original(text, kinds, hints, name_margin)

    monkeypatch.setattr(fused, "_readings", recording)
    fused._split.cache_clear()  # every row is read again, and recorded
    for index, text in enumerate(_generated_texts(24)):
        load_text(text, f"generated-{index}.txt")
    assert len(seen) > 100
    for text, kinds, hints in seen:
        _assert_same_search(text, kinds, hints)


def test_a_funding_row_skips_most_of_its_unreadable_states() -> None:
    run = "492.59492.59389.151079%7.9"
    fast, full = Search(run, FUNDING, Hints(rest_allowed=True)), _Unskipping(run, FUNDING, Hints(rest_allowed=True))
    readings = fast.run()[0]
    assert readings == full.run()[0]
    assert readings[0][1] == ("492.59", "492.59", "389.15", "10", "79%", "7.9")
    assert fast.nodes < 0.7 * full.nodes
    split = split_fused(run, FUNDING, Hints(rest_allowed=True))
    assert split is not None and split.cells == ("492.59", "492.59", "389.15", "10", "79%", "7.9")
