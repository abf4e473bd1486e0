"""The search behind ``split_fused``: the best readings of a run of fused text as cells of known kinds.

A reading cuts the text into pieces, one per column in order (a column may take nothing), each piece
of its column's kind (``ends.piece_ends``). Its points are what each cell earns alone (``unary``) and
what the cells earn together (``Term``), as ``plausible`` and ``relations`` score them. The search is
best first (A*): partial readings wait in a heap by the most they can still reach, and the first complete
reading taken out is the best; the next one of other values is its rival, and the search stops there.

What a partial reading can still reach is bounded tightly, so that little is ever taken out:

* the cells still to place earn at most the best *they can actually earn on the rest of the text*
  (``_after``, worked out once per text over its (position, column) states, by dynamic programming);
  where the rest cannot be read at all the state is dead and never entered;
* the relations still open give at most their best, less what can already be seen to be lost (a
  relation's ``hope``: the rate against the budgets placed, the places of the money written so far).

The work is bounded (``MAX_NODES`` states expanded, options read and states of the bound counted
alike): a hostile text stops in a few milliseconds, its reading then marked incomplete (doubted).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from decimal import Decimal
from functools import lru_cache
from heapq import heappop, heappush

from jixiao.ingest.stream.ends import pair_sizes, piece_ends, rates_from
from jixiao.ingest.stream.pieces import Piece, Pieces, own
from jixiao.ingest.stream.plausible import IMPOSSIBLE
from jixiao.ingest.stream.relations import RATE_TOLERANCE, hopes_of, terms_of
from jixiao.ingest.stream.values import (
    BLANK_SET,
    MEASURES,
    NUMBER_CHARS,
    Hints,
    money_value,
)

# Work per search: states expanded, options read and states of the bound, counted alike. The rows of a
# real form take tens to a few hundred; a hostile text stops here, in a few milliseconds.
MAX_NODES = 1500
# Readings this far below the best neither win nor change its confidence (the widest margin of fused.py).
IRRELEVANT = 2.0
# Rates ahead are looked for in a funding row's length of text: a longer text is no row, and listing every
# rate in it would cost more than the search saves.
_RATE_LOOKAHEAD_CHARS = 64
# Kinds whose pieces and own points are always the same (a target's and an actual's), and those of money
# unless a 其中 row holds them against the total's.
_SAME_MEASURES = {"actual": "target"}
_SAME_PIECES = {**_SAME_MEASURES, "initial_budget": "full_year_budget", "executed": "full_year_budget"}

# A reading: its points, its cells, and the text left over at its end.
Reading = tuple[float, tuple[str, ...], str]
# An option of a column at a place: where it ends, its cells (two where a text is written twice), their
# own points, the column after it, and its rank in the order options are read in.
_Option = tuple[int, tuple[str, ...], float, int, int]


def _wanted(cells: tuple[str, ...], found: list[Reading], named: bool) -> bool:
    """Whether a reading after the best is one the confidence needs: the first of other values (the
    rival), and the first with another name."""
    rival = len(found) > 1 and any(blank_free(reading[1]) != blank_free(found[0][1]) for reading in found[1:])
    if not rival and blank_free(cells) != blank_free(found[0][1]):
        return True
    return named and cells[0] != found[0][1][0] and all(reading[1][0] == found[0][1][0] for reading in found[1:])


def _complete(found: list[Reading], named: bool) -> bool:
    """Whether the readings found hold all that the confidence needs (see ``_wanted``)."""
    best = found[0][1]
    rival = any(blank_free(reading[1]) != blank_free(best) for reading in found[1:])
    return rival and (not named or any(reading[1][0] != best[0] for reading in found[1:]))


def blank_free(cells: tuple[str, ...]) -> tuple[str, ...]:
    """A reading's values, blanks as nothing: readings that differ only in where a dash went agree."""
    return tuple("" if cell in BLANK_SET else cell for cell in cells)


