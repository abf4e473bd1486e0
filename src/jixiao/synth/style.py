"""How a layout's official table is drawn: what a layout file does not need to say, but a form shows.

A layout file (``jixiao/layouts/files``) declares the words a reader needs: labels, column headers,
row labels. The printed form has more: where the year stands, which 其中 rows the funding block lists,
what the section cells say in full (``预算执行情况(10分)``), the rows after the 总分. ``style_of``
derives all of it from the layout — the preferred word of each list, made whole by the layout's own
detection markers (``全年预算数`` → ``全年预算数(A)`` for Anhui) — and takes the few things no layout
data implies from ``_OVERRIDES``, one entry per layout whose real forms were seen (tests/fixtures/samples).
A new layout file gets the derived style: a national-like table in its own words.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from jixiao.layouts import Layout
from jixiao.model import FundKind

# Where the year may stand: a row of its own under the title (（2020年度）), before the title's words
# (2020年度…项目自评表) or after them (…自评表(2023年度)).
YEAR_ROW, YEAR_BEFORE, YEAR_AFTER = "row", "before", "after"


@dataclass(frozen=True, slots=True)
class Style:
    """The parts of a layout's table that its file leaves implicit."""

    title: str
    year_at: tuple[str, ...]
    # Rows above the title (Sichuan's 报表编号).
    preamble: tuple[str, ...]
    # 项目负责人及电话: "" none, "row" a row of its own, "name-row" beside the project name (county forms).
    lead: str
    lead_label: str
    # 主管部门 and 实施单位: on one row, in rows of their own, or either ("either").
    department_rows: str
    # Hubei's 项目类别 / 项目属性 / 项目类型 rows: (label, choices).
    category_rows: tuple[tuple[str, tuple[str, ...]], ...]
    # Rows under the title before the labels (Hubei's 单位名称 · 填报日期).
    unit_line: bool
    funding_label: str
    # The cell above the row labels (Sichuan's 年度预算数(万元)); None: the labels share the section's column.
    funding_corner: str | None
    fund_rows: tuple[tuple[str, FundKind], ...]
    # Whether the goal block is on the form: "always", or "sometimes" where the layout declares it optional
    # (Hubei: most forms have none, some print one).
    goal: str
    goal_label: str
    # Sichuan's 1.项目年度目标完成情况 row between the goal label and its column headers.
    goal_subheader: str
    goal_first: bool  # the goal block before the funding block (Sichuan)
    indicators_label: str
    # Whether a level-1 cell carries its class's points (产出指标(50分), Anhui).
    level1_points: bool
    total_label: str
    grade: bool  # 评价等次 · grade after the 总分 (Yunnan)
    closing: tuple[str, ...]  # labels of the rows after the total


def style_of(layout: Layout) -> Style:
    """The style of ``layout``'s table: derived from its file, then the layout's known overrides."""
    return _style_of(layout)


@cache
def _style_of(layout: Layout) -> Style:
    derived = _derived(layout)
    overrides = _OVERRIDES.get(layout.name, {})
    return replace(derived, **overrides)


def _derived(layout: Layout) -> Style:
    markers = _Markers(layout.markers)
    unit = layout.money_unit
    lead_words = layout.label_words("project_lead")
    return Style(
        title=layout.title_words[0] if layout.title_words else "项目支出绩效自评表",
        year_at=(YEAR_ROW, YEAR_BEFORE, YEAR_AFTER),
        preamble=(),
        lead="row" if lead_words and lead_words[0] in layout.markers else "",
        lead_label=lead_words[0] if lead_words else "项目负责人及电话",
        department_rows="either",
        category_rows=(),
        unit_line=False,
        funding_label=markers.whole(_first(layout.section_words("funding"), "项目资金"), f"（{unit}）"),
        funding_corner="",
        fund_rows=_fund_rows(layout),
        goal="sometimes" if "goal" in layout.optional_sections else "always",
        goal_label=_first(layout.section_words("goal"), "年度总体目标"),
        goal_subheader="",
        goal_first=False,
        indicators_label=_first(layout.section_words("indicators"), "绩效指标"),
        level1_points=any(f"({int(points)}分)" in layout.markers for _, points in layout.scoring.level1_weights),
        total_label=_first(layout.section_words("total"), "总分"),
        grade=False,
        closing=(),
    )


