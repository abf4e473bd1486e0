"""Which layout a table's text looks like, and how sure that is (版式识别与置信度).

Every layout but the national default ``extends`` another and declares, under ``[detect]``, the words
only its forms use (``markers``) and the words of its own title. A layout's strength is the share of
its markers found, plus a half when its own title is there. The strongest layout other than the
default wins when its strength reaches ``MIN_STRENGTH``; otherwise the default does. The confidence
says how clearly the winner stands out: near 1 when its markers are all there and no other layout's
are, lower when two layouts both fit or when few words of any layout were found.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from itertools import accumulate, islice
from typing import NamedTuple

from jixiao.layouts.registry import DEFAULT_LAYOUT, all_layouts
from jixiao.layouts.spec import Layout
from jixiao.model.memo import keep
from jixiao.model.parse import fold_once

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
    words = _words(all_layouts())
    found = frozenset(words.finder.found(_sample(texts)))
    # The detection depends on the words found alone, and texts of one layout find the same few sets.
    detection = words.detections.get(found)
    if detection is None:
        detection = keep(words.detections, found, _detection(found, words), _DETECTIONS_KEPT)
    return detection


# Sets of words found, each with its detection: a few per layout in practice (a Detection names a Layout,
# which the collector tracks, so the memo stays small).
_DETECTIONS_KEPT = 256


def _detection(found: frozenset[str], words: _LayoutWords) -> Detection:
    """The detection of a table whose sample holds the layouts' words ``found``."""
    strengths = {name: _strength_of(markers, own_titles, found) for name, markers, own_titles in words.scored}
    default = strengths[DEFAULT_LAYOUT]
    ranked = sorted(((name, value) for name, value in strengths.items() if name != DEFAULT_LAYOUT),
                    key=lambda item: -item[1])
    best_name, best = ranked[0] if ranked else (DEFAULT_LAYOUT, 0.0)
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    order = tuple(sorted(strengths.items(), key=lambda item: -item[1]))
    by_name = words.by_name
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
    if isinstance(texts, list):  # the loader's tokens: all of them when they fit, as the batches below take them
        cells = list(filter(None, texts))
        if sum(map(len, cells)) <= SAMPLE_CHARS:
            return fold_once(_APART.join(cells))
        texts = cells
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
    return fold_once(_APART.join(parts))


_BATCH = 256


# Not a blank (fold drops blanks), so it stays between cells and no word matches across two of them.
_APART = "\x01"


def _strength(layout: Layout, found: frozenset[str] | set[str], default: Layout) -> float:
    markers = layout.markers
    share = sum(1 for word in markers if word in found) / len(markers) if markers else 0.0
    if layout.name != DEFAULT_LAYOUT and _own_title_found(layout, found, default):
        share += 0.5
    return round(share, 3)


def _own_title_found(layout: Layout, found: frozenset[str] | set[str], default: Layout) -> bool:
    """Whether one of the layout's title words is there and is not the default layout's title."""
    return any(word in found for word in layout.title_words if word not in default.title_words)


def _strength_of(markers: tuple[str, ...], own_titles: tuple[str, ...], found: set[str]) -> float:
    """``_strength`` of a layout from its markers and its own title words (``_LayoutWords.scored``):
    the same share, counted in C (a bool is 1 in a sum), with no test of the words against the default's."""
    share = sum(map(found.__contains__, markers)) / len(markers) if markers else 0.0
    if any(map(found.__contains__, own_titles)):
        share += 0.5
    return round(share, 3)


class _WordFinder:
    """Which of the layouts' words (markers and titles) a sample holds, found in one pass of one pattern
    rather than one search of the sample per word (a sample is read for every text, and a text of one
    form is read in less time than sixty searches take).

    The pattern tries the longest word first wherever it stands, and goes on after the word it matched. It
    is a trie of the words (one branch per next character, a third faster than an alternation of the words
    longest first): the text picks one path through it, and the path is followed as far as it goes before a
    word that ends on the way is taken, so the longest word that starts there is matched, as the alternation does.
    A word is then missed only where it starts inside a word matched: it is inside that word (``inside``,
    known beforehand), or it runs on past its end (``overlapping``: looked for in the sample itself)."""

    def __init__(self, words: set[str]) -> None:
        ordered = sorted(words, key=lambda word: (-len(word), word))
        self.pattern = re.compile(_trie_regex(_trie(words)))
        self.inside = {word: frozenset(other for other in ordered if other in word) for word in ordered}
        self.overlapping = {word: tuple(other for other in ordered if _runs_on(word, other)) for word in ordered}

    def found(self, blob: str) -> set[str]:
        matched = set(self.pattern.findall(blob))
        found: set[str] = set()
        for word in matched:
            found |= self.inside[word]
        for word in matched:
            found.update(other for other in self.overlapping[word] if other not in found and other in blob)
        return found


def _trie(words: set[str]) -> dict[str, dict]:
    """The words as a trie: a node per prefix, its children by their next character, ``""`` where a word ends."""
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return root


def _trie_regex(node: dict[str, dict]) -> str:
    """The regex of a trie node: its branches in one group, greedy and optional where a word ends here (a
    longer word is tried first)."""
    branches = [re.escape(char) + _trie_regex(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" not in node:
        return body
    return f"(?:{body})?" if len(branches) == 1 else f"{body}?"


def _runs_on(word: str, other: str) -> bool:
    """Whether ``other`` can start inside ``word`` and end after it: an end of ``word`` begins ``other``."""
    return any(other.startswith(word[start:]) and len(other) > len(word) - start for start in range(1, len(word)))


class _LayoutWords(NamedTuple):
    """What detection needs of the layouts, worked out once: the finder of their words, and for each layout
    its name, its markers and the title words that count for it (none for the default, whose own title
    never adds; for the others, those not in the default's title)."""

    finder: _WordFinder
    scored: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]
    by_name: dict[str, Layout]
    detections: dict[frozenset[str], Detection]


_WORDS: list[tuple[tuple[Layout, ...], _LayoutWords]] = []


def _words(layouts: tuple[Layout, ...]) -> _LayoutWords:
    """The words of these layouts, made once (the registry reads its files once; a test may swap in
    layouts of its own)."""
    if not _WORDS or _WORDS[0][0] != layouts:
        words = {word for layout in layouts for word in (*layout.markers, *layout.title_words)}
        default = layouts[0]
        scored = tuple((layout.name, layout.markers, () if layout.name == DEFAULT_LAYOUT else tuple(
            word for word in layout.title_words if word not in default.title_words)) for layout in layouts)
        _WORDS[:] = [(layouts, _LayoutWords(_WordFinder(words), scored, {layout.name: layout for layout in layouts},
                                                {}))]
    return _WORDS[0][1]
