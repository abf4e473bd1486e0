"""The rule reference in docs/rules is what the registry renders, and every message has its English twin."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from caselib import build_forms, load_cases
from jixiao.checks import ALL_RULES, check
from jixiao.checks.docgen import render_all, split_languages, write_docs

DOCS = Path(__file__).parent.parent / "docs" / "rules"
FAIL_CASES = [(code, case) for code, outcome, case in load_cases() if outcome == "fail"]
_CJK_RE = re.compile(r"[\u3400-\u9fff]")


def test_committed_reference_is_current() -> None:
    pages = render_all()
    committed = {path.name: path.read_text(encoding="utf-8") for path in DOCS.glob("*.md")}
    stale = sorted(name for name in pages if committed.get(name) != pages[name])
    extra = sorted(set(committed) - set(pages))
    assert not stale and not extra, (
        f"docs/rules is out of date (changed: {stale}, extra: {extra}); "
        "run `python -m jixiao.checks.docgen docs/rules`")


def test_reference_lists_every_rule_and_reading_problem() -> None:
    index = render_all()["index.md"]
    for code in [rule.code for rule in ALL_RULES] + ["R001", "R002", "R003", "R004", "R005"]:
        assert f"[{code}]({code}.md)" in index


def test_generator_writes_pages_and_drops_stale_ones(tmp_path: Path) -> None:
    (tmp_path / "Z999.md").write_text("gone", encoding="utf-8")
    (tmp_path / "notes.md").write_text("kept", encoding="utf-8")
    write_docs(tmp_path)
    assert not (tmp_path / "Z999.md").exists()
    assert (tmp_path / "notes.md").exists()
    assert (tmp_path / "A001.md").read_text(encoding="utf-8") == render_all()["A001.md"]


@pytest.mark.parametrize("rule", ALL_RULES, ids=[r.code for r in ALL_RULES])
def test_every_section_is_bilingual(rule) -> None:
    for name, text in rule.sections().items():
        zh, en = split_languages(text)
        assert zh and _CJK_RE.search(zh), f"{rule.code} {name}: no Chinese paragraph"
        assert en and _ascii_share(en) > 0.6, f"{rule.code} {name}: no English paragraph"


def _ascii_share(text: str) -> float:
    return sum(ch.isascii() for ch in text) / len(text)


@pytest.mark.parametrize(("code", "case"), FAIL_CASES, ids=[f"{code}-{case['name']}" for code, case in FAIL_CASES])
def test_every_message_has_an_english_twin(code: str, case: dict) -> None:
    found = [f for f in check(build_forms(case), select=[code]) if f.code == code]
    assert found
    for finding in found:
        assert _CJK_RE.search(finding.message), finding.message
        assert finding.message_en and finding.message_en != finding.message
        assert _ascii_share(finding.message_en) > 0.5, finding.message_en
