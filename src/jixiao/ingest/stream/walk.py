"""The walk through a stream's items: which label opens which block, and which values go with it.

The walk is a state machine over the blocks of a form — the head (title, 项目名称, 主管部门, 实施单位),
项目资金, 年度总体目标, 绩效指标, 总分, and the closing notes — that collects, for each form, every label
with the values after it (a ``Draft``). A word is a label only where its block can use it: ``执行率``
inside an indicator's name is text there, ``合计`` is the funding total row inside the funding block and
the form's total after the indicators. A new title, or a second 项目名称, opens the next form.

In fused text a label word may also stand inside a value (``说明`` in a name). There a total word among
the indicators counts only when no level label follows it before the rows end, and a closing word only
when neither a level label nor a total word follows it: a form's rows go on after such a word only if it
was no label.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

from jixiao.ingest.stream.lexer import Item
from jixiao.ingest.stream.vocab import Role


class State(IntEnum):
    HEAD = 0
    FUNDING = 1
    GOAL = 2
    INDICATORS = 3
    TOTAL = 4
    CLOSED = 5


@dataclass(slots=True)
class Segment:
    """A label and the values after it, up to the next label."""

    role: Role
    label: Item
    values: list[Item] = field(default_factory=list)


@dataclass(slots=True)
class Draft:
    """What the walk collected for one form: its segments by block, and the blocks it saw."""

    title: Item | None = None
    head: list[Segment] = field(default_factory=list)
    funding: list[Segment] = field(default_factory=list)
    goal: list[Segment] = field(default_factory=list)
    indicators: list[Segment] = field(default_factory=list)
    total: list[Segment] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    first_line: int | None = None
    last_line: int | None = None

    @property
    def named(self) -> bool:
        return any(segment.role == _PROJECT_NAME for segment in self.head)

    @property
    def substantial(self) -> bool:
        """Whether the draft is a form: it has its 项目名称 or a block (a title alone is only text)."""
        return self.named or bool(self.seen)

    def note_line(self, item: Item) -> None:
        if self.first_line is None:
            self.first_line = item.line
        self.last_line = item.line


_PROJECT_NAME = Role("label", "project_name")
_TITLE = Role("title", "")
_new = tuple.__new__  # a named tuple from all its fields, without the keyword machinery (once per value)
_STATE_OF_SECTION = {"funding": State.FUNDING, "goal": State.GOAL, "indicators": State.INDICATORS,
                     "total": State.TOTAL, "closing": State.CLOSED}
_SECTION_OF_GROUP = {"fund_col": "funding", "fund_row": "funding", "goal_col": "goal", "ind_col": "indicators",
                     "level1": "indicators", "level2": "indicators"}
# The roles a word plays in a state, outside fused text (see Walk._role); the words of every layout's
# vocabulary, in six states, stay far below the bound.
_ROLE_MEMO: dict[tuple[tuple[Role, ...], State], Role | None] = {}
_ROLE_MEMO_SIZE = 1 << 14
_UNSEEN = Role("", "")
# The draft's list of segments each state's labels go to (by field name: one lookup per label).
_BLOCK_OF_STATE = ("head", "funding", "goal", "indicators", "total", "total")
# The roles each block takes, best first (group, name or None for any); a word with none is text there.
_TAKES: dict[State, tuple[tuple[str, str | None], ...]] = {
    State.HEAD: (("label", None), ("section", "funding"), ("section", "goal"), ("section", "indicators"),
                 ("section", "total"), ("fund_col", None), ("fund_row", None), ("goal_col", None),
                 ("ind_col", None), ("level1", None), ("level2", None)),
    State.FUNDING: (("fund_row", None), ("fund_col", None), ("label", None), ("section", "funding"),
                    ("section", "goal"), ("section", "indicators"), ("section", "total"), ("section", "closing"),
                    ("goal_col", None), ("ind_col", None), ("level1", None), ("level2", None)),
    State.GOAL: (("goal_col", None), ("section", "goal"), ("section", "funding"), ("section", "indicators"),
                 ("ind_col", None), ("level1", None), ("level2", None), ("section", "total")),
    State.INDICATORS: (("level1", None), ("level2", None), ("section", "total"), ("section", "indicators"),
                       ("ind_col", None), ("section", "closing")),
    State.TOTAL: (("section", "closing"),),
    State.CLOSED: (),
}


class Walk:
    """Walks the items of a stream into drafts of forms (see the module's docstring)."""

    def __init__(self, fused: bool) -> None:
        self.fused = fused
        self.state = State.HEAD
        self.draft = Draft()
        self.drafts: list[Draft] = [self.draft]
        self.segment: Segment | None = None
        self.levels_after: list[bool] = []
        self.total_after: list[bool] = []

    def run(self, items: list[Item]) -> list[Draft]:
        if self.fused:
            self.levels_after, self.total_after = _rows_go_on(items)
        closed = State.CLOSED
        for at, item in enumerate(items):
            hit = item.hit
            if hit is not None:
                if hit.roles[0].group == "fragment":
                    self._fragment(item)
                    continue
                role = self._role(hit.roles, at)
                if role is not None:
                    self._open(role, item)
                    continue
                item = _as_text(item)  # a word that is no label here: text
            # A value: ``_value``, spelled out for the hundred values of a form.
            if self.state is not closed:
                draft = self.draft
                if draft.first_line is None:
                    draft.first_line = item.line
                draft.last_line = item.line
                if self.segment is not None:
                    self.segment.values.append(item)
        return [draft for draft in self.drafts if draft.substantial]

    def _value(self, item: Item) -> None:
        if self.state is State.CLOSED:
            return
        draft = self.draft
        if draft.first_line is None:
            draft.first_line = item.line
        draft.last_line = item.line
        if self.segment is not None:
            self.segment.values.append(item)

    def _role(self, roles: tuple[Role, ...], at: int) -> Role | None:
        """The role a label plays here, or None when it is text here."""
        if self.fused and self.state is State.INDICATORS:  # the context of the word counts (see _fits): no memo
            return self._role_here(roles, at)
        # Elsewhere the role depends only on the word's roles and the state, in fused text as in any other
        # (_fits looks at the context of a word of fused text among the indicators only): remembered, as a
        # form has a hundred labels and the same few dozen words in every form.
        key = (roles, self.state)
        role = _ROLE_MEMO.get(key, _UNSEEN)
        if role is _UNSEEN:
            role = self._role_here(roles, at)
            if len(_ROLE_MEMO) < _ROLE_MEMO_SIZE:
                _ROLE_MEMO[key] = role
        return role

    def _role_here(self, roles: tuple[Role, ...], at: int) -> Role | None:
        if any(role.group == "title" for role in roles):
            return _TITLE
        if _PROJECT_NAME in roles:
            return _PROJECT_NAME
        for group, name in _TAKES[self.state]:
            for role in roles:
                if role.group == group and (name is None or role.name == name) and self._fits(role, roles, at):
                    return role
        return None

    def _fits(self, role: Role, roles: tuple[Role, ...], at: int) -> bool:
        """What the table of roles cannot say: the context of a word."""
        if role.group == "ind_col":
            if self.state is State.HEAD and any(other.group == "fund_col" for other in roles):
                return False  # 分值 / 得分 before any block: the funding header comes first
            if self.state is State.INDICATORS and self.fused and self._has_rows():
                return False  # in fused text a header word after the rows is part of a name
        if self.fused and self.state is State.INDICATORS and role.group == "section":
            # Rows (or the total) go on after it: the word was part of a row.
            if role.name == "total":
                return not self.levels_after[at]
            if role.name == "closing":
                return not self.levels_after[at] and not self.total_after[at]
        return True

    def _fragment(self, item: Item) -> None:
        """Pieces of headers wrapped onto two rows (``年度`` … ``指标值``) stand for their columns where
        the indicators' headers are (a goal block of cells, or before the first row); elsewhere they
        are text."""
        in_header = (self.state is State.GOAL and not self.fused) or (
            self.state is State.INDICATORS and not self._has_rows())
        if not in_header:
            self._value(_as_text(item))
            return
        for role in item.hit.roles:  # type: ignore[union-attr]  # a fragment item has its hit
            self._open(Role("ind_col", role.name), item)

    def _has_rows(self) -> bool:
        return any(value.text for segment in self.draft.indicators for value in segment.values)

    def _open(self, role: Role, item: Item) -> None:
        if role == _TITLE:
            self._open_title(item)
            return
        if role == _PROJECT_NAME and self.draft.named:
            self._next_form()
        draft = self.draft
        if draft.first_line is None:  # draft.note_line(item), spelled out: a form has some forty labels
            draft.first_line = item.line
        draft.last_line = item.line
        # A header of the indicators inside a goal block still empty (a spreadsheet read out of order)
        # is recorded with the indicators, and the values after it are still the goal's.
        keep_goal = role.group == "ind_col" and self.state is State.GOAL and not self._goal_has_values()
        # Move to the label's block and note it as seen, by a plan remembered per role, state and keep_goal:
        # a form has some forty labels, and the same few dozen roles.
        key = (role, self.state, keep_goal)
        plan = _PLANS.get(key)
        if plan is None:
            plan = _plan(role, self.state, keep_goal)
            if len(_PLANS) < _ROLE_MEMO_SIZE:
                _PLANS[key] = plan
        self.state, seen, block = plan
        if seen is not None:
            draft.seen.add(seen)
        segment = Segment(role, item, [])
        getattr(draft, block).append(segment)
        if not keep_goal:
            self.segment = segment

    def _open_title(self, item: Item) -> None:
        if self.draft.substantial:
            self._next_form()
        else:  # a title-like line before the form (a cover note's): the later title is the form's
            self.draft.head = [segment for segment in self.draft.head if segment.role != _TITLE]
        self.draft.title = item
        self.draft.note_line(item)
        self.state = State.HEAD
        self.segment = Segment(_TITLE, item)
        self.draft.head.append(self.segment)

    def _next_form(self) -> None:
        self.draft = Draft()
        self.drafts.append(self.draft)
        self.state = State.HEAD

    def _goal_has_values(self) -> bool:
        return any(value.text for segment in self.draft.goal for value in segment.values)


def _plan(role: Role, state: State, keep_goal: bool) -> tuple[State, str | None, str]:
    """What opening a label of ``role`` in ``state`` does: the state it leaves (a section's, or the block of its
    group's), the block it notes as seen (or None) and the draft's field its segment goes to (a header of the
    indicators kept out of a goal block still empty goes to the indicators)."""
    group, name = role
    seen = None
    if group == "section":
        state = _STATE_OF_SECTION[name]
        if name != "closing":
            seen = name
    else:
        section = _SECTION_OF_GROUP.get(group)
        if section is not None:
            seen = section
            if not keep_goal:
                state = _STATE_OF_SECTION[section]
    if group == "label":
        return state, seen, "head"
    return state, seen, "indicators" if keep_goal else _BLOCK_OF_STATE[state]


# Plans of labels opened (see _plan), by role, state and keep_goal: a few hundred at most.
_PLANS: dict[tuple[Role, State, bool], tuple[State, str | None, str]] = {}


def _rows_go_on(items: list[Item]) -> tuple[list[bool], list[bool]]:
    """For each item, whether the indicators go on after it, and whether a total word comes after it.

    The first: whether a level label follows it before the next closing or total word, or the next form
    (a title, a 项目名称). (A footnote after the total names the level-1 classes too; it stands after a
    word that ends the rows.) The second: whether a total word (总分, 合计) follows it before the next form.
    Both are read backwards in one pass, each label's roles looked at once: fused text is one long line
    of items, with a label every few.
    """
    levels = [False] * len(items)
    totals = [False] * len(items)
    level_seen = total_seen = False
    for at in range(len(items) - 1, -1, -1):
        levels[at] = level_seen
        totals[at] = total_seen
        hit = items[at].hit
        if hit is None:
            continue
        level = starts = ends_rows = total = False
        for group, name in hit.roles:
            if group == "level1" or group == "level2":
                level = True
            elif group == "title" or (group == "label" and name == "project_name"):
                starts = True  # a new form
            elif group == "section" and (name == "total" or name == "closing"):
                ends_rows = True
                total = total or name == "total"
        if level:
            level_seen = True
        elif starts or ends_rows:
            level_seen = False
        if total:
            total_seen = True
        elif starts:
            total_seen = False
    return levels, totals


def _as_text(item: Item) -> Item:
    """A label's item as text where it is no label: the same item without its hit."""
    return _new(Item, (item.text, item.line, item.position, item.confidence, None, item.soft, item.fused))