def _first(words: tuple[str, ...], default: str) -> str:
    return words[0] if words else default


def _fund_rows(layout: Layout) -> tuple[tuple[str, FundKind], ...]:
    """One row per fund kind, in the model's order, labelled with the kind's longest word (the official
    label: 其中:当年财政拨款 rather than 财政拨款)."""
    rows = []
    for kind in FundKind:
        labels = [label for label, row_kind in layout.funding_rows if row_kind is kind]
        if labels:
            rows.append((labels[0], kind))  # funding_rows lists the longest label first
    return tuple(rows)


class _Markers:
    """A layout's detection markers, used to write a header the way the official form does."""

    def __init__(self, markers: tuple[str, ...]):
        self.markers = markers

    def whole(self, word: str, otherwise: str = "") -> str:
        """The marker that ``word`` begins (``预算执行情况`` → ``预算执行情况(万元)(20分)``), or ``word`` and
        ``otherwise`` when no marker extends it."""
        longer = [marker for marker in self.markers if marker.startswith(word) and marker != word]
        return max(longer, key=len) if longer else word + otherwise


def header_words(layout: Layout) -> dict[str, dict[str, str]]:
    """Block → field → the header text of that column on the form: the preferred synonym, made whole by
    a marker that extends it. A marker serves one column only, the funding block's first (Hubei's
    ``得分(20分*执行率)`` heads the funding score, not the indicators' score)."""
    used: set[str] = set()
    words: dict[str, dict[str, str]] = {}
    for block, columns in (("funding", layout.funding_columns), ("goal", layout.goal_columns),
                           ("indicators", layout.indicator_columns)):
        words[block] = {}
        for name in columns.order:
            word = _first(columns.words(name), name)
            longer = [marker for marker in layout.markers
                      if marker.startswith(word) and marker != word and marker not in used and "(" in marker]
            if longer:
                word = longer[0]
                used.add(word)
            words[block][name] = word
    return words


# What the forms of each known layout show that its file does not imply (see the module docstring).
_OVERRIDES: dict[str, dict[str, Any]] = {
    "sichuan-2023": {
        "year_at": (YEAR_AFTER,), "preamble": ("报表编号:510000_0013zp",), "department_rows": "apart",
        "funding_label": "预算执行情况(10分)", "funding_corner": "年度预算数(万元)",
        "fund_rows": (("总额", FundKind.TOTAL), ("其中:财政资金", FundKind.APPROPRIATION),
                      ("财政专户管理资金", FundKind.OTHER), ("单位资金", FundKind.OTHER), ("其他资金", FundKind.OTHER)),
        "goal_label": "项目基本情况", "goal_subheader": "1.项目年度目标完成情况", "goal_first": True,
        "indicators_label": "绩效指标(90分)", "closing": ("评价结论", "存在问题", "改进措施"),
    },
    "hubei-2020": {
        "year_at": (YEAR_BEFORE,), "unit_line": True, "funding_corner": None,
        "category_rows": (("项目类别", ("1、部门预算项目", "2、市直专项", "3、市对下转移支付项目")),
                          ("项目属性", ("1、持续性项目", "2、新增性项目")),
                          ("项目类型", ("1、常年性项目", "2、延续性项目", "3、一次性项目"))),
        "fund_rows": (("年度财政资金总额", FundKind.TOTAL),),
        "indicators_label": "年度绩效目标(80分)",
        "closing": ("偏差大或目标未完成原因分析", "改进措施及结果应用方案"),
    },
    "unweighted-county": {
        "title": "县级专项资金绩效目标自评表", "year_at": (YEAR_BEFORE,), "lead": "name-row",
        "lead_label": "负责人及电话",
        "fund_rows": (("年度资金总额", FundKind.TOTAL), ("其中:中央、省、市补助县级资金", FundKind.APPROPRIATION),
                      ("其他资金", FundKind.OTHER)),
    },
    "xianjie-2022": {"year_at": (YEAR_ROW,), "lead": "row"},
    "yunnan": {"title": "云南省项目支出绩效自评表", "grade": True},
    "anhui": {"year_at": (YEAR_ROW,)},
}