# A run of figures: what no text left over, no note and no name may start with (values.NUMBER_CHARS).
_FIGURES = re.compile("[0-9.%]+")
# The most figures a piece of each kind holds from its start: money 12 digits, a point and 4 places; a
# weight or a score 3, a point and 2; a rate those and its %; a measure 12, a point, 6 and a % (a date
# fewer); a unit only a %. A note and a sign start with a letter or a sign, and hold none at their start; a
# name (any text) as many as there are. Money, weights, scores, signs and notes take no % there.
_FIGURES_HELD = {"initial_budget": 17, "full_year_budget": 17, "executed": 17, "weight": 6, "score": 6, "rate": 7,
                 "target": 20, "actual": 20, "unit": 1, "operator": 0, "note": 0}
_TAKE_NO_PERCENT = frozenset({"initial_budget", "full_year_budget", "executed", "weight", "score", "operator", "note"})
_UNBOUNDED = 1 << 30


@lru_cache(maxsize=1024)
def _holds(kinds: tuple[str, ...], blank_only: tuple[str, ...]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """For each column, the most figures the columns from it on hold together, and the most those up to
    the last that can take a ``%`` hold (-1 where none from it on can). A column that takes a blank mark
    at most holds none."""
    held = [0 if kind in blank_only else _FIGURES_HELD.get(kind, _UNBOUNDED) for kind in kinds]
    takers = [index for index, kind in enumerate(kinds) if kind not in _TAKE_NO_PERCENT and kind not in blank_only]
    last = takers[-1] if takers else -1
    return (tuple(sum(held[column:]) for column in range(len(kinds) + 1)),
            tuple(sum(held[column:last + 1]) if column <= last else -1 for column in range(len(kinds) + 1)))


def _term_room(kinds: tuple[str, ...], hints: Hints) -> tuple[float, ...]:
    """For each column, the most the relations completed from it on can give."""
    return _room_of_terms(kinds, hints.weight, hints.blank_only)


@lru_cache(maxsize=1024)
def _room_of_terms(kinds: tuple[str, ...], weight: Decimal | None, blank_only: tuple[str, ...]) -> tuple[float, ...]:
    # Remembered by the hints the relations depend on (as relations.terms_of is), not a 其中 row's totals.
    terms = terms_of(kinds, Hints(weight=weight, blank_only=blank_only))
    return tuple(sum(term.best for placed in terms[column:] for term in placed) for column in range(len(kinds) + 1))


class Search:
    """One text read as cells of ``kinds`` (see the module's docstring). ``run()`` gives the best reading
    and its rival (of other values), whether the search was complete, and the work it took."""

    __slots__ = ("_after", "_executed_kind", "_holds", "_names", "_piece_kinds", "_ranked", "_spent", "hints",
                 "indicator_row", "kinds", "nodes", "pairable", "pieces", "rates", "stride", "text")

    def __init__(self, text: str, kinds: tuple[str, ...], hints: Hints) -> None:
        self.text, self.kinds, self.hints = text, kinds, hints
        self.indicator_row = "target" in kinds
        self.nodes = 0
        self.rates: list[tuple[Decimal, ...]] | None = None
        self.stride = len(kinds) + 1  # a state (position, column) is at position * stride + column
        self._after: list[float | None] = [None] * ((len(text) + 1) * self.stride)
        self.pairable = tuple(kind in MEASURES and following < len(kinds) and kinds[following] in MEASURES
                              for following, kind in enumerate(kinds, start=1))
        self._ranked: dict[tuple[int, int], list[_Option]] = {}
        self._names: list[Piece] | None = None
        self.pieces = Pieces(text, hints, self.indicator_row)
        # The kind each column's pieces are read as: kinds whose pieces and points are the same here are read once.
        alias = _SAME_PIECES if not hints.totals else _SAME_MEASURES
        self._piece_kinds = tuple(alias.get(kind, kind) for kind in kinds)
        self._executed_kind = alias.get("executed", "executed")
        self._holds = _holds(kinds, hints.blank_only)
        self._spent: dict[tuple[int, Decimal], bool] = {}  # rate_after_money, by place and budget

    def run(self, name_margin: float = 0.0) -> tuple[tuple[Reading, ...], bool, int]:
        """The best reading, its rival of other values, and (when the first column is a name) the best
        reading with another name unless it is ``name_margin`` or more below the best; whether the
        search was complete, and the work it took."""
        kinds, text, width = self.kinds, self.text, len(self.kinds)
        named = kinds[0] == "name"
        terms, hopes, room = terms_of(kinds, self.hints), hopes_of(kinds, self.hints), _term_room(kinds, self.hints)
        start = self.after(0, 0)
        if start == IMPOSSIBLE or self.nodes > MAX_NODES:
            return (), self.nodes <= MAX_NODES, self.nodes
        # Heap entries: (-bound, path, position, column, cells, points). The path (each step's option
        # index) breaks ties as a walk in the options' order would: the first reading found wins.
        heap: list[tuple[float, tuple[int, ...], int, int, tuple[str, ...], float]] = [
            (-(start + room[0]), (), 0, 0, (), 0.0)]
        found: list[Reading] = []
        floor = IMPOSSIBLE
        while heap:
            negative, path, at, column, cells, points = heappop(heap)
            if -negative < floor:
                break
            self.nodes += 1
            if self.nodes > MAX_NODES:
                return tuple(found), False, self.nodes
            if column == width:
                if not found:
                    found.append((points, cells, text[at:]))
                    floor = points - max(IRRELEVANT, name_margin if named else 0.0)
                elif _wanted(cells, found, named):
                    found.append((points, cells, text[at:]))
                    if _complete(found, named):
                        break  # nothing after it can matter
                continue
            for end, pieces, gain, following, rank in self._options(at, column):
                total = points + gain
                after = self._after[end * self.stride + following]
                if after is None:
                    after = self.after(end, following)
                if total + after + room[column] < floor:
                    break  # the options are in order of what they can reach
                placed = cells + pieces
                for term in terms[column]:
                    total += term.score(placed)
                if following - column == 2:
                    for term in terms[column + 1]:
                        total += term.score(placed)
                bound = total + after + room[following]
                for term in hopes[following]:  # relations still open that can be seen to fall short already
                    if bound < floor:
                        break
                    bound -= term.best - term.hope(self, placed, end)
                if bound < floor or total == IMPOSSIBLE:
                    continue
                if following == width:  # complete: its points are known, the debris after it counted
                    heappush(heap, (-(total + after), (*path, rank), end, following, placed, total + after))
                else:
                    heappush(heap, (-bound, (*path, rank), end, following, placed, total))
        return tuple(found), True, self.nodes

    # --- the bound: the most the cells still to place can earn by themselves ---------------------------

    def after(self, at: int, column: int) -> float:
        """The most the columns from ``column`` on earn by themselves reading the text from ``at`` on
        (IMPOSSIBLE where they cannot cover it)."""
        memo, stride = self._after, self.stride
        best = memo[at * stride + column]
        if best is not None:
            return best
        if column == stride - 1:
            best = memo[at * stride + column] = self._finish(at)
            return best
        if self.nodes > MAX_NODES:
            memo[at * stride + column] = IMPOSSIBLE  # out of work: the search reports itself incomplete
            return IMPOSSIBLE
        if self._cannot_cover(at, column):
            memo[at * stride + column] = IMPOSSIBLE
            return IMPOSSIBLE
        best = IMPOSSIBLE
        following = column + 1
        pieces = self._pieces(at, column)
        self.nodes += 1 + len(pieces)  # each state and each piece read is work: a run of digits offers dozens
        for end, _, gain in pieces:
            reach = memo[end * stride + following]
            if reach is None:
                reach = self.after(end, following)
            if reach + gain > best:
                best = reach + gain
        if self.pairable[column]:
            for end, _, gain, following, _ in self._pairs(at, column):
                reach = memo[end * stride + following]
                if reach is None:
                    reach = self.after(end, following)
                if reach + gain > best:
                    best = reach + gain
        memo[at * stride + column] = best
        return best

    def _cannot_cover(self, at: int, column: int) -> bool:
        """Whether the columns from ``column`` on surely cannot read the text from ``at`` on, seen from the
        run of figures that starts there (``values.NUMBER_CHARS``: no text left over may start with one, so
        the columns must take all of it): it is longer than they can hold, or a ``%`` in it comes later
        than the columns that can take a ``%`` can reach. (Cheap, and true to the letter of what a piece
        holds: such a state would be read in full to find nothing, often the most of a row's work.)"""
        run = _FIGURES.match(self.text, at)
        if run is None:
            return False
        hold, hold_to_percent = self._holds
        if run.end() - at > hold[column]:
            return True
        percent = self.text.find("%", at, run.end())
        return percent >= 0 and percent + 1 - at > hold_to_percent[column]

    def _options(self, at: int, column: int) -> list[_Option]:
        """What ``column`` may take at ``at`` that can cover the rest, best first (ties in the order read):
        a text written twice, then the kind's pieces (see ``_pieces``)."""
        key = (at, column)
        options = self._ranked.get(key)
        if options is None:
            memo, stride = self._after, self.stride
            first = self._pairs(at, column) if self.pairable[column] else []
            read = [*first, *((end, cells, gain, column + 1, len(first) + rank)
                              for rank, (end, cells, gain) in enumerate(self._pieces(at, column)))]
            reach = [self.after(end, following) if (after := memo[end * stride + following]) is None else after
                     for end, _, _, following, _ in read]
            ranked = sorted((-(option[2] + after), option[4], option) for option, after in zip(read, reach, strict=True)
                            if after != IMPOSSIBLE)
            options = self._ranked[key] = [option for _, _, option in ranked]
        return options

    def _finish(self, at: int) -> float:
        """Points for the text left after the last column: none; debris at a small cost per character
        where the row allows it (a reading that explains more of the text wins); never a number's rest."""
        rest = self.text[at:]
        if not rest:
            return 0.0
        if not self.hints.rest_allowed or rest[0] in NUMBER_CHARS:
            return IMPOSSIBLE
        return -(0.5 + 0.05 * len(rest))

    def _pairs(self, at: int, column: int) -> list[_Option]:
        """A text written twice from ``at`` for a target and an actual side by side (达标达标)."""
        kinds = self.kinds
        if kinds[column] not in MEASURES or column + 1 >= len(kinds) or kinds[column + 1] not in MEASURES:
            return []
        text, hints, row = self.text, self.pieces.hints_id, self.indicator_row
        pairs: list[_Option] = []
        for size in pair_sizes(text, at):
            piece = text[at:at + size]
            gain = own(kinds[column], piece, hints, row) + own(kinds[column + 1], piece, hints, row)
            pairs.append((at + 2 * size, (piece, piece), gain, column + 2, len(pairs)))
        return pairs

    def _pieces(self, at: int, column: int) -> list[Piece]:
        """The pieces of ``column`` at ``at`` with their own points (columns of one kind share them, see
        ``pieces.Pieces``); a name's are read once, from the start."""
        kind = self._piece_kinds[column]
        if kind == "name":  # the first column: read from the start only
            if self._names is None:
                self._names = self._name_pieces()
            return self._names
        return self.pieces.at(at, kind)

    def _name_pieces(self) -> list[Piece]:
        """Where the name may end; the values start after the spaces that end it. A name is never empty."""
        text, hints, row = self.text, self.pieces.hints_id, self.indicator_row
        return [(end + len(text[end:]) - len(text[end:].lstrip()), (text[:end],), own("name", text[:end], hints, row))
                for end in piece_ends(text, 0, "name", self.hints)]

    # --- what a relation may ask about the text still to come (relations.Lookahead) ------------------

    def rate_after(self, at: int, share: Decimal, nothing_spent: bool) -> bool:
        """Whether a rate piece starting at ``at`` or later agrees with ``share`` (executed ÷ budget)."""
        if len(self.text) > _RATE_LOOKAHEAD_CHARS:
            return True  # hoping costs nothing: the search is only cut less
        if self.rates is None:
            self.rates = rates_from(self.text, self.hints)
        rates = self.rates[at] if at < len(self.rates) else ()
        low = bisect_left(rates, share - RATE_TOLERANCE)
        return any(rate <= share + RATE_TOLERANCE and (rate == 0) == nothing_spent for rate in rates[low:low + 3])

    def rate_after_money(self, at: int, budget: Decimal) -> bool:
        """Whether a sum spent starting at ``at`` is followed by a rate that agrees with it and ``budget``."""
        if len(self.text) > _RATE_LOOKAHEAD_CHARS:
            return True
        key = (at, budget)  # asked again for every reading that placed the same budget there
        found = self._spent.get(key)
        if found is None:
            spending = self.pieces.at(at, self._executed_kind)
            found = self._spent[key] = any(
                self.rate_after(end, spent / budget, spent == 0) for end, (piece,), _ in spending
                if (spent := money_value(piece) if piece and piece not in BLANK_SET else None) is not None)
        return found
