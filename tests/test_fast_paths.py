"""The fast paths of the core agree with the plain definitions they replace.

Reading, scoring and checking run over many thousands of forms, so some helpers take a shortcut (a
quick check before a slow normalization, one search instead of many, a faster spelling of the same
number). Each test here holds a shortcut to the plain code it stands for, on inputs built to find
the corners where the two could part.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from caselib import fixture_forms
from jixiao.checks import check
from jixiao.checks.cells import CellRef, cell_tuples, form_cells
from jixiao.checks.structure import _ELLIPSES, _MARKERS, placeholder_in
from jixiao.layouts import all_layouts
from jixiao.model.edit import with_value
from jixiao.model.parse import clean_text, fold, nfkc, parse_amount, parse_measure, text_value
from jixiao.model.source import SourceRef
from jixiao.model.values import Amount, Measure, MeasureKind, Operator, TextValue
from jixiao.scoring.indicators import fmt

cells = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)
# Text where the shortcuts of fold and nfkc matter: full-width punctuation, operator glyphs, blanks and
# combining marks next to each other, among any other characters.
tricky = st.lists(st.one_of(st.sampled_from(list("，：；（）！？．＂％≧≦═⩾⩽〓 \u3000\t\u0301\u0308\u0338e=<>字")),
                            st.characters(blacklist_categories=("Cs",))), max_size=30).map("".join)


def fold_by_the_letter(text: str) -> str:
    """fold as first written: normalize, unify the glyphs, take out every blank, settle."""
    glyphs = str.maketrans({"≧": "≥", "≦": "≤", "═": "=", "⩾": "≥", "⩽": "≤", "〓": "="})
    folded = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).translate(glyphs))
    return folded if unicodedata.is_normalized("NFKC", folded) else unicodedata.normalize("NFKC", folded)


@given(st.one_of(cells, tricky))
@example("，\u0301")
@example("≧\u0338")
def test_fold_agrees_with_its_definition(raw: str) -> None:
    assert fold(raw) == fold_by_the_letter(raw)
    assert nfkc(raw) == unicodedata.normalize("NFKC", raw)
    assert clean_text(raw) == re.sub(r"\s+", " ", raw).strip()


def test_values_are_built_field_by_field() -> None:
    source = SourceRef(file="f.txt", form_index=1, table=1, row=2, column=3, line=4)
    assert text_value(" a  b ", source) == TextValue(raw=" a  b ", text="a b", source=source)
    assert parse_amount("35元", source, money=True) == Amount(raw="35元", value=Decimal("0.0035"), unit="元",
                                                              source=source)
    assert parse_amount("—", source) == Amount(raw="—", source=source)
    assert parse_measure("≥5次", source) == Measure(raw="≥5次", kind=MeasureKind.NUMBER, operator=Operator.GE,
                                                    number=Decimal(5), unit="次", text="", source=source)
    assert parse_measure(" 确保 ", source) == Measure(raw=" 确保 ", kind=MeasureKind.TEXT, text="确保", source=source)
    assert parse_measure("/", source) == Measure(raw="/", source=source)


def placeholder_by_the_letter(text: str, prose: bool) -> str | None:
    """``placeholder_in`` as first written: each marker and ellipsis looked for in turn."""
    if "字" in text:
        match = re.search(r"\(\d{1,4}字(?:以内|以下|左右)?\)", fold(text))
        if match:
            return match.group()
    upper = text.upper()
    marker = next((m for m in _MARKERS if m in upper), None)
    if marker is not None:
        return marker
    ellipsis = next((e for e in _ELLIPSES if e in text), None)
    if ellipsis is not None and prose and "".join(text.split()).strip("….。⋯．"):
        return None
    return ellipsis


# Pieces of placeholders, whole and broken, among other characters.
pieces = st.sampled_from(["对照年度目标", "请填写", "请根据", "请按", "填写说明", "此处", "请在此", "X", "x", "Ｘ",
                          "ｘ", "×", "○", "□", "…", "⋯", ".", "。", "．", "字", "(", "（", ")", "）", "100", "１０",
                          "以内", " ", "\u3000", "ß", "İ", "项目", "5"])


@given(st.lists(pieces, max_size=8).map("".join), st.booleans())
def test_placeholder_search_agrees_with_the_letter(text: str, prose: bool) -> None:
    assert placeholder_in(text, prose=prose) == placeholder_by_the_letter(text, prose)


@given(st.decimals(allow_nan=True, allow_infinity=True) | st.decimals(places=8, allow_nan=False))
@example(Decimal("1E+1"))
@example(Decimal("0E-7"))
@example(Decimal("-0"))
def test_fmt_shows_the_plain_digits(value: Decimal) -> None:
    plain = f"{value:f}"
    assert fmt(value) == (plain.rstrip("0").rstrip(".") if "." in plain else plain)



@pytest.mark.parametrize("raw", ["XX县", "请填写", "……", "（200字以内）", "3...5", "满分", "x"])
def test_the_form_wide_look_misses_no_cell(raw: str) -> None:
    """S006 and S007 look over the whole form before they walk its cells: with ``raw`` in any one cell,
    they report what a plain walk over every cell reports."""
    base = fixture_forms("founding_sample.txt")[0]
    for cell in form_cells(base):
        form = with_value(base, cell.path, raw)
        placeholders = [CellRef._make(fields).path for fields in cell_tuples(form)
                        if placeholder_in(fields[2].raw, prose=fields[1] in ("expected", "achieved", "deviation_note"))]
        unreadable = [CellRef._make(fields).path for fields in cell_tuples(form, numbers_only=True)
                      if fields[2].is_unreadable and placeholder_in(fields[2].raw) is None]
        assert [f.field for f in check([form], select=["S006"])] == placeholders, cell.path
        assert [f.field for f in check([form], select=["S007"])] == unreadable, cell.path


# --- the stream reader's shortcuts ------------------------------------------------------------------------

# Values a column of figures may be handed: numbers with points, commas, units, signs and blank marks.
_FIGURE_CHARS = "0123456789.,%分万元亿-—/ "
figure_texts = st.one_of(
    st.text(alphabet=_FIGURE_CHARS, min_size=1, max_size=14),
    st.builds(lambda whole, places, unit: f"{whole}{places}{unit}", st.from_regex(r"[0-9]{1,15}", fullmatch=True),
              st.sampled_from(["", ".", ".0", ".00", ".5", ".25", ".1234", ".12345", ".1234567"]),
              st.sampled_from(["", "万元", "元", "万", "亿元", "分", "%", "万元元", "%%"])),
    st.builds(lambda head, groups, places: f"{head}{groups}{places}", st.integers(0, 999).map(str),
              st.lists(st.integers(0, 999).map(lambda group: f",{group:03d}"), max_size=3).map("".join),
              st.sampled_from(["", ".5", ".1234", ".12345", "万元"])))


@given(st.sampled_from(["initial_budget", "full_year_budget", "executed", "weight", "score", "rate"]), figure_texts)
@example("executed", "0.5")
@example("executed", "1,234.5678万元")
@example("executed", "123456789012.5")  # twelve digits before the point: the most a number has
@example("executed", "1234567890123")
@example("executed", "0.12345")
@example("weight", "100分")
@example("weight", "1000")
@example("score", "1.234")
@example("rate", "00%")
@example("rate", "1000%")
def test_a_value_of_figures_stands_in_a_column_as_its_pieces_read_it(kind: str, value: str) -> None:
    """``accepts`` matches a number's whole value with one pattern; by definition, the value stands in the
    column when one piece of the column's kind (``piece_ends``) reads it from its first character to its last."""
    from jixiao.ingest.stream.ends import accepts, piece_ends
    from jixiao.ingest.stream.values import BLANK_SET, NO_HINTS

    by_definition = value in BLANK_SET or len(value) in piece_ends(value, 0, kind, NO_HINTS)
    assert accepts(kind, value, NO_HINTS) == by_definition


