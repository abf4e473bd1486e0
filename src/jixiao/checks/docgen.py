"""The rule reference in docs/rules: an index and one page per rule, generated from the registry.

Run ``python -m jixiao.checks.docgen docs/rules`` after changing a rule; a test fails when the
committed pages differ from what this module renders, so the reference never goes stale.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from jixiao.checks.catalog import ALL_RULES
from jixiao.checks.registry import Rule
from jixiao.ingest.problems import PROBLEMS, Problem

_SECTION_TITLES = {"Checks": "检查什么 · What it checks", "Why": "依据 · Why",
                   "Example": "示例 · Example", "Fix": "改正 · How to fix"}
_SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
_FAMILY_TITLES = {
    "structure": "结构 · structure", "arithmetic": "算术 · arithmetic", "recompute": "重算 · recompute",
    "policy": "政策 · policy", "quality": "指标质量 · indicator quality", "crossform": "跨表 · cross-form",
    "reading": "读取 · reading",
}
_BACK = "[← 全部规则 · all rules](index.md)"
_PAGE_NAME_RE = re.compile(r"^[A-Z]\d{3}\.md$")
_ENGLISH_START_RE = re.compile(r"[A-Z][a-z]|A ")


def opens_english(line: str) -> bool:
    """The first line of a section's English half starts an English sentence (``Whether …``, ``A …``).

    Docstrings give each section in Chinese first, then in English; a Chinese line may open with an
    acronym (``GUIDE 1.2 依据…``) but not with a capitalised word.
    """
    return _ENGLISH_START_RE.match(line) is not None


def split_languages(text: str) -> tuple[str, str]:
    """A section's Chinese and English paragraphs (Chinese lines join without spaces, English with)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    start = next((n for n, line in enumerate(lines) if opens_english(line)), len(lines))
    return "".join(lines[:start]), " ".join(lines[start:])


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _severity(value: str) -> str:
    return f"{_SEVERITY_ZH[value]} {value}"


def render_index() -> str:
    lines = ["# 检查规则 · Rules", "",
             "由 `python -m jixiao.checks.docgen docs/rules` 根据规则注册表生成，请勿手工修改。",
             "Generated from the rule registry by `python -m jixiao.checks.docgen docs/rules`; do not edit.", "",
             "| 代码 code | 名称 name | 级别 severity | 标题 | title | 类别 family |",
             "|---|---|---|---|---|---|"]
    for rule in ALL_RULES:
        lines.append(f"| [{rule.code}]({rule.code}.md) | `{rule.name}` | {_severity(rule.severity.value)} | "
                     f"{_cell(rule.title)} | {_cell(rule.title_en)} | {_FAMILY_TITLES.get(rule.family, rule.family)} |")
    for problem in PROBLEMS.values():
        lines.append(f"| [{problem.code}]({problem.code}.md) | — | {_severity(problem.severity.value)} | "
                     f"{_cell(problem.title)} | {_cell(problem.title_en)} | {_FAMILY_TITLES['reading']} |")
    return "\n".join(lines) + "\n"


def render_rule(rule: Rule) -> str:
    lines = [f"# {rule.code} `{rule.name}`", "", f"**{rule.title}** · {rule.title_en}", "",
             f"- 级别 severity: {_severity(rule.severity.value)}",
             f"- 类别 family: {_FAMILY_TITLES.get(rule.family, rule.family)}",
             f"- 范围 scope: {'跨表 batch' if rule.scope.value == 'batch' else '单表 form'}"]
    if rule.aliases:
        lines.append(f"- 别名 aliases: {', '.join(rule.aliases)}")
    sections = rule.sections()
    for name, title in _SECTION_TITLES.items():
        paragraphs = [text for text in split_languages(sections.get(name, "")) if text] or ["—"]
        lines += ["", f"## {title}", "", "\n\n".join(paragraphs)]
    lines += ["", f"在命令行查看 · In the terminal: `jixiao rules {rule.code}`", "", _BACK]
    return "\n".join(lines) + "\n"


def render_problem(problem: Problem) -> str:
    lines = [f"# {problem.code}", "", f"**{problem.title}** · {problem.title_en}", "",
             f"- 级别 severity: {_severity(problem.severity.value)}",
             f"- 类别 family: {_FAMILY_TITLES['reading']}（读取时报告，不属于检查规则 · raised while reading）",
             "", problem.doc, "", _BACK]
    return "\n".join(lines) + "\n"


def render_all() -> dict[str, str]:
    """File name → content of every page of the reference."""
    pages = {"index.md": render_index()}
    pages.update({f"{rule.code}.md": render_rule(rule) for rule in ALL_RULES})
    pages.update({f"{problem.code}.md": render_problem(problem) for problem in PROBLEMS.values()})
    return pages


def write_docs(directory: Path) -> list[Path]:
    """Write every page into ``directory``, removing pages of codes that no longer exist."""
    directory.mkdir(parents=True, exist_ok=True)
    pages = render_all()
    for stale in directory.glob("*.md"):
        if _PAGE_NAME_RE.match(stale.name) and stale.name not in pages:
            stale.unlink()
    written = []
    for name, text in pages.items():
        path = directory / name
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    directory = Path(args[0]) if args else Path("docs/rules")
    written = write_docs(directory)
    print(f"wrote {len(written)} pages to {directory}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
