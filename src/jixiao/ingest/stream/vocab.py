"""The words a layout (版式) knows, as one matcher: for finding labels in text whose rows are lost.

A ``Vocabulary`` holds every label word of a layout — the title, 项目名称 / 主管部门 / 实施单位, the section
words (项目资金, 年度总体目标, 绩效指标, 总分), the column words of each block, the funding row labels, the
level-1 and level-2 names (一级/二级指标), the 其中 mark and the closing words (注, 备注, 说明, 评价结论) —
each with the roles it can play (``合计`` is a funding row on one form and the total on another; the
reader picks the role by the section it is in).

Two ways to look words up:

* ``lookup(key)``: a whole cell (folded) is one label, with an optional ``(20分)`` / ``(A)`` qualifier
  and a colon after it; for text whose cells are known (one cell per line) or chunks between spaces.
* ``scan(text)``: every label inside fused text, leftmost and longest first, spaces allowed inside a
  word (``产 出 指 标``, ``年度指标 值``) and either width of bracket or colon. One compiled regular
  expression does it, built as a trie (the words' common prefixes shared), so its time is linear in the
  text: each position tries the few branches its first character allows, and no branch can backtrack
  further than the longest word.

Vertical labels that an OCR or a preview scrambled (``出标产指`` for 产出指标) are found by ``anagrams``
when the characters are exactly those of one level-1 name, and carry a lower confidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import NamedTuple

from jixiao.ingest.stream.values import QUALITATIVE
from jixiao.layouts import Layout
from jixiao.model.parse import fold

# Width variants that fold (NFKC) would change, mapped one character to one character, so that an
# offset in the narrowed text is the same offset in the raw text: full-width ASCII (！ to ～), the
# ideographic and no-break spaces and the tab (to a plain space), and small brackets.
NARROW = str.maketrans({**{chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)},
                        "\u3000": " ", "\xa0": " ", "\t": " ", "﹙": "(", "﹚": ")", "﹕": ":"})

# Labels that forms carry but the model does not keep (项目类别, 填报日期 …): known, so that a value
# before them ends there (``项目实施单位农业科项目类别1、部门预算项目…`` is 农业科), and otherwise ignored.
OTHER_LABELS = ("项目类别", "项目属性", "项目类型", "单位名称", "填报单位", "填报日期", "联系电话", "项目编码",
                "项目代码", "报表编号", "意见收集人")
# Title words every layout's forms may use besides its own: ``自评表`` alone ends most titles.
GENERIC_TITLES = ("项目支出绩效自评表", "自评表")
# The level-2 word's end: a level-2 name without it is its stem (服务对象满意度 of 服务对象满意度指标).
_INDICATOR_SUFFIX = "指标"
# A level-2 stem this long is specific enough to be recognised without its suffix (see ``stems``);
# shorter ones (数量, 质量) are ordinary words.
MIN_STEM_CHARS = 4
# Spaces allowed between two characters of a word: a cell's text wraps at any character.
_GAP = " {0,2}"
# What may follow a word: qualifiers in brackets (``(万元)``, ``(A)``, ``(20分)``, ``(20分*执行率)``) and
# a colon. Each bracket holds at most 16 characters and no bracket, so the loop cannot backtrack.
_QUALIFIERS = r"(?P<q>(?: {0,2}\([^()\n]{0,16}\))*)(?P<c> {0,2}:)?"
_POINTS = re.compile(r"(\d{1,3}(?:\.\d{1,2})?)分")
_QUALIFIER_TAIL = re.compile(r"(?:\([^()]{0,16}\))+$")
# Cells looked up are remembered (labels and values repeat across forms), up to this many per layout.
_MEMO_SIZE = 65536
_UNSEEN = object()
# A run of header pieces is short (年度实际, 指标值完成值); longer runs are not looked at, nor longer pieces.
_MAX_HEADER_RUN = 24
_LONGEST_PIECE = 14
_new = tuple.__new__  # a named tuple from all its fields, without the keyword machinery
# Confidence of a label found as an anagram of a level-1 name: the characters are right, their order
# is not, so the label is likely but not certain.
ANAGRAM_CONFIDENCE = 0.6
# Confidence of a title read with the bracket after it in fused text (the bracket may be a cell of its own).
TITLE_BRACKET_CONFIDENCE = 0.6


class Role(NamedTuple):
    """What a word can be: ``group`` (title, label, section, fund_col, goal_col, ind_col, fund_row,
    level1, level2, sub_row, fragment) and ``name`` within it (a field, a section, a fund kind, a level name)."""

    group: str
    name: str


class Hit(NamedTuple):
    """A label found: the folded ``key``, its ``roles``, the points of a ``(20分)`` qualifier, the
    ``start``/``end`` offsets in the text scanned (0 for a whole cell) and the ``confidence``."""

    key: str
    roles: tuple[Role, ...]
    points: Decimal | None = None
    start: int = 0
    end: int = 0
    confidence: float = 1.0

    def has(self, *groups: str) -> bool:
        return any(role.group in groups for role in self.roles)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """A layout's label words and matchers (built once per layout by ``vocabulary``)."""

    layout: Layout
    words: dict[str, tuple[Role, ...]]
    # Every leading piece of every word (the words themselves included): a chunk that is none of
    # them cannot start a label, and is looked up alone.
    prefixes: frozenset[str]
    # The leading pieces that are shorter than their word: only these go on into a longer word.
    extendable: frozenset[str]
    pattern: re.Pattern[str]
    closing: tuple[str, ...]
    fragments: dict[str, str]
    level1_of_level2: dict[str, str]
    stems: dict[str, str]
    anagram_keys: dict[str, str]
    anagram_pattern: re.Pattern[str] | None
    # Pieces and whole words of the indicator headers, by their column (for ``header_pieces``).
    header_words: dict[str, str]
    _memo: dict[str, Hit | None]
    # The lexer's memo of chunks looked up alone (see lexer._chunk_of), kept with the vocabulary it is of.
    chunk_memo: dict[str, tuple[Hit | None, str | None]]
    # Whether a word starts with a digit (none does today): a chunk of figures is then no label's start.
    digit_led: bool
    # The first characters of the words, closing words and fragments (None if one is empty): a key that starts
    # otherwise is none of them, with or without qualifiers (see ``_lookup``).
    lead_chars: frozenset[str] | None

    def lookup(self, key: str) -> Hit | None:
        """The label a whole folded cell ``key`` is, qualifiers and a final colon allowed; else None."""
        hit = self._memo.get(key, _UNSEEN)
        if hit is _UNSEEN:
            hit = self._lookup(key)
            if len(self._memo) < _MEMO_SIZE:
                self._memo[key] = hit
        return hit

    def _lookup(self, key: str) -> Hit | None:
        # Every way below to a hit needs a word, a closing word or a fragment that starts as the key does (the
        # qualifiers and the colon come off its end): most cells looked up for the first time are names and
        # values, and start as none does.
        if self.lead_chars is not None and key[:1] not in self.lead_chars:
            return None
        roles = self.words.get(key)
        if roles is not None:
            return Hit(key, roles)
        bare, points = _without_qualifiers(key.rstrip(":"))
        roles = self.words.get(bare)
        if roles is not None:
            return Hit(bare, roles, points)
        if bare.startswith(self.closing):
            return Hit(bare, (Role("section", "closing"),))
        field = self.fragments.get(bare)
        if field is not None:
            return Hit(bare, (Role("fragment", field),))
        return None

    def header_pieces(self, text: str) -> tuple[str, ...] | None:
        """The columns of a run that is nothing but pieces of indicator headers (``年度实际`` of two
        headers wrapped onto two rows), in order; None for any other text."""
        key = fold(text)
        if not key or len(key) > _MAX_HEADER_RUN:
            return None
        fields: list[str] = []
        at = 0
        while at < len(key):
            size = next((size for size in range(min(len(key) - at, _LONGEST_PIECE), 1, -1)
                         if key[at:at + size] in self.header_words), 0)
            if not size:
                return None
            fields.append(self.header_words[key[at:at + size]])
            at += size
        return tuple(fields)

    def scan(self, narrowed: str) -> Iterator[Hit]:
        """Every label in ``narrowed`` text (see ``narrow``), leftmost-longest, with its offsets."""
        memo = self._memo
        for match in self.pattern.finditer(narrowed):
            written = match.group()
            hit = memo.get(written, _UNSEEN)
            if hit is _UNSEEN:
                key = fold(match.group("w"))
                roles = self.words.get(key)
                _, points = _without_qualifiers(fold(match.group("q") or ""))
                hit = Hit(key, roles, points) if roles is not None else None
                if len(memo) < _MEMO_SIZE:
                    memo[written] = hit
            if hit is not None:  # None cannot happen: every branch of the pattern is a word
                # A bracket after a title (（2021年度）) may have been its cell's or a cell of its own.
                confidence = TITLE_BRACKET_CONFIDENCE if hit.roles[0].group == "title" and match.group("q") \
                    else hit.confidence
                yield _new(Hit, (hit.key, hit.roles, hit.points, match.start(), match.end(), confidence))

    def anagrams(self, text: str) -> Iterator[Hit]:
        """Level-1 names whose characters stand in ``text`` in another order (``出标产指``), each found
        where the window holds exactly the characters of one name and no other name fits."""
        if self.anagram_pattern is None:
            return
        for match in self.anagram_pattern.finditer(text):
            yield from self._anagrams_in(match.group(), match.start())

    def _anagrams_in(self, run: str, offset: int) -> Iterator[Hit]:
        sizes = sorted({len(key) for key in self.anagram_keys}, reverse=True)  # the same at every position
        at = 0
        while at < len(run):
            found = None
            for size in sizes:
                window = run[at:at + size]
                if len(window) == size:
                    name = self.anagram_keys.get("".join(sorted(window)))
                    if name is not None and window != name:
                        found = (name, size)
                        break
            if found is None:
                at += 1
                continue
            name, size = found
            yield Hit(name, (Role("level1", name),), None, offset + at, offset + at + size, ANAGRAM_CONFIDENCE)
            at += size