@given(st.one_of(figure_texts, st.from_regex(r"[0-9]{1,50}(\.[0-9]{1,10})?", fullmatch=True), cells), st.booleans())
@example("1" * 40, True)
@example("1" * 41, True)  # too long for a number
@example("1" * 39 + ".5", False)
@example("007", True)
@example("67%", False)
@example("12.", True)
@example("١٢", True)  # digits of another script: folded first
def test_a_plain_figure_is_an_amount_as_parsing_says(text: str, money: bool) -> None:
    """``_amount_of`` reads a plain figure at once; by definition its amount is that of its folded key's parts
    (a blank mark none)."""
    from jixiao.model.parse import _amount_of, _amount_parts
    from jixiao.model.values import BLANK_MARKS

    key = fold(text)
    assert _amount_of(text, money) == ((None, None) if key in BLANK_MARKS else _amount_parts(key, money))


@given(st.one_of(figure_texts, st.from_regex(r"[0-9]{1,90}(\.[0-9]{1,40})?%?", fullmatch=True), cells))
@example("007")
@example("1" * 31)
@example("1" * 80)  # too long for a number: words
def test_a_plain_figure_is_a_value_as_parsing_says(text: str) -> None:
    """``is_value`` tells a plain figure at once; by definition a value is what the full parse reads as a
    number or a date, and not a ``指标N:`` prefix."""
    from jixiao.ingest.stream.rows import _is_value, is_value

    assert is_value(text) == _is_value(text)


@given(st.lists(st.text(max_size=40), max_size=700), st.integers(0, 8000))
@example(["ab", "", "cd", "ef"], 3)
@example(["ab", "", "cd", "ef"], 6)
def test_the_layout_sample_takes_the_cells_up_to_the_limit(texts: list[str], limit: int) -> None:
    """``detect._sample`` counts the cells a batch at a time: it takes the non-empty cells up to and with the
    one that takes the sample past its limit, as a loop over each cell does."""
    from jixiao.layouts import detect

    parts, size = [], 0
    for text in texts:
        if text:
            parts.append(text)
            size += len(text)
            if size > limit:
                break
    original = detect.SAMPLE_CHARS
    detect.SAMPLE_CHARS = limit
    try:
        assert detect._sample(texts) == fold(detect._APART.join(parts))
        assert detect._sample(iter(texts)) == fold(detect._APART.join(parts))
    finally:
        detect.SAMPLE_CHARS = original


_LAYOUT_WORDS = sorted({word for layout in all_layouts() for word in (*layout.markers, *layout.title_words)})
# Words over a small alphabet, so that they run into each other and hold each other (ab, bc, abc, cab).
_SMALL_WORDS = st.sets(st.text(alphabet="abc", min_size=1, max_size=5), min_size=1, max_size=12)


def _sample_of(words: list[str]) -> st.SearchStrategy[str]:
    pieces = st.one_of(st.sampled_from(words), st.sampled_from(words).map(lambda word: word[1:]),
                       st.sampled_from(words).map(lambda word: word[:-1]), st.text(alphabet="abc\x01字", max_size=3))
    return st.lists(pieces, max_size=40).map("".join)


@given(st.data())
def test_the_layout_words_are_found_in_one_pass_as_one_search_each_finds_them(data: st.DataObject) -> None:
    """``detect._WordFinder`` finds every word a search of its own would, words inside words and words
    running on past another's end included (on the layouts' own words, and on words made to overlap)."""
    from jixiao.layouts.detect import _WordFinder

    words = data.draw(st.one_of(st.just(set(_LAYOUT_WORDS)), _SMALL_WORDS))
    blob = data.draw(_sample_of(sorted(words)))
    assert _WordFinder(words).found(blob) == {word for word in words if word in blob}


@given(st.lists(st.lists(st.sampled_from(_LAYOUT_WORDS), max_size=4).map("".join), max_size=12))
def test_a_detection_remembered_is_the_detection_of_the_words_found(texts: list[str]) -> None:
    """``detect_layout`` remembers each set of words found with its detection: it is the detection those words
    make, whatever sets were remembered before."""
    from jixiao.layouts import detect

    words = detect._words(all_layouts())
    found = frozenset(words.finder.found(detect._sample(texts)))
    assert detect.detect_layout(texts) == detect.detect_layout(iter(texts)) == detect._detection(found, words)


@given(st.sets(st.sampled_from(_LAYOUT_WORDS)))
def test_a_layouts_strength_from_its_words_worked_out_once_is_its_strength(found: set[str]) -> None:
    """``detect._strength_of``, on the markers and own title words ``detect._words`` keeps for each layout,
    is ``detect._strength`` of the layout, whatever words were found."""
    from jixiao.layouts import detect

    layouts = all_layouts()
    scored = detect._words(layouts).scored
    assert [name for name, _, _ in scored] == [layout.name for layout in layouts]
    assert [detect._strength_of(markers, own, found) for _, markers, own in scored] == \
        [detect._strength(layout, found, layouts[0]) for layout in layouts]


@given(st.text(alphabet=" \n\t\u3000\xa0\va1字", max_size=60))
def test_the_chunks_shape_detection_split_are_each_lines_chunks(text: str) -> None:
    """The spaced shapes' tokens are made from the chunks detection split (``shapes._all_line_chunks``):
    they are those of every line of the text, the empty line after a last line break included."""
    from jixiao.ingest.text.measures import Sample
    from jixiao.ingest.text.shapes import _all_line_chunks

    sample = Sample(text)
    assert sample.chunks == text.split()
    assert _all_line_chunks(sample) == [line.split() for line in text.split("\n")]


# Digits, points, percent signs and blanks among letters: mostly ASCII (the bytes are counted), at times a
# full-width digit or an ideographic space (the patterns count).
def _enter_and_block_of(role, state, keep_goal: bool) -> tuple[object, set[str], str]:
    """``walk.Walk._enter`` then ``walk.Walk._block_of`` as first written: the state left, the blocks seen and
    the draft's field a label's segment goes to."""
    from jixiao.ingest.stream import walk

    seen: set[str] = set()
    group, name = role
    if group == "section":
        state = walk._STATE_OF_SECTION[name]
        if name != "closing":
            seen.add(name)
    else:
        section = walk._SECTION_OF_GROUP.get(group)
        if section is not None:
            seen.add(section)
            if not keep_goal:
                state = walk._STATE_OF_SECTION[section]
    if group == "label":
        return state, seen, "head"
    if keep_goal:
        return state, seen, "indicators"
    return state, seen, walk._BLOCK_OF_STATE[state]


