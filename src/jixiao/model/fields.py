"""The fields of a form as its readers name them: the attribute, the form's own word (中文) and an English gloss.

One table for every place that speaks of a field: the checks pointing at a cell, and the readers saying
which value the text lost (``field_label``).
"""

from __future__ import annotations

import re

# (attribute, 中文, English) per block.
HEADER_CELLS = (("title", "标题", "title"), ("year_text", "年度", "year"),
                ("project_name", "项目名称", "project name"),
                ("competent_department", "主管部门", "competent department"),
                ("implementing_unit", "实施单位", "implementing unit"))
MONEY_COLUMNS = (("initial_budget", "年初预算数", "initial budget"),
                 ("full_year_budget", "全年预算数", "full-year budget"), ("executed", "全年执行数", "executed amount"))
FUNDING_CELLS = (("weight", "预算执行率分值", "execution weight"), ("declared_rate", "执行率", "execution rate"),
                 ("declared_score", "预算执行得分", "execution score"))
GOAL_CELLS = (("expected", "预期目标", "expected goal"), ("achieved", "实际完成情况", "goal achieved"))
INDICATOR_COLUMNS = (("level1", "一级指标", "level-1 class"), ("level2", "二级指标", "level-2 class"),
                     ("name", "三级指标名称", "name"), ("target", "年度指标值", "target"),
                     ("actual", "实际完成值", "actual"), ("weight", "分值", "weight"),
                     ("declared_score", "得分", "score"), ("deviation_note", "偏差原因分析", "deviation note"))
TOTAL_CELLS = (("declared_total_weight", "总分值", "total weight"), ("declared_total_score", "总分", "total score"),
               ("declared_grade", "等级", "grade"))

_BLOCK_CELLS = {"funding": FUNDING_CELLS, "goal": GOAL_CELLS, "indicators": INDICATOR_COLUMNS, "rows": MONEY_COLUMNS,
                "parts": INDICATOR_COLUMNS, "": HEADER_CELLS + TOTAL_CELLS}
_BLOCKS = {"funding": ("项目资金", "funding"), "goal": ("年度总体目标", "annual goal"),
           "indicators": ("绩效指标", "indicators")}
_ITEMS = {"rows": ("第{}行", "row {}"), "indicators": ("第{}个三级指标", "indicator {}"),
          "parts": ("其中第{}项", "part {}")}
_PATH_PART = re.compile(r"(\w+)(?:\[(\d+)\])?")


def field_label(path: str) -> tuple[str, str]:
    """A field path as a reader of the form says it, in Chinese and English:
    ``indicators[3].target`` → (第4个三级指标·年度指标值, indicator 4 › target)."""
    zh: list[str] = []
    en: list[str] = []
    block = ""  # the block or item the next part is a cell of
    for part, index in _PATH_PART.findall(path):
        if index:
            item_zh, item_en = _ITEMS.get(part, ("{}", "{}"))
            zh.append(item_zh.format(int(index) + 1))
            en.append(item_en.format(int(index) + 1))
        elif part in _BLOCKS and block == "":
            zh.append(_BLOCKS[part][0])
            en.append(_BLOCKS[part][1])
        else:
            names = {name: (word, gloss) for name, word, gloss in _BLOCK_CELLS.get(block, ())}
            word, gloss = names.get(part, (part, part.replace("_", " ")))
            zh.append(word)
            en.append(gloss)
        block = part
    return "·".join(zh), " › ".join(en)
