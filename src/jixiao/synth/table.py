"""A form spec written as the rows of cells of its layout's table (the inverse of the table reader).

``layout_rows(spec, layout)`` gives the rows as the printed table has them: the title row and the year,
the label rows (项目名称, 主管部门 · 实施单位), the funding block (its label and column headers, one row
per fund), the goal block (header, then the texts), the indicator block (header, then one row per
indicator, the level-1 and level-2 cells written on the first row of their group only — merged
cells read as empty cells below), the 总分 row and the rows after it. Columns stand in the layout's
order (``Columns.order``) under the layout's own header words (see ``style.header_words``).
``jixiao.ingest.text.render`` writes the rows in any text shape.
"""

from __future__ import annotations

from jixiao.layouts import Layout
from jixiao.synth.forms import FormSpec, IndicatorSpec
from jixiao.synth.style import Style, header_words, style_of

Row = list[str]


def layout_rows(spec: FormSpec, layout: Layout) -> list[Row]:
    """The rows of ``spec``'s table under ``layout`` (see the module docstring)."""
    style = style_of(layout)
    headers = header_words(layout)
    rows: list[Row] = [[text] for text in style.preamble]
    rows += _head(spec, style, layout)
    funding = _funding(spec, style, layout, headers["funding"])
    goal = _goal(spec, style, layout, headers["goal"]) if spec.has_goal else []
    rows += goal + funding if style.goal_first else funding + goal
    rows += _indicators(spec, style, layout, headers["indicators"])
    if spec.has_total:
        total = [style.total_label, spec.total_weight, spec.total_score]
        rows.append(total + (["评价等次", spec.grade] if spec.grade else []))
    rows += [[label, text] for label, text in spec.closing]
    return rows


def _head(spec: FormSpec, style: Style, layout: Layout) -> list[Row]:
    rows: list[Row] = [[spec.title]]
    if spec.year_row:
        rows.append([spec.year_row])
    if spec.unit_line:
        rows.append(list(spec.unit_line))
    name_row = [_label(layout, "project_name", "项目名称"), spec.project_name]
    if style.lead == "name-row":
        name_row += [style.lead_label, spec.lead]
    rows.append(name_row)
    if style.lead == "row":
        rows.append([style.lead_label, spec.lead])
    department = _label(layout, "competent_department", "主管部门")
    unit = _label(layout, "implementing_unit", "实施单位")
    if spec.presentation.departments_on_one_row:
        rows.append([department, spec.department, unit, spec.unit])
    else:
        rows += [[department, spec.department], [unit, spec.unit]]
    rows += [[label, choices] for label, choices in spec.categories]
    return rows


def _label(layout: Layout, name: str, default: str) -> str:
    """The layout's preferred word for a label row (专项资金名称 on county forms, 实施单位(盖章) in Sichuan)."""
    found = layout.label_words(name)
    return found[0] if found else default


def _section(label: str, spec: FormSpec) -> str:
    """A tall merged section cell; Word tables often space its characters (绩 效 指 标)."""
    if spec.presentation.spaced_section_labels and "(" not in label and "（" not in label:
        return " ".join(label)
    if spec.presentation.wide_punctuation:
        return label.replace("(", "（").replace(")", "）")
    return label


def _funding(spec: FormSpec, style: Style, layout: Layout, headers: dict[str, str]) -> list[Row]:
    order = layout.funding_columns.order
    label = _section(style.funding_label, spec)
    if style.funding_corner is None:  # the row labels stand under the section's own cell
        rows = [[label, *(headers[name] for name in order)]]
        rows += [[line.label, *(line.cell(name) for name in order)] for line in spec.funding]
        return rows
    rows = [[label, style.funding_corner, *(headers[name] for name in order)]]
    rows += [["", line.label, *(line.cell(name) for name in order)] for line in spec.funding]
    return rows


def _goal(spec: FormSpec, style: Style, layout: Layout, headers: dict[str, str]) -> list[Row]:
    order = layout.goal_columns.order
    label = _section(style.goal_label, spec)
    texts = {"expected": spec.goal_expected, "achieved": spec.goal_achieved}
    if style.goal_subheader and spec.presentation.goal_subheader:
        return [[label, style.goal_subheader, ""], ["", *(headers[name] for name in order)],
                ["", *(texts[name] for name in order)]]
    return [[label, *(headers[name] for name in order)], ["", *(texts[name] for name in order)]]


# A header wrapped onto two rows: the first row's words, then the second's (年度 / 指标值).
_WRAPPED = {"年度指标值": ("年度", "指标值"), "实际完成值": ("实际", "完成值"), "全年实际值": ("全年", "实际值"),
            "全年完成值": ("全年", "完成值")}


def _indicators(spec: FormSpec, style: Style, layout: Layout, headers: dict[str, str]) -> list[Row]:
    order = layout.indicator_columns.order
    label = _section(style.indicators_label, spec)
    titles = [headers[name] for name in order]
    if spec.presentation.two_row_indicator_header and any(title in _WRAPPED for title in titles):
        rows = [[label, *(_WRAPPED.get(title, (title, ""))[0] for title in titles)],
                ["", *(_WRAPPED.get(title, ("", ""))[1] for title in titles)]]
    else:
        rows = [[label, *titles]]
    previous: IndicatorSpec | None = None
    for indicator in spec.indicators:
        for line in (indicator, *indicator.parts):
            rows.append(["", *_indicator_cells(line, previous, order)])
            previous = line
    return rows


def _indicator_cells(indicator: IndicatorSpec, previous: IndicatorSpec | None, order: tuple[str, ...]) -> Row:
    """One indicator's cells; its level cells blank where they merge with the row above."""
    new_level1 = previous is None or indicator.level1 != previous.level1
    new_level2 = new_level1 or indicator.level2 != previous.level2
    cells = []
    for name in order:
        if name == "level1":
            cells.append(indicator.level1 if new_level1 else "")
        elif name == "level2":
            cells.append(indicator.level2 if new_level2 else "")
        else:
            cells.append(indicator.cell(name))
    return cells