def test_a_labels_plan_is_what_entering_its_block_does() -> None:
    """``walk._plan`` of every role of every layout's vocabulary (and the fragments' header roles), in every
    state, is the state, the block seen and the list that entering the label's block gave."""
    from jixiao.ingest.stream import walk
    from jixiao.ingest.stream.vocab import Role, vocabulary

    roles = {role for layout in all_layouts() for found in vocabulary(layout).words.values() for role in found}
    roles |= {Role("ind_col", name) for name in ("target", "actual", "weight", "score", "rate")}
    assert {role.group for role in roles} >= {"title", "label", "section", "fund_col", "fund_row", "goal_col",
                                              "ind_col", "level1", "level2"}
    for role in roles:
        for state in walk.State:
            for keep_goal in (False, True):
                state_left, seen, block = walk._plan(role, state, keep_goal)
                assert (state_left, {seen} - {None}, block) == _enter_and_block_of(role, state, keep_goal)


_MEASURED_TEXTS = st.lists(st.one_of(st.sampled_from(list("0123456789.%% \n\t")), st.sampled_from(list("a字，\xa0\v")),
                                     st.sampled_from(list("０９\u3000")), st.characters(blacklist_categories=("Cs",))),
                           max_size=60).map("".join)


@given(_MEASURED_TEXTS)
@example("5.%3 2% a% 7. 8 9\t%\n.5 字9% 10")
@example("5.%3 2% a% 7. ８ 9\u3000")
def test_digit_runs_and_their_spaced_edges_are_counted_as_the_patterns_find_them(text: str) -> None:
    """``Sample.numbers`` and ``Sample.spaced_numbers`` count on the text's bytes what their patterns find."""
    from jixiao.ingest.text import measures
    from jixiao.ingest.text.measures import LONG_CHUNK, LONG_WEIGHT, Sample

    numbers = len(measures._NUMBER.findall(text))
    edges = len(measures._SPACE_BEFORE_DIGIT.findall(text)) + len(measures._DIGIT_BEFORE_SPACE.findall(text))
    sample = Sample(text)
    assert sample.numbers == numbers
    assert sample.spaced_numbers == (min(1.0, edges / (2 * numbers)) if numbers else 0.0)
    lengths = [len(chunk) for chunk in text.split()]
    short = sum(length for length in lengths if length < LONG_CHUNK)
    weighed = short + sum(min(length, LONG_WEIGHT) for length in lengths if length >= LONG_CHUNK)
    assert Sample(text).short_share == (short / weighed if weighed else 0.0)


@given(st.lists(st.sampled_from(["a" * 23, "b" * 24, "c" * 48, "d" * 60, "1", ""]), max_size=6).map(" ".join))
def test_long_chunks_are_weighed_as_the_letter_weighs_them(text: str) -> None:
    from jixiao.ingest.text.measures import LONG_CHUNK, LONG_WEIGHT, Sample

    lengths = [len(chunk) for chunk in text.split()]
    short = sum(length for length in lengths if length < LONG_CHUNK)
    weighed = short + sum(min(length, LONG_WEIGHT) for length in lengths if length >= LONG_CHUNK)
    assert Sample(text).short_share == (short / weighed if weighed else 0.0)


@given(st.text(alphabet=" \n\ta1字", max_size=60))
def test_a_chunk_is_soft_where_it_is_not_its_lines_first(text: str) -> None:
    """``split.spaced_chunks`` marks soft every chunk but each line's first (no page breaks), and numbers them
    within their line from 1, as counting each line's chunks does."""
    from jixiao.ingest.text.chrome import Cleaned
    from jixiao.ingest.text.split import spaced_chunks

    expected = [(chunk, line, position, position > 1) for line, chunks in enumerate(text.split("\n"), 1)
                for position, chunk in enumerate(chunks.split(), 1)]
    assert [tuple(token) for token in spaced_chunks(Cleaned(text))] == expected


def _chrome_lines_word_by_word(text: str) -> list[tuple[int, int, str]]:
    """The chrome lines ``chrome._chrome_lines`` finds, as first written: each search word looked for on its own."""
    from jixiao.ingest.text import chrome

    cuts: list[tuple[int, int, str]] = []
    first = chrome._CONTENT.search(text)
    if first is not None:
        start, end = chrome._line_around(text, first.start())
        if end - start <= chrome._MAX_CHROME_CHARS and chrome._FILE_NAME.fullmatch(text[start:end].strip()):
            cuts.append((start, end, chrome.BANNER))
    seen = {start for start, _, _ in cuts}
    for word in chrome._SEARCH_WORDS:
        at = text.find(word)
        while at != -1:
            start, end = chrome._line_around(text, at)
            cell = text.startswith("\t", start)
            kind = chrome._chrome_kind(text[start:end]) if end - start <= chrome._MAX_BANNER_CHARS \
                and start not in seen and not cell else None
            if kind is not None:
                seen.add(start)
                cuts.append((start, end, kind))
            at = text.find(word, end)
    return sorted(cuts)


_CHROME_PIECES = st.sampled_from([
    "分享", "在线阅读", "发布", "更新时间", "来源", "浏览", "点击", "阅读次数", "访问", "字体", "打印", "关闭",
    "发布时间：", "【字体：大 中 小】", "【打印本页】", "【关闭窗口】", "a.docx", "\t", " ", "项目名称", "2023-12-05",
    "《a.docx》由会员分享，可在线阅读，更多相关《a.docx》请在x上搜索。", "x" * 130])
# Lines of a few pieces each: chrome alone on its line, beside other chrome, or inside form text.
_CHROME_TEXTS = st.lists(st.lists(_CHROME_PIECES, max_size=3).map("".join), max_size=8).map("\n".join)


@given(_CHROME_TEXTS)
def test_chrome_lines_found_by_one_pattern_are_those_each_words_search_finds(text: str) -> None:
    """``chrome._chrome_lines`` looks for its words with one pattern; it cuts the lines a search per word
    cut (the file name line aside, which it finds first either way)."""
    from jixiao.ingest.text import chrome

    assert sorted(cut[:3] for cut in chrome._chrome_lines(text)) == _chrome_lines_word_by_word(text)


def _chunk_items_by_the_letter(tokens: tuple, vocab: object) -> list:
    """``lexer._chunks`` as first written: every chunk a label may start with goes through ``_joined_hit``."""
    from jixiao.ingest.stream import lexer

    items, at = [], 0
    while at < len(tokens):
        text, line, position, soft = tokens[at]
        known = lexer._chunk_of(text, vocab)
        hit, size = (known[0], 1) if known[1] is None else lexer._joined_hit(tokens, at, vocab, known)
        if size > 1:
            text = " ".join(token.text for token in tokens[at:at + size])
        items.append(lexer.Item(text, line, position, lexer.CHUNK_CONFIDENCE, hit, soft, False))
        at += size
    return items


_VOCAB_LAYOUTS = [layout.name for layout in all_layouts()]


