"""The pieces a column may take at a place in fused text, with their own points, read once and remembered.

A piece of a kind (``ends.piece_ends``) read at a place with what it earns by itself (``plausible.unary``)
is the search's innermost step: a row of twenty characters asks for some forty of them. Three things keep
it cheap:

* most places start no piece of most kinds (a letter is no weight, a digit no note): a kind's possible
  first characters tell those places at once, and they take only the empty cell;
* the pieces at a place depend only on a few characters from there on (``_window``): they are remembered
  across texts by those characters, which recur from row to row and form to form (``10``, ``≥90%``, ``无``);
* what a cell earns by itself is remembered per reader's hints (``own``), the hints interned once per
  search rather than hashed at every look-up.
"""

from __future__ import annotations

from jixiao.ingest.stream.ends import piece_ends, takes_unit
from jixiao.ingest.stream.plausible import unary
from jixiao.ingest.stream.values import (
    BLANKS,
    MONEY,
    NATURE_WORDS,
    OPERATOR_GLYPHS,
    OPERATOR_WORDS,
    QUALITATIVE,
    UNITS,
    Hints,
)
from jixiao.model.memo import keep

# A piece: where it ends (absolute, or its size where remembered across texts), its cells, its own points.
Piece = tuple[int, tuple[str], float]

# A note that starts with a unit right after a number likely took the number's unit.
_UNIT_TAKEN = -2.5

# Pieces remembered across texts: read from a window of at most this many characters, each piece at most
# this long (a piece reads at most a few characters past its end: a unit, a 分, the piece written again).
_WINDOW = 64
_LONGEST_REMEMBERED = 28
# Weights, scores and rates are at most seven characters (三 digits, a point, two places, a 分 or a %):
# what follows them matters for as many again.
_SMALL_WINDOW = 16
_SMALL_KINDS = frozenset({"weight", "score", "rate"})
_PIECES_SIZE = 1 << 17
_PIECES: dict[tuple[str, str, int, bool, bool], tuple[Piece, ...]] = {}

# What a cell earns by itself, per interned hints: the same pieces (1, 10, ≥90%, 无) come up row after row.
_OWN_SIZE = 1 << 17
_OWN: dict[tuple[str, str, int, bool], float] = {}
_HINT_IDS: dict[Hints, int] = {}
_HINTS_BY_ID: list[Hints] = []

_DIGITS = frozenset("0123456789")
_BLANK_STARTS = frozenset(mark[0] for mark in BLANKS)
# The characters a piece other than a blank mark can start with, by kind (a measure also with the OCR's
# glyph for ≤, see ``_starts``). Notes start with any letter and are read in full.
_NUMBER_STARTS = _DIGITS
_MEASURE_STARTS = frozenset(_DIGITS | set(OPERATOR_GLYPHS) | {word[0] for word in OPERATOR_WORDS}
                            | {word[0] for word in QUALITATIVE} | {"年"})
_STARTS: dict[str, frozenset[str]] = {
    **dict.fromkeys(MONEY, _NUMBER_STARTS), "weight": _NUMBER_STARTS, "score": _NUMBER_STARTS,
    "rate": _NUMBER_STARTS, "target": _MEASURE_STARTS, "actual": _MEASURE_STARTS,
    "operator": frozenset(set(OPERATOR_GLYPHS) | {word[0] for word in NATURE_WORDS}),
    "unit": frozenset(unit[0] for unit in UNITS),
}


def hint_id(hints: Hints) -> int:
    """A small number standing for ``hints`` in the caches (hashing hints at every look-up costs more
    than the look-up)."""
    found = _HINT_IDS.get(hints)
    if found is None:
        if len(_HINTS_BY_ID) >= _OWN_SIZE:  # a reader makes a handful of hints; never reached in practice
            _HINT_IDS.clear()
            _HINTS_BY_ID.clear()
            _OWN.clear()
            _PIECES.clear()
        found = _HINT_IDS[hints] = len(_HINTS_BY_ID)
        _HINTS_BY_ID.append(hints)
    return found