def narrow(text: str) -> str:
    """``text`` with width variants narrowed one character for one (offsets are kept).

    Only the variants the text holds are replaced, each with one ``str.replace``: ``str.translate``
    looks every character up in Python's mapping, several times slower on Chinese text. The variants
    held are found by one pattern, five times as fast as a set's ``intersection`` with the text (which
    makes a string of each character); no variant narrows to another, so their order does not matter."""
    for wide in set(_WIDE_CHAR.findall(text)):
        text = text.replace(wide, _NARROWED[wide])
    return text


_NARROWED = {chr(code): narrow_char for code, narrow_char in NARROW.items()}
_WIDE_CHAR = re.compile(f"[{''.join(map(re.escape, sorted(_NARROWED)))}]")


def _without_qualifiers(key: str) -> tuple[str, Decimal | None]:
    """``产出指标(50分)`` → (``产出指标``, 50); ``全年预算数(A)`` → (``全年预算数``, None)."""
    match = _QUALIFIER_TAIL.search(key)
    if match is None:
        return key, None
    points = _POINTS.search(match.group())
    return key[:match.start()], Decimal(points.group(1)) if points else None


@cache
def vocabulary(layout: Layout) -> Vocabulary:
    """The vocabulary of ``layout``, built once."""
    words: dict[str, list[Role]] = {}

    def add(group: str, name: str, values: tuple[str, ...] | list[str]) -> None:
        for word in values:
            key = fold(word)
            if key and Role(group, name) not in words.setdefault(key, []):
                words[key].append(Role(group, name))

    add("title", "", [*layout.title_words, *GENERIC_TITLES])
    for name, values in layout.labels:
        add("label", name, values)
    add("label", "other", OTHER_LABELS)
    for name, values in layout.sections:
        add("section", name, values)
    for group, columns in (("fund_col", layout.funding_columns), ("goal_col", layout.goal_columns),
                           ("ind_col", layout.indicator_columns)):
        for name, values in columns.synonyms:
            add(group, name, values)
    for word, kind in layout.funding_rows:
        add("fund_row", kind.value, [word])
    for name in layout.level1_names:
        add("level1", name, [name])
    for name in layout.level2_names:
        add("level2", name, [name])
    add("sub_row", "", layout.sub_row_marks)
    frozen = {key: tuple(roles) for key, roles in words.items()}
    level1_of = _level1_of_level2(layout)
    anagram_keys = {"".join(sorted(name)): name for name in layout.level1_names if len(name) >= 4}
    prefixes = frozenset(key[:size] for key in frozen for size in range(1, len(key) + 1))
    extendable = frozenset(key[:size] for key in frozen for size in range(1, len(key)))
    closing, fragments = layout.section_words("closing"), _fragments(layout)
    return Vocabulary(
        layout=layout, words=frozen, prefixes=prefixes, extendable=extendable, pattern=_trie_pattern(frozen),
        closing=closing, fragments=fragments, level1_of_level2=level1_of,
        stems={name[:-len(_INDICATOR_SUFFIX)]: name for name in layout.level2_names
               if name.endswith(_INDICATOR_SUFFIX) and len(name) - len(_INDICATOR_SUFFIX) >= MIN_STEM_CHARS},
        anagram_keys=anagram_keys,
        anagram_pattern=_anagram_pattern(anagram_keys), header_words=_header_words(layout), _memo={},
        chunk_memo={}, digit_led=any(key[:1].isdigit() for key in frozen),
        lead_chars=_lead_chars(frozen, closing, fragments))


