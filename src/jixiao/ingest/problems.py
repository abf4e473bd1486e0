"""Reading problems (R codes): what the loader and layouts report about the input itself.

Check rules live in ``jixiao.checks``; these codes are raised before any form exists or while one is
being read, so they are catalogued here, beside the code that raises them, and documented with the
rules in ``docs/rules``.
"""

from __future__ import annotations

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
