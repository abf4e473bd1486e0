"""Page chrome: what document-sharing sites and government pages put around a published form, taken off.

Forms copied from the web carry the site's furniture: the file name and a "shared by a member" banner
above a document preview, a 发布时间 (published at) line, 【字体：大 中 小】【打印本页】 (font size, print)
controls, and page markers ``1、`` ``2、`` … that a preview site puts at the start of each page of
text. ``strip_chrome`` removes only lines that clearly are chrome — short, and made of such words —
never a line that holds form content, and reports each removal with its original line number, so the
caller can say what it dropped and every later line number still points into the file as it was.

Time grows with the size of the text: the text is searched for a few fixed words and for digits at
line starts (both in C), and only the lines found are looked at in Python.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, pairwise
from typing import NamedTuple

BANNER, METADATA, PAGE_MARKER = "banner", "metadata", "page-marker"

# A page of a sharing site's text preview holds a few hundred characters (the sites seen cut pages
# at 300). A numbered note in a form (``1、预算执行情况口径…``) is rarely this long, so a run of numbered
# lines counts as pages only when every line but the last reaches this length (see _page_markers).
PAGE_MIN_CHARS = 200
# Chrome lines are short: a 发布时间 line or a row of site controls fits well within this ...
_MAX_CHROME_CHARS = 120
# ... and a sharing site's banner, which names the document twice, within this.
_MAX_BANNER_CHARS = 400

# Words that chrome lines hold; only the lines where one occurs are judged, so a long dump with no chrome
# costs one C-level scan: the words are looked for all at once, by one pattern (the engine skips ahead to
# their first characters), which is three times as fast as a str.find per word.
_SEARCH_WORDS = ("分享", "在线阅读", "发布", "更新时间", "来源", "浏览", "点击", "阅读次数", "访问", "字体", "打印",
                 "关闭")
_SEARCH = re.compile("|".join(map(re.escape, _SEARCH_WORDS)))
# The phrases of a sharing site's banner: 《x.docx》由会员分享,可在线阅读,更多相关《x.docx》请在…上搜索。
_BANNER_PHRASES = ("由会员分享", "由用户分享", "可在线阅读", "更多相关", "上搜索", "免费下载")
# A page's metadata: a key and a colon at the start of a short line (发布时间:2023-12-05 15:04).
_METADATA = re.compile(r"(?:发布时间|发布日期|更新时间|信息来源|来源|浏览次数|浏览量|点击数|点击量|阅读次数|访问次数"
                       r"|访问量)[ \t\u3000]{0,4}[:：]")
# Site controls (【字体：大 中 小】【打印本页】【关闭窗口】): a line made of these words and marks only, with at
# least one of the first three; single characters like 中 count only beside them.
_CONTROL_KEYS = ("字体", "打印", "关闭窗口")
_CONTROL_WORDS = ("打印本页", "打印此页", "关闭窗口", "关闭本页", "字体", "字号", "打印", "关闭", "分享到", "收藏",
                  "默认", "大", "中", "小")
_CONTROL_MARKS = str.maketrans(dict.fromkeys("【】[]()（）:：|/·,，、 \t\u3000"))
# A file name alone on the first line, as sharing sites print above a preview. Bounded quantifier on
# a line of bounded length: the backtracking of the name against its extension stays small.
_FILE_NAME = re.compile(r"[^\s/\\:*?\"<>|]{1,150}\.(?:docx?|xlsx?|pdf|wps|et|rtf|pptx?|txt)", re.IGNORECASE)
_CONTENT = re.compile(r"\S")
# A page marker: a page number and 、 at the start of a line. Led by the line break rather than by ``^``
# in MULTILINE mode, which lets the regex engine skip ahead to line breaks (three times as fast).
_MARKER = re.compile(r"\n([1-9][0-9]{0,3})、")
_FIRST_MARKER = re.compile(r"([1-9][0-9]{0,3})、")


class Removed(NamedTuple):
    """What ``strip_chrome`` took out: the original 1-based ``line``, the ``text`` removed (the whole
    line, or the page marker alone) and its ``kind`` (banner, metadata or page-marker)."""

    line: int
    text: str
    kind: str


@dataclass(frozen=True, slots=True)
class Cleaned:
    """Text without its chrome, and the way back to the original line numbers.

    Removed lines are gone from ``text``; page markers are gone from the start of their lines, and
    the lines in ``continued`` (cleaned line numbers) go on from the line before: the preview site
    broke the text there, often inside a cell (``…完成10`` / ``0%…`` is ``100%``), so a reader of
    flattened text joins such a line to the one before with no separator. Lines stay separate here so
    that every line keeps its own original number.
    """

    text: str
    removed: tuple[Removed, ...] = ()
    continued: frozenset[int] = frozenset()
    # (first cleaned line, original − cleaned line number) from that line on; none when no line was removed.
    shifts: tuple[tuple[int, int], ...] = ()

    def original_line(self, line: int) -> int:
        """The original 1-based number of cleaned ``line``."""
        at = bisect_right(self.shifts, line, key=_first)
        return line + (self.shifts[at - 1][1] if at else 0)

    def original_lines(self) -> Iterator[int]:
        """The original number of each cleaned line, first to last, as ``text.split("\\n")`` gives the lines."""
        firsts = [1, *map(_first, self.shifts), self.text.count("\n") + 2]
        shifts = [0, *(shift for _, shift in self.shifts)]
        spans = zip(pairwise(firsts), shifts, strict=True)
        return chain.from_iterable(range(first + shift, end + shift) for (first, end), shift in spans)


def _first(shift: tuple[int, int]) -> int:
    return shift[0]


class _Cut(NamedTuple):
    """A removal, in offsets of the original text: ``end`` excludes the line break; ``joins`` marks a
    page marker whose line continues the line before."""

    start: int
    end: int
    kind: str
    joins: bool = False


def strip_chrome(text: str) -> Cleaned:
    """``text`` without page chrome; lines end at ``\\n``, ``\\r\\n`` or ``\\r``, as in every text reader."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    cuts = sorted(chain(_chrome_lines(text), _page_markers(text)))
    return _cut(text, cuts) if cuts else Cleaned(text)