def _lead_chars(*entries: Iterable[str]) -> frozenset[str] | None:
    """The first characters of every word of ``entries``; None where one is empty (it would start any key)."""
    words = [word for some in entries for word in some]
    return None if not all(words) else frozenset(word[0] for word in words)


def _fragments(layout: Layout) -> dict[str, str]:
    """Pieces of the longer indicator column words, each with its column: a header wrapped onto two rows
    leaves its halves as cells of their own (``年度`` over ``指标值``, ``全年`` over ``完成值``), and each
    stands for its column. A piece that two columns share, or that is a value itself (``完成``), is none."""
    fields: dict[str, set[str]] = {}
    for field, values in layout.indicator_columns.synonyms:
        for word in values:
            for size in range(2, len(word) - 1):
                fields.setdefault(word[:size], set()).add(field)  # the head of the word
                fields.setdefault(word[-size:], set()).add(field)  # and its tail
    return {piece: next(iter(names)) for piece, names in fields.items()
            if len(names) == 1 and piece not in QUALITATIVE}


def _header_words(layout: Layout) -> dict[str, str]:
    """Every indicator header word and every piece of one, with its column."""
    words = dict(_fragments(layout))
    for field, values in layout.indicator_columns.synonyms:
        words.update(dict.fromkeys(values, field))
    return words


