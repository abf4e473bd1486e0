"""A token stream as items: the labels a layout knows, and the values between them.

How labels are found depends on the shape. Where each token is a whole cell (``pipe-cells``,
``paragraph-cells``) a token is a label or a value. Where tokens are chunks between spaces
(``spaced-rows``, ``spaced-flat``) a label may span a few chunks (``年初预算 数``, ``一级`` / ``指标``), so
runs of up to ``MAX_JOINED`` chunks are looked up, longest first. Where the text is fused (each token a
whole line) the vocabulary's pattern finds the labels inside the line, and the text between two labels
is one value item still to be split into cells.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from decimal import Decimal
from operator import itemgetter
from typing import NamedTuple

from jixiao.ingest.stream.vocab import Hit, Role, Vocabulary, narrow
from jixiao.ingest.text import Stream, TextShape, Token
from jixiao.model.parse import fold

# Boundary confidences: a token of a cell-per-line shape is a whole cell; a chunk between spaces may be
# part of a cell that holds a space (``不少于12 种``).
CELL_CONFIDENCE = 1.0
CHUNK_CONFIDENCE = 0.9
# Chunks joined into one label at most (a label spaced out character by character: 年 度 总 体 目 标), and
# the longest text so joined. Chunks are joined only while they lead into a word, so this costs nothing.
MAX_JOINED = 16
MAX_JOINED_CHARS = 24
# A title is a short cell holding 自评表 (as the table reader takes it).
MAX_TITLE_CHARS = 40
# Text before a title word in fused text that belongs to the title: a year and a few words
# (``2020年度长江禁捕`` + 项目自评表).
_TITLE_LEAD = re.compile(r"\d{4}年度?[^\d\s,，。:：;；、()（）]{0,20}$")
# A cell holding only a level-1 weight (``(50分)``): the level-1 name beside it was lost.
_POINTS_ONLY = re.compile(r"\((\d{1,3})分\)")
CHUNK_SHAPES = frozenset({TextShape.SPACED_ROWS, TextShape.SPACED_FLAT})
_new = tuple.__new__  # a named tuple from all its fields in order: an item per chunk, hundreds per form
# Characters a level-2 stem may be separated from the scrambled label before it by (see _stems_after).
_STEM_WINDOW = 12


class Item(NamedTuple):
    """A label (``hit`` set) or a value: its raw ``text``, the original ``line`` and ``position`` of
    its first token, the ``confidence`` of its boundaries, whether it starts after a soft boundary
    (``soft``, chunks only) and whether it is a run of fused text (``fused``) still to be split."""

    text: str
    line: int
    position: int
    confidence: float
    hit: Hit | None = None
    soft: bool = False
    fused: bool = False


def lex(stream: Stream, vocab: Vocabulary) -> list[Item]:
    """The items of ``stream`` in reading order."""
    if stream.shape in CHUNK_SHAPES:
        return _chunks(stream.tokens, vocab)
    if stream.shape is TextShape.FUSED:
        return [item for token in stream.tokens for item in _fused(token, vocab)]
    return [_cell(token, vocab) for token in stream.tokens]


def _cell(token: Token, vocab: Vocabulary) -> Item:
    return Item(token.text, token.line, token.position, CELL_CONFIDENCE, _hit_of(token.text, vocab))


def _hit_of(text: str, vocab: Vocabulary) -> Hit | None:
    """The label a whole cell is, if any: a title, a word of the vocabulary, or a lone ``(50分)``."""
    return _hit_of_key(fold(text), vocab) if text else None


def _hit_of_key(key: str, vocab: Vocabulary) -> Hit | None:
    """``_hit_of`` of a cell whose folded text is ``key`` (not empty)."""
    if "自评表" in key and len(key) <= MAX_TITLE_CHARS:
        return Hit(key, (Role("title", ""),))
    hit = vocab.lookup(key)
    if hit is None:
        points = _POINTS_ONLY.fullmatch(key)
        if points is not None:
            return Hit(key, (Role("level1", ""),), Decimal(points.group(1)))
    return hit


def _chunks(tokens: tuple[Token, ...], vocab: Vocabulary) -> list[Item]:
    """Chunk items; a label may span up to MAX_JOINED chunks, the longest run that is one is taken.
    (A list built in one loop, not a generator: a form has four hundred chunks.)"""
    memo = vocab.chunk_memo
    extendable = vocab.extendable
    figures = not vocab.digit_led  # whether a chunk of figures is no label (see _chunk_of)
    items: list[Item] = []
    append = items.append
    at = 0
    count = len(tokens)
    while at < count:
        text, line, position, soft = tokens[at]
        known = memo.get(text)
        if known is None:
            # A figure is looked up as _chunk_of would, without the call (a form has dozens).
            known = _NOTHING if figures and text.isascii() and text[:1].isdigit() else _chunk_of(text, vocab)
        key = known[1]
        # A chunk alone: no label starts with it (most chunks: values, names), or it is a whole word that no
        # longer word starts with and no qualifier follows (see _plain_after): _joined_hit would find it alone.
        if key is None or (key not in extendable and _plain_after(tokens, at + 1, count)):
            append(_new(Item, (text, line, position, CHUNK_CONFIDENCE, known[0], soft, False)))
            at += 1
            continue
        hit, size = _joined_hit(tokens, at, vocab, known)
        if size > 1:
            text = " ".join(token.text for token in tokens[at:at + size])
        append(_new(Item, (text, line, position, CHUNK_CONFIDENCE, hit, soft, False)))
        at += size
    return items


def _plain_after(tokens: tuple[Token, ...], at: int, count: int) -> bool:
    """Whether the chunk at ``at`` (if any) can neither go on a word nor be its qualifier: it folds to
    text that does not start with ``(``. Told from its first character when fold keeps that one as it is
    and first: printable ASCII, and the unified ideographs, have no other NFKC form and are no blank; a
    chunk starting otherwise (a full-width bracket, ``⑴``) is not plain here, and is folded by _joined_hit."""
    if at >= count:
        return True
    first = tokens[at][0][:1]
    return ("!" <= first <= "~" and first != "(") or "\u4e00" <= first <= "\u9fff"


def _joined_hit(tokens: tuple[Token, ...], at: int, vocab: Vocabulary,
                known: tuple[Hit | None, str | None]) -> tuple[Hit | None, int]:
    """The label that starts at chunk ``at`` and the chunks it spans: chunks are joined while they
    still lead into a word (``年初预算`` + ``数``); a bracketed qualifier may follow a whole word
    (``项目资金`` + ``(万元)``). The longest label wins; a lone chunk is looked up as a cell (``known``:
    the chunk at ``at`` looked up alone, see ``_chunk_of``)."""
    alone, joined = known
    best: tuple[Hit | None, int] = (alone, 1)
    if joined is None:
        return best
    for index in range(at + 1, min(at + MAX_JOINED, len(tokens))):
        piece = fold(tokens[index].text)
        if piece.startswith("(") and joined in vocab.words and not _titled(joined, vocab):
            hit = vocab.lookup(joined + piece)
            if hit is not None and (hit.points is None or hit.has("level1", "section")):
                best = (hit, index - at + 1)  # a (50分) beside a column header is a level-1 cell's
            break
        joined += piece
        if joined not in vocab.prefixes or len(joined) > MAX_JOINED_CHARS:
            break
        roles = vocab.words.get(joined)
        if roles is not None:
            best = (Hit(joined, roles), index - at + 1)
    return best


def _titled(word: str, vocab: Vocabulary) -> bool:
    """Whether ``word`` is a title's: its year is no qualifier."""
    return any(role.group == "title" for role in vocab.words.get(word, ()))


def _chunk_of(text: str, vocab: Vocabulary) -> tuple[Hit | None, str | None]:
    """A chunk looked up alone (``_hit_of``), and its folded text where a label may start with it (else
    None), remembered per vocabulary: a form's hundred chunks are mostly the same labels and marks."""
    memo = vocab.chunk_memo
    known = memo.get(text)
    if known is None:
        if text.isascii() and text[:1].isdigit() and not vocab.digit_led:
            return _NOTHING  # a figure (3621.64, 67%, 10): no label is one or starts so; not remembered
        key = fold(text)
        hit = _hit_of_key(key, vocab) if text else None
        # Most chunks are neither a label nor a label's start: they share one pair, so that remembering
        # them makes no object for the collector to count (each would bring its next collection nearer).
        known = _NOTHING if hit is None and key not in vocab.prefixes else (hit, key if key in vocab.prefixes else None)
        if len(memo) < _CHUNK_MEMO_SIZE:
            memo[text] = known
    return known


_NOTHING: tuple[Hit | None, str | None] = (None, None)
# Chunks remembered per vocabulary (values are many and seldom repeat: the memo stops growing here).
_CHUNK_MEMO_SIZE = 1 << 16


def _fused(token: Token, vocab: Vocabulary) -> Iterator[Item]:
    """The labels inside a fused line and the runs between them."""
    text = token.text
    narrowed = narrow(text)
    hits = _with_anagrams(list(vocab.scan(narrowed)), narrowed, vocab)
    doubtful = _doubtful_ends(hits, narrowed, vocab)
    at = 0
    pending_title_lead = ""
    line, position = token.line, token.position
    for index, hit in enumerate(hits):
        run = text[at:hit.start]
        if _titled_hit(hit):
            lead = _TITLE_LEAD.search(run)
            if lead is not None:
                run, pending_title_lead = run[:lead.start()], lead.group()
        if run.strip():
            item = _run_item(run.strip(), token, vocab)
            yield item._replace(confidence=NAME_END_CONFIDENCE) if index in doubtful else item
        # All the item's fields in order (tuple.__new__): a fused form has dozens of labels.
        yield _new(Item, (pending_title_lead + text[hit.start:hit.end], line, position, hit.confidence, hit, False,
                          False))
        pending_title_lead = ""
        at = hit.end
    if text[at:].strip():
        yield _run_item(text[at:].strip(), token, vocab)


def _titled_hit(hit: Hit) -> bool:
    """``hit.has("title")``, with the roles' groups looked through in C (a generator costs more than the few
    roles a word has)."""
    return "title" in map(_GROUP, hit.roles)


_GROUP = itemgetter(0)  # a Role's group


def _doubtful_ends(hits: list[Hit], narrowed: str, vocab: Vocabulary) -> set[int]:
    """The hits before which the project name may end otherwise: a label that starts with 项目 where the
    rest is the same label (``除险加固项目负责人及电话``: the name ``…除险加固项目`` then 负责人及电话, or
    ``…除险加固`` then 项目负责人及电话 — forms write both). The name is read short, and doubted."""
    doubtful = set()
    for at in range(1, len(hits)):
        hit, before = hits[at], hits[at - 1]
        if Role("label", "project_name") not in before.roles or hit.start <= before.end:
            continue
        if narrowed.startswith(_PROJECT, hit.start) and not narrowed.endswith(_PROJECT, 0, hit.start) and \
                vocab.words.get(hit.key.removeprefix(_PROJECT)) == hit.roles:
            doubtful.add(at)
    return doubtful


_PROJECT = "项目"
# Confidence of a project name whose end could not be told (see _doubtful_ends).
NAME_END_CONFIDENCE = 0.6


def _run_item(run: str, token: Token, vocab: Vocabulary) -> Item:
    """The fused text between two labels; pieces of wrapped headers (``年度实际``) marked as such."""
    fields = vocab.header_pieces(run)
    hit = Hit(run, tuple(Role("fragment", field) for field in fields)) if fields else None
    return Item(run, token.line, token.position, CELL_CONFIDENCE, hit, fused=hit is None)


def _with_anagrams(hits: list[Hit], narrowed: str, vocab: Vocabulary) -> list[Hit]:
    """``hits`` with the scrambled level-1 labels found in the text between them (and a level-2 stem
    right after such a label: the scrambled cell's neighbour in the column of vertical labels)."""
    found: list[Hit] = []
    starts = [hit.start for hit in hits]
    for anagram in vocab.anagrams(narrowed):
        at = bisect_right(starts, anagram.start)
        before_end = hits[at - 1].end if at else 0
        next_start = starts[at] if at < len(starts) else len(narrowed)
        if anagram.start >= before_end and anagram.end <= next_start:  # not inside a label found
            found.append(anagram)
            found.extend(_stems_after(narrowed, anagram.end, next_start, vocab))
    if not found:
        return hits
    return sorted([*hits, *found], key=lambda hit: hit.start)


def _stems_after(narrowed: str, start: int, end: int, vocab: Vocabulary) -> Iterator[Hit]:
    """A level-2 name without its 指标 (``服务对象满意度``) within a few characters after a scrambled
    label: vertical labels that lost their order may lose a character too, and the stem names the class.
    What stands between them is part of the scrambled labels and is dropped with them."""
    window = narrowed[start:min(end, start + _STEM_WINDOW + 16)]
    for stem, name in vocab.stems.items():
        offset = window.find(stem)
        if 0 <= offset <= _STEM_WINDOW:
            yield Hit(name, (Role("level2", name),), None, start, start + offset + len(stem), 0.6)
            return