def own(kind: str, cell: str, hints: int, row: bool) -> float:
    """What ``cell`` earns by itself in a column of ``kind`` (``plausible.unary``), remembered; ``hints``
    is the id ``hint_id`` gave."""
    key = (kind, cell, hints, row)
    points = _OWN.get(key)
    if points is None:
        points = keep(_OWN, key, unary(kind, cell, _HINTS_BY_ID[hints], row), _OWN_SIZE)
    return points


class Pieces:
    """The pieces of one text (see the module's docstring), by place and kind, each list in the order the
    search reads them: pieces written again right after themselves first (two cells alike are the
    commonest reading: 预算数 and 执行数), the empty cell last."""

    __slots__ = ("_by_place", "_empty", "_le", "hints", "hints_id", "row", "text")

    def __init__(self, text: str, hints: Hints, row: bool) -> None:
        self.text, self.hints, self.row = text, hints, row
        self.hints_id = hint_id(hints)
        self._by_place: dict[tuple[int, str], list[Piece]] = {}
        self._empty: dict[str, float] = {}
        self._le = hints.ocr.le if hints.ocr is not None else None

    def at(self, at: int, kind: str) -> list[Piece]:
        """The pieces of ``kind`` starting at ``at`` as (end, cells, own points)."""
        key = (at, kind)
        pieces = self._by_place.get(key)
        if pieces is None:
            pieces = self._by_place[key] = self._read(at, kind)
        return pieces

    def empty(self, kind: str) -> float:
        """What the empty cell earns in a column of ``kind``."""
        points = self._empty.get(kind)
        if points is None:
            points = self._empty[kind] = own(kind, "", self.hints_id, self.row)
        return points

    def _read(self, at: int, kind: str) -> list[Piece]:
        text = self.text
        if at < len(text) and not self._starts_nothing(text[at], kind):
            return [(at + size, cells, gain) for size, cells, gain in self._remembered(at, kind)]
        return [(at, ("",), self.empty(kind))]

    def _starts_nothing(self, char: str, kind: str) -> bool:
        """Whether no piece of ``kind`` but the empty one can start with ``char`` (see ``_STARTS``)."""
        starts = _STARTS.get(kind)
        if starts is None or char in starts or char in _BLANK_STARTS or char.isdecimal():  # a date reads any digit
            return False
        return not (char == self._le and kind in ("target", "actual"))

    def _remembered(self, at: int, kind: str) -> tuple[Piece, ...]:
        """The pieces at ``at`` as (size, cells, own points), remembered across texts by the window they
        are read from (a note is the rest of the text, and is remembered with it)."""
        text = self.text
        behind = kind == "note" and at > 0 and text[at - 1].isdigit()  # a note never starts with a number's unit
        size = _SMALL_WINDOW if kind in _SMALL_KINDS else _WINDOW
        window = text[at:] if kind == "note" or len(text) - at <= size else text[at:at + size]
        key = (window, kind, self.hints_id, self.row, behind)
        pieces = _PIECES.get(key)
        if pieces is None:
            pieces = self._pieces(at, kind, behind)
            if len(window) < size or all(piece[0] <= _LONGEST_REMEMBERED for piece in pieces):
                keep(_PIECES, key, pieces, _PIECES_SIZE)
        return pieces

    def _pieces(self, at: int, kind: str, behind: bool) -> tuple[Piece, ...]:
        text, hints, row = self.text, self.hints_id, self.row
        ends = piece_ends(text, at, kind, self.hints)
        if len(ends) > 1:
            ends.sort(key=lambda end: not text.startswith(text[at:end], end))
        # A note that starts with a word after a number may yet have taken the number's unit (部分 of 22.5部).
        taken = _UNIT_TAKEN if behind and takes_unit(text, at) else 0.0
        # A tuple of tuples of strings and numbers: the cycle collector stops tracking it (lists it never would).
        return (*((end - at, (text[at:end],), own(kind, text[at:end], hints, row) + taken) for end in ends),
                (0, ("",), self.empty(kind)))