def _level1_of_level2(layout: Layout) -> dict[str, str]:
    """Each level-2 name → the level-1 class it belongs to, from the layout's own lists.

    A level-2 name that holds a level-1 stem belongs to it (经济效益指标 → 效益指标, 服务对象满意度指标 →
    满意度指标); one that holds none belongs with the level-2 name before it in the layout's order
    (可持续影响指标 after 生态效益指标), and the first ones to the first level-1 class (数量指标 → 产出指标).
    """
    stems = [(name.removesuffix(_INDICATOR_SUFFIX), name) for name in layout.level1_names]
    mapping: dict[str, str] = {}
    current = layout.level1_names[0] if layout.level1_names else ""
    for name in layout.level2_names:
        owner = next((level1 for stem, level1 in stems if stem and stem in name), None)
        current = owner or current
        mapping[name] = current
    return mapping


def _trie_pattern(words: dict[str, tuple[Role, ...]]) -> re.Pattern[str]:
    """One pattern for every word: a trie of the words, spaces allowed between characters."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return re.compile(f"(?P<w>{_trie_regex(trie)}){_QUALIFIERS}")


def _trie_regex(node: dict[str, dict]) -> str:
    """The regex of a trie node: its branches in one group, made optional when a word ends here; the
    group is greedy, so a longer word is always tried before the shorter one it extends."""
    branches = []
    for char, child in sorted(node.items()):
        if not char:
            continue
        rest = _trie_regex(child)
        branches.append(re.escape(char) + (_GAP + rest if rest else ""))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        return f"(?:{body})?" if len(branches) == 1 else f"{body}?"
    return body


def _anagram_pattern(keys: dict[str, str]) -> re.Pattern[str] | None:
    """Runs of the characters the level-1 names use, long enough to hold one: where anagrams can be."""
    if not keys:
        return None
    chars = "".join(sorted({char for key in keys for char in key}))
    shortest = min(len(key) for key in keys)
    return re.compile(f"[{re.escape(chars)}]{{{shortest},}}")