def _chrome_lines(text: str) -> Iterator[_Cut]:
    """The whole lines of ``text`` that are chrome: a file name first, then banners, metadata, controls."""
    seen: set[int] = set()
    first = _CONTENT.search(text)
    if first is not None:
        start, end = _line_around(text, first.start())
        if end - start <= _MAX_CHROME_CHARS and _FILE_NAME.fullmatch(text[start:end].strip()):
            seen.add(start)
            yield _Cut(start, end, BANNER)
    # Each line that holds a search word is judged once (its kind depends on the line alone), from its
    # first word on; the search goes on after the line.
    found = _SEARCH.search(text)
    while found is not None:
        start, end = _line_around(text, found.start())
        # A line led by a tab is a cell of a table dump (一级指标 … 打印本页 as a value): never chrome.
        cell = text.startswith("\t", start)
        kind = _chrome_kind(text[start:end]) if end - start <= _MAX_BANNER_CHARS and start not in seen \
            and not cell else None
        if kind is not None:
            seen.add(start)
            yield _Cut(start, end, kind)
        found = _SEARCH.search(text, end)


def _line_around(text: str, at: int) -> tuple[int, int]:
    """Start and end (without its line break) of the line that holds offset ``at``."""
    end = text.find("\n", at)
    return text.rfind("\n", 0, at) + 1, len(text) if end == -1 else end


def _chrome_kind(line: str) -> str | None:
    """BANNER or METADATA when ``line`` is clearly site chrome, None otherwise."""
    line = line.strip()
    if line.startswith("《") and sum(phrase in line for phrase in _BANNER_PHRASES) >= 2:
        return BANNER
    if len(line) > _MAX_CHROME_CHARS:
        return None
    if _METADATA.match(line):
        return METADATA
    if any(key in line for key in _CONTROL_KEYS):
        rest = line
        for word in _CONTROL_WORDS:
            rest = rest.replace(word, "")
        if not rest.translate(_CONTROL_MARKS):
            return BANNER
    return None


def _page_markers(text: str) -> Iterator[_Cut]:
    """The page markers of a preview: lines on end that start ``1、`` ``2、`` ``3、`` … in order.

    A run counts only when it starts at 1, has at least two lines, and every line but the last (a
    last page may be short, or cut off) is PAGE_MIN_CHARS long: numbered notes in a form are short
    lines or sit inside one line, while a preview's pages are long lines. Marker 1 only goes; each
    later marker takes the line break before it too (its line continues the one before).
    """
    run: list[tuple[int, int, int, int]] = []  # (line index, number, marker start, marker end)
    line, last, long_enough = 0, 0, False
    first = _FIRST_MARKER.match(text)
    for match in chain((first,) if first else (), _MARKER.finditer(text)):
        start = match.start(1)
        line += text.count("\n", last, start)
        last = start
        number = int(match.group(1))
        if run and long_enough and number == run[-1][1] + 1 and line == run[-1][0] + 1:
            run.append((line, number, start, match.end()))
        else:
            yield from _pages(run)
            run = [(line, number, start, match.end())] if number == 1 else []
        end = text.find("\n", start)
        long_enough = (len(text) if end == -1 else end) - start >= PAGE_MIN_CHARS
    yield from _pages(run)


def _pages(run: list[tuple[int, int, int, int]]) -> Iterable[_Cut]:
    if len(run) < 2:
        return ()
    return (_Cut(start, end, PAGE_MARKER, number > 1) for _, number, start, end in run)


def _cut(text: str, cuts: list[_Cut]) -> Cleaned:
    """``text`` without ``cuts`` (sorted by offset), with the map from cleaned to original lines."""
    pieces: list[str] = []
    removed: list[Removed] = []
    shifts: list[tuple[int, int]] = []
    continued: set[int] = set()
    position, line, cleaned_line = 0, 1, 1  # line and cleaned line are those at position
    for cut in cuts:
        if cut.start < position:  # a line found twice (no pattern should allow it; never cut it twice)
            continue
        newlines = text.count("\n", position, cut.start)
        line += newlines
        cleaned_line += newlines
        pieces.append(text[position:cut.start])
        removed.append(Removed(line, text[cut.start:cut.end], cut.kind))
        position = cut.end
        if cut.kind == PAGE_MARKER:
            if cut.joins:
                continued.add(cleaned_line)
        elif position < len(text):  # a whole line goes with its line break: the next line takes its place
            position += 1
            line += 1
            if shifts and shifts[-1][0] == cleaned_line:  # lines removed one after another
                shifts.pop()
            shifts.append((cleaned_line, line - cleaned_line))
    pieces.append(text[position:])
    return Cleaned("".join(pieces), tuple(removed), frozenset(continued), tuple(shifts))
