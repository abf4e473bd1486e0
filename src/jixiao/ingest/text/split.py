"""How the text of each shape splits into cells: grid rows for pipe tables, token streams for the rest.

Every function takes ``Cleaned`` text (see ``chrome``) and gives each piece the original line it
came from. Lines are split at ``\\n`` only, as ``Cleaned`` numbers them; a Word soft break (``\\v``)
inside a line stays inside its cell, or, in the space-separated shapes, separates chunks.

A 10 MB file holds about half a million cells, so the streams are built with C-level passes (split,
map, compress, chain) rather than a Python step per line; the rare irregular text (a pipe cell over
several lines) takes a plain loop.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import accumulate, chain, compress, count, repeat
from operator import add
from typing import NamedTuple

from jixiao.ingest.grid import Cell, Grid
from jixiao.ingest.text.chrome import Cleaned

_RULE_CHARS = frozenset("-:")


class Token(NamedTuple):
    """One piece of a token stream: its ``text``, the original 1-based ``line`` it starts on, its
    1-based ``position`` among the tokens of that line, and whether the boundary before it is
    ``soft`` — only spaces inside a line, which may as well be a space inside a cell (``年初预算 数``)."""

    text: str
    line: int
    position: int
    soft: bool = False


def _tokens(texts: Iterable[str], lines: Iterable[int]) -> tuple[Token, ...]:
    """One token per line from parallel columns, without a Python call per token (``Token._make``'s work)."""
    return tuple(map(tuple.__new__, repeat(Token), zip(texts, lines, repeat(1), repeat(False))))


def _originals(cleaned: Cleaned, lines: list[int]) -> list[int]:
    """The original numbers of cleaned ``lines``."""
    if not cleaned.shifts:
        return lines
    numbers = list(cleaned.original_lines())
    return [numbers[line - 1] for line in lines]


# --- pipe-rows: one table row per line ------------------------------------------------------------

def pipe_rows(cleaned: Cleaned, path: str) -> list[Grid]:
    """A grid with one row per line of ``a | b | c |`` or ``| a | b |`` text; empty list if no cell.

    Each pipe-delimited cell becomes a cell, empty ones included (``||||`` is a run of empty cells, left
    by merged cells); a line without a bar is a row of one cell (a title). Rule lines (``|---|---|``)
    and rows whose every cell is blank are left out, as the other readers leave blank rows out.
    """
    lines = cleaned.text.split("\n")
    leading = _leading_bars(lines)
    rows: list[tuple[Cell, ...]] = []
    for text, line in zip(lines, cleaned.original_lines(), strict=True):
        pieces = text.split("|")
        if leading and len(pieces) > 1 and not pieces[0].strip():
            del pieces[0]
        if len(pieces) > 1 and not pieces[-1].strip():
            del pieces[-1]
        cells = list(map(str.strip, pieces))
        if any(cells) and not ("-" in text and _is_rule(cells)):
            # What ``Cell._make`` does, without a Python call per cell (as in the tab-dump reader).
            fields = zip(cells, repeat(len(rows) + 1), count(1), repeat(1), repeat(1), repeat(line), repeat(False),
                         repeat(None))
            rows.append(tuple(map(tuple.__new__, repeat(Cell), fields)))
    return [Grid(path=path, table=1, rows=tuple(rows))] if rows else []


def _leading_bars(lines: list[str]) -> bool:
    """Whether rows open with a bar (``| a | b |``): every line that holds a bar starts with one.

    In the ``a | b |`` style only rows whose first cell is empty start with a bar, and never all of
    them (titles and headers start with text). A table whose every row starts with an empty cell
    cannot be told from the other style, and is read as it.
    """
    return all(text.lstrip().startswith("|") for text in lines if "|" in text)


def _is_rule(cells: list[str]) -> bool:
    """Whether a row is a markdown rule (``---``, ``:-:`` in every non-empty cell); a ``-`` alone is a
    cell's text (nothing to report), so a rule's dashes come three at once or beside a colon."""
    return all(set(cell) <= _RULE_CHARS and "-" in cell and (cell.count("-") >= 3 or ":" in cell)
               for cell in cells if cell)


# --- pipe-cells: one cell per line, closed by a bar ------------------------------------------------

def pipe_cells(cleaned: Cleaned) -> tuple[Token, ...]:
    """One token per ``text |`` line, ``""`` for a bare ``|``.

    A line without its bar is the first part of a cell that goes on until the next bar (an HTML cell
    with a line break); blank lines between cells are nothing.
    """
    bodies = list(map(str.rstrip, cleaned.text.split("\n")))
    filled = list(filter(None, bodies))
    if sum(body[-1] == "|" for body in filled) < len(filled):
        return _pipe_cells_over_lines(bodies, cleaned)
    texts = [body[:-1].strip() for body in filled]
    return _tokens(texts, compress(cleaned.original_lines(), bodies))


def _pipe_cells_over_lines(bodies: list[str], cleaned: Cleaned) -> tuple[Token, ...]:
    """``pipe_cells`` for text where some cell goes over several lines."""
    tokens: list[Token] = []
    parts: list[str] = []
    first = 0
    for body, line in zip(bodies, cleaned.original_lines(), strict=True):
        if body.endswith("|"):
            tokens.append(Token("\n".join((*parts, body[:-1])).strip(), first if parts else line, 1))
            parts = []
        elif body.strip():
            if not parts:
                first = line
            parts.append(body)
    if parts:
        tokens.append(Token("\n".join(parts).strip(), first, 1))
    return tuple(tokens)


# --- paragraph-cells: one cell per paragraph ------------------------------------------------------

def paragraph_cells(cleaned: Cleaned) -> tuple[Token, ...]:
    """One token per paragraph (lines between empty lines); a paragraph of spaces is an empty cell."""
    pieces = cleaned.text.split("\n\n")
    # The cleaned line each piece starts on; a piece opens with line breaks where empty lines ran on.
    starts = accumulate((piece.count("\n") + 2 for piece in pieces), initial=1)
    bodies = [piece.lstrip("\n") for piece in pieces]
    firsts = list(map(add, starts, [len(piece) - len(body) for piece, body in zip(pieces, bodies, strict=True)]))
    texts = [body.strip() for body in bodies if body]
    return _tokens(texts, _originals(cleaned, list(compress(firsts, bodies))))


# --- spaced-rows and spaced-flat: chunks between spaces ---------------------------------------------

def spaced_chunks(cleaned: Cleaned, line_chunks: list[list[str]] | None = None) -> tuple[Token, ...]:
    """One token per space-separated chunk; a chunk after spaces inside a line is ``soft``.

    A line that continues the line before across a preview's page break (``Cleaned.continued``) glues
    its first chunk to the last chunk before the break when no space stood there, and its first chunk
    left is soft: the break was not a line of the original. Positions count the tokens a line starts,
    so after a glued chunk they start at 1 again. ``line_chunks``, when given, are the chunks of each
    line of the text already split (shape detection splits them); they are used up.
    """
    chunks = list(map(str.split, cleaned.text.split("\n"))) if line_chunks is None else line_chunks
    if cleaned.continued:
        _glue_pages(cleaned.text.split("\n"), chunks, cleaned.continued)
    counts = list(map(len, chunks))
    positions = chain.from_iterable(map(range, repeat(1), map(add, counts, repeat(1))))
    soft = list(chain.from_iterable(map(_softs, counts)))
    if cleaned.continued:
        starts = list(accumulate(counts, initial=0))
        for line in cleaned.continued:
            if counts[line - 1]:
                soft[starts[line - 1]] = True
    numbers = chain.from_iterable(map(repeat, cleaned.original_lines(), counts))
    fields = zip(chain.from_iterable(chunks), numbers, positions, soft, strict=True)
    return tuple(map(tuple.__new__, repeat(Token), fields))


def _softs(count: int) -> list[bool]:
    """Whether each of a line's ``count`` chunks is soft: all but the first."""
    return [False] + [True] * (count - 1) if count else []


def _glue_pages(lines: list[str], chunks: list[list[str]], continued: frozenset[int]) -> None:
    """Join the chunk a page break cut in two: the first chunk of a continued line goes onto the last
    chunk before it, when neither side of the break is a space.

    A page that is one chunk goes wholly onto the chunk before it, and the next page onto that same
    chunk; the parts are joined once at the end, so that thousands of pages cost no more than one.
    """
    parts: dict[int, list[str]] = {}  # line index → the parts of its last chunk
    target = -1  # the line whose last chunk is the last chunk so far
    for line in sorted(continued):
        index = line - 1
        if chunks[index - 1]:
            target = index - 1
        if target >= 0 and chunks[index] and lines[index][:1].strip() and lines[index - 1][-1:].strip():
            parts.setdefault(target, [chunks[target][-1]]).append(chunks[index].pop(0))
    for index, pieces in parts.items():
        chunks[index][-1] = "".join(pieces)


# --- fused: no separators at all ------------------------------------------------------------------

def whole_lines(cleaned: Cleaned) -> tuple[Token, ...]:
    """One token per non-blank line, a line continued across a page break joined on with no separator."""
    lines = cleaned.text.split("\n")
    if cleaned.continued:
        lines = _joined_pages(lines, cleaned.continued)
    texts = list(map(str.strip, lines))
    return _tokens(filter(None, texts), compress(cleaned.original_lines(), texts))


def _joined_pages(lines: list[str], continued: frozenset[int]) -> list[str]:
    """``lines`` with each run of continued lines joined onto the line before the run, in one join (a
    preview may have thousands of pages), and left empty in their places."""
    lines = list(lines)
    runs: dict[int, list[str]] = {}  # the line a run continues → its parts
    head = 0
    for line in sorted(continued):
        if line - 1 not in continued:
            head = line - 1
            runs[head] = [lines[head - 1]]
        runs[head].append(lines[line - 1])
        lines[line - 1] = ""
    for head, parts in runs.items():
        lines[head - 1] = "".join(parts)
    return lines
