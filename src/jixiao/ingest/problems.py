"""Reading problems (R codes): what the loader and layouts report about the input itself.

Check rules live in ``jixiao.checks``; these codes are raised before any form exists or while one is
being read, so they are catalogued here, beside the code that raises them, and documented with the
rules in ``docs/rules``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jixiao.model import Finding, Severity, SourceRef


@dataclass(frozen=True, slots=True)
class Problem:
    code: str
    severity: Severity
    title: str
    title_en: str
    doc: str


PROBLEMS: dict[str, Problem] = {
    p.code: p
    for p in (
        Problem("R001", Severity.ERROR, "文件无法读取", "File cannot be read",
                "The file is missing, empty, binary, too large, or in an encoding or format jixiao "
                "does not read. Nothing in it was checked. Fix: give a text dump of the form "
                "(UTF-8 or GB18030), or a format listed in the README."),
        Problem("R002", Severity.ERROR, "未找到自评表", "No form found",
                "The file was read but holds no 项目支出绩效自评表: no title row and no 项目名称 row. "
                "Fix: check that the file is a self-evaluation form and that its table was not lost "
                "when it was exported."),
        Problem("R003", Severity.ERROR, "自评表不完整", "Form incomplete",
                "A form lacks whole blocks (项目资金, 年度总体目标, 绩效指标 or 总分), usually because "
                "the file was cut off or a table was dropped. Checks that need the missing block "
                "are skipped for this form. Fix: read the complete form."),
        Problem("R004", Severity.INFO, "行的单元格数与表头不符", "Row cells do not match the header",
                "A row has more or fewer cells than its header row; empty surplus cells were dropped "
                "or missing cells taken as empty. Each value keeps its own cell reference, so check "
                "the row named in the finding if its values look shifted."),
        Problem("R005", Severity.ERROR, "检查规则运行失败", "A check rule failed to run",
                "A rule raised an unexpected error on this form. The other rules still ran. This is "
                "a defect in jixiao: please report it with the form."),
        Problem("R006", Severity.WARNING, "值无法读取", "Value could not be read",
                "The text of the form has lost this value, or holds it in a way the reader cannot "
                "place with confidence (cells fused without separators, reading order scrambled, a "
                "row cut off). The field is left blank and named here, so that a blank the text lost "
                "is never mistaken for a blank the unit left. Fix: read the value from the original "
                "document, or give jixiao a cleaner copy (the Word or Excel file)."),
        Problem("R007", Severity.WARNING, "低置信度读取", "Form read with low confidence",
                "The form was read from messy text (no cell separators, scrambled order, OCR glyphs) "
                "and the reader doubts some of its values. Doubted values carry their confidence in "
                "the JSON; arithmetic checks do not raise errors on them. Fix: check the doubted "
                "values against the original, or read a cleaner copy."),
        Problem("R008", Severity.INFO, "页面杂项已去除", "Page chrome removed",
                "Text around or inside the form that is not part of it — a site's banner, a "
                "document's metadata, page markers of a preview site — was removed before reading. "
                "The finding lists what was removed, so nothing is dropped silently."),
    )
}


# The blocks of a form (区块), by the names the readers use for them, as R003 names them.
SECTION_TITLES = {"funding": "项目资金", "goal": "年度总体目标", "indicators": "绩效指标", "total": "总分"}


# The fields of a form as a reader names them in a message: 中文 and English, by the last part of a path.
_FIELD_NAMES = {
    "initial_budget": ("年初预算数", "initial budget"), "full_year_budget": ("全年预算数", "full-year budget"),
    "executed": ("全年执行数", "amount executed"), "weight": ("分值", "weight"),
    "declared_rate": ("执行率", "execution rate"), "declared_score": ("得分", "score"),
    "expected": ("预期目标", "expected goal"), "achieved": ("实际完成情况", "goal achieved"),
    "level1": ("一级指标", "level-1 indicator"), "level2": ("二级指标", "level-2 indicator"),
    "name": ("三级指标名称", "indicator name"), "target": ("年度指标值", "target"),
    "actual": ("实际完成值", "actual value"), "deviation_note": ("偏差原因分析及改进措施", "deviation note"),
    "declared_total_weight": ("总分·分值", "total weight"), "declared_total_score": ("总分·得分", "total score"),
    "indicators": ("绩效指标", "indicators"),
}
_PATH_PART = re.compile(r"(\w+)(?:\[(\d+)\])?")


def field_label(path: str) -> tuple[str, str]:
    """A field path as a reader of the form says it, in Chinese and English:
    ``indicators[3].target`` → (第4个三级指标·年度指标值, indicator 4 › target)."""
    zh: list[str] = []
    en: list[str] = []
    for part, index in _PATH_PART.findall(path):
        number = int(index) + 1 if index else None
        if part == "rows" and number is not None:
            zh.append(f"第{number}行")
            en.append(f"row {number}")
        elif part == "indicators" and number is not None:
            zh.append(f"第{number}个三级指标")
            en.append(f"indicator {number}")
        elif part == "parts" and number is not None:
            zh.append(f"其中第{number}项")
            en.append(f"part {number}")
        elif part == "funding":
            zh.append("项目资金")
            en.append("funding")
        elif part == "goal":
            zh.append("年度总体目标")
            en.append("annual goal")
        else:
            names = _FIELD_NAMES.get(part, (part, part.replace("_", " ")))
            zh.append(names[0])
            en.append(names[1])
    return "·".join(zh), " › ".join(en)


def missing_sections(form_id: str, path: str, index: int, missing: tuple[str, ...]) -> Finding:
    """The R003 of a form that lacks whole blocks (both the table and the stream reader raise it)."""
    names = "、".join(SECTION_TITLES[name] for name in missing)
    return problem("R003", f"自评表缺少：{names}；相关检查已跳过。",
                   f"The form lacks: {', '.join(missing)}; checks that need them were skipped.",
                   forms=(form_id,), location=SourceRef(file=path, form_index=index))


def problem(code: str, message: str, message_en: str, *, forms: tuple[str, ...] = (),
            field: str = "", location: SourceRef | None = None, raw: str | None = None) -> Finding:
    """A finding for reading problem ``code`` with its catalogued severity."""
    return Finding(code=code, severity=PROBLEMS[code].severity, message=message, message_en=message_en,
                   forms=forms, field=field, location=location, raw=raw)
