"""Which layout a table's text looks like, and how sure that is (版式识别与置信度).

Every layout but the national default ``extends`` another and declares, under ``[detect]``, the words
only its forms use (``markers``) and the words of its own title. A layout's strength is the share of
its markers found, plus a half when its own title is there. The strongest layout other than the
default wins when its strength reaches ``MIN_STRENGTH``; otherwise the default does. The confidence
says how clearly the winner stands out: near 1 when its markers are all there and no other layout's
are, lower when two layouts both fit or when few words of any layout were found.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from itertools import accumulate, islice
from typing import NamedTuple

from jixiao.layouts.registry import DEFAULT_LAYOUT, all_layouts
from jixiao.layouts.spec import Layout
from jixiao.model.parse import fold

# The strength a layout other than the default needs to be chosen: a few of its own words at least.
MIN_STRENGTH = 0.4
# Text looked at: the start of a table holds its title and every header (a form is ~3,000 characters);
# more only costs time, and a file of one small form is read in about that.
SAMPLE_CHARS = 6_000


class Detection(NamedTuple):
    """The layout chosen, the confidence (0..1), and the strength of every layout, strongest first."""

    layout: Layout
    confidence: float
    strengths: tuple[tuple[str, float], ...]
    forced: bool = False

    def describe(self, lang: str = "zh") -> str:
        if self.forced:
            return f"{self.layout.name}（指定）" if lang == "zh" else f"{self.layout.name} (forced)"
        return f"{self.layout.name}（置信度 {self.confidence:.2f}）" if lang == "zh" else \
            f"{self.layout.name} (confidence {self.confidence:.2f})"


def detect_layout(texts: Iterable[str]) -> Detection:
    """The layout of the table whose cell texts (in reading order) are ``texts``."""
    blob = _sample(texts)
    layouts = all_layouts()
    strengths = {layout.name: _strength(layout, blob) for layout in layouts}
    default = strengths[DEFAULT_LAYOUT]
    ranked = sorted(((name, value) for name, value in strengths.items() if name != DEFAULT_LAYOUT),
                    key=lambda item: -item[1])
    best_name, best = ranked[0] if ranked else (DEFAULT_LAYOUT, 0.0)
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    order = tuple(sorted(strengths.items(), key=lambda item: -item[1]))
    by_name = {layout.name: layout for layout in layouts}
    if best >= MIN_STRENGTH:
        confidence = min(1.0, 0.5 + (best - runner_up))
        return Detection(by_name[best_name], round(confidence, 2), order)
    # The default: as sure as its own words are there, less what another layout's words put in doubt.
    confidence = min(1.0, default + 0.2) * (1 - best)
    return Detection(by_name[DEFAULT_LAYOUT], round(max(confidence, 0.0), 2), order)


def forced(layout: Layout) -> Detection:
    """A detection the user made with ``--layout``."""
    return Detection(layout, 1.0, ((layout.name, 1.0),), forced=True)


def _sample(texts: Iterable[str]) -> str:
    """The folded start of the text, cells kept apart by a mark no layout word contains.

    The cells are joined first and folded once: one pass over a few thousand characters costs less
    than a call per cell, and a stream of tokens has some two thousand cells per form.
    """
    parts: list[str] = []
    size = 0
    texts = iter(texts)
    while batch := list(islice(texts, _BATCH)):  # counted a batch at a time, in C
        cells = list(filter(None, batch))
        sizes = list(accumulate(map(len, cells), initial=size))
        over = bisect_right(sizes, SAMPLE_CHARS, 1)  # the first cell that takes the sample past the limit
        if over < len(sizes):
            parts.extend(cells[:over])
            break
        parts.extend(cells)
        size = sizes[-1]
    return fold(_APART.join(parts))


_BATCH = 256


# Not a blank (fold drops blanks), so it stays between cells and no word matches across two of them.
_APART = "\x01"


def _strength(layout: Layout, blob: str) -> float:
    markers = layout.markers
    share = sum(1 for word in markers if word in blob) / len(markers) if markers else 0.0
    if layout.name != DEFAULT_LAYOUT and _own_title_found(layout, blob):
        share += 0.5
    return round(share, 3)


def _own_title_found(layout: Layout, blob: str) -> bool:
    """Whether one of the layout's title words is there and is not the default layout's title."""
    default_titles = all_layouts()[0].title_words
    return any(word in blob for word in layout.title_words if word not in default_titles)