@given(st.data())
def test_chunks_alone_are_told_without_joining_as_joining_tells_them(data: st.DataObject) -> None:
    """``lexer._chunks`` takes a whole word no longer word starts with alone when the chunk after it is plain
    (``lexer._plain_after``), and figures without a call: its items are those of every label start joined on."""
    from jixiao.ingest.stream import lexer
    from jixiao.ingest.stream.vocab import vocabulary
    from jixiao.ingest.text import Token
    from jixiao.layouts import get_layout

    vocab = vocabulary(get_layout(data.draw(st.sampled_from(_VOCAB_LAYOUTS))))
    words = sorted(vocab.words)
    pieces = st.one_of(st.sampled_from(words), st.sampled_from(words).map(lambda word: word[:len(word) // 2 + 1]),
                       st.sampled_from(words).map(lambda word: word[len(word) // 2:]),
                       st.sampled_from(["(万元)", "（万元）", "(50分)", "（20分）", "⑴", "(", "（", "Ａ", "ｂ", "100",
                                        "3.5%", "１０", "a", "字", "\u3164", "\u200b", "ﾠ", "e\u0301", "·", "—"]),
                       st.text(alphabet="(（年度数值指标分)）１2a", min_size=1, max_size=4))
    # Pairs: a word (or a piece of one), then what may go on it, qualify it, or neither.
    pairs = data.draw(st.lists(st.tuples(st.one_of(st.sampled_from(words), pieces), pieces), max_size=6))
    texts = [text for pair in pairs for text in pair]
    tokens = tuple(Token(text, 1, position, position > 1) for position, text in enumerate(texts, 1))
    assert lexer._chunks(tokens, vocab) == _chunk_items_by_the_letter(tokens, vocab)


@given(st.data())
def test_a_key_is_looked_up_as_without_the_first_character_test(data: st.DataObject) -> None:
    """``Vocabulary._lookup`` answers None at once for a key that starts as no word, closing word or fragment
    does (``lead_chars``): the same answer as going through every way to a hit."""
    from dataclasses import replace

    from jixiao.ingest.stream.vocab import vocabulary
    from jixiao.layouts import get_layout

    vocab = vocabulary(get_layout(data.draw(st.sampled_from(_VOCAB_LAYOUTS))))
    entries = sorted({*vocab.words, *vocab.closing, *vocab.fragments})
    word = st.sampled_from(entries)
    key = data.draw(st.one_of(
        word, st.tuples(word, st.sampled_from(["(万元)", "(50分)", "(A)", ":", "::", "说明", ""])).map("".join),
        st.sampled_from(["(万元)", ":", "(50分)", "", "项", "甲", "a", "100"]),
        st.tuples(st.sampled_from(["", "(", "甲", "1"]), word).map("".join), st.text(max_size=6)))
    assert vocab._lookup(key) == replace(vocab, lead_chars=None)._lookup(key)


@pytest.mark.parametrize("follower", ["(万元)", "（万元）", "(50分)", "⑴", "数", "\u200b", "100", "a"])
def test_every_word_then_a_chunk_is_lexed_as_joining_tells_it(follower: str) -> None:
    """Every word of every layout, followed by a qualifier, a piece, or plain text, is lexed by ``lexer._chunks``
    as by joining every label start on (the corners the property test above may miss)."""
    from jixiao.ingest.stream import lexer
    from jixiao.ingest.stream.vocab import vocabulary
    from jixiao.ingest.text import Token

    for layout in all_layouts():
        vocab = vocabulary(layout)
        for word in vocab.words:
            tokens = (Token(word, 1, 1, False), Token(follower, 1, 2, True))
            assert lexer._chunks(tokens, vocab) == _chunk_items_by_the_letter(tokens, vocab)


def _followed_by(items: list, wanted: object, ended: object) -> list[bool]:
    """For each item, whether a label ``wanted`` accepts comes after it before one ``ended`` accepts (the
    walk's ``_levels_after`` and ``_total_after`` as first written: one backward pass each)."""
    after, seen = [False] * len(items), False
    for at in range(len(items) - 1, -1, -1):
        after[at] = seen
        hit = items[at].hit
        if hit is not None:
            if wanted(hit):  # type: ignore[operator]
                seen = True
            elif ended(hit):  # type: ignore[operator]
                seen = False
    return after


_WALK_ROLES = [("level1", "产出指标"), ("level2", "数量指标"), ("title", ""), ("label", "project_name"),
               ("label", "competent_department"), ("section", "total"), ("section", "closing"), ("section", "goal"),
               ("ind_col", "weight"), ("fund_row", "total"), ("fragment", "target")]


@given(st.lists(st.one_of(st.none(), st.lists(st.sampled_from(_WALK_ROLES), min_size=1, max_size=3)), max_size=30))
def test_whether_rows_and_total_go_on_is_read_in_one_pass_as_in_two(labels: list) -> None:
    """``walk._rows_go_on`` tells, in one backward pass, what the two passes it replaces told: whether level
    labels, and whether a total word, come after each item of fused text."""
    from jixiao.ingest.stream.lexer import Item
    from jixiao.ingest.stream.vocab import Hit, Role
    from jixiao.ingest.stream.walk import _rows_go_on

    items = [Item("x", 1, 1, 1.0, None if roles is None else Hit("x", tuple(Role(*role) for role in roles)))
             for roles in labels]

    def starts_form(hit: Hit) -> bool:
        return hit.has("title") or Role("label", "project_name") in hit.roles

    levels = _followed_by(items, lambda hit: hit.has("level1", "level2"), lambda hit: starts_form(hit) or any(
        role.group == "section" and role.name in ("total", "closing") for role in hit.roles))
    totals = _followed_by(items, lambda hit: Role("section", "total") in hit.roles, starts_form)
    assert _rows_go_on(items) == (levels, totals)


def test_a_words_role_in_fused_text_outside_the_indicators_is_its_role_in_any_text() -> None:
    """The walk remembers a word's role by its roles and the state in fused text too, outside the indicators:
    there ``_role_here`` finds every word of every layout the role it finds outside fused text."""
    from jixiao.ingest.stream.vocab import vocabulary
    from jixiao.ingest.stream.walk import State, Walk

    for layout in all_layouts():
        for roles in set(vocabulary(layout).words.values()):
            for state in State:
                if state is State.INDICATORS:
                    continue
                fused, other = Walk(True), Walk(False)
                fused.state = other.state = state
                assert fused._role_here(roles, 0) == other._role_here(roles, 0)


_WIDTHS = "（）：，％０９ＡＺ｀～\u3000\xa0\t﹙﹚﹕ ()a字\uff00\uff5f\uff60"


@given(st.lists(st.one_of(st.sampled_from(_WIDTHS), st.characters()), max_size=40).map("".join))
def test_narrow_replaces_the_variants_a_pattern_finds_as_translate_does(text: str) -> None:
    """``vocab.narrow`` finds the width variants a text holds with one pattern: it narrows as ``str.translate``
    with ``vocab.NARROW`` does."""
    from jixiao.ingest.stream.vocab import NARROW, narrow

    assert narrow(text) == text.translate(NARROW)


def test_a_memo_remembers_up_to_its_size_and_then_starts_again() -> None:
    """``model.memo``: a repeat costs no call; a memo that is full is emptied, so it never grows past its size."""
    from jixiao.model.memo import memo

    calls: list[str] = []

    @memo(3)
    def shout(text: str) -> str | None:
        calls.append(text)
        return text.upper() or None  # None is remembered too

    assert [shout(text) for text in ("a", "b", "a", "", "", "b")] == ["A", "B", "A", None, None, "B"]
    assert calls == ["a", "b", ""]
    shout("c")  # the fourth text: the memo was full and starts again with it
    shout("a")
    assert calls == ["a", "b", "", "c", "a"]
    assert shout.__name__ == "shout"


_COLUMN_SETS = (("target", "actual", "weight", "score", "note"),
                ("weight", "target", "actual", "score", "note"),
                ("operator", "target", "unit", "actual", "weight", "score", "note"),
                ("initial_budget", "full_year_budget", "executed", "weight", "rate", "score"),
                ("full_year_budget", "executed", "rate"))
_CELL_WORDS = st.sampled_from(["无", "达标", "≥90%", "≤5%", "不低于95%", "90%", "290%", "W5%", "10", "9.5", "分",
                               "—", "/", "个", "≥", "元", "显著提升", "部分农户未按期申报。", "2021年12月底前"])


@given(st.sampled_from(_COLUMN_SETS).flatmap(
           lambda kinds: st.tuples(st.just(kinds), st.lists(st.one_of(figure_texts, _CELL_WORDS),
                                                            min_size=len(kinds), max_size=len(kinds)))),
       st.sampled_from(["plain", "totals", "ocr", "blank-only"]))
def test_a_full_row_is_placed_as_fitting_places_it(kinds_and_values, hints_name: str) -> None:
    """``placing_of`` places a value for every column without weighing the relations; by definition the
    placing is ``fit_cells``'s, with its confidence (or None where ``fit_cells`` finds none)."""
    from jixiao.ingest.stream.fit import fit_cells, placing_of
    from jixiao.ingest.stream.values import Hints, OcrGlyphs

    kinds, values = kinds_and_values
    hints = {"plain": Hints(), "ocr": Hints(ocr=OcrGlyphs(ge="2", le="W")),
             "totals": Hints(totals=(("executed", Decimal("100")), ("full_year_budget", Decimal(5)))),
             "blank-only": Hints(blank_only=("weight", "score"))}[hints_name]
    fitted, placed = fit_cells(values, kinds, hints), placing_of(values, kinds, hints)
    assert (placed is None) == (fitted is None)
    if fitted is not None:
        assert (placed.cells, placed.confidence, placed.ocr) == (fitted.cells, fitted.confidence, fitted.ocr)


_NAMES_AND_NOTES = st.sampled_from(["无", "受益群众满意度", "部分农户未按期申报，已督促整改。", "显著提升", "达标",
                                    "数", "实际执行略低于预期。", "其中：脱贫人口", "长期"])
_CHUNKS = st.one_of(figure_texts, _CELL_WORDS, _NAMES_AND_NOTES)


@given(st.sampled_from(_COLUMN_SETS), st.lists(_CHUNKS, max_size=7), _NAMES_AND_NOTES, st.lists(_CHUNKS, max_size=7),
       st.sampled_from([None, Decimal(20)]))
def test_one_word_after_values_is_weighed_as_words_are(kinds, values, word, after, weight) -> None:
    """``_Placer._one_word`` is ``_Placer._weighed`` for one word: the same reading, the same doubt."""
    from jixiao.ingest.stream.lexer import Item
    from jixiao.ingest.stream.rows import _Placer
    from jixiao.ingest.stream.values import Hints

    def items(texts: list[str]) -> list[Item]:
        return [Item(text, 1, 0, 1.0) for text in texts]

    placer = _Placer(items([*values, word, *after]), kinds, Hints(weight=weight), False, "unit" in kinds)
    assert placer._one_word(items(values), items([word])[0], items(after)) == \
        placer._weighed(items(values), items([word]), items(after))


_KINDS = ("initial_budget", "full_year_budget", "executed", "weight", "score", "rate", "target", "actual", "note",
          "name", "operator", "unit")


@given(st.one_of(st.just(""), figure_texts, _CHUNKS, st.text(max_size=12)),
       st.sampled_from(["plain", "weight", "totals", "ocr", "blank-only", "blank-money"]), st.booleans(), st.booleans())
@example("无", "plain", False, True)  # the commonest note
@example("10", "plain", True, True)  # a small whole weight
@example("50%", "plain", False, True)  # a rate as a percentage
@example("显著提升", "plain", False, True)  # a qualitative target
@example("100", "totals", False, False)  # all of its 其中 total
def test_no_cell_gains_more_than_its_kind_most(text, hints_name, weighted, row) -> None:
    """``plausible.unary_most`` bounds what ``unary`` gives any cell of its kind."""
    from jixiao.ingest.stream.plausible import unary, unary_most

    hints = _hints_named(hints_name)._replace(weighted=weighted)
    for kind in _KINDS:
        assert unary(kind, text, hints, row) <= unary_most(kind)


@given(st.sampled_from(_COLUMN_SETS).flatmap(
           lambda kinds: st.tuples(st.just(kinds), st.lists(_CHUNKS, max_size=len(kinds) + 1))),
       st.sampled_from(["plain", "weight", "totals", "ocr", "blank-only", "blank-money"]))
# Every value its best gain, and the relations most of their points (one measure twice, full marks).
@example((("target", "actual", "weight", "score", "note"), ["显著提升", "显著提升", "10", "10", "无"]), "plain")
def test_no_fit_has_more_points_than_its_most(kinds_and_values, hints_name) -> None:
    """``fit.Fitter.most`` bounds the points of every fit of that many values (``-NO_FIT`` standing for none)."""
    from jixiao.ingest.stream.fit import NO_FIT, Fitter, fit_cells

    kinds, values = kinds_and_values
    hints = _hints_named(hints_name)
    split = fit_cells(values, kinds, hints)
    most = Fitter(kinds, hints).most
    if len(values) < len(most):
        assert (split.points if split is not None else -NO_FIT) <= most[len(values)]
    else:
        assert split is None


@settings(max_examples=300)  # rows short enough to fit either way, where a bound can leave a reading out
@given(st.sampled_from(_COLUMN_SETS), st.lists(_CHUNKS, max_size=5), st.lists(_NAMES_AND_NOTES, min_size=1, max_size=3),
       st.lists(_CHUNKS, max_size=3), st.sampled_from([None, Decimal(20)]))
# The closest a bound comes to a reading it must not leave out, of some 60,000 drawn: the row kept is 3.1 points
# below the bound on the row apart, which is within _CLOSE_FIT of it (a prune 4.1 points too eager, or more, reads
# the word as kept in no doubt).
@example(_COLUMN_SETS[0], ["20"], ["受益群众满意度"], ["2021年12月底前"], Decimal(20))
# The closest the bound on the row apart before its values after the word are fitted (``_most`` of as many) comes to
# the row kept, of some 120,000 drawn, where the word is not kept in no doubt: 7.4 points.
@example(_COLUMN_SETS[1], ["20", "0"], ["部分农户未按期申报，已督促整改。"], ["20", "0"], Decimal(20))
def test_words_after_values_are_weighed_as_without_bounds(kinds, values, words, after, weight) -> None:
    """``_Placer._one_word`` and ``_weighed`` leave out a reading that ``Fitter.most`` says cannot come near
    the best: the same reading and the same doubt as weighing every reading (no bound: ``most`` infinite)."""
    from jixiao.ingest.stream.lexer import Item
    from jixiao.ingest.stream.rows import _Placer
    from jixiao.ingest.stream.values import Hints

    def items(texts: list[str]) -> list[Item]:
        return [Item(text, 1, 0, 1.0) for text in texts]

    def placer(bounded: bool) -> _Placer:
        made = _Placer(items([*values, *words, *after]), kinds, Hints(weight=weight), False, "unit" in kinds)
        if not bounded:
            made.most = (float("inf"),) * len(made.most)
        return made

    for bounded in (True, False):
        assert placer(bounded)._weighed(items(values), items(words), items(after)) == \
            placer(False)._weighed(items(values), items(words), items(after))
        if len(words) == 1:
            assert placer(bounded)._one_word(items(values), items(words)[0], items(after)) == \
                placer(False)._one_word(items(values), items(words)[0], items(after))


def _readings_by_the_letter(values, kinds, hints, row, columns):
    """``fit._readings`` as first written: the cells of each placing put in place one by one."""
    from functools import reduce
    from itertools import combinations
    from operator import add

    from jixiao.ingest.stream.fit import _gains
    from jixiao.ingest.stream.plausible import IMPOSSIBLE
    from jixiao.ingest.stream.search import IRRELEVANT

    width = len(kinds)
    gains = _gains(values, kinds, hints, row, columns)
    placings = []
    for order, placing in enumerate(combinations(range(width), len(values))):
        points = reduce(add, map(list.__getitem__, gains, placing), columns.all_empty)
        if points != IMPOSSIBLE:
            placings.append((-points, order, placing))
    placings.sort()
    readings = []
    floor = IMPOSSIBLE
    for negative, order, placing in placings:
        if columns.room - negative < floor:
            break
        cells = [""] * width
        for column, value in zip(placing, values, strict=True):
            cells[column] = value
        placed = tuple(cells)
        points = -negative + sum([score(placed) for score in columns.scores])
        if points == IMPOSSIBLE:
            continue
        readings.append((points, order, placed))
        floor = max(floor, points - IRRELEVANT)
    return readings


@given(st.sampled_from(_COLUMN_SETS).flatmap(
           lambda kinds: st.tuples(st.just(kinds), st.lists(st.one_of(figure_texts, _CELL_WORDS),
                                                            min_size=1, max_size=len(kinds) - 1))),
       st.sampled_from([None, Decimal(20)]))
def test_placings_are_weighed_as_they_were_first_placed(kinds_and_values, weight) -> None:
    """``fit._readings`` makes each placing's cells with a getter made once per width and count: the
    readings are those of placing the values one by one."""
    from jixiao.ingest.stream.fit import _columns, _readings
    from jixiao.ingest.stream.values import Hints

    kinds, values = kinds_and_values
    hints, row = Hints(weight=weight), "target" in kinds
    columns = _columns(kinds, hints, row)
    assert _readings(tuple(values), kinds, hints, row, columns) == \
        _readings_by_the_letter(tuple(values), kinds, hints, row, columns)


def _fit_by_the_letter(values, kinds, hints):
    """``fit._fit_anew`` of values that leave columns empty, as first written: every relation scored on
    every placing weighed, the readings ranked by points then order, and ``best_split`` of them."""
    from jixiao.ingest.stream.fit import _alone, _columns
    from jixiao.ingest.stream.fused import best_split

    row = "target" in kinds
    readings = _readings_by_the_letter(values, kinds, hints, row, _columns(kinds, hints, row))
    raw = " ".join(values)
    if len(readings) == 1:
        return _alone(readings[0][0], readings[0][2], raw, kinds, hints)
    readings.sort(key=lambda reading: (-reading[0], reading[1]))
    return best_split([(points, placed, "") for points, _, placed in readings], raw, kinds, hints, True)


_FIT_HINTS = st.sampled_from(["plain", "weight", "totals", "ocr", "blank-only", "blank-money"])


def _hints_named(name: str):
    from jixiao.ingest.stream.values import Hints, OcrGlyphs

    return {"plain": Hints(), "weight": Hints(weight=Decimal(20)), "ocr": Hints(ocr=OcrGlyphs(ge="2", le="W")),
            "totals": Hints(totals=(("executed", Decimal("100")), ("full_year_budget", Decimal("5.5")))),
            "blank-only": Hints(blank_only=("weight", "score")),
            "blank-money": Hints(blank_only=("executed", "actual"))}[name]


@given(st.sampled_from(_COLUMN_SETS).flatmap(
           lambda kinds: st.tuples(st.just(kinds), st.lists(st.one_of(figure_texts, _CELL_WORDS, st.just("")),
                                                            min_size=1, max_size=len(kinds) - 1))),
       _FIT_HINTS)
@example((("initial_budget", "full_year_budget", "executed", "weight", "rate", "score"),
          ["100", "100", "80", "80%"]), "plain")
@example((("target", "actual", "weight", "score", "note"), ["≥90%", "90%", "10", "9.5"]), "weight")
@example((("target", "actual", "weight", "score", "note"), ["90%", "90%", "20"]), "weight")
def test_a_fit_is_the_best_of_its_placings_each_weighed_by_every_relation(kinds_and_values, hints_name) -> None:
    """``fit._fit_anew`` scores a placing only by the relations whose columns it fills, and takes the
    second reading as the rival where every value is written: the split is that of weighing every
    relation on every placing and ranking them all (``best_split``)."""
    from jixiao.ingest.stream.fit import _fit_anew

    kinds, values = kinds_and_values
    hints = _hints_named(hints_name)
    assert _fit_anew(tuple(values), kinds, hints) == _fit_by_the_letter(tuple(values), kinds, hints)


@given(st.sampled_from(_COLUMN_SETS), st.lists(st.tuples(st.integers(0, 6), st.one_of(figure_texts, _CELL_WORDS)),
                                                max_size=12), _FIT_HINTS)
def test_a_value_gains_in_a_column_what_it_earns_there_over_the_column_left_empty(kinds, placed, hints_name) -> None:
    """``_Columns.gain`` remembers a value's gain once for the columns whose kinds it gains alike in: by
    definition, it is what the value earns in the column over what the column earns left empty."""
    from jixiao.ingest.stream.fit import _columns, _own

    hints = _hints_named(hints_name)
    row = "target" in kinds
    columns = _columns(kinds, hints, row)
    width = len(kinds)
    for first, value in placed:  # each value in every column, the first drawn
        for column in (*range(first % width, width), *range(first % width)):
            expected = _own(kinds[column], value, hints, row) - _own(kinds[column], "", hints, row)
            assert columns.gain(column, value, hints) == expected


@given(st.sampled_from(_COLUMN_SETS).flatmap(
           lambda kinds: st.tuples(st.just(kinds), st.lists(st.one_of(_CHUNKS, st.just(""), st.just("100")),
                                                            min_size=1, max_size=len(kinds) - 1))))
@example((("initial_budget", "full_year_budget", "executed", "weight", "rate", "score"), ["-", "-", "按进度拨付"]))
@example((("initial_budget", "full_year_budget", "executed", "weight", "rate", "score"), ["100", "-", "无"]))
def test_a_sub_row_without_amounts_is_fitted_as_weighing_its_totals_fits_it(kinds_and_values) -> None:
    """``fit_cells`` fits a 其中 row none of whose values is an amount (dashes and a note) without its
    totals, and so remembers it: by definition, its split is that of weighing the totals, never remembered."""
    from jixiao.ingest.stream.fit import _fit_anew, fit_cells
    from jixiao.ingest.stream.fused import kinds_of

    kinds, values = kinds_and_values
    hints = _hints_named("totals")
    _fresh_fit_caches()
    assert fit_cells(values, kinds, hints) == _fit_anew(tuple(map(str.strip, values)), kinds_of(kinds), hints)
    assert fit_cells(values, kinds, hints) == _fit_anew(tuple(map(str.strip, values)), kinds_of(kinds), hints)


_SCORE_CELLS = st.one_of(figure_texts, _CELL_WORDS, st.sampled_from(["", "10分", "9.5分", "0", "120", "abc分"]))


@given(st.lists(_SCORE_CELLS, min_size=3, max_size=3), st.sampled_from([None, 1]),
       st.sampled_from([None, Decimal(20), Decimal("2.5")]))
def test_a_score_within_its_weight_is_weighed_as_its_cells_read(cells, weight_at, fixed) -> None:
    """``relations._within_weight`` spells out reading its cells: by definition, the score and the weight
    as ``_filled`` and ``_limit`` read them."""
    from jixiao.ingest.stream.relations import _filled, _limit, _within_weight
    from jixiao.ingest.stream.values import to_decimal

    cells = tuple(cells)
    if weight_at is None and fixed is None:
        fixed = Decimal(10)  # the relation is made only where a weight is known
    score_text, limit = _filled(cells, 0), _limit(cells, weight_at, fixed)
    score = to_decimal(score_text.removesuffix("分")) if score_text else None
    expected = 0.0 if score is None or limit is None else -4.0 if score > limit else 1.5 if score == limit else 1.0
    assert _within_weight(0, weight_at, fixed, cells) == expected


@given(st.lists(st.one_of(_SCORE_CELLS, _NAMES_AND_NOTES), min_size=2, max_size=2))
def test_target_and_actual_are_weighed_as_their_cells_read(cells) -> None:
    """``relations._measures_at`` spells out ``measures_agree`` of its cells, a blank mark as nothing."""
    from jixiao.ingest.stream.relations import _filled, _measures_at, measures_agree

    cells = tuple(cells)
    assert _measures_at(0, 1, cells) == measures_agree(_filled(cells, 0), _filled(cells, 1))


def _fresh_fit_caches() -> None:
    from jixiao.ingest.stream import fit

    fit._columns_of.cache_clear()
    fit._FITS.clear()
    fit._CONTEXTS.clear()


@pytest.mark.parametrize("values", [("2563.31", "4068.75"), ("2563.31", "4068.75", "2522.62")], ids=["two", "full"])
def test_a_sub_row_is_fitted_alike_whatever_was_fitted_before(values: tuple[str, ...]) -> None:
    """A 其中 row's money is weighed against its total row's (all of the total earns a point), and the gains
    of values are remembered per column: the money the total row itself held, gained there without totals,
    must not stand in for the 其中 row's own gain. (It did: a 其中 row read after its total row missed the
    point that a 其中 row read first got.)"""
    from jixiao.ingest.stream.fit import fit_cells, placing_of
    from jixiao.ingest.stream.values import NO_HINTS

    kinds = ("initial_budget", "full_year_budget", "executed")
    written = (("initial_budget", Decimal("2563.31")), ("full_year_budget", Decimal("4068.75")))
    totals = NO_HINTS._replace(totals=written)
    _fresh_fit_caches()
    alone = fit_cells(values, kinds, totals), placing_of(values, kinds, totals)
    _fresh_fit_caches()
    fit_cells(values, kinds, NO_HINTS), placing_of(values, kinds, NO_HINTS)  # the total row's own money, first
    after_total = fit_cells(values, kinds, totals), placing_of(values, kinds, totals)
    assert after_total == alone
    assert alone[0] is not None and alone[0].points > fit_cells(values, kinds, NO_HINTS).points  # the point counted


# --- the values of a stream-read form, made with their source spelled out ---------------------------------

_shapes_of_streams = st.sampled_from(["spaced-rows", "spaced-flat", "fused", "pipe-cells"])
_cell_texts = st.one_of(st.sampled_from(["", " ", "10", "≥90%", "35元", "—", "成 品粮", "产出 指标", "2020年底前"]),
                        tricky)


@given(_shapes_of_streams, st.sampled_from(["元", "万元"]), st.one_of(st.none(), st.tuples(
    _cell_texts, st.booleans(), st.sampled_from([1.0, 0.85, 0.6, 0.3]))), st.booleans())
def test_a_streams_values_are_made_as_their_definitions_make_them(shape: str, unit: str, cell: tuple | None,
                                                                   money: bool) -> None:
    """ValueBuilder.text, amount and measure spell out the source, the section's confidence and the blank
    values: they make what ``clean_text``/``dewrap``, ``parse_amount``, ``parse_measure`` and the named
    tuples' own defaults make, and note the same confidence."""
    from jixiao.ingest.stream.builder import ValueBuilder
    from jixiao.ingest.stream.lexer import Item
    from jixiao.ingest.stream.rowparts import Cell
    from jixiao.ingest.stream.rows import dewrap
    from jixiao.ingest.stream.vocab import vocabulary
    from jixiao.ingest.text import Stream, TextShape

    layout = next(layout for layout in all_layouts() if layout.money_unit == unit)  # both units have layouts
    builder = ValueBuilder(Stream("a.txt", TextShape(shape), ()), vocabulary(layout), 3, None, False)
    made = None
    if cell is not None:
        text, with_item, confidence = cell
        made = Cell(text, Item(text, 7, 2, confidence) if with_item else None, confidence)

    def ref() -> SourceRef | None:
        if made is None:
            return None
        item = made.item
        return SourceRef("a.txt", 3, None, None, item.position if item else None, item.line if item else None,
                         None, made.confidence)

    def noted(value: object) -> tuple[object, dict[str, float]]:
        return value, dict(builder.confidence)

    noted_confidence = made is not None and made.text and made.confidence < 1.0
    expected_confidence = {"s": made.confidence} if noted_confidence else {}
    messy = shape != "pipe-cells"
    display = clean_text(made.text) if made else ""
    display = dewrap(display) if messy and " " in display else display
    text_value_expected = TextValue() if made is None else TextValue(made.text, display if made.text else "", ref())
    assert noted(builder.text(made, "s")) == (text_value_expected, expected_confidence)
    builder.confidence.clear()
    hint = "元" if money and layout.money_unit == "元" else None
    amount_expected = Amount() if made is None else Amount(source=ref()) if not made.text else parse_amount(
        made.text, ref(), money=money, unit_hint=hint)
    assert noted(builder.amount(made, "s", money=money)) == (amount_expected, expected_confidence)
    builder.confidence.clear()
    measure_expected = Measure() if made is None else Measure(source=ref()) if not made.text else parse_measure(
        made.text, ref())
    assert noted(builder.measure(made, "s")) == (measure_expected, expected_confidence)


@given(st.one_of(st.sampled_from(["产出 指标（50分）", " 数量\t指标 ", "效益指标"]), tricky))
def test_a_level_labels_display_text_is_its_text_cleaned_and_dewrapped(raw: str) -> None:
    from jixiao.ingest.stream.indicators import _written_level
    from jixiao.ingest.stream.rows import dewrap

    assert _written_level(raw) == dewrap(clean_text(raw))
    assert _written_level(raw) == dewrap(clean_text(raw))  # remembered


@given(st.lists(st.one_of(cells, tricky, st.sampled_from(["35元", "10", "1,234.5万元", "—", "≥90%", "2020年底前"])),
                min_size=1, max_size=4), st.booleans())
def test_amounts_and_measures_are_remembered_as_they_read(raws: list[str], money: bool) -> None:
    """parse_amount and parse_measure look their memos up themselves (money and numbers apart): what they
    remember is what reading the cell afresh gives, whichever way and whichever cell was read first."""
    from jixiao.model.parse import _amount_of, _measure_of

    for _ in range(2):
        for raw in (*raws, *(f" {raw}" for raw in raws)):
            for as_money in (money, not money):
                assert parse_amount(raw, money=as_money) == Amount(raw, *_amount_of(raw, as_money))
            assert parse_measure(raw) == Measure(raw, *_measure_of(raw))


@given(st.lists(st.sampled_from(["name", "target", "actual", "weight", "score", "note", "unit", "operator"]),
                max_size=8),
       st.lists(st.tuples(st.text(max_size=6), st.sampled_from([1.0, 0.9, 0.85, 0.5])), max_size=3))
def test_row_parts_are_made_as_defined(columns: list[str], names: list[tuple[str, float]]) -> None:
    """numeric_columns remembers its answer per tuple of columns, and name_cell makes a one-chunk name
    without joining: both give what their definitions give."""
    from jixiao.ingest.stream.lexer import Item
    from jixiao.ingest.stream.rowparts import GLUED_CONFIDENCE, NUMERIC, Cell, Draft, name_cell, numeric_columns

    for given_columns in (tuple(columns), columns, tuple(columns)):
        assert numeric_columns(given_columns) == tuple(column for column in columns if column in NUMERIC)
    items = [Item(text, 1, at, confidence) for at, (text, confidence) in enumerate(names)]
    expected = Cell("", None, 0.0) if not items else Cell(" ".join(item.text for item in items), items[0], (
        items[0].confidence if len(items) == 1 else min(items[0].confidence, GLUED_CONFIDENCE)))
    assert name_cell(Draft(items, [], [])) == expected


# Keys a measure's parts are read from: figures, dates, deadlines and operators, among any other text.
_measure_keys = st.one_of(cells, tricky, st.lists(st.sampled_from(
    ["2020", "12", "9", "30", "31", "1,234", "5.5", "年", "月", "日", "底前", "年底", "内", "前", "完成", ".", "-",
     "/", "%", "≥", ">=", "<", "=", "不少于", "大于", "达到", "以上", "次", "本", "当年", "之前", " ", "−"]),
    max_size=6).map("".join))


@given(_measure_keys)
@example("2020.9.30")
@example("2020-9/30前")
@example("12月底前")
@example("不少于12")
def test_a_measures_operator_and_date_are_read_as_defined(key: str) -> None:
    """_split_operator and _parse_date pass over what cannot be an operator (its first character starts
    none) or a date (neither 年 nor 月, and fewer than two of . - /): they read what the full reading reads.
    A number's thousands' separators are taken out only where there is a comma: as the pattern does."""
    from jixiao.model.parse import _THOUSANDS_RE, _date_of, _operator_of, _parse_date, _split_operator

    assert _split_operator(key) == _operator_of(key)
    assert _parse_date(key) == _date_of(key)
    assert "," in key or _THOUSANDS_RE.sub("", key) == key


@given(st.lists(st.one_of(figure_texts, _CELL_WORDS, _NAMES_AND_NOTES, st.sampled_from(["≥", "%", "万元", "—", "/"])),
                max_size=12), st.booleans())
def test_the_placer_tells_values_as_each_chunk_is_asked(texts: list[str], split_target: bool) -> None:
    """``rows._value_flags`` (remembered, figures told at once) says of each chunk what asking it alone
    says: a value, or (the target split) a sign or a unit; asked twice, the remembered answers are the same."""
    from jixiao.ingest.stream.lexer import Item
    from jixiao.ingest.stream.rows import _value_flags, is_value
    from jixiao.ingest.stream.values import OPERATOR_GLYPHS, UNIT_WORDS

    items = [Item(text, 1, 0, 1.0) for text in texts if text]
    expected = [is_value(item.text) or (split_target and (item.text in OPERATOR_GLYPHS or item.text in UNIT_WORDS))
                for item in items]
    assert _value_flags(items, split_target) == expected
    assert _value_flags(items, split_target) == expected


@given(st.sampled_from(_COLUMN_SETS), st.lists(_CHUNKS, min_size=1, max_size=8), st.booleans(),
       st.sampled_from([None, Decimal(20)]))
def test_a_row_the_placer_fitted_is_placed_as_fitting_places_it(kinds, values, doubt, weight) -> None:
    """``rows._fit_row`` places values the placer fitted (its remembered splits) as it places them anew
    (``placing_of``): the same cells, the same confidences, None alike."""
    from jixiao.ingest.stream.lexer import Item
    from jixiao.ingest.stream.rowparts import Draft
    from jixiao.ingest.stream.rows import _fit_row, _Placer
    from jixiao.ingest.stream.values import Hints

    items = [Item(text, 1, 0, 0.9) for text in values if text]
    hints = Hints(weight=weight)
    placer = _Placer(items, tuple(kinds), hints, False, "unit" in kinds)
    placer.points.clear()  # the points remembered from other examples: these values are fitted anew
    placer._fit(items)
    assert len(placer.splits) == (len(items) <= len(kinds))
    draft = Draft([Item("受益群众满意度", 1, 0, 1.0)], items, Draft([], items, []).values_as_cells(glue=False), doubt)
    fitter = placer.fitter
    assert _fit_row(draft, tuple(kinds), fitter, placer.splits) == _fit_row(draft, tuple(kinds), fitter, {})


@given(st.sampled_from(_COLUMN_SETS), st.lists(_CHUNKS, max_size=8),
       st.sampled_from(["plain", "weight", "totals", "ocr", "blank-only"]))
def test_a_fitter_fits_and_places_as_fitting_and_placing_do(kinds, values, hints_name) -> None:
    """``fit.Fitter`` (the columns looked up once, its fits not remembered) fits as ``fit_cells`` and places as
    ``placing_of``: the same split, or None alike."""
    from jixiao.ingest.stream.fit import Fitter, fit_cells, placing_of
    from jixiao.ingest.stream.values import Hints, OcrGlyphs

    hints = {"plain": Hints(), "weight": Hints(weight=Decimal(20)), "ocr": Hints(ocr=OcrGlyphs(ge="2", le="W")),
             "totals": Hints(totals=(("executed", Decimal("100")), ("full_year_budget", Decimal(5)))),
             "blank-only": Hints(blank_only=("weight", "score"))}[hints_name]
    fitter = Fitter(kinds, hints)
    full = values * (len(kinds) + 1)  # as many values as columns (and one fewer, and one more), whatever was drawn
    for some in (values, full[:len(kinds)], full[:len(kinds) - 1], full[:len(kinds) + 1]):
        assert fitter.fit(some) == fit_cells(some, kinds, hints)
        assert fitter.place(some) == placing_of(some, kinds, hints)
        padded = [f" {value}" for value in some]  # values are stripped as ``fit_cells`` strips them
        assert fitter.fit(padded) == fit_cells(padded, kinds, hints)
        assert fitter.place(padded) == placing_of(padded, kinds, hints)


@given(st.sampled_from(_COLUMN_SETS),
       st.lists(st.tuples(st.one_of(_CHUNKS, st.sampled_from(["指标2:", "指标3：满意度", "……", "…", "..5", "·", "%"])),
                          st.booleans()), max_size=16), st.booleans())
def test_the_placer_places_values_as_each_chunk_is_placed(kinds, chunks, rows_by_line) -> None:
    """``_Placer.run`` places a value going on with its row at once: the drafts are those of ``_place``
    called on every chunk in turn."""
    from jixiao.ingest.stream.lexer import Item
    from jixiao.ingest.stream.rows import _Placer
    from jixiao.ingest.stream.values import NO_HINTS

    items = [Item(text, line, 0, 1.0, None, soft) for line, (text, soft) in enumerate(chunks) if text]

    def placer() -> _Placer:
        return _Placer(items, tuple(kinds), NO_HINTS, rows_by_line, "unit" in kinds)

    by_chunk = placer()
    at = 0
    while at < len(items):
        at = by_chunk._place(at)
    assert placer().run() == by_chunk.drafts

